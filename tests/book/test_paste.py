"""Every python block can be pasted into the plain Python REPL, as the home page says.

The REPL reads a paste line by line: a blank line ends a compound statement (``for``,
``def``, ``with``...), and a line that is not indented cannot follow one directly. The
test feeds each block, as the page shows it, to the REPL's own compiler
(``code.compile_command``) one line at a time, the way a paste arrives.
"""

import ast
import code

import pytest

from bookbuild.page import model

from ..book.pages import book_files
from ..paths import ROOT


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
    for fence in model.parse_page(text).fences:
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


def echoed_histories(source):
    """The lines of ``source`` where a bare ``fit(...)`` call stands outside any function:
    the REPL prints the value of such an expression, each History it returns (once per
    pass of a loop), which the page does not show. (In a function's body it prints
    nothing.)"""
    def walk(nodes):
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                 ast.Lambda)):
                continue
            if (isinstance(node, ast.Expr) and isinstance(node.value, ast.Call)
                    and getattr(node.value.func, "attr",
                                getattr(node.value.func, "id", None)) == "fit"):
                yield node.lineno
            yield from walk(ast.iter_child_nodes(node))
    return list(walk(ast.parse(source).body))


def test_the_echo_check_finds_a_bare_fit():
    assert echoed_histories("for s in range(3):\n    nnbook.fit(m, X, y)\n") == [2]
    assert echoed_histories("history = nnbook.fit(m, X, y)\nfit\n") == []
    assert echoed_histories("def train():\n    nnbook.fit(m, X, y)\n") == []


@pytest.mark.parametrize("path", book_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_block_echoes_a_history_when_pasted(path):
    bad = [f"block at line {lineno}, its line {line}: a bare fit(...) prints its History"
           for lineno, source in shown_blocks(path.read_text(encoding="utf-8"))
           for line in echoed_histories(source)]
    assert bad == [], "\n".join(bad)
