"""The book's pages that the tests read: every Markdown file with python blocks, those
published as notebooks, the chapters."""

import json

from ..paths import ROOT


def book_files():
    """Every Markdown file whose python blocks the tests run."""
    from bookbuild.config import REPOSITORY_PAGES

    return sorted((ROOT / "docs").rglob("*.md")) + [ROOT / name for name in REPOSITORY_PAGES]


def notebook_pages():
    """The pages with python blocks, each published as a notebook, and their ids."""
    from bookbuild.page import model

    pages = [p for p in sorted((ROOT / "docs").rglob("*.md"))
             if model.parse(p.read_text(encoding="utf-8"), p.name)]
    return pages, [p.relative_to(ROOT / "docs").as_posix() for p in pages]


def chapter_files():
    """The chapters: pages of the book's parts (not the home page, the appendix or the API)."""
    return [p for p in sorted((ROOT / "docs").rglob("*.md"))
            if p.parent != ROOT / "docs" and p.parent.name not in ("appendix", "api")]


def python_fences(markdown, name="<page>"):
    """``(place, code)`` of each python fence of a page (cut by the build's own
    tokeniser), its code without the fence's indent, as the page shows it;
    ``place(n)`` names its line ``n`` (from 1) by its line in the page."""
    from bookbuild.page import blocks

    for block in blocks.tokenise(markdown, name):
        if isinstance(block, blocks.Fence) and block.info.strip() == "python":
            yield (lambda n, first=block.lineno: f"{name}:{first + n}"), block.body


def code_cells(notebook, name="<lab>"):
    """``(place, code)`` of each code cell of a notebook's JSON, ``place(n)`` naming
    its line ``n`` by cell and line, both counted from 1."""
    cells = json.loads(notebook)["cells"]
    for k, cell in enumerate(cells, start=1):
        if cell["cell_type"] == "code":
            yield (lambda n, k=k: f"{name}: cell {k}, line {n}"), "".join(cell["source"])


def code_blocks():
    """``(place, code)`` of every piece of python the book shows: the python fences of
    :func:`book_files` and the labs' code cells."""
    for path in book_files():
        yield from python_fences(path.read_text(encoding="utf-8"),
                                 path.relative_to(ROOT).as_posix())
    for path in sorted((ROOT / "docs" / "labs").glob("*.ipynb")):
        yield from code_cells(path.read_text(encoding="utf-8"),
                              path.relative_to(ROOT).as_posix())
