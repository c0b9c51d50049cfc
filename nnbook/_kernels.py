"""Fused forms of nnbook's hot loops: private, and the same arithmetic as the textbook.

The public methods read like the book's formulas, and they are what the book shows. Where
that form costs a large share of a step, the class also has a private fused form that calls
a function of this module: the same operations on the same numbers in the same order,
written in place into arrays kept from step to step, so its results are identical to the
last bit (``tests/unit/test_kernels.py`` checks each against the textbook form it stands
in for). Only measured gains earn a place here.

- ``adam_update``, for ``Adam``'s steps (``Adam.rule`` is the textbook form): its twelve
  temporary arrays per parameter made a plain training loop's step of the book's
  784-16-16-10 (mini-batch 32) about 1.6 times as long on one core, 1.8 times at
  784-128-10 (mini-batch 128): freeing them hands memory back to the system at each step,
  and taking it again costs more than the arithmetic. Inside ``fit``, where the step
  keeps the new moments and hands the old ones back as the next step's arrays (no
  copy), an epoch of 784-100-10 at mini-batch 32 took 5 % less than with the textbook
  form (medians of three, one core).
"""

import numpy as np


def adam_update(g, m, v, out, *, lr, beta1, beta2, eps, t):
    r"""``Adam.rule`` at step ``t``, written into ``out``: the change $\Delta\theta$ of
    ``theta``, and the new ``m`` and ``v``.

    ``m`` and ``v`` are only read, so that a step found to overflow can be refused before
    anything changes. ``out`` is four arrays of ``g``'s shape whose old values do not
    matter: $\Delta\theta = -\eta \hat m / (\sqrt{\hat v} + \epsilon)$ (computed as
    $(\hat m \cdot (-\eta)) / (\sqrt{\hat v} + \epsilon)$: a product's factors commute
    bit for bit), the new ``m`` and ``v``, and one for the way there.
    """
    delta, new_m, new_v, a = out
    np.multiply(g, 1 - beta1, out=a)
    np.multiply(m, beta1, out=new_m)
    new_m += a  # m = β₁ m + (1 − β₁) g
    np.square(g, out=a)
    a *= 1 - beta2
    np.multiply(v, beta2, out=new_v)
    new_v += a  # v = β₂ v + (1 − β₂) g²
    np.divide(new_v, 1 - beta2**t, out=a)  # v̂
    np.sqrt(a, out=a)
    a += eps  # √v̂ + ε
    np.divide(new_m, 1 - beta1**t, out=delta)  # m̂
    delta *= -lr
    delta /= a  # Δθ = −η m̂ / (√v̂ + ε)
