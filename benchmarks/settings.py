"""The settings each case is timed in: BLAS threads limited to a number, or left at the
library's default (as a reader runs nnbook), and a machine at rest or under load.

A reader does not set ``OPENBLAS_NUM_THREADS``: OpenBLAS then starts one thread per core,
and so does PyTorch. ``run.py`` starts the benchmark without the thread variables, so that
the default is the libraries' own, and :func:`threads` limits the pools for the limited
measurement (``threadpoolctl`` for numpy's BLAS, ``torch.set_num_threads``).
"""

import contextlib
import functools
import os
import subprocess
import sys

THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def usable_cores():
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


@functools.cache
def _controller():
    import threadpoolctl

    return threadpoolctl.ThreadpoolController()  # found once: a search takes milliseconds


@contextlib.contextmanager
def threads(n, torch=None):
    """numpy's BLAS and PyTorch limited to ``n`` threads inside, or at their default
    (``n`` None); PyTorch's count as it was afterwards."""
    before = torch.get_num_threads() if torch is not None else None
    with _controller().limit(limits=n, user_api="blas"):
        if torch is not None and n is not None:
            torch.set_num_threads(n)
        try:
            yield
        finally:
            if torch is not None:
                torch.set_num_threads(before)


@contextlib.contextmanager
def busy_cores(count):
    """``count`` other processes (given inside), each spinning on a core of its own, while
    inside: a machine where the reader's training shares the cores with other work."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"])
                for _ in range(count)]
    try:
        yield spinners
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()
