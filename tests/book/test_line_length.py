"""Every line of code the book shows fits in 79 characters.

A longer line makes its block scroll sideways at 1280 px and hides the end of the line,
often its comment. The width is counted from the block's own left edge: a block indented
inside a box (a solution, a folded figure code) is read without that indent, as the page
shows it. The blocks are the python fences of the book's pages and of the repository's
(cut by the build's own tokeniser) and the code cells of the labs. Printed outputs (``text`` fences)
are not code and are not checked.
"""

import json

from bookbuild.page import blocks

from ..book.pages import book_files
from ..paths import ROOT

WIDTH = 79


def long_lines(markdown, page="<page>"):
    """``(line, length)`` of each line of a python fence longer than :data:`WIDTH`, the
    line numbered in the page and measured without the fence's indent."""
    found = []
    for block in blocks.tokenise(markdown, page):
        if isinstance(block, blocks.Fence) and block.info.strip() == "python":
            for number, line in enumerate(block.body.splitlines(), start=block.lineno + 1):
                if len(line) > WIDTH:
                    found.append((number, len(line)))
    return found


def long_cell_lines(notebook):
    """``(cell, line, length)`` of each line of a code cell longer than :data:`WIDTH`,
    cells and lines counted from 1."""
    cells = json.loads(notebook)["cells"]
    return [(k, number, len(line))
            for k, cell in enumerate(cells, start=1) if cell["cell_type"] == "code"
            for number, line in enumerate("".join(cell["source"]).splitlines(), start=1)
            if len(line) > WIDTH]


def test_the_check_counts_from_the_blocks_edge():
    code = "x = " + "1" * (WIDTH - 4)  # exactly WIDTH characters
    page = (f"```python\n{code}\n{code}1\n```\n\n"
            f'??? success "Solution"\n\n    ```python\n    {code}\n    {code}1\n    ```\n\n'
            f"```text\n{code}1\n```\n")
    assert long_lines(page) == [(3, WIDTH + 1), (10, WIDTH + 1)]
    cells = {"cells": [{"cell_type": "markdown", "source": [code + "1"]},
                       {"cell_type": "code", "source": [code + "\n", code + "1"]}]}
    assert long_cell_lines(json.dumps(cells)) == [(2, 2, WIDTH + 1)]


def test_every_line_of_code_fits():
    over = []
    for path in book_files():
        name = path.relative_to(ROOT).as_posix()
        over += [f"{name}:{line} ({length} characters)"
                 for line, length in long_lines(path.read_text(encoding="utf-8"), name)]
    for path in sorted((ROOT / "docs" / "labs").glob("*.ipynb")):
        name = path.relative_to(ROOT).as_posix()
        over += [f"{name}: cell {cell}, line {line} ({length} characters)"
                 for cell, line, length in long_cell_lines(path.read_text(encoding="utf-8"))]
    assert not over, f"{len(over)} lines of code longer than {WIDTH} characters:\n" + \
        "\n".join(over)
