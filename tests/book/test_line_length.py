"""Every line of code the book shows fits in 79 characters.

A longer line makes its block scroll sideways at 1280 px and hides the end of the line,
often its comment. The width is counted from the block's own left edge: a block indented
inside a box (a solution, a folded figure code) is read without that indent, as the page
shows it. The blocks are the python fences of the book's pages and of the repository's
(cut by the build's own tokeniser) and the code cells of the labs. Printed outputs (``text`` fences)
are not code and are not checked.
"""

import json

from ..book.pages import code_blocks, code_cells, python_fences

WIDTH = 79


def long_lines(blocks):
    """``(place, length)`` of each line of code of ``blocks`` (``(place, code)``, as
    ``pages.code_blocks`` gives them) longer than :data:`WIDTH`."""
    return [(place(number), len(line)) for place, code in blocks
            for number, line in enumerate(code.splitlines(), start=1) if len(line) > WIDTH]


def test_the_check_counts_from_the_blocks_edge():
    code = "x = " + "1" * (WIDTH - 4)  # exactly WIDTH characters
    page = (f"```python\n{code}\n{code}1\n```\n\n"
            f'??? success "Solution"\n\n    ```python\n    {code}\n    {code}1\n    ```\n\n'
            f"```text\n{code}1\n```\n")
    assert long_lines(python_fences(page)) == [("<page>:3", WIDTH + 1),
                                               ("<page>:10", WIDTH + 1)]
    cells = {"cells": [{"cell_type": "markdown", "source": [code + "1"]},
                       {"cell_type": "code", "source": [code + "\n", code + "1"]}]}
    assert long_lines(code_cells(json.dumps(cells))) == [("<lab>: cell 2, line 2", WIDTH + 1)]


def test_every_line_of_code_fits():
    over = [f"{place} ({length} characters)" for place, length in long_lines(code_blocks())]
    assert not over, f"{len(over)} lines of code longer than {WIDTH} characters:\n" + \
        "\n".join(over)
