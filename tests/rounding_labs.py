"""The labs' printed outputs under the second floating-point environment.

The chapters' blocks carry their expected output on the page; a lab is stored without
outputs, and the build shows what its kernel printed. So each lab runs twice here, in the
default environment (as the build runs it) and in this run's second one (see
``rounding.py``), and every code cell must print the same text in both: a number that
differs depends on rounding, and another reader's machine would print another one. Times
("trained in 0.2 s") are left out of the comparison: they measure the reader's machine.

Collected only by ``python tests/rounding.py ... tests/rounding_labs.py`` (make
rounding-tests): outside that run there is no second environment to compare with.
"""

import os
import re
from pathlib import Path

import nbformat
import pytest

from tests.book.conftest import run_notebook
from tests.rounding import YIELD_NICE, without_switches

ROOT = Path(__file__).resolve().parents[1]
LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))
DURATION = re.compile(r"\b\d+(?:\.\d+)? ?(?:s|ms|µs)\b")


def default_environment():
    """This run's environment without the switches, with the build's one BLAS thread."""
    env = without_switches(os.environ)
    env.update(OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    return env


def printed(lab, env):
    """Run the lab in a fresh kernel started with ``env``; return each code cell's text:
    what it printed and the plain-text form of what it returned or displayed."""
    nb = nbformat.read(lab, as_version=4)
    run_notebook(nb, lab.parent, env, YIELD_NICE)  # nothing waits for the labs
    texts = []
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = ""
        for output in cell.outputs:
            if output.output_type == "stream" and output.name == "stdout":
                text += output.text
            elif output.output_type in ("execute_result", "display_data"):
                text += output.data.get("text/plain", "") + "\n"
        texts.append((cell.get("id"), DURATION.sub("(a time)", text)))
    return texts


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.stem)
def test_a_lab_prints_the_same_in_both_environments(lab):
    if "NNBOOK_ROUNDING_DEFAULT" not in os.environ:
        raise pytest.UsageError("run the labs' check through tests/rounding.py, which sets "
                                "up the second floating-point environment")
    default = printed(lab, default_environment())
    second = printed(lab, dict(os.environ))
    differ = [f"cell {cell}: the build prints\n{a}under the second environment\n{b}"
              for (cell, a), (_, b) in zip(default, second) if a != b]
    assert differ == [], (f"{lab.name}: printed outputs that depend on rounding (make them "
                          "stable, as for the chapters' blocks):\n" + "\n".join(differ))
