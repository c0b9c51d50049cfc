"""Settings for every test run from the repository root, the book's code blocks included."""

import sys


def pytest_runtest_teardown(item):
    # Each book block draws its figure and leaves it open (plt.show() keeps it under Agg);
    # close them after every test so that they do not pile up across blocks.
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")
