"""Every page as a notebook, run top to bottom under the second floating-point environment.

One run checks two things. The page's notebook (made by
``hooks/bookbuild/page/notebook.py``, the code the build runs) works in order in one
namespace, in a fresh kernel, as a reader runs it at home. And each chain of blocks
prints what the page shows under its output fence, though the kernel rounds otherwise
than the build (see ``rounding.py``): a number that differs depends on rounding, and
another reader's machine would print another one. The build runs every chain apart, in
the default environment, and checks the same outputs; so the blocks run twice in all,
once in each environment.

Collected only by ``python tests/rounding.py ... tests/rounding_pages.py`` (make
rounding-tests): outside that run there is no second environment.
"""

import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from bookbuild.checks import report
from bookbuild.page import model as page_model, notebook as notebooks
from bookbuild.run import runner as block_runner
from tests.book.conftest import notebook_pages, run_notebook
from tests.rounding import YIELD_NICE

ROOT = Path(__file__).resolve().parents[1]
PAGES, PAGE_IDS = notebook_pages()


def _printed(cell):
    """What a code cell printed (its standard output), as a script would print it."""
    return "".join(output.text for output in cell.outputs
                   if output.output_type == "stream" and output.name == "stdout")


def _run(path, env, lower=0):
    """Run the page's notebook in a fresh kernel started with ``env`` in the repository's
    root, like the build's blocks, at a priority ``lower`` than this run's by that nice
    value; return the executed notebook."""
    page = path.relative_to(ROOT / "docs").as_posix()
    nb = nbformat.reads(notebooks.chapter_notebook(path.read_text(encoding="utf-8"), page),
                        as_version=4)
    run_notebook(nb, ROOT, env, lower)
    return nb


def stale_chains(markdown, nb):
    """``"line N: ..."`` for every chain whose printed output in ``nb`` differs from the
    output fence of the page ``markdown``; the code cells are the page's python fences, in
    order. Compared as the build compares them."""
    cells = [c for c in nb.cells if c.cell_type == "code"]
    chains = page_model.parse(markdown)
    fences = [f for chain in chains for f in chain.fences]
    assert len(cells) == len(fences), "the notebook's code cells are not the page's fences"
    return report.stale_chains(chains, [_printed(cell) for cell in cells])


@pytest.fixture(scope="module")
def executions():
    """Start every page's notebook, two kernels at a time; each test waits for its own.

    The page likely to run longest (the build's ranking of its chains, applied to the
    page's code: the digits chapter, whose trainings take minutes on one core in a
    notebook that runs in order) starts first at this run's priority; the others yield the
    cores (YIELD_NICE) to whatever else runs, as make test's build and browser tests. So
    the longest page is not left running alone at the end.

    The kernels get their environment as a dict made here (this run's second
    environment): left to copy ``os.environ`` in their threads, they could meet pytest
    changing it (PYTEST_CURRENT_TEST).
    """
    if "NNBOOK_ROUNDING_DEFAULT" not in os.environ:
        raise pytest.UsageError("run the pages' notebooks through tests/rounding.py, which "
                                "sets up the second floating-point environment")
    env = dict(os.environ, MPLBACKEND="Agg")
    env.pop("PYTEST_CURRENT_TEST", None)
    pool = ThreadPoolExecutor(max_workers=2)
    longest, *others = sorted(PAGES, key=lambda p: block_runner.duration_rank(
        "\n".join(chain.code for chain in page_model.parse(p.read_text(encoding="utf-8")))))
    futures = {longest: pool.submit(_run, longest, env)}
    futures.update({path: pool.submit(_run, path, env, YIELD_NICE) for path in others})
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("path", PAGES, ids=PAGE_IDS)
def test_each_page_runs_as_a_notebook_and_prints_its_outputs(path, executions):
    from nbclient.exceptions import CellExecutionError

    try:
        nb = executions[path].result()
    except CellExecutionError as error:
        pytest.fail(f"{path.name} as a notebook: a cell raised\n{str(error)[-3000:]}")
    skipped = [c.id for c in nb.cells if c.cell_type == "code" and not c.execution_count]
    assert not skipped, f"cells not run: {skipped}"
    stale = stale_chains(path.read_text(encoding="utf-8"), nb)
    assert not stale, (
        f"{path.name}: under a second floating-point environment, printed outputs differ "
        "from the page. If the build (the default environment) prints the page's outputs, "
        "the results are sensitive to rounding and another reader's machine would print "
        "other numbers: make them stable (a set-up off the chaotic edge, exact arithmetic "
        "for ties; a chaotic result as bounds the code checks, never just fewer digits). "
        "If the build "
        "fails on them too, the page's outputs are out of date.\n" + "\n".join(stale))
