"""Settings for every test run from the repository root, the book's code blocks included."""

import os
import sys
from pathlib import Path

# The book's blocks read the MNIST file that 'make setup' writes
# (hooks/bookbuild/run/data_folder.py).
os.environ.setdefault("NNBOOK_DATA", str(Path(__file__).resolve().parent / ".cache" / "data"))


def pytest_runtest_teardown(item):
    # Each book block draws its figure and leaves it open (plt.show() keeps it under Agg);
    # close them after every test so that they do not pile up across blocks.
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
