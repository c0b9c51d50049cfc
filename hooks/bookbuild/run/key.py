"""What a chain's result depends on, and nothing else: the key of the store.

A result (what a chain printed, exported and left as a figure) can change with the
chain's code and the names it exports, nnbook's code, the data the page declares, the
versions of the libraries that compute, Python's implementation and major.minor version,
and the run settings that change sums (BLAS threads). It cannot change with nnbook's
docstrings and comments (its code is read as a syntax tree without them), with the prose
around the blocks, or with the build's own code that draws, checks, typesets and glues:
an edit there draws again from the stored results and trains nothing. Not the CPU's
kernel either: by the book's rule a result prints the same on every kernel, and its
figure differs at most in bits no reader sees.

The drawing of a figure has its own key (:func:`drawing_key`): the figure's bytes and
the code that draws it (``figures/``, nnbook's plotting style, matplotlib's version).
"""

import ast
import functools
import hashlib
import os
import platform
import sys
from importlib import metadata
from pathlib import Path

from ..config import LIBRARIES

# The run settings that can change a sum: how many threads BLAS splits it over.
RUN_SETTINGS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")
# The build's code that runs a chain and writes its result (beside nnbook's).
RUNNING = Path(__file__).parent


def _without_docstrings(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                             ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(
                    getattr(body[0], "value", None), ast.Constant) and isinstance(
                    body[0].value.value, str):
                node.body = body[1:] or [ast.Pass()]
    return tree


def _while_unchanged(function):
    """``function(paths, ...)`` kept while each of the files ``paths`` (a tuple) keeps its
    size and modification time, its newest answer only: under ``make serve`` every
    rebuild keys the chains again, and reading nnbook's syntax trees and the data's bytes
    afresh was a second of each prose edit's rebuild."""
    kept = {}

    @functools.wraps(function)
    def cached(paths, *rest):
        try:
            stats = tuple((s.st_size, s.st_mtime_ns) for s in map(os.stat, paths))
        except OSError:  # a missing file: the function says so
            return function(paths, *rest)
        args = (paths, *rest)
        if args not in kept or kept[args][0] != stats:
            kept[args] = stats, function(paths, *rest)
        return kept[args][1]
    return cached


def meaning(path):
    """A file as far as it can change a result: a Python module's syntax tree without
    its docstrings and comments; any other file's bytes."""
    return _meaning((path,))


@_while_unchanged
def _meaning(paths):
    (path,) = paths
    data = Path(path).read_bytes()
    if Path(path).suffix != ".py":
        return data
    return ast.dump(_without_docstrings(ast.parse(data))).encode()


def sources_digest(files):
    """SHA-256 of the :func:`meaning` of ``files``, given as ``(name, path)``."""
    digest = hashlib.sha256()
    for name, path in sorted(files):
        digest.update(name.encode() + b"\0" + meaning(path) + b"\0")
    return digest.hexdigest()


def package_files(folder):
    """``(name, path)`` of every file of ``folder`` but compiled ones."""
    folder = Path(folder)
    return [(f"{folder.name}/{path.relative_to(folder).as_posix()}", path)
            for path in sorted(folder.rglob("*"))
            if path.is_file() and "__pycache__" not in path.relative_to(folder).parts]


def versions(libraries):
    found = []
    for dist in libraries:
        try:
            found.append(f"{dist}=={metadata.version(dist)}")
        except metadata.PackageNotFoundError:
            found.append(f"{dist} absent")
    return found


def compute_key(nnbook_folder, libraries=LIBRARIES, environ=None):
    """What every chain's result depends on besides its own code and data."""
    environ = os.environ if environ is None else environ
    running = [(f"run/{name}", RUNNING / name) for name in ("execute.py", "exports.py")]
    parts = [sources_digest(package_files(nnbook_folder) + running),
             platform.python_implementation(), "%d.%d" % sys.version_info[:2],
             *versions(libraries),
             *(f"{name}={environ.get(name, '')}" for name in RUN_SETTINGS)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def data_digest(root, names):
    """SHA-256 of the data files ``names`` (paths from ``root``) a page declares, so
    that a new file computes its chains again; ``""`` for none. Raises
    ``FileNotFoundError`` naming a file that does not exist."""
    paths = tuple(Path(root) / name for name in names)
    for name, path in zip(names, paths):
        if not path.is_file():
            raise FileNotFoundError(f"the data file {name} declared by the page does not exist")
    return _digest(paths, tuple(names)) if names else ""


@_while_unchanged
def _digest(paths, names):
    digest = hashlib.sha256()
    for name, path in zip(names, paths):
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def chain_key(chain, compute, data=""):
    """The key of ``chain``'s result: its code, the names it exports, ``compute``
    (:func:`compute_key`) and ``data`` (the digest of the files its page declares)."""
    text = "\0".join([compute, data, chain.fence_code])
    names = [" ".join(fence.exports) for fence in chain.fences]
    if any(names):  # what a chain exports is part of its result
        text += "\0export " + "\0".join(names)
    return hashlib.sha256(text.encode()).hexdigest()


def drawing_key(nnbook_folder, figures_folder):
    """What every drawing depends on besides its figure: the code that draws
    (``figures/``), nnbook's (its plotting style) and matplotlib's version."""
    files = package_files(nnbook_folder) + package_files(figures_folder)
    parts = [sources_digest(files), *versions(("matplotlib",))]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
