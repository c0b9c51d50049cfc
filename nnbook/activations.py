"""Activation functions as layers, so that they can sit in a ``Sequential``.

They have no parameters; ``backward`` multiplies the incoming gradient by the
activation's derivative at the input seen in ``forward`` (the chain rule).
"""

from . import functional as F
from ._checks import as_float_array
from .layer import Layer


class ReLU(Layer):
    r"""Layer form of :func:`nnbook.functional.relu`: :math:`a = \max(0, z)`."""

    def __init__(self):
        super().__init__()
        self._z = None

    def forward(self, z):
        z = as_float_array(z, "z")
        self._z = z
        return F.relu(z)

    def backward(self, grad_out):
        self._require_forward(self._z)
        grad_out = as_float_array(grad_out, "grad_out")
        if grad_out.shape != self._z.shape:
            raise ValueError(
                f"ReLU grad_out must have the input's shape {self._z.shape}, "
                f"got shape {grad_out.shape}"
            )
        return grad_out * F.relu_prime(self._z)
