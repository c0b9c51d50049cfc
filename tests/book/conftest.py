import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOOKS = ROOT / "hooks"
if str(HOOKS) not in sys.path:
    sys.path.insert(0, str(HOOKS))


def book_files():
    """Every Markdown file whose python blocks the tests run."""
    return sorted((ROOT / "docs").rglob("*.md")) + [ROOT / "README.md"]


def chapter_files():
    """The chapters: pages of the book's parts (not the home page, the appendix or the API)."""
    return [p for p in sorted((ROOT / "docs").rglob("*.md"))
            if p.parent != ROOT / "docs" and p.parent.name not in ("appendix", "api")]
