"""The lock files pin packages from the package indexes, never from a local path, and
versions that work together."""

import subprocess
import sys

from ..paths import ROOT


def test_requirements_lock_names_no_local_path():
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    local = [line for line in lines if "file:" in line or " @ /" in line]
    assert local == [], "requirements.lock pins a local path (run make lock, which strips it)"
    assert any(line.startswith("numpy==") for line in lines)


def test_package_lock_resolves_from_the_registry():
    text = (ROOT / "package-lock.json").read_text()
    assert '"file:' not in text
    assert '"node_modules/mathjax": {\n      "version": "4.1.3"' in text


# A conftest's groups, added as tests/browser's and tests/export's add theirs.
_GROUPED = '''
import pytest

@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    for item in items:
        item.add_marker(pytest.mark.xdist_group("one page"))
'''


def test_the_locked_pytest_and_xdist_keep_a_group_on_one_worker(tmp_path):
    """make test's ``--dist loadgroup`` sends the tests of a group to one worker, so
    that a page loaded once serves them all (with pytest 9.2 and xdist 3.8 the groups
    were silently ignored and each worker loaded the page again)."""
    (tmp_path / "conftest.py").write_text(_GROUPED)
    (tmp_path / "test_grouped.py").write_text(
        "import os, pathlib, pytest\n@pytest.mark.parametrize('i', range(6))\n"
        "def test_worker(i):\n    pathlib.Path(__file__).with_name(f'ran-{i}')"
        ".write_text(os.environ['PYTEST_XDIST_WORKER'])\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "--dist", "loadgroup", "-q",
         "-p", "no:cacheprovider", str(tmp_path)], capture_output=True, text=True,
        cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    workers = {ran.read_text() for ran in tmp_path.glob("ran-*")}
    assert len(list(tmp_path.glob("ran-*"))) == 6 and len(workers) == 1, (
        f"one group ran on {sorted(workers)}")
