"""Handwritten digits without a download: scikit-learn's bundled 8 × 8 set, and MNIST files.

``digits()`` reads the 1,797 images of 8 × 8 pixels that ship inside scikit-learn.
``load_mnist(path)`` reads the 28 × 28 MNIST images from IDX files the reader has
downloaded (gzip-compressed or not): nnbook never fetches anything itself.
"""

import gzip
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._checks import check_examples, check_generator, check_real

_IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


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
    its labels, and the file's type (``uint8`` for MNIST).
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no IDX file at {path}")
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":  # the gzip signature
        raw = gzip.decompress(raw)
    if len(raw) < 4 or raw[:2] != b"\x00\x00" or raw[2] not in _IDX_TYPES:
        raise ValueError(f"{path} is not an IDX file (header {raw[:4]!r})")
    ndim = raw[3]
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(_IDX_TYPES[raw[2]])
    start = 4 + 4 * ndim
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - start != expected:
        raise ValueError(
            f"{path}: header announces shape {shape} ({expected} bytes of data), "
            f"file holds {len(raw) - start} bytes"
        )
    return np.frombuffer(raw, dtype=dtype, offset=start).reshape(shape)


def _find(folder, stem):
    for name in (stem, stem + ".gz", stem.replace("-idx", ".idx")):
        for candidate in (folder / name, folder / (name + ".gz")):
            if candidate.exists():
                return candidate
    raise FileNotFoundError(f"no file {stem}[.gz] in {folder}")


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
    """
    prefix = {"train": "train", "test": "t10k"}.get(kind)
    if prefix is None:
        raise ValueError(f"kind must be 'train' or 'test', got {kind!r}")
    folder = Path(path)
    if not folder.is_dir():
        raise NotADirectoryError(f"path must be a folder with the MNIST IDX files, got {folder}")
    images = read_idx(_find(folder, f"{prefix}-images-idx3-ubyte"))
    labels = read_idx(_find(folder, f"{prefix}-labels-idx1-ubyte"))
    if images.ndim != 3 or labels.ndim != 1 or len(images) != len(labels):
        raise ValueError(
            f"MNIST images must have shape (N, H, W) and labels (N,), got {images.shape} "
            f"and {labels.shape}"
        )
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return Digits(X, labels.astype(np.int64), X.reshape(images.shape))


def train_test_split(X, y, *, test_fraction=0.25, rng):
    """Shuffle with ``rng`` and split into ``(X_train, X_test, y_train, y_test)``.

    ``X`` has shape ``(N, ...)`` and ``y`` shape ``(N,)``; rows stay paired with their
    labels. The test part gets ``round(N * test_fraction)`` rows, the training part the
    rest: ``X_test`` has shape ``(N_test, ...)``, ``y_test`` shape ``(N_test,)``.
    """
    check_generator(rng)
    check_real(test_fraction, "test_fraction", 0.0, 1.0, low_inclusive=False)
    X, y = check_examples(X, y)  # arrays: lists index like them from here on
    order = rng.permutation(len(X))
    n_test = int(round(len(X) * test_fraction))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]
