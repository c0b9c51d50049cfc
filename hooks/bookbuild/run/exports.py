"""Values a page's blocks hand to its widgets: ``<!-- export NAME ... -->``.

A comment right after a ```python fence names variables of the chain's namespace::

    <!-- export digit_net test_digits -->

After that fence runs, each value is written as JSON (:func:`to_json`) and published next
to the page: ``learning/digits.md`` gives ``learning/digits/digit_net.json``, which a widget
of the page fetches from the same site. The values are the ones the page computed in that
build (a trained network's weights, say), so they are never committed. JSON's numbers are
doubles written with the shortest digits that read back exactly, so a widget computes with
the very same weights.
"""

import json
import numbers

import numpy as np


def to_jsonable(value, name="value"):
    """``value`` as plain JSON types. Arrays become nested lists (integers stay integers);
    a layer becomes ``{"type": class name, "params": {...}}`` and a network with ``layers``
    ``{"type": class name, "layers": [...]}``; dicts, lists and tuples recurse.

    Raises ``TypeError`` naming the value's type when it is none of these.
    """
    if isinstance(value, np.ndarray):
        if not (np.issubdtype(value.dtype, np.number) or value.dtype == bool):
            raise TypeError(f"cannot export {name}: an array of dtype {value.dtype}")
        if not np.all(np.isfinite(value)):
            raise ValueError(f"cannot export {name}: it holds NaN or infinity")
        return value.tolist()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return to_jsonable(np.asarray(float(value)), name)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, f"{name}[{k!r}]") for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v, f"{name}[{i}]") for i, v in enumerate(value)]
    if isinstance(getattr(value, "layers", None), (list, tuple)):  # a Sequential
        return {"type": type(value).__name__,
                "layers": [to_jsonable(layer, f"{name}.layers[{i}]")
                           for i, layer in enumerate(value.layers)]}
    if isinstance(getattr(value, "params", None), dict):
        return {"type": type(value).__name__,
                "params": to_jsonable(dict(value.params), f"{name}.params")}
    raise TypeError(
        f"cannot export {name}: expected an array, a number, a string, a dict or list of "
        f"them, a layer or a network, got {type(value).__name__}")


def to_json(value, name="value"):
    """The JSON text of ``value`` (see :func:`to_jsonable`), compact."""
    return json.dumps(to_jsonable(value, name), separators=(",", ":"), allow_nan=False)
