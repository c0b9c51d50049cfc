"""nnbook against PyTorch, in float64, for the book's three networks.

The grades layer (a dense layer with ReLU and the squared error), the digit network
784-16-16-10 and the convolutional network of Part IV are built in ``torch.nn`` with
nnbook's weights copied in. Outputs, costs, autograd's gradients and the weights after
one step of SGD and one of Adam must equal nnbook's to 1e-12 (relative to their size).
PyTorch is a pinned dependency of the book (``requirements.lock``): a missing one fails.
"""

import numpy as np
import pytest
import torch
from torch import nn

import nnbook
from nnbook.datasets import grades

TOL = 1e-12

TORCH_LAYERS = {  # nnbook's layer -> a function giving torch.nn's, the weights copied
    nnbook.Dense: lambda l: nn.Linear(l.in_features, l.out_features, dtype=torch.float64),
    nnbook.Conv2D: lambda l: nn.Conv2d(l.in_channels, l.out_channels, l.kernel_size,
                                       stride=l.stride, padding=l.padding,
                                       dtype=torch.float64),
    nnbook.ReLU: lambda l: nn.ReLU(),
    nnbook.Sigmoid: lambda l: nn.Sigmoid(),
    nnbook.Tanh: lambda l: nn.Tanh(),
    nnbook.MaxPool2D: lambda l: nn.MaxPool2d(l.kernel_size, l.stride),
    nnbook.Flatten: lambda l: nn.Flatten(),
}


def to_torch(model):
    """The same network in torch.nn, float64, with nnbook's weights copied in."""
    layers = []
    for layer in model.layers:
        twin = TORCH_LAYERS[type(layer)](layer)
        with torch.no_grad():
            for name, array in layer.params.items():  # "W" is torch's "weight"
                getattr(twin, {"W": "weight", "b": "bias"}[name]).copy_(torch.from_numpy(array))
        layers.append(twin)
    return nn.Sequential(*layers)


def assert_same(ours, theirs):
    theirs = theirs.detach().numpy() if isinstance(theirs, torch.Tensor) else np.asarray(theirs)
    assert np.shape(ours) == np.shape(theirs)
    scale = max(1.0, float(np.max(np.abs(theirs))))
    assert np.max(np.abs(np.asarray(ours) - theirs)) <= TOL * scale


def grades_layer():
    layer = nnbook.Dense(7, 4)
    layer.W = [[1 / 7] * 7, [0, 0, 0, 1 / 2, 1 / 2, 0, 0], [1, -1, 0, 0, 0, 0, 0],
               [1 / 5, 1 / 5, 1 / 5, 0, 0, 1 / 5, 1 / 5]]
    layer.b = np.full(4, -10.0)
    return nnbook.Sequential(layer, nnbook.ReLU())


def digit_network():
    return nnbook.mlp([784, 16, 16, 10], nnbook.Sigmoid, output=nnbook.Sigmoid, rng=0)


def convnet():
    rng = np.random.default_rng(0)
    return nnbook.Sequential(
        nnbook.Conv2D(1, 6, 5, rng=rng), nnbook.ReLU(), nnbook.MaxPool2D(2),
        nnbook.Conv2D(6, 12, 5, rng=rng), nnbook.ReLU(), nnbook.MaxPool2D(2),
        nnbook.Flatten(), nnbook.Dense(12 * 4 * 4, 10, rng=rng),
    )


def _data(name):
    """Inputs and targets for each network: the grades with a target of 2 (squared
    error), random images with one-hot targets (squared error) and with labels
    (cross-entropy). Returns x, target, nnbook's loss, torch's loss, torch's target."""
    rng = np.random.default_rng(1)
    if name == "grades":
        Y = np.full((12, 4), 2.0)
        return grades().X, Y, nnbook.MSE(), nn.MSELoss(), torch.from_numpy(Y)
    if name == "digits":
        X, y = rng.uniform(0, 1, (10, 784)), rng.integers(0, 10, 10)
        Y = nnbook.one_hot(y, 10)
        return X, Y, nnbook.MSE(), nn.MSELoss(), torch.from_numpy(Y)
    X, y = rng.uniform(0, 1, (8, 1, 28, 28)), rng.integers(0, 10, 8)
    return X, y, nnbook.CrossEntropy(), nn.CrossEntropyLoss(), torch.from_numpy(y)


NETWORKS = {"grades": grades_layer, "digits": digit_network, "cnn": convnet}
OPTIMISERS = {
    "SGD": (lambda m: nnbook.SGD(m, lr=0.5), lambda p: torch.optim.SGD(p, lr=0.5)),
    "SGD momentum": (lambda m: nnbook.SGD(m, lr=0.5, momentum=0.9),
                     lambda p: torch.optim.SGD(p, lr=0.5, momentum=0.9)),
    "Adam": (lambda m: nnbook.Adam(m, lr=0.003), lambda p: torch.optim.Adam(p, lr=0.003)),
}


@pytest.mark.parametrize("optimiser", OPTIMISERS)
@pytest.mark.parametrize("name", NETWORKS)
def test_outputs_gradients_and_steps_equal_pytorch(name, optimiser):
    model = NETWORKS[name]()
    twin = to_torch(model)
    X, target, loss, torch_loss, torch_target = _data(name)
    ours, theirs = OPTIMISERS[optimiser]
    ours, theirs = ours(model), theirs(twin.parameters())
    for step in range(2):  # two steps: the second uses the optimisers' memories
        out = model(X)
        cost = loss.forward(out, target)
        model.backward(loss.backward())
        x_t = torch.from_numpy(X)
        out_t = twin(x_t)
        cost_t = torch_loss(out_t, torch_target)
        theirs.zero_grad()
        cost_t.backward()
        assert_same(out, out_t)
        assert abs(cost - cost_t.item()) <= TOL * max(1.0, abs(cost))
        for (_, grad), p in zip(model.named_gradients(), twin.parameters()):
            assert_same(grad, p.grad)
        ours.step()
        theirs.step()
        for (_, param), p in zip(model.named_parameters(), twin.parameters()):
            assert_same(param, p)


def test_torch_layers_cover_every_nnbook_layer_the_networks_use():
    # The networks above use each layer to_torch knows: none is skipped silently.
    used = {type(layer) for make in NETWORKS.values() for layer in make().layers}
    assert used == set(TORCH_LAYERS) - {nnbook.Tanh}


def test_float32_differs_where_float64_agrees():
    # PyTorch computes in float32 unless told otherwise: the same network then differs
    # from nnbook's float64 at about 1e-7, the precision of float32.
    model = digit_network()
    X, *_ = _data("digits")
    twin = to_torch(model).float()
    out = twin(torch.from_numpy(X).float()).detach().numpy().astype(np.float64)
    gap = np.max(np.abs(out - model(X)))
    assert 1e-9 < gap < 1e-5
