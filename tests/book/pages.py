"""The book's pages that the tests read: every Markdown file with python blocks, those
published as notebooks, the chapters."""

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
