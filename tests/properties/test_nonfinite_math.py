"""Non-finite and extreme numbers in the maths: activations, softmax, the losses and
every other mean nnbook takes.

For every function and class of ``nnbook.functional``, ``nnbook.activations`` and
``nnbook.losses``, and for the other means (a ``Tensor``'s, autodiff's losses, the L2
penalty, the cost ``evaluate`` and ``fit`` report), on arrays of random shapes:

- a NaN anywhere raises ``ValueError`` naming the argument;
- ``±inf`` where the function has a limit gives that limit (``±inf`` elsewhere raises),
  and where it has none (two ``+inf`` in one softmax slice, a slice of only ``-inf``),
  ``ValueError`` naming the argument;
- finite values over the whole float64 range (up to ±1.8e308, subnormals) give the exact
  value, computed with mpmath by a plain loop, to a relative 1e-12, means near overflow
  included: a sum that overflows before its mean is scaled never makes the mean inf;
- a digit drawn with ink of any size, subnormal included, is prepared.

Where an error bound is wider than a relative one (a result that cancels, a gradient
written ``p − 1``), the tolerance says so and why.
"""

import math
import re

import mpmath
import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnbook
from nnbook import autodiff
from nnbook import functional as F
from nnbook import losses as L
from nnbook.mnist_prep import fit_box, prepare_digit

M = mpmath.MPContext()
M.prec = 160  # far beyond float64's 53 bits: the references' own rounding does not show

RTOL = 1e-12
TINY = 4 * 2.0**-1074  # a few subnormal steps: a result below 2^-1022 has only those
TOP = M.mpf(2) ** 1024  # the first value past the largest float64 (which rounds to inf)
inf, nan = math.inf, math.nan

# --- strategies -------------------------------------------------------------------------

MAXF = float(np.finfo(np.float64).max)
ORDINARY = st.floats(-60, 60)
ANY_FINITE = st.floats(allow_nan=False, allow_infinity=False)  # ±1.8e308, subnormals, ±0
HUGE = st.floats(1e300, MAXF) | st.floats(-MAXF, -1e300)  # sums of a few overflow
ROOT = st.floats(1e154, 4e154) | st.floats(-4e154, -1e154)  # squares just past the largest
REALS = st.one_of(ORDINARY, ANY_FINITE, HUGE, ROOT)
UNIT = st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 5e-324, 1 - 2**-53, 0.5]),
                 st.floats(0, 1e-300))


@st.composite
def arrays(draw, min_dims=1, max_dims=3, elements=REALS, specials=(inf, -inf), shape=None):
    """A float64 array of a random shape with values of ``elements``, and up to three
    entries of ``specials`` at random positions."""
    if shape is None:
        shape = draw(hnp.array_shapes(min_dims=min_dims, max_dims=max_dims, max_side=4))
    a = draw(hnp.arrays(np.float64, shape, elements=elements))
    if specials and a.size:
        for i in draw(st.lists(st.integers(0, a.size - 1), max_size=3)):
            a.flat[i] = draw(st.sampled_from(specials))
    return a


@st.composite
def with_nan(draw, a):
    """``a`` (a strategy) with a NaN at one random position."""
    a = draw(a).copy()
    a.flat[draw(st.integers(0, a.size - 1))] = nan
    return a


def raises_naming(name, fn, *args, **kwargs):
    """Call fn: it must raise ValueError whose message begins with the argument's name."""
    with pytest.raises(ValueError) as error:
        fn(*args, **kwargs)
    assert re.match(rf"{re.escape(name)}\b", str(error.value)), str(error.value)
    return str(error.value)


# --- comparison with a reference --------------------------------------------------------

def close(got, ref, scale=None):
    """``got`` (a float) equals the exact ``ref`` (an mpf) to RTOL of ``scale`` (|ref| by
    default), or to a few subnormal steps; ``inf`` counts as the first value past the
    largest float64, the correct rounding of anything beyond it."""
    got = float(got)
    if M.isinf(ref) or math.isnan(got):
        return got == ref
    scale = abs(ref) if scale is None else scale
    if math.isinf(got):
        return M.sign(ref) == math.copysign(1, got) and abs(ref) >= TOP * (1 - RTOL)
    return abs(M.mpf(got) - ref) <= RTOL * scale + TINY


def assert_close(got, refs, scales=None, what=""):
    got = np.asarray(got, dtype=float)
    refs = np.asarray(refs, dtype=object)
    assert got.shape == refs.shape, (what, got.shape, refs.shape)
    scales = np.full(refs.shape, None, dtype=object) if scales is None else scales
    for index in np.ndindex(refs.shape):
        assert close(got[index], refs[index], scales[index]), (
            what, index, float(got[index]), M.nstr(refs[index], 20))


def mp(x):
    return M.mpf(float(x))


def exact(a, f):
    """f applied to every entry of the array a, as mpf: an object array of a's shape."""
    out = np.empty(np.shape(a), dtype=object)
    for index in np.ndindex(out.shape):
        out[index] = f(mp(np.asarray(a)[index]))
    return out


# --- element-wise activations -----------------------------------------------------------

def sigma(z):
    # σ(z) = 1/(1 + e^{−z}): mpmath's exp and its huge exponents give every value, ±inf too.
    return 1 / (1 + M.exp(-z))


ELEMENTWISE = {
    F.relu: lambda z: max(z, M.mpf(0)),
    F.relu_prime: lambda z: M.mpf(1 if z > 0 else 0),
    F.sigmoid: sigma,
    F.sigmoid_prime: lambda z: M.mpf(0) if M.isinf(z) else M.exp(-abs(z)) / (1 + M.exp(-abs(z)))**2,
    F.tanh: M.tanh,
    F.tanh_prime: lambda z: M.mpf(0) if M.isinf(z) else M.sech(z) ** 2,
}
LAYERS = (nnbook.ReLU, nnbook.Sigmoid, nnbook.Tanh, nnbook.Softmax)


@given(arrays(min_dims=0))
def test_elementwise_functions_equal_the_exact_values(z):
    for f, exact_f in ELEMENTWISE.items():
        got = f(z)
        assert np.shape(got) == z.shape and np.asarray(got).dtype == np.float64
        assert_close(got, exact(z, exact_f), what=f.__name__)


@given(with_nan(arrays(min_dims=0)))
def test_a_nan_is_refused_by_every_activation(z):
    for f in (*ELEMENTWISE, F.softmax, F.log_softmax, F.logsumexp):
        if f in (F.softmax, F.log_softmax, F.logsumexp) and z.ndim == 0:
            continue  # no axis -1 to reduce
        assert "nan" in raises_naming("z", f, z)
    if z.ndim:
        for layer in LAYERS:
            raises_naming("z", layer(), z)


# --- softmax, log_softmax, logsumexp ----------------------------------------------------

def slice_reference(row):
    """The exact softmax, log_softmax and logsumexp of one slice (a list of floats), or
    the reason softmax has no limit there."""
    tops = sum(1 for v in row if v == inf)
    if tops >= 2:
        return None, None, M.inf, f"{tops} entries +inf"
    if all(v == -inf for v in row):
        return None, None, -M.inf, "only -inf entries"
    if tops == 1:  # the limit: all the mass on the +inf entry
        p = [M.mpf(1 if v == inf else 0) for v in row]
        return p, [M.mpf(0) if v == inf else -M.inf for v in row], M.inf, None
    m = max(mp(v) for v in row)
    e = [M.exp(mp(v) - m) for v in row]  # −inf entries give e^{−inf} = 0
    top = e.index(max(e))  # e^0 = 1: log Σ = log1p(the rest), which may be far below 2^-160
    rest = M.fsum(e[:top] + e[top + 1:])
    total, log_total = 1 + rest, M.log1p(rest)
    log_p = [mp(v) - m - log_total for v in row]
    return [x / total for x in e], log_p, m + log_total, (m, log_total)


def slices(z, axis):
    """The slices of z along axis (an int, or None for all of z), in the order of the
    entries of a reduction along it: as 1-D arrays."""
    if axis is None:
        return [z.ravel()]
    moved = np.moveaxis(z, axis, -1)
    return [moved[index] for index in np.ndindex(moved.shape[:-1])]


@st.composite
def logits_and_axis(draw):
    z = draw(arrays())
    axis = draw(st.sampled_from([None, *range(-z.ndim, z.ndim)]))
    return z, axis


@given(logits_and_axis())
def test_softmax_family_equals_the_exact_values_or_says_there_is_no_limit(case):
    z, axis = case
    results = [slice_reference(list(row)) for row in slices(z, axis)]
    no_limit = any(isinstance(r[3], str) for r in results)
    for f, column in ((F.softmax, 0), (F.log_softmax, 1)):
        if no_limit:
            message = raises_naming("z", f, z, axis=axis)
            assert f"{f.__name__} has no limit" in message, message
            continue
        got = f(z, axis=axis)
        assert got.shape == z.shape
        for i, (row, ref) in enumerate(zip(slices(got, axis), results)):
            # log Σ e^{z−m} rounds the sum 1 + rest: an error of ~1e-16 in absolute terms,
            # so a log-probability is compared to RTOL of (1 + its size).
            scales = None if column == 0 else np.array([abs(r) + 1 if not M.isinf(r) else None
                                                         for r in ref[column]], dtype=object)
            assert_close(row, ref[column], scales, what=(f.__name__, axis, i))
    # logsumexp has a limit everywhere: +inf for a slice with any +inf, −inf for all −inf.
    got = F.logsumexp(z, axis=axis)
    assert np.array_equal(np.ravel(got), np.ravel(F.logsumexp(z, axis=axis, keepdims=True)))
    for i, (value, ref) in enumerate(zip(np.ravel(got), results)):
        # m + log Σ e^{z−m} cancels where m ≈ −log Σ: its error is a few ulps of the
        # parts added, not of their sum (inputs near −log K have no better answer).
        parts = ref[3]
        scale = abs(parts[0]) + abs(parts[1]) + 1 if isinstance(parts, tuple) else None
        assert close(value, ref[2], scale), ("logsumexp", axis, i, value, ref[2])


# --- the activation layers --------------------------------------------------------------

@given(arrays(min_dims=2, max_dims=2), st.data())
def test_activation_layers_forward_and_backward(z, data):
    g = data.draw(arrays(shape=z.shape, specials=()))
    for layer_class in LAYERS:
        layer = layer_class()
        if layer_class is nnbook.Softmax and slice_reference_rows_without_limit(z):
            raises_naming("z", layer, z)
            continue
        a = layer(z)
        f = {nnbook.ReLU: F.relu, nnbook.Sigmoid: F.sigmoid, nnbook.Tanh: F.tanh,
             nnbook.Softmax: F.softmax}[layer_class]
        assert np.array_equal(a, f(z))
        got = layer.backward(g)
        if layer_class is nnbook.Softmax:
            check_softmax_backward(z, g, got)
        else:
            prime = {nnbook.ReLU: F.relu_prime, nnbook.Sigmoid: F.sigmoid_prime,
                     nnbook.Tanh: F.tanh_prime}[layer_class]
            refs = exact(z, ELEMENTWISE[prime]) * np.vectorize(mp, otypes=[object])(g)
            # Sigmoid and Tanh take the derivative from their output a, as a(1 − a) and
            # 1 − a²: a is rounded, so the error is an ulp of the parts, 1 times |g|, not
            # of the derivative, which can be far smaller (σ'(40) ≈ 4e-18, σ(40) = 1).
            # ReLU's is exact.
            scales = None if layer_class is nnbook.ReLU else np.vectorize(
                lambda r, v: abs(r) + abs(mp(v)), otypes=[object])(refs, g)
            assert_close(got, refs, scales, what=layer_class.__name__)
        for bad in (nan, inf, -inf):
            spoilt = g.copy()
            spoilt.flat[data.draw(st.integers(0, g.size - 1))] = bad
            raises_naming("grad_out", layer.backward, spoilt)


def slice_reference_rows_without_limit(Z):
    return any(isinstance(slice_reference(list(row))[3], str) for row in Z)


def check_softmax_backward(Z, G, got):
    # ∂C/∂z_j = s_j (g_j − Σ_i g_i s_i) with the exact s. The difference in the bracket
    # cancels: its error is an ulp of |g_j| + Σ|g_i| s_i, times s_j.
    for n, (row, g) in enumerate(zip(Z, G)):
        s = slice_reference(list(row))[0]
        dot = M.fsum(mp(gi) * si for gi, si in zip(g, s))
        size = M.fsum(abs(mp(gi)) * si for gi, si in zip(g, s))
        for j, sj in enumerate(s):
            ref = sj * (mp(g[j]) - dot)
            assert close(got[n, j], ref, sj * (abs(mp(g[j])) + size)), (
                "Softmax.backward", n, j, got[n, j], ref)


# --- regression losses: mse, mae, mean bias error, MSE ----------------------------------

@st.composite
def pairs(draw, first=REALS, second=REALS):
    a = draw(arrays(elements=first, specials=()))
    return a, draw(arrays(shape=a.shape, elements=second, specials=()))


def mean(terms):
    return M.fsum(terms) / len(terms)


@given(pairs())
def test_regression_losses_equal_the_exact_values(case):
    pred, target = case
    d = [mp(p) - mp(t) for p, t in zip(pred.ravel(), target.ravel())]  # exact differences
    n = len(d)
    assert_close(L.squared_error(pred, target), np.reshape([x * x for x in d], pred.shape))
    assert_close(L.absolute_error(pred, target), np.reshape([abs(x) for x in d], pred.shape))
    assert close(L.mse(pred, target), mean([x * x for x in d]))
    assert close(L.mae(pred, target), mean([abs(x) for x in d]))
    # The errors cancel in a mean bias error: its sum is good to an ulp of Σ|errors|.
    assert close(L.mean_bias_error(pred, target), mean(d), mean([abs(x) for x in d]))
    loss = nnbook.MSE()
    assert close(loss(pred, target), mean([x * x for x in d]))
    assert_close(loss.backward(), np.reshape([2 * x / n for x in d], pred.shape))


@given(pairs(), st.data())
def test_regression_losses_refuse_nan_and_infinity(case, data):
    pred, target = case
    spoilt = data.draw(st.sampled_from(["pred", "target"]))
    args = {"pred": pred.copy(), "target": target.copy()}
    args[spoilt].flat[data.draw(st.integers(0, pred.size - 1))] = data.draw(
        st.sampled_from([nan, inf, -inf]))
    for f in (L.squared_error, L.absolute_error, L.mse, L.mae, L.mean_bias_error,
              nnbook.MSE().forward):
        raises_naming(spoilt, f, args["pred"], args["target"])


# --- binary cross-entropy: on probabilities, on logits, BinaryCrossEntropy --------------

def x_log(x, log_y):
    # x·log y with 0·log 0 = 0, the limit the loss takes.
    return M.mpf(0) if x == 0 else x * log_y()


@given(pairs(UNIT, UNIT))
def test_binary_cross_entropy_equals_the_exact_value(case):
    p, y = case
    # log(1 − p) as log1p(−p): 1 − 1e-300 would round to 1 even at 160 bits.
    terms = [-(x_log(mp(t), lambda: M.log(mp(q))) + x_log(1 - mp(t), lambda: M.log1p(-mp(q))))
             for q, t in zip(p.ravel(), y.ravel())]
    assert close(L.binary_cross_entropy(p, y), mean(terms))


def bce_with_logits(z, y):
    # −[y log σ(z) + (1 − y) log(1 − σ(z))] = y log(1 + e^{−z}) + (1 − y) log(1 + e^{z}),
    # and at z = ±inf its limit: inf if the wrong side has weight, else 0.
    if M.isinf(z):
        weight = 1 - y if z > 0 else y
        return M.inf if weight > 0 else M.mpf(0)
    return y * M.log1p(M.exp(-z)) + (1 - y) * M.log1p(M.exp(z))


@given(pairs(REALS, UNIT), st.data())
def test_binary_cross_entropy_with_logits_equals_the_exact_value(case, data):
    z, y = case
    for i in data.draw(st.lists(st.integers(0, z.size - 1), max_size=3)):
        z.flat[i] = data.draw(st.sampled_from([inf, -inf]))
    terms = [bce_with_logits(mp(a), mp(t)) for a, t in zip(z.ravel(), y.ravel())]
    assert close(L.binary_cross_entropy_with_logits(z, y), mean(terms))
    loss = nnbook.BinaryCrossEntropy()
    assert close(loss(z, y), mean(terms))
    # (σ(z) − y)/n, finite everywhere: σ(z) is rounded before y is taken away, so the
    # error is an ulp of σ(z) + y.
    n = z.size
    for got, a, t in zip(loss.backward().ravel(), z.ravel(), y.ravel()):
        s = sigma(mp(a))
        assert math.isfinite(got)
        assert close(got, (s - mp(t)) / n, (s + mp(t)) / n), (got, a, t)


@given(pairs(UNIT, UNIT), st.data())
def test_binary_cross_entropies_refuse_nan_and_infinity(case, data):
    first, y = case
    index = data.draw(st.integers(0, first.size - 1))
    for name, bad in (("p", nan), ("p", inf), ("y", nan), ("y", -inf)):
        args = {"p": first.copy(), "y": y.copy()}
        args[name].flat[index] = bad
        raises_naming(name, L.binary_cross_entropy, args["p"], args["y"])
    for name, bad in (("z", nan), ("y", nan), ("y", inf)):
        args = {"z": first.copy(), "y": y.copy()}
        args[name].flat[index] = bad
        raises_naming(name, L.binary_cross_entropy_with_logits, args["z"], args["y"])
        raises_naming(name, nnbook.BinaryCrossEntropy().forward, args["z"], args["y"])


# --- categorical cross-entropy: on probabilities, on logits, CrossEntropy ---------------

@st.composite
def scores_and_labels(draw, elements=REALS, specials=(inf, -inf)):
    Z = draw(arrays(min_dims=2, max_dims=2, elements=elements, specials=specials))
    labels = draw(hnp.arrays(np.int64, Z.shape[0], elements=st.integers(0, Z.shape[1] - 1)))
    return Z, labels


@st.composite
def probabilities_and_labels(draw):
    # Rows that sum to 1: softmax of logits whose spread reaches e^{−745}, so that some
    # probabilities are subnormal or exactly 0.
    Z, labels = draw(scores_and_labels(elements=st.floats(-800, 800), specials=()))
    return F.softmax(Z), labels


@given(probabilities_and_labels())
def test_categorical_cross_entropy_equals_the_exact_value(case):
    P, labels = case
    terms = [-M.log(mp(P[n, k])) for n, k in enumerate(labels)]
    assert close(L.categorical_cross_entropy(P, labels), mean(terms))


def row_cross_entropy(row, label):
    """The exact −log softmax(row)[label], or None where the row has no limit."""
    p, log_p, _, parts = slice_reference(list(row))
    return None if isinstance(parts, str) else -log_p[label]


@given(scores_and_labels())
def test_cross_entropy_with_logits_equals_the_exact_value_or_says_there_is_no_limit(case):
    Z, labels = case
    terms = [row_cross_entropy(row, k) for row, k in zip(Z, labels)]
    loss = nnbook.CrossEntropy()
    if any(t is None for t in terms):
        for f in (L.cross_entropy_with_logits, loss.forward):
            assert "no limit" in raises_naming("Z", f, Z, labels)
        return
    # Each term is a log of a probability, to RTOL of (1 + its size): see the softmax test.
    scale = mean([abs(t) + 1 for t in terms]) if all(not M.isinf(t) for t in terms) else None
    assert close(L.cross_entropy_with_logits(Z, labels), mean(terms), scale)
    assert close(loss(Z, labels), mean(terms), scale)
    # (softmax(Z) − onehot)/N, finite wherever the rows have a limit: the label's entry is
    # P − 1 of a rounded P, good to an ulp of 1 (a sure right answer gives exactly 0).
    N = len(labels)
    grad = loss.backward()
    assert np.isfinite(grad).all()
    for n, (row, k) in enumerate(zip(Z, labels)):
        p = slice_reference(list(row))[0]
        for j, pj in enumerate(p):
            ref = (pj - (j == k)) / N
            assert close(grad[n, j], ref, (pj + (j == k)) / N), (n, j, grad[n, j], ref)


@given(scores_and_labels(), st.data())
def test_cross_entropies_refuse_nan_and_infinity_in_probabilities(case, data):
    Z, labels = case
    index = data.draw(st.integers(0, Z.size - 1))
    spoilt = Z.copy()
    spoilt.flat[index] = nan
    for f in (L.cross_entropy_with_logits, nnbook.CrossEntropy().forward):
        raises_naming("Z", f, spoilt, labels)
    P = F.softmax(np.where(np.isfinite(Z), np.clip(Z, -800, 800), 0.0))
    for bad in (nan, inf):
        spoilt = P.copy()
        spoilt.flat[index] = bad
        raises_naming("P", L.categorical_cross_entropy, spoilt, labels)


# --- the examples of the issue, kept as they were reported ------------------------------

def test_softmax_of_a_plus_infinite_logit_is_one_hot():
    np.testing.assert_array_equal(F.softmax([1.0, inf, 2.0]), [0.0, 1.0, 0.0])
    np.testing.assert_array_equal(F.log_softmax([1.0, inf, -inf]), [-inf, 0.0, -inf])
    np.testing.assert_array_equal(nnbook.Softmax()(np.array([[inf, 0.0], [0.0, 0.0]])),
                                  [[1.0, 0.0], [0.5, 0.5]])
    assert F.logsumexp([1.0, inf]) == inf and F.logsumexp([-inf, -inf]) == -inf


def test_softmax_says_where_there_is_no_limit():
    Z = np.zeros((4, 3))
    Z[3, [0, 2]] = inf
    with pytest.raises(ValueError, match=re.escape(
            "z has 2 entries +inf in one slice along axis 1 (z[3, :]): softmax has no limit")):
        F.softmax(Z, axis=1)
    with pytest.raises(ValueError, match=re.escape(
            "Z has only -inf entries in one slice along axis 1 (Z[0, :]): cross-entropy")):
        nnbook.CrossEntropy().forward(np.full((2, 2), -inf), [0, 1])


def test_cross_entropy_with_a_plus_infinite_logit():
    loss = nnbook.CrossEntropy()
    assert loss(np.array([[inf, 0.0], [0.0, 0.0]]), [0, 1]) == math.log(2) / 2
    np.testing.assert_array_equal(loss.backward(), [[0.0, 0.0], [0.25, -0.25]])
    assert loss(np.array([[inf, 0.0]]), [1]) == inf  # sure and wrong
    np.testing.assert_array_equal(loss.backward(), [[1.0, -1.0]])


def test_binary_cross_entropy_with_an_infinite_logit():
    loss = nnbook.BinaryCrossEntropy()
    assert loss(np.array([inf, -inf]), np.array([1.0, 0.0])) == 0.0  # was inf − inf = nan
    np.testing.assert_array_equal(loss.backward(), [0.0, 0.0])
    assert loss(np.array([inf, 0.0]), np.array([0.5, 0.0])) == inf
    np.testing.assert_array_equal(loss.backward(), [0.25, 0.25])


def test_a_mean_that_overflowed_is_the_true_mean():
    # Powers of two (2^1023 ≈ 9e307), so that the true means are floats exactly.
    big = np.array([2.0**1023, 2.0**1023, -(2.0**1023), 0.0])
    zero = np.zeros(4)
    assert L.mae(big, zero) == 0.75 * 2.0**1023  # the sum, 3 · 2^1023, overflowed
    assert L.mse(np.array([2.0**512, 2.0**512, 0.0, 0.0]), zero) == 2.0**1023
    assert L.mean_bias_error(big, -big) == 2.0**1022  # each error 2^1024, past every float
    assert L.mean_bias_error([1e308, -1e308], [-1e308, 1e308]) == 0.0  # was inf − inf
    assert L.cross_entropy_with_logits([[1e308, -1e308], [0.0, 0.0]], [1, 0]) == 1e308
    assert L.binary_cross_entropy_with_logits([1.5e308, 1.5e308], [0.0, 0.0]) == 1.5e308
    loss = nnbook.MSE()
    assert loss(np.array([2.0**512, 2.0**512, 0.0, 0.0]), zero) == 2.0**1023
    np.testing.assert_array_equal(loss.backward(), [2.0**511, 2.0**511, 0.0, 0.0])
    assert loss(big * 1.5, -big * 1.5) == inf  # true: 2.25 · 2^2046 · 3/4
    np.testing.assert_array_equal(loss.backward(), [1.5 * 2.0**1023] * 2 + [-1.5 * 2.0**1023, 0])
    # Where the true value exceeds the largest float64, inf is the correctly rounded answer.
    assert L.mse([1e160], [0.0]) == inf and L.squared_error([1e160], [0.0])[0] == inf


# --- every other mean: a tensor's, autodiff's losses, L2, evaluate and fit --------------
# Each computes a sum and scales it; where the sum overflows though the mean fits, the
# mean is found again as nnbook.losses finds it (losses._rescued_mean): the exact value.

def _backward(C):
    # The gradients of C. Where one exceeds the largest float64 it is inf, with numpy's
    # warning, as for any operation of a tensor: so are those of the constants that the
    # losses bring (the −1 of ŷ − y has Σ ȳ y, which may overflow), which nobody reads.
    with np.errstate(over="ignore", invalid="ignore"):
        C.backward()


@st.composite
def means(draw):
    """An array of any finite values, or (half the time) of values whose sums overflow,
    and an axis (None: all entries)."""
    a = draw(arrays(min_dims=0, elements=draw(st.sampled_from([REALS, HUGE])), specials=()))
    return a, draw(st.sampled_from([None, *range(-a.ndim, a.ndim)]))


@given(means())
@example((np.array([1e308, 1e308]), None))  # the issue's: the sum is inf, the mean 1e308
@example((np.array([[1e308, -1e308], [1e308, 1e308]]), 1))
def test_a_tensor_s_mean_is_the_exact_mean_and_its_gradient_one_over_n(case):
    a, axis = case
    t = nnbook.Tensor(a)
    m = t.mean(axis)
    for value, row in zip(np.ravel(m.data), slices(a, axis)):
        terms = [mp(v) for v in row]
        # The entries may cancel: the error is relative to the mean of their sizes.
        assert close(value, mean(terms), mean([abs(x) for x in terms])), (axis, value)
    with np.errstate(over="ignore", invalid="ignore"):  # a sum of the means, for its gradient
        _backward(m if m.data.ndim == 0 else m.sum())
    n = a.size if axis is None else a.shape[axis]
    assert np.array_equal(t.grad, np.full(a.shape, 1.0 / n))


@given(pairs() | pairs(HUGE | ROOT, ORDINARY))
@example((np.array([1.5e154, 0.0, 0.0, 0.0]), np.zeros(4)))  # a square beyond float64
def test_autodiff_mse_is_the_exact_mean(case):
    pred, target = case
    d = [mp(p) - mp(t) for p, t in zip(pred.ravel(), target.ravel())]
    t = nnbook.Tensor(pred)
    C = autodiff.mse(t, target)
    assert close(C.data, mean([x * x for x in d]))
    _backward(C)
    with np.errstate(over="ignore"):
        difference_fits = np.isfinite(pred - target).all()
    if difference_fits:  # ŷ − y beyond float64 is inf in the graph, and so its gradient
        assert_close(t.grad, np.reshape([2 * x / len(d) for x in d], pred.shape))


@given(scores_and_labels(specials=()) | scores_and_labels(elements=HUGE, specials=()))
@example((np.array([[1e308, -1e308]] + [[0.0, 0.0]] * 9), np.array([1] + [0] * 9)))
def test_autodiff_cross_entropy_is_the_exact_mean(case):
    Z, labels = case
    terms = [row_cross_entropy(row, k) for row, k in zip(Z, labels)]
    t = nnbook.Tensor(Z)
    C = autodiff.cross_entropy(t, labels)
    # A log of a probability, to RTOL of (1 + its size): see the softmax test.
    assert close(C.data, mean(terms), mean([abs(x) + 1 for x in terms]))
    _backward(C)
    N = len(labels)
    for n, (row, k) in enumerate(zip(Z, labels)):
        for j, pj in enumerate(slice_reference(list(row))[0]):
            ref = (pj - (j == k)) / N
            assert close(t.grad[n, j], ref, (pj + (j == k)) / N), (n, j, t.grad[n, j], ref)


@given(pairs(REALS, UNIT) | pairs(HUGE, UNIT))
@example((np.array([1.5e308, 1.5e308]), np.zeros(2)))  # the terms fit, their sum does not
def test_autodiff_binary_cross_entropy_is_the_exact_mean(case):
    z, y = case
    terms = [bce_with_logits(mp(a), mp(b)) for a, b in zip(z.ravel(), y.ravel())]
    t = nnbook.Tensor(z)
    C = autodiff.binary_cross_entropy(t, y)
    assert close(C.data, mean(terms), mean([abs(x) + 1 for x in terms]))
    _backward(C)
    n = z.size
    for got, a, b in zip(t.grad.ravel(), z.ravel(), y.ravel()):
        s = sigma(mp(a))
        assert close(got, (s - mp(b)) / n, (s + mp(b)) / n), (got, a, b)


@st.composite
def networks(draw):
    """A 784-like network in small: Dense, Tanh, Dense, with weights anywhere in float64."""
    a, b, c = (draw(st.integers(1, 4)) for _ in range(3))
    net = nnbook.Sequential(nnbook.Dense(a, b, rng=0), nnbook.Tanh(), nnbook.Dense(b, c, rng=0))
    for layer in (net[0], net[2]):
        layer.W[...] = draw(arrays(shape=layer.W.shape, specials=()))
    return net


@given(networks(), st.sampled_from([0.0, 5e-324, 1e-310, 1e-300, 1e-17, 0.01, 0.5, 1.0, 3.0])
       | st.floats(0, 10))
def test_the_l2_penalty_is_exact(net, lam):
    # Its sum of squares overflows past 1e154; λ/2 underflowed for λ = 5e-324 (the
    # penalty of Σ W² = 9 was 0).
    squares = M.fsum(mp(w) ** 2 for layer in (net[0], net[2]) for w in layer.W.ravel())
    assert close(nnbook.L2(net, lam).forward(), mp(lam) / 2 * squares)


def _mean_of_batches(got, Y, batch_size, exact):
    """``got`` is the exact mean where each batch's own cost (the mean of its squares) is
    a float64; where one exceeds every float64, that cost is inf, and so is the mean."""
    costs = [mean([mp(v) ** 2 for v in Y[i:i + batch_size].ravel()])
             for i in range(0, len(Y), batch_size)]
    if all(c < TOP * (1 - RTOL) for c in costs):
        return close(got, exact)
    return got == inf or not any(c > TOP * (1 + RTOL) for c in costs)  # else: a rounding


@given(arrays(min_dims=2, max_dims=2, specials=())
       | arrays(min_dims=2, max_dims=2, elements=HUGE | ROOT, specials=()), st.integers(1, 4))
@example(np.full((3, 2), 1e154), 1)  # each cost 1e308, their sum inf
def test_evaluate_and_fit_report_the_exact_mean_over_examples(Y, batch_size):
    # A model that answers 0 for every example: the cost is the mean of Y², whatever the
    # batches; evaluate's and fit's (whose steps at the smallest rate move nothing that
    # shows) add up each batch's cost times its size, a sum that may overflow.
    N, K = Y.shape
    exact = mean([mp(v) ** 2 for v in Y.ravel()])
    X = np.zeros((N, 1))
    net = nnbook.Sequential(nnbook.Dense(1, K, rng=0))
    net[0].W[...] = 0.0
    cost, _ = nnbook.evaluate(net, nnbook.MSE(), X, Y, batch_size=batch_size)
    assert _mean_of_batches(cost, Y, batch_size, exact), (cost, exact)
    if not np.all(np.abs(Y) < MAXF / 2 * K):  # a gradient 2(ŷ − y)/K beyond float64
        return  # (a step refuses it)
    history = nnbook.fit(net, X, Y, loss=nnbook.MSE(), optimizer=nnbook.SGD(net, lr=5e-324),
                         epochs=1, batch_size=1, rng=np.random.default_rng(0))
    assert _mean_of_batches(history.loss[0], Y, 1, exact), (history.loss[0], exact)


# --- a digit drawn with ink of any size -------------------------------------------------

INK = st.one_of(st.just(0.0), st.floats(0, 1e-307), st.floats(0, 2),
                st.sampled_from([5e-324, 1e-320, 2.2250738585072014e-308, 1.0, 1e300]))
FAINT = st.sampled_from([0.0, 5e-324, 1e-323, 2e-323])  # a box filter rounds it to 0


def _ink(faint):
    return hnp.arrays(np.float64, hnp.array_shapes(min_dims=2, max_dims=2, max_side=40),
                      elements=FAINT if faint else INK)


def _the_issue_s_ink():
    ink = np.zeros((40, 30))
    ink[0, 0] = ink[39, 29] = 5e-324
    return ink


@given(_ink(faint=False) | _ink(faint=True))
@example(_the_issue_s_ink())
def test_a_digit_of_any_ink_is_prepared(ink):
    # Subnormal ink that resampling rounds to 0 everywhere: its centre of mass was 0/0,
    # and the shift int(NaN) raised "cannot convert float NaN to integer".
    field = prepare_digit(ink)
    assert field.shape == (28, 28) and np.isfinite(field).all()
    # The box filter's weights are rounded: a pixel of ink 1 may come out 1 + 2e-15.
    assert field.min() >= 0 and field.max() <= 1 + 1e-12
    small = fit_box(np.minimum(ink, 1.0))
    if not small.any():  # no ink, or so faint that resampling rounds it to 0: zeros
        assert not field.any()
    if ink.max() >= 1e-300:  # ink that survives resampling shows
        assert field.any()
