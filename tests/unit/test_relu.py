import numpy as np
import pytest

from nnbook import ReLU, check_layer
from nnbook.functional import relu, relu_prime


def test_relu_values():
    z = np.array([-2.0, -0.0, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(relu(z), [0.0, 0.0, 0.0, 0.5, 3.0])
    np.testing.assert_array_equal(relu_prime(z), [0.0, 0.0, 0.0, 1.0, 1.0])
    assert relu([[1, -1]]).dtype == np.float64


def test_relu_layer_gradient_check_away_from_the_kink():
    rng = np.random.default_rng(0)
    z = rng.standard_normal((6, 5))
    z[np.abs(z) < 0.01] = 0.5  # keep every entry further than eps from the kink
    errors = check_layer(ReLU(), z, rng=rng)
    assert errors["x"] < 1e-7, errors


def test_relu_layer_gradient_check_random_inputs():
    # Random inputs may lie within eps of 0, where finite differences straddle the kink:
    # the looser threshold of DESIGN.md applies.
    rng = np.random.default_rng(1)
    errors = check_layer(ReLU(), rng.standard_normal((20, 10)), rng=rng)
    assert errors["x"] < 1e-5, errors


def test_relu_backward_masks_negative_inputs():
    layer = ReLU()
    layer(np.array([[-1.0, 2.0]]))
    np.testing.assert_array_equal(layer.backward(np.array([[5.0, 5.0]])), [[0.0, 5.0]])
    assert layer.params == {} and layer.num_parameters() == 0


def test_relu_errors():
    layer = ReLU()
    with pytest.raises(ValueError, match="before forward"):
        layer.backward(np.ones(2))
    layer(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got shape \(3, 2\)"):
        layer.backward(np.ones((3, 2)))
    with pytest.raises(TypeError, match="array of numbers"):
        relu("abc")
