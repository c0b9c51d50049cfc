"""Jobs on processes, the longest first: the one scheduler of the build.

A job is a function of the build and its arguments (a chain to run, a figure to draw),
with the seconds its last run took where known. Jobs share nothing, so the order they
run in cannot change a result: :func:`run_jobs` starts the longest first, so that none
starts late and runs alone at the end, and those of unknown length before them (a new or
changed chain may be long). Workers are fresh interpreters ("spawn"), whatever threads
the caller runs.
"""

import contextlib
import math
import os
from dataclasses import dataclass

from ..errors import BuildError


@dataclass(frozen=True)
class Job:
    function: object  # a module-level function, so that a worker can import it
    args: tuple
    seconds: float | None = None  # of its last run, if known

    def run(self):
        return self.function(*self.args)


def _longest_first(jobs):
    return sorted(range(len(jobs)), key=lambda i: -(
        math.inf if jobs[i].seconds is None else jobs[i].seconds))


@contextlib.contextmanager
def _environ(variables):
    """``os.environ`` as ``variables`` while workers start (they inherit it)."""
    if variables is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update(variables)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_jobs(jobs, processes=1, environment=None, done=None):
    """The results of ``jobs``, in their order, computed on up to ``processes``
    processes (here, for one process or one job, when no ``environment`` is asked). In
    an ``environments.Environment``, each worker starts with its variables and refuses
    to run if they did not take effect. ``done(i, result)``, if given, is called as each
    job ends, so that what is computed is kept even if a later job fails. A
    ``BuildError`` of a job stops the others and is raised."""
    jobs = list(jobs)
    done = done or (lambda i, result: None)
    if environment is None and (processes <= 1 or len(jobs) <= 1):
        results = []
        for i, job in enumerate(jobs):
            results.append(job.run())
            done(i, results[-1])
        return results
    if not jobs:
        return []
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from .environments import refuse_unless_in_effect

    context = multiprocessing.get_context("spawn")
    results = [None] * len(jobs)
    start = {} if environment is None else dict(initializer=refuse_unless_in_effect,
                                                initargs=(environment,))
    with _environ(environment and environment.environ()), ProcessPoolExecutor(
            min(processes, len(jobs)), mp_context=context, **start) as pool:
        futures = {pool.submit(jobs[i].function, *jobs[i].args): i
                   for i in _longest_first(jobs)}
        for future in as_completed(futures):
            i = futures[future]
            try:
                results[i] = future.result()
            except BuildError:
                pool.shutdown(cancel_futures=True)
                raise
            done(i, results[i])
    return results
