"""Fused forms of nnbook's hot loops: private, and the same arithmetic as the textbook.

The public methods read like the book's formulas. Where that form costs a large share of
an epoch, the method calls a function of this module instead: the same operations on the
same numbers in the same order, written in place into arrays kept from step to step, so
its results are identical to the last bit (``tests/unit/test_kernels.py`` checks each
against the textbook form it replaces). Only measured gains earn a place here.

- ``adam_update``, for ``Adam.step``: the textbook form's eight temporary arrays per
  parameter made an epoch of the book's 784-16-16-10 (mini-batch 32) about 1.5 times as
  long on one core (Adam's step: about 160 µs against 75 µs).
"""

import numpy as np


def adam_update(theta, g, m, v, scratch, *, lr, beta1, beta2, eps, t):
    r"""``Adam.rule`` in place: update ``m``, ``v`` and ``theta`` from ``g`` at step ``t``.

    ``scratch`` is two arrays of ``theta``'s shape whose values do not matter.
    """
    a, b = scratch
    np.multiply(g, 1 - beta1, out=a)
    m *= beta1
    m += a  # m = β₁ m + (1 − β₁) g
    np.square(g, out=b)
    b *= 1 - beta2
    v *= beta2
    v += b  # v = β₂ v + (1 − β₂) g²
    np.divide(m, 1 - beta1**t, out=a)  # m̂
    np.divide(v, 1 - beta2**t, out=b)  # v̂
    np.sqrt(b, out=b)
    b += eps  # √v̂ + ε
    a *= lr
    a /= b  # η m̂ / (√v̂ + ε)
    theta -= a
