"""The book's code in other floating-point environments, through the one runner
(``python -m bookbuild run``): the second environment changes the arithmetic; a page whose
printed output depends on rounding fails there, named by page, line and environment; a
lab must print what it prints in the default environment; switches that did not take
effect stop the run; a second run with nothing changed runs nothing."""

import subprocess
import sys
import textwrap

import numpy as np
import pytest

from bookbuild import __main__ as command
from bookbuild.run import environments, rounding

# Last bits that depend on the environment: numpy's exp (its SIMD paths) and a matrix
# product of OpenBLAS (its kernel's order of summation).
DIGEST = """\
import hashlib
import numpy as np
x = np.linspace(-10, 10, 100_001)
A = np.random.default_rng(0).standard_normal((300, 300))
print(hashlib.sha256(np.exp(x).tobytes() + (A @ A).tobytes()).hexdigest()[:16])
"""


def _digest(environ=None):
    return subprocess.run([sys.executable, "-c", DIGEST], env=environ, capture_output=True,
                          text=True, check=True).stdout


@pytest.fixture(scope="module")
def second():
    return environments.second()


@pytest.fixture
def book(tmp_path, monkeypatch):
    """A book of one page (and no lab) in ``tmp_path``, the command run there."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    monkeypatch.chdir(tmp_path)

    def run(code, expected, *args):
        (tmp_path / "docs" / "page.md").write_text(
            f"# P\n\n```python\n{code}```\n\n<!--pytest-codeblocks:expected-output-->\n"
            f"```text\n{expected}```\n", encoding="utf-8")
        return command.main(["run", *args, "docs/page.md"])

    return run


def test_the_second_environment_rounds_differently(second):
    assert second.variables.get("OPENBLAS_CORETYPE") or second.variables.get(
        "NPY_DISABLE_CPU_FEATURES"), second.description
    assert _digest(second.environ()) != _digest(), f"same last bits with {second.description}"


def test_a_block_that_depends_on_rounding_fails_named_by_page_line_and_environment(
        book, capsys):
    expected = _digest(environments.default().environ())
    assert book(DIGEST, expected, "--environments", "default") == 0
    assert book(DIGEST, expected, "--environments", "second") == 1
    out = capsys.readouterr().out
    assert "page.md, line 3: the page shows\n" in out and "[second]" in out
    assert "depends on rounding" in out


def test_a_block_printed_at_the_precision_it_supports_passes_and_runs_once(book, capsys):
    code = "import numpy as np\nx = np.linspace(-10, 10, 100_001)\nprint(f'{np.exp(x).mean():.6g}')\n"
    expected = f"{np.exp(np.linspace(-10, 10, 100_001)).mean():.6g}\n"
    assert book(code, expected, "--environments", "second") == 0
    assert "second: 1 of 1 jobs run" in capsys.readouterr().out
    assert book(code, expected, "--environments", "second") == 0  # nothing changed
    assert "second: 0 of 1 jobs run" in capsys.readouterr().out


# A number in [0, 1) made of the last bits that follow the environment (DIGEST's), as a
# long training makes its accuracy of them; then a number that does not.
MACHINE = """\
import hashlib
import numpy as np
x = np.linspace(-10, 10, 100_001)
A = np.random.default_rng(0).standard_normal((300, 300))
digest = hashlib.sha256(np.exp(x).tobytes() + (A @ A).tobytes()).hexdigest()
print(f"{int(digest[:8], 16) / 16**8:.4f} and {x.mean():.4f}")
"""


def test_a_marked_number_is_checked_against_its_window_in_every_environment(book, capsys):
    """A number marked as the machine's may print other digits in each environment; it
    fails, named with page, line, environment, value and window, outside its window, and
    the text outside the marks is compared exactly."""
    printed = subprocess.run([sys.executable, "-c", MACHINE], capture_output=True,
                             text=True, check=True, env=environments.default().environ()).stdout
    value, rest = printed.split(" ", 1)
    second = subprocess.run([sys.executable, "-c", MACHINE], capture_output=True, text=True,
                            check=True, env=environments.second().environ()).stdout
    assert second.split(" ", 1) != [value, rest] and second.endswith(rest)
    assert book(MACHINE, f"{{{{{value} in 0..1}}}} {rest}", "--environments",
                "default,second") == 0
    capsys.readouterr()
    assert book(MACHINE, f"{{{{{value} in 2..3}}}} {rest}", "--environments", "second") == 1
    out = capsys.readouterr().out
    assert "page.md, line 3: " in out and "is outside its window 2..3" in out, out
    assert "[second]" in out
    assert book(MACHINE, f"{{{{{value} in 0..1}}}} {rest.replace('and', 'or')}",
                "--environments", "default") == 1
    assert "the page shows" in capsys.readouterr().out


def test_switches_that_did_not_take_effect_stop_the_worker():
    # As if the kernel asked for were the default one, and numpy's paths were left on.
    own = environments.probe(environments.default().environ())
    if own["kernel"] is None:
        pytest.skip("no OpenBLAS here: no kernel to force")
    same = environments.Environment("same", {"OPENBLAS_CORETYPE": own["kernel"]}, "",
                                    own["kernel"])
    with pytest.raises(RuntimeError, match=f"OpenBLAS still uses its {own['kernel']}"):
        environments.refuse_unless_in_effect(same)
    # As if numpy had ignored NPY_DISABLE_CPU_FEATURES: this process still dispatches.
    if own["dispatched"]:
        kept = environments.Environment("kept", {"NPY_DISABLE_CPU_FEATURES":
                                                 own["dispatched"][-1]}, "", own["kernel"])
        with pytest.raises(RuntimeError, match="numpy still dispatches to"):
            environments.refuse_unless_in_effect(kept)


def test_a_lab_prints_its_values_and_no_times():
    import nbformat

    from bookbuild.page.lab import lab_chain

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(code) for code in (
        "%matplotlib inline\nprint(f'{1 / 3:.3f}, trained in 0.25 s, 12 ms and 3µs')\n1 + 1",
        "x = 2;\nx", "x;")]
    job = rounding.LabJob("lab.ipynb", "lab.ipynb", lab_chain(nbformat.writes(nb)))
    assert rounding.run_lab(job, None) == [
        "0.333, trained in (a time), (a time) and (a time)\n2\n", "2\n", ""]


def test_a_lab_whose_output_follows_the_environment_is_named(tmp_path, monkeypatch, capsys):
    import nbformat

    (tmp_path / "docs" / "labs").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "import os\nprint(os.environ.get('OPENBLAS_CORETYPE'), 'in 0.25 s')")]
    nbformat.write(nb, tmp_path / "docs" / "labs" / "lab.ipynb")
    monkeypatch.chdir(tmp_path)
    second = environments.second()
    if not second.variables.get("OPENBLAS_CORETYPE"):
        pytest.skip("no other OpenBLAS kernel here")
    assert command.main(["run", "--environments", "second", "docs/labs/lab.ipynb"]) == 1
    out = capsys.readouterr().out
    assert (f"labs/lab.ipynb, cell 1: the default environment prints\nNone in (a time)\n"
            f"but this one\n{second.variables['OPENBLAS_CORETYPE']} in (a time)\n") in out


def test_a_labs_cell_with_prints_is_checked_against_its_marks(tmp_path, monkeypatch, capsys):
    """A lab's cell whose "prints" marks a number is checked against it in every
    environment: the rest exactly, the number in its window; its numbers go to the spread
    file under the cell's number."""
    import json

    import nbformat

    (tmp_path / "docs" / "labs").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    monkeypatch.chdir(tmp_path)

    def run(prints, *args):
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell("print('steady')"),
                    nbformat.v4.new_code_cell("print(f'rate {2 / 3:.2f}, in 0.5 s')",
                                              metadata={"prints": prints})]
        nbformat.write(nb, tmp_path / "docs" / "labs" / "lab.ipynb")
        return command.main(["run", "--environments", "default", *args,
                             "docs/labs/lab.ipynb"])

    path = tmp_path / "spread.json"
    assert run("rate {{0.67 in 0.5..0.7}}, in (a time)\n", "--spread", str(path)) == 0
    assert json.loads(path.read_text())["entries"] == [{
        "page": "labs/lab.ipynb", "line": 2, "text": "rate {{0.67 in 0.5..0.7}}, in (a time)",
        "printed": {"default": ["0.67"]}}]
    capsys.readouterr()
    assert run("rate {{0.67 in 0.7..0.9}}, in (a time)\n") == 1
    assert ("labs/lab.ipynb, cell 2: 0.67 is outside its window 0.7..0.9 "
            "(the page shows 0.67) [default]") in capsys.readouterr().out
    assert run("rate {{0.67 in 0.5..0.7}} in (a time)\n") == 1
    assert ('labs/lab.ipynb, cell 2: its "prints" is\n'
            "rate {{0.67 in 0.5..0.7}} in (a time)\nbut it prints\nrate 0.67, in (a time)\n"
            " [default]") in capsys.readouterr().out


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


def test_a_page_runs_in_one_namespace_and_is_compared_chain_by_chain():
    from bookbuild.checks import report
    from bookbuild.page import model

    job = rounding.PageJob("page.md", "page.md", tuple(model.parse(
        PAGE.replace("print(1)", "x = 5\nprint(1)") + "```python\nprint(x)\n```\n",
        "page.md")))
    printed = rounding.run_page(job, None)
    assert printed == ["1\n", "2\n", "3\n", "5\n"]  # x from the first chain: one namespace
    assert report.stale_chains(list(job.chains), printed) == []
    stale = report.stale_chains(list(job.chains), ["1\n", "2.0\n", "3\n", "5\n"])
    assert len(stale) == 1 and "but the chain prints\n1\n2.0\n" in stale[0]


def test_the_spread_file_keeps_each_marked_number_as_each_environment_printed_it(
        book, tmp_path, capsys):
    """``--spread FILE`` writes, for each output line with marks, its page, line, text and
    the numbers each environment printed in its marks; a run of another page keeps it."""
    import json

    printed = subprocess.run([sys.executable, "-c", MACHINE], capture_output=True,
                             text=True, check=True, env=environments.default().environ()).stdout
    value, rest = printed.split(" ", 1)
    path = tmp_path / "spread.json"
    (tmp_path / "docs" / "other.md").write_text("# O\n")
    path.write_text(json.dumps({"entries": [
        {"page": "other.md", "line": 1, "text": "x {{1 in 0..2}}", "printed": {"a": ["1"]}},
        {"page": "page.md", "line": 9, "text": "gone {{1 in 0..2}}", "printed": {}}]}))
    assert book(MACHINE, f"{{{{{value} in 0..1}}}} {rest}", "--environments",
                "default,second", "--spread", str(path)) == 0
    assert f"{path}: 1 lines with marked numbers" in capsys.readouterr().out
    data = json.loads(path.read_text())
    assert [e["name"] for e in data["environments"]] == ["default", environments.second().name]
    kept, numbers = data["entries"][0], data["entries"][1].pop("printed")
    assert numbers["default"] == [value]  # the second's BLAS threads may vary its digits
    assert list(numbers) == ["default", "second"] and 0 <= float(*numbers["second"]) <= 1
    assert kept == {"page": "other.md", "line": 1, "text": "x {{1 in 0..2}}",
                    "printed": {"a": ["1"]}}
    assert data["entries"][1] == {"page": "page.md", "line": 14,
                                  "text": f"{{{{{value} in 0..1}}}} {rest}".rstrip("\n")}
    before = path.read_text()
    assert book(MACHINE, f"{{{{{value} in 2..3}}}} {rest}", "--environments", "default",
                "--spread", str(path)) == 1  # a failing run writes nothing
    assert path.read_text() == before


def test_a_data_file_joins_the_key_of_the_chains_that_read_it_only(tmp_path):
    """A page's data comment keys every chain; one right after a fence, its chain's."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "all.txt").write_text("a")
    (tmp_path / "mine.txt").write_text("m")
    (tmp_path / "docs" / "page.md").write_text(
        "# P\n\n<!-- data\nall.txt\n-->\n\n```python\nx = 1\n```\n<!-- data\nmine.txt\n"
        "-->\n\nProse.\n\n```python\ny = 2\n```\n")
    default = environments.default()

    def keys():
        todo = command.jobs(tmp_path, [tmp_path / "docs" / "page.md"])
        return [rounding.job_key(job, "compute", default) for job in todo]

    first = keys()
    (tmp_path / "mine.txt").write_text("new")
    second = keys()
    assert second[0] != first[0] and second[1] == first[1]
    (tmp_path / "all.txt").write_text("new")
    assert all(a != b for a, b in zip(keys(), second))


def test_one_chain_of_a_page_runs_alone_and_keeps_the_page_s_other_spread_lines(
        tmp_path, monkeypatch, capsys):
    """``PAGE.md:LINE`` runs the chain whose first block opens at LINE, and ``--spread``
    replaces that chain's lines only, moving the page's other entries to where their text
    now is and dropping those no line reads any more; a line where no chain starts is
    named."""
    import json

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "page.md").write_text(
        "# P\n\n```python\nprint(1)\n```\n\n<!--pytest-codeblocks:expected-output-->\n"
        "```text\n{{1 in 0..2}}\n```\n\n```python\nprint(2)\n```\n\n"
        "<!--pytest-codeblocks:expected-output-->\n```text\n{{2 in 0..3}}\n```\n")
    path = tmp_path / "spread.json"
    path.write_text(json.dumps({"entries": [
        {"page": "page.md", "line": 9, "text": "{{1 in 0..2}}", "printed": {"old": ["1"]}},
        {"page": "page.md", "line": 18, "text": "{{2 in 0..3}}", "printed": {"old": ["2"]}}]}))
    assert [job.chains[0].fences[0].lineno for job in command.jobs(
        tmp_path, ["docs/page.md:12"])] == [12]
    assert command.main(["run", "--environments", "default", "--spread", str(path),
                         "docs/page.md:12"]) == 0
    entries = json.loads(path.read_text())["entries"]
    assert [(e["line"], e["printed"]) for e in entries] == [
        (9, {"old": ["1"]}), (18, {"default": ["2"]})]
    with pytest.raises(SystemExit, match="page.md:5: no chain of the page starts there; "
                                         "its chains start at lines 3, 12"):
        command.jobs(tmp_path, ["docs/page.md:5"])
    # Prose added at the top moves both chains' lines by two: a run of the second one
    # replaces its entry and moves the first one's to the line that now reads its text.
    page = (tmp_path / "docs" / "page.md").read_text()
    (tmp_path / "docs" / "page.md").write_text("Prose.\n\n" + page)
    assert command.main(["run", "--environments", "default", "--spread", str(path),
                         "docs/page.md:14"]) == 0
    entries = json.loads(path.read_text())["entries"]
    assert [(e["line"], e["printed"]) for e in entries] == [
        (11, {"old": ["1"]}), (20, {"default": ["2"]})]
    # The first chain's window changed: its entry, which no line of the page reads now,
    # goes when the second chain runs again.
    page = (tmp_path / "docs" / "page.md").read_text()
    (tmp_path / "docs" / "page.md").write_text(page.replace("{{1 in 0..2}}", "{{1 in 0..5}}"))
    assert command.main(["run", "--environments", "default", "--spread", str(path),
                         "docs/page.md:14"]) == 0
    entries = json.loads(path.read_text())["entries"]
    assert [(e["line"], e["printed"]) for e in entries] == [(20, {"default": ["2"]})]
