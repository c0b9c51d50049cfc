import numpy as np
import pytest

from nnbook.datasets import mnist
from nnbook.mnist_prep import prepare_digit, resample_matrix


def centre_of_mass(image):
    r, c = np.indices(image.shape)
    return (image * r).sum() / image.sum(), (image * c).sum() / image.sum()


def test_resample_rows_sum_to_one_and_keep_ink():
    for n_in, n_out in [(7, 20), (40, 20), (20, 20), (3, 1)]:
        m = resample_matrix(n_in, n_out)
        assert m.shape == (n_out, n_in)
        np.testing.assert_allclose(m.sum(axis=1), 1.0)
        # the total ink per unit length is kept
        np.testing.assert_allclose(m.sum(axis=0).sum() * n_in / n_out, n_in)


def test_identity_when_sizes_match():
    np.testing.assert_allclose(resample_matrix(20, 20), np.eye(20))


def test_small_corner_stroke_is_fitted_and_centred():
    ink = np.zeros((28, 28))
    ink[1:6, 2:4] = 1.0  # a small bar, 5 tall and 2 wide, in the corner
    out = prepare_digit(ink)
    rows = np.flatnonzero(out.max(axis=1) > 0)
    cols = np.flatnonzero(out.max(axis=0) > 0)
    assert len(rows) == 20 and len(cols) == 8  # 20 × round(20 * 2 / 5)
    r, c = centre_of_mass(out)
    assert abs(r - 14) <= 0.5 and abs(c - 14) <= 0.5
    assert out.max() == pytest.approx(1.0)


def test_mnist_digits_are_nearly_unchanged():
    # MNIST's own digits already are prepared: doing it again moves them little
    images = mnist("test").images[:50]  # pixels in [0, 1], as prepare_digit returns
    diffs = [np.abs(prepare_digit(x) - x).mean() for x in images]
    assert np.median(diffs) < 0.05


def test_any_size_and_blank():
    big = np.zeros((100, 60))
    big[10:90, 20:30] = 0.7
    out = prepare_digit(big)
    assert out.shape == (28, 28)
    assert np.flatnonzero(out.max(axis=1) > 0).size == 20
    np.testing.assert_array_equal(prepare_digit(np.zeros((28, 28))), np.zeros((28, 28)))


@pytest.mark.parametrize("bad, match", [
    (np.zeros(28), "2 dimensions"),
    (np.zeros((0, 5)), "at least one pixel"),
    (-np.ones((3, 3)), ">= 0"),
    (np.full((3, 3), np.nan), "finite"),
])
def test_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        prepare_digit(bad)
    with pytest.raises(TypeError, match="ink must be an array of numbers"):
        prepare_digit([["a"]])
