"""MNIST's official split, read from the one file the book serves (mnist.npz)."""

import numpy as np
import pytest

import nnbook
from nnbook.mnist_split import read_arrays

TEST_COUNTS = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]  # MNIST's test set
TRAIN_COUNTS = [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]


def test_the_file_holds_all_of_mnist():
    arrays = read_arrays()
    assert arrays["train_images"].shape == (60000, 28, 28)
    assert arrays["test_images"].shape == (10000, 28, 28)
    assert np.bincount(arrays["test_labels"]).tolist() == TEST_COUNTS
    assert np.bincount(arrays["train_labels"]).tolist() == TRAIN_COUNTS
    assert arrays["train_labels"][:5].tolist() == [5, 0, 4, 1, 9]  # MNIST's first digits
    assert arrays["test_labels"][:5].tolist() == [7, 2, 1, 0, 4]


def test_the_split_is_50000_10000_10000_in_the_files_order():
    arrays = read_arrays()
    parts = {kind: nnbook.datasets.mnist(kind) for kind in ("train", "validation", "test")}
    assert [len(p.y) for p in parts.values()] == [50000, 10000, 10000]
    train_images = np.concatenate([parts["train"].images, parts["validation"].images])
    assert np.array_equal(np.rint(train_images * 255), arrays["train_images"])
    assert np.array_equal(np.concatenate([parts["train"].y, parts["validation"].y]),
                          arrays["train_labels"])
    test = parts["test"]
    assert test.X.shape == (10000, 784) and test.X.dtype == np.float64
    assert test.X.min() == 0.0 and test.X.max() == 1.0
    assert np.shares_memory(test.X, test.images) and test.y.dtype == np.int64


def test_a_missing_file_says_where_it_looked_and_how_to_get_it(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_DATA", raising=False)
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"no MNIST file at mnist.npz: download "
                                                r"mnist.npz from the book's site"):
        nnbook.datasets.mnist()
    monkeypatch.setenv("NNBOOK_DATA", str(tmp_path / "data"))
    with pytest.raises(FileNotFoundError, match=r"data/mnist.npz.*'make setup' makes it"):
        nnbook.datasets.mnist("test")


def test_the_file_is_read_once_and_nobody_can_change_what_was_read():
    arrays = read_arrays()
    assert read_arrays() is arrays
    with pytest.raises(ValueError, match="read-only"):
        arrays["test_labels"][0] = 3
    test = nnbook.datasets.mnist("test")
    test.X[0] = 0.5  # the caller's own copy
    assert not np.array_equal(nnbook.datasets.mnist("test").X[0], test.X[0])


def test_a_wrong_kind_is_refused_by_name():
    with pytest.raises(ValueError, match=r"kind must be one of \('train', 'validation', "
                                         r"'test'\), got 'valid'"):
        nnbook.datasets.mnist("valid")
    with pytest.raises(TypeError, match="kind must be one of .*, got int"):
        nnbook.datasets.mnist(0)


def _small_file(path, **changes):
    arrays = {"train_images": np.zeros((60000, 28, 28), np.uint8),
              "train_labels": np.zeros(60000, np.uint8),
              "test_images": np.zeros((10000, 28, 28), np.uint8),
              "test_labels": np.zeros(10000, np.uint8)}
    arrays.update(changes)
    arrays = {k: v for k, v in arrays.items() if v is not None}
    np.savez_compressed(path, **arrays)
    return path


@pytest.mark.parametrize("changes, message", [
    ({"test_labels": None}, r"holds \['test_images', 'train_images', 'train_labels'\]"),
    ({"test_images": np.zeros((10000, 28, 28), np.float64)},
     r"test_images must be uint8 of shape \(10000, 28, 28\), got float64"),
    ({"train_labels": np.zeros(59999, np.uint8)},
     r"train_labels must be uint8 of shape \(60000,\), got uint8 \(59999,\)"),
    ({"test_labels": np.full(10000, 200, np.uint8)},
     "test_labels must be digits 0-9, got 200"),
])
def test_a_file_with_other_arrays_is_refused_with_its_name(tmp_path, changes, message):
    path = _small_file(tmp_path / "other.npz", **changes)
    with pytest.raises(ValueError, match=message) as error:
        nnbook.datasets.mnist("test", path=path)
    assert str(path) in str(error.value) and "download mnist.npz" in str(error.value)


def test_every_damaged_copy_is_refused_by_name_or_reads_right(tmp_path):
    """The class of damaged files: cut short anywhere, or with a byte changed anywhere.
    Never a wrong result: a ValueError naming the file, or (for a byte that holds no data,
    such as a date) the same arrays."""
    good = _small_file(tmp_path / "good.npz").read_bytes()
    rng = np.random.default_rng(0)
    cut = [good[:n] for n in rng.integers(0, len(good), 40)] + [b""]
    flipped = []
    for position in rng.integers(0, len(good), 40):
        data = bytearray(good)
        data[position] ^= 0xFF
        flipped.append(bytes(data))
    for i, data in enumerate(cut + flipped):
        path = tmp_path / f"mnist{i}.npz"  # a new name: no earlier read is reused
        path.write_bytes(data)
        try:
            test = nnbook.datasets.mnist("test", path=path)
        except ValueError as error:
            assert str(path) in str(error) and "download mnist.npz" in str(error)
        else:
            assert len(data) == len(good), "a file cut short was read"
            assert not test.X.any() and not test.y.any()
