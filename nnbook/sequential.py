r"""Layers in a row: a network is a composition of functions.

``Sequential(Dense(784, 16), Sigmoid(), Dense(16, 10))`` computes
$a^{(l)} = f_l(a^{(l-1)})$ layer after layer, and backpropagation runs the same
chain in reverse: by the chain rule each layer turns $\partial C/\partial a^{(l)}$
into $\partial C/\partial a^{(l-1)}$. Also here: ``Flatten``, which lays an image
out as one row so that a dense layer can read it, and ``mlp``, which builds a stack of
dense layers and activations from its sizes.
"""

import operator

import numpy as np

from ._checks import (as_float_array, check_bool, check_positive_int, check_sequence, default_rng,
                      describe)
from .activations import Activation
from .dense import Dense
from .layer import Layer


class _ArrayDict(dict):
    """A dict of the layers' own arrays, built afresh on each access of ``params``/``grads``.

    Putting a new array into it would change only this temporary dict, not the layer, so
    that is refused; change the array in place (``p -= lr * g``) or through the layer.
    """

    def __setitem__(self, key, value):
        raise TypeError(
            f"Sequential.params/grads are rebuilt from the layers on each access: update "
            f"{key!r} in place (p -= lr * g) or set it on the layer itself (model[i].W = ...)"
        )


class _Layers(tuple):
    """A Sequential's layers: fixed, so that an optimiser made on it trains all of them."""

    @staticmethod
    def refuse(*_):
        raise TypeError("a Sequential's layers are fixed when it is made: build a new one, "
                        "e.g. Sequential(*model.layers, new_layer), and a new optimiser on it")

    append = extend = insert = remove = pop = clear = __setitem__ = __delitem__ = refuse
    __iadd__ = refuse


_GRADS = operator.attrgetter("_grads")


def _put_back(dicts, copies):
    # Each dict as its copy was: a refused call changes nothing.
    for d, copy in zip(dicts, copies):
        d.clear()
        d.update(copy)


def _hint(wrong):
    # The two usual slips: a list of layers, and a layer class without its ().
    if isinstance(wrong, (list, tuple)):
        return " (pass the layers one by one: Sequential(*layers))"
    if isinstance(wrong, type) and issubclass(wrong, Layer):
        return f" (create a layer with {wrong.__name__}(...))"
    return ""


class Sequential(Layer):
    r"""A layer made of layers, applied in order: a network is a composition of functions.

    With layers $f_1, \dots, f_L$, ``forward`` computes
    $f_L(\cdots f_2(f_1(x)))$, i.e. $a^{(l)} = f_l(a^{(l-1)})$ with $a^{(0)} = x$;
    ``backward`` runs the chain rule the other way, from $f_L$ back to $f_1$. The input
    has the first layer's input shape (e.g. ``(N, 784)``), the output the last layer's
    output shape (e.g. ``(N, 10)``). ``model[i]`` is layer ``i``; ``model[a:b]`` a
    ``Sequential`` sharing those layers.

    Parameters
    ----------
    *layers : Layer
        The layers, first applied first. Each output must fit the next layer's input,
        e.g. ``Dense(784, 16), Sigmoid(), Dense(16, 10)``.

    Attributes
    ----------
    layers : tuple of Layer
        The layers; ``model[i]`` is ``model.layers[i]``. They are fixed when the
        Sequential is made, and each appears once (a layer keeps what its ``forward``
        saw for its ``backward``).
    params : dict[str, numpy.ndarray]
        Every layer's arrays keyed ``"<index>.<name>"`` (``"0.W"``, ``"0.b"``, ``"2.W"``,
        ...), read from the layers on each access. They *are* the layers' arrays, not
        copies: updating ``params`` in place trains the layers.
    grads : dict[str, numpy.ndarray]
        The layers' gradients from the last ``backward``, keyed like ``params``.
    """

    def __init__(self, *layers):
        super().__init__()  # no arrays of its own: its params are its layers'
        for i, layer in enumerate(layers):
            if not isinstance(layer, Layer):
                raise TypeError(
                    f"Sequential argument {i} must be a Layer, got {describe(layer)}"
                    + _hint(layer)
                )
        self._layers = _Layers(layers)
        seen = {}
        for name, layer in self.named_layers():
            if id(layer) in seen:
                raise ValueError(
                    f"a layer can appear once in a Sequential, got "
                    f"{repr(layer).splitlines()[0].rstrip('(')} as layer "
                    f"{seen[id(layer)] or 'the Sequential'} and again as layer {name[:-1]}: "
                    "it keeps what its forward saw for its backward, so a second use would "
                    "give the first one wrong gradients (make a new layer for each place)"
                )
            seen[id(layer)] = name[:-1]
        # What the layers inside keep (their attributes, their gradients), put back when a
        # call is refused: a forward by a later layer, a backward by an earlier one.
        # (The layers, not their dicts: a copy.deepcopy of the model keeps it true.)
        self._inner = [layer for _, layer in self.named_layers()[1:]]
        self._trained = [layer for layer in self._inner if layer._params]

    @property
    def layers(self):
        """The layers, fixed when the Sequential is made (an optimiser made on it knows
        them all): a tuple."""
        return self._layers

    @layers.setter
    def layers(self, value):
        _Layers.refuse()

    def children(self):
        """Return the layers as ``(index, layer)`` pairs: their arrays are named
        ``"<index>.<name>"``."""
        return list(enumerate(self.layers))

    @property
    def params(self):
        """The layers' trainable arrays keyed ``"<index>.<name>"`` (the arrays, not copies)."""
        return _ArrayDict(self.named_parameters())

    @property
    def grads(self):
        """The layers' gradients from the last ``backward``, keyed like ``params``."""
        return _ArrayDict(self.named_gradients())

    def forward(self, x):
        r"""Return $f_L(\cdots f_2(f_1(x)))$: each layer's output is the next one's input.

        If a layer refuses its input (a shape that does not fit it), the layers before it
        keep what they kept from their last forward: a refused call changes nothing."""
        x = as_float_array(x, "x")  # here, so that a message names the caller's x
        kept = list(map(dict.copy, map(vars, self._inner)))
        try:
            for layer in self._layers:
                x = layer.forward(x)
        except Exception:  # refused by a later layer: the earlier ones keep their inputs
            _put_back(map(vars, self._inner), kept)
            raise
        return x

    def backward(self, grad_out, *, input_grad=True):
        r"""Run every layer's ``backward`` from last to first; return $\partial C/\partial x$.

        Each layer fills its own ``grads`` on the way (seen through ``self.grads``). With
        ``input_grad=False`` (as [`fit`][nnbook.fit] calls it) nothing is computed for the
        data: the layers before the first one with parameters are skipped, that one fills
        its ``grads`` only, and None is returned. If a layer refuses (its forward saw
        another batch), no layer's ``grads`` has changed.
        """
        # The last layer checks grad_out against the output its forward gave.
        input_grad = check_bool(input_grad, "input_grad")
        layers, grad, last = self._layers, grad_out, 0
        if not input_grad:  # last: the first layer with parameters
            while last < len(layers) and not layers[last].params:
                last += 1
        kept = list(map(dict.copy, map(_GRADS, self._trained)))
        try:
            for i in range(len(layers) - 1, last - 1, -1):
                grad = layers[i].backward(grad, input_grad=input_grad or i > last)
        except Exception:  # refused by an earlier layer: the later ones keep their gradients
            _put_back(map(_GRADS, self._trained), kept)
            raise
        return grad if input_grad else None

    def __len__(self):
        return len(self.layers)

    def __getitem__(self, index):
        """``model[i]`` is layer ``i``; ``model[a:b]`` a ``Sequential`` sharing those layers."""
        if isinstance(index, slice):
            return Sequential(*self.layers[index])
        try:
            return self.layers[index]
        except TypeError:  # else Python's words, about a tuple the reader never made
            raise TypeError(f"a Sequential's index must be an int or a slice, got "
                            f"{describe(index)}") from None
        except IndexError:
            raise IndexError(f"a Sequential of {len(self)} layers has no layer {index} (its "
                             f"indices run from {-len(self)} to {len(self) - 1})") from None

    def __iter__(self):
        return iter(self.layers)

    def __repr__(self):
        lines = [f"  ({i}): " + repr(layer).replace("\n", "\n  ")
                 for i, layer in enumerate(self.layers)]
        return "Sequential(\n" + "\n".join(lines) + "\n)" if lines else "Sequential()"


def mlp(sizes, activation, *, output=None, rng=None):
    r"""A multilayer perceptron: dense layers of ``sizes``, an activation after each.

    ``mlp([784, 16, 16, 10], Sigmoid, output=Sigmoid, rng=rng)`` is the network of the
    book's Part III,

    ``Sequential(Dense(784, 16, rng=rng), Sigmoid(), Dense(16, 16, rng=rng), Sigmoid(),
    Dense(16, 10, rng=rng), Sigmoid())``,

    with the same weights: the dense layers draw theirs from ``rng`` in the same order.

    Parameters
    ----------
    sizes : sequence of int
        The number of neurons of each layer, the inputs first: at least two sizes, each
        a positive integer.
    activation : type
        The activation after each hidden layer, a class such as ``Sigmoid`` or ``ReLU``
        (one new layer is made for each).
    output : type or None
        The activation after the last dense layer; None leaves its weighted sums as they
        are (the logits that ``CrossEntropy`` takes).
    rng : numpy.random.Generator or int or None
        The source of every layer's initial weights, one generator for all of them (an
        int seeds it; None: a new unseeded generator, other weights at every run).

    Returns
    -------
    Sequential
    """
    sizes = check_sequence(sizes, "sizes")
    if len(sizes) < 2:
        raise ValueError(f"sizes must give at least two layer sizes, got {list(sizes)}")
    sizes = [check_positive_int(n, f"sizes[{i}]") for i, n in enumerate(sizes)]
    kinds = [("activation", activation)] + ([("output", output)] if output is not None else [])
    for name, kind in kinds:
        # An activation's class, not the base: Dense or Activation itself would be made
        # with no arguments, or (with two sizes) never, without a word.
        if not (isinstance(kind, type) and issubclass(kind, Activation)
                and kind is not Activation):
            raise TypeError(f"{name} must be an activation class such as Sigmoid or ReLU, "
                            f"got {describe(kind)}")
    rng = default_rng(rng)  # one generator: an int would give every layer the same draws
    layers = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(Dense(n_in, n_out, rng=rng))
        last = i == len(sizes) - 2
        if not last:
            layers.append(activation())
        elif output is not None:
            layers.append(output())
    return Sequential(*layers)


class Flatten(Layer):
    r"""Reshape ``(N, d1, d2, ...)`` to ``(N, d1·d2·...)``: one row per example.

    A 28×28 image becomes a row of 784 numbers, the input of a dense layer. Nothing is
    computed, so ``backward`` only puts the gradient back into the input's shape.
    """

    def __init__(self):
        super().__init__()
        self._shape = None

    def forward(self, x):
        x = as_float_array(x, "x")
        if x.ndim < 2:
            raise ValueError(
                "Flatten input must have at least 2 dimensions (N, d1, ...), "
                f"got shape {x.shape}"
            )
        self._shape = x.shape
        # Rows in C order whatever the layout of x (a convolution's maps lie with the
        # images last): the next layer's matrix product then sums as it always does.
        return np.ascontiguousarray(x).reshape(x.shape[0], int(np.prod(x.shape[1:])))

    def backward(self, grad_out, *, input_grad=True):
        self.require_forward(self._shape)
        grad_out = self.check_grad_out(grad_out, (self._shape[0], int(np.prod(self._shape[1:]))),
                                       input_grad=input_grad)
        return grad_out.reshape(self._shape) if input_grad else None
