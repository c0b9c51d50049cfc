"""Running a page's chains of blocks: figures drawn, outputs kept, errors that name the
page and line, the same bytes from any process."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from bookbuild import pipeline
from bookbuild.page import model
from bookbuild.run import cache, execute, key, queue, runner, store
from bookbuild.run.queue import Job, run_jobs
from bookbuild.config import BuildConfig

from ..helpers import SMALL_PAGE
from ...paths import ROOT


def test_jobs_run_longest_first_by_their_last_seconds_unknown_before_all():
    jobs = [Job(str, (n,), seconds) for n, seconds in enumerate([3.0, None, 40.0, 0.5])]
    assert queue._longest_first(jobs) == [1, 2, 0, 3]
    assert run_jobs(jobs, processes=2) == ["0", "1", "2", "3"]  # in the jobs' order


def _render(chains, store, drawings, draw_key="draw-1", compute="compute-1"):
    stats = runner.Stats()
    keys = [key.chain_key(chain, compute) for chain in chains]
    [results] = runner.render_pages([(chains, "page.md", "page.md", keys)], store,
                                          drawings, draw_key, stats)
    return results, stats


def test_a_build_that_computes_says_so_chain_by_chain(tmp_path):
    """Before the first chain, how many will run; as each ends, which, how many of how
    many, the time so far, and what the chains' last runs leave to come."""
    results_store = store.Store(tmp_path / "store")
    chains = model.parse(SMALL_PAGE, "page.md")
    lines = []
    keys = [key.chain_key(chain, "compute-1") for chain in chains]
    runner.render_pages([(chains, "page.md", "page.md", keys)], results_store,
                              cache.DrawingCache(tmp_path / "d"), "draw", runner.Stats(),
                              progress=lines.append)
    assert lines[0] == "chains: 2 to run on 1 process(es)"  # no last run known yet
    assert [line.split(", ")[0] for line in lines[1:]] == ["chains: 1 of 2 run",
                                                          "chains: 2 of 2 run"]
    assert "page.md:" in lines[1] and " s so far" in lines[2]
    assert "left" not in lines[1]  # the other chain's time is not known
    assert runner.progress_line(3, 12, "digits.md:1686", 577.4, 2000.2, 95.5) == (
        "chains: 3 of 12 run, digits.md:1686 took 577 s; 33 min 20 s so far, "
        "about 1 min 36 s left")

    lines.clear()  # known from the store's last runs, once the chains' code changes
    keys = [key.chain_key(chain, "compute-2") for chain in chains]
    runner.render_pages([(chains, "page.md", "page.md", keys)], results_store,
                              cache.DrawingCache(tmp_path / "d"), "draw", runner.Stats(),
                              progress=lines.append)
    assert lines[0].startswith("chains: 2 to run on 1 process(es), about ")
    assert "left" in lines[1] and "left" not in lines[2]  # the last: nothing left


def test_render_computes_then_reuses_then_draws_again_without_running(tmp_path):
    results_store = store.Store(tmp_path / "store")
    drawings = cache.DrawingCache(tmp_path / "drawings")
    chains = model.parse(SMALL_PAGE, "page.md")
    results, first = _render(chains, results_store, drawings)
    svgs = [r.drawing.svg for r in results if r.drawing is not None]
    assert len(svgs) == 1 and svgs[0].startswith(b"<?xml")
    assert [r.output for r in results] == ["", "", "1\n"]  # one result per fence
    assert "2.00" in results[1].drawing.texts  # the figure's tick labels
    assert (first.drawn, first.reused, first.chains_run) == (1, 0, 2)

    # A prose-only edit leaves every chain's code: nothing runs, nothing is drawn.
    edited = model.parse(SMALL_PAGE.replace("Some prose.", "Other words."), "page.md")
    again, second = _render(edited, results_store, drawings)
    assert [(r.output, r.drawing) for r in again] == [(r.output, r.drawing) for r in results]
    assert (second.drawn, second.reused, second.chains_run) == (0, 1, 0)

    # Another drawing code draws the stored figure again, and runs nothing.
    redrawn, third = _render(chains, results_store, drawings, draw_key="draw-2")
    assert (third.drawn, third.chains_run) == (1, 0)
    assert redrawn[1].drawing.svg == results[1].drawing.svg

    # Another nnbook runs the chains again.
    _, fourth = _render(chains, results_store, drawings, compute="compute-2")
    assert fourth.chains_run == 2


def test_a_figure_with_a_block_s_own_function_is_kept_and_drawn(tmp_path):
    """A tick formatter written as a lambda in the block: plain pickle refuses it."""
    page = textwrap.dedent("""\
        ```python
        import matplotlib.pyplot as plt
        from matplotlib.ticker import FuncFormatter
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3])
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f} units"))
        ```

        <!-- figure
        alt: A line.
        caption: A line.
        -->
        """)
    results, _ = _render(model.parse(page, "page.md"), None,
                         cache.DrawingCache(tmp_path, enabled=False))
    assert "2 units" in results[0].drawing.texts
    # Prose added above the block changes no byte of its figure as computed.
    below, _ = _render(model.parse("Prose.\n\nMore prose.\n\n" + page, "page.md"), None,
                       cache.DrawingCache(tmp_path, enabled=False))
    assert below[0].figure == results[0].figure
    assert "2 units" in below[0].drawing.texts


@pytest.mark.parametrize("code, message", [
    ("x = 1\n1 / 0\n", r"page\.md: the python block at line 1 raised ZeroDivisionError"),
    ("import matplotlib.pyplot as plt\nplt.plot([1])\n", "no '<!-- figure' directive"),
    ("import matplotlib.pyplot as plt\nplt.figure()\nplt.figure()\n", "2 figures open"),
])
def test_block_errors(code, message):
    chains = model.parse(f"```python\n{code}```\n", "page.md")
    with pytest.raises(execute.BlockError, match=message):
        execute.run_chain(chains[0], "page.md", "page.md")


def test_a_chain_reads_the_data_folder_it_is_given_and_leaves_the_environment(
        tmp_path, monkeypatch):
    """The build's data folder reaches each run as NNBOOK_DATA, in this process and in
    the workers, and nothing of it stays in the environment after the run."""
    monkeypatch.setenv("NNBOOK_DATA", "the reader's own")
    page = "# P\n\n```python\nimport os\nprint(os.environ['NNBOOK_DATA'])\n```\n"
    [result] = execute.run_chain(model.parse(page)[0], "p.md", "p.md", tmp_path)
    assert result.output == f"{tmp_path}\n"
    book = pipeline.Book(BuildConfig(tmp_path, figure_cache=False))
    built = book.add_pages([("a.md", page), ("b.md", page.replace("# P", "# Q"))], jobs=2)
    assert [p.model.fences[0].result.output for p in built] == [
        f"{tmp_path / '.cache' / 'data'}\n"] * 2
    assert os.environ["NNBOOK_DATA"] == "the reader's own"


def test_a_figure_is_the_same_bytes_whatever_chain_ran_before_it_in_the_process():
    """matplotlib's ``bar`` changes a rectangle it shares between figures, which a later
    diamond marker carries: each chain starts with it as after one bar
    (``execute.fresh_run``)."""
    diamonds = model.parse(textwrap.dedent("""\
        ```python
        import matplotlib.pyplot as plt
        plt.scatter([0, 1], [1, 2], marker="D")
        ```

        <!-- figure
        alt: Two diamonds.
        caption: Two diamonds.
        -->
        """), "d.md")[0]
    bars = model.parse(textwrap.dedent("""\
        ```python
        import matplotlib.pyplot as plt
        plt.bar([0, 1], [1, 2])
        plt.axvspan(0, 1)
        ```

        <!-- figure
        alt: Two bars.
        caption: Two bars.
        -->
        """), "b.md")[0]
    [alone] = execute.run_chain(diamonds, "d.md", "d.md")
    execute.run_chain(bars, "b.md", "b.md")
    [after_bars] = execute.run_chain(diamonds, "d.md", "d.md")
    assert after_bars.figure == alone.figure


def test_a_figure_is_the_same_bytes_whenever_the_cycle_collector_would_run():
    """A star marker's path lived in a weak cache of matplotlib's while a marker style,
    freed only by the cycle collector, held it: whether a figure's two sets of stars
    shared its array of codes, and the figure's bytes, hung on when the collector ran.
    Here a block makes objects enough for a full collection between them: the same bytes
    (each path's arrays pickled as its own, ``execute.pickled``)."""
    block = textwrap.dedent("""\
        ```python
        import matplotlib.pyplot as plt
        plt.scatter([0, 1], [1, 2], marker="*")
        junk = [[] for _ in range(300_000)]
        plt.scatter([2, 3], [1, 2], marker="*")
        ```

        <!-- figure
        alt: Two pairs of stars.
        caption: Two pairs of stars.
        -->
        """)
    results = [execute.run_chain(model.parse(code, "s.md")[0], "s.md", "s.md")
               for code in (block, block.replace("range(300_000)", "range(1)"))]
    assert results[0][0].figure == results[1][0].figure


def test_a_keras_chain_is_the_same_whatever_keras_chain_ran_before_it_in_the_process():
    """Keras keeps the float type of the first layer a process makes: a chain asking for
    float64 after one that made a float32 layer would get float32 layers
    (``execute.fresh_run`` imports Keras anew for each chain)."""
    chains = [model.parse(textwrap.dedent(f"""\
        ```python
        import os

        os.environ["KERAS_BACKEND"] = "torch"
        import keras
        {setting}
        dense = keras.layers.Dense(2)
        dense.build((None, 3))
        print(dense.kernel.dtype)
        ```
        """), "k.md")[0] for setting in ("", 'keras.config.set_floatx("float64")')]
    [made] = execute.run_chain(chains[0], "k.md", "k.md")
    [after] = execute.run_chain(chains[1], "k.md", "k.md")
    assert (made.output, after.output) == ("float32\n", "float64\n")


def test_traceback_gives_the_markdown_line():
    chains = model.parse("# T\n\n```python\nx = 1\ny = undefined_name\n```\n", "page.md")
    with pytest.raises(execute.BlockError) as info:
        execute.run_chain(chains[0], "docs/page.md", "docs/page.md")
    assert 'File "docs/page.md", line 5' in str(info.value)


def test_figure_directive_without_figure():
    chains = model.parse("```python\nx = 1\n```\n<!-- figure\nalt: a\ncaption: b\n-->\n")
    with pytest.raises(execute.BlockError, match="draws no figure"):
        execute.run_chain(chains[0], "page.md", "page.md")


def test_a_raising_block_in_a_worker_process_names_page_and_block(tmp_path):
    book = pipeline.Book(BuildConfig(tmp_path, figure_cache=False))
    pages = [("a.md", "# A\n\n```python\nx = 1\n```\n"),
             ("b.md", "# B\n\n```python\ny = 2\n```\n\n```python\n1 / 0\n```\n")]
    with pytest.raises(execute.BlockError,
                       match="b.md: the python block at line 7 raised ZeroDivisionError"):
        book.add_pages(pages, jobs=2)


DRAW_SCRIPT = textwrap.dedent("""\
    import hashlib, json, sys
    from pathlib import Path

    from bookbuild import pipeline
    from bookbuild.config import BuildConfig

    if __name__ == "__main__":  # the worker processes import this module again
        root, jobs, pages = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
        book = pipeline.Book(BuildConfig(root, figure_cache=False, store="off"))
        built = book.add_pages([(p, (root / "docs" / p).read_text()) for p in pages],
                               jobs=jobs)
        figures = [f.result.figure for page in built for f in page.model.fences
                   if f.result.figure is not None]
        print(json.dumps({"computed": [hashlib.sha256(f).hexdigest() for f in figures],
                          **{d.uri: [hashlib.sha256(d.svg).hexdigest(),
                                     hashlib.sha256(d.svg_dark).hexdigest()]
                             for page in built for d in page.figures}}))
    """)

# Four pages with every kind of figure the book draws (lines, images, contours, 3-D
# surfaces, annotations), 26 figures: more pages, or the trainings of Parts III and IV,
# would multiply the time of the test and check nothing more about how a figure is written.
SAMPLE = ("representations/activations.md", "representations/network.md",
          "error-and-descent/gradient-descent.md", "error-and-descent/losses.md")


def test_two_processes_compute_and_draw_byte_identical_figures(tmp_path):
    """The same pages computed and drawn in two processes, with different hash seeds, one
    running the chains itself and one on two worker processes, give the same bytes: the
    figures as computed (what the store keeps) and as drawn. The processes
    and their workers import the installed build and nnbook, with no path set."""
    script = tmp_path / "draw.py"
    script.write_text(DRAW_SCRIPT)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    runs = [subprocess.Popen(  # at the same time
        [sys.executable, str(script), str(ROOT), str(jobs), *SAMPLE], cwd=tmp_path,
        env=dict(env, PYTHONHASHSEED=str(seed)), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for seed, jobs in ((1, 1), (2, 2))]
    outputs = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        outputs.append(json.loads(stdout))
    assert len(outputs[0]) >= 20
    assert outputs[0] == outputs[1]
