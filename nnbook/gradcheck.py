r"""Checking gradients against finite differences.

Backpropagation is easy to get subtly wrong; a numerical estimate of the same gradient is
slow but hard to get wrong. We use central differences,

$$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h},$$

whose error shrinks like $h^2$ (forward differences only like $h$), and compare
with the relative error $|a - n| / \max(|a| + |n|, \text{tiny})$ (CS231n practice):
about 1e-7 or less means the analytic gradient is right in float64.
"""

import math

import numpy as np

from ._checks import (as_float_array, check_callable, check_finite, check_real,
                      check_step, default_rng, describe, quiet)
from .layer import Layer


def numerical_gradient(f, x, eps=1e-6):
    r"""Estimate the gradient of a scalar function ``f`` at ``x`` by central differences.

    Each entry $x_i$ in turn is moved by $\pm h$ (``eps``) and ``f`` evaluated twice:

    $$\frac{\partial f}{\partial x_i} \approx \frac{f(x + h e_i) - f(x - h e_i)}{2h}$$

    The error shrinks like $h^2$; the cost is $2 \times$ ``x.size`` calls of ``f``.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a number. It may read ``x`` (which is changed in place, one entry
        at a time, and restored), so it can be a closure over a layer's parameter array.
    x : numpy.ndarray
        A float64 array of any shape that flattens without a copy (C-contiguous, or a view
        with even steps: it is perturbed in place through a flat view of it); modified
        during the call and restored exactly. ``TypeError`` for another type or dtype;
        ``ValueError`` for an array that cannot be flattened without a copy (a
        transposed view, most column slices, a Fortran-ordered array), a read-only one,
        or one holding NaN or ±inf.
    eps : float
        The step ``h``. 1e-6 balances truncation error (∝ h²) against rounding error
        (∝ 1e-16 / h) in float64. It must move every entry: ``ValueError`` where
        ``x ± eps`` rounds to ``x`` (an estimate of 0) or is not finite.

    Returns
    -------
    numpy.ndarray
        The estimated gradient, same shape as ``x``.
    """
    check_callable(f, "f", "a function of x returning a number")
    if not isinstance(x, np.ndarray) or x.dtype != np.float64:
        raise TypeError(
            "numerical_gradient needs a float64 numpy array x (it perturbs x in place), "
            f"got {describe(x)}"
        )
    check_finite(x, "x")
    if not x.flags.writeable:
        raise ValueError("numerical_gradient needs a writeable array x (it moves each entry "
                         "in place and puts it back), got a read-only one")
    eps = check_step(eps, x)
    grad = np.zeros_like(x)
    flat_x, flat_grad = x.reshape(-1), grad.reshape(-1)
    if x.size and not np.shares_memory(flat_x, x):  # an empty x has no memory to share
        raise ValueError("numerical_gradient needs a contiguous array x, got a strided view")
    for i in range(flat_x.size):
        old = flat_x[i]
        try:
            flat_x[i] = old + eps
            f_plus = _number(f(x))
            flat_x[i] = old - eps
            f_minus = _number(f(x))
        finally:  # x is often a layer's weights: never leave them perturbed
            flat_x[i] = old
        if not (math.isfinite(f_plus) and math.isfinite(f_minus)):
            raise ValueError(f"f must return a finite number near x, got f = {f_plus} and "
                             f"{f_minus} with entry {i} of x moved by ±{eps}")
        flat_grad[i] = _central_difference(f_plus, f_minus, eps)
    return grad


def _number(value):
    # f's value as a float: text or a truth would be read as a number without a word.
    if isinstance(value, np.ndarray) and value.ndim > 0:
        raise ValueError(f"f must return a single number, got an array of shape {value.shape}")
    if not isinstance(value, (str, bytes, bool, np.bool_)):
        try:
            return float(value)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"f must return a number, got {describe(value)}")


def _central_difference(f_plus, f_minus, eps):
    # (f₊ − f₋) / 2h; where f₊ − f₋ overflows (two values near the largest float, of
    # opposite signs), the same quotient of halves, which does not.
    quotient = (f_plus - f_minus) / (2 * eps)
    if math.isinf(quotient):
        quotient = (f_plus / 2 - f_minus / 2) / eps
    return quotient


def relative_error(analytic, numeric, tiny=1e-12):
    r"""Return the largest relative error between two gradients, a float.

    $$\max_i \frac{|a_i - n_i|}{\max(|a_i| + |n_i|, \text{tiny})}$$

    ``analytic`` ($a$) and ``numeric`` ($n$) have the same shape (any). Dividing by the
    sizes makes the test independent of the gradient's scale; ``tiny`` avoids $0/0$
    where both are zero: a positive number well below the gradients' sizes.
    """
    tiny = check_real(tiny, "tiny", 0.0, low_inclusive=False)
    a = as_float_array(analytic, "analytic")
    n = as_float_array(numeric, "numeric")
    if a.shape != n.shape:
        raise ValueError(
            f"analytic and numeric gradients must have the same shape, got {a.shape} and {n.shape}"
        )
    if a.size == 0:
        return 0.0
    return float(np.max(_ratio(a, n, tiny)))


def _ratio(a, n, tiny):
    # |a − n| / max(|a| + |n|, tiny), each entry; where a difference or a sum overflows
    # (entries near the largest float), the same ratio of their halves, which does not.
    with quiet(over="ignore", invalid="ignore"):
        ratio = np.abs(a - n) / np.maximum(np.abs(a) + np.abs(n), tiny)
    big = ~np.isfinite(ratio)
    if big.any():
        half_a, half_n = a[big] / 2, n[big] / 2
        ratio[big] = np.abs(half_a - half_n) / np.maximum(np.abs(half_a) + np.abs(half_n),
                                                          tiny / 2)
    return ratio


def gradient_check(f, x, analytic, eps=1e-6):
    r"""Return the relative error between ``analytic`` and the numerical gradient of ``f``.

    Computes ``numerical_gradient(f, x, eps)`` and returns its
    [`relative_error`][nnbook.relative_error] to ``analytic``.

    Parameters
    ----------
    f : callable
        ``f(x)`` returns a number, as in [`numerical_gradient`][nnbook.numerical_gradient].
    x : numpy.ndarray
        The point: a C-contiguous float64 array of any shape, perturbed in place and
        restored (as in [`numerical_gradient`][nnbook.numerical_gradient]).
    analytic : numpy.ndarray
        The gradient to check, same shape as ``x``.
    eps : float
        The step $h$ of the central differences.

    Returns
    -------
    float
        $\max_i |a_i - n_i| / \max(|a_i| + |n_i|, \text{tiny})$; ≤ 1e-7 is a pass for
        smooth functions in float64, ≤ 1e-5 where a kink (ReLU at 0) may be crossed.
    """
    return relative_error(analytic, numerical_gradient(f, x, eps))


def check_layer(layer, x, rng=None, eps=1e-6):
    r"""Gradient-check a layer's ``backward`` for its input and every parameter.

    Uses the cost $C = \sum_i y_i G_i$, where $y$ is ``layer(x)`` and $G$ a fixed random
    array of the output's shape: its gradient with respect to the output is $G$ itself, so
    ``backward(G)`` must return $\partial C/\partial x$ and fill ``grads`` with
    $\partial C/\partial \theta$ for each parameter $\theta$; both are compared with
    [`numerical_gradient`][nnbook.numerical_gradient]. Every output entry gets a different
    weight, so a wrong index anywhere shows. The weights are kept away from zero (random
    sign times a size in [0.5, 1.5]): a weight near zero would make a true gradient entry
    tiny, where the rounding noise of finite differences dominates the relative error.

    Parameters
    ----------
    layer : Layer
        The layer to check, e.g. ``Dense(4, 3)``; its parameters are perturbed and restored.
    x : array_like
        An input the layer accepts, e.g. shape ``(N, in_features)``; a few examples suffice.
    rng : numpy.random.Generator or int, optional
        Draws $G$ (an int is a seed); ``default_rng(0)`` if None.
    eps : float
        The step $h$ of the central differences.

    Returns
    -------
    dict[str, float]
        Relative error for ``"x"`` and for each parameter name.
    """
    if not isinstance(layer, Layer):
        raise TypeError(f"layer must be a Layer such as Dense(4, 3), got {describe(layer)}")
    rng = default_rng(0 if rng is None else rng)
    x = as_float_array(x, "x").copy()
    for name, array in [("x", x), *layer.params.items()]:  # before a forward: fails whole
        check_step(eps, array, x_name=name)
    shape = layer.forward(x).shape
    G = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.5, 1.5, size=shape)

    def cost(_):
        return float(np.sum(layer.forward(x) * G))

    layer.forward(x)
    dx = layer.backward(G)
    analytic = {"x": dx, **{name: g.copy() for name, g in layer.grads.items()}}
    errors = {"x": gradient_check(cost, x, analytic["x"], eps)}
    for name, param in layer.params.items():
        errors[name] = gradient_check(cost, param, analytic[name], eps)
    return errors
