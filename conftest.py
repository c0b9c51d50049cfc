"""Settings for every test run from the repository root, the book's code blocks included."""

import fcntl
import os
import sys
import tempfile
from pathlib import Path

import pytest

# The book's blocks read the MNIST file that 'make setup' writes
# (hooks/bookbuild/run/data_folder.py).
os.environ.setdefault("NNBOOK_DATA", str(Path(__file__).resolve().parent / ".cache" / "data"))


def pytest_runtest_teardown(item):
    # Each book block draws its figure and leaves it open (plt.show() keeps it under Agg);
    # close them after every test so that they do not pile up across blocks.
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def pytest_configure(config):
    config.addinivalue_line("markers", "alone: a timing; no other test runs meanwhile (quiet)")


@pytest.fixture(autouse=True)
def quiet(request):
    """A test marked ``alone`` runs while no other test does: the parallel workers take a
    shared lock around each of their tests, and that test an exclusive one. (A page's
    load on the slowed phone took 30 % longer beside another test on 2 cores.)"""
    run = getattr(request.config, "workerinput", {}).get("testrunuid")
    if run is None:  # one process: nothing runs beside it
        yield
        return
    alone = request.node.get_closest_marker("alone") is not None
    with open(Path(tempfile.gettempdir()) / f"nnbook-tests-{run}.lock", "a+") as lock:
        fcntl.lockf(lock, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        try:
            yield
        finally:
            fcntl.lockf(lock, fcntl.LOCK_UN)
