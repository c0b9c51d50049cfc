r"""2-D convolution: a small filter slides over an image; each output is a dot product.

For images ``x`` of shape ``(N, C_in, H, W)`` (NCHW), zero-padded by ``p`` on each side,
and filters ``W`` of shape ``(C_out, C_in, kH, kW)`` moved by a stride ``s``, output
channel $o$ at row $r$, column $c$ is (indices from 0, over the padded image)

$$z_{n,o,r,c} = b_o + \sum_{\text{ch},i,j} W_{o,\text{ch},i,j}\,
  x_{n,\text{ch},\,s r + i,\,s c + j}$$

This is cross-correlation (the filter is not flipped), exactly what
``torch.nn.functional.conv2d`` computes, so results can be compared directly.

To be fast we use *im2col*: copy every receptive field (the patch under the filter at one
position) into a column of a matrix ``cols``, one column per image and position. A
convolution is then a dense layer applied to every patch, one matrix product for all the
outputs at once: ``W_mat @ cols + b``, with row ``o`` of ``W_mat`` filter ``o`` unrolled
(BLAS does the arithmetic).
"""

from typing import NamedTuple

import numpy as np

from ._checks import (as_float_array, check_ndim, check_pair, check_positive_int, check_shape,
                      default_rng)
from ._windows import Windows, conv_output_size
from .layer import Layer, Parameter

# conv_output_size lives with the windows it counts; it is part of this module's API too.
__all__ = ["conv2d", "conv2d_loop", "Conv2D", "conv_output_size"]


class _Conv(NamedTuple):
    """The checked arguments of a convolution: what ``_prepare`` returns."""

    x: np.ndarray  # (N, C_in, H, W)
    w: np.ndarray  # (C_out, C_in, kH, kW)
    b: np.ndarray | None  # (C_out,)
    windows: Windows  # the filter's positions (stride, padding, output size)


def _prepare(x, w, b, stride, padding):
    # Check everything up front so that no cryptic broadcast error surfaces later.
    x = as_float_array(x, "x")
    check_ndim(x, 4, "x", "(N, C, H, W)")
    w = as_float_array(w, "w")
    check_ndim(w, 4, "w", "(C_out, C_in, kH, kW)")
    if min(w.shape) == 0:  # else a message about a kernel_size nobody passed
        raise ValueError(f"w must have at least one filter, channel, row and column, got "
                         f"shape {w.shape}")
    if x.shape[1] != w.shape[1]:
        raise ValueError(f"x must have C_in = {w.shape[1]} channels to match w of shape "
                         f"{w.shape}, got {x.shape[1]} channels (x shape {x.shape})")
    if b is not None:
        b = as_float_array(b, "b")
        check_shape(b, (w.shape[0],), "b")
    stride, padding = check_pair(stride, "stride", 1), check_pair(padding, "padding", 0)
    return _Conv(x, w, b, Windows.over(x.shape, w.shape[2:], stride, padding))


def _im2col(x_pad, windows):
    """Copy every receptive field into a column: ``(N, C, Hp, Wp) -> (C kH kW, P N)``.

    Column ``(r W_out + c) N + n`` (``P = H_out W_out`` positions) is the patch under the
    filter at output position ``(r, c)`` of image ``n``, unrolled in the order
    ``(ch, i, j)`` of a filter's entries, so that row ``o`` of ``W_mat`` times it is output
    ``(n, o, r, c)``. The images are the last axis: each copy below moves runs of ``N``
    numbers, not rows of a small feature map (about twice as fast on the book's network).
    """
    (N, C), (kH, kW), (H_out, W_out) = x_pad.shape[:2], windows.kernel, windows.out_hw
    x_last = np.ascontiguousarray(x_pad.transpose(1, 2, 3, 0))  # (C, Hp, Wp, N)
    cols = np.empty((C, kH, kW, H_out, W_out, N))
    for (i, j), (_, rows, columns) in windows.entries():  # one slice per window entry
        cols[:, i, j] = x_last[:, rows, columns]
    return cols.reshape(C * kH * kW, H_out * W_out * N)


def _col2im(dcols, windows):
    """Adjoint of ``_im2col``: add each column's entries back onto the pixels they came
    from, and return ``(N, C, Hp, Wp)``. A pixel seen by several (overlapping) windows
    collects one contribution per window."""
    (N, C, Hp, Wp), (kH, kW), out_hw = windows.padded_shape, windows.kernel, windows.out_hw
    dcols = dcols.reshape(C, kH, kW, *out_hw, N)
    dx_last = np.zeros((C, Hp, Wp, N))
    for (i, j), (_, rows, columns) in windows.entries():
        dx_last[:, rows, columns] += dcols[:, i, j]
    return dx_last.transpose(3, 0, 1, 2)


def conv2d(x, w, b=None, stride=1, padding=0):
    r"""2-D cross-correlation of a batch of images with a bank of filters (vectorised).

    With stride $s$ and the image zero-padded by $p$ (indices from 0), output channel $o$
    at row $r$, column $c$ is the dot product of filter $o$ with the patch under it:

    $$z_{n,o,r,c} = b_o + \sum_{\text{ch},i,j} w_{o,\text{ch},i,j}\,
      x_{n,\text{ch},\,s r + i,\,s c + j}$$

    The filter is not flipped, exactly as in ``torch.nn.functional.conv2d``.

    Parameters
    ----------
    x : array_like, shape (N, C_in, H, W)
        The images (NCHW: example, channel, row, column).
    w : array_like, shape (C_out, C_in, kH, kW)
        One filter per output channel; each spans all input channels.
    b : array_like, shape (C_out,), optional
        One bias per output channel.
    stride : int or (int, int)
        Step $s$ between filter positions; a pair is (rows, columns).
    padding : int or (int, int)
        Zeros $p$ added on each side; a pair is (rows, columns).

    Returns
    -------
    numpy.ndarray, shape (N, C_out, H_out, W_out)
        With ``H_out = conv_output_size(H, kH, stride, padding)``, same for ``W_out``.
    """
    z, _, _ = _forward(x, w, b, stride, padding)
    return z


def _forward(x, w, b, stride, padding):
    # conv2d, and the columns and windows Conv2D.backward needs.
    x, w, b, windows = _prepare(x, w, b, stride, padding)
    cols = _im2col(windows.pad(x), windows)  # (K, P N), one column per patch
    z = w.reshape(w.shape[0], -1) @ cols  # Z = W_mat cols: (C_out, K) @ (K, P N)
    if b is not None:
        z += b[:, None]
    z = z.reshape(w.shape[0], *windows.out_hw, x.shape[0])  # (C_out, H_out, W_out, N)
    # NCHW by its shape, the images still last in memory: no copy here, and none when
    # the next convolution lays them last again (_im2col) or its backward reads G.
    return z.transpose(3, 0, 1, 2), cols, windows


def conv2d_loop(x, w, b=None, stride=1, padding=0):
    """The same as [`conv2d`][nnbook.conv2d], one output at a time: slow, but easy to read.

    Same arguments and shapes as [`conv2d`][nnbook.conv2d], and the same result up to
    rounding (its sums run in another order). Each output is the dot product of a filter
    with the patch of the image under it, in four nested loops.
    """
    x, w, b, windows = _prepare(x, w, b, stride, padding)
    x_pad, (sh, sw), (H_out, W_out) = windows.pad(x), windows.stride, windows.out_hw
    N, C_out, kH, kW = x.shape[0], w.shape[0], w.shape[2], w.shape[3]
    b = np.zeros(C_out) if b is None else b
    z = np.zeros((N, C_out, H_out, W_out))
    for n in range(N):
        for o in range(C_out):
            for row in range(H_out):
                for col in range(W_out):
                    patch = x_pad[n, :, row * sh:row * sh + kH, col * sw:col * sw + kW]
                    z[n, o, row, col] = np.sum(patch * w[o]) + b[o]  # sum over c, i, j
    return z


class Conv2D(Layer):
    r"""Convolution layer: ``C_out`` filters of size ``kH × kW`` slid over the input.

    ``forward`` maps images ``x`` of shape ``(N, C_in, H, W)`` to feature maps ``z`` of
    shape ``(N, C_out, H_out, W_out)`` with [`conv2d`][nnbook.conv2d]:
    $z_{n,o,r,c} = b_o + \sum_{\text{ch},i,j} W_{o,\text{ch},i,j}\,
    x_{n,\text{ch},\,s r + i,\,s c + j}$, where ``H_out`` and ``W_out`` are given by
    [`conv_output_size`][nnbook.conv_output_size].

    Parameters
    ----------
    in_channels : int
        ``C_in``, the channels of the input (e.g. 3 for RGB).
    out_channels : int
        ``C_out``, the number of filters (and of output channels).
    kernel_size : int or (int, int)
        The filter's ``(kH, kW)``; one int for a square filter.
    stride : int or (int, int)
        Step $s$ between filter positions, as in [`conv2d`][nnbook.conv2d].
    padding : int or (int, int)
        Zeros $p$ added on each side, as in [`conv2d`][nnbook.conv2d].
    rng : numpy.random.Generator or int or None
        Source of the initial weights, uniform in ``±1 / sqrt(C_in * kH * kW)``
        (each output sums that many products, so it stays of order one); biases start at 0.
        None: a new unseeded generator, other weights at every run.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape ``(C_out, C_in, kH, kW)``, ``"b"`` of shape ``(C_out,)``.
    """

    def __init__(self, in_channels, out_channels, kernel_size, *, stride=1, padding=0,
                 rng=None):
        super().__init__()
        self.in_channels = check_positive_int(in_channels, "in_channels")
        self.out_channels = check_positive_int(out_channels, "out_channels")
        self.kernel_size = check_pair(kernel_size, "kernel_size", 1)
        self.stride = check_pair(stride, "stride", 1)
        self.padding = check_pair(padding, "padding", 0)
        shape = (self.out_channels, self.in_channels, *self.kernel_size)
        bound = 1.0 / np.sqrt(self.in_channels * shape[2] * shape[3])
        self.params["W"] = default_rng(rng).uniform(-bound, bound, shape)
        self.params["b"] = np.zeros(self.out_channels)
        self._cols = self._windows = None  # what backward needs from forward

    W = Parameter("The filters: shape ``(C_out, C_in, kH, kW)``.")
    b = Parameter("The biases, one per filter: shape ``(C_out,)``.")

    def forward(self, x):
        """Return ``conv2d(x, W, b, stride, padding)`` for ``x`` of shape ``(N, C_in, H, W)``.

        The result has shape ``(N, C_out, H_out, W_out)``.
        """
        z, self._cols, self._windows = _forward(x, self.params["W"], self.params["b"],
                                                self.stride, self.padding)
        return z

    def backward(self, grad_out, *, input_grad=True):
        r"""Backpropagate $G = \partial C/\partial z$ of shape ``(N, C_out, H_out, W_out)``.

        Returns $\partial C/\partial x$, of the input's shape ``(N, C_in, H, W)``. The
        forward pass is a dense layer on the columns of ``cols`` (one per patch),
        $Z = W_{mat}\, \mathrm{cols} + b$, so with $G$ laid out the same way (one row
        per filter, one column per patch) the gradients are [`Dense`][nnbook.Dense]'s,
        transposed: $\partial C/\partial W_{mat} = G\, \mathrm{cols}^\top$,
        $\partial C/\partial b_o = \sum_{n,r,c} G_{n,o,r,c}$ and
        $\partial C/\partial\,\mathrm{cols} = W_{mat}^\top G$, which col2im adds back onto
        the input pixels; the padding border is then cut off. With ``input_grad=False``
        (a first layer in training) that part, the most expensive, is skipped and None
        returned.
        """
        self.require_forward(self._cols)
        N, out_hw = self._windows.x_shape[0], self._windows.out_hw
        grad_out = self.check_grad_out(grad_out, (N, self.out_channels, *out_hw),
                                       input_grad=input_grad)
        W = self.params["W"]
        # One column per patch, as in cols: (C_out, P N).
        G = grad_out.transpose(1, 2, 3, 0).reshape(self.out_channels, -1)
        self.grads["W"] = (G @ self._cols.T).reshape(W.shape)  # dC/dW_mat = G colsᵀ
        self.grads["b"] = G.sum(axis=1)
        if not input_grad:
            return None
        W_mat = W.reshape(self.out_channels, -1)  # (C_out, K)
        return self._windows.unpad(_col2im(W_mat.T @ G, self._windows))  # W_matᵀ G

    def __repr__(self):
        k, s, p = (v[0] if v[0] == v[1] else v  # show (3, 3) as 3
                   for v in (self.kernel_size, self.stride, self.padding))
        return (f"Conv2D({self.in_channels}, {self.out_channels}, kernel_size={k}, "
                f"stride={s}, padding={p})")
