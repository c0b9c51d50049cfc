r"""Gradient descent on a plain function, and the mini-batches of stochastic descent.

[`gradient_descent`][nnbook.gradient_descent] records every point of the walk downhill,

$$x_{t+1} = x_t - \eta\, \nabla f(x_t),$$

so a figure can draw the path on a 1-D curve or a 2-D cost surface, including the paths
that diverge when the learning rate $\eta$ is too large. [`minibatches`][nnbook.minibatches] cuts a
data set into the random batches of one epoch of mini-batch descent.
"""

import numpy as np

from ._checks import (as_float_array, check_bool, check_callable, check_generator, check_int,
                      check_positive_int, check_real)


def gradient_descent(grad, x0, lr, steps):
    r"""Take ``steps`` steps of gradient descent from ``x0`` and return the whole path.

    Parameters
    ----------
    grad : callable
        ``grad(x)`` returns $\nabla f(x)$, the same shape as ``x`` (a number for a
        scalar ``x``). It receives a float64 copy of the current point.
    x0 : float or array_like
        The starting point: a number for a 1-D curve, a vector ``(2,)`` for a 2-D surface,
        any shape in general.
    lr : float
        The learning rate $\eta > 0$.
    steps : int
        How many steps to take (0 returns just the start).

    Returns
    -------
    numpy.ndarray
        The points $x_0, x_1, \dots$, shape ``(steps + 1, *x0.shape)`` (so
        ``(steps + 1,)`` for a scalar start).

    Notes
    -----
    If the learning rate is too large the points grow without bound; once a step gives a
    value that is not finite (overflow to ``inf``, or ``nan``) the walk stops and the path
    **so far** is returned, holding only finite points and so fewer than ``steps + 1`` rows.
    Floating-point warnings raised while computing that step are silenced, so a divergent
    run can be shown in the book without warnings: check ``len(path)`` to see it stopped.

    Examples
    --------
    On $f(x) = x^2$, $\nabla f = 2x$ and each step multiplies x by
    $1 - 2\eta$: 0.8 for $\eta = 0.1$ (converges), −1.2 for 1.1 (diverges).

    >>> gradient_descent(lambda x: 2 * x, 1.0, lr=0.1, steps=2)
    array([1.  , 0.8 , 0.64])
    """
    check_callable(grad, "grad", "a function of x returning the gradient")
    x = as_float_array(x0, "x0").copy()
    lr = check_real(lr, "lr", 0.0, low_inclusive=False)
    steps = check_int(steps, "steps", low=0)
    path = [x.copy()]
    for _ in range(steps):
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # NaN or inf here is the divergence the walk stops at, below.
            g = as_float_array(grad(x.copy()), "grad(x)", finite=None)
            if g.shape != x.shape:
                raise ValueError(
                    f"grad(x) must have the shape of x0 {x.shape}, got shape {g.shape}"
                )
            x = x - lr * g
        if not np.all(np.isfinite(x)):
            break  # diverged: keep only the finite points
        path.append(x.copy())
    return np.array(path)


def minibatches(n, batch_size, rng, *, shuffle=True):
    """Yield the index arrays of one epoch of mini-batches over ``n`` examples.

    Every index ``0 … n−1`` appears exactly once per epoch; all batches have
    ``batch_size`` indices except possibly the last, which holds the remainder.
    Call it once per epoch for a new order.

    Parameters
    ----------
    n : int
        Number of examples (rows of ``X``).
    batch_size : int
        Number of examples per batch; ``batch_size >= n`` gives one full batch (full-batch
        descent), ``1`` gives stochastic gradient descent.
    rng : numpy.random.Generator or None
        Shuffles the order when ``shuffle`` is true; ignored (may be None) otherwise. It must
        be a Generator, not a seed: a seed would give the same order every epoch.
    shuffle : bool
        Keyword only. False gives the batches in order ``0, 1, 2, …``.

    Returns
    -------
    iterator of numpy.ndarray
        Integer index arrays, e.g. ``for idx in minibatches(len(X), 32, rng): X[idx] …``.
    """
    n = check_positive_int(n, "n")
    batch_size = check_positive_int(batch_size, "batch_size")
    if check_bool(shuffle, "shuffle"):
        check_generator(rng, " when shuffle=True")
    order = rng.permutation(n) if shuffle else np.arange(n)
    # Checked above, before the first batch is asked for: a generator would raise late.
    return (order[start:start + batch_size] for start in range(0, n, batch_size))
