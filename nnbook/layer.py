"""The protocol every layer follows.

A layer is a function with memory: ``forward`` computes its output and keeps what
``backward`` will need; ``backward`` takes the gradient of the cost with respect to the
output and returns the gradient with respect to the input, storing the gradients of the
layer's own parameters in ``grads`` on the way.
"""


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

    def backward(self, grad_out):
        """Given ``dC/d(output)``, fill ``grads`` and return ``dC/d(input)``."""
        raise NotImplementedError

    def __call__(self, x):
        return self.forward(x)

    def parameters(self):
        """Return the trainable arrays as a list (the order of ``params``)."""
        return list(self.params.values())

    def num_parameters(self):
        """Return the number of trainable numbers in the layer."""
        return sum(p.size for p in self.params.values())

    def _require_forward(self, cache):
        # backward needs what forward kept; say so instead of failing on None.
        if cache is None:
            raise ValueError(
                f"{type(self).__name__}.backward called before forward: "
                "call forward(x) first"
            )

    def __repr__(self):
        return f"{type(self).__name__}()"
