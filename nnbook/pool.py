r"""Max pooling: each output is the largest value of a small window of its channel.

For images ``x`` of shape ``(N, C, H, W)`` (NCHW), windows of ``kH × kW`` pixels moved by a
stride ``s`` (by default the window's size: windows side by side), the pooled map $q$ of
channel $\text{ch}$ at row $r$, column $c$ is (indices from 0)

$$q_{n,\text{ch},r,c} = \max_{0 \le i < k_H,\ 0 \le j < k_W} x_{n,\text{ch},\,s r + i,\,s c + j}$$

Each channel is pooled on its own: pooling has no weights. It keeps whether a feature was
found in a neighbourhood and forgets exactly where, and it divides the height and width
by the stride. Same result as ``torch.nn.functional.max_pool2d`` (no padding, floor).

Backward: only the maximum of a window reaches the output, so only it gets a gradient. A
small change of any other value changes nothing (as long as it stays below the maximum),
so its partial derivative is 0; the maximum's is 1. The gradient is routed to the
position of each window's maximum (the first one, for a tie), and where windows overlap
a pixel collects one contribution per window it wins.

As in ``conv.py``, the loops run over the ``kH × kW`` entries of a window, never over
positions: entry ``(i, j)`` of every window at once is one strided slice of ``x``.
"""

import numpy as np

from ._checks import as_float_array, check_ndim
from .conv import _offset, _pair
from .layer import Layer


def _entries(x_shape, kernel, stride):
    """Entry ``(i, j)`` of every window, as slices of ``x``, in reading order (k = i·kW + j).

    Each slice has the output's shape ``(N, C, H_out, W_out)``; raises ``ValueError`` if
    a window does not fit.
    """
    for axis, n, k in zip(("height", "width"), x_shape[2:], kernel):
        if k > n:
            raise ValueError(f"the pooling window's {axis} {k} is larger than the input's "
                             f"{axis} {n} (x shape {x_shape})")
    out_hw = tuple((n - k) // s + 1 for n, k, s in zip(x_shape[2:], kernel, stride))
    return [_offset(i, j, stride, out_hw) for i in range(kernel[0]) for j in range(kernel[1])]


def _max(x, entries):
    # The element-wise maximum of the window entries: the max of every window at once.
    y = x[entries[0]].copy()
    for entry in entries[1:]:
        np.maximum(y, x[entry], out=y)
    return y


def _prepare(x, kernel_size, stride):
    x = as_float_array(x, "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    kernel = _pair(kernel_size, "kernel_size", 1)
    stride = kernel if stride is None else _pair(stride, "stride", 1)
    return x, kernel, stride


def maxpool2d(x, kernel_size=2, stride=None):
    r"""Max pooling of images ``x`` of shape ``(N, C, H, W)``.

    Returns the pooled maps $q$, of shape ``(N, C, H_out, W_out)``, with
    $q_{n,\text{ch},r,c} = \max_{i,j} x_{n,\text{ch},\,s r + i,\,s c + j}$; ``H_out`` and
    ``W_out`` are [`conv_output_size`][nnbook.conv_output_size]``(H, kH, s)`` and ``(W, kW, s)``.
    ``kernel_size`` and ``stride`` are an int or a pair; ``stride`` defaults to
    ``kernel_size`` (windows side by side, as in ``torch.nn.functional.max_pool2d``).
    """
    x, kernel, stride = _prepare(x, kernel_size, stride)
    return _max(x, _entries(x.shape, kernel, stride))


class MaxPool2D(Layer):
    r"""Max-pooling layer: the largest value of each ``kH × kW`` window, channel by channel.

    ``forward`` maps ``(N, C, H, W)`` to ``(N, C, H_out, W_out)`` with
    [`maxpool2d`][nnbook.maxpool2d]; it has no parameters. ``backward`` routes each
    output's gradient to the input pixel that was the window's maximum, and gives 0 to
    every other pixel: $\partial q_{n,\text{ch},r,c} / \partial x_{n,\text{ch},u,v}$ is 1 when
    pixel $(u, v)$ is the maximum of window $(r, c)$, and 0 otherwise.

    Parameters
    ----------
    kernel_size : int or (int, int)
        The window's ``(kH, kW)``; one int for a square window.
    stride : int or (int, int), optional
        Step between windows; by default the window's size.
    """

    def __init__(self, kernel_size=2, stride=None):
        super().__init__()
        self.kernel_size = _pair(kernel_size, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else _pair(stride, "stride", 1)
        self._x_shape = self._winner = None  # what backward needs from forward

    def forward(self, x):
        """Return ``maxpool2d(x, kernel_size, stride)`` for ``x`` of shape ``(N, C, H, W)``."""
        x, kernel, stride = _prepare(x, self.kernel_size, self.stride)
        entries = _entries(x.shape, kernel, stride)
        y = _max(x, entries)
        # The entry k of each window that holds its maximum; the first one for a tie,
        # hence the reversed order (an earlier entry overwrites a later one).
        self._winner = np.zeros(y.shape, dtype=np.intp)
        for k in reversed(range(len(entries))):
            self._winner[x[entries[k]] == y] = k
        self._x_shape = x.shape
        return y

    def backward(self, grad_out, *, input_grad=True):
        r"""Backpropagate $\partial C/\partial q$ of shape ``(N, C, H_out, W_out)``.

        Returns $\partial C/\partial x$ of the input's shape: each output's gradient added
        onto the pixel that was its window's maximum, 0 elsewhere. ``grads`` stays empty
        (no parameters); None with ``input_grad=False``.
        """
        self._require_forward(self._winner)
        grad_out = as_float_array(grad_out, "grad_out")
        if grad_out.shape != self._winner.shape:
            raise ValueError(f"MaxPool2D grad_out must have the output's shape "
                             f"{self._winner.shape}, got {grad_out.shape}")
        if not input_grad:
            return None
        entries = _entries(self._x_shape, self.kernel_size, self.stride)
        grad_x = np.zeros(self._x_shape)
        for k, entry in enumerate(entries):  # where windows overlap, += adds them up
            grad_x[entry] += np.where(self._winner == k, grad_out, 0.0)
        return grad_x
