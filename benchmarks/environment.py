"""What the numbers were measured on: machine, load, library versions, BLAS and threads."""

import contextlib
import io
import os
import platform
import sys
from importlib import metadata


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_gib():
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return round(int(line.split()[1]) / 2**20, 1)
    except OSError:
        pass
    return None


def load_average():
    """The 1-, 5- and 15-minute load averages (other programs competing for the CPU)."""
    try:
        return [round(v, 2) for v in os.getloadavg()]
    except OSError:
        return None


def machine():
    return {
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "memory_gib": _memory_gib(),
        "os": platform.platform(),
        "python_implementation": platform.python_implementation(),
    }


def _version(dist):
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def libraries(torch):
    import numpy as np

    import nnbook

    versions = {"python": sys.version.split()[0], "numpy": np.__version__,
                "nnbook": nnbook.__version__, "threadpoolctl": _version("threadpoolctl"),
                "torch": torch.__version__ if torch is not None else None}
    return versions


_PATH_KEYS = ("filepath", "path", "include directory", "lib directory")


def _without_paths(value):
    """Drop file-system paths: the report names the libraries, not where they lie."""
    if isinstance(value, dict):
        out = {k: _without_paths(v) for k, v in value.items() if k not in _PATH_KEYS}
        if isinstance(value.get("filepath"), str):
            out["library"] = value["filepath"].replace("\\", "/").rsplit("/", 1)[-1]
        return out
    if isinstance(value, list):
        return [_without_paths(v) for v in value]
    return value


def blas(torch):
    """numpy's build configuration and the thread pools actually loaded (threadpoolctl)."""
    import numpy as np

    info = {}
    try:
        info["numpy_config"] = np.show_config(mode="dicts")
    except TypeError:  # numpy < 1.25 only prints
        with contextlib.redirect_stdout(io.StringIO()) as out:
            np.show_config()
        info["numpy_config"] = out.getvalue()
    try:
        import threadpoolctl

        info["threadpools"] = threadpoolctl.threadpool_info()
    except ImportError:
        info["threadpools"] = "threadpoolctl is not installed"
    info["env"] = {k: os.environ.get(k) for k in
                   ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    if torch is not None:
        info["torch_threads"] = torch.get_num_threads()
        info["torch_parallel_info"] = torch.__config__.parallel_info()
    return _without_paths(info)
