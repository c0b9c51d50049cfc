"""The book's code fences: every python block is run by the tests, none is silently skipped.

pytest-codeblocks runs a fence only when its info string is exactly ``python``; a fence
written ```` ```py ````, ```` ```python title="x" ````, ```` ``` python ````, ``pycon`` or
``~~~python`` would be shown on the page but never run. It also runs ``sh`` and ``bash``
fences as shell commands, so shell examples use ``console``.
"""

import re

import pytest
from pytest_codeblocks.main import extract_from_file

from bookbuild.page import model

from ..book.pages import book_files, chapter_files
from ..paths import ROOT

def bad_fences(text):
    """Return (line, fence) for fences the tests would skip or run as shell."""
    lines, bad = text.splitlines(), []
    for span in model.parse_page(text).spans:
        word = span.info.strip().lower()
        python_like = re.match(r"^(py|python\d*|pycon|ipython|python-console)\b", word)
        shell = word in ("sh", "bash", "zsh")
        if python_like and (span.marker[0] == "~" or span.info != "python") or shell:
            bad.append((span.start + 1, lines[span.start].strip()))
    return bad


@pytest.mark.parametrize("text", [
    "```py\nx = 1\n```\n",
    "```python title=\"a.py\"\nx = 1\n```\n",
    "``` python\nx = 1\n```\n",
    "```pycon\n>>> 1\n```\n",
    "~~~python\nx = 1\n~~~\n",
    "```python3\nx = 1\n```\n",
    "```bash\nls\n```\n",
    "    ```py\n    x = 1\n    ```\n",
])
def test_the_check_finds_skipped_fences(text):
    assert bad_fences(text), text


def test_the_check_accepts_run_fences():
    ok = "```python\nx = 1\n```\n\n```text\n1\n```\n\n````markdown\n```py\n```\n````\n"
    assert bad_fences(ok) == []


@pytest.mark.parametrize("path", book_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_fence_is_silently_skipped(path):
    assert bad_fences(path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", book_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_python_fence_is_collected(path, tmp_path):
    text = path.read_text(encoding="utf-8")
    n_fences = sum(1 for line in text.splitlines() if line.strip() == "```python")
    # pytest-codeblocks allows one output fence a chain, the book several (each shows
    # what the chain printed since the previous one): it reads the page with the last.
    extra = {n for chain in model.parse(text, path.name)
             for fence, _ in chain.shown([""] * len(chain.fences))[:-1]
             for n in range(fence.expected.marker.lineno, fence.expected.block.end + 1)}
    plain = tmp_path / path.name
    plain.write_text("".join(line for n, line in enumerate(text.splitlines(True), 1)
                             if n not in extra), encoding="utf-8")
    collected = [b for b in extract_from_file(plain) if b.syntax == "python"]
    chains = model.parse(text, path.name)
    # Each chain of fences joined by "cont" is one collected block, with the same code.
    assert [c.code for c in chains] == [b.code for b in collected]
    assert sum(len(c.fences) for c in chains) == n_fences
    assert not any(b.marks for b in collected), "skipped blocks need a reason in the prose"


@pytest.mark.parametrize("path", chapter_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_chapters_follow_the_model(path):
    text = path.read_text(encoding="utf-8")
    assert "\n## Summary\n" in text, "a chapter ends with a summary"
    exercises = text.split("\n## Exercises\n")
    assert len(exercises) == 2, "a chapter has an Exercises section"
    solutions = exercises[1].count('??? success "Solution"')
    assert solutions >= 3, f"at least three exercises with solutions, found {solutions}"
    figures = len(model.figure_directives(text, path.name))
    assert figures >= 4, f"at least four figures, found {figures}"


def test_every_chapter_is_in_the_nav():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for path in chapter_files() + [ROOT / "docs" / "appendix" / "notation.md"]:
        assert path.relative_to(ROOT / "docs").as_posix() in config
