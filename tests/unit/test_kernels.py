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
        adam.t = t
        adam.rule(textbook[0], g, textbook[1], textbook[2])
        before = [a.copy() for a in fused[1:]]
        _kernels.adam_update(g, fused[1], fused[2], out, lr=adam.lr, beta1=beta1,
                             beta2=beta2, eps=adam.eps, t=t)
        for kept, old in zip(fused[1:], before):  # m and v are only read
            np.testing.assert_array_equal(kept, old)
        # theta += the change gives rule's theta to the last bit; m and v are rule's.
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
        textbook.t += 1
        for name, theta in copy.params.items():
            textbook.rule(theta, copy.grads[name], *moments[name])
        for name in layer.params:
            np.testing.assert_array_equal(layer.params[name], copy.params[name])
            np.testing.assert_array_equal(fused.state[(0, name)][0], moments[name][0])
