r"""Loss and cost functions: how wrong is a prediction?

The *loss* scores one example; the *cost* is the mean of the losses over a data set or a
batch. The functions below return the cost of arrays (or element-wise losses, for
``squared_error`` and ``absolute_error``); the classes ``MSE``, ``CrossEntropy`` and
``BinaryCrossEntropy`` also give ``dC/dpred`` from ``backward()`` to start backpropagation.

Cross-entropy is computed from **logits** through log-sum-exp, so it stays finite and
warning-free for logits like ``[0, 800]``; the versions on probabilities return ``inf``
only where the true class was given probability exactly 0.

Non-finite numbers: a NaN anywhere raises ``ValueError`` naming the argument. Predictions
and targets on the scale of the data or of probabilities must be finite; logits may be
``±inf``, and the loss is then its limit (``inf`` for a sure and wrong answer, 0 for a sure
and right one), or ``ValueError`` where there is none. A mean whose terms are finite is
their true mean, also when adding them up would overflow: it is rescaled then.
"""

import math

import numpy as np

from . import functional as F
from ._checks import (check_same_shape, check_scores_and_labels, check_unit_interval, quiet,
                      require_forward)


def _x_log(x, log_y):
    # x·log y with 0·log 0 = 0 (the limit); log y is −inf only where y = 0, and x·(−inf)
    # is −inf for x > 0. The product is skipped where x = 0, so no 0·inf = nan.
    return np.multiply(x, log_y, out=np.zeros_like(x), where=x != 0)


def _log(p):
    # log p, with log 0 = −inf and no warning: the true class got probability 0.
    with np.errstate(divide="ignore"):
        return np.log(p)


def _minus_mean(a):
    # −mean(a), written 0 − mean(a) so that a sure right answer costs 0.0, not −0.0
    # (−(0.0) is −0.0 in floating point, which prints as a confusing "-0.0").
    return float(0.0 - np.mean(a))


def _rescued_mean(value, scaled_terms, n, degree=1, times=1.0, axis=None):
    # The mean of n terms (times ``times``), value as computed, or if its sum overflowed
    # although the inputs are finite (value is then inf or NaN) the true one, found again
    # here; ``times`` is applied before the scale comes back (λ/2 · Σ W² may fit where
    # Σ W² does not), its exponent with the scale's, so that a tiny one (a λ of 1e-320)
    # loses no digits. With ``axis`` (a tensor's means along it), value is the array of
    # the means, each rescued where it is not finite. Computed
    # from the inputs times s = 2^-k, the terms are s^degree times the true ones; so are
    # their sum and mean, which then fit, and 2^(degree·k) brings the mean back. A power
    # of two moves only the exponent: no digit changes, except of values that become
    # subnormal, far below the rounding of a sum that overflowed. Terms are below 2^1026
    # (a difference of two floats, plus a little), k keeps n of them below 2^1022.
    # If the true mean exceeds the largest float64, ldexp overflows to inf: the correctly
    # rounded answer, and no warning.
    if math.isfinite(value) if axis is None else np.isfinite(value).all():  # nearly always
        return value
    k = 1026 - (1022 - n.bit_length()) // degree
    fraction, exponent = np.frexp(times)  # times = fraction · 2^exponent
    with np.errstate(over="ignore", under="ignore"):
        mean = np.ldexp(fraction * np.mean(scaled_terms(2.0**-k), axis=axis),
                        degree * k + exponent)
    return float(mean) if axis is None else np.where(np.isfinite(value), value, mean)


def _rescued_gradient(grad, pred, target):
    # MSE's gradient 2(ŷ − y)/n, where ŷ − y or 2(ŷ − y) overflowed, as 8 (ŷ/4 − y/4)/n:
    # the same number, as powers of two change no digit, without the overflow.
    with np.errstate(over="ignore", under="ignore"):
        quarter = np.ldexp((pred * 0.25 - target * 0.25) / grad.size, 3)
    return np.where(np.isfinite(grad), grad, quarter)


def _mean_of(terms):
    # The mean of terms that are each >= 0, finite or +inf (a limit): if the sum of finite
    # terms overflowed, the rescued mean; a term +inf makes it inf.
    with np.errstate(over="ignore"):
        value = float(np.mean(terms))
    if math.isfinite(value) or np.isinf(terms).any():
        return value
    return _rescued_mean(value, lambda s: terms * s, terms.size)


def squared_error(pred, target):
    r"""Element-wise squared (L2) error $(\hat y - y)^2$, same shape as the inputs.

    Squaring makes every error positive and punishes big misses much more than small ones.
    ``pred`` and ``target`` must be finite (``ValueError`` otherwise). An error whose
    square exceeds the largest float64 (``1e160**2``) gives ``inf``, the correctly rounded
    answer.
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    with np.errstate(over="ignore"):  # inf only where the true square exceeds every float
        return (pred - target) ** 2


def absolute_error(pred, target):
    r"""Element-wise absolute (L1) error $|\hat y - y|$, same shape as the inputs.

    Grows linearly, so a few wild misses (outliers) weigh less than under squared error.
    ``pred`` and ``target`` must be finite (``ValueError`` otherwise); an error above the
    largest float64 (``1e308 - (-1e308)``) gives ``inf``, the correctly rounded answer.
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    with np.errstate(over="ignore"):  # inf only where the true difference exceeds every float
        return np.abs(pred - target)


def mse(pred, target):
    r"""Mean squared error $\frac1n \sum_i (\hat y_i - y_i)^2$ over all entries.

    ``pred`` and ``target`` have the same shape (any), finite values; $n$ is their number
    of entries. Returns a float: the true mean, also where adding up the squares would
    overflow (``inf`` only if the mean itself exceeds the largest float64).
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    with np.errstate(over="ignore"):  # rescued below
        value = float(np.mean((pred - target) ** 2))
    return _rescued_mean(value, lambda s: (pred * s - target * s) ** 2, pred.size, degree=2)


def mae(pred, target):
    r"""Mean absolute error $\frac1n \sum_i |\hat y_i - y_i|$ over all entries.

    ``pred`` and ``target`` have the same shape (any), finite values; $n$ is their number
    of entries. Returns a float: the true mean, also where the sum would overflow.
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    with np.errstate(over="ignore"):  # rescued below
        value = float(np.mean(np.abs(pred - target)))
    return _rescued_mean(value, lambda s: np.abs(pred * s - target * s), pred.size)


def mean_bias_error(pred, target):
    r"""Mean bias error $\frac1n \sum_i (\hat y_i - y_i)$ over all entries (a float).

    Positive errors and negative errors **cancel**: it says whether a model guesses too
    high (> 0) or too low (< 0) on average, not how far off it is. A model that misses by
    +5 and −5 has a mean bias error of 0. So it is a diagnostic, never a training loss.
    ``pred`` and ``target`` must be finite; the mean is the true one also where an error
    or the sum would overflow (``+1e308 − (−1e308)`` and its opposite average to 0).
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    with np.errstate(over="ignore", invalid="ignore"):  # inf − inf: rescued below
        value = float(np.mean(pred - target))
    return _rescued_mean(value, lambda s: pred * s - target * s, pred.size)


def binary_cross_entropy(p, y):
    r"""Mean binary cross-entropy of probabilities ``p`` for targets ``y`` (same shape).

    $$C = -\frac1n \sum_i \big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\big]$$

    ``p`` and ``y`` lie in [0, 1] (NaN raises ``ValueError``). No clipping:
    $0 \cdot \log 0$ counts as 0 (its limit), so a sure and right answer (``p = 1`` for
    ``y = 1``) costs exactly 0, and the result is ``inf`` only where the true class got
    probability 0 (a sure and wrong answer). $\log(1 - p)$ is computed as
    ``log1p(-p)``, which keeps its digits for a tiny ``p`` (where $1 - p$ rounds to 1). For
    network outputs prefer
    [`binary_cross_entropy_with_logits`][nnbook.losses.binary_cross_entropy_with_logits].
    """
    p, y = check_same_shape(p, y, ("p", "y"))
    check_unit_interval(p, "p")
    check_unit_interval(y, "y")
    with np.errstate(divide="ignore"):  # log 0 = −inf where p is 0 or 1
        log_p, log_q = np.log(p), np.log1p(-p)
    return _minus_mean(_x_log(y, log_p) + _x_log(1 - y, log_q))


def _binary_cross_entropies(z, y):
    # The loss of each entry, |z|·w + log(1 + e^{−|z|}) with w = 1 − y for z ≥ 0 and w = y
    # for z < 0: max(z, 0) − zy, rewritten so that nothing cancels (z − zy loses the digits
    # of z(1 − y) for y near 1). At z = ±inf it is inf where w > 0 and 0 where w = 0.
    abs_z = np.abs(z)
    w = np.where(z >= 0, 1.0 - y, y)
    linear = np.multiply(abs_z, w, out=np.zeros_like(abs_z), where=w > 0)
    return linear + np.log1p(np.exp(-abs_z))


def binary_cross_entropy_with_logits(z, y):
    r"""Mean binary cross-entropy of ``σ(z)`` for targets ``y``, computed from logits ``z``.

    $$C = \frac1n \sum_i \big[\max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|})\big]$$

    The same value as ``binary_cross_entropy(sigmoid(z), y)``, rewritten so that no
    exponent is positive: finite and exact for ``z = ±800``, where ``σ(z)`` rounds to
    exactly 0 or 1 and the probability form would give ``inf``. (The first two terms are
    computed as $z_i(1 - y_i)$ for $z_i \ge 0$ and $-z_i y_i$ for $z_i < 0$, which
    loses no digits to cancellation.)

    ``y`` is finite, in [0, 1]; ``z`` may be ``±inf``, with the limit: ``z = inf`` costs 0
    for ``y = 1`` and ``inf`` for ``y < 1`` (``z = -inf``: 0 for ``y = 0``, else ``inf``).
    NaN raises ``ValueError``. The mean is the true one also where the sum would overflow.
    """
    z, y = check_same_shape(z, y, ("z", "y"), finite=(False, True))
    check_unit_interval(y, "y")
    return _mean_of(_binary_cross_entropies(z, y))


def categorical_cross_entropy(P, labels):
    r"""Mean cross-entropy of class probabilities ``P`` (N, K) for integer ``labels`` (N,).

    $$C = -\frac1N \sum_n \log P_{n, y_n}$$

    Only the probability of the true class counts. Rows of ``P`` must lie in [0, 1] and
    sum to 1 (NaN raises ``ValueError``). ``inf`` where the true class has probability
    exactly 0; prefer
    [`cross_entropy_with_logits`][nnbook.losses.cross_entropy_with_logits] on a network's
    raw outputs.
    """
    P, labels = check_scores_and_labels(P, labels, "P")
    if not np.all((P >= 0) & (P <= 1)) or not np.allclose(P.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(
            "P must hold probabilities (rows in [0, 1] summing to 1), got row sums "
            f"{np.round(P.sum(axis=1), 6).tolist()}; for logits use cross_entropy_with_logits"
        )
    return _minus_mean(_log(P[np.arange(len(labels)), labels]))


def _mean_cross_entropy(Z, labels, log_P):
    # The mean over rows of −log P[n, y_n], the log-probabilities log_P of logits Z. A
    # term is inf either as a limit (the label's logit −inf, or another +inf) or because
    # Z_y − max Z overflowed for finite logits: then the term is max Z − Z_y + lse, finite
    # or not, and the mean is rescued if no term is a true inf.
    rows = np.arange(len(labels))
    terms = 0.0 - log_P[rows, labels]  # 0 − x: +0.0 for a sure right answer, not −0.0
    with quiet(over="ignore"):  # rescued below
        value = float(np.mean(terms))
    if math.isfinite(value):
        return value
    m, Z_y = Z.max(axis=1), Z[rows, labels]
    over = np.isinf(terms) & np.isfinite(m) & np.isfinite(Z_y)
    if np.isinf(terms[~over]).any():
        return value
    lse = -log_P.max(axis=1)  # log Σ e^{z − max z}: the largest log-probability is −lse

    def scaled(s):
        t = terms * s
        t[over] = (m[over] * s - Z_y[over] * s) + lse[over] * s
        return t

    return _rescued_mean(value, scaled, len(terms))


def cross_entropy_with_logits(Z, labels):
    r"""Mean cross-entropy of ``softmax(Z)`` for integer ``labels``, from logits ``Z`` (N, K).

    $$C = \frac1N \sum_n \Big(\log \sum_k e^{Z_{nk}} - Z_{n, y_n}\Big)$$

    Log-sum-exp with the row maximum subtracted first: logits ``[0, 800]`` give exactly
    800 for label 0 and 0 for label 1, finite and without warnings.

    ``Z`` may hold ``±inf``, with the limit: a row whose label's logit is its only
    ``+inf`` costs 0; a row with another ``+inf``, or whose label's logit is ``-inf``,
    costs ``inf``. A row with two or more ``+inf``, or only ``-inf``, has no limit and
    raises ``ValueError``, as does a NaN. The mean is the true one also where a row's
    ``Z_y - max Z`` or the sum would overflow.
    """
    Z, labels = check_scores_and_labels(Z, labels, finite=False)
    return _mean_cross_entropy(Z, labels, F._log_softmax(Z, 1, "Z", "cross-entropy"))


class Loss:
    """Base of the loss classes: ``forward(pred, target) -> float``, ``backward() -> dC/dpred``."""

    def __init__(self):
        self._cache = None

    def __call__(self, pred, target):
        return self.forward(pred, target)

    def _require_forward(self):
        require_forward(self, self._cache, "forward(pred, target)")

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSE(Loss):
    r"""Mean squared error over all entries: $C = \frac1n \sum_i (\hat y_i - y_i)^2$.

    ``forward(pred, target)`` takes two arrays of the same shape (e.g. ``(N, K)``, one-hot
    targets; $n$ is their number of entries) and returns $C$ as a float. ``backward()``
    returns $\partial C/\partial \hat y = \frac2n (\hat y - y)$, the same shape as
    ``pred``: the "2(a − y)" of the backpropagation chapter, averaged.

    ``pred`` and ``target`` must be finite (NaN or ``±inf`` raise ``ValueError``). The
    cost and the gradient are the true ones also where ``ŷ − y``, its square or their
    sum would overflow; the cost is ``inf`` only if it exceeds the largest float64.
    """

    def forward(self, pred, target):
        pred, target = check_same_shape(pred, target, ("pred", "target"))
        with quiet(over="ignore"):  # rescued below
            d = pred - target  # ŷ − y, which backward needs too
            cost = float((d**2).sum()) / d.size  # C = (1/n) Σ (ŷ − y)²
        self._cache = (d, pred, target, math.isfinite(cost))
        return _rescued_mean(cost, lambda s: (pred * s - target * s) ** 2, d.size, degree=2)

    def backward(self):
        self._require_forward()
        d, pred, target, fits = self._cache
        with quiet(over="ignore"):  # rescued below
            grad = 2.0 * d / d.size  # ∂C/∂ŷ = 2(ŷ − y)/n
        # A finite cost bounds every |ŷ − y| by sqrt(n · max float): the gradient fits too.
        return grad if fits else _rescued_gradient(grad, pred, target)



class CrossEntropy(Loss):
    r"""Softmax cross-entropy from logits ``Z`` (N, K) and integer labels (N,), batch mean.

    ``forward(Z, labels)`` returns the mean of $-\log \mathrm{softmax}(Z_n)_{y_n}$ as a
    float, computed stably with log-sum-exp:

    $$C = \frac1N \sum_n \Big(\log \sum_k e^{Z_{nk}} - Z_{n, y_n}\Big)$$

    ``backward()`` returns, shape (N, K),
    $\partial C/\partial Z = (\mathrm{softmax}(Z) - \mathrm{onehot}(y))/N$: each
    logit is pushed down by its probability, and the true class's logit up by 1.

    Logits ``±inf`` give the limits of
    [`cross_entropy_with_logits`][nnbook.losses.cross_entropy_with_logits] (a row with
    two ``+inf``, or only ``-inf``, raises ``ValueError``, as does a NaN); the gradient is
    then that of the limit softmax, finite: 0 in a row whose label's logit is its one
    ``+inf``.
    """

    def forward(self, Z, labels):
        Z, labels = check_scores_and_labels(Z, labels, finite=False)
        log_P = F._log_softmax(Z, 1, "Z", "cross-entropy")
        self._cache = (np.exp(log_P), labels)
        return _mean_cross_entropy(Z, labels, log_P)

    def backward(self):
        self._require_forward()
        P, labels = self._cache
        grad = P.copy()
        grad[np.arange(len(labels)), labels] -= 1.0
        return grad / len(labels)


class BinaryCrossEntropy(Loss):
    r"""Binary cross-entropy from logits ``z`` and targets ``y`` in [0, 1], mean over entries.

    ``forward(z, y)`` takes two arrays of the same shape ($n$ entries) and returns the
    mean of $-[y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))]$ as a float, computed
    from the logits as in
    [`binary_cross_entropy_with_logits`][nnbook.losses.binary_cross_entropy_with_logits].
    ``backward()`` returns $\partial C/\partial z = (\sigma(z) - y)/n$, the shape of ``z``.

    ``z`` may be ``±inf`` (the limits of the cost, as in
    ``binary_cross_entropy_with_logits``; the gradient is then $(1 - y)/n$ or $-y/n$,
    finite); ``y`` is finite, in [0, 1]. NaN raises ``ValueError``.
    """

    def forward(self, z, y):
        z, y = check_same_shape(z, y, ("z", "y"), finite=(False, True))
        check_unit_interval(y, "y")
        self._cache = (z, y)
        return _mean_of(_binary_cross_entropies(z, y))

    def backward(self):
        self._require_forward()
        z, y = self._cache
        return (F._sigmoid(z) - y) / z.size
