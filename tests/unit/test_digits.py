import gzip
import struct

import numpy as np
import pytest

from nnbook.datasets import digits, load_mnist, read_idx, train_test_split


def _write_idx(path, array, compress=False):
    codes = {np.dtype(np.uint8): 0x08}
    header = bytes([0, 0, codes[array.dtype], array.ndim])
    header += b"".join(struct.pack(">I", n) for n in array.shape)
    data = header + array.tobytes()
    path.write_bytes(gzip.compress(data) if compress else data)


@pytest.mark.parametrize("compress", [False, True])
def test_load_mnist_reads_idx_files(tmp_path, compress):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 28, 28), dtype=np.uint8)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    suffix = ".gz" if compress else ""
    _write_idx(tmp_path / f"t10k-images-idx3-ubyte{suffix}", images, compress)
    _write_idx(tmp_path / f"t10k-labels-idx1-ubyte{suffix}", labels, compress)
    data = load_mnist(tmp_path, kind="test")
    assert data.X.shape == (5, 784) and data.images.shape == (5, 28, 28)
    np.testing.assert_allclose(data.X[2], images[2].reshape(-1) / 255)
    np.testing.assert_array_equal(data.y, [3, 1, 4, 1, 5])
    assert data.X.dtype == np.float64 and data.X.max() <= 1.0


def test_idx_errors(tmp_path):
    bad = tmp_path / "bad"
    bad.write_bytes(b"hello world")
    with pytest.raises(ValueError, match="is not an IDX file"):
        read_idx(bad)
    short = tmp_path / "short"
    _write_idx(short, np.zeros((2, 3), dtype=np.uint8))
    short.write_bytes(short.read_bytes()[:-1])
    with pytest.raises(ValueError, match=r"announces shape \(2, 3\)"):
        read_idx(short)
    with pytest.raises(FileNotFoundError, match="no file train-images"):
        load_mnist(tmp_path)
    with pytest.raises(ValueError, match="kind must be"):
        load_mnist(tmp_path, kind="validation")
    with pytest.raises(FileNotFoundError, match="no folder at .*nowhere"):
        load_mnist(tmp_path / "nowhere")
    with pytest.raises(NotADirectoryError, match="must be a folder"):
        load_mnist(short)


def test_digits_are_the_bundled_set():
    data = digits()
    assert data.X.shape == (1797, 64) and data.images.shape == (1797, 8, 8)
    assert data.X.min() == 0.0 and data.X.max() == 1.0
    assert set(np.unique(data.y)) == set(range(10))


def test_train_test_split_is_a_reproducible_partition():
    X, y = np.arange(20.0).reshape(10, 2), np.arange(10)
    a = train_test_split(X, y, test_fraction=0.3, rng=np.random.default_rng(1))
    b = train_test_split(X, y, test_fraction=0.3, rng=np.random.default_rng(1))
    for left, right in zip(a, b):
        np.testing.assert_array_equal(left, right)
    X_train, X_test, y_train, y_test = a
    assert len(y_test) == 3 and sorted(np.concatenate([y_train, y_test])) == list(range(10))
    np.testing.assert_array_equal(X_train[:, 0] / 2, y_train)
    with pytest.raises(ValueError, match="test_fraction"):
        train_test_split(X, y, test_fraction=1.0, rng=np.random.default_rng(0))
    # Rows of different lengths: numpy's "inhomogeneous shape" named no argument.
    with pytest.raises(ValueError, match=r"X must be an array of numbers with rows of equal length, got list"):
        train_test_split([[1, 2], [3]], [0, 1], rng=np.random.default_rng(0))


@pytest.mark.parametrize("n, fraction, parts", [(3, 0.1, "0 test and 3 training"),
                                                 (1, 0.9, "1 test and 0 training"),
                                                 (10, 1e-300, "0 test and 10 training")])
def test_train_test_split_refuses_an_empty_part(n, fraction, parts):
    # round(3 × 0.1) = 0: an empty test set came back without a word. Refused before the
    # shuffle, so the generator has drawn nothing.
    rng = np.random.default_rng(5)
    with pytest.raises(ValueError, match=rf"test_fraction={fraction!r} of {n} examples gives "
                                         rf"{parts} examples: each part needs at least one"):
        train_test_split(np.ones((n, 2)), np.arange(n), test_fraction=fraction, rng=rng)
    assert rng.integers(1 << 30) == np.random.default_rng(5).integers(1 << 30)
