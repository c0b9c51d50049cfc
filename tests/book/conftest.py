import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def book_files():
    """Every Markdown file whose python blocks the tests run."""
    return sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]


def notebook_pages():
    """The pages with python blocks, each published as a notebook, and their ids."""
    from bookbuild.page import model as page_model

    pages = [p for p in sorted((ROOT / "docs").rglob("*.md"))
             if page_model.parse(p.read_text(encoding="utf-8"), p.name)]
    return pages, [p.relative_to(ROOT / "docs").as_posix() for p in pages]


def chapter_files():
    """The chapters: pages of the book's parts (not the home page, the appendix or the API)."""
    return [p for p in sorted((ROOT / "docs").rglob("*.md"))
            if p.parent != ROOT / "docs" and p.parent.name not in ("appendix", "api")]


# A kernel runs in a session of its own, and Linux's scheduler (autogroups) shares the
# cores between sessions first, then between the processes of each. A session of nice 0
# weighs as much as all of make test's own session, the build's four processes included:
# a kernel at this process's priority took a whole core while they shared the other (the
# build took 879 s instead of about 500). Two steps of nice make a kernel's session weigh
# about 64 % of a nice-0 session (655 against 1024): the rounding run's longest page then
# gets about three quarters of a core while the build runs. (With four steps the build
# took 467 s, but that page ran alone for minutes at the end: make test 1087 s; with
# none, 639 s and 1109 s.)
SESSION_NICE = 2


def _set_priority(client, lower):
    """Give the kernel this process's priority, or ``lower`` it (a nice value that many
    steps higher), where the system allows it; its session SESSION_NICE steps nicer than
    the kernel, so that it weighs less than make test's own."""
    import os

    nice = os.nice(0) + lower
    try:
        pid = client.km.provisioner.process.pid
        os.setpriority(os.PRIO_PROCESS, pid, nice)
        with open(f"/proc/{pid}/autogroup", "w", encoding="ascii") as autogroup:
            autogroup.write(str(min(nice + SESSION_NICE, 19)))
    except (AttributeError, OSError):  # not Linux, or no autogroups: nothing to share
        pass


# A cell's limit counts the kernel's CPU time, not the clock's: make test runs three lines
# on two cores and the rounding run yields them (nice), so a cell of a few minutes' work
# can wait past any wall-clock limit on a busy machine (the CNN chapter's trainings, about
# 200 CPU-seconds, once waited past 600 s). The clock stops only a kernel that waits
# without computing.
CELL_CPU_SECONDS = 600
CELL_WALL_SECONDS = 3600


class CellOverCPULimit(RuntimeError):
    """A notebook's cell used more than CELL_CPU_SECONDS of its kernel's CPU time."""


class _CPUWatch:
    """Interrupts the kernel (SIGINT, as Jupyter's own interrupt) when the running cell
    has used more than ``limit`` CPU-seconds, looking every ``period`` seconds."""

    def __init__(self, client, limit, period=2.0):
        import threading

        self.client, self.limit, self.period = client, limit, period
        self.process, self.cell_start, self.over = None, None, None
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def kernel_started(self):
        import psutil

        self.process = psutil.Process(self.client.km.provisioner.process.pid)
        self.thread.start()

    def cell_starts(self, cell, cell_index):
        self.cell_start = (cell_index, self._cpu())

    def cell_ends(self, **_):
        self.cell_start = None

    def _cpu(self):
        times = self.process.cpu_times()
        return times.user + times.system

    def _watch(self):
        import psutil
        import signal

        while not self.stop.wait(self.period):
            start = self.cell_start
            try:
                if start is not None and self._cpu() - start[1] > self.limit:
                    self.over = start[0]
                    self.process.send_signal(signal.SIGINT)
                    return
            except psutil.Error:  # the kernel has ended
                return


def run_notebook(nb, cwd, env=None, lower=0, cpu_limit=CELL_CPU_SECONDS):
    """Execute the notebook ``nb`` in place, in a fresh python3 kernel started in ``cwd``
    with the environment ``env`` (this process's by default), its priority ``lower`` than
    this process's by that nice value; return the seconds taken. A cell that computes for
    more than ``cpu_limit`` seconds is interrupted (CellOverCPULimit)."""
    import asyncio
    import time

    from nbclient import NotebookClient

    client = NotebookClient(nb, kernel_name="python3", timeout=CELL_WALL_SECONDS,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(cwd)}})
    watch = _CPUWatch(client, cpu_limit)

    def started(notebook):
        _set_priority(client, lower)
        watch.kernel_started()

    client.on_notebook_start = started
    client.on_cell_execute = watch.cell_starts
    client.on_cell_executed = watch.cell_ends
    start = time.perf_counter()
    try:
        # Its own event loop, closed at the end.
        asyncio.run(client.async_execute(**({} if env is None else {"env": env})))
    except Exception as error:
        if watch.over is not None:
            raise CellOverCPULimit(
                f"cell {watch.over} of the notebook computed for more than "
                f"{cpu_limit} CPU-seconds and was interrupted") from error
        raise
    finally:
        watch.stop.set()
    return time.perf_counter() - start


def write_mini_book(tmp_path, pages, config="markdown_extensions: [md_in_html, attr_list]\n",
                    nav=None):
    """A small book in ``tmp_path`` using the real hook, MathJax, MNIST's file and theme
    overrides: ``pages`` maps paths under docs/ to their text (Markdown, or a notebook's
    bytes).

    Only the hook's file is linked into the book: it imports the installed build
    (``bookbuild``) and nnbook, as the book's own build does."""
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    for name in ("node_modules", "package-lock.json", ".cache/data", "overrides",
                 "hooks/book.py"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nhooks: [hooks/book.py]\nnav: {nav or list(pages)}\n" + config)


# The small book's page: two chains, the first of two blocks (the second continues it)
# drawing a figure, the second printing what its output fence shows.
SMALL_PAGE = textwrap.dedent("""\
    # A page

    ```python
    import matplotlib.pyplot as plt
    x = [1, 2, 3]
    ```

    Some prose.

    <!--pytest-codeblocks:cont-->
    ```python
    plt.plot(x)
    plt.show()
    ```

    <!-- figure
    alt: A rising line through three points,
      drawn in blue.
    caption: A line.
    -->

    ```python
    print(1)
    ```

    <!--pytest-codeblocks:expected-output-->
    ```text
    1
    ```
    """)


class SmallBook:
    """A two-page book, ``index.md`` and ``page.md``, in a folder of its own
    (:func:`write_mini_book`), built by a strict ``mkdocs build`` without the cache."""

    def __init__(self, root):
        self.root = root

    def write(self, page=SMALL_PAGE, home="# Home\n", **config):
        write_mini_book(self.root, {"index.md": home, "page.md": page}, **config)

    def build(self, page=SMALL_PAGE, **kwargs):
        """Write the book and build it; the finished process."""
        self.write(page, **kwargs)
        return mkdocs_build(self.root, timeout=120)

    def html(self, page="page/index.html"):
        return (self.root / "site" / page).read_text()


@pytest.fixture
def small_book(tmp_path):
    """A :class:`SmallBook` in the test's temporary folder."""
    return SmallBook(tmp_path)


def build_small_book(root, page=SMALL_PAGE, **kwargs):
    """Write and build a :class:`SmallBook` in ``root``; the finished process."""
    return SmallBook(root).build(page, **kwargs)


def run_python(cwd, *args, timeout=300):
    """``python *args`` in ``cwd`` without the figure cache; the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNBOOK_FIGURE_CACHE="off")
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def mkdocs_build(cwd, timeout=300):
    """A strict build of the book in ``cwd``; the finished process."""
    return run_python(cwd, "-m", "mkdocs", "build", "--strict", timeout=timeout)
