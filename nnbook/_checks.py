"""Input checks that fail early with a message a reader can act on.

numpy would often fail later with a broadcast error that names neither the layer nor the
shape it wanted; these helpers say both.
"""

import numpy as np

_FLOAT64 = np.dtype(np.float64)


def as_float_array(x, name="x"):
    """Return ``x`` as a float64 array, or raise ``ValueError`` if it is not numeric."""
    if type(x) is np.ndarray and x.dtype is _FLOAT64:
        return x  # the common case in a training loop: nothing to check or convert
    array = np.asarray(x)
    if array.dtype == object or not (
        np.issubdtype(array.dtype, np.number) or array.dtype == bool
    ):
        raise ValueError(f"{name} must be an array of numbers, got dtype {array.dtype}")
    if np.iscomplexobj(array):
        raise ValueError(f"{name} must be real, got dtype {array.dtype}")
    return array.astype(np.float64, copy=False)


def check_ndim(x, ndim, name="x", layout=""):
    """Raise ``ValueError`` unless ``x`` has ``ndim`` dimensions."""
    if x.ndim != ndim:
        hint = f" {layout}" if layout else ""
        raise ValueError(
            f"{name} must have {ndim} dimensions{hint}, got shape {x.shape}"
        )


def check_shape(x, expected, name="x"):
    """Raise ``ValueError`` unless ``x.shape`` matches ``expected``.

    ``None`` in ``expected`` matches any size, e.g. ``(None, 3)`` for "N rows of 3".
    """
    ok = x.ndim == len(expected) and all(
        want is None or want == got for want, got in zip(expected, x.shape)
    )
    if not ok:
        shown = "(" + ", ".join("N" if d is None else str(d) for d in expected)
        shown += ",)" if len(expected) == 1 else ")"
        raise ValueError(f"{name} must have shape {shown}, got shape {x.shape}")


def check_examples(X, y, names=("X", "y")):
    """Return ``X`` and ``y`` as arrays, or raise ``ValueError`` unless both have one row
    per example (at least one)."""
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim == 0 or y.ndim == 0 or len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"{names[0]} and {names[1]} must have one row per example (at least one), got "
            f"shapes {X.shape} and {y.shape}"
        )
    return X, y


def check_positive_int(value, name):
    """Return ``value`` as an int: ``TypeError`` unless it is an integer (as numpy does for
    a size), ``ValueError`` unless it is >= 1."""
    return check_int(value, name, low=1)


def check_int(value, name, low):
    """Return ``value`` as an int: ``TypeError`` unless it is an integer (a bool is not),
    ``ValueError`` unless it is >= ``low`` (1: a positive integer, 0: a non-negative one)."""
    kind = {1: "a positive integer", 0: "a non-negative integer"}.get(low, f"an integer >= {low}")
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be {kind}, got {type(value).__name__} {value!r}")
    if value < low:
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return int(value)


def default_rng(rng):
    """Return ``rng`` if it is a Generator, a new one seeded by it if it is an int or None."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None or (isinstance(rng, (int, np.integer)) and not isinstance(rng, bool)):
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy.random.Generator, an int seed or None, got {type(rng).__name__}"
    )


def check_generator(rng, why=""):
    """Raise ``TypeError`` unless ``rng`` is a ``numpy.random.Generator``.

    Shuffling takes a Generator, not a seed: the caller keeps drawing from the same one,
    so two epochs (or a split and a shuffle) never reuse the same random numbers.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator{why} (e.g. numpy.random.default_rng(0)), "
            f"got {type(rng).__name__}"
        )
    return rng
