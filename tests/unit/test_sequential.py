import numpy as np
import pytest

from nnbook import Dense, check_layer
from nnbook.activations import ReLU, Sigmoid, Softmax, Tanh
from nnbook.functional import sigmoid
from nnbook.sequential import Flatten, Sequential, mlp


def small_network(rng):
    model = Sequential(Dense(4, 5, rng=rng), Sigmoid(), Dense(5, 3, rng=rng), Tanh())
    for dense in (model[0], model[2]):
        dense.b = 0.5 * rng.standard_normal(dense.out_features)  # non-zero biases
    return model


def test_digit_network_has_13002_parameters():
    model = Sequential(
        Dense(784, 16, rng=0), Sigmoid(), Dense(16, 16, rng=1), Sigmoid(),
        Dense(16, 10, rng=2), Sigmoid(),
    )
    assert model.num_parameters() == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10 == 13_002
    assert list(model.params) == ["0.W", "0.b", "2.W", "2.b", "4.W", "4.b"]
    assert sum(p.size for p in model.parameters()) == 13_002
    assert model(np.zeros((3, 784))).shape == (3, 10)


def test_forward_composes_the_layers_in_order():
    rng = np.random.default_rng(0)
    model = small_network(rng)
    X = rng.standard_normal((6, 4))
    by_hand = np.tanh(model[2](1 / (1 + np.exp(-model[0](X)))))
    np.testing.assert_allclose(model(X), by_hand)
    np.testing.assert_array_equal(model.forward(X), model(X))


@pytest.mark.parametrize("n", [1, 3])
def test_gradient_check_of_a_whole_network(n):
    # Few data points (CS231n practice): the input and every weight and bias are checked.
    rng = np.random.default_rng(n)
    model = small_network(rng)
    errors = check_layer(model, rng.standard_normal((n, 4)), rng=rng)
    assert set(errors) == {"x", "0.W", "0.b", "2.W", "2.b"}
    assert max(errors.values()) < 1e-7, errors


def test_backward_runs_in_reverse_and_fills_every_layers_grads():
    rng = np.random.default_rng(1)
    model = small_network(rng)
    X, G = rng.standard_normal((3, 4)), rng.standard_normal((3, 3))
    model(X)
    dX = model.backward(G)
    # The same chain by hand, last layer first.
    g = model[3].backward(G)
    g = model[2].backward(g)
    dW2 = model[2].grads["W"].copy()
    g = model[0].backward(model[1].backward(g))
    np.testing.assert_allclose(dX, g)
    np.testing.assert_allclose(model.grads["2.W"], dW2)
    assert model.grads["0.b"] is model[0].grads["b"]


def test_params_are_the_layers_own_arrays():
    rng = np.random.default_rng(2)
    model = small_network(rng)
    assert isinstance(model.params, dict) and isinstance(model.grads, dict)
    assert model.params["0.W"] is model[0].W and model.params["2.b"] is model[2].b
    model(rng.standard_normal((2, 4)))
    model.backward(np.ones((2, 3)))
    old = model[2].W.copy()
    for name, p in model.params.items():  # one step of gradient descent, in place
        p -= 0.1 * model.grads[name]
    np.testing.assert_allclose(model[2].W, old - 0.1 * model[2].grads["W"])
    model[0].W = np.zeros((5, 4))  # the setter replaces the array: params follows
    assert model.params["0.W"] is model[0].W
    with pytest.raises(TypeError, match="in place"):
        model.params["0.W"] = np.ones((5, 4))
    assert model.parameters()[0] is model[0].W


def test_nested_sequential_and_slicing():
    rng = np.random.default_rng(3)
    inner = Sequential(Dense(3, 2, rng=rng), Tanh())
    model = Sequential(Dense(4, 3, rng=rng), ReLU(), inner)
    assert list(model.params) == ["0.W", "0.b", "2.0.W", "2.0.b"]
    assert model.params["2.0.W"] is inner[0].W
    head = model[:2]
    assert isinstance(head, Sequential) and len(head) == 2 and head[0] is model[0]
    assert model[-1] is inner and tuple(model) == model.layers and len(model) == 3
    X = rng.standard_normal((5, 4))
    np.testing.assert_allclose(model(X), inner(head(X)))


def test_repr_shows_one_layer_per_line():
    model = Sequential(Dense(784, 16), Sigmoid(), Sequential(Dense(16, 10), Softmax()))
    assert repr(model) == (
        "Sequential(\n"
        "  (0): Dense(784, 16)\n"
        "  (1): Sigmoid()\n"
        "  (2): Sequential(\n"
        "    (0): Dense(16, 10)\n"
        "    (1): Softmax()\n"
        "  )\n"
        ")"
    )
    assert repr(Sequential()) == "Sequential()"


def test_empty_sequential_is_the_identity():
    model = Sequential()
    X = np.ones((2, 3))
    np.testing.assert_array_equal(model(X), X)
    np.testing.assert_array_equal(model.backward(X), X)
    assert model.num_parameters() == 0 and model.params == {}


def test_sequential_errors():
    with pytest.raises(TypeError, match="argument 1 must be a Layer, got function"):
        Sequential(Dense(2, 2), sigmoid)  # the function, not the layer Sigmoid()
    with pytest.raises(TypeError, match=r"argument 0 must be a Layer, got list \[Dense\(2, 2\), ReLU\(\)\] \(pass"):
        Sequential([Dense(2, 2), ReLU()])
    with pytest.raises(TypeError, match=r"got the class ReLU \(create a layer with ReLU\(...\)\)"):
        Sequential(Dense(2, 2), ReLU)
    model = Sequential(Dense(2, 3), ReLU())
    with pytest.raises(ValueError, match="ReLU.backward called before forward"):
        model.backward(np.ones((1, 3)))
    model(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"ReLU grad_out must have shape \(4, 3\), got shape \(4, 2\)"):
        model.backward(np.ones((4, 2)))
    with pytest.raises(ValueError, match=r"Dense input X .*\(N, 2\), got shape \(4, 5\)"):
        model(np.ones((4, 5)))
    # An index names the Sequential, not the tuple it keeps its layers in.
    with pytest.raises(TypeError, match=r"Sequential's index must be an int or a slice, "
                                        r"got str 'relu'"):
        model["relu"]
    with pytest.raises(IndexError, match=r"Sequential of 2 layers has no layer 2 \(its "
                                         r"indices run from -2 to 1\)"):
        model[2]


# --- Flatten ----------------------------------------------------------------------------

def test_flatten_shapes_and_order():
    x = np.arange(2 * 3 * 4 * 5, dtype=float).reshape(2, 3, 4, 5)
    layer = Flatten()
    out = layer(x)
    assert out.shape == (2, 60) and out.dtype == np.float64
    np.testing.assert_array_equal(out[1], x[1].ravel())  # row n is example n, C-order
    assert layer.backward(np.ones((2, 60))).shape == (2, 3, 4, 5)
    assert Flatten()(np.ones((3, 7))).shape == (3, 7)
    assert Flatten()(np.ones((0, 2, 2))).shape == (0, 4)
    assert Flatten().num_parameters() == 0


def test_flatten_gradient_check_and_in_a_network():
    rng = np.random.default_rng(4)
    errors = check_layer(Flatten(), rng.standard_normal((2, 3, 2, 2)), rng=rng)
    assert errors["x"] < 1e-7, errors
    model = Sequential(Flatten(), Dense(6, 3, rng=rng), Sigmoid())
    errors = check_layer(model, rng.standard_normal((2, 2, 3)), rng=rng)
    assert set(errors) == {"x", "1.W", "1.b"}
    assert max(errors.values()) < 1e-7, errors


def test_flatten_errors():
    layer = Flatten()
    with pytest.raises(ValueError, match="before forward"):
        layer.backward(np.ones((2, 4)))
    with pytest.raises(ValueError, match=r"at least 2 dimensions .*got shape \(5,\)"):
        layer(np.ones(5))
    layer(np.ones((2, 2, 2)))
    with pytest.raises(ValueError, match=r"shape \(2, 4\), got shape \(2, 2, 2\)"):
        layer.backward(np.ones((2, 2, 2)))


def test_mlp_is_the_stack_written_out_with_the_same_weights():
    rng = np.random.default_rng(0)
    written = Sequential(Dense(784, 16, rng=rng), Sigmoid(), Dense(16, 16, rng=rng), Sigmoid(),
                         Dense(16, 10, rng=rng), Sigmoid())
    built = mlp([784, 16, 16, 10], Sigmoid, output=Sigmoid, rng=np.random.default_rng(0))
    assert repr(built) == repr(written)
    assert built.params.keys() == written.params.keys()
    for key in written.params:
        assert np.array_equal(built.params[key], written.params[key])
    logits = mlp((3, 4, 2), ReLU, rng=1)  # no output activation: the weighted sums
    assert [type(layer) for layer in logits] == [Dense, ReLU, Dense]
    # An int seeds one generator for all layers: two layers of one shape differ (a seed
    # per layer would give both the same draws), and each activation is a layer of its own.
    square = mlp([3, 3, 3], Tanh, rng=1)
    assert not np.array_equal(square[0].W, square[2].W)
    deeper = mlp([3, 3, 3, 3], Tanh, rng=1)
    assert deeper[1] is not deeper[3]


@pytest.mark.parametrize("args, kwargs, error, message", [
    (([784], Sigmoid), {}, ValueError, "at least two layer sizes, got [784]"),
    (([784, 0], Sigmoid), {}, ValueError, "sizes[1] must be a positive integer, got 0"),
    (([784, 2.5], Sigmoid), {}, TypeError, "sizes[1] must be a positive integer, got float"),
    ((784, Sigmoid), {}, TypeError, "sizes must be a sequence of integers (a list or a tuple), got int"),
    (("784", Sigmoid), {}, TypeError, "sizes must be a sequence of integers (a list or a tuple), got str"),
    # A set or a dict has no order that means anything: {784, 10} built Dense(10, 784).
    (({784, 10}, Sigmoid), {}, TypeError, "sizes must be a sequence of integers (a list or a tuple), got set"),
    (({784: 1, 10: 1}, Sigmoid), {}, TypeError, "sizes must be a sequence of integers (a list or a tuple), got dict"),
    (([784, 10], Sigmoid()), {}, TypeError, "activation must be an activation class"),
    (([784, 10], np.tanh), {}, TypeError, "activation must be an activation class"),
    (([784, 10], Sigmoid), {"output": Softmax()}, TypeError, "output must be an activation class"),
])
def test_mlp_says_what_it_expected(args, kwargs, error, message):
    with pytest.raises(error) as raised:
        mlp(*args, **kwargs)
    assert message in str(raised.value)
