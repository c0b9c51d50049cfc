r"""Loss and cost functions: how wrong is a prediction?

The *loss* scores one example; the *cost* is the mean of the losses over a data set or a
batch. The functions below return the cost of arrays (or element-wise losses, for
``squared_error`` and ``absolute_error``); the classes ``MSE``, ``CrossEntropy`` and
``BinaryCrossEntropy`` also give ``dC/dpred`` from ``backward()`` to start backpropagation.

Cross-entropy is computed from **logits** through log-sum-exp, so it stays finite and
warning-free for logits like ``[0, 800]``; the versions on probabilities return ``inf``
only where the true class was given probability exactly 0.
"""

import numpy as np

from . import functional as F
from ._checks import check_same_shape, check_scores_and_labels, check_unit_interval


def _xlogy(x, y):
    # x·log y with 0·log 0 = 0 (the limit), and −inf where x > 0 but y = 0; no warnings.
    log_y = np.log(np.where(y > 0, y, 1.0))
    return np.where(x == 0, 0.0, np.where(y > 0, x * log_y, -np.inf))


def _minus_mean(a):
    # −mean(a), written 0 − mean(a) so that a sure right answer costs 0.0, not −0.0
    # (−(0.0) is −0.0 in floating point, which prints as a confusing "-0.0").
    return float(0.0 - np.mean(a))


def squared_error(pred, target):
    r"""Element-wise squared (L2) error $(\hat y - y)^2$, same shape as the inputs.

    Squaring makes every error positive and punishes big misses much more than small ones.
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    return (pred - target) ** 2


def absolute_error(pred, target):
    r"""Element-wise absolute (L1) error $|\hat y - y|$, same shape as the inputs.

    Grows linearly, so a few wild misses (outliers) weigh less than under squared error.
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    return np.abs(pred - target)


def mse(pred, target):
    r"""Mean squared error $\frac1n \sum_i (\hat y_i - y_i)^2$ over all entries.

    ``pred`` and ``target`` have the same shape (any); $n$ is their number of entries.
    Returns a float.
    """
    return float(np.mean(squared_error(pred, target)))


def mae(pred, target):
    r"""Mean absolute error $\frac1n \sum_i |\hat y_i - y_i|$ over all entries.

    ``pred`` and ``target`` have the same shape (any); $n$ is their number of entries.
    Returns a float.
    """
    return float(np.mean(absolute_error(pred, target)))


def mean_bias_error(pred, target):
    r"""Mean bias error $\frac1n \sum_i (\hat y_i - y_i)$ over all entries (a float).

    Positive errors and negative errors **cancel**: it says whether a model guesses too
    high (> 0) or too low (< 0) on average, not how far off it is. A model that misses by
    +5 and −5 has a mean bias error of 0. So it is a diagnostic, never a training loss.
    """
    pred, target = check_same_shape(pred, target, ("pred", "target"))
    return float(np.mean(pred - target))


def binary_cross_entropy(p, y):
    r"""Mean binary cross-entropy of probabilities ``p`` for targets ``y`` (same shape).

    $$C = -\frac1n \sum_i \big[y_i \log p_i + (1 - y_i)\log(1 - p_i)\big]$$

    ``p`` and ``y`` lie in [0, 1]. No clipping: $0 \cdot \log 0$ counts as 0 (its
    limit), so a sure and right answer (``p = 1`` for ``y = 1``) costs exactly 0, and the
    result is ``inf`` only where the true class got probability 0 (a sure and wrong
    answer). For network outputs prefer
    [`binary_cross_entropy_with_logits`][nnbook.losses.binary_cross_entropy_with_logits].
    """
    p, y = check_same_shape(p, y, ("p", "y"))
    check_unit_interval(p, "p")
    check_unit_interval(y, "y")
    return _minus_mean(_xlogy(y, p) + _xlogy(1 - y, 1 - p))


def binary_cross_entropy_with_logits(z, y):
    r"""Mean binary cross-entropy of ``σ(z)`` for targets ``y``, computed from logits ``z``.

    $$C = \frac1n \sum_i \big[\max(z_i, 0) - z_i y_i + \log(1 + e^{-|z_i|})\big]$$

    The same value as ``binary_cross_entropy(sigmoid(z), y)``, rewritten so that no
    exponent is positive: finite and exact for ``z = ±800``, where ``σ(z)`` rounds to
    exactly 0 or 1 and the probability form would give ``inf``.
    """
    z, y = check_same_shape(z, y, ("z", "y"))
    check_unit_interval(y, "y")
    return float(np.mean(np.maximum(z, 0) - z * y + np.log1p(np.exp(-np.abs(z)))))


def categorical_cross_entropy(P, labels):
    r"""Mean cross-entropy of class probabilities ``P`` (N, K) for integer ``labels`` (N,).

    $$C = -\frac1N \sum_n \log P_{n, y_n}$$

    Only the probability of the true class counts. Rows of ``P`` must lie in [0, 1] and
    sum to 1. ``inf`` where the true class has probability exactly 0; prefer
    [`cross_entropy_with_logits`][nnbook.losses.cross_entropy_with_logits] on a network's
    raw outputs.
    """
    P, labels = check_scores_and_labels(P, labels, "P")
    if not np.all((P >= 0) & (P <= 1)) or not np.allclose(P.sum(axis=1), 1.0, atol=1e-6):
        raise ValueError(
            "P must hold probabilities (rows in [0, 1] summing to 1), got row sums "
            f"{np.round(P.sum(axis=1), 6).tolist()}; for logits use cross_entropy_with_logits"
        )
    p_true = P[np.arange(len(labels)), labels]
    return _minus_mean(_xlogy(np.ones_like(p_true), p_true))


def cross_entropy_with_logits(Z, labels):
    r"""Mean cross-entropy of ``softmax(Z)`` for integer ``labels``, from logits ``Z`` (N, K).

    $$C = \frac1N \sum_n \Big(\log \sum_k e^{Z_{nk}} - Z_{n, y_n}\Big)$$

    Log-sum-exp with the row maximum subtracted first: logits ``[0, 800]`` give exactly
    800 for label 0 and 0 for label 1, finite and without warnings.
    """
    Z, labels = check_scores_and_labels(Z, labels)
    return _minus_mean(F.log_softmax(Z, axis=1)[np.arange(len(labels)), labels])


class Loss:
    """Base of the loss classes: ``forward(pred, target) -> float``, ``backward() -> dC/dpred``."""

    def __init__(self):
        self._cache = None

    def __call__(self, pred, target):
        return self.forward(pred, target)

    def _require_forward(self):
        if self._cache is None:
            raise ValueError(
                f"{type(self).__name__}.backward called before forward: "
                "call forward(pred, target) first"
            )

    def __repr__(self):
        return f"{type(self).__name__}()"


class MSE(Loss):
    r"""Mean squared error over all entries: $C = \frac1n \sum_i (\hat y_i - y_i)^2$.

    ``forward(pred, target)`` takes two arrays of the same shape (e.g. ``(N, K)``, one-hot
    targets; $n$ is their number of entries) and returns $C$ as a float. ``backward()``
    returns $\partial C/\partial \hat y = \frac2n (\hat y - y)$, the same shape as
    ``pred``: the "2(a − y)" of the backpropagation chapter, averaged.
    """

    def forward(self, pred, target):
        pred, target = check_same_shape(pred, target, ("pred", "target"))
        self._cache = pred - target  # ŷ − y, which backward needs too
        squares = self._cache**2
        return float(squares.sum()) / squares.size  # (1/n) Σ (ŷ − y)²

    def backward(self):
        self._require_forward()
        return 2.0 * self._cache / self._cache.size  # 2(ŷ − y)/n


class CrossEntropy(Loss):
    r"""Softmax cross-entropy from logits ``Z`` (N, K) and integer labels (N,), batch mean.

    ``forward(Z, labels)`` returns the mean of $-\log \mathrm{softmax}(Z_n)_{y_n}$ as a
    float, computed stably with log-sum-exp:

    $$C = \frac1N \sum_n \Big(\log \sum_k e^{Z_{nk}} - Z_{n, y_n}\Big)$$

    ``backward()`` returns, shape (N, K),
    $\partial C/\partial Z = (\mathrm{softmax}(Z) - \mathrm{onehot}(y))/N$: each
    logit is pushed down by its probability, and the true class's logit up by 1.
    """

    def forward(self, Z, labels):
        Z, labels = check_scores_and_labels(Z, labels)
        log_P = F.log_softmax(Z, axis=1)
        self._cache = (np.exp(log_P), labels)
        return _minus_mean(log_P[np.arange(len(labels)), labels])

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
    """

    def forward(self, z, y):
        value = binary_cross_entropy_with_logits(z, y)  # checks z and y
        self._cache = check_same_shape(z, y, ("z", "y"))
        return value

    def backward(self):
        self._require_forward()
        z, y = self._cache
        return (F.sigmoid(z) - y) / z.size
