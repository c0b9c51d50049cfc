r"""Activation functions and their derivatives, as plain functions of arrays.

Each function acts element by element (softmax, row by row) and returns float64.
The ``*_prime`` functions give the derivative with respect to the input ``z``, which
backpropagation multiplies by the gradient arriving from above.
"""

import numpy as np

from ._checks import as_float_array


def relu(z):
    r"""Rectified linear unit $\mathrm{ReLU}(z) = \max(0, z)$.

    Keeps positive inputs and replaces negative ones by zero: a neuron that "fires" only
    above its threshold. Element-wise: the result has the shape of ``z`` (any).
    """
    z = as_float_array(z, "z")
    return np.maximum(z, 0.0)


def relu_prime(z):
    r"""Derivative of ReLU: $1$ where $z > 0$, else $0$.

    At $z = 0$ ReLU has a kink and no derivative; we use 0 there, as most
    libraries do. Element-wise: the result has the shape of ``z``.
    """
    z = as_float_array(z, "z")
    return (z > 0).astype(np.float64)


@np.errstate(under="ignore")  # as a decorator: no errstate object to build at each call
def _exp_minus_abs(z):
    # e^{-|z|}, in [0, 1]: it underflows to 0 for |z| > 745.2, the correctly rounded answer.
    return np.exp(-np.abs(z))


def sigmoid(z):
    r"""Logistic sigmoid $\sigma(z) = \dfrac{1}{1 + e^{-z}}$.

    Squashes any real number into $(0, 1)$: a smooth version of a step, read as
    "how strongly the neuron fires". Element-wise: the result has the shape of ``z``
    (a float for a number).

    *Why two branches*: written as above, $e^{-z}$ overflows for $z \le -710$.
    With $e = e^{-|z|} \in (0, 1]$, which cannot overflow,

    $$\sigma(z) = \frac{1}{1 + e} \ (z \ge 0), \qquad
      \sigma(z) = \frac{e}{1 + e} \ (z < 0),$$

    both exact rewritings of the same fraction. For $|z| \gtrsim 745.2$, $e$ underflows
    to 0, which is the correctly rounded answer, so that underflow is not reported.
    """
    z = as_float_array(z, "z")
    e = _exp_minus_abs(z)
    # 1/(1 + e) where z >= 0 and e/(1 + e) where z < 0: the numerator is 1 or e.
    return (np.where(z >= 0, 1.0, e) / (1.0 + e))[()]  # [()]: a float for a number


def sigmoid_prime(z):
    r"""Derivative of the sigmoid: $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.

    It is at most $1/4$ (at $z = 0$) and vanishes for large $|z|$: a
    saturated sigmoid passes almost no gradient back. We compute it as
    $\sigma(z)\,\sigma(-z)$ (since $1 - \sigma(z) = \sigma(-z)$), which stays
    accurate where $1 - \sigma(z)$ would lose its digits to rounding. Element-wise: the
    result has the shape of ``z``.
    """
    z = as_float_array(z, "z")
    with np.errstate(under="ignore"):
        return sigmoid(z) * sigmoid(-z)


def tanh(z):
    r"""Hyperbolic tangent $\tanh(z) = \dfrac{e^z - e^{-z}}{e^z + e^{-z}} = 2\sigma(2z) - 1$.

    A sigmoid stretched to $(-1, 1)$ and centred on 0, so that its outputs average
    near zero. ``np.tanh`` is already stable for any input. Element-wise: the result has
    the shape of ``z``.
    """
    z = as_float_array(z, "z")
    return np.tanh(z)


def tanh_prime(z):
    r"""Derivative of tanh: $\tanh'(z) = 1 - \tanh^2(z)$, at most 1 (at $z = 0$).

    Element-wise: the result has the shape of ``z``.
    """
    return 1.0 - tanh(z) ** 2


def _shift_by_max(z, axis):
    # z − max(z): the largest entry becomes 0, so exp never overflows. A max of ±inf
    # (e.g. a row of -inf) is not subtracted, to avoid inf − inf = nan.
    m = np.max(z, axis=axis, keepdims=True)
    return z - np.where(np.isfinite(m), m, 0.0), m


def _log_sum_exp_shifted(shifted, axis):
    # log Σ e^{z−m} (kept dims) of z − max z: every exponent ≤ 0, the sum ≥ 1.
    with np.errstate(under="ignore", divide="ignore"):
        return np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z, axis=-1):
    r"""Softmax along ``axis``: $\mathrm{softmax}(z)_i = \dfrac{e^{z_i}}{\sum_j e^{z_j}}$.

    Turns a row of scores (logits) into probabilities: positive, summing to 1, largest
    where the score is largest. For a batch of shape ``(N, K)`` each row is done apart.

    *Why subtract the max*: $e^{1000}$ overflows, but softmax does not change when a
    constant $m$ is subtracted from every $z_j$ (the factor $e^{-m}$
    cancels). With $m = \max_j z_j$ the exponents are $\le 0$, so
    ``softmax([1000, 1000])`` is ``[0.5, 0.5]`` instead of ``nan``.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; entries along ``axis`` sum to 1.
    """
    z = as_float_array(z, "z")
    shifted, _ = _shift_by_max(z, axis)
    with np.errstate(under="ignore"):  # tiny terms underflow to 0: the right answer
        e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def logsumexp(z, axis=-1, *, keepdims=False):
    r"""Stable $\log \sum_j e^{z_j}$ along ``axis`` (the "log-sum-exp").

    Computed as $m + \log \sum_j e^{z_j - m}$ with $m = \max_j z_j$: every
    exponent is $\le 0$ and the sum is at least 1, so nothing overflows and the log
    never sees 0 (unless every entry is $-\infty$, where the answer is
    $-\infty$). It is a smooth maximum: for $K$ entries,
    $\max_j z_j \le \mathrm{lse}(z) \le \max_j z_j + \log K$.

    Returns
    -------
    numpy.ndarray or float
        ``z`` with ``axis`` removed: a float for a 1-D ``z`` (kept with length 1 if
        ``keepdims``).
    """
    z = as_float_array(z, "z")
    shifted, m = _shift_by_max(z, axis)
    out = _log_sum_exp_shifted(shifted, axis) + np.where(np.isfinite(m), m, 0.0)
    return out if keepdims else np.squeeze(out, axis=axis)[()]


def log_softmax(z, axis=-1):
    r"""Logarithm of the softmax: $z_i - \log \sum_j e^{z_j}$.

    *Why not* ``np.log(softmax(z))``: a probability that underflows to 0 gives
    $\log 0 = -\infty$, while the log-probability itself is a modest number
    (``log_softmax([0, 800])[0]`` is $-800$). Cross-entropy needs exactly this. The
    result has the shape of ``z``; the exponentials of each slice along ``axis`` sum to 1.
    """
    z = as_float_array(z, "z")
    # (z − m) − log Σ e^{z−m}, not z − (m + log Σ e^{z−m}): for z = [1000, 1000] the second
    # loses the last digits of log 2 when 1000 is added and taken away again.
    shifted, _ = _shift_by_max(z, axis)
    return shifted - _log_sum_exp_shifted(shifted, axis)
