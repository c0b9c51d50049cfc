"""nnbook.autodiff against every hand-written backward of nnbook, and against central
differences.

Each layer and loss nnbook exports is written again with ``Tensor`` operations (a
convolution as an im2col gather and a matrix product, max pooling as a gather and a
max); the gradients that ``backward()`` finds by itself must equal the layer's own
``backward`` to 1e-12 (relative to the gradient's size) in float64, and
``gradient_check`` must pass on every operation.
"""

import numpy as np
import pytest

import nnbook
from nnbook import Tensor, autodiff
from nnbook import functional as F
from nnbook._windows import Windows

from .test_conv import SHAPES, random_case

TOL = 1e-12


def assert_same(auto, hand):
    """|auto − hand| ≤ 1e-12 times the size of the gradient (at least 1)."""
    auto, hand = np.asarray(auto), np.asarray(hand)
    assert auto.shape == hand.shape
    scale = max(1.0, float(np.max(np.abs(hand), initial=0.0)))
    assert np.max(np.abs(auto - hand), initial=0.0) <= TOL * scale


def _gather_index(shape, windows):
    """Flat indices into padded images of ``shape``: ``(N, C, kH*kW, H_out, W_out)``,
    entry (i, j) of every window in reading order (the rows of Conv2D's im2col)."""
    index = np.arange(np.prod(shape)).reshape(shape)
    return np.stack([index[where] for _, where in windows.entries()], axis=2)


def conv2d_tensor(x, W, b, stride, padding):
    """Conv2D with Tensor operations: zero padding is a product with 0/1 matrices, the
    receptive fields a gather (im2col), the outputs one matrix product."""
    N, C, H, Wd = x.shape
    C_out, _, kH, kW = W.shape
    win = Windows.over(x.shape, (kH, kW), nnbook.conv.check_pair(stride, "stride", 1),
                       nnbook.conv.check_pair(padding, "padding", 0))
    (ph, pw), (Ho, Wo) = win.padding, win.out_hw
    x_pad = Tensor(np.eye(H + 2 * ph, H, k=-ph)) @ x @ Tensor(np.eye(Wd + 2 * pw, Wd, k=-pw).T)
    index = _gather_index(win.padded_shape, win).reshape(N, C * kH * kW, Ho * Wo)
    cols = x_pad.reshape(-1)[index]                           # (N, C kH kW, P)
    z = W.reshape(C_out, -1) @ cols + b.reshape(C_out, 1)     # (N, C_out, P)
    return z.reshape(N, C_out, Ho, Wo)


def maxpool_tensor(x, kernel, stride):
    win = Windows.over(x.shape, kernel, stride)
    index = np.moveaxis(_gather_index(x.shape, win), 2, -1)   # (N, C, Ho, Wo, kH kW)
    return x.reshape(-1)[index].max(axis=-1)


def _cost_weights(rng, shape):
    # As check_layer: random signs times sizes in [0.5, 1.5], so a wrong index shows.
    return rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape)


def compare_layer(layer, x, expression, params=("W", "b"), rng=0, eps=1e-6):
    """Run ``layer`` forward and backward with the cost Σ y ⊙ G, and ``expression`` (the
    same layer in Tensor operations) with ``backward()``: outputs and every gradient
    must agree. Then gradient-check the expression's input gradient (``eps`` the step:
    1e-3 for a layer linear in x, where central differences have no truncation error
    and a larger step only shrinks the rounding, as in test_conv.py)."""
    rng = np.random.default_rng(rng)
    y = layer.forward(x)
    G = _cost_weights(rng, y.shape)
    dx = layer.backward(G)
    x_t = Tensor(x.copy())
    p_t = {name: Tensor(layer.params[name].copy()) for name in params}
    y_t = expression(x_t, **p_t)
    assert_same(y_t.data, y)
    (y_t * G).sum().backward()
    assert_same(x_t.grad, dx)
    for name in params:
        assert_same(p_t[name].grad, layer.grads[name])

    def cost(x_arr):
        return float((expression(Tensor(x_arr), **p_t) * G).sum().data)
    kink = isinstance(layer, (nnbook.ReLU, nnbook.MaxPool2D))
    assert nnbook.gradient_check(cost, x_t.data, x_t.grad, eps) <= (1e-5 if kink else 1e-7)


def test_dense():
    rng = np.random.default_rng(0)
    layer = nnbook.Dense(7, 4, rng=rng)
    layer.b = rng.standard_normal(4)
    compare_layer(layer, rng.standard_normal((5, 7)), lambda x, W, b: x @ W.T + b, eps=1e-3)


@pytest.mark.parametrize("shape", SHAPES)
def test_conv2d(shape):
    x, w, b, stride, padding = random_case(shape, seed=1)
    layer = nnbook.Conv2D(w.shape[1], w.shape[0], w.shape[2:], stride=stride, padding=padding)
    layer.W, layer.b = w, b
    compare_layer(layer, x, lambda x, W, b: conv2d_tensor(x, W, b, stride, padding),
                  eps=1e-3)


@pytest.mark.parametrize("kernel, stride, ties", [
    (2, None, False), ((2, 3), (1, 2), False), (3, 2, False),  # overlapping windows
    (2, None, True), (3, 1, True),  # small integers: ties, the first one wins in both
])
def test_maxpool2d(kernel, stride, ties):
    rng = np.random.default_rng(2)
    x = rng.integers(0, 3, (2, 3, 7, 8)).astype(float) if ties else rng.standard_normal((2, 3, 7, 8))
    layer = nnbook.MaxPool2D(kernel, stride)
    pair = nnbook.conv.check_pair(kernel, "k", 1)
    step = pair if stride is None else nnbook.conv.check_pair(stride, "s", 1)
    if ties:  # finite differences are meaningless at a tie: compare the two backwards only
        y = layer.forward(x)
        G = _cost_weights(rng, y.shape)
        x_t = Tensor(x.copy())
        (maxpool_tensor(x_t, pair, step) * G).sum().backward()
        assert_same(x_t.grad, layer.backward(G))
    else:
        compare_layer(layer, x, lambda x: maxpool_tensor(x, pair, step), params=())


@pytest.mark.parametrize("layer, expression", [
    (nnbook.ReLU(), Tensor.relu), (nnbook.Sigmoid(), Tensor.sigmoid),
    (nnbook.Tanh(), Tensor.tanh), (nnbook.Softmax(), Tensor.softmax),
    (nnbook.Flatten(), lambda x: x.reshape(x.shape[0], -1)),
], ids=["ReLU", "Sigmoid", "Tanh", "Softmax", "Flatten"])
def test_activations_and_flatten(layer, expression):
    shape = (3, 2, 2, 2) if isinstance(layer, nnbook.Flatten) else (3, 4)
    x = np.random.default_rng(3).standard_normal(shape)  # order 1: see test_losses
    compare_layer(layer, x, expression, params=())


@pytest.mark.parametrize("prime, f", [(F.relu_prime, Tensor.relu),
                                      (F.sigmoid_prime, Tensor.sigmoid),
                                      (F.tanh_prime, Tensor.tanh)])
def test_functional_derivatives(prime, f):
    z = 3 * np.random.default_rng(4).standard_normal((4, 6))
    z_t = Tensor(z)
    f(z_t).sum().backward()  # ∂/∂z_i of Σ f(z) is f'(z_i)
    assert_same(z_t.grad, prime(z))


def test_sequential_network():
    # A whole 5-8-8-3 network: Sequential.backward against one reverse pass.
    rng = np.random.default_rng(5)
    model = nnbook.mlp([5, 8, 8, 3], nnbook.Tanh, rng=rng)
    X, y = rng.standard_normal((10, 5)), rng.integers(0, 3, 10)
    loss = nnbook.CrossEntropy()
    cost = loss.forward(model(X), y)
    model.backward(loss.backward())
    params = {name: Tensor(p.copy()) for name, p in model.named_parameters()}
    A = Tensor(X)
    for i in range(3):
        A = A @ params[f"{2 * i}.W"].T + params[f"{2 * i}.b"]
        A = A.tanh() if i < 2 else A
    C = autodiff.cross_entropy(A, y)
    C.backward()
    assert abs(float(C.data) - cost) <= TOL * cost
    for name, grad in model.named_gradients():
        assert_same(params[name].grad, grad)


@pytest.mark.parametrize("loss, expression, target", [
    (nnbook.MSE(), autodiff.mse, lambda rng: rng.standard_normal((6, 4))),
    (nnbook.CrossEntropy(), autodiff.cross_entropy, lambda rng: rng.integers(0, 4, 6)),
    (nnbook.BinaryCrossEntropy(), autodiff.binary_cross_entropy,
     lambda rng: rng.integers(0, 2, (6, 4)).astype(float)),
    (nnbook.BinaryCrossEntropy(), autodiff.binary_cross_entropy,
     lambda rng: rng.uniform(0, 1, (6, 4))),
], ids=["MSE", "CrossEntropy", "BinaryCrossEntropy", "BinaryCrossEntropy soft targets"])
def test_losses(loss, expression, target, request):
    rng = np.random.default_rng(6)
    y = target(rng)
    for scale in (1.0, 3.0):
        pred = scale * rng.standard_normal((6, 4))
        value = loss.forward(pred, y)
        pred_t = Tensor(pred.copy())
        C = expression(pred_t, y)
        assert abs(float(C.data) - value) <= TOL * value
        C.backward()
        assert_same(pred_t.grad, loss.backward())
    # Central differences at predictions of order 1 (CS231n practice): at 3 σ some true
    # gradient entries are ~1e-6, where the rounding of the cost (~1e-10 after dividing
    # by 2h) dominates their relative error and says nothing about the code. So do soft
    # targets, where σ(z) − y can be near 0 by chance: their check is the 0/1 case's.
    if "soft" in request.node.name:
        return
    pred_t = Tensor(rng.standard_normal((6, 4)))
    expression(pred_t, y).backward()

    def cost(p):
        return float(expression(Tensor(p), y).data)
    assert nnbook.gradient_check(cost, pred_t.data.copy(), pred_t.grad) <= 1e-7


def sq(t):
    return t * t


def _ops(rng):
    """Each operation in a small expression: (name, input shape, cost)."""
    other = rng.standard_normal((3, 4))
    batch = rng.standard_normal((2, 4, 3))
    pick = np.array([0, 2, 2, 1])  # entry 2 twice: its gradient is added up
    return [
        ("add broadcast (N, K) + (K,)", (4,), lambda t: sq(other + t).sum()),
        ("add broadcast (N, 1) + (1, K)", (3, 1),
         lambda t: ((t + other[:1]) * other).sum()),
        ("sub, rsub, neg", (3, 4), lambda t: ((1.0 - t) * (t - other) * -t).sum()),
        ("mul broadcast", (1, 4), lambda t: (t * other * t).sum()),
        ("matmul", (4, 2), lambda t: ((other @ t) * (other @ t)).sum()),
        ("stacked matmul, broadcast", (3, 4), lambda t: ((t @ batch).tanh()).sum()),
        ("transpose", (3, 4), lambda t: (t.T @ other).sigmoid().sum()),
        ("reshape", (3, 4), lambda t: (t.reshape(2, 6) * t.reshape(2, 6)).mean()),
        ("getitem, repeated", (3, 4), lambda t: (t[1, pick] * other[0]).exp().sum()),
        ("sum axis, keepdims", (3, 4), lambda t: (t.sum(axis=1, keepdims=True) * other).sum()),
        ("sum axis tuple", (2, 3, 4), lambda t: sq(t.sum(axis=(0, 2))).sum()),
        ("mean axis", (3, 4), lambda t: (t.mean(axis=0) * other[1]).sum()),
        ("max", (3, 4), lambda t: (t.max(axis=1) * other[:, 0]).sum()),
        ("exp", (3, 4), lambda t: t.exp().mean()),
        ("relu", (3, 4), lambda t: (t.relu() * other).sum()),
        ("log-softmax axis 0", (3, 4), lambda t: (t.log_softmax(axis=0) * other).sum()),
        ("softmax", (3, 4), lambda t: (t.softmax() * other).sum()),
    ]


@pytest.mark.parametrize("index", range(len(_ops(np.random.default_rng(0)))))
def test_every_operation_passes_gradient_check(index):
    rng = np.random.default_rng(7)
    name, shape, cost = _ops(rng)[index]
    x = rng.standard_normal(shape)
    x_t = Tensor(x.copy())
    C = cost(x_t)
    C.backward()
    error = nnbook.gradient_check(lambda a: float(cost(Tensor(a)).data), x, x_t.grad)
    assert error <= (1e-5 if name in ("max", "relu") else 1e-7), (name, error)


def test_a_tensor_used_twice_gets_both_shares():
    x = Tensor([3.0])
    (x * x + x).sum().backward()  # d/dx (x² + x) = 2x + 1
    assert x.grad.tolist() == [7.0]


def test_backward_sets_the_gradients_anew():
    # As a layer's backward overwrites its grads: a second graph does not add to the first.
    W = Tensor(np.array([[1.0, 2.0]]))
    for _ in range(2):
        (Tensor([[1.0], [1.0]]) @ W).sum().backward()
        assert W.grad.tolist() == [[2.0, 2.0]]


def test_topological_order_puts_parents_first():
    x, W = Tensor(np.ones((2, 3))), Tensor(np.ones((4, 3)))
    C = (x @ W.T).relu().sum()
    order = autodiff.topological_order(C)
    assert order[-1] is C and len(order) == len({id(v) for v in order}) == 6
    position = {id(v): i for i, v in enumerate(order)}
    assert all(position[id(p)] < position[id(v)] for v in order for p in v._parents)
    for wrong in (3, None, np.ones(2)):  # an AttributeError on _parents, before
        with pytest.raises(TypeError, match="topological_order needs a Tensor, got"):
            autodiff.topological_order(wrong)


def test_a_graph_deeper_than_python_s_recursion_limit_has_its_gradient():
    # A loop of 5,000 operations, as a long unrolled computation makes: the walk of the
    # graph once recursed, one call per tensor, and stopped at Python's limit (1,000).
    x = Tensor(np.array([2.0, 3.0]))
    y = x
    for _ in range(5000):
        y = y * 0.999
    y.sum().backward()
    np.testing.assert_allclose(x.grad, [0.999**5000] * 2, rtol=1e-12)
    order = autodiff.topological_order(y)
    assert order[0] is x and order[-1] is y and len(order) == 1 + 2 * 5000


def test_bad_input_is_refused_clearly():
    with pytest.raises(ValueError, match="data"):
        Tensor([1.0, np.nan])
    with pytest.raises(TypeError, match="data"):
        Tensor("abc")
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"shapes \(2, 3\) and \(2, 3\)"):
        x @ x
    with pytest.raises(ValueError, match="the right factor of @ must have 2 dimensions"):
        x @ np.ones(3)
    with pytest.raises(ValueError, match="single number"):
        x.backward()
    with pytest.raises(ValueError, match="labels"):
        autodiff.cross_entropy(x, [0, 3])
    with pytest.raises(ValueError, match="target"):
        autodiff.mse(x, np.ones((3, 2)))
    with pytest.raises(ValueError, match=r"y must hold values in \[0, 1\]"):
        autodiff.binary_cross_entropy(x, 2 * np.ones((2, 3)))
    assert x.grad is None  # nothing refused left a trace


def test_a_few_training_steps_equal_the_hand_written_ones():
    # The same 6-5-4 sigmoid network, trained by SGD with Sequential.backward and with
    # autodiff (Tensors sharing its own arrays with a copy): the weights stay together.
    rng = np.random.default_rng(8)
    hand = nnbook.mlp([6, 5, 4], nnbook.Sigmoid, output=nnbook.Sigmoid, rng=rng)
    auto = nnbook.mlp([6, 5, 4], nnbook.Sigmoid, output=nnbook.Sigmoid, rng=0)
    for (_, a), (_, h) in zip(auto.named_parameters(), hand.named_parameters()):
        a[...] = h
    params = [Tensor(p) for p in auto.parameters()]  # the same arrays, not copies
    optimizer, loss = nnbook.SGD(hand, lr=3.0), nnbook.MSE()
    for _ in range(20):
        X, Y = rng.standard_normal((10, 6)), rng.uniform(0, 1, (10, 4))
        loss.forward(hand(X), Y)
        hand.backward(loss.backward())
        optimizer.step()
        W1, b1, W2, b2 = params
        A = (Tensor(X) @ W1.T + b1).sigmoid()
        autodiff.mse((A @ W2.T + b2).sigmoid(), Y).backward()
        for p in params:
            p.data -= 3.0 * p.grad
    for a, h in zip(auto.parameters(), hand.parameters()):
        assert_same(a, h)


@pytest.mark.parametrize("call, error, message", [
    (lambda a: a.max(None), TypeError, r"axis must be an int .*got None"),
    (lambda a: a.max((0, 1)), TypeError, r"axis must be an int .*got \(0, 1\)"),
    (lambda a: a.max(2), ValueError, r"axis must name axes of an array of 2 dimensions"),
    (lambda a: a.sum(axis=2), ValueError, r"axis must name axes"),
    (lambda a: a.mean(axis=-3), ValueError, r"axis must name axes"),
    (lambda a: a.sum(axis="0"), TypeError, r"axis must be an int"),
    (lambda a: a[:, :0].mean(axis=1), ValueError, r"mean of no entries.*shape \(2, 0\)"),
    (lambda a: a[:0].max(0), ValueError, r"largest of no entries.*shape \(0, 3\)"),
    (lambda a: a[0].T, ValueError, r"T swaps the last two axes.*got shape \(3,\)"),
    (lambda a: autodiff.mse(a[:0], np.zeros((0, 3))), ValueError, r"mean of no entries"),
])
def test_an_axis_a_tensor_lacks_and_an_empty_reduction_are_refused_when_asked(
        call, error, message):
    # Refused where the operation is written, not in backward: max(None) was taken, and
    # backward then raised with every .grad already zeroed and partly refilled.
    a = Tensor(np.arange(6.0).reshape(2, 3))
    with pytest.raises(error, match=message):
        call(a)
    # What the refusals leave: the same tensor, its reductions along real axes as before.
    assert a.max(-1).data.tolist() == [2.0, 5.0] and a[:0].mean(axis=1).shape == (0,)
    assert a.mean().data == 2.5 and a.sum(axis=(0, 1)).data == 15.0
