"""The protocol every layer follows.

A layer is a function with memory: ``forward`` computes its output and keeps what
``backward`` will need; ``backward`` takes the gradient of the cost with respect to the
output and returns the gradient with respect to the input, storing the gradients of the
layer's own parameters in ``grads`` on the way. ``backward(grad_out, input_grad=False)``
fills ``grads`` only and returns None: the first layer of a network in training needs no
gradient for the data, and skipping it saves that layer's most expensive product.
"""

from ._checks import as_float_array, check_shape


class Parameter:
    """A trainable array of a layer, read and set as an attribute (``layer.W``).

    Reading gives ``layer.params[name]``. Setting checks the shape and writes the new
    values *into* the existing array, so an optimiser already holding it sees them.
    """

    def __init__(self, doc):
        self.__doc__ = doc

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
        self.params = {}
        self.grads = {}

    def forward(self, x):
        """Return the layer's output for input ``x`` (rows are examples)."""
        raise NotImplementedError

    def backward(self, grad_out, *, input_grad=True):
        """Given ``dC/d(output)``, fill ``grads`` and return ``dC/d(input)`` (None if
        ``input_grad`` is False)."""
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def parameters(self):
        """Return the trainable arrays as a list (the order of ``params``)."""
        return list(self.params.values())

    def num_parameters(self):
        """Return the number of trainable numbers in the layer."""
        return sum(p.size for p in self.params.values())

    def _grad_out_of_shape(self, grad_out, output):
        # Layers that keep the shape (activations) need grad_out of the shape of the
        # output their forward gave (``output``, or another array of that shape it kept).
        self._require_forward(output)
        grad_out = as_float_array(grad_out, "grad_out")
        if grad_out.shape != output.shape:
            raise ValueError(
                f"{type(self).__name__} grad_out must have the output's shape "
                f"{output.shape}, got shape {grad_out.shape}"
            )
        return grad_out

    def _require_forward(self, cache):
        # backward needs what forward kept; say so instead of failing on None.
        if cache is None:
            raise ValueError(
                f"{type(self).__name__}.backward called before forward: "
                "call forward(x) first"
            )

    def __repr__(self):
        return f"{type(self).__name__}()"
