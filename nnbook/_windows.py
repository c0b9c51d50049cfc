r"""Where a sliding window sits: the geometry that convolution and max pooling share.

A window of $k_H \times k_W$ pixels (a filter, or a pooling window) moves over images
zero-padded by $p$ on each side, $s$ pixels at a time. Its entry $(i, j)$ meets padded
pixel $(s r + i,\ s c + j)$ at output position $(r, c)$ (indices from 0): for all the
outputs at once that is one strided slice of the padded images, so the loops of
``conv.py`` and ``pool.py`` run over the $k_H k_W$ entries of a window, never over
positions.
"""

from dataclasses import dataclass

import numpy as np

from ._checks import check_int, check_positive_int


def conv_output_size(n, kernel_size, stride=1, padding=0):
    r"""Return the number of positions a filter of size ``k`` takes along an axis of ``n``.

    $$n_{out} = \left\lfloor \frac{n + 2p - k}{s} \right\rfloor + 1$$

    ``n`` is the input's height or width, ``kernel_size`` $k$ the filter's along the same
    axis, ``stride`` $s$ and ``padding`` $p$ integers; the result is an int.

    The padded axis has $n + 2p$ pixels; the filter's first pixel sits at
    $0, s, 2s, \dots$ as long as the whole filter fits, hence the floor. Raises
    ``TypeError`` if an argument is not an integer, and ``ValueError`` if one is out of
    range (below 1, or a negative ``padding``) or if the filter is larger than the padded
    input (the result would be < 1).
    """
    n = check_positive_int(n, "n")
    k = check_positive_int(kernel_size, "kernel_size")
    s = check_positive_int(stride, "stride")
    p = check_int(padding, "padding", low=0)
    if k > n + 2 * p:
        raise ValueError(f"kernel_size {k} is larger than the padded input "
                         f"n + 2*padding = {n} + 2*{p} = {n + 2 * p}")
    return (n + 2 * p - k) // s + 1


def images_last(x):
    """Whether the images ``x`` (N, C, H, W) lie in memory with the image index last, as a
    convolution's output does (``conv.py``: its matrix product gives them so)."""
    return x.ndim == 4 and x.transpose(1, 2, 3, 0).flags.c_contiguous


def zeros(x_shape, last=False):
    """Zeros of shape ``x_shape`` (N, C, H, W), laid out with the images last if ``last``:
    a gradient laid out as its input was saves the next layer a copy."""
    if not last:
        return np.zeros(x_shape)
    N, C, H, W = x_shape
    return np.zeros((C, H, W, N)).transpose(3, 0, 1, 2)


@dataclass(frozen=True)
class Windows:
    """The positions of a ``kernel``-sized window over images of shape ``x_shape``.

    ``kernel``, ``stride`` and ``padding`` are ``(vertical, horizontal)`` pairs;
    ``out_hw`` is the number of positions ``(H_out, W_out)``.
    """

    x_shape: tuple  # (N, C, H, W), before padding
    kernel: tuple
    stride: tuple
    padding: tuple
    out_hw: tuple

    @property
    def padded_shape(self):
        """``(N, C, H + 2 pH, W + 2 pW)``."""
        (N, C, H, W), (ph, pw) = self.x_shape, self.padding
        return (N, C, H + 2 * ph, W + 2 * pw)

    def pad(self, x):
        """Return ``x`` with ``padding`` zeros on each side (``x`` itself without)."""
        ph, pw = self.padding
        return x if ph == pw == 0 else np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)))

    def unpad(self, x_pad):
        """Return the image part of padded images: the border cut off again."""
        (ph, pw), (H, W) = self.padding, self.x_shape[2:]
        return x_pad[:, :, ph:ph + H, pw:pw + W]

    @classmethod
    def over(cls, x_shape, kernel, stride, padding=(0, 0), what="kernel"):
        """The windows of a ``kernel`` over images of ``x_shape`` (N, C, H, W); raise
        ``ValueError`` if it does not fit the padded image (``what`` names the window)."""
        for axis, n, k, p in zip(("height", "width"), x_shape[2:], kernel, padding):
            if n == 0:  # conv_output_size would name its own n
                raise ValueError(f"images must have at least one pixel along each axis, "
                                 f"got {axis} 0 (x shape {x_shape})")
            if k > n + 2 * p:
                raise ValueError(f"{what} {axis} {k} is larger than the padded input "
                                 f"{axis} {n} + 2*{p} = {n + 2 * p} (x shape {x_shape})")
        out_hw = tuple(map(conv_output_size, x_shape[2:], kernel, stride, padding))
        return cls(tuple(x_shape), tuple(kernel), tuple(stride), tuple(padding), out_hw)

    def entries(self):
        """Yield ``((i, j), where)`` for every entry of the window in reading order:
        ``x_pad[where]``, of shape ``(N, C, H_out, W_out)``, holds the pixel under entry
        ``(i, j)`` at every position of the window."""
        (kh, kw), (sh, sw), (H_out, W_out) = self.kernel, self.stride, self.out_hw
        for i in range(kh):
            for j in range(kw):
                yield (i, j), (..., slice(i, i + sh * (H_out - 1) + 1, sh),
                               slice(j, j + sw * (W_out - 1) + 1, sw))

