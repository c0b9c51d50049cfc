"""The repository's Python holds none of the errors pyflakes finds (ruff's F rules: an
import left unused, a name used but never defined, an f-string without a field) and no
syntax error (E9).

An import left behind when code moves costs more than a line here: nnbook's code is part
of every chain's key, so the change that removes it computes the whole book again. The
repository's files are read as git sees them (ruff leaves out what .gitignore does)."""

import subprocess
import sys

from ..paths import ROOT

RUFF = [sys.executable, "-m", "ruff", "check", "--select", "F,E9", "--no-cache",
        "--output-format", "concise"]


def test_the_check_finds_an_unused_import_and_an_undefined_name(tmp_path):
    (tmp_path / "module.py").write_text("import os\n\nprint(undefined)\n")
    run = subprocess.run(RUFF + ["."], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 1, run.stdout + run.stderr
    assert "F401" in run.stdout and "F821" in run.stdout, run.stdout


def test_no_pyflakes_error_in_the_repository():
    run = subprocess.run(RUFF + ["."], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
