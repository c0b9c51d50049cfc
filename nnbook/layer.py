"""The protocol every layer follows.

A layer is a function with memory: ``forward`` computes its output and keeps what
``backward`` will need; ``backward`` takes the gradient of the cost with respect to the
output and returns the gradient with respect to the input, storing the gradients of the
layer's own parameters in ``grads`` on the way. ``backward(grad_out, input_grad=False)``
fills ``grads`` only and returns None: the first layer of a network in training needs no
gradient for the data, and skipping it saves that layer's most expensive product.
"""

from ._checks import as_float_array, check_bool, check_shape, check_str, require_forward


class Parameter:
    """A trainable array of a layer, read and set as an attribute (``layer.W``).

    Reading gives ``layer.params[name]``. Setting checks the shape and writes the new
    values *into* the existing array, so an optimiser already holding it sees them.
    """

    def __init__(self, doc):
        self.__doc__ = check_str(doc, "doc", "the parameter's description, a str")

    def __set_name__(self, owner, name):
        self.name = name

    def __get__(self, layer, owner=None):
        return self if layer is None else layer.params[self.name]

    def __set__(self, layer, value):
        value = as_float_array(value, self.name)
        check_shape(value, layer.params[self.name].shape, self.name)
        layer.params[self.name][...] = value


class Layer:
    """Base class of nnbook's layers.

    A new layer puts its trainable arrays in ``params`` in its ``__init__`` (after
    ``super().__init__()``), and writes ``forward`` and ``backward``; a layer made of
    layers (such as [`Sequential`][nnbook.Sequential]) lists them in ``children``.

    Attributes
    ----------
    params : dict[str, numpy.ndarray]
        The trainable arrays by name, e.g. ``{"W": ..., "b": ...}``. Optimisers update
        them in place.
    grads : dict[str, numpy.ndarray]
        The gradient of the cost with respect to each entry of ``params``, same keys and
        shapes. ``backward`` overwrites it: one ``forward``, then one ``backward``.
    """

    def __init__(self):
        self._params = {}  # the layer's own arrays; a container's are its children's
        self._grads = {}

    @property
    def params(self):
        """The trainable arrays by name (the arrays themselves, not copies)."""
        return self._params

    @property
    def grads(self):
        """The gradients of the last ``backward``, keyed like ``params``."""
        return self._grads

    def forward(self, x):
        """Return the layer's output for input ``x`` (rows are examples)."""
        raise NotImplementedError

    def backward(self, grad_out, *, input_grad=True):
        """Given ``dC/d(output)``, fill ``grads`` and return ``dC/d(input)`` (None if
        ``input_grad`` is False)."""
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def children(self):
        """Return the layers inside this one as ``(name, layer)`` pairs: none here."""
        return ()

    def named_layers(self, prefix=""):
        """Return ``(prefix, layer)`` pairs for this layer and every layer inside it,
        depth first: the prefix of a layer's names in ``named_parameters`` (``""`` for
        this layer, ``"0."`` for the first layer of a Sequential, ``"2.0."`` inside).
        ``prefix`` is a str (``TypeError`` otherwise)."""
        pairs = [(check_str(prefix, "prefix"), self)]
        for child, layer in self.children():
            pairs += layer.named_layers(f"{prefix}{child}.")
        return pairs

    def named_parameters(self, prefix=""):
        """Return ``(name, array)`` pairs for every trainable array: the layer's own, then
        those of the layers inside it, named ``"<child>.<name>"`` (``"0.W"``, ...)."""
        return [(p + name, array) for p, layer in self.named_layers(prefix)
                for name, array in layer._params.items()]

    def named_gradients(self, prefix=""):
        """Return ``(name, gradient)`` pairs from the last ``backward``, named like
        ``named_parameters``."""
        return [(p + name, grad) for p, layer in self.named_layers(prefix)
                for name, grad in layer._grads.items()]

    def parameters(self):
        """Return the trainable arrays as a list (the order of ``named_parameters``)."""
        return [array for _, array in self.named_parameters()]

    def num_parameters(self):
        """Return the number of trainable numbers in the layer."""
        return sum(array.size for array in self.parameters())

    def require_forward(self, kept):
        """Raise ``ValueError`` if ``kept``, what ``forward`` keeps for ``backward``, is
        None: ``backward`` was called before ``forward``."""
        require_forward(self, kept)

    def check_grad_out(self, grad_out, shape, *, input_grad):
        """Return ``grad_out`` as a float64 array, or raise ``ValueError`` unless it has
        ``shape``, the shape of the output ``forward`` gave; ``TypeError`` unless
        ``input_grad`` is True or False. Called before ``backward`` changes anything."""
        check_bool(input_grad, "input_grad")
        grad_out = as_float_array(grad_out, "grad_out")
        if grad_out.shape != shape:
            check_shape(grad_out, shape, f"{type(self).__name__} grad_out")
        return grad_out

    def __repr__(self):
        return f"{type(self).__name__}()"
