"""The second floating-point environment (tests/rounding.py) changes the arithmetic, and a
page whose printed output depends on rounding fails in it with a message that says so."""

import json
import os
import re
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from .. import rounding
from .conftest import ROOT

# Last bits that depend on the environment: numpy's exp (its SIMD paths) and a matrix
# product of OpenBLAS (its kernel's order of summation).
DIGEST = """\
import hashlib
import numpy as np
import pytest
x = np.linspace(-10, 10, 100_001)
A = np.random.default_rng(0).standard_normal((300, 300))
print(hashlib.sha256(np.exp(x).tobytes() + (A @ A).tobytes()).hexdigest()[:16])
"""


def _digest(env=None):
    return subprocess.run([sys.executable, "-c", DIGEST], env=env, capture_output=True,
                          text=True, check=True).stdout


def _run_page(tmp_path, code, expected, second):
    page = tmp_path / "page.md"
    page.write_text(f"```python\n{code}```\n\n<!--pytest-codeblocks:expected-output-->\n"
                    f"```text\n{expected}```\n", encoding="utf-8")
    command = [sys.executable, *(["tests/rounding.py"] if second else ["-m", "pytest"]),
               "--codeblocks", str(page), "-p", "no:cacheprovider"]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True)


def test_the_second_environment_rounds_differently():
    env, description = rounding.second_environment()
    assert env.get("OPENBLAS_CORETYPE") or env.get("NPY_DISABLE_CPU_FEATURES"), description
    assert _digest(env) != _digest(), f"same last bits with {description}"


def test_a_block_that_depends_on_rounding_fails(tmp_path):
    expected = _digest()
    assert _run_page(tmp_path, DIGEST, expected, second=False).returncode == 0
    done = _run_page(tmp_path, DIGEST, expected, second=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "under a second floating-point environment its printed output differs" in done.stdout
    assert "sensitive to rounding" in done.stdout


def test_a_block_printed_at_the_precision_it_supports_passes(tmp_path):
    code = textwrap.dedent("""\
        import numpy as np
        x = np.linspace(-10, 10, 100_001)
        print(f"{np.exp(x).mean():.6g}")
        """)
    expected = f"{np.exp(np.linspace(-10, 10, 100_001)).mean():.6g}\n"
    done = _run_page(tmp_path, code, expected, second=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout


def test_switches_that_did_not_take_effect_stop_the_run(monkeypatch):
    # As if the kernel asked for were the default one, and numpy's paths were left on.
    default = rounding.probe()
    if default["kernel"] is None:
        pytest.skip("no OpenBLAS here: no kernel to force")
    monkeypatch.setenv("NNBOOK_ROUNDING_DEFAULT", json.dumps(default))
    monkeypatch.setenv("OPENBLAS_CORETYPE", default["kernel"])
    with pytest.raises(pytest.UsageError, match="did not take effect") as info:
        rounding.pytest_configure(None)
    assert f"OpenBLAS still uses its {default['kernel']} kernel" in str(info.value)


# ---- The labs (tests/rounding_labs.py) ------------------------------------------------

def _lab(tmp_path, source):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source, id="cell")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "lab.ipynb"
    nbformat.write(nb, path)
    return path


def test_a_lab_whose_output_follows_the_environment_fails(tmp_path, monkeypatch):
    """A cell printing what the second environment changes: the check names the cell."""
    from .. import rounding_labs

    lab = _lab(tmp_path, "import os\nprint(os.environ.get('OPENBLAS_CORETYPE'), 'in 0.25 s')")
    monkeypatch.setenv("NNBOOK_ROUNDING_DEFAULT", "{}")
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Prescott")
    with pytest.raises(AssertionError, match="cell cell: the build prints\nNone in \\(a time\\)"):
        rounding_labs.test_a_lab_prints_the_same_in_both_environments(lab)


def test_the_labs_check_compares_results_not_times(tmp_path):
    from .. import rounding_labs

    lab = _lab(tmp_path, "print(f'{1 / 3:.3f}, trained in 0.25 s, 12 ms and 3µs')\n1 + 1")
    assert rounding_labs.printed(lab, rounding_labs.default_environment()) == [
        ("cell", "0.333, trained in (a time), (a time) and (a time)\n2\n")]


def test_the_labs_check_runs_only_in_the_second_environment(monkeypatch):
    from .. import rounding_labs

    monkeypatch.delenv("NNBOOK_ROUNDING_DEFAULT", raising=False)
    with pytest.raises(pytest.UsageError, match="through tests/rounding.py"):
        rounding_labs.test_a_lab_prints_the_same_in_both_environments(rounding_labs.LABS[0])


def _executed(cells):
    """A notebook whose code cells printed ``cells`` (one string each)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    for text in cells:
        cell = nbformat.v4.new_code_cell("pass")
        cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=text),
                        nbformat.v4.new_output("stream", name="stderr", text="a warning\n")]
        nb.cells.append(cell)
    return nb


PAGE = textwrap.dedent("""\
    ```python
    print(1)
    ```

    <!--pytest-codeblocks:cont-->
    ```python
    print(2)
    ```

    <!--pytest-codeblocks:expected-output-->
    ```text
    1
    2
    ```

    ```python
    print(3)
    ```

    <!--pytest-codeblocks:expected-output-ignore-whitespace-->
    ```text
    3
    ```
    """)


def test_a_pages_notebook_is_compared_chain_by_chain_with_the_page():
    from tests.rounding_pages import stale_chains

    assert stale_chains(PAGE, _executed(["1\n", "2\n", "3 \n"])) == []
    stale = stale_chains(PAGE, _executed(["1\n", "2.0\n", "3\n"]))
    assert len(stale) == 1 and stale[0].startswith("line 6: the page shows\n1\n2\n")
    assert "but the chain prints\n1\n2.0\n" in stale[0]


def test_simd_paths_still_dispatched_stop_the_run(monkeypatch):
    # As if numpy had ignored NPY_DISABLE_CPU_FEATURES: its loops still use X86_V4.
    probed = {"kernel": None, "simd": {"found": ["X86_V4"]}, "dispatched": ["X86_V4"]}
    monkeypatch.setattr(rounding, "probe", lambda env=None: probed)
    monkeypatch.setenv("NNBOOK_ROUNDING_DEFAULT", json.dumps(probed))
    monkeypatch.delenv("OPENBLAS_CORETYPE", raising=False)
    monkeypatch.setenv("NPY_DISABLE_CPU_FEATURES", "X86_V4")
    with pytest.raises(pytest.UsageError, match="numpy still dispatches to"):
        rounding.pytest_configure(None)


def test_every_kernel_names_each_block_and_environment_that_differs(tmp_path, monkeypatch,
                                                                    capsys):
    # Two of the environments (a run of all of them is make test-fp's): the default one
    # prints the page's output, the other kernel does not.
    from .. import every_kernel

    # The runs start from this environment without its switches, as make test-fp's do: a
    # kernel the caller forces (OPENBLAS_CORETYPE) is not the default one here.
    default = rounding.probe(rounding.without_switches(os.environ))
    if default["kernel"] is None:
        pytest.skip("no OpenBLAS here: no kernel to force")
    other = rounding.other_kernel(default)
    runs = [every_kernel.Environment(name, description, env) for name, (env, description)
            in (("default", rounding.environment(None, (), default)),
                ("other", rounding.environment(other, (), default)))]
    monkeypatch.setattr(every_kernel, "environments", lambda: runs)
    monkeypatch.setattr(every_kernel, "TIMES", tmp_path / "seconds.json")
    page = tmp_path / "page.md"
    page.write_text(f"```python\n{DIGEST}```\n\n<!--pytest-codeblocks:expected-output-->\n"
                    f"```text\n{_digest(every_kernel.job_environment(runs[0]))}```\n",
                    encoding="utf-8")
    assert every_kernel.main([str(page)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"^FAILED \S*page\.md::line 1 under other$", out, re.M), out
    assert "under default" not in out, out


def test_a_notebook_cell_is_limited_by_cpu_time_not_by_the_clock(tmp_path):
    """A cell that waits (a busy machine; here, sleep) runs past the limit; one that
    computes past it is interrupted with a message naming it."""
    from nbformat.v4 import new_code_cell, new_notebook

    from .conftest import CellOverCPULimit, run_notebook

    waits = new_notebook(cells=[new_code_cell("import time\ntime.sleep(4)")])
    run_notebook(waits, tmp_path, cpu_limit=1)
    assert waits.cells[0].execution_count == 1

    computes = new_notebook(cells=[new_code_cell("x = 1"),
                                   new_code_cell("while True:\n    x += 1")])
    with pytest.raises(CellOverCPULimit, match="cell 1 .* more than 1 CPU-seconds"):
        run_notebook(computes, tmp_path, cpu_limit=1)
