"""Argument checks, all in one place: they fail early with a message a reader can act on.

A wrong type raises ``TypeError`` (as numpy does), a wrong value or shape ``ValueError``;
each message names the argument, what was expected and what came. Without them numpy
would often fail later with a broadcast error that names neither the layer nor the shape
it wanted.

Non-finite numbers are a class of their own. NaN is never accepted: it is no number, and
one NaN turns every weight it reaches into NaN. Infinity is refused too, except by the
functions that have a limit there (an activation at ``±inf``, softmax and the losses on
logits), which pass ``finite=False`` and return that limit.

Inside ``fit`` the values are checked once, before the first step: the training data,
and then every step's result (see ``values_checked``).
"""

import contextlib
import contextvars
import math

import numpy as np

_FLOAT64 = np.dtype(np.float64)

# True inside fit's loop: the layers and the loss skip the scan of their arrays for NaN.
_VALUES_CHECKED = contextvars.ContextVar("values_checked", default=False)


@contextlib.contextmanager
def values_checked():
    """Run the block with the layers' scans for NaN and inf turned off, and numpy's
    floating-point warnings with them.

    ``fit`` uses it for its loop: it has checked every example and target before the first
    step, and each optimiser step checks what it would write. A NaN or inf that training
    makes (a run that diverges) reaches the gradients and is refused there, before it
    changes a parameter; scanning every layer's input and output of every batch as well
    made a small network's epoch about 1.4 times as long. Types and shapes are still
    checked. A warning would only repeat what the step's check says, so they are off for
    the whole block, and the functions inside skip their own ``np.errstate`` (see
    ``quiet``).
    """
    token = _VALUES_CHECKED.set(True)
    try:
        with np.errstate(all="ignore"):
            yield
    finally:
        _VALUES_CHECKED.reset(token)


_NOTHING = contextlib.nullcontext()


def quiet(**ignored):
    """``np.errstate(**ignored)`` for a computation whose overflow or underflow is handled
    (rescued, or the right answer), or nothing inside ``values_checked``, where every
    warning is off already. numpy's errstate costs about 2 µs, and a small network's step
    entered one five times: a tenth of the step."""
    return _NOTHING if _VALUES_CHECKED.get() else np.errstate(**ignored)


def describe(value):
    """How a message shows a value that came: its type, and the value itself when short."""
    if value is None:
        return "None"
    if isinstance(value, type):
        return f"the class {value.__name__}"
    shown = repr(value)
    if isinstance(value, np.ndarray):
        return f"array of dtype {value.dtype} and shape {value.shape}"
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{type(value).__name__} {shown}"


def first_non_finite(array, allow_inf=False):
    """Return ``(index, value)`` of the first NaN (or ±inf unless ``allow_inf``) of a float
    array, or None.

    It runs on every layer's input and every step, so the usual answer, "none", takes one
    pass of numpy's own loop (not a BLAS dot product, whose threads a busy core stalls).
    """
    finite = np.isfinite(array)
    if finite.all():
        return None
    bad = np.isnan(array) if allow_inf else ~finite
    if not bad.any():
        return None
    index = np.unravel_index(int(np.argmax(bad)), array.shape) if array.ndim else ()
    return tuple(int(i) for i in index), float(array[index])


def check_finite(array, name, allow_inf=False):
    """Raise ``ValueError`` naming ``name`` and the position if the float array ``array``
    holds NaN (or ±inf, unless ``allow_inf``)."""
    found = first_non_finite(array, allow_inf)
    if found is not None:
        index, value = found
        where = f" at index {index}" if index else ""
        kind = "numbers" if allow_inf else "finite numbers"
        raise ValueError(f"{name} must hold {kind}, got {value}{where}")
    return array


def _as_array(x, name):
    # np.asarray(x), its refusals said of ``name``.
    try:
        return np.asarray(x)
    except ValueError:  # numpy's "inhomogeneous shape": rows of different lengths
        raise ValueError(f"{name} must be an array of numbers with rows of equal length, "
                         f"got {describe(x)}") from None
    except TypeError:  # an object that refuses to be an array (a Tensor: its .data is one)
        raise TypeError(f"{name} must be an array of numbers, got {describe(x)}") from None


def as_float_array(x, name="x", *, finite=True):
    """Return ``x`` as a float64 array: ``TypeError`` unless it holds real numbers,
    ``ValueError`` if one is NaN, or ±inf when ``finite`` (the default). ``finite=None``
    checks no value: for a caller that handles NaN and inf itself."""
    if type(x) is np.ndarray and x.dtype is _FLOAT64:
        if finite is None or _VALUES_CHECKED.get():
            return x
        return check_finite(x, name, allow_inf=not finite)  # the common case: no copy
    array = _as_array(x, name)
    # Booleans, integers, floats and complex numbers (refused below, by name): not objects,
    # text, or numpy's durations and dates, which numpy counts among its integers.
    if array.dtype.kind not in "biufc":
        raise TypeError(f"{name} must be an array of numbers, got {describe(x)}")
    if np.iscomplexobj(array):
        raise TypeError(f"{name} must be real, got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    return array if finite is None else check_finite(array, name, allow_inf=not finite)


def check_ndim(x, ndim, name="x", layout=""):
    """Raise ``ValueError`` unless ``x`` has ``ndim`` dimensions."""
    if x.ndim != ndim:
        hint = f" {layout}" if layout else ""
        plural = "" if ndim == 1 else "s"
        raise ValueError(f"{name} must have {ndim} dimension{plural}{hint}, got shape {x.shape}")


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


def check_same_shape(a, b, names, finite=(True, True)):
    """Return ``a`` and ``b`` as float64 arrays of the same shape, with at least one value
    (``±inf`` allowed in each where ``finite`` says False, NaN never).

    numpy would broadcast ``(N, 1)`` against ``(N,)`` silently; this says so instead.
    """
    a = as_float_array(a, names[0], finite=finite[0])
    b = as_float_array(b, names[1], finite=finite[1])
    if a.shape != b.shape:
        raise ValueError(f"{names[0]} and {names[1]} must have the same shape, got "
                         f"{names[0]} shape {a.shape} and {names[1]} shape {b.shape}")
    if a.size == 0:
        raise ValueError(f"{names[0]} must hold at least one value, got shape {a.shape}")
    return a, b


def check_unit_interval(a, name):
    """Raise ``ValueError`` unless every value of ``a`` is in [0, 1] (NaN is not)."""
    if not np.all((a >= 0) & (a <= 1)):
        raise ValueError(f"{name} must hold values in [0, 1], got min {a.min()}, max {a.max()}")


def check_labels(labels, num_classes, name="labels"):
    """Return ``labels`` as an integer array: ``TypeError`` unless it holds integers,
    ``ValueError`` unless they are class indices in ``[0, num_classes)``."""
    given, labels = labels, np.asarray(labels)
    if labels.dtype.kind not in "iu":  # numpy's durations are integers to it: not labels
        got = f"dtype {labels.dtype}" if isinstance(given, np.ndarray) else describe(given)
        raise TypeError(f"{name} must be integers (class indices), got {got}")
    if _VALUES_CHECKED.get():  # in fit's loop: every label was checked before the first step
        return labels
    if labels.size and (labels.min() < 0 or labels.max() >= num_classes):
        raise ValueError(f"{name} must be class indices in [0, {num_classes}), got values "
                         f"from {labels.min()} to {labels.max()}")
    return labels


def check_scores_and_labels(Z, labels, name="Z", finite=True):
    """Return ``Z`` (N, K) as float64 and ``labels`` (N,) as class indices in ``[0, K)``:
    one score per class (logits, or probabilities) and one label per row. ``±inf`` in
    ``Z`` only if not ``finite`` (logits), NaN never."""
    Z = as_float_array(Z, name, finite=finite)
    check_ndim(Z, 2, name, "(N, K): rows are examples, one column per class")
    if Z.size == 0:
        raise ValueError(f"{name} must have at least one row and one column, got shape {Z.shape}")
    labels = check_labels(labels, Z.shape[1])
    check_shape(labels, (Z.shape[0],), "labels")
    return Z, labels


def check_callable(f, name, what="a function"):
    """Raise ``TypeError`` unless ``f`` can be called."""
    if not callable(f):
        raise TypeError(f"{name} must be {what}, got {describe(f)}")
    return f


def check_examples(X, y, names=("X", "y")):
    """Return ``X`` and ``y`` as arrays, or raise ``ValueError`` unless both have one row
    per example (at least one); ``TypeError`` for None, a single value, or objects that
    are not arrays of one type."""
    for value, name in zip((X, y), names):
        array = _as_array(value, name) if value is not None else None
        if array is None or array.dtype == object or array.ndim == 0:
            raise TypeError(f"{name} must be an array with one row per example, got "
                            f"{describe(value)}")
    X, y = np.asarray(X), np.asarray(y)
    if len(X) != len(y) or len(X) == 0:
        raise ValueError(
            f"{names[0]} and {names[1]} must have one row per example (at least one), got "
            f"shapes {X.shape} and {y.shape}"
        )
    return X, y


def _is_int(value):
    # numpy's timedelta64 is an integer type to numpy, but a duration, not a number.
    return (isinstance(value, (int, np.integer))
            and not isinstance(value, (bool, np.timedelta64)))


def check_int(value, name, low):
    """Return ``value`` as an int: ``TypeError`` unless it is an integer (a bool is not),
    ``ValueError`` unless it is >= ``low`` (1: a positive integer, 0: a non-negative one)."""
    kind = {1: "a positive integer", 0: "a non-negative integer"}.get(low, f"an integer >= {low}")
    if not _is_int(value):
        raise TypeError(f"{name} must be {kind}, got {describe(value)}")
    if value < low:
        raise ValueError(f"{name} must be {kind}, got {value!r}")
    return int(value)


def check_positive_int(value, name):
    """Return ``value`` as an int: ``TypeError`` unless it is an integer (as numpy does for
    a size), ``ValueError`` unless it is >= 1."""
    return check_int(value, name, low=1)


def check_pair(value, name, low):
    """Return ``value`` as ``(vertical, horizontal)`` ints >= ``low``; one int means both.

    A window's size, a stride or a padding: ``TypeError`` for anything but integers,
    ``ValueError`` for a pair of another length or a value below ``low``.
    """
    pair = tuple(value) if isinstance(value, (tuple, list)) else (value, value)
    kind = "positive" if low == 1 else "non-negative"
    message = f"{name} must be a {kind} integer or a pair of them, got {value!r}"
    if len(pair) != 2:
        raise ValueError(message)
    if not all(_is_int(v) for v in pair):
        raise TypeError(message)
    if min(pair) < low:
        raise ValueError(message)
    return int(pair[0]), int(pair[1])


def check_real(value, name, low, high=np.inf, *, low_inclusive=True):
    """Return ``value`` as a float: ``TypeError`` unless it is a real number (a bool is
    not), ``ValueError`` unless it is finite and in the range from ``low`` to ``high``
    (``high`` excluded; ``low`` too if not ``low_inclusive``)."""
    if not (_is_int(value) or isinstance(value, (float, np.floating))):
        raise TypeError(f"{name} must be a real number, got {describe(value)}")
    # Compared as the float it becomes: an int past float's range is infinite, and a long
    # double that rounds to inf or 0 is refused as what it would be.
    try:
        number = float(value)
    except OverflowError:
        number = math.inf if value > 0 else -math.inf
    above = number >= low if low_inclusive else number > low
    if not (math.isfinite(number) and above and number < high):
        left = "[" if low_inclusive else "("
        shown = f"in {left}{low}, {high})" if high < np.inf else \
            f"{'>=' if low_inclusive else '>'} {low}"
        raise ValueError(f"{name} must be a finite number {shown}, got {value!r}")
    return number


def check_bool(value, name):
    """Return ``value`` as a bool: ``TypeError`` unless it is True or False (a string,
    a number or a set would be read as true or false without a word)."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {describe(value)}")
    return bool(value)


def check_str(value, name, what="a string"):
    """Return ``value``: ``TypeError`` unless it is a ``str`` (an f-string would make one
    of anything, such as the names ``None0.W`` from a prefix None)."""
    if not isinstance(value, str):
        raise TypeError(f"{name} must be {what}, got {describe(value)}")
    return value


def check_one_number(x, what, hint=""):
    """Return the one entry of the array ``x`` as a Python number, for ``what`` (such as
    ``float() of a Tensor``): ``ValueError`` if it has none or several, as numpy's and
    PyTorch's conversions of an array say."""
    if x.size != 1:
        raise ValueError(f"{what} needs exactly one number, got shape {x.shape} "
                         f"({x.size} entries){hint}")
    return x.item()


def check_sized(x, what):
    """Return the array ``x``: ``TypeError`` if it has no dimension (a single number has
    no length and no entries to go through, as numpy and PyTorch say)."""
    if x.ndim == 0:
        raise TypeError(f"{what} needs at least one dimension, got shape (): a single number "
                        "has no length and no entries to go through")
    return x


def check_axis(axis, ndim, name="axis"):
    """Return ``axis``, an axis of an array of ``ndim`` dimensions, a tuple of them, or
    None (all): ``TypeError`` for anything else, ``ValueError`` for an axis the array does
    not have, one given twice, or none at all."""
    axes = axis if isinstance(axis, tuple) else (axis,)
    if axis is None:
        return None
    if not all(_is_int(a) for a in axes):
        raise TypeError(f"{name} must be an int, a tuple of ints or None, got {describe(axis)}")
    if not axes or any(not -ndim <= a < ndim for a in axes) or \
            len({a % ndim for a in axes}) != len(axes):
        raise ValueError(f"{name} must name axes of an array of {ndim} dimension"
                         f"{'' if ndim == 1 else 's'}, each once, got {axis!r}")
    return axis


def check_sequence(value, name, what="integers"):
    """Return ``value`` as a list: ``TypeError`` unless it is a sequence, in an order (a
    list, a tuple, a range, a 1-D array; a set or a dict has none that means anything)."""
    if not (isinstance(value, (list, tuple, range))
            or isinstance(value, np.ndarray) and value.ndim == 1):
        raise TypeError(f"{name} must be a sequence of {what} (a list or a tuple), got "
                        f"{describe(value)}")
    return list(value)


def check_step(eps, x, name="eps", x_name="x"):
    """Return ``eps`` as a float fit to move every entry of the float array ``x`` both
    ways: ``ValueError`` unless ``x + eps`` and ``x - eps`` are finite and differ from
    ``x`` (below half the spacing of floats near an entry, a step rounds to nothing, and a
    difference quotient to 0)."""
    eps = check_real(eps, name, 0.0, low_inclusive=False)
    if math.isinf(2 * eps):  # a difference quotient divides by 2 eps
        raise ValueError(f"{name} must be at most half the largest float, so that 2 {name} "
                         f"is finite, got {eps!r}")
    with np.errstate(over="ignore"):
        for moved in (x + eps, x - eps):
            still = (moved == x) | ~np.isfinite(moved)
            if still.any():
                index = np.unravel_index(int(np.argmax(still)), x.shape) if x.ndim else ()
                raise ValueError(
                    f"{name} must move every entry of {x_name}, got {eps!r}: "
                    f"{x_name}{list(index)} = "
                    f"{float(x[index])!r} moved by it is {float(moved[index])!r} (floats near "
                    f"it are {float(np.spacing(x[index])):.3g} apart)")
    return eps


def check_gradient(name, theta, g, owner):
    """Return ``g`` as an array fit to update the parameter ``theta`` of ``owner`` in place.

    ``TypeError`` unless ``theta`` is a float64 array and ``g`` holds real numbers;
    ``ValueError`` if ``g`` is missing (no ``backward`` yet) or of another shape, or if
    ``theta`` is read-only. (A NaN or inf in ``g`` shows in the step computed from it,
    which the optimiser checks before keeping it.)
    """
    if not (type(theta) is np.ndarray and type(g) is np.ndarray and theta.dtype is _FLOAT64
            and g.dtype is _FLOAT64 and g.shape == theta.shape):
        g = _gradient_of(name, theta, g, owner)
    if not theta.flags.writeable:
        raise ValueError(f"parameter {name!r} of {type(owner).__name__} is read-only: an "
                         "optimiser updates it in place (make it writeable, or a copy)")
    return g


def _gradient_of(name, theta, g, owner):
    # The unusual cases of check_gradient: another dtype or shape, or no gradient yet.
    if not (isinstance(theta, np.ndarray) and theta.dtype == np.float64):
        raise TypeError(f"parameter {name!r} must be a float64 numpy array (updated in "
                        f"place), got {describe(theta)}")
    if g is None:
        raise ValueError(f"no gradient for parameter {name!r} of {type(owner).__name__}: "
                         "call backward before step")
    return check_real_array(g, theta.shape, f"gradient of {name!r}")


def check_real_array(value, shape, name):
    """Return ``value`` as a float64 array of ``shape``: ``TypeError`` unless it holds real
    numbers, ``ValueError`` for another shape (a single number too: numpy would add it to
    every entry)."""
    array = as_float_array(value, name, finite=None)  # a NaN shows in the step: refused there
    if array.shape != shape:
        shown = f"{describe(value)} of shape ()" if array.ndim == 0 else f"shape {array.shape}"
        raise ValueError(f"{name} must have shape {shape}, got {shown}")
    return array


def check_rule(result, theta, count, name, optimizer):
    """Return ``(change, memories)``, what an optimiser's ``rule`` returned for the parameter
    ``theta`` named ``name``, as float64 arrays of its shape, ``count`` memories. A rule a
    reader writes may return anything: ``TypeError`` for what is not a pair of an array
    and a tuple of arrays of real numbers, ``ValueError`` for another shape or another
    number of memories. Checked for every parameter before any changes."""
    if type(result) is tuple and len(result) == 2:  # the usual case, found at little cost
        shape = theta.shape
        usual = [result[0], *result[1]] if type(result[1]) is tuple else ()
        if len(usual) == count + 1:
            for array in usual:
                if not (type(array) is np.ndarray and array.dtype is _FLOAT64
                        and array.shape == shape):
                    break
            else:
                return result
    rule = f"{type(optimizer).__name__}.rule"
    if not (isinstance(result, tuple) and len(result) == 2
            and isinstance(result[1], (tuple, list))):
        raise TypeError(f"{rule} must return a pair (change, memories), memories a tuple, "
                        f"got {describe(result)} for parameter {name!r}")
    delta, memory = result
    if len(memory) != count:
        raise ValueError(f"{rule} must return {count} memor{'y' if count == 1 else 'ies'} "
                         f"({type(optimizer).__name__}.memories), got {len(memory)} for "
                         f"parameter {name!r}")
    delta = check_real_array(delta, theta.shape, f"{rule}'s change of parameter {name!r}")
    return delta, tuple(check_real_array(m, theta.shape, f"{rule}'s memory {i} of parameter "
                                                          f"{name!r}")
                        for i, m in enumerate(memory))


def default_rng(rng):
    """Return ``rng`` if it is a Generator, a new one seeded by it if it is an int or None."""
    if isinstance(rng, np.random.Generator):
        return rng
    if rng is None:
        return np.random.default_rng()
    if _is_int(rng):
        if rng < 0:  # numpy's message names no argument
            raise ValueError(f"rng must be a non-negative int seed, got {rng}")
        return np.random.default_rng(rng)
    raise TypeError(
        f"rng must be a numpy.random.Generator, an int seed or None, got {describe(rng)}"
    )


def check_generator(rng, why=""):
    """Raise ``TypeError`` unless ``rng`` is a ``numpy.random.Generator``.

    Shuffling takes a Generator, not a seed: the caller keeps drawing from the same one,
    so two epochs (or a split and a shuffle) never reuse the same random numbers.
    """
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator{why} (e.g. numpy.random.default_rng(0)), "
            f"got {describe(rng)}"
        )
    return rng


def require_forward(owner, kept, call="forward(x)"):
    """Raise ``ValueError`` if ``kept``, what ``owner.forward`` keeps for its
    ``backward``, is None: ``backward`` was called before ``forward`` (``call``)."""
    if kept is None:
        raise ValueError(f"{type(owner).__name__}.backward called before forward: "
                         f"call {call} first")
