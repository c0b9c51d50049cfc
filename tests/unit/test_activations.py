import warnings

import numpy as np
import pytest

import nnbook
from nnbook import check_layer
from nnbook.activations import ReLU, Sigmoid, Softmax, Tanh
from nnbook.functional import (
    log_softmax,
    logsumexp,
    sigmoid,
    sigmoid_prime,
    softmax,
    tanh,
    tanh_prime,
)


@pytest.fixture
def strict_floats():
    # Any overflow, underflow, invalid value or division by zero, and any warning, fails.
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        yield


# --- values at known points -------------------------------------------------------------

def test_sigmoid_and_tanh_values():
    np.testing.assert_allclose(sigmoid([0.0, np.log(3.0), -np.log(3.0)]), [0.5, 0.75, 0.25])
    np.testing.assert_allclose(sigmoid_prime(0.0), 0.25)
    np.testing.assert_allclose(tanh([0.0, 1.0]), [0.0, (np.e**2 - 1) / (np.e**2 + 1)])
    np.testing.assert_allclose(tanh_prime(0.0), 1.0)
    assert sigmoid([[1, 2]]).dtype == np.float64 and sigmoid([[1, 2]]).shape == (1, 2)
    assert isinstance(sigmoid(0.0), float)


def test_softmax_values():
    np.testing.assert_allclose(softmax([0.0, 0.0, 0.0, 0.0]), [0.25] * 4)
    np.testing.assert_allclose(softmax([0.0, np.log(3.0)]), [0.25, 0.75])
    # Adding a constant to every score changes nothing.
    z = np.array([1.0, -2.0, 0.5])
    np.testing.assert_allclose(softmax(z + 100.0), softmax(z))
    np.testing.assert_allclose(logsumexp([0.0, 0.0]), np.log(2.0))
    np.testing.assert_allclose(log_softmax([0.0, np.log(3.0)]), np.log([0.25, 0.75]))


def test_softmax_rows_sum_to_one_and_axis():
    rng = np.random.default_rng(0)
    Z = 10 * rng.standard_normal((7, 5))
    S = softmax(Z)
    assert S.shape == (7, 5) and np.all(S > 0)
    np.testing.assert_allclose(S.sum(axis=1), np.ones(7))
    np.testing.assert_allclose(softmax(Z, axis=0).sum(axis=0), np.ones(5))
    np.testing.assert_allclose(softmax(Z, axis=0), softmax(Z.T).T)
    np.testing.assert_allclose(np.exp(log_softmax(Z)), S)
    np.testing.assert_allclose(logsumexp(Z), np.log(np.exp(Z).sum(axis=1)))
    assert logsumexp(Z, axis=0, keepdims=True).shape == (1, 5)


# --- derivative identities --------------------------------------------------------------

def test_derivative_identities():
    z = np.linspace(-8, 8, 161)
    s = sigmoid(z)
    np.testing.assert_allclose(sigmoid_prime(z), s * (1 - s), rtol=1e-12)
    assert sigmoid_prime(z).max() == 0.25 and np.all(sigmoid_prime(z) <= 0.25)
    np.testing.assert_allclose(tanh(z), 2 * sigmoid(2 * z) - 1, atol=1e-15)
    np.testing.assert_allclose(tanh_prime(z), 1 - tanh(z) ** 2)
    np.testing.assert_allclose(sigmoid(-z), 1 - s, atol=1e-15)


@pytest.mark.parametrize("f, f_prime", [(sigmoid, sigmoid_prime), (tanh, tanh_prime)])
def test_derivatives_match_central_differences(f, f_prime):
    z, h = np.linspace(-5, 5, 41), 1e-6
    np.testing.assert_allclose(f_prime(z), (f(z + h) - f(z - h)) / (2 * h), atol=1e-9)


# --- numerical stability ----------------------------------------------------------------

def test_sigmoid_and_tanh_at_plus_minus_1000(strict_floats):
    z = np.array([-1000.0, -745.0, -40.0, 0.0, 40.0, 1000.0])
    s = sigmoid(z)
    assert np.all(np.isfinite(s)) and np.all((s >= 0) & (s <= 1))
    assert sigmoid(-1000.0) == 0.0 and sigmoid(1000.0) == 1.0
    np.testing.assert_allclose(s[2], np.exp(-40.0) / (1 + np.exp(-40.0)), rtol=1e-15)
    np.testing.assert_array_equal(sigmoid_prime(np.array([-1000.0, 1000.0])), [0.0, 0.0])
    assert sigmoid_prime(40.0) > 0  # not lost to 1 − σ(40) rounding to 0
    np.testing.assert_array_equal(tanh(np.array([-1000.0, 1000.0])), [-1.0, 1.0])
    np.testing.assert_array_equal(tanh_prime(np.array([-1000.0, 1000.0])), [0.0, 0.0])


def test_softmax_of_large_scores(strict_floats):
    np.testing.assert_array_equal(softmax(np.array([1000.0, 1000.0])), [0.5, 0.5])
    np.testing.assert_allclose(softmax(np.array([-1000.0, -1000.0])), [0.5, 0.5])
    np.testing.assert_array_equal(softmax(np.array([0.0, 2000.0])), [0.0, 1.0])
    np.testing.assert_allclose(logsumexp(np.array([1000.0, 1000.0])), 1000 + np.log(2))
    np.testing.assert_allclose(log_softmax(np.array([0.0, 800.0])), [-800.0, 0.0])
    Z = np.array([[1000.0, -1000.0, 0.0], [-1000.0, -1000.0, -1000.0]])
    S = Softmax()(Z)
    np.testing.assert_allclose(S, [[1.0, 0.0, 0.0], [1 / 3, 1 / 3, 1 / 3]])
    Sigmoid()(Z), Tanh()(Z)


def test_logsumexp_of_minus_infinity(strict_floats):
    assert logsumexp(np.array([-np.inf, -np.inf])) == -np.inf
    np.testing.assert_allclose(softmax(np.array([-np.inf, 0.0])), [0.0, 1.0])


# --- the layers -------------------------------------------------------------------------

@pytest.mark.parametrize("layer_class", [Sigmoid, Tanh, Softmax])
@pytest.mark.parametrize("shape", [(1, 5), (3, 4), (5, 3)])
def test_gradient_check(layer_class, shape):
    # CS231n practice: few data points, inputs where the functions are not saturated.
    # (check_layer takes the max relative error over entries; with many entries some true
    # gradient is nearly 0 and the rounding noise of the cost, ~1e-16·|C|/eps, dominates.)
    rng = np.random.default_rng(sum(shape))
    errors = check_layer(layer_class(), rng.standard_normal(shape), rng=rng)
    assert set(errors) == {"x"}
    assert errors["x"] < 1e-7, errors


def test_layers_match_the_functions():
    Z = np.random.default_rng(2).standard_normal((3, 4))
    np.testing.assert_array_equal(Sigmoid()(Z), sigmoid(Z))
    np.testing.assert_array_equal(Tanh()(Z), tanh(Z))
    np.testing.assert_array_equal(Softmax()(Z), softmax(Z))
    for layer in (Sigmoid(), Tanh(), Softmax()):
        assert layer.params == {} and layer.num_parameters() == 0
        assert repr(layer) == f"{type(layer).__name__}()"


def test_elementwise_backward_is_derivative_times_grad_out():
    rng = np.random.default_rng(3)
    Z, G = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    for layer, f_prime in ((Sigmoid(), sigmoid_prime), (Tanh(), tanh_prime)):
        layer(Z)
        np.testing.assert_allclose(layer.backward(G), G * f_prime(Z), rtol=1e-12)


def test_softmax_backward_is_the_jacobian_vector_product():
    rng = np.random.default_rng(4)
    Z, G = rng.standard_normal((5, 4)), rng.standard_normal((5, 4))
    layer = Softmax()
    S = layer(Z)
    dZ = layer.backward(G)
    for n in range(5):
        jacobian = np.diag(S[n]) - np.outer(S[n], S[n])  # ds_i/dz_j = s_i(δ_ij − s_j)
        np.testing.assert_allclose(dZ[n], jacobian.T @ G[n], atol=1e-15)
    # A gradient that is the same for every class moves nothing: the outputs sum to 1.
    np.testing.assert_allclose(layer.backward(np.ones((5, 4))), 0.0, atol=1e-15)


@pytest.mark.parametrize("layer_class", [ReLU, Sigmoid, Tanh, Softmax])
def test_layer_errors(layer_class):
    layer = layer_class()
    name = layer_class.__name__
    with pytest.raises(ValueError, match=f"{name}.backward called before forward"):
        layer.backward(np.ones((2, 3)))
    layer(np.ones((2, 3)))
    with pytest.raises(ValueError, match=rf"{name} grad_out .*shape \(2, 3\), got shape \(3, 2\)"):
        layer.backward(np.ones((3, 2)))
    with pytest.raises(TypeError, match="array of numbers"):
        layer(np.array([["a", "b"]]))


def test_function_errors():
    for f in (sigmoid, sigmoid_prime, tanh, tanh_prime, softmax, log_softmax, logsumexp):
        with pytest.raises(TypeError, match="array of numbers"):
            f("abc")
    with pytest.raises(ValueError, match="axis must name axes of an array of 2 dimensions, each once, got 2"):
        softmax(np.ones((2, 2)), axis=2)


def test_a_new_activation_needs_only_forward_and_its_local_derivative():
    class Square(nnbook.Activation):  # a = z², da/dz = 2z
        def forward(self, z):
            self._kept = np.asarray(z, dtype=float)
            return self._kept**2

        def _grad_in(self, grad_out):
            return grad_out * 2.0 * self._kept

    layer = Square()
    errors = nnbook.check_layer(layer, np.random.default_rng(0).standard_normal((3, 4)), rng=1)
    assert errors["x"] < 1e-7
    with pytest.raises(ValueError, match=r"Square grad_out must have shape \(3, 4\), got shape \(4, 3\)"):
        layer.backward(np.ones((4, 3)))
    assert layer.backward(np.ones((3, 4)), input_grad=False) is None
