"""The extension surface: what a new layer, a new container or an optimiser relies on."""

import numpy as np
import pytest

import nnbook
from nnbook import Dense, Layer, ReLU, Sequential
from nnbook._windows import Windows, conv_output_size


class Twice(Layer):
    """A container that is not a Sequential: y = f(x) + f(x) with one inner layer f."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def children(self):
        return [("inner", self.inner)]

    def forward(self, x):
        return 2.0 * self.inner(x)

    def backward(self, grad_out, *, input_grad=True):
        return self.inner.backward(2.0 * grad_out, input_grad=input_grad)


def test_named_parameters_walk_the_children_with_their_names():
    inner = Sequential(Dense(3, 2, rng=0), ReLU())
    model = Sequential(Dense(4, 3, rng=1), Twice(inner))
    names = [name for name, _ in model.named_parameters()]
    assert names == ["0.W", "0.b", "1.inner.0.W", "1.inner.0.b"]
    assert [prefix for prefix, _ in model.named_layers()] == \
        ["", "0.", "1.", "1.inner.", "1.inner.0.", "1.inner.1."]
    assert dict(model.named_parameters()) == model.params
    assert model.params["1.inner.0.W"] is inner[0].W
    model.backward(np.ones_like(model(np.ones((5, 4)))))
    assert [name for name, _ in model.named_gradients()] == names
    assert model.grads["1.inner.0.b"] is inner[0].grads["b"]
    assert model.num_parameters() == 4 * 3 + 3 + 3 * 2 + 2


def test_an_optimiser_trains_any_container_through_its_children():
    model = Twice(Dense(2, 1, rng=0))
    X = np.random.default_rng(1).standard_normal((16, 2))
    y = X @ np.array([[1.0], [-2.0]])
    loss, adam = nnbook.MSE(), nnbook.Adam(model, lr=0.05)
    first = loss.forward(model(X), y)
    for _ in range(300):
        loss.forward(model(X), y)
        model.backward(loss.backward())
        adam.step()
    assert loss.forward(model(X), y) < 1e-3 * first
    assert {name for _, name in adam.state} == {"inner.W", "inner.b"}
    assert not hasattr(nnbook.optim, "Sequential")  # the optimiser knows only layers


def test_sequential_runs_the_layer_initialisation(monkeypatch):
    calls = []
    original = Layer.__init__

    def counted(self):
        calls.append(type(self).__name__)
        original(self)

    monkeypatch.setattr(Layer, "__init__", counted)
    Sequential(ReLU())
    assert calls == ["ReLU", "Sequential"]


def test_the_helpers_every_layer_calls_name_the_layer():
    layer = Twice(Dense(2, 2, rng=0))
    with pytest.raises(ValueError, match="Twice.backward called before forward"):
        layer.require_forward(None)
    grad = layer.check_grad_out([[1, 2]], (1, 2), input_grad=True)
    assert grad.dtype == np.float64 and grad.shape == (1, 2)
    with pytest.raises(ValueError, match=r"Twice grad_out must have shape \(1, 2\), got "
                                         r"shape \(2, 1\)"):
        layer.check_grad_out(np.ones((2, 1)), (1, 2), input_grad=True)
    with pytest.raises(TypeError, match="grad_out must be an array of numbers"):
        layer.check_grad_out([["a", "b"]], (1, 2), input_grad=True)


@pytest.mark.parametrize("x_shape, kernel, stride, padding", [
    ((2, 3, 7, 9), (3, 2), (2, 1), (1, 0)), ((1, 1, 4, 4), (2, 2), (2, 2), (0, 0)),
    ((1, 2, 5, 5), (5, 5), (1, 1), (0, 0)), ((1, 1, 1, 1), (3, 3), (1, 1), (1, 1)),
])
def test_windows_sit_where_the_formula_says(x_shape, kernel, stride, padding):
    windows = Windows.over(x_shape, kernel, stride, padding)
    assert windows.out_hw == tuple(map(conv_output_size, x_shape[2:], kernel, stride, padding))
    x = np.random.default_rng(0).standard_normal(x_shape)
    x_pad = windows.pad(x)
    assert x_pad.shape == windows.padded_shape
    np.testing.assert_array_equal(windows.unpad(x_pad), x)
    entries = list(windows.entries())
    assert [ij for ij, _ in entries] == [(i, j) for i in range(kernel[0]) for j in range(kernel[1])]
    (sh, sw), (H_out, W_out) = stride, windows.out_hw
    for (i, j), where in entries:  # entry (i, j) at output (r, c) is pixel (s r + i, s c + j)
        seen = x_pad[where]
        assert seen.shape == (*x_shape[:2], H_out, W_out)
        for r in range(H_out):
            for c in range(W_out):
                np.testing.assert_array_equal(seen[:, :, r, c], x_pad[:, :, sh * r + i, sw * c + j])


def test_windows_that_do_not_fit_say_which_and_by_how_much():
    with pytest.raises(ValueError, match=r"pooling window width 5 is larger than the padded "
                                         r"input width 4 \+ 2\*0 = 4 \(x shape \(1, 1, 9, 4\)\)"):
        Windows.over((1, 1, 9, 4), (2, 5), (1, 1), what="pooling window")


def test_a_parameter_is_described_by_a_string():
    with pytest.raises(TypeError, match="doc must be the parameter's description, a str, got int"):
        nnbook.layer.Parameter(3)
