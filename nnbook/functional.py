r"""Activation functions and their derivatives, as plain functions of arrays.

Each function acts element by element (softmax, row by row) and returns float64.
The ``*_prime`` functions give the derivative with respect to the input ``z``, which
backpropagation multiplies by the gradient arriving from above.

At $\pm\infty$ each function returns its limit (``sigmoid(inf)`` is 1, ``relu_prime(inf)``
is 1, a row of softmax with one ``+inf`` is one-hot); where no limit exists (softmax of a
row with two ``+inf``) it raises ``ValueError``, and so does a NaN anywhere in ``z``.
"""

import numpy as np

from ._checks import as_float_array, check_axis, check_bool, quiet


def relu(z):
    r"""Rectified linear unit $\mathrm{ReLU}(z) = \max(0, z)$.

    Keeps positive inputs and replaces negative ones by zero: a neuron that "fires" only
    above its threshold. Element-wise: the result has the shape of ``z`` (any).
    ``relu(inf)`` is ``inf``, ``relu(-inf)`` is 0; a NaN raises ``ValueError``.
    """
    z = as_float_array(z, "z", finite=False)
    return np.maximum(z, 0.0)


def relu_prime(z):
    r"""Derivative of ReLU: $1$ where $z > 0$, else $0$.

    At $z = 0$ ReLU has a kink and no derivative; we use 0 there, as most
    libraries do. Element-wise: the result has the shape of ``z``. It is 1 at ``inf``
    and 0 at ``-inf`` (the limits); a NaN raises ``ValueError``.
    """
    z = as_float_array(z, "z", finite=False)
    return (z > 0).astype(np.float64)


def _exp_minus_abs(z):
    # e^{-|z|}, in [0, 1]: it underflows to 0 for |z| > 745.2, the correctly rounded answer.
    with quiet(under="ignore"):
        return np.exp(-np.abs(z))


def _sigmoid(z):
    # σ of a checked float64 array: 1/(1 + e) where z >= 0 and e/(1 + e) where z < 0,
    # with e = e^{-|z|}; the numerator is 1 or e. At ±inf, e = 0: σ is 1 or 0.
    e = _exp_minus_abs(z)
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def sigmoid(z):
    r"""Logistic sigmoid $\sigma(z) = \dfrac{1}{1 + e^{-z}}$.

    Squashes any real number into $(0, 1)$: a smooth version of a step, read as
    "how strongly the neuron fires". Element-wise: the result has the shape of ``z``
    (a float for a number). ``sigmoid(inf)`` is 1 and ``sigmoid(-inf)`` is 0, the
    limits; a NaN raises ``ValueError``.

    *Why two branches*: written as above, $e^{-z}$ overflows for $z \le -710$.
    With $e = e^{-|z|} \in (0, 1]$, which cannot overflow,

    $$\sigma(z) = \frac{1}{1 + e} \ (z \ge 0), \qquad
      \sigma(z) = \frac{e}{1 + e} \ (z < 0),$$

    both exact rewritings of the same fraction. For $|z| \gtrsim 745.2$, $e$ underflows
    to 0, which is the correctly rounded answer, so that underflow is not reported.
    """
    z = as_float_array(z, "z", finite=False)
    return _sigmoid(z)[()]  # [()]: a float for a number


def sigmoid_prime(z):
    r"""Derivative of the sigmoid: $\sigma'(z) = \sigma(z)\,(1 - \sigma(z))$.

    It is at most $1/4$ (at $z = 0$) and vanishes for large $|z|$: a
    saturated sigmoid passes almost no gradient back. We compute it as
    $\sigma(z)\,\sigma(-z)$ (since $1 - \sigma(z) = \sigma(-z)$), which stays
    accurate where $1 - \sigma(z)$ would lose its digits to rounding. Element-wise: the
    result has the shape of ``z``; 0 at ``±inf`` (the limit); a NaN raises ``ValueError``.
    """
    z = as_float_array(z, "z", finite=False)
    with np.errstate(under="ignore"):
        return (_sigmoid(z) * _sigmoid(-z))[()]


def tanh(z):
    r"""Hyperbolic tangent $\tanh(z) = \dfrac{e^z - e^{-z}}{e^z + e^{-z}} = 2\sigma(2z) - 1$.

    A sigmoid stretched to $(-1, 1)$ and centred on 0, so that its outputs average
    near zero. ``np.tanh`` is already stable for any input. Element-wise: the result has
    the shape of ``z``; ``±1`` at ``±inf``; a NaN raises ``ValueError``.
    """
    z = as_float_array(z, "z", finite=False)
    return np.tanh(z)


def tanh_prime(z):
    r"""Derivative of tanh: $\tanh'(z) = 1 - \tanh^2(z) = 1/\cosh^2(z)$, at most 1 (at $z = 0$).

    Computed as $(1/\cosh z)^2$: once $|z| > 19$, $\tanh z$ rounds to $\pm 1$ and
    $1 - \tanh^2$ would give exactly 0 instead of a small number. (Squaring $1/\cosh z$
    rather than dividing by $\cosh^2 z$ keeps $\cosh^2$ from overflowing while the
    answer is still above the smallest float.) Element-wise: the result has the shape
    of ``z``; 0 at ``±inf`` (the limit); a NaN raises ``ValueError``.
    """
    z = as_float_array(z, "z", finite=False)
    with np.errstate(over="ignore", under="ignore"):  # cosh(z) = inf: 1/cosh = 0, right
        return (1.0 / np.cosh(z)) ** 2


def _axes(axis, ndim):
    # The axes of a reduction as non-negative ints (numpy has already checked them).
    if axis is None:
        return tuple(range(ndim))
    return tuple(a % ndim for a in (axis if isinstance(axis, tuple) else (axis,)))


def _no_limit(z, m, axis, name, what):
    # Raise ValueError for the first slice along axis without a limit: two or more +inf
    # (e^{+inf}/e^{+inf}), or only -inf (0/0). m is the max of each slice, dims kept.
    tops = np.sum(np.isposinf(z), axis=axis, keepdims=True)
    bad = (tops >= 2) | np.isneginf(m)
    if not bad.any():
        return
    index = np.unravel_index(int(np.argmax(bad)), bad.shape)
    count = int(tops[index])
    entries, why = ((f"{count} entries +inf", "their shares depend on how each grew")
                    if count >= 2 else ("only -inf entries", "every e^z is 0, and 0/0"))
    axes = _axes(axis, z.ndim)
    if len(axes) < z.ndim:  # name the slice as the caller would index it: z[3, :]
        where = ", ".join(":" if d in axes else str(i) for d, i in enumerate(index))
        entries += f" in one slice along axis {axis} ({name}[{where}])"
    raise ValueError(f"{name} has {entries}: {what} has no limit there ({why})")


def _shift_by_max(z, axis, name=None, what=None):
    # z − max(z) along axis, and the max (dims kept): the largest entry becomes 0, so exp
    # never overflows. A slice whose max is +inf becomes 0 at its +inf entries and −inf
    # elsewhere (the limit of z − max z); a max of −inf (every entry −inf) is not
    # subtracted. Given `what`, a slice without a limit raises ValueError naming `name`.
    # A slice of no entries has no max, no sum and no probabilities.
    if 0 in (z.shape if axis is None else np.array(z.shape)[np.atleast_1d(axis)]):
        raise ValueError(f"{name or 'z'} has no entries along axis {axis!r} (shape "
                         f"{z.shape}): {what or 'logsumexp'} needs at least one")
    m = np.max(z, axis=axis, keepdims=True)
    if np.isfinite(m).all():  # the usual case
        return _minus(z, m), m
    if what is not None:
        _no_limit(z, m, axis, name, what)
    top = np.isposinf(m)
    shifted = np.where(top, np.where(np.isposinf(z), 0.0, -np.inf),
                       _minus(z, np.where(np.isfinite(m), m, 0.0)))
    return shifted, m


def _minus(z, m):
    # z − m: −inf where the true difference is below −(largest float), the right rounding.
    with quiet(over="ignore"):
        return z - m


def _log_sum_exp_shifted(shifted, axis):
    # log Σ e^{z−m} (kept dims) of z − max z: every exponent ≤ 0, the sum ≥ 1 (or 0 for a
    # slice of only −inf, whose log is −inf). Where the max dominates, the sum rounds to
    # 1 + rest and the log's error is that rounding, below 1e-16: the log of a probability
    # to 16 digits of 1, which is what training needs (log1p(rest) would give rest's last
    # digits too, and change the bits of every trained number the book prints).
    with quiet(under="ignore", divide="ignore"):
        return np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax(z, axis=-1):
    r"""Softmax along ``axis``: $\mathrm{softmax}(z)_i = \dfrac{e^{z_i}}{\sum_j e^{z_j}}$.

    Turns a row of scores (logits) into probabilities: positive, summing to 1, largest
    where the score is largest. For a batch of shape ``(N, K)`` each row is done apart.

    *Why subtract the max*: $e^{1000}$ overflows, but softmax does not change when a
    constant $m$ is subtracted from every $z_j$ (the factor $e^{-m}$
    cancels). With $m = \max_j z_j$ the exponents are $\le 0$, so
    ``softmax([1000, 1000])`` is ``[0.5, 0.5]`` instead of ``nan``.

    *At infinity*, the limit: an entry $-\infty$ gets probability 0, and a slice with
    exactly one $+\infty$ is one-hot there. A slice with two or more $+\infty$, or only
    $-\infty$, has no limit (it depends on how the entries got there) and raises
    ``ValueError``, as does a NaN.

    Returns
    -------
    numpy.ndarray
        Same shape as ``z``; entries along ``axis`` sum to 1.
    """
    z = as_float_array(z, "z", finite=False)
    axis = check_axis(axis, z.ndim)
    shifted, _ = _shift_by_max(z, axis, "z", "softmax")
    with quiet(under="ignore"):  # tiny terms underflow to 0: the right answer
        e = np.exp(shifted)
    return e / e.sum(axis=axis, keepdims=True)


def logsumexp(z, axis=-1, *, keepdims=False):
    r"""Stable $\log \sum_j e^{z_j}$ along ``axis`` (the "log-sum-exp").

    Computed as $m + \log \sum_j e^{z_j - m}$ with $m = \max_j z_j$: every
    exponent is $\le 0$ and the sum is at least 1, so nothing overflows and the log
    never sees 0. It is a smooth maximum: for $K$ entries,
    $\max_j z_j \le \mathrm{lse}(z) \le \max_j z_j + \log K$. A slice with any
    $+\infty$ gives $+\infty$ and a slice of only $-\infty$ gives $-\infty$ (the
    limits; $-\infty$ entries otherwise count for nothing); a NaN raises ``ValueError``.

    Returns
    -------
    numpy.ndarray or float
        ``z`` with ``axis`` removed: a float for a 1-D ``z`` (kept with length 1 if
        ``keepdims``).
    """
    z = as_float_array(z, "z", finite=False)
    axis, keepdims = check_axis(axis, z.ndim), check_bool(keepdims, "keepdims")
    shifted, m = _shift_by_max(z, axis)
    out = _log_sum_exp_shifted(shifted, axis) + m  # −inf + −inf and log K + inf: the limits
    return out if keepdims else np.squeeze(out, axis=axis)[()]


def _log_softmax(z, axis, name, what="log_softmax"):
    # log_softmax of a checked array; a slice without a limit raises ValueError naming
    # `name` and `what` has no limit there.
    shifted, _ = _shift_by_max(z, axis, name, what)
    return shifted - _log_sum_exp_shifted(shifted, axis)


def log_softmax(z, axis=-1):
    r"""Logarithm of the softmax: $z_i - \log \sum_j e^{z_j}$.

    *Why not* ``np.log(softmax(z))``: a probability that underflows to 0 gives
    $\log 0 = -\infty$, while the log-probability itself is a modest number
    (``log_softmax([0, 800])[0]`` is $-800$). Cross-entropy needs exactly this. The
    result has the shape of ``z``; the exponentials of each slice along ``axis`` sum to 1.

    At infinity, the log of softmax's limit: $-\infty$ for an entry $-\infty$; a slice
    with one $+\infty$ gives 0 there and $-\infty$ elsewhere. A slice with two or more
    $+\infty$, or only $-\infty$, has no limit and raises ``ValueError``, as does a NaN.
    """
    z = as_float_array(z, "z", finite=False)
    axis = check_axis(axis, z.ndim)
    # (z − m) − log Σ e^{z−m}, not z − (m + log Σ e^{z−m}): for z = [1000, 1000] the second
    # loses the last digits of log 2 when 1000 is added and taken away again.
    return _log_softmax(z, axis, "z")
