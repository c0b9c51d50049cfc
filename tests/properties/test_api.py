"""Bad input by class, over every entry of ``api.CALLS``: one argument spoilt at a time.

Each test draws an entry's valid call, spoils one argument with a value of its class and
checks the one thing that must hold for the whole class: a ``ValueError`` or
``TypeError`` whose message names the argument (and what came: ``None`` as None), and no
parameter, memory or step count changed by the call that raised. The results where ±inf
has a limit are checked against exact references in ``test_nonfinite_math.py``.

The last class is ``nnbook.Tensor`` used as a Python value: every special method that
numpy's arrays or PyTorch's tensors define, reached as Python reaches it (``api.TENSOR_VALUE``),
behaves as numpy's on the tensor's values or is refused by name.
"""

import copy
import inspect
import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

import nnbook
from nnbook.optim import Optimizer

from .api import (CALLS, COVERED_ELSEWHERE, MODULES, NOT_A_VALUE, TENSOR_VALUE, TORCH_ONLY,
                  BiasOnly)


def _public_names():
    names = set(nnbook.__all__)
    seen = {id(getattr(nnbook, name)) for name in nnbook.__all__}
    for prefix, module in MODULES.items():
        # A module's own public functions and classes, not those it imports from a
        # private module (_checks) or that nnbook's top level or a module before gives.
        found = {name: value for name, value in vars(module).items()
                 if not name.startswith("_") and callable(value) and id(value) not in seen
                 and getattr(value, "__module__", "").startswith("nnbook")
                 and "._" not in value.__module__}
        names |= {f"{prefix}.{name}" for name in found}
        seen |= {id(value) for value in found.values()}
    for name in nnbook.__all__:
        value = getattr(nnbook, name)
        if isinstance(value, type) and issubclass(value, nnbook.Layer) and value is not nnbook.Layer:
            names |= {f"{name}.forward", f"{name}.backward"} - {"Activation.forward",
                                                                  "Activation.backward"}
        if isinstance(value, type) and issubclass(value, Optimizer):
            names.add(f"{name}.step")
        if isinstance(value, type) and hasattr(value, "forward") and name.endswith(
                ("MSE", "Entropy")):
            names.add(f"{name}.forward")
    # A Tensor's methods, and its operators with a backward rule and an operand (the
    # others: test_a_tensor_as_a_python_value); a layer's names under a prefix.
    names |= {f"Tensor.{name}" for name, value in vars(nnbook.Tensor).items()
              if inspect.isfunction(value) and name not in ("__eq__", "__ne__")
              and (not name.startswith("_") or "other" in inspect.signature(value).parameters)}
    names |= {f"Sequential.{name}" for name, value in vars(nnbook.Layer).items()
              if inspect.isfunction(value) and "prefix" in inspect.signature(value).parameters}
    return names


def test_every_public_name_is_listed_once():
    listed = set(CALLS) | set(COVERED_ELSEWHERE)
    assert not set(CALLS) & set(COVERED_ELSEWHERE)
    # "SGD.step with momentum" is a second entry for SGD.step.
    missing = _public_names() - listed
    assert not missing, f"public names without an entry in tests/properties/api.py: {missing}"
    stale = {name.split(" ")[0] for name in listed} - _public_names()
    assert not stale, f"entries for names that are not public: {stale}"


@pytest.mark.parametrize("entry", sorted(CALLS))
def test_the_valid_call_runs(entry):
    call = CALLS[entry](np.random.default_rng(0))
    call.fn(**call.args)


def _kept(obj):
    # What an object holds in arrays (dicts of them too, copied), numbers and shapes;
    # the layers inside a layer are snapshot apart, so that two models compare.
    def frozen(value):
        if isinstance(value, np.ndarray):
            return value.copy()
        if isinstance(value, dict):
            return {k: frozen(v) for k, v in value.items()}
        return value
    plain = (np.ndarray, dict, int, float, str, tuple, type(None))
    return {name: frozen(value) for name, value in vars(obj).items()
            if isinstance(value, plain) and not (isinstance(value, tuple) and value
                                                   and isinstance(value[0], nnbook.Layer))}


def _snapshot(objects):
    # What a refused call must not change: every parameter, gradient and input a layer
    # kept from its last forward (a backward would use it), an optimiser's memory and
    # its step count, what a loss kept for its backward.
    seen = []
    for obj in objects:
        if isinstance(obj, nnbook.Layer):
            seen.append([_kept(layer) for _, layer in obj.named_layers()])
        elif isinstance(obj, Optimizer):
            seen.append((obj.t, copy.deepcopy(obj.state)))
        else:
            seen.append(_kept(obj))
    return seen


def _same(a, b):
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and np.array_equal(a, b, equal_nan=True)
    if isinstance(a, (list, tuple)):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return a == b


def _refused(call, args, name, errors):
    """Call with ``args``; return the error, checked to be one of ``errors`` naming
    ``name`` and what came (never numpy's "dtype object" for it, None as None), with the
    state of ``call.state`` unchanged; the result if the call returned (True for None)."""
    before = _snapshot(call.state)
    try:
        result = call.fn(**args)
    except errors as error:
        message = str(error)
        assert re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", message), (
            f"the message does not name {name!r}: {type(error).__name__}: {error}")
        if not isinstance(args[name], np.ndarray):  # what came, not numpy's dtype for it
            assert "NoneType" not in message and "dtype object" not in message, message
        if args[name] is None:
            assert re.search(r"\bNone\b", message), f"None is not named as None: {message}"
        assert _same(_snapshot(call.state), before), f"state changed by a refused call: {error}"
        return error
    return result if result is not None else True


def _entries(kind):
    rng = np.random.default_rng(0)
    return sorted(entry for entry, make in CALLS.items() if kind in make(rng).kinds.values())


def _spoil_array(data, array, value):
    array = np.array(array, dtype=np.float64)
    index = tuple(data.draw(st.integers(0, n - 1), label=f"index {i}")
                  for i, n in enumerate(array.shape))
    array[index] = value
    return array


@pytest.mark.parametrize("entry", _entries("array"))
@given(data=st.data())
def test_non_finite_numbers(entry, data):
    # Class 1: NaN is refused everywhere; ±inf too, unless the argument has a limit there.
    call = CALLS[entry](np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))))
    name = data.draw(st.sampled_from([n for n, k in call.kinds.items() if k == "array"]))
    value = data.draw(st.sampled_from([np.nan, np.inf, -np.inf]))
    args = dict(call.args, **{name: _spoil_array(data, call.args[name], value)})
    outcome = _refused(call, args, name, ValueError)
    if np.isnan(value) or name not in call.inf:
        assert isinstance(outcome, ValueError), f"{entry} took {value} in {name}"
    elif not isinstance(outcome, ValueError):
        result = np.asarray(outcome, dtype=np.float64)
        assert not np.isnan(result).any(), f"{entry} gave NaN for {value} in {name}"


WRONG_TYPES = {
    # A function of the right value: the same shape, another type.
    # numpy's durations are integers to numpy: Dense took them as data, and the losses
    # indexed with them as labels (an IndexError).
    "array": [None, "abc", object(), {"a": 1}, [1.0, "x"], b"\x00",
              lambda v: np.asarray(v) + 1j, lambda v: np.asarray(v).astype(str),
              lambda v: np.asarray(v).astype("m8[s]")],
    "labels": [None, "abc", object(), lambda v: np.asarray(v) + 0j,
               lambda v: np.asarray(v).astype(str),
               lambda v: np.asarray(v).astype("m8[s]")],  # floats: test_bad_labels
    # numpy's timedelta64 is an integer to numpy: SGD passed lr=np.timedelta64(1) on.
    "int": [None, "3", 2.5, 2.0, True, [3], 3 + 0j, np.float64(2.0), np.timedelta64(3, "s"),
            object()],
    "threads": ["3", 2.5, 2.0, True, [3], np.float64(2.0), object()],
    "pair": [None, "3", 2.5, True, (2, 2.5), ("1", 1), 3 + 0j, object()],
    "real": [None, "0.1", True, [0.1], 1j, np.array([0.1]), np.timedelta64(1, "s"), object()],
    "positive": [None, "0.1", True, [0.1], 1j, np.array([0.1]), np.timedelta64(1, "s"), object()],
    "step": [None, "1e-6", True, [1e-6], 1j, np.array([1e-6]), np.timedelta64(1, "s"), object()],
    # Read as true or false without a word, before these were checked.
    "bool": ["yes", "", 1, 0, 1.0, np.nan, None, {1}, [True], np.array([True])],
    "axis": ["0", 1.0, True, [0], np.nan, np.float64(0.0), object()],
    # A set or a dict has no order: mlp({784, 10}, ...) built Dense(10, 784).
    "sizes": [{3, 4, 2}, {3: 0, 4: 0, 2: 0}, "342", 342, None, iter([3, 4, 2])],
    # Dense or the base Activation: made with no arguments, or (with two sizes) never.
    "layer class": [lambda v: nnbook.ReLU(), "ReLU", 3, None, lambda v: np.tanh, nnbook.Dense,
                    nnbook.Activation],
    "generator": [None, "0", 0.5, 3, object()],
    "seed": ["0", 0.5, object(), [1, 2]],
    "layer": [None, "Dense", nnbook.Dense, 3, object()],
    "model": [None, "Dense", nnbook.Dense, 3, {"W": 1}, object()],
    "weights": [None, "Dense", nnbook.Dense, 3, [nnbook.Dense(2, 2)], object()],
    "loss": [None, "CrossEntropy", nnbook.CrossEntropy, 3, object()],
    # fit(optimizer=None) ran a forward and a backward, then failed in its loop.
    "optimizer": [None, "SGD", nnbook.SGD, 3, object()],
    # A prefix of names: None and 3 made "None0.W" and "30.W".
    "str": [None, 3, 0, b"net.", ["net."], object()],
    "callable": [None, 3, "f"],
}


@pytest.mark.parametrize("entry", sorted(set().union(*(_entries(k) for k in WRONG_TYPES))))
@given(data=st.data())
def test_wrong_types(entry, data):
    # Class 5: a value of the wrong type is a TypeError naming the argument.
    call = CALLS[entry](np.random.default_rng(0))
    name = data.draw(st.sampled_from([n for n, k in call.kinds.items() if k in WRONG_TYPES]))
    wrong = WRONG_TYPES[call.kinds[name]]
    if _default(call.fn, name) is None:  # None is the default: a right value
        wrong = [value for value in wrong if value is not None]
    value = data.draw(st.sampled_from(wrong))
    value = value(call.args[name]) if callable(value) and not isinstance(value, type) else value
    outcome = _refused(call, dict(call.args, **{name: value}), name, TypeError)
    assert isinstance(outcome, TypeError), f"{entry} took {name}={value!r}"


BAD_VALUES = {
    # A value of the right type that no call can use: not finite, out of range, a step that
    # rounds to nothing, an axis the array does not have (the entries' z is 2-D).
    # An int past float's range (an OverflowError, unnamed, before), a long double that
    # is infinite or 0 as a float.
    "real": [np.nan, np.inf, -np.inf, 10**400, -10**400, np.longdouble("1e4000")],
    "positive": [np.nan, np.inf, -np.inf, 0.0, -1.0, -1e-300, 10**400,
                 np.longdouble("1e-4000")],
    "step": [np.nan, np.inf, -np.inf, 0.0, -1.0, 1e-300, 10**400, np.longdouble("1e-4000")],
    "axis": [2, -3, 10**6, (), (0, 0), (1, -1)],
    "seed": [-1, -2**40],  # numpy's message named no argument
    "threads": [0, -1],
    # A model with nothing to train, or (L2) no weight named W: a step, or a penalty of 0,
    # that does nothing at every step, without a word.
    "model": [nnbook.ReLU(), nnbook.Sequential(nnbook.Tanh(), nnbook.ReLU()), nnbook.Flatten(),
              nnbook.MaxPool2D(2), []],
    "weights": [nnbook.ReLU(), nnbook.Sequential(nnbook.Tanh(), nnbook.ReLU()), nnbook.Flatten(),
                nnbook.MaxPool2D(2), BiasOnly(), nnbook.Sequential(BiasOnly(), nnbook.Tanh())],
}


@pytest.mark.parametrize("entry", sorted(set().union(*(_entries(k) for k in BAD_VALUES))))
@given(data=st.data())
def test_bad_values(entry, data):
    # Class 6: a number or an axis of the right type and a wrong value is a ValueError
    # naming the argument (relative_error with tiny = inf returned 0, numerical_gradient
    # with eps = 1e-300 returned zeros, softmax with axis=() ones).
    call = CALLS[entry](np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))))
    name = data.draw(st.sampled_from([n for n, k in call.kinds.items() if k in BAD_VALUES]))
    value = data.draw(st.sampled_from(BAD_VALUES[call.kinds[name]]))
    outcome = _refused(call, dict(call.args, **{name: value}), name, ValueError)
    assert isinstance(outcome, ValueError), f"{entry} took {name}={value!r}"


def _default(fn, name):
    try:
        parameter = inspect.signature(fn).parameters.get(name)
    except (TypeError, ValueError):
        return inspect.Parameter.empty
    return parameter.default if parameter is not None else inspect.Parameter.empty


def _bad_labels(data, labels, k):
    n = len(labels)
    kind = data.draw(st.sampled_from(["float", "fraction", "range", "column", "text", "nan"]))
    labels = np.array(labels)
    i = data.draw(st.integers(0, n - 1))
    if kind == "float":
        return labels.astype(float), TypeError  # 2.0 is not a class index, even if whole
    if kind == "fraction":
        labels = labels.astype(float)
        labels[i] = data.draw(st.floats(0.01, k - 1.01))
        return labels, TypeError
    if kind == "range":
        labels[i] = data.draw(st.one_of(st.integers(k, 10**6), st.integers(-10**6, -1)))
        return labels, ValueError
    if kind == "column":
        return labels[:, None], ValueError
    if kind == "text":
        return labels.astype(str), TypeError
    labels = labels.astype(float)
    labels[i] = np.nan
    return labels, (TypeError, ValueError)


@pytest.mark.parametrize("entry", _entries("labels"))
@given(data=st.data())
def test_bad_labels(entry, data):
    # Class 2: labels are integers in [0, K), one per row; anything else is refused.
    call = CALLS[entry](np.random.default_rng(data.draw(st.integers(0, 2**32 - 1))))
    name = next(n for n, k in call.kinds.items() if k == "labels")
    labels, errors = _bad_labels(data, call.args[name], call.labels_of[name])
    outcome = _refused(call, dict(call.args, **{name: labels}), name, (TypeError, ValueError))
    assert isinstance(outcome, errors), f"{entry} took {name}={labels!r}: {outcome!r}"


def test_the_entries_call_what_they_name():
    # The kinds name real parameters: a typo would make the tests above spoil nothing.
    for entry, make in CALLS.items():
        call = make(np.random.default_rng(0))
        try:
            parameters = inspect.signature(call.fn).parameters
        except (TypeError, ValueError):
            continue
        if any(p.kind is p.VAR_KEYWORD for p in parameters.values()):
            continue
        assert set(call.args) <= set(parameters), entry
        assert set(call.kinds) == set(call.args), entry


# --- nnbook.Tensor as a Python value ----------------------------------------------------

def _special_methods():
    """The special methods numpy's arrays define (their own, not object's), and PyTorch's
    tensors (read from torch where it is installed, else api.TORCH_ONLY)."""
    def own(cls):
        return {name for name in dir(cls) if name.startswith("__") and name.endswith("__")
                and getattr(cls, name) is not getattr(object, name, None)}
    names = own(np.ndarray) | TORCH_ONLY
    try:
        import torch
    except ImportError:
        return names
    return names | own(torch.Tensor)


def test_every_special_method_of_numpy_and_pytorch_is_listed():
    listed = set(TENSOR_VALUE) | set().union(*NOT_A_VALUE.values())
    missing = _special_methods() - listed
    assert not missing, f"special methods without an entry in api.TENSOR_VALUE: {missing}"


@st.composite
def _tensors(draw):
    """A Tensor of a random shape (no dimension, no entries, one entry among them), of
    modest values: a leaf, or made by an operation."""
    shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
    values = draw(hnp.arrays(np.float64, shape, elements=st.floats(-100, 100, width=32)))
    t = nnbook.Tensor(values)
    return t * 1.0 if draw(st.booleans()) else t


@st.composite
def _operands(draw, t):
    """What an operator may meet beside a tensor: numbers, arrays of shapes that broadcast
    or multiply with its own (or not), tensors, itself, and things that are no numbers."""
    kind = draw(st.sampled_from(["number", "array", "tensor", "itself", "other"]))
    if kind == "number":
        return draw(st.sampled_from([0, 2, -1.5, 0.25, True, np.float64(3.0)]))
    if kind == "itself":
        return t
    if kind == "other":
        return draw(st.sampled_from([None, "abc", [1.0, "x"], object(), 1j]))
    shapes = [t.shape, t.shape[1:], t.shape[-1:] + (2,), t.shape[::-1], (1,) + t.shape]
    shape = draw(st.sampled_from(shapes) | hnp.array_shapes(min_dims=0, max_dims=3,
                                                             min_side=0, max_side=3))
    values = draw(hnp.arrays(np.float64, shape, elements=st.floats(-100, 100, width=32)))
    return nnbook.Tensor(values) if kind == "tensor" else values


def _values(x):
    # What numpy gets for x: a tensor's values, numbers and arrays as they are.
    return x.data.copy() if isinstance(x, nnbook.Tensor) else x


def _plain(x):
    # An answer as numpy would give it: a tensor's values; a list, of each.
    if isinstance(x, nnbook.Tensor):
        return x.data
    return [_plain(v) for v in x] if isinstance(x, list) else x


def _outcome(run, *args):
    try:
        return "answer", run(*args)
    except Exception as error:  # noqa: BLE001 -- what numpy raises is the reference
        return "raised", error


def _kept_tensor(t):
    return t.data.copy(), t.grad, t._parents, t._op


def _reference(name, run, t, operand):
    """What a Tensor must give: numpy's answer on its values, except where a tensor is a
    node of a graph (==, hash: identity between tensors) and where PyTorch's rule is the
    one followed (float(), int(), complex() of one entry, whatever its shape)."""
    values = t.data.copy()
    if name in ("__eq__", "__ne__", "__hash__"):
        if name == "__hash__":
            return "answer", object.__hash__(t)
        if not isinstance(operand, nnbook.Tensor):
            return "refused", None
        return "answer", (operand is t) == (name == "__eq__")
    if name in ("__float__", "__int__", "__complex__"):
        return ("answer", run(values.item())) if values.size == 1 else ("refused", None)
    if name in ("__copy__", "__deepcopy__", "__reduce__", "__reduce_ex__", "__setstate__"):
        return ("refused", None) if t._parents else ("answer", values)
    args = () if operand is None and TENSOR_VALUE[name][0] == "unary" else (_values(operand),)
    return _outcome(run, values, *args)


@pytest.mark.parametrize("name", sorted(TENSOR_VALUE))
@given(data=st.data())
def test_a_tensor_as_a_python_value(name, data):
    # Class 7: bool() of a zero tensor was True and a 0-d tensor iterated as an empty
    # list; t == 1 was False, t += 1 made a new tensor and left t's values, copy.copy of
    # a tensor made by an operation gave one whose backward ran the original's rule.
    # Each special method either answers as numpy does on the values, or is refused with
    # a TypeError or ValueError naming it (or the argument, "other"), or raises what
    # numpy raises; no tensor changes.
    kind, run, words = TENSOR_VALUE[name]
    t = data.draw(_tensors(), label="t")
    operand = data.draw(_operands(t), label="operand") if kind == "binary" else None
    tensors = [x for x in (t, operand) if isinstance(x, nnbook.Tensor)]
    before = [_kept_tensor(x) for x in tensors]
    expected = _reference(name, run, t, operand)
    got = _outcome(run, t, operand) if kind == "binary" else _outcome(run, t)
    assert all(_same(list(_kept_tensor(x)), list(b)) for x, b in zip(tensors, before))
    if got[0] == "raised":
        error = got[1]
        named = isinstance(error, (TypeError, ValueError)) and (
            words in str(error) or re.search(r"\bother\b", str(error)))
        same = expected[0] == "raised" and type(expected[1]) is type(error)
        assert named or same, (
            f"{name}: {type(error).__name__}: {error}; numpy gives {expected}")
        return
    assert expected[0] == "answer", f"{name} answered {got[1]!r}, numpy gives {expected}"
    answer, reference = _plain(got[1]), _plain(expected[1])
    if isinstance(reference, (np.ndarray, list)):
        assert isinstance(answer, (np.ndarray, list)), (name, answer)
        for a, r in zip([answer] if isinstance(answer, np.ndarray) else answer,
                        [reference] if isinstance(reference, np.ndarray) else reference):
            assert np.shape(a) == np.shape(r) and np.array_equal(a, r, equal_nan=True), name
        assert len(np.atleast_1d(answer)) == len(np.atleast_1d(reference))
        if name in ("__copy__", "__deepcopy__", "__reduce__") and t.data.size:
            assert not np.shares_memory(got[1].data, t.data), f"{name}: a copy shares its values"
    else:  # a number, a bool or a str: of finite values, never NaN
        assert answer == reference, (name, answer, reference)
