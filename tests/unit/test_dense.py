import numpy as np
import pytest

from nnbook import Dense, check_layer


def test_forward_is_x_wt_plus_b():
    layer = Dense(3, 2, rng=0)
    layer.W = [[1.0, 2.0, 3.0], [0.0, -1.0, 0.5]]
    layer.b = [0.5, -1.0]
    X = np.array([[1.0, 1.0, 1.0], [2.0, 0.0, -2.0]])
    expected = np.array([[6.5, -1.5], [-3.5, -2.0]])
    np.testing.assert_allclose(layer(X), expected)


def test_shapes_follow_the_contract():
    layer = Dense(4, 3, rng=np.random.default_rng(1))
    assert layer.params["W"].shape == (3, 4)
    assert layer.params["b"].shape == (3,)
    assert layer.params["W"].dtype == np.float64
    assert layer.forward(np.ones((5, 4))).shape == (5, 3)
    assert layer.num_parameters() == 15


def test_initialisation_is_reproducible_and_scaled():
    a = Dense(100, 10, rng=np.random.default_rng(3)).W
    b = Dense(100, 10, rng=np.random.default_rng(3)).W
    np.testing.assert_array_equal(a, b)
    assert np.abs(a).max() <= 1 / np.sqrt(100)


@pytest.mark.parametrize("n, d_in, d_out", [(1, 1, 1), (5, 4, 3), (7, 2, 6)])
def test_gradient_check(n, d_in, d_out):
    rng = np.random.default_rng(n + d_in + d_out)
    layer = Dense(d_in, d_out, rng=rng)
    layer.b = rng.standard_normal(d_out)
    errors = check_layer(layer, rng.standard_normal((n, d_in)), rng=rng)
    assert set(errors) == {"x", "W", "b"}
    assert max(errors.values()) < 1e-7, errors


def test_gradients_match_reference_formulas():
    rng = np.random.default_rng(5)
    layer = Dense(3, 2, rng=rng)
    X = rng.standard_normal((4, 3))
    G = rng.standard_normal((4, 2))
    layer(X)
    dX = layer.backward(G)
    # Per-example sums written out, to compare with the vectorised backward.
    dW = sum(np.outer(G[n], X[n]) for n in range(4))
    np.testing.assert_allclose(layer.grads["W"], dW)
    np.testing.assert_allclose(layer.grads["b"], G.sum(axis=0))
    np.testing.assert_allclose(dX, G @ layer.W)


def test_backward_overwrites_grads():
    layer = Dense(2, 2, rng=0)
    X = np.ones((1, 2))
    layer(X)
    layer.backward(np.ones((1, 2)))
    layer(X)
    layer.backward(np.ones((1, 2)))
    np.testing.assert_allclose(layer.grads["b"], [1.0, 1.0])


def test_wrong_input_shape_names_expected_and_received():
    layer = Dense(3, 2)
    with pytest.raises(ValueError, match=r"shape \(N, 3\), got shape \(4, 5\)"):
        layer(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        layer(np.ones(3))


def test_wrong_parameter_shapes_and_types():
    layer = Dense(3, 2)
    with pytest.raises(ValueError, match=r"W must have shape \(2, 3\), got shape \(3, 2\)"):
        layer.W = np.ones((3, 2))
    with pytest.raises(ValueError, match=r"b must have shape \(2,\), got shape \(3,\)"):
        layer.b = np.ones(3)
    with pytest.raises(TypeError, match="array of numbers"):
        layer(np.array([["a", "b", "c"]]))
    with pytest.raises(ValueError, match="positive integer"):
        Dense(0, 2)
    with pytest.raises(TypeError, match="rng must be"):
        Dense(2, 2, rng="seed")


@pytest.mark.parametrize("name, index", [("W", (1, 2)), ("b", (0,))])
@pytest.mark.parametrize("value", [np.nan, np.inf, -np.inf])
def test_a_weight_spoiled_in_place_is_named_and_nothing_kept(name, index, value):
    """Setting ``layer.W`` checks the values; writing into the array does not, and then
    every output was NaN or inf without a word (Conv2D named it): forward names it."""
    layer = Dense(3, 2, rng=0)
    before = np.ones((4, 3))
    layer(before)
    layer.params[name][index] = value
    with pytest.raises(ValueError, match=rf"{name} must hold finite numbers, got "
                                         rf"{value} at index \({index[0]}, ?"):
        layer(np.zeros((5, 3)))
    assert layer._X is before  # what backward needs is the last good forward's


def test_backward_errors():
    layer = Dense(3, 2)
    with pytest.raises(ValueError, match="before forward"):
        layer.backward(np.ones((1, 2)))
    layer(np.ones((4, 3)))
    with pytest.raises(ValueError, match=r"shape \(4, 2\), got shape \(4, 3\)"):
        layer.backward(np.ones((4, 3)))


def test_matches_a_hand_written_loop():
    rng = np.random.default_rng(11)
    layer = Dense(5, 4, rng=rng)
    layer.b = rng.standard_normal(4)
    X = rng.standard_normal((3, 5))
    loop = np.array(
        [[sum(X[n, k] * layer.W[j, k] for k in range(5)) + layer.b[j] for j in range(4)]
         for n in range(3)]
    )
    np.testing.assert_allclose(layer(X), loop)


def test_setting_weights_writes_into_the_same_array():
    # An optimiser made before the weights are set keeps updating the layer's arrays.
    layer = Dense(2, 1, rng=0)
    before = layer.params["W"]
    layer.W = [[3.0, 4.0]]
    assert layer.params["W"] is before
    np.testing.assert_array_equal(before, [[3.0, 4.0]])
