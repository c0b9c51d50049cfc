"""The book's chains run once, their figures drawn from the results.

:func:`render_pages` gives every fence its result: from the committed store
(``store.py``, under a key of what can change it, ``key.py``), or computed by running its
chain (``execute.py``) on processes, the longest first (``queue.py``); and every figure
its drawing for the site: from the local drawing cache, or drawn from the result
(``figures.draw.draw_pickled``). A prose edit runs and draws nothing; an edit to the
drawing code draws again and runs nothing; an edit to nnbook's code runs the chains
again.
"""

import hashlib
import time
from dataclasses import dataclass, field

from ..figures.draw import draw_pickled
from .execute import run_chain
from .queue import Job, run_jobs


@dataclass
class Stats:
    drawn: int = 0
    reused: int = 0
    chains_run: int = 0
    seconds: float = 0.0
    timings: list = field(default_factory=list)  # (seconds, page, line) per chain run
    missing: list = field(default_factory=list)  # where chains ran that the store lacks


def _timed_run(chain, page, src_path, data_folder):
    start = time.perf_counter()
    results = run_chain(chain, page, src_path, data_folder)
    return results, time.perf_counter() - start


def where(page, chain):
    """``learning/digits.md:1686``: the page and the line where ``chain`` starts."""
    return f"{page}:{chain.fences[0].lineno}"


def progress_line(done, total, where, seconds, elapsed, left):
    """What the build says as each chain it computes ends: which, how many of how many,
    the time so far and, from the chains' last runs, about how much is left."""
    line = (f"chains: {done} of {total} run, {where} took {seconds:.0f} s; "
            f"{_duration(elapsed)} so far")
    return line + (f", about {_duration(left)} left" if left is not None else "")


def _duration(seconds):
    minutes, seconds = divmod(round(seconds), 60)
    return f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


def render_pages(pages, store, drawings, draw_key, stats, *, jobs=1, data_folder=None,
                 write=True, progress=None):
    """The :class:`FenceResult` lists of many pages, each given as ``(chains, page,
    src_path, keys)`` (a key per chain, ``key.chain_key``), each figure drawn.

    A chain whose key ``store`` (a ``store.Store``, or None for none) holds is not run;
    the others run on ``jobs`` processes, and their results go into the store if
    ``write`` (else their places are listed in ``stats.missing``). Each figure is taken
    from ``drawings`` (a ``cache.DrawingCache``) under its drawing key (``draw_key`` and
    its bytes), or drawn on ``jobs`` processes and kept there. ``progress(line)``, if
    given, is told as each chain ends (:func:`progress_line`)."""
    todo, found = {}, {}  # chain key -> (chain, page, src_path) / its results
    for chains, page, src_path, keys in pages:
        for chain, key in zip(chains, keys, strict=True):
            if key in todo or key in found:
                continue
            results = store.get(key) if store is not None else None
            if results is None:
                todo[key] = (chain, page, src_path)
            else:
                found[key] = results
                if write:
                    store.locate(key, where(page, chain))
    todo_items = list(todo.items())
    last = [store.seconds(where(page, chain)) if store else None
            for _, (chain, page, _) in todo_items]  # each chain's last run, if known
    start, done = time.perf_counter(), set()
    if progress is not None and todo_items:
        known = None if None in last else _duration(sum(last) / max(jobs, 1))
        progress(f"chains: {len(todo_items)} to run on {jobs} process(es)"
                 + (f", about {known} by their last runs" if known else ""))

    def keep(i, computed):  # as each chain ends: a failure later loses nothing
        key, (chain, page, _) = todo_items[i]
        results, seconds = computed
        done.add(i)
        if progress is not None:
            rest = [last[j] for j in range(len(todo_items)) if j not in done]
            left = sum(rest) / max(jobs, 1) if rest and None not in rest else None
            progress(progress_line(len(done), len(todo_items), where(page, chain), seconds,
                                   time.perf_counter() - start, left))
        stats.seconds += seconds
        stats.chains_run += 1
        stats.timings.append((seconds, page, chain.fences[0].lineno))
        if store is not None and write:
            store.put(key, results, seconds, where(page, chain))
            store.save()
        else:
            stats.missing.append(where(page, chain))
        found[key] = results

    run_jobs([Job(_timed_run, (chain, page, src_path, data_folder), last[i])
              for i, (_, (chain, page, src_path)) in enumerate(todo_items)], jobs, done=keep)
    _draw(found.values(), drawings, draw_key, stats, jobs)
    return [[result for key in keys for result in found[key]]
            for _, _, _, keys in pages]


def _draw(all_results, drawings, draw_key, stats, jobs):
    """Give every result with a figure its drawing: cached, or drawn now."""
    todo = {}  # drawing key -> the results whose figure it draws
    for results in all_results:
        for result in results:
            if result.figure is None or result.drawing is not None:
                continue
            key = hashlib.sha256(draw_key.encode() + result.figure).hexdigest()
            result.drawing = drawings.get(key)
            if result.drawing is None:
                todo.setdefault(key, []).append(result)
            else:
                stats.reused += 1
    # The size of a figure's bytes stands for its drawing's time: the large first.
    drawn = run_jobs([Job(draw_pickled, (same[0].figure,), len(same[0].figure))
                      for same in todo.values()], jobs)
    for (key, same), drawing in zip(todo.items(), drawn):
        drawings.put(key, drawing)
        stats.drawn += 1
        for result in same:
            result.drawing = drawing
