import warnings

import numpy as np
import pytest

from nnbook import gradient_check, numerical_gradient
from nnbook.losses import (
    MSE,
    BinaryCrossEntropy,
    CrossEntropy,
    absolute_error,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy,
    cross_entropy_with_logits,
    mae,
    mean_bias_error,
    mse,
    squared_error,
)


@pytest.fixture
def strict_floats():
    """Warnings are errors, and so are overflow, division by zero and invalid results."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            yield


def softmax_by_hand(Z):
    E = np.exp(Z - Z.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def sigmoid_by_hand(z):
    return 1 / (1 + np.exp(-z))


# --- worked values ---------------------------------------------------------------------


def test_regression_losses_worked_values():
    pred, target = [1.0, 2.0, 3.0], [1.0, 0.0, 5.0]
    np.testing.assert_array_equal(squared_error(pred, target), [0.0, 4.0, 4.0])
    np.testing.assert_array_equal(absolute_error(pred, target), [0.0, 2.0, 2.0])
    assert mse(pred, target) == pytest.approx(8 / 3)
    assert mae(pred, target) == pytest.approx(4 / 3)
    # +2 and −2 cancel: no bias on average although two predictions are off by 2.
    assert mean_bias_error(pred, target) == 0.0
    assert mean_bias_error([3.0, 5.0], [1.0, 1.0]) == pytest.approx(3.0)
    assert mean_bias_error([0.0, 0.0], [1.0, 3.0]) == pytest.approx(-2.0)
    assert isinstance(mse(pred, target), float)


def test_squared_error_punishes_outliers_more_than_absolute_error():
    small, big = [1.0, 1.0], [0.0, 10.0]
    target = [0.0, 0.0]
    assert mae(big, target) / mae(small, target) == pytest.approx(5.0)
    assert mse(big, target) / mse(small, target) == pytest.approx(50.0)


def test_binary_cross_entropy_worked_values():
    p, y = np.array([0.9, 0.2]), np.array([1.0, 0.0])
    assert binary_cross_entropy(p, y) == pytest.approx(-(np.log(0.9) + np.log(0.8)) / 2)
    assert binary_cross_entropy(0.5, 1.0) == pytest.approx(np.log(2))
    z = np.array([-2.0, 0.0, 3.0])
    y = np.array([1.0, 0.0, 1.0])
    assert binary_cross_entropy_with_logits(z, y) == pytest.approx(
        binary_cross_entropy(sigmoid_by_hand(z), y), rel=1e-12
    )


def test_categorical_cross_entropy_worked_values():
    P = np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8]])
    labels = np.array([0, 2])
    # Only the true class's probability counts.
    assert categorical_cross_entropy(P, labels) == pytest.approx(-(np.log(0.7) + np.log(0.8)) / 2)
    Z = np.array([[1.0, 2.0, 3.0], [0.5, -1.0, 0.0]])
    expected = np.mean([np.log(np.exp(Z[0]).sum()) - 1.0, np.log(np.exp(Z[1]).sum()) - 0.0])
    assert cross_entropy_with_logits(Z, [0, 2]) == pytest.approx(expected, rel=1e-12)
    assert cross_entropy_with_logits(Z, [0, 2]) == pytest.approx(
        categorical_cross_entropy(softmax_by_hand(Z), [0, 2]), rel=1e-12
    )
    # Uniform guess over K classes costs log K.
    assert cross_entropy_with_logits(np.zeros((4, 10)), [0, 3, 9, 5]) == pytest.approx(np.log(10))


# --- stability ------------------------------------------------------------------------


def test_probabilities_exactly_zero_and_one(strict_floats):
    # Sure and right: exactly 0, not nan (0·log 0 counts as 0).
    assert binary_cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert categorical_cross_entropy([[0.0, 1.0, 0.0]], [1]) == 0.0
    # Sure and wrong: inf, without a warning.
    assert binary_cross_entropy([0.0], [1.0]) == np.inf
    assert binary_cross_entropy([1.0, 0.5], [0.0, 1.0]) == np.inf
    assert categorical_cross_entropy([[1.0, 0.0]], [1]) == np.inf
    # Soft targets with a probability of exactly 0 for a class they still want: inf too.
    assert binary_cross_entropy([0.0], [0.3]) == np.inf


def test_logits_of_800(strict_floats):
    assert cross_entropy_with_logits([[0.0, 800.0]], [0]) == pytest.approx(800.0)
    assert cross_entropy_with_logits([[0.0, 800.0]], [1]) == 0.0
    assert cross_entropy_with_logits([[800.0, -800.0]], [1]) == pytest.approx(1600.0)
    assert cross_entropy_with_logits([[1000.0, 1000.0]], [0]) == pytest.approx(np.log(2))
    assert binary_cross_entropy_with_logits([800.0, -800.0], [1.0, 0.0]) == 0.0
    assert binary_cross_entropy_with_logits([800.0, -800.0], [0.0, 1.0]) == pytest.approx(800.0)


def test_a_sure_right_answer_costs_plus_zero(strict_floats):
    # Not −0.0, which equals 0.0 but prints as "-0.0" in the book.
    values = [
        cross_entropy_with_logits([[0.0, 800.0]], [1]),
        categorical_cross_entropy([[0.0, 1.0]], [1]),
        binary_cross_entropy([1.0, 0.0], [1.0, 0.0]),
        binary_cross_entropy_with_logits([800.0], [1.0]),
        CrossEntropy().forward(np.array([[0.0, 800.0]]), [1]),
        BinaryCrossEntropy().forward(np.array([800.0]), np.array([1.0])),
    ]
    for value in values:
        assert value == 0.0 and np.copysign(1.0, value) == 1.0, values


def test_loss_classes_at_extreme_logits(strict_floats):
    ce = CrossEntropy()
    assert ce.forward(np.array([[0.0, 800.0], [-800.0, 800.0]]), [0, 1]) == pytest.approx(400.0)
    np.testing.assert_allclose(ce.backward(), [[-0.5, 0.5], [0.0, 0.0]], atol=1e-300)
    bce = BinaryCrossEntropy()
    assert bce.forward(np.array([800.0, -800.0]), np.array([0.0, 0.0])) == pytest.approx(400.0)
    np.testing.assert_allclose(bce.backward(), [0.5, 0.0], atol=1e-300)


# --- loss classes ---------------------------------------------------------------------


def test_mse_class_value_and_gradient_by_hand():
    loss = MSE()
    pred, target = np.array([[1.0], [3.0]]), np.array([[0.0], [0.0]])
    assert loss(pred, target) == pytest.approx(5.0)
    np.testing.assert_allclose(loss.backward(), [[1.0], [3.0]])  # 2(a − y)/n


def test_cross_entropy_class_gradient_by_hand():
    loss = CrossEntropy()
    Z = np.array([[0.0, 0.0], [np.log(3.0), 0.0]])
    assert loss.forward(Z, [1, 0]) == pytest.approx((np.log(2) + np.log(4 / 3)) / 2)
    np.testing.assert_allclose(loss.backward(), [[0.25, -0.25], [-0.125, 0.125]])


@pytest.mark.parametrize("shape", [(1, 1), (5, 1), (4, 3)])
def test_mse_class_gradient_check(shape):
    rng = np.random.default_rng(sum(shape))
    pred, target = rng.standard_normal(shape), rng.standard_normal(shape)
    loss = MSE()
    loss.forward(pred, target)
    assert gradient_check(lambda p: loss.forward(p, target), pred, loss.backward()) < 1e-7


@pytest.mark.parametrize("n, k", [(1, 2), (4, 3), (6, 5), (3, 10)])
def test_cross_entropy_class_gradient_check(n, k):
    rng = np.random.default_rng(n * k)
    # Logits of order 1 (CS231n practice): with large logits some gradient entries are
    # ~1e-7, below what central differences resolve (rounding ~1e-10), and the relative
    # error of those entries says nothing about the code.
    Z, labels = rng.standard_normal((n, k)), rng.integers(0, k, n)
    loss = CrossEntropy()
    loss.forward(Z, labels)
    assert gradient_check(lambda z: loss.forward(z, labels), Z, loss.backward()) < 1e-7


@pytest.mark.parametrize("shape", [(1,), (6,), (4, 2)])
def test_binary_cross_entropy_class_gradient_check(shape):
    rng = np.random.default_rng(len(shape) + shape[0])
    z, y = rng.standard_normal(shape), rng.uniform(0, 1, shape)
    loss = BinaryCrossEntropy()
    loss.forward(z, y)
    assert gradient_check(lambda v: loss.forward(v, y), z, loss.backward()) < 1e-7


def test_loss_functions_gradient_check_against_formulas():
    rng = np.random.default_rng(42)
    pred, target = rng.standard_normal((4, 3)), rng.standard_normal((4, 3))
    n = pred.size
    G = rng.standard_normal((4, 3))  # weights every element differently
    checks = [
        (lambda p: np.sum(squared_error(p, target) * G), 2 * (pred - target) * G),
        (lambda p: np.sum(absolute_error(p, target) * G), np.sign(pred - target) * G),
        (lambda p: mse(p, target), 2 * (pred - target) / n),
        (lambda p: mae(p, target), np.sign(pred - target) / n),
        (lambda p: mean_bias_error(p, target), np.full(pred.shape, 1 / n)),
    ]
    for f, analytic in checks:
        assert gradient_check(f, pred, analytic) < 1e-7


def test_cross_entropy_functions_gradient_check_against_formulas():
    rng = np.random.default_rng(7)
    p, y = rng.uniform(0.05, 0.95, 6), rng.uniform(0, 1, 6)
    dp = -(y / p - (1 - y) / (1 - p)) / p.size
    assert gradient_check(lambda v: binary_cross_entropy(v, y), p, dp) < 1e-7
    z = 2 * rng.standard_normal(6)
    dz = (sigmoid_by_hand(z) - y) / z.size
    assert gradient_check(lambda v: binary_cross_entropy_with_logits(v, y), z, dz) < 1e-7
    Z, labels = rng.standard_normal((5, 4)), np.array([0, 3, 1, 1, 2])
    onehot = np.eye(4)[labels]
    dZ = (softmax_by_hand(Z) - onehot) / 5
    assert gradient_check(lambda v: cross_entropy_with_logits(v, labels), Z, dZ) < 1e-7
    P = softmax_by_hand(Z)
    dP = -onehot / (5 * P)  # only the true class's probability counts
    assert gradient_check(lambda v: categorical_cross_entropy(v, labels), P, dP) < 1e-7


def test_numerical_gradient_of_mse_matches_class_backward_on_a_batch():
    rng = np.random.default_rng(3)
    pred, target = rng.standard_normal((6, 2)), rng.standard_normal((6, 2))
    loss = MSE()
    loss(pred, target)
    np.testing.assert_allclose(
        numerical_gradient(lambda p: mse(p, target), pred), loss.backward(), rtol=1e-7
    )


# --- bad input ------------------------------------------------------------------------


def test_shapes_must_match():
    with pytest.raises(ValueError, match=r"pred shape \(3, 1\) and target shape \(3,\)"):
        mse(np.ones((3, 1)), np.ones(3))
    with pytest.raises(ValueError, match=r"pred shape \(2,\) and target shape \(3,\)"):
        MSE().forward(np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match=r"z shape \(2,\) and y shape \(2, 1\)"):
        BinaryCrossEntropy().forward(np.ones(2), np.ones((2, 1)))
    with pytest.raises(ValueError, match=r"labels must have shape \(2,\), got shape \(3,\)"):
        cross_entropy_with_logits(np.zeros((2, 3)), [0, 1, 2])
    with pytest.raises(ValueError, match=r"Z must have 2 dimensions .*got shape \(3,\)"):
        CrossEntropy().forward(np.zeros(3), [0])
    with pytest.raises(ValueError, match="at least one"):
        mse([], [])


def test_labels_must_be_integer_class_indices():
    Z = np.zeros((2, 3))
    with pytest.raises(TypeError, match="integers .*got dtype float64"):
        cross_entropy_with_logits(Z, np.array([0.0, 1.0]))
    with pytest.raises(ValueError, match=r"in \[0, 3\), got values from 0 to 3"):
        CrossEntropy().forward(Z, [0, 3])
    with pytest.raises(ValueError, match=r"in \[0, 3\), got values from -1 to 2"):
        categorical_cross_entropy(np.full((2, 3), 1 / 3), [-1, 2])


def test_probabilities_must_be_probabilities():
    with pytest.raises(ValueError, match=r"p must hold values in \[0, 1\]"):
        binary_cross_entropy([1.5], [1.0])
    with pytest.raises(ValueError, match=r"y must hold values in \[0, 1\]"):
        binary_cross_entropy_with_logits([1.5], [2.0])
    with pytest.raises(ValueError, match="for logits use cross_entropy_with_logits"):
        categorical_cross_entropy([[2.0, -1.0]], [0])
    with pytest.raises(TypeError, match="array of numbers"):
        mse(["a"], ["b"])


@pytest.mark.parametrize("loss", [MSE(), CrossEntropy(), BinaryCrossEntropy()])
def test_backward_before_forward(loss):
    with pytest.raises(ValueError, match="before forward"):
        loss.backward()


def test_one_log_softmax_exact_for_large_equal_logits():
    # One implementation serves nnbook.functional and the losses: for logits [1000, 1000]
    # both give log(1/2) to the last digit (z − (m + log 2) would lose the last digits).
    from nnbook import functional as F

    z = np.array([[1000.0, 1000.0]])
    assert F.log_softmax(z)[0, 0] == np.log(0.5)
    from nnbook import CrossEntropy

    assert CrossEntropy().forward(z, np.array([0])) == -np.log(0.5)
