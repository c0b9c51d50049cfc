import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def book_files():
    """Every Markdown file whose python blocks the tests run."""
    return sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]


def notebook_pages():
    """The pages with python blocks, each published as a notebook, and their ids."""
    from bookbuild import page_model

    pages = [p for p in sorted((ROOT / "docs").rglob("*.md"))
             if page_model.parse(p.read_text(encoding="utf-8"), p.name)]
    return pages, [p.relative_to(ROOT / "docs").as_posix() for p in pages]


def chapter_files():
    """The chapters: pages of the book's parts (not the home page, the appendix or the API)."""
    return [p for p in sorted((ROOT / "docs").rglob("*.md"))
            if p.parent != ROOT / "docs" and p.parent.name not in ("appendix", "api")]


def run_notebook(nb, cwd, env=None):
    """Execute the notebook ``nb`` in place, in a fresh python3 kernel started in ``cwd``
    with the environment ``env`` (this process's by default); return the seconds taken."""
    import asyncio
    import time

    from nbclient import NotebookClient

    client = NotebookClient(nb, kernel_name="python3", timeout=600,
                            extra_arguments=["--IPKernelApp.log_level=ERROR"],
                            resources={"metadata": {"path": str(cwd)}})
    start = time.perf_counter()
    # Its own event loop, closed at the end.
    asyncio.run(client.async_execute(**({} if env is None else {"env": env})))
    return time.perf_counter() - start


def write_mini_book(tmp_path, pages, config="markdown_extensions: [md_in_html, attr_list]\n",
                    nav=None):
    """A small book in ``tmp_path`` using the real hook, nnbook and MathJax: ``pages`` maps
    paths under docs/ to their text (Markdown, or a notebook's bytes)."""
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    for name in ("nnbook", "node_modules", "hooks", "overrides"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / "mkdocs.yml").write_text(
        f"site_name: t\nhooks: [hooks/book.py]\nnav: {nav or list(pages)}\n" + config)


def run_python(cwd, *args, timeout=300):
    """``python *args`` in ``cwd`` without the figure cache; the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNBOOK_FIGURE_CACHE="off")
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def mkdocs_build(cwd, timeout=300):
    """A strict build of the book in ``cwd``; the finished process."""
    return run_python(cwd, "-m", "mkdocs", "build", "--strict", timeout=timeout)
