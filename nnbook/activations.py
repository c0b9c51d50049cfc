"""Activation functions as layers, so that they can sit in a ``Sequential``.

They have no parameters; ``backward`` multiplies the incoming gradient by the
activation's derivative at the input seen in ``forward`` (the chain rule).

``forward`` takes ``±inf`` and gives the activation's limit there (as the functions of
``nnbook.functional`` do), so ``backward`` gives the derivative's limit
(0 where a sigmoid or tanh saturates). Sigmoid's and tanh's ``backward`` use the output
kept from ``forward``, $a(1 - a)$ and $1 - a^2$, the formulas of the chapters: where
$a$ rounds to its limit (from $z$ near 37 for the sigmoid, $|z|$ near 19 for tanh)
they give exactly 0, where ``sigmoid_prime`` and ``tanh_prime`` still give the tiny
true value. A NaN input, and a NaN or ``±inf`` in
``grad_out``, raise ``ValueError``.
"""

import numpy as np

from . import functional as F
from ._checks import as_float_array
from .layer import Layer


class Activation(Layer):
    r"""Base of the activation layers, which have no parameters and keep the shape.

    ``forward`` computes $a = f(z)$ and keeps in ``_kept`` the one array the derivative
    needs (the input $z$ for ReLU, the output $a$ for sigmoid, tanh and softmax), which
    has the output's shape. ``backward`` checks that ``grad_out`` has that shape and
    returns ``_grad_in(grad_out)``, i.e. $\partial C/\partial z$ from
    $\partial C/\partial a$ by the chain rule. A new activation defines those two
    methods.
    """

    def __init__(self):
        super().__init__()
        self._kept = None

    def backward(self, grad_out, *, input_grad=True):
        self.require_forward(self._kept)
        grad_out = self.check_grad_out(grad_out, self._kept.shape, input_grad=input_grad)
        return self._grad_in(grad_out) if input_grad else None

    def _grad_in(self, grad_out):
        raise NotImplementedError


class ReLU(Activation):
    r"""Layer form of [`relu`][nnbook.functional.relu]: $a = \max(0, z)$, element-wise.

    Input and output have the same shape (any, e.g. ``(N, K)``). ``backward`` returns
    $\partial C/\partial z = \partial C/\partial a \cdot \mathbb{1}[z > 0]$: the gradient
    passes where the neuron fired and stops where it did not.
    """

    def forward(self, z):
        self._kept = as_float_array(z, "z", finite=False)  # the derivative needs the input
        return F.relu(self._kept)

    def _grad_in(self, grad_out):
        return grad_out * F.relu_prime(self._kept)


class Sigmoid(Activation):
    r"""Layer form of [`sigmoid`][nnbook.functional.sigmoid]: $a = \sigma(z)$, element-wise.

    Input and output have the same shape (any, e.g. ``(N, K)``).
    ``backward`` returns $\partial C/\partial z = \partial C/\partial a \cdot a(1 - a)$:
    the derivative $\sigma'(z) = \sigma(z)(1 - \sigma(z))$ needs only the output
    ``a`` kept from ``forward``, so no exponential is computed twice.
    """

    def forward(self, z):
        self._kept = np.asarray(F.sigmoid(z))  # the derivative needs only the output
        return self._kept

    def _grad_in(self, grad_out):
        a = self._kept
        return grad_out * a * (1.0 - a)


class Tanh(Activation):
    r"""Layer form of [`tanh`][nnbook.functional.tanh]: $a = \tanh(z)$, element-wise.

    Input and output have the same shape (any, e.g. ``(N, K)``). ``backward`` uses
    $\tanh'(z) = 1 - a^2$ with the output ``a`` kept from ``forward``.
    """

    def forward(self, z):
        self._kept = np.asarray(F.tanh(z))
        return self._kept

    def _grad_in(self, grad_out):
        return grad_out * (1.0 - self._kept**2)


class Softmax(Activation):
    r"""Layer form of [`softmax`][nnbook.functional.softmax], row by row over the last axis.

    For a batch ``Z`` of shape ``(N, K)`` each row becomes probabilities
    $s_i = e^{z_i} / \sum_j e^{z_j}$; the output has the same shape.

    Unlike the element-wise activations, every output depends on every input of its row:
    the Jacobian is $\partial s_i / \partial z_j = s_i([i = j] - s_j)$, where $[i = j]$
    is 1 if $i = j$ and 0 otherwise. Multiplying the incoming gradient ``g`` by it gives,
    without building the $K \times K$ matrix,

    $$\frac{\partial C}{\partial z_j} = s_j \Big(g_j - \sum_i g_i s_i\Big),$$

    which ``backward`` computes for all rows at once. (Followed by cross-entropy, the
    product simplifies to ``s − y``; ``CrossEntropy`` on logits uses that directly.)
    """

    def forward(self, z):
        self._kept = F.softmax(z, axis=-1)
        return self._kept

    def _grad_in(self, grad_out):
        s = self._kept
        with np.errstate(over="ignore", invalid="ignore"):  # rescued below
            grad_in = s * (grad_out - np.sum(grad_out * s, axis=-1, keepdims=True))
        if not np.isfinite(grad_in).all():
            # g − Σ g s overflowed for a g near the largest float (and inf · 0 = nan where
            # s = 0): the same with g/4, times 4, inf only where the true value is too big.
            quarter = grad_out * 0.25
            with np.errstate(over="ignore", under="ignore"):
                grad_in = 4.0 * (s * (quarter - np.sum(quarter * s, axis=-1, keepdims=True)))
        return grad_in
