"""The book's code in other floating-point environments: what prints otherwise there.

The build runs every chain in the default environment and checks its prints against the
page. Here the same code runs in another environment (``environments.py``): each chain
apart, as the build runs it (or, asked for, each page's chains in order in one
namespace, as its notebook runs them), and each lab's code cells as one chain
(``page/lab.py``). A page's chain must print what the page shows under its output fence;
a lab, which is kept without outputs, must print what its result in the committed store
prints (times aside: they measure the machine), or what a cell's "prints" metadata
shows, where its numbers depend on the machine. A print
that differs depends on rounding: another reader's machine would print it too.

Each job's outputs are kept in a local store per environment (``.cache/environments/``,
the same :class:`store.Store` as the committed one), under a key of the page's code and
of what can change a result (``key.py``) and the environment: a second run with nothing
changed runs nothing.
"""

import hashlib
import json
import re
import time
from dataclasses import dataclass

from .queue import Job, run_jobs
from .execute import run_chain
from .store import FenceResult, Store

DURATION = re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms|µs)\b")


@dataclass(frozen=True)
class PageJob:
    """Chains of a page (``page/model.py``) run in one namespace: one chain, as the
    build runs it, or all of them in order, as the page's notebook runs them."""

    page: str  # "learning/digits.md", or "README.md"
    src_path: str
    chains: tuple
    data: str = ""  # the digest of the data files the page declares (key.data_digest)

    @property
    def where(self):
        """The job's name in its store: the page, or the page and line of its chain."""
        return self.page if len(self.chains) > 1 else f"{self.page}:{self.chains[0].fences[0].lineno}"


@dataclass(frozen=True)
class LabJob:
    """A lab's code cells, one chain (``page/lab.py``)."""

    page: str  # "labs/train-digits.ipynb"
    src_path: str
    chain: object
    data: str = ""

    @property
    def chains(self):
        return (self.chain,)

    @property
    def prints(self):
        """Per cell, what it prints with the numbers that depend on the machine marked
        (its "prints" metadata, ``page/marks.py``), or None: then what the default
        environment prints."""
        return tuple(cell.prints for cell in self.chain.fences)

    @property
    def where(self):
        return self.page


def run_page(job, data_folder):
    """Every fence's printed output, the page's chains in order in one namespace."""
    namespace = {"__name__": "__main__"}
    printed = []
    for chain in job.chains:
        printed += [r.output for r in run_chain(chain, job.page, job.src_path, data_folder,
                                                namespace, keep_figures=False)]
    return printed


def run_lab(job, data_folder):
    """Every code cell's text, as a notebook shows it, times aside (they measure the
    machine)."""
    return [DURATION.sub("(a time)", r.output) for r in run_chain(
        job.chain, job.page, job.src_path, data_folder, keep_figures=False)]


def _timed(function, job, data_folder):
    start = time.perf_counter()
    return function(job, data_folder), time.perf_counter() - start


def job_key(job, compute, environment):
    """What a job's outputs depend on: its code, the data it reads, ``compute``
    (``key.compute_key``) and the environment's variables; not where the job stands (a
    prose edit above a block moves it, and runs nothing again)."""
    code = json.dumps([[chain.fence_code for chain in job.chains], job.data])
    text = "\0".join([compute, json.dumps(environment.variables, sort_keys=True), code])
    return hashlib.sha256(text.encode()).hexdigest()


def run(jobs, environment, compute, cache_folder, processes, data_folder, seconds=None):
    """The printed outputs of every job of ``jobs`` in ``environment``: from its local
    store, or computed on ``processes`` processes and kept there, the longest first by
    their last run here, else by ``seconds(where)`` (the committed store's, for a chain
    never run in this environment). Returns ``(outputs per job, seconds of the jobs run,
    how many)``."""
    store = Store(cache_folder / environment.slug)
    seconds = seconds or (lambda where: None)

    def last(where):
        here = store.seconds(where)
        return here if here is not None else seconds(where)

    keys = [job_key(job, compute, environment) for job in jobs]
    found = {key: store.get(key) for key in keys}
    todo = [(key, job) for key, job in zip(keys, jobs) if found[key] is None]
    seconds_run = []

    def keep(i, done):  # as each job ends: a failure later loses nothing
        (key, job), (outputs, took) = todo[i], done
        found[key] = [FenceResult(output) for output in outputs]
        store.put(key, found[key], took, job.where)
        store.save()
        seconds_run.append(took)

    run_jobs([Job(_timed, (run_page if isinstance(job, PageJob) else run_lab, job,
                           data_folder), last(job.where))
              for _, job in todo], processes, environment, done=keep)
    return [[r.output for r in found[key]] for key in keys], sum(seconds_run), len(todo)
