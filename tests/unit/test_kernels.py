"""The fused forms of nnbook._kernels give the textbook forms' results to the last bit."""

import numpy as np
import pytest

from nnbook import Adam, Dense
from nnbook import _kernels


@pytest.mark.parametrize("shape", [(1,), (7,), (16, 784), (3, 2, 5, 5)])
@pytest.mark.parametrize("betas", [(0.9, 0.999), (0.0, 0.5), (0.99, 0.9)])
def test_adam_update_is_adam_rule(shape, betas):
    rng = np.random.default_rng(sum(shape))
    beta1, beta2 = betas
    adam = Adam(Dense(1, 1), lr=3e-3, beta1=beta1, beta2=beta2, eps=1e-8)
    theta = rng.normal(size=shape)
    textbook = [theta.copy(), np.zeros(shape), np.zeros(shape)]  # theta, m, v
    fused = [theta.copy(), np.zeros(shape), np.zeros(shape)]
    out = tuple(np.full(shape, np.nan) for _ in range(4))  # stale values must not leak
    for t in range(1, 6):
        g = rng.normal(size=shape) * 10.0 ** rng.integers(-8, 3)
        g[..., 0] = 0.0  # where the step is 0/(0 + eps)
        adam.t = t - 1  # rule computes step t + 1 of the steps taken
        delta, (m, v) = adam.rule(g, textbook[1], textbook[2])
        textbook = [textbook[0] + delta, m, v]
        before = [a.copy() for a in fused[1:]]
        _kernels.adam_update(g, fused[1], fused[2], out, lr=adam.lr, beta1=beta1,
                             beta2=beta2, eps=adam.eps, t=t)
        for kept, old in zip(fused[1:], before):  # m and v are only read
            np.testing.assert_array_equal(kept, old)
        for new, want in zip([fused[0] + out[0], out[1], out[2]], textbook):
            np.testing.assert_array_equal(new, want)
        fused = [fused[0] + out[0], out[1].copy(), out[2].copy()]


def test_adam_step_is_adam_rule_on_every_parameter():
    rng = np.random.default_rng(0)
    layer, copy = (Dense(5, 3, rng=np.random.default_rng(1)) for _ in range(2))
    fused, textbook = Adam(layer, lr=0.01), Adam(copy, lr=0.01)
    moments = {name: (np.zeros_like(p), np.zeros_like(p)) for name, p in copy.params.items()}
    for _ in range(4):
        x, grad_out = rng.normal(size=(2, 5)), rng.normal(size=(2, 3))
        for net in (layer, copy):
            net.forward(x)
            net.backward(grad_out)
        fused.step()
        for name, theta in copy.params.items():
            delta, moments[name] = textbook.rule(copy.grads[name], *moments[name])
            theta += delta
        textbook.t += 1
        for name in layer.params:
            np.testing.assert_array_equal(layer.params[name], copy.params[name])
            for kept, want in zip(fused.state[(0, name)], moments[name]):
                np.testing.assert_array_equal(kept, want)


def test_a_subclass_with_a_rule_of_its_own_runs_it():
    # The fused form stands in for Adam.rule only: a variant's rule is never skipped.
    class NoBiasCorrection(Adam):
        def rule(self, g, m, v):
            m = self.beta1 * m + (1 - self.beta1) * g
            v = self.beta2 * v + (1 - self.beta2) * g**2
            return -self.lr * m / (np.sqrt(v) + self.eps), (m, v)

    layer = Dense(2, 1, rng=0)
    before = layer.W.copy()
    layer.forward(np.ones((1, 2)))
    layer.backward(np.ones((1, 1)))
    NoBiasCorrection(layer, lr=0.1).step()
    m, v = (1 - 0.9) * np.ones((1, 2)), (1 - 0.999) * np.ones((1, 2))
    np.testing.assert_array_equal(layer.W, before + -0.1 * m / (np.sqrt(v) + 1e-8))


def test_adam_steps_run_the_fused_form(monkeypatch):
    # The fused form is for speed only, so nothing else would show that it stopped running
    # (it once did: the check that picks it compared a function with a bound method).
    calls = []
    original = _kernels.adam_update

    def counted(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(_kernels, "adam_update", counted)
    layer = Dense(3, 2, rng=np.random.default_rng(0))
    layer.forward(np.ones((1, 3)))
    layer.backward(np.ones((1, 2)))
    optimizer = Adam(layer, lr=0.01)
    optimizer.step()
    optimizer.step()
    assert len(calls) == 4  # W and b, at each of the two steps
