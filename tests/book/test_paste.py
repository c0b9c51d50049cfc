"""Every python block can be pasted into the plain Python REPL, as the home page says.

The REPL reads a paste line by line: a blank line ends a compound statement (``for``,
``def``, ``with``...), and a line that is not indented cannot follow one directly. The
test feeds each block, as the page shows it, to the REPL's own compiler
(``code.compile_command``) one line at a time, the way a paste arrives.
"""

import code

import pytest

from bookbuild.page import model as page_model

from .conftest import ROOT, book_files


def paste_error(source):
    """The first line at which pasting ``source`` into the REPL fails, or None."""
    pending = []
    for number, line in enumerate(source.splitlines(), start=1):
        pending.append(line)
        try:
            done = code.compile_command("\n".join(pending), "<paste>", "single")
        except SyntaxError as error:
            return f"line {number} ({line.strip()!r}): {error.msg}"
        if done is not None:
            pending = []
    return None


def shown_blocks(text):
    """Each python fence's lines as the page shows them (blank lines included)."""
    lines = text.splitlines()
    for fence in page_model.parse_page(text).fences:
        opener = lines[fence.lineno - 1]
        indent = opener[: len(opener) - len(opener.lstrip())]
        body = lines[fence.lineno:fence.lines[1] - 1]
        yield fence.lineno, "\n".join(line[len(indent):] for line in body)


@pytest.mark.parametrize("source, fails", [
    ("for i in range(2):\n    print(i)\nprint('done')\n", True),
    ("for i in range(2):\n    print(i)\n\nprint('done')\n", False),
    ("def f():\n    x = 1\n\n    return x\n", True),
    ("x = [1,\n     2]\ny = 3\n", False),
    ("try:\n    1 / 0\nexcept ZeroDivisionError:\n    pass\n", False),
])
def test_the_check_reads_like_the_repl(source, fails):
    assert (paste_error(source) is not None) == fails


@pytest.mark.parametrize("path", book_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_block_can_be_pasted(path):
    bad = [f"block at line {lineno}: {error}"
           for lineno, source in shown_blocks(path.read_text(encoding="utf-8"))
           if (error := paste_error(source))]
    assert bad == [], "\n".join(bad)
