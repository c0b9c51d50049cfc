"""No block prints ``True`` where a reader wants the number (DESIGN rule 13).

A check to a tolerance (``np.allclose``, ``np.isclose``, ``error < 1e-7``) printed as
``True`` hides what was measured, and how far it is from failing: the block prints the
number (the largest difference, the relative error), marked on the page with the window
every environment lands in. An exact identity (``np.array_equal``, ``==``) may print
``True``: that is the claim itself. The blocks are the python fences of the book's
pages and the labs' code cells (``pages.code_blocks``).
"""

import ast
import textwrap

from ..book.pages import code_blocks

TOLERANT = {"allclose", "isclose"}
PASSED_ON = {"all", "any", "bool"}  # a truth of truths is a truth


def _tolerant(node, truths=frozenset()):
    """Whether the value of ``node`` is a truth found to a tolerance, or what it
    decides: a call of ``allclose`` or ``isclose``, an order comparison with a number
    that is not an integer, a name in ``truths``, and a text, container or choice
    (``"below 1e-7" if error < 1e-7 else ...``) made of one. A number computed from
    truths (``np.mean(z < 0.1)``, a share) is a number."""
    def tolerant(node):
        return _tolerant(node, truths)
    if isinstance(node, ast.Name):
        return node.id in truths
    if isinstance(node, ast.Compare):
        return any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in node.ops) \
            and any(isinstance(side, ast.Constant) and isinstance(side.value, float)
                    for side in (node.left, *node.comparators))
    if isinstance(node, ast.Call):
        name = getattr(node.func, "attr", getattr(node.func, "id", None))
        return name in TOLERANT or name in PASSED_ON and any(map(tolerant, node.args))
    if isinstance(node, ast.IfExp):
        return tolerant(node.test)
    if isinstance(node, ast.JoinedStr):
        return any(tolerant(part.value) for part in node.values
                   if isinstance(part, ast.FormattedValue))
    if isinstance(node, ast.BoolOp):
        return any(map(tolerant, node.values))
    if isinstance(node, ast.UnaryOp):
        return tolerant(node.operand)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(map(tolerant, node.elts))
    if isinstance(node, ast.Dict):
        return any(map(tolerant, node.values))
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
        return tolerant(node.elt)
    if isinstance(node, ast.DictComp):
        return tolerant(node.value)
    return False


def printed_truths(code):
    """Line numbers (from 1) of the ``print`` calls of ``code`` that print a truth found
    to a tolerance, directly or through a name it was assigned to."""
    try:
        tree = ast.parse(textwrap.dedent(code))
    except SyntaxError:  # not python on its own (none in the book): nothing to say
        return []
    truths = set()
    for node in ast.walk(tree):  # names given such a truth, in the order of the code
        if isinstance(node, ast.Assign) and _tolerant(node.value, truths):
            truths |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return [node.lineno for node in ast.walk(tree)
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "print"
            and any(_tolerant(arg, truths) for arg in node.args)]


def test_the_check_finds_a_printed_tolerance_and_leaves_an_identity():
    code = ("import numpy as np\n"
            "print('same:', np.allclose(a, b))\n"
            "print(f'below: {error < 1e-7}')\n"
            "same = np.isclose(x, y)\n"
            "print('close:', same)\n"
            "print('identical:', np.array_equal(a, b), a == b)\n"
            "print(f'error: {error:.1e}', n > 3, f'{np.mean(z < 0.1):.0%}')\n"
            "print('below 1e-7' if error < 1e-7 else f'{error:.1e}')\n"
            "print({name: bool(e < 1e-7) for name, e in errors.items()})\n")
    assert printed_truths(code) == [2, 3, 5, 8, 9]


def test_no_block_prints_a_truth_found_to_a_tolerance():
    """The book's pages and labs, the README's and MAINTAINING's blocks."""
    found = [place(line) for place, code in code_blocks()
             for line in printed_truths(code)]
    assert not found, ("print the number, marked with its window, not True:\n"
                       + "\n".join(found))
