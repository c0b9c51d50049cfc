"""Activation functions as layers, so that they can sit in a ``Sequential``.

They have no parameters; ``backward`` multiplies the incoming gradient by the
activation's derivative at the input seen in ``forward`` (the chain rule).
"""

import numpy as np

from . import functional as F
from ._checks import as_float_array
from .layer import Layer


class ReLU(Layer):
    r"""Layer form of [`relu`][nnbook.functional.relu]: $a = \max(0, z)$, element-wise.

    Input and output have the same shape (any, e.g. ``(N, K)``). ``backward`` returns
    $\partial C/\partial z = \partial C/\partial a \cdot \mathbb{1}[z > 0]$: the gradient
    passes where the neuron fired and stops where it did not.
    """

    def __init__(self):
        super().__init__()
        self._z = None

    def forward(self, z):
        z = as_float_array(z, "z")
        self._z = z
        return F.relu(z)

    def backward(self, grad_out, *, input_grad=True):
        grad_out = self._grad_out_of_shape(grad_out, self._z)
        if not input_grad:
            return None
        return grad_out * F.relu_prime(self._z)


class Sigmoid(Layer):
    r"""Layer form of [`sigmoid`][nnbook.functional.sigmoid]: $a = \sigma(z)$, element-wise.

    Input and output have the same shape (any, e.g. ``(N, K)``).
    ``backward`` returns $\partial C/\partial z = \partial C/\partial a \cdot a(1 - a)$:
    the derivative $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ needs only the output
    ``a`` kept from ``forward``, so no exponential is computed twice.
    """

    def __init__(self):
        super().__init__()
        self._a = None

    def forward(self, z):
        self._a = np.asarray(F.sigmoid(z))
        return self._a

    def backward(self, grad_out, *, input_grad=True):
        grad_out = self._grad_out_of_shape(grad_out, self._a)
        if not input_grad:
            return None
        grad_z = grad_out * self._a
        grad_z *= 1.0 - self._a  # in place: one temporary array fewer
        return grad_z


class Tanh(Layer):
    r"""Layer form of [`tanh`][nnbook.functional.tanh]: $a = \tanh(z)$, element-wise.

    Input and output have the same shape (any, e.g. ``(N, K)``). ``backward`` uses
    $\tanh'(z) = 1 - a^2$ with the output ``a`` kept from ``forward``.
    """

    def __init__(self):
        super().__init__()
        self._a = None

    def forward(self, z):
        self._a = np.asarray(F.tanh(z))
        return self._a

    def backward(self, grad_out, *, input_grad=True):
        grad_out = self._grad_out_of_shape(grad_out, self._a)
        if not input_grad:
            return None
        return grad_out * (1.0 - self._a**2)


class Softmax(Layer):
    r"""Layer form of [`softmax`][nnbook.functional.softmax], row by row over the last axis.

    For a batch ``Z`` of shape ``(N, K)`` each row becomes probabilities
    $s_i = e^{z_i} / \sum_j e^{z_j}$; the output has the same shape.

    Unlike the element-wise activations, every output depends on every input of its row:
    the Jacobian is $\partial s_i / \partial z_j = s_i(\delta_{ij} - s_j)$. Multiplying
    the incoming gradient ``g`` by it gives, without building the $K \times K$ matrix,

    $$\frac{\partial C}{\partial z_j} = s_j \Big(g_j - \sum_i g_i s_i\Big),$$

    which ``backward`` computes for all rows at once. (Followed by cross-entropy, the
    product simplifies to ``s − y``; ``CrossEntropy`` on logits uses that directly.)
    """

    def __init__(self):
        super().__init__()
        self._s = None

    def forward(self, z):
        self._s = F.softmax(z, axis=-1)
        return self._s

    def backward(self, grad_out, *, input_grad=True):
        grad_out = self._grad_out_of_shape(grad_out, self._s)
        if not input_grad:
            return None
        s = self._s
        return s * (grad_out - np.sum(grad_out * s, axis=-1, keepdims=True))
