"""The shortcuts taken for speed (see benchmarks/) change no result.

- ``as_float_array`` returns a float64 ndarray itself, without checks or copies;
- ``sigmoid`` divides once, by ``1 + e``, with the numerator 1 or ``e``: the same bits as
  the two branches computed apart;
- ``fit`` calls ``backward(..., input_grad=False)``: the same grads, without the input
  gradient that training does not use, and counts correct answers exactly, once an epoch.
"""

import numpy as np
import pytest

import nnbook
from nnbook._checks import as_float_array
from nnbook.functional import sigmoid
from nnbook.training import _fraction_correct, _guess, accuracy, fit, one_hot


def test_as_float_array_returns_float64_arrays_themselves():
    x = np.ones((2, 3))
    assert as_float_array(x) is x
    assert as_float_array([[1, 2]]).dtype == np.float64
    assert as_float_array(np.ones(2, dtype=np.float32)).dtype == np.float64
    assert as_float_array(np.ones(2, dtype=">f8")).dtype == np.float64  # byte order fixed
    with pytest.raises(TypeError, match="array of numbers"):
        as_float_array(np.array(["a"]))


def _sigmoid_two_branches(z):
    # The two branches of the docstring, each computed in full.
    z = np.asarray(z, dtype=np.float64)
    with np.errstate(under="ignore"):
        e = np.exp(-np.abs(z))
        return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))[()]


@pytest.mark.parametrize("z", [
    np.random.default_rng(0).standard_normal((40, 30)) * 20,
    np.array([-1000.0, -745.0, -720.0, -40.0, -0.0, 0.0, 40.0, 1000.0, np.inf, -np.inf,
              5e-324, -5e-324]),  # (NaN is refused: tests/properties/test_nonfinite_math.py)
    np.random.default_rng(1).standard_normal((6, 5)).T,  # not contiguous
    3.0, -2, [[1, 2]],
])
def test_sigmoid_is_bitwise_the_two_branch_formula(z):
    ours, reference = sigmoid(z), _sigmoid_two_branches(z)
    np.testing.assert_array_equal(ours, reference)
    assert type(ours) is type(reference)
    assert np.shape(ours) == np.shape(z)


def test_sigmoid_does_not_change_its_input():
    z = np.array([-3.0, 0.0, 2.0])
    sigmoid(z)
    np.testing.assert_array_equal(z, [-3.0, 0.0, 2.0])


def _network(first, rng):
    layers = {"dense": [], "flatten": [nnbook.Flatten()], "relu": [nnbook.ReLU()]}[first]
    return nnbook.Sequential(*layers, nnbook.Dense(4, 5, rng=rng), nnbook.Sigmoid(),
                             nnbook.Dense(5, 3, rng=rng))


@pytest.mark.parametrize("first", ["dense", "flatten", "relu"])
def test_backward_without_input_grad_fills_the_same_grads(first):
    rng = np.random.default_rng(3)
    model = _network(first, rng)
    X, G = rng.standard_normal((6, 4)), rng.standard_normal((6, 3))
    model(X)
    model.backward(G)
    expected = {k: v.copy() for k, v in model.grads.items()}
    for layer in model:
        layer.grads.clear()
    model(X)
    assert model.backward(G, input_grad=False) is None
    assert expected.keys() == model.grads.keys()
    for key, value in expected.items():
        np.testing.assert_array_equal(model.grads[key], value)


def test_backward_without_input_grad_checks_like_backward():
    model = _network("dense", np.random.default_rng(4))
    with pytest.raises(ValueError, match="before forward"):
        model.backward(input_grad=False, grad_out=np.ones((2, 3)))
    model(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"grad_out must have shape \(2, 3\), got shape \(3, 2\)"):
        model.backward(input_grad=False, grad_out=np.ones((3, 2)))
    dense = nnbook.Dense(4, 3, rng=0)
    dense(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"shape \(2, 3\), got shape \(2, 4\)"):
        dense.backward(np.ones((2, 4)), input_grad=False)


def test_conv2d_skips_its_input_gradient_with_the_same_grads():
    conv = nnbook.Conv2D(1, 2, 3, rng=0)
    x = np.random.default_rng(5).standard_normal((2, 1, 5, 5))
    model = nnbook.Sequential(conv, nnbook.Flatten())
    G = np.ones_like(model(x))
    assert model.backward(G, input_grad=False) is None
    assert conv.backward(G.reshape(2, 2, 3, 3), input_grad=False) is None
    dW = conv.grads["W"].copy()
    model(x)
    model.backward(G)
    np.testing.assert_array_equal(conv.grads["W"], dW)


def test_guesses_counted_once_give_accuracy():
    rng = np.random.default_rng(6)
    pred, labels = rng.standard_normal((50, 4)), rng.integers(0, 4, 50)
    batches = [pred[:20], pred[20:27], pred[27:]]
    fraction = _fraction_correct([_guess(p) for p in batches], labels)
    assert fraction == accuracy(pred, labels)
    assert np.isnan(_fraction_correct([_guess(pred[:, :1])], labels))  # one output
    with pytest.raises(ValueError, match=r"shape \(N, K\), got shape \(5,\)"):
        _guess(np.ones(5))


def test_fit_accuracy_is_an_exact_fraction_and_y_is_checked():
    rng = np.random.default_rng(7)
    X, y = rng.standard_normal((30, 4)), rng.integers(0, 3, 30)
    model = nnbook.Sequential(nnbook.Dense(4, 3, rng=rng))
    history = fit(model, X, y, loss=nnbook.CrossEntropy(), optimizer=nnbook.SGD(model, lr=0.1),
                  epochs=2, batch_size=7, rng=rng)
    assert all(round(a * 30) / 30 == a for a in history.accuracy)
    with pytest.raises(ValueError, match=r"y does not fit the model's output of shape \(3,\).*target shape \(30, 3, 1\)"):
        fit(model, X, np.zeros((30, 3, 1)), loss=nnbook.MSE(),
            optimizer=nnbook.SGD(model, lr=0.1), epochs=1, batch_size=7, rng=rng)
    fit(model, X, one_hot(y, 3), loss=nnbook.MSE(), optimizer=nnbook.SGD(model, lr=0.1),
        epochs=1, batch_size=7, rng=rng)
