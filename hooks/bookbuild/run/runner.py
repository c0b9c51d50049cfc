"""Run a chapter's Python blocks and draw the figures they make, with the cache.

Each chain of blocks (see ``page/model.py``) runs in a fresh namespace, fence by fence, in
the book's figure style (``nnbook.plotting``) with the Agg backend, its blocks finding the
book's data where the build says (``NNBOOK_DATA``, for that run only). After each fence,
an open matplotlib figure is drawn once for the site and measured (``figures/draw.py``),
then closed. A block that raises stops the build, naming the page and the line.

Each fence's printed output and figure texts are kept too: ``checks/prose_numbers.py``
checks the prose's numbers against them. A chain whose key (``cache.chain_key``: its
code, every file of nnbook and of the build, the library versions) is in the cache is not
run again: a prose-only edit reuses every figure, and a change in nnbook/ or in the build
redraws them all.
"""

import contextlib
import io
import os
import re
import time
import traceback
from dataclasses import dataclass, field

from ..errors import BuildError
from ..figures.draw import draw
from . import exports
from .cache import FenceResult, chain_key


class BlockError(BuildError):
    """A book block raised, drew a figure without a directive, or the reverse."""


@dataclass
class Stats:
    drawn: int = 0
    reused: int = 0
    chains_run: int = 0
    seconds: float = 0.0
    timings: list = field(default_factory=list)  # (seconds, page, line) per chain run


@contextlib.contextmanager
def _book_matplotlib():
    """Agg backend, the book's style, and a plt.show() that leaves the figure for us."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from nnbook.plotting import style

    show = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        with matplotlib.rc_context(style()):
            yield plt
    finally:
        plt.show = show
        plt.close("all")


@contextlib.contextmanager
def _data_folder(folder):
    """``NNBOOK_DATA`` pointing at ``folder`` for one run (if given), as before after it:
    the blocks find the book's data there (``nnbook.mnist_split``)."""
    if folder is None:
        yield
        return
    before = os.environ.get("NNBOOK_DATA")
    os.environ["NNBOOK_DATA"] = str(folder)
    try:
        yield
    finally:
        if before is None:
            del os.environ["NNBOOK_DATA"]
        else:
            os.environ["NNBOOK_DATA"] = before


def run_chain(chain, page, src_path, data_folder=None):
    """Run one chain; return one :class:`FenceResult` per fence. Its blocks read the
    book's data in ``data_folder`` (``NNBOOK_DATA``, for this run only).

    Lines in tracebacks are the Markdown file's own line numbers.
    """
    results = []
    namespace = {"__name__": "__main__"}
    with _data_folder(data_folder), _book_matplotlib() as plt:
        for fence in chain.fences:
            # Pad with newlines so that tracebacks give the line in the .md file.
            code = "\n" * fence.lineno + fence.code
            try:
                compiled = compile(code, src_path, "exec")
                with contextlib.redirect_stdout(io.StringIO()) as printed:
                    exec(compiled, namespace)
            except Exception as error:  # noqa: BLE001 - reported with the page and line
                tb = traceback.format_exception(type(error), error, error.__traceback__)
                relevant = [t for t in tb if src_path in t] or tb[-3:]
                raise BlockError(
                    f"{page}: the python block at line {fence.lineno} raised "
                    f"{type(error).__name__}: {error}\n" + "".join(relevant).rstrip()
                ) from error
            numbers = plt.get_fignums()
            if len(numbers) > 1:
                raise BlockError(
                    f"{page}: the python block at line {fence.lineno} left {len(numbers)} "
                    "figures open; draw one figure per block (subplots for panels)"
                )
            if numbers and fence.figure is None:
                raise BlockError(
                    f"{page}: the python block at line {fence.lineno} draws a figure but "
                    "no '<!-- figure' directive with alt and caption follows it"
                )
            if not numbers and fence.figure is not None:
                raise BlockError(
                    f"{page}: a figure directive follows the python block at line "
                    f"{fence.lineno}, but that block draws no figure"
                )
            published = {}
            for name in fence.exports:
                if name not in namespace:
                    raise BlockError(f"{page}: the export comment after the python block at "
                                     f"line {fence.lineno} names {name}, which is not defined")
                try:
                    published[name] = exports.to_json(namespace[name], name)
                except (TypeError, ValueError) as error:
                    raise BlockError(f"{page}: line {fence.lineno}: {error}") from error
            drawing = None
            if numbers:
                fig = plt.figure(numbers[0])
                drawing = draw(fig)
                plt.close(fig)
            results.append(FenceResult(printed.getvalue(), published, drawing))
    return results


def render_page(chains, page, src_path, cache, env_key, stats, data_folder=None):
    """Return the :class:`FenceResult` of every fence of a page in order, running the
    chains that are not in the cache."""
    return render_pages([(chains, page, src_path, env_key)], cache, stats,
                        data_folder=data_folder)[0]


def _timed_run(chain, page, src_path, data_folder):
    start = time.perf_counter()
    results = run_chain(chain, page, src_path, data_folder)
    return results, time.perf_counter() - start


def duration_rank(code):
    """A sort key that puts the code likely to run longest first: code that trains a
    network (it calls a ``fit``), the most epochs first (the largest ``epochs=`` number
    in it), then the longest code; then code that trains nothing."""
    if "fit(" not in code:
        return (1, 0, 0)
    epochs = [int(n) for n in re.findall(r"\bepochs=(\d+)", code)]
    return (0, -max(epochs, default=0), -len(code))


def _longest_first(todo):
    """The keys of the chains to run, those likely to take longest first (duration_rank),
    so that no long chain starts late; the others in the pages' order."""
    return sorted(todo, key=lambda key: duration_rank(todo[key][0].code))


def render_pages(pages, cache, stats, jobs=1, data_folder=None):
    """The :class:`FenceResult` lists of many pages, each given as ``(chains, page,
    src_path, env_key)``. The chains not in the cache run on ``jobs`` processes: chains
    share nothing (each has its own namespace), so the order they run in cannot change
    a result, and a cold build of the book takes about half the time on two cores. Their
    blocks read the book's data in ``data_folder`` (:func:`run_chain`)."""
    todo, cached = {}, {}  # chain key -> (chain, page, src_path) / its cached results
    for chains, page, src_path, env_key in pages:
        for chain in chains:
            key = chain_key(chain, env_key)
            if key in todo or key in cached:
                continue
            results = cache.get(key)
            if results is None:
                todo[key] = (chain, page, src_path)
            else:
                cached[key] = results
    fresh = {}
    if jobs > 1 and len(todo) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # "spawn": a fresh interpreter per worker, whatever threads the caller runs.
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(min(jobs, len(todo)), mp_context=context) as pool:
            futures = {key: pool.submit(_timed_run, *todo[key], data_folder)
                       for key in _longest_first(todo)}
            for key, future in futures.items():
                try:
                    fresh[key] = future.result()
                except BlockError:
                    pool.shutdown(cancel_futures=True)
                    raise
    else:
        fresh = {key: _timed_run(*job, data_folder) for key, job in todo.items()}
    for key, (results, elapsed) in fresh.items():
        chain, page, _ = todo[key]
        stats.seconds += elapsed
        stats.chains_run += 1
        stats.drawn += sum(r.drawing is not None for r in results)
        stats.timings.append((elapsed, page, chain.fences[0].lineno))
        cache.put(key, results)
    out = []
    for chains, page, src_path, env_key in pages:
        page_results = []
        for chain in chains:
            key = chain_key(chain, env_key)
            if key in fresh:
                results = fresh[key][0]
            else:
                results = cached[key]
                stats.reused += sum(r.drawing is not None for r in results)
            page_results.extend(results)
        out.append(page_results)
    return out
