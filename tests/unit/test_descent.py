import warnings

import numpy as np
import pytest

from nnbook.descent import gradient_descent, minibatches


# --- gradient_descent -------------------------------------------------------------------


def test_descent_on_x_squared_shrinks_by_0_8_per_step():
    # f(x) = x², f'(x) = 2x: x ← x − 0.1·2x = 0.8·x.
    path = gradient_descent(lambda x: 2 * x, 3.0, lr=0.1, steps=20)
    assert path.shape == (21,)
    np.testing.assert_allclose(path, 3.0 * 0.8 ** np.arange(21), rtol=1e-12)


def test_descent_with_too_large_a_step_grows():
    # lr 1.1: x ← (1 − 2.2)·x = −1.2·x, overshooting further each time.
    path = gradient_descent(lambda x: 2 * x, 1.0, lr=1.1, steps=10)
    assert np.all(np.diff(np.abs(path)) > 0)
    np.testing.assert_allclose(path, (-1.2) ** np.arange(11), rtol=1e-12)


def test_descent_on_a_2d_bowl():
    # f(x, y) = x² + 10y²: the steep direction converges faster (factors 0.92 and 0.2).
    grad = lambda v: np.array([2 * v[0], 20 * v[1]])  # noqa: E731
    path = gradient_descent(grad, [1.0, 1.0], lr=0.04, steps=5)
    assert path.shape == (6, 2)
    t = np.arange(6)
    np.testing.assert_allclose(path, np.stack([0.92**t, 0.2**t], axis=1), rtol=1e-12)


def test_any_shape_and_zero_steps():
    x0 = np.arange(4.0).reshape(2, 2)
    path = gradient_descent(lambda x: x, x0, lr=0.5, steps=3)
    assert path.shape == (4, 2, 2)
    np.testing.assert_allclose(path[3], x0 * 0.5**3)
    np.testing.assert_array_equal(gradient_descent(lambda x: x, x0, 0.5, 0), x0[None])
    np.testing.assert_array_equal(x0, np.arange(4.0).reshape(2, 2))  # x0 untouched


def test_divergence_stops_with_the_finite_path_and_no_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = gradient_descent(lambda x: 2 * x, 1.0, lr=1.1, steps=10_000)
        # The gradient itself overflows here (x³ of a huge x).
        path_cubic = gradient_descent(lambda x: 4 * x**3, [2.0, -1.0], lr=1.0, steps=100)
    assert 1 < len(path) < 10_001
    assert np.all(np.isfinite(path)) and np.abs(path[-1]) > 1e300
    assert len(path_cubic) < 101 and np.all(np.isfinite(path_cubic))


def test_grad_gets_a_copy():
    def grad(x):
        x += 100.0  # a careless gradient must not change the path
        return 2 * x - 200.0

    path = gradient_descent(grad, 1.0, lr=0.1, steps=2)
    np.testing.assert_allclose(path, [1.0, 0.8, 0.64])


def test_gradient_descent_bad_input():
    with pytest.raises(ValueError, match=r"shape of x0 \(2,\), got shape \(3,\)"):
        gradient_descent(lambda x: np.ones(3), [1.0, 2.0], lr=0.1, steps=1)
    for lr in (0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match=r"lr must be a finite number > 0.0, got"):
            gradient_descent(lambda x: x, 1.0, lr=lr, steps=1)
    for lr in ("0.1", True, None):
        with pytest.raises(TypeError, match="lr must be a real number, got"):
            gradient_descent(lambda x: x, 1.0, lr=lr, steps=1)
    with pytest.raises(ValueError, match="steps must be a non-negative integer, got -1"):
        gradient_descent(lambda x: x, 1.0, lr=0.1, steps=-1)
    for steps in (2.5, True):
        with pytest.raises(TypeError, match="steps must be a non-negative integer, got"):
            gradient_descent(lambda x: x, 1.0, lr=0.1, steps=steps)
    with pytest.raises(ValueError, match="x0 must hold finite numbers"):
        gradient_descent(lambda x: x, np.inf, lr=0.1, steps=1)


# --- minibatches ------------------------------------------------------------------------


def test_every_index_exactly_once_per_epoch():
    rng = np.random.default_rng(0)
    for _ in range(3):  # three epochs
        batches = list(minibatches(10, 3, rng))
        assert [len(b) for b in batches] == [3, 3, 3, 1]
        np.testing.assert_array_equal(np.sort(np.concatenate(batches)), np.arange(10))
        assert all(np.issubdtype(b.dtype, np.integer) for b in batches)


def test_reproducible_for_the_same_seed_and_shuffled():
    a = [b.tolist() for b in minibatches(100, 16, np.random.default_rng(42))]
    b = [b.tolist() for b in minibatches(100, 16, np.random.default_rng(42))]
    assert a == b
    assert np.concatenate(a).tolist() != list(range(100))
    rng = np.random.default_rng(42)
    first, second = np.concatenate(list(minibatches(100, 16, rng))), np.concatenate(
        list(minibatches(100, 16, rng))
    )
    assert first.tolist() != second.tolist()  # a new order each epoch


def test_in_order_and_full_batch():
    batches = list(minibatches(5, 2, None, shuffle=False))
    assert [b.tolist() for b in batches] == [[0, 1], [2, 3], [4]]
    assert [b.tolist() for b in minibatches(3, 10, None, shuffle=False)] == [[0, 1, 2]]


def test_minibatches_bad_input_fails_at_the_call():
    with pytest.raises(TypeError, match="numpy.random.Generator .*got int"):
        minibatches(10, 2, 0)
    with pytest.raises(TypeError, match="got None$"):
        minibatches(10, 2, None)
    with pytest.raises(ValueError, match="batch_size must be a positive integer"):
        minibatches(10, 0, np.random.default_rng(0))
    with pytest.raises(TypeError, match="n must be a positive integer, got float"):
        minibatches(2.5, 1, np.random.default_rng(0))
