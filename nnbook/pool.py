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
positions: entry ``(i, j)`` of every window at once is one strided slice of ``x``
(``Windows.entries``).
"""

import numpy as np

from ._checks import as_float_array, check_ndim, check_pair
from ._windows import Windows, images_last, zeros
from .layer import Layer


def _prepare(x, kernel_size, stride):
    # The images and the windows over them; the stride defaults to the window's size.
    x = as_float_array(x, "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    kernel = check_pair(kernel_size, "kernel_size", 1)
    stride = kernel if stride is None else check_pair(stride, "stride", 1)
    return x, Windows.over(x.shape, kernel, stride, what="pooling window")


def _max(x, windows):
    # The maximum of every window at once, and the entry k of each window that holds it
    # (the first one, for a tie): one element-wise comparison per entry of the window.
    entries = (x[where] for _, where in windows.entries())
    q = next(entries).copy(order="K")  # laid out in memory as x is (see conv.py)
    # The smallest integer type that holds k: fewer bytes to compare in backward.
    winner = np.zeros_like(q, dtype=np.min_scalar_type(np.prod(windows.kernel) - 1))
    for k, entry in enumerate(entries, start=1):
        # k where strictly greater (a tie keeps the first), as max(winner, k·[entry > q]):
        # k is larger than every earlier k, and this is a tenth of np.copyto's time.
        np.maximum(winner, (entry > q).view(np.uint8) * winner.dtype.type(k), out=winner)
        np.maximum(q, entry, out=q)
    return q, winner


def maxpool2d(x, kernel_size=2, stride=None):
    r"""Max pooling of images ``x`` of shape ``(N, C, H, W)``.

    Returns the pooled maps $q$, of shape ``(N, C, H_out, W_out)``, with
    $q_{n,\text{ch},r,c} = \max_{i,j} x_{n,\text{ch},\,s r + i,\,s c + j}$; ``H_out`` and
    ``W_out`` are [`conv_output_size`][nnbook.conv_output_size]``(H, kH, s)`` and ``(W, kW, s)``.
    ``kernel_size`` and ``stride`` are an int or a pair; ``stride`` defaults to
    ``kernel_size`` (windows side by side, as in ``torch.nn.functional.max_pool2d``).
    """
    q, _ = _max(*_prepare(x, kernel_size, stride))
    return q


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
        self.kernel_size = check_pair(kernel_size, "kernel_size", 1)
        self.stride = self.kernel_size if stride is None else check_pair(stride, "stride", 1)
        self._windows = self._winner = None  # what backward needs from forward
        self._images_last = False

    def forward(self, x):
        """Return ``maxpool2d(x, kernel_size, stride)`` for ``x`` of shape ``(N, C, H, W)``."""
        x, self._windows = _prepare(x, self.kernel_size, self.stride)
        q, self._winner = _max(x, self._windows)
        self._images_last = images_last(x)
        return q

    def backward(self, grad_out, *, input_grad=True):
        r"""Backpropagate $\partial C/\partial q$ of shape ``(N, C, H_out, W_out)``.

        Returns $\partial C/\partial x$ of the input's shape: each output's gradient added
        onto the pixel that was its window's maximum, 0 elsewhere. ``grads`` stays empty
        (no parameters); None with ``input_grad=False``.
        """
        self.require_forward(self._winner)
        grad_out = self.check_grad_out(grad_out, self._winner.shape, input_grad=input_grad)
        if not input_grad:
            return None
        grad_x = zeros(self._windows.x_shape, self._images_last)  # laid out as x was
        # G · 1[entry k was the max], a product: four times faster than np.where on the
        # strided maps. grad_out is finite (checked here, or inside fit by the step that
        # refuses a NaN or inf gradient), so 0 · G is 0 where entry k lost.
        for k, (_, where) in enumerate(self._windows.entries()):  # overlaps add up
            grad_x[where] += grad_out * (self._winner == k)
        return grad_x
