"""Prepare a drawn digit the way MNIST's digits were prepared.

MNIST's authors fitted each handwritten digit in a 20 × 20 box, keeping its aspect ratio,
and placed it in a 28 × 28 field with its centre of mass at the centre of the field. A
network trained on MNIST expects that: a digit drawn small in a corner looks, to it, like
nothing it has seen. ``prepare_digit`` does the same to any picture of ink, in three steps:

1. crop to the bounding box of the ink (the pixels above zero), size ``h × w``;
2. resample to ``h' × w'`` with ``max(h', w') = 20`` and the other side
   ``max(1, floor(20 · min(h, w) / max(h, w) + 0.5))`` (halves round up, as JavaScript's
   ``Math.round`` does): each new pixel is the area-weighted mean
   of the old pixels it covers (box filtering, which keeps the total ink per area);
3. shift by whole pixels so that the centre of mass, ``sum(x[r, c] * (r, c)) / sum(x)``,
   lands on the field's centre, pixel (14, 14): the shift is ``floor(14 - centre + 0.5)``.

The book's "Draw a digit" widget does exactly the same in JavaScript, and a browser test
checks that both agree.
"""

import numpy as np

from ._checks import as_float_array, check_ndim, check_positive_int

FIELD = 28
BOX = 20


def resample_matrix(n_in, n_out):
    """The ``(n_out, n_in)`` matrix of box-filter resampling along one axis.

    Output pixel ``o`` covers the input interval ``[o f, (o + 1) f)`` with ``f = n_in /
    n_out``; entry ``(o, i)`` is the length of its overlap with input pixel ``[i, i + 1)``
    divided by ``f``, so each row sums to 1. Both sizes are positive integers.
    """
    n_in, n_out = check_positive_int(n_in, "n_in"), check_positive_int(n_out, "n_out")
    f = n_in / n_out
    lo = np.arange(n_out)[:, None] * f
    i = np.arange(n_in)[None, :]
    overlap = np.clip(np.minimum(lo + f, i + 1) - np.maximum(lo, i), 0.0, None)
    return overlap / f


def fit_box(ink, box=BOX):
    """Crop ``ink`` (shape ``(H, W)``) to its ink and resample it so its longer side is
    ``box`` pixels, aspect ratio kept; return the ``(h', w')`` array (``(0, 0)`` if blank).
    ``box`` is a positive integer."""
    ink = as_float_array(ink, "ink")
    check_ndim(ink, 2, "ink", "(H, W)")
    if ink.size == 0:
        raise ValueError(f"ink must have at least one pixel, got shape {ink.shape}")
    box = check_positive_int(box, "box")
    rows = np.flatnonzero(ink.max(axis=1) > 0)
    cols = np.flatnonzero(ink.max(axis=0) > 0)
    if len(rows) == 0:
        return np.zeros((0, 0))
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    h, w = crop.shape
    long = max(h, w)
    out_h = box if h == long else max(1, int(np.floor(box * h / long + 0.5)))
    out_w = box if w == long else max(1, int(np.floor(box * w / long + 0.5)))
    return resample_matrix(h, out_h) @ crop @ resample_matrix(w, out_w).T


def prepare_digit(ink):
    """Return a drawn digit as MNIST presents its digits: 28 × 28, values in [0, 1]
    (up to rounding: the resampling's weights add up to 1 to the last bit or two).

    Parameters
    ----------
    ink : array_like, shape (H, W)
        A picture of the digit, ink >= 0 (0 is paper), any size; values above 1 are
        treated as 1.

    Returns
    -------
    numpy.ndarray, shape (28, 28)
        The ink fitted in a 20 × 20 box (aspect kept) and placed by a whole-pixel shift
        that brings its centre of mass within half a pixel of (14, 14), as MNIST did;
        ink the shift moves past the border of the field is cut off (a heavy stroke at
        one edge of the box can move the centre that far). All zeros if
        there is no ink, or ink so faint (a few times the smallest positive float,
        about 5e-324) that shrinking the drawing rounds every pixel to 0.

    Raises
    ------
    TypeError
        If ``ink`` does not hold real numbers.
    ValueError
        If ``ink`` is not a 2-D array of finite numbers >= 0 with at least one pixel.
    """
    ink = as_float_array(ink, "ink")
    check_ndim(ink, 2, "ink", "(H, W)")
    if ink.size == 0:
        raise ValueError(f"ink must have at least one pixel, got shape {ink.shape}")
    if not np.all(np.isfinite(ink)) or ink.min() < 0:
        raise ValueError("ink must hold finite values >= 0 (0 is paper)")
    small = fit_box(np.minimum(ink, 1.0))
    field = np.zeros((FIELD, FIELD))
    total = small.sum()
    if total == 0:  # no ink, or ink so faint (subnormal) that resampling rounds it to 0
        return field
    h, w = small.shape
    centre_r = (small.sum(axis=1) @ np.arange(h)) / total
    centre_c = (small.sum(axis=0) @ np.arange(w)) / total
    top = int(np.floor(FIELD / 2 - centre_r + 0.5))
    left = int(np.floor(FIELD / 2 - centre_c + 0.5))
    # paste, clipping whatever would fall outside the field
    r0, c0 = max(top, 0), max(left, 0)
    r1, c1 = min(top + h, FIELD), min(left + w, FIELD)
    field[r0:r1, c0:c1] = small[r0 - top:r1 - top, c0 - left:c1 - left]
    return field
