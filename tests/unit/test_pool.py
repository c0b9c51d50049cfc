"""MaxPool2D and maxpool2d: against a loop, gradient checks, ties, overlaps, bad input."""

import numpy as np
import pytest

import nnbook
from nnbook import Conv2D, MaxPool2D, maxpool2d

# (x shape, kernel_size, stride): side by side, overlapping, rectangular, a leftover edge.
CASES = [((2, 3, 6, 6), 2, None), ((1, 2, 5, 7), 3, 1), ((2, 1, 6, 8), (2, 3), (1, 2)),
         ((1, 1, 7, 7), 2, 2)]


def pool_loop(x, kernel, stride):
    """The definition, one output at a time: the max of each window."""
    (kH, kW), (sh, sw) = kernel, stride
    N, C, H, W = x.shape
    H_out, W_out = (H - kH) // sh + 1, (W - kW) // sw + 1
    y = np.empty((N, C, H_out, W_out))
    for r in range(H_out):
        for q in range(W_out):
            y[:, :, r, q] = x[:, :, sh * r:sh * r + kH, sw * q:sw * q + kW].max(axis=(2, 3))
    return y


def pair(v):
    return v if isinstance(v, tuple) else (v, v)


@pytest.mark.parametrize("shape, kernel, stride", CASES)
def test_matches_the_definition(shape, kernel, stride):
    x = np.random.default_rng(0).standard_normal(shape)
    expected = pool_loop(x, pair(kernel), pair(stride if stride is not None else kernel))
    np.testing.assert_array_equal(maxpool2d(x, kernel, stride), expected)
    np.testing.assert_array_equal(MaxPool2D(kernel, stride)(x), expected)


@pytest.mark.parametrize("shape, kernel, stride", CASES)
def test_gradient_check(shape, kernel, stride):
    # Distinct values, far apart compared with the step of the central differences: no
    # window changes its maximum, so the kink of max is never crossed.
    x = np.random.default_rng(1).permutation(np.prod(shape)).reshape(shape) * 0.01
    errors = nnbook.check_layer(MaxPool2D(kernel, stride), x, rng=2)
    assert set(errors) == {"x"}
    assert errors["x"] < 1e-7


def test_the_gradient_goes_to_the_maximum_only():
    x = np.array([[[[1.0, 5.0], [3.0, 2.0]]]])
    layer = MaxPool2D(2)
    assert layer(x).tolist() == [[[[5.0]]]]
    assert layer.backward(np.array([[[[7.0]]]])).tolist() == [[[[0.0, 7.0], [0.0, 0.0]]]]


def test_a_tie_sends_the_gradient_to_the_first_maximum_once():
    x = np.ones((1, 1, 2, 2))
    grad = MaxPool2D(2).forward(x) * 0 + 1.0
    layer = MaxPool2D(2)
    layer(x)
    assert layer.backward(grad).tolist() == [[[[1.0, 0.0], [0.0, 0.0]]]]


def test_overlapping_windows_add_their_gradients():
    # Windows of 2 moved by 1 over a row: the 9 is the maximum of both windows.
    x = np.array([[[[1.0, 9.0, 2.0]]]])
    layer = MaxPool2D((1, 2), stride=1)
    assert layer(x).tolist() == [[[[9.0, 9.0]]]]
    assert layer.backward(np.array([[[[1.0, 10.0]]]])).tolist() == [[[[0.0, 11.0, 0.0]]]]


def test_no_input_gradient_on_request_and_no_parameters():
    layer = MaxPool2D(2)
    y = layer(np.random.default_rng(0).standard_normal((1, 1, 4, 4)))
    assert layer.backward(np.ones_like(y), input_grad=False) is None
    assert layer.params == {} and layer.grads == {}


def test_a_small_convolutional_network_trains():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 1, 8, 8))
    y = (X[:, 0, :4].sum(axis=(1, 2)) > X[:, 0, 4:].sum(axis=(1, 2))).astype(int)
    model = nnbook.Sequential(Conv2D(1, 4, 3, rng=rng), nnbook.ReLU(), MaxPool2D(2),
                              nnbook.Flatten(), nnbook.Dense(4 * 3 * 3, 2, rng=rng))
    history = nnbook.fit(model, X, y, loss=nnbook.CrossEntropy(),
                         optimizer=nnbook.Adam(model, lr=0.01), epochs=30, batch_size=8,
                         rng=rng)
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert history.accuracy[-1] > 0.9


@pytest.mark.parametrize("call, error, message", [
    (lambda: maxpool2d(np.zeros((2, 4, 4))), ValueError, "x must have 4 dimensions"),
    (lambda: maxpool2d(np.zeros((1, 1, 3, 3)), 4), ValueError,
     r"pooling window height 4 is larger than the padded input height 3 \+ 2\*0 = 3"),
    (lambda: maxpool2d(np.zeros((1, 1, 4, 4)), 0), ValueError, "kernel_size must be"),
    (lambda: maxpool2d(np.zeros((1, 1, 4, 0)), 1), ValueError,
     "at least one pixel along each axis, got width 0"),
    (lambda: maxpool2d(np.zeros((1, 1, 4, 4)), 2, (1, -1)), ValueError, "stride must be"),
    (lambda: maxpool2d("image"), TypeError, "x must be an array of numbers"),
    (lambda: maxpool2d(np.zeros((1, 1, 4, 4)), 2.0), TypeError, "kernel_size must be"),
    (lambda: MaxPool2D(2).backward(np.zeros((1, 1, 2, 2))), ValueError,
     "backward called before forward"),
])
def test_bad_input(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_backward_checks_the_shape_of_grad_out():
    layer = MaxPool2D(2)
    layer(np.zeros((1, 1, 4, 4)))
    with pytest.raises(ValueError, match=r"MaxPool2D grad_out must have shape \(1, 1, 2, 2\), got shape \(1, 1, 4, 4\)"):
        layer.backward(np.zeros((1, 1, 4, 4)))


def test_matches_torch():
    torch = pytest.importorskip(
        "torch", reason="PyTorch is not installed: the comparison runs where it is"
    )
    rng = np.random.default_rng(3)
    # Real numbers, then small integers: many ties, which both give to the first maximum.
    for shape, kernel, stride, x in [(*case, rng.standard_normal(case[0])) for case in CASES] + [
            (*case, rng.integers(0, 3, case[0]).astype(float)) for case in CASES]:
        layer = MaxPool2D(kernel, stride)
        y = layer(x)
        G = np.random.default_rng(4).standard_normal(y.shape)
        dx = layer.backward(G)
        xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        yt = torch.nn.functional.max_pool2d(xt, kernel, stride)
        yt.backward(torch.tensor(G))
        np.testing.assert_array_equal(y, yt.detach().numpy())
        np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=1e-12, atol=1e-12)
