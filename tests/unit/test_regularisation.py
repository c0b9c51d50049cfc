"""The L2 penalty (nnbook.L2): its value, its gradient checked by central differences,
alone and added to a loss's, and its refusals."""

import numpy as np
import pytest

import nnbook


def _net(rng):
    return nnbook.Sequential(nnbook.Dense(3, 4, rng=rng), nnbook.Tanh(), nnbook.Dense(4, 2, rng=rng))


def test_value_is_half_lambda_times_the_squares_of_the_weights_only():
    rng = np.random.default_rng(0)
    net = _net(rng)
    net.layers[0].b[:] = 5.0  # biases are not penalised
    W1, W2 = net.layers[0].W, net.layers[2].W
    assert nnbook.L2(net, 0.3).forward() == pytest.approx(0.15 * (np.sum(W1**2) + np.sum(W2**2)),
                                                          rel=1e-15)
    assert nnbook.L2(net, 0).forward() == 0.0


@pytest.mark.parametrize("lam, scale", [(0.0, 1e200), (1e-300, 1e200), (1e-17, 1e160),
                                        (1.0, 1e200), (0.3, 1e-160)])
def test_the_penalty_where_the_sum_of_squares_overflows(lam, scale):
    # Σ W² overflows past 1e154: λ/2 Σ W² is still the penalty, exactly rounded or inf
    # only if it is (it was NaN for λ = 0, inf for a small λ).
    from fractions import Fraction

    net = _net(np.random.default_rng(1))
    for W in (net.layers[0].W, net.layers[2].W):
        W *= scale
    exact = Fraction(lam) / 2 * sum(Fraction(float(w)) ** 2 for layer in (0, 2)
                                    for w in net.layers[layer].W.ravel())
    expected = float(exact) if exact < Fraction(np.finfo(float).max) else np.inf
    assert nnbook.L2(net, lam).forward() == pytest.approx(expected, rel=1e-14)


def test_gradient_check_of_the_cost_with_the_penalty():
    """backward of the loss then of the penalty gives the gradient of loss + penalty, for
    every weight and bias, against central differences (smooth: relative error <= 1e-7)."""
    rng = np.random.default_rng(1)
    net = _net(rng)
    X, y = rng.standard_normal((6, 3)), rng.integers(0, 2, 6)
    loss, penalty = nnbook.CrossEntropy(), nnbook.L2(net, 0.7)

    def cost(_):
        return loss.forward(net.forward(X), y) + penalty.forward()

    cost(None)
    net.backward(loss.backward())
    penalty.backward()
    for name, grad in net.named_gradients():
        theta = dict(net.named_parameters())[name]
        assert nnbook.gradient_check(cost, theta, grad) <= 1e-7, name
    # The penalty's own part is lam * W exactly; a bias's gradient is the loss's alone.
    net.backward(loss.backward())
    before = {name: g.copy() for name, g in net.named_gradients()}
    penalty.backward()
    after = dict(net.named_gradients())
    np.testing.assert_array_equal(after["0.W"], before["0.W"] + 0.7 * net.layers[0].W)
    np.testing.assert_array_equal(after["0.b"], before["0.b"])


def test_with_sgd_it_is_weight_decay():
    """One SGD step with the penalty: W <- W - lr (dC/dW + lam W)."""
    rng = np.random.default_rng(2)
    net = _net(rng)
    X, y = rng.standard_normal((5, 3)), rng.integers(0, 2, 5)
    loss, penalty = nnbook.CrossEntropy(), nnbook.L2(net, 0.1)
    W = net.layers[2].W.copy()
    loss.forward(net.forward(X), y)
    net.backward(loss.backward())
    dW = net.layers[2].grads["W"].copy()
    penalty.backward()
    nnbook.SGD(net, lr=0.5).step()
    np.testing.assert_allclose(net.layers[2].W, W - 0.5 * (dW + 0.1 * W), rtol=0, atol=1e-15)


def test_refusals_change_nothing():
    rng = np.random.default_rng(3)
    net = _net(rng)
    with pytest.raises(TypeError, match="Layer"):
        nnbook.L2([net], 0.1)
    for lam in (-0.1, np.nan, np.inf):
        with pytest.raises(ValueError, match="lam"):
            nnbook.L2(net, lam)
    with pytest.raises(TypeError, match="lam"):
        nnbook.L2(net, "0.1")
    penalty = nnbook.L2(net, 0.1)
    with pytest.raises(ValueError, match="backward first"):
        penalty.backward()  # no gradients yet
    # Gradients of one layer missing: the other's are left as they were.
    loss = nnbook.CrossEntropy()
    loss.forward(net.forward(rng.standard_normal((4, 3))), rng.integers(0, 2, 4))
    net.backward(loss.backward())
    kept = net.layers[0].grads["W"].copy()
    del net.layers[2].grads["W"]
    with pytest.raises(ValueError, match="backward first"):
        penalty.backward()
    np.testing.assert_array_equal(net.layers[0].grads["W"], kept)


def test_a_second_backward_of_the_penalty_is_refused_until_the_model_s_next():
    # It added λW a second time, without a word: every other backward overwrites.
    rng = np.random.default_rng(4)
    net, loss = _net(rng), nnbook.CrossEntropy()
    penalty = nnbook.L2(net, 0.1)
    X, y = rng.standard_normal((4, 3)), rng.integers(0, 2, 4)
    for _ in range(2):  # each backward of the model takes one backward of the penalty
        loss.forward(net.forward(X), y)
        net.backward(loss.backward())
        plain = [layer.grads["W"].copy() for layer in (net.layers[0], net.layers[2])]
        penalty.backward()
        once = [layer.grads["W"].copy() for layer in (net.layers[0], net.layers[2])]
        np.testing.assert_allclose(once[0], plain[0] + 0.1 * net.layers[0].W)
        with pytest.raises(ValueError, match="called twice after one backward"):
            penalty.backward()
        for layer, g in zip((net.layers[0], net.layers[2]), once):
            np.testing.assert_array_equal(layer.grads["W"], g)
