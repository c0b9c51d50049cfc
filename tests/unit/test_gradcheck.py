import numpy as np
import pytest

from nnbook import gradient_check, numerical_gradient, relative_error


def test_numerical_gradient_of_a_quadratic():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    x = np.array([0.5, -1.5])
    grad = numerical_gradient(lambda v: v @ A @ v, x)
    np.testing.assert_allclose(grad, 2 * A @ x, rtol=1e-8, atol=1e-8)


def test_numerical_gradient_restores_x_and_handles_matrices():
    x = np.arange(6.0).reshape(2, 3)
    before = x.copy()
    grad = numerical_gradient(lambda m: np.sum(np.sin(m)), x)
    np.testing.assert_array_equal(x, before)
    np.testing.assert_allclose(grad, np.cos(x), rtol=1e-8)


def test_gradient_check_detects_a_wrong_gradient():
    x = np.array([1.0, 2.0, 3.0])
    f = lambda v: np.sum(v**3)  # noqa: E731
    assert gradient_check(f, x, 3 * x**2) < 1e-8
    assert gradient_check(f, x, 3 * x**2 * 1.01) > 1e-3
    assert gradient_check(f, x, 2 * x**2) > 0.1


def test_relative_error_definition():
    assert relative_error([1.0], [1.0]) == 0.0
    assert relative_error([1.0], [3.0]) == pytest.approx(0.5)
    assert relative_error([0.0], [0.0]) == 0.0
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        relative_error(np.ones(2), np.ones(3))


def test_bad_inputs():
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: 0.0, [1.0, 2.0])
    with pytest.raises(TypeError, match="float64"):
        numerical_gradient(lambda v: 0.0, np.ones(2, dtype=np.float32))
    with pytest.raises(ValueError, match="contiguous"):  # x.T is perturbed through a copy
        numerical_gradient(lambda v: 0.0, np.ones((2, 3)).T)
    with pytest.raises(ValueError, match="eps must be a finite number > 0.0"):
        numerical_gradient(lambda v: 0.0, np.ones(2), eps=0)
    # What f returns: text or a truth was read as a number, None and an array of one
    # entry failed in float() with a message that did not name f.
    for value in (None, "1.5", True, 1 + 1j):
        with pytest.raises(TypeError, match="f must return a number"):
            numerical_gradient(lambda v, value=value: value, np.ones(2))
    with pytest.raises(ValueError, match=r"f must return a single number, got an array of "
                                         r"shape \(1,\)"):
        numerical_gradient(lambda v: np.ones(1), np.ones(2))
    # An empty x has an empty gradient (it was refused as "a strided view").
    assert numerical_gradient(lambda v: 0.0, np.zeros((0, 3))).shape == (0, 3)


def test_differences_beyond_the_largest_float_give_their_ratio():
    # |a − n| and f₊ − f₋ overflowed: relative_error gave NaN with three warnings, and a
    # step whose double is inf made every estimate 0.
    import warnings

    from nnbook.gradcheck import numerical_gradient, relative_error

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert relative_error([1e308, 1.0], [-1e308, 1.0]) == 1.0
        assert relative_error([1e308], [1e308]) == 0.0
        estimate = numerical_gradient(lambda v: float(1e308 * v.sum()), np.zeros(1), eps=1.5)
    np.testing.assert_allclose(estimate, [1e308])
    with pytest.raises(ValueError, match=r"eps must be at most half the largest float"):
        numerical_gradient(lambda v: float(v.sum()), np.zeros(1), eps=1e308)


def test_a_read_only_x_is_refused_before_any_call_of_f():
    # numpy's "assignment destination is read-only" came after a first call of f.
    x = np.ones(3)
    x.flags.writeable = False
    calls = []
    with pytest.raises(ValueError, match="writeable array x"):
        numerical_gradient(lambda v: calls.append(1) or 0.0, x)
    assert calls == []
