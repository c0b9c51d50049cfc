r"""Automatic differentiation: a ``Tensor`` that remembers how it was made.

Every operation on tensors returns a new ``Tensor`` that keeps its inputs (its
*parents*) and a small function, ``_backward``, which knows the operation's local
derivative. Writing $\bar{v} = \partial C/\partial v$ for the gradient of the cost with
respect to a tensor $v$ (its ``grad``), an operation $y = f(x_1, x_2)$ adds
$\bar{y}\,\partial y/\partial x_i$ to each $\bar{x}_i$: the chain rule, one link.

``backward()`` on the cost puts the tensors of the graph in topological order (every
tensor before the tensors made from it), sets $\bar{C} = 1$ and calls ``_backward`` in
the reverse order, so that each $\bar{v}$ is complete (every use of $v$ has added its
share) before it is passed on. One pass gives the gradient of every tensor: this is
backpropagation done by the machine, *reverse-mode* automatic differentiation.

Each backward rule sits beside its operation, as in Karpathy's micrograd, written with
numpy arrays instead of single numbers. The rules are those of the book's layers:
$\bar{A} = \bar{Y} B^\top$ and $\bar{B} = A^\top \bar{Y}$ for $Y = AB$ (the dense
layer's), a sum for a broadcast addition (the bias's), $\bar{z} = \bar{a}\,a(1 - a)$ for
the sigmoid. float64 throughout, as everywhere in nnbook.
"""

import functools
import inspect
import math

import numpy as np

from . import functional as F
from . import losses
from ._checks import (as_float_array, check_axis, check_labels, check_ndim, check_one_number,
                      check_shape, check_sized, describe, quiet)
from .losses import _rescued_mean


def _unbroadcast(grad, shape):
    # The adjoint of numpy's broadcasting: an input that was repeated (a bias added to
    # every row) collects the gradients of all its copies, summed down to its own shape.
    while grad.ndim > len(shape):
        grad = grad.sum(axis=0)
    for axis, n in enumerate(shape):
        if n == 1 and grad.shape[axis] != 1:
            grad = grad.sum(axis=axis, keepdims=True)
    return grad


def topological_order(root):
    """Return the tensors ``root`` was made from, ``root`` last, each after its parents.

    A depth-first walk of the graph: a tensor is listed once all of its parents are.
    ``backward`` runs through the list backwards; a drawing of the graph can use it too.
    """
    if not isinstance(root, Tensor):
        raise TypeError(f"topological_order needs a Tensor, got {describe(root)}")
    # The walk keeps its own stack of what is left to do, not Python's: a loop of a few
    # thousand operations makes a graph deeper than Python's recursion limit.
    order, seen, todo = [], set(), [(root, False)]
    while todo:
        v, parents_listed = todo.pop()
        if parents_listed:
            order.append(v)
        elif id(v) not in seen:
            seen.add(id(v))
            todo.append((v, True))  # listed after its parents, which go on top
            todo.extend((parent, False) for parent in reversed(v._parents))
    return order


def _as_tensor(value, name):
    # A constant (an array of data, a number) becomes a leaf of the graph.
    return value if isinstance(value, Tensor) else Tensor(as_float_array(value, name))


class Tensor:
    r"""A float64 array that records the operations made with it, for ``backward``.

    Parameters
    ----------
    data : array_like
        The values: real numbers, any shape (NaN and ``±inf`` are refused). A float64
        array is kept as it is, not copied, so a tensor made from a layer's ``W`` sees
        the optimiser's steps.

    Attributes
    ----------
    data : numpy.ndarray
        The values.
    grad : numpy.ndarray or None
        $\partial C/\partial\,\mathrm{data}$ after ``C.backward()``, the shape of
        ``data``; None before.

    Notes
    -----
    As a Python value a tensor does what numpy's arrays and PyTorch's tensors do, or
    says by name that it does not. ``bool``, ``float``, ``int`` and ``complex`` take a
    tensor of one entry; ``len`` and iteration go along its first axis (the entries are
    tensors of the graph); a tensor of shape ``()`` has neither. Operations without a
    backward rule here (``/``, ``**``, comparisons, ``+=`` and the other in-place
    operators, item assignment, ``numpy.asarray``) raise ``TypeError``, pointing to
    ``data``, the values. Between two tensors ``==`` asks whether they are the same
    tensor (a node of the graph, as ``is`` does), so that a list of tensors finds its
    members; with a number or an array it is refused too. A copy (``copy``, ``pickle``)
    is a new leaf with the same values and gradient; a tensor made by an operation is
    not copied.
    """

    __array_ufunc__ = None  # array + tensor: numpy leaves it to Tensor.__radd__

    def __init__(self, data, _parents=(), _op=""):
        # A result of an operation is not checked again: an overflow shows as inf.
        self.data = as_float_array(data, "data", finite=None if _parents else True)
        self.grad = None
        self._parents = _parents  # the tensors this one was computed from
        self._op = _op  # the operation's name, for drawings and repr
        self._backward = lambda: None  # a leaf passes nothing on

    @property
    def shape(self):
        """The shape of ``data``."""
        return self.data.shape

    def __repr__(self):
        made = f", op={self._op!r}" if self._op else ""
        return f"Tensor(shape={self.shape}{made})"

    # Arithmetic, broadcasting as numpy does.
    def __add__(self, other):
        other = _as_tensor(other, "other")
        out = Tensor(self.data + other.data, (self, other), "+")

        def _backward():  # y = a + b: ∂y/∂a = ∂y/∂b = 1
            self.grad += _unbroadcast(out.grad, self.shape)
            other.grad += _unbroadcast(out.grad, other.shape)
        out._backward = _backward
        return out

    def __mul__(self, other):
        other = _as_tensor(other, "other")
        out = Tensor(self.data * other.data, (self, other), "*")

        def _backward():  # y = a ⊙ b: ā = ȳ ⊙ b, b̄ = ȳ ⊙ a
            self.grad += _unbroadcast(out.grad * other.data, self.shape)
            other.grad += _unbroadcast(out.grad * self.data, other.shape)
        out._backward = _backward
        return out

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + -_as_tensor(other, "other")

    __radd__ = __add__  # 2 + t: the sum and the product do not depend on the order
    __rmul__ = __mul__

    def __rsub__(self, other):
        return _as_tensor(other, "other") - self

    def __matmul__(self, other):
        other = _as_tensor(other, "other")
        for t, name in ((self, "left"), (other, "right")):
            if t.data.ndim < 2:
                check_ndim(t.data, 2, f"the {name} factor of @", "(rows, columns)")
        if self.shape[-1] != other.shape[-2]:
            raise ValueError(f"@ needs the left factor's columns to match the right "
                             f"factor's rows, got shapes {self.shape} and {other.shape}")
        out = Tensor(self.data @ other.data, (self, other), "@")

        def _backward():  # Y = AB: Ā = Ȳ Bᵀ, B̄ = Aᵀ Ȳ (stacked products: summed)
            self.grad += _unbroadcast(out.grad @ np.swapaxes(other.data, -1, -2), self.shape)
            other.grad += _unbroadcast(np.swapaxes(self.data, -1, -2) @ out.grad, other.shape)
        out._backward = _backward
        return out

    def __rmatmul__(self, other):
        return _as_tensor(other, "other") @ self

    # Shapes: these move numbers about, so the gradient moves back the same way.
    @property
    def T(self):
        """The transpose (of the last two axes): $A^\\top$."""
        if self.data.ndim < 2:
            raise ValueError(f"T swaps the last two axes: a tensor of 2 dimensions or more, "
                             f"got shape {self.shape}")
        out = Tensor(np.swapaxes(self.data, -1, -2), (self,), "T")

        def _backward():
            self.grad += np.swapaxes(out.grad, -1, -2)
        out._backward = _backward
        return out

    def reshape(self, *shape):
        """The same numbers in another shape, as ``numpy.reshape``."""
        out = Tensor(self.data.reshape(*shape), (self,), "reshape")

        def _backward():
            self.grad += out.grad.reshape(self.shape)
        out._backward = _backward
        return out

    def __getitem__(self, index):
        out = Tensor(self.data[index], (self,), "[]")

        def _backward():  # each picked entry's gradient goes back where it came from;
            np.add.at(self.grad, index, out.grad)  # an entry picked twice gets both
        out._backward = _backward
        return out

    # Reductions.
    def sum(self, axis=None, keepdims=False):
        """$\\sum$ over ``axis`` (all entries by default), as ``numpy.sum``."""
        axis = check_axis(axis, self.data.ndim)
        out = Tensor(self.data.sum(axis=axis, keepdims=keepdims), (self,), "sum")

        def _backward():  # every term has slope 1: each gets the sum's gradient
            g = out.grad if keepdims or axis is None else np.expand_dims(out.grad, axis)
            self.grad += np.broadcast_to(g, self.shape)
        out._backward = _backward
        return out

    def mean(self, axis=None):
        """The mean over ``axis`` (all entries by default): a sum times $1/n$.

        Where the sum overflows but the entries are finite, the mean is still the true
        one (found again as ``nnbook.losses`` finds a cost), ``inf`` only if it exceeds
        the largest float64; the graph is the sum and the product all the same."""
        with quiet(over="ignore", invalid="ignore"):  # a sum beyond float64: see below
            total = self.sum(axis)
        axes = tuple(range(self.data.ndim)) if axis is None else tuple(np.atleast_1d(axis))
        n = math.prod(self.shape[a] for a in axes)  # the entries in each mean
        if n == 0:
            raise ValueError(f"the mean of no entries is no number: a tensor of shape "
                             f"{self.shape} has none along axis {axis!r}")
        out = total * (1.0 / n)
        # The value only: the product's backward rule does not read it.
        out.data = _rescued_mean(out.data, lambda s: self.data * s, n, axis=axes)
        return out

    def max(self, axis):
        """The largest entry along ``axis`` (an int)."""
        if axis is None or isinstance(axis, tuple):
            raise TypeError(f"axis must be an int (the largest along one axis), got "
                            f"{axis!r}")
        check_axis(axis, self.data.ndim)
        if self.shape[axis] == 0:
            raise ValueError(f"the largest of no entries is no number: a tensor of shape "
                             f"{self.shape} has none along axis {axis}")
        out = Tensor(self.data.max(axis=axis), (self,), "max")

        def _backward():  # only the largest entry (the first, for a tie) reached y
            first = np.expand_dims(self.data.argmax(axis=axis), axis)
            g = np.zeros_like(self.data)
            np.put_along_axis(g, first, np.expand_dims(out.grad, axis), axis)
            self.grad += g
        out._backward = _backward
        return out

    # The book's activations.
    def exp(self):
        """$e^x$, entry by entry."""
        out = Tensor(np.exp(self.data), (self,), "exp")

        def _backward():  # (e^x)' = e^x, the output itself
            self.grad += out.grad * out.data
        out._backward = _backward
        return out

    def relu(self):
        """$\\max(0, z)$, entry by entry."""
        out = Tensor(np.maximum(self.data, 0.0), (self,), "ReLU")

        def _backward():  # slope 1 where z > 0, else 0 (at the kink too)
            self.grad += out.grad * (self.data > 0)
        out._backward = _backward
        return out

    def sigmoid(self):
        """$\\sigma(z) = 1/(1 + e^{-z})$, entry by entry."""
        out = Tensor(F.sigmoid(self.data), (self,), "σ")

        def _backward():  # σ' = σ(1 − σ), from the output a
            a = out.data
            self.grad += out.grad * a * (1.0 - a)
        out._backward = _backward
        return out

    def tanh(self):
        """$\\tanh z$, entry by entry."""
        out = Tensor(np.tanh(self.data), (self,), "tanh")

        def _backward():  # tanh' = 1 − tanh²
            self.grad += out.grad * (1.0 - out.data**2)
        out._backward = _backward
        return out

    def log_softmax(self, axis=-1):
        """$z_j - \\log \\sum_m e^{z_m}$ along ``axis``, computed stably."""
        out = Tensor(F.log_softmax(self.data, axis), (self,), "log-softmax")

        def _backward():  # z̄_j = ȳ_j − s_j Σ_m ȳ_m, with s = softmax(z) = e^y
            s = np.exp(out.data)
            self.grad += out.grad - s * out.grad.sum(axis=axis, keepdims=True)
        out._backward = _backward
        return out

    def softmax(self, axis=-1):
        """$e^{z_j} / \\sum_m e^{z_m}$ along ``axis``: the exponential of log-softmax."""
        return self.log_softmax(axis).exp()

    def backward(self):
        """Fill ``grad`` of every tensor this one was made from: $\\partial C/\\partial v$.

        ``self`` is the cost $C$, a single number. Every ``grad`` of the graph is set
        anew (to 0, then $\\bar{C} = 1$), so a second ``backward`` on a new graph does not
        add to the first, as a layer's ``backward`` overwrites its ``grads``.
        """
        if self.data.size != 1:
            raise ValueError(f"backward starts from a cost, a single number, got a tensor "
                             f"of shape {self.shape}")
        order = topological_order(self)
        for v in order:
            v.grad = np.zeros_like(v.data)
        self.grad = np.ones_like(self.data)  # ∂C/∂C = 1
        for v in reversed(order):  # every tensor after all those made from it
            v._backward()

    # As a Python value (see Notes): as numpy's arrays and PyTorch's tensors, or refused.
    def __bool__(self):
        return bool(check_one_number(self.data, "bool() of a Tensor",
                                     ": ask t.data.any() or t.data.all()"))

    def __float__(self):
        return float(check_one_number(self.data, "float() of a Tensor"))

    def __int__(self):
        return int(check_one_number(self.data, "int() of a Tensor"))

    def __complex__(self):
        return complex(check_one_number(self.data, "complex() of a Tensor"))

    def __format__(self, spec):  # f"{C:.4f}" of a single number, as numpy's and PyTorch's
        return format(self.data.item(), spec) if self.data.ndim == 0 else super().__format__(spec)

    def __len__(self):
        return len(check_sized(self.data, "len() of a Tensor"))

    def __iter__(self):  # along the first axis: each entry a tensor of the graph
        return (self[i] for i in range(len(check_sized(self.data, "iteration over a Tensor"))))

    def __pos__(self):
        return self

    def __eq__(self, other, op="=="):
        if not isinstance(other, Tensor):
            _refuse(f"{op} with a number or an array", f"compare its values, t.data {op} x "
                    f"(between two tensors, {op} asks whether they are the same tensor)")
        return self is other  # the same node of the graph

    def __ne__(self, other):
        return not self.__eq__(other, "!=")

    __hash__ = object.__hash__

    def __reduce__(self):  # copy.copy, copy.deepcopy and pickle: a leaf, copied
        if self._parents:
            _refuse(f"copy when made by an operation ({self._op!r})", "the copy would lose "
                    "its place in the graph; copy its values, Tensor(t.data.copy())")
        return _leaf, (self.data.copy(), None if self.grad is None else self.grad.copy())


def _leaf(data, grad):
    # A copied leaf, with its gradient (pickle calls this by name).
    t = Tensor(data)
    t.grad = grad
    return t


def _refuse(what, instead):
    raise TypeError(f"Tensor has no {what}: {instead}")


def _refused(what, instead):
    # A special method of numpy's arrays and PyTorch's tensors without a rule here: it
    # says so by name (Python's default is a vaguer TypeError or, for +=, a new tensor
    # while the old one keeps its values).
    def refuse(self, *args, **kwargs):
        _refuse(what, instead)
    return refuse


_NO_RULE = ("no backward rule here; compute with +, -, *, @ and the methods, or on the "
            "values, t.data, where no gradient is needed")
for _names, _what, _instead in [
    (("__truediv__", "__rtruediv__"), "/", "to divide by a constant c, multiply by 1 / c"),
    (("__pow__", "__rpow__"), "**", "for a square, multiply: t * t"),
    (("__floordiv__", "__rfloordiv__"), "//", _NO_RULE),
    (("__mod__", "__rmod__"), "%", _NO_RULE),
    (("__divmod__", "__rdivmod__"), "divmod()", _NO_RULE),
    (("__abs__",), "abs()", _NO_RULE),
    (("__invert__",), "~", _NO_RULE),
    (("__and__", "__rand__"), "&", _NO_RULE),
    (("__or__", "__ror__"), "|", _NO_RULE),
    (("__xor__", "__rxor__"), "^", _NO_RULE),
    (("__lshift__", "__rlshift__"), "<<", _NO_RULE),
    (("__rshift__", "__rrshift__"), ">>", _NO_RULE),
    *[((f"__{name}__",), op, f"compare its values, t.data {op} x (no gradient)")
      for name, op in (("lt", "<"), ("le", "<="), ("gt", ">"), ("ge", ">="))],
    *[((f"__i{name}__",), f"in-place {op}=",
       (f"write t = t {op} x for a new tensor of the graph (which keeps the old one), "
        f"or t.data {op}= x to change a leaf's values"))
      for name, op in (("add", "+"), ("sub", "-"), ("mul", "*"), ("matmul", "@"),
                       ("truediv", "/"), ("floordiv", "//"), ("mod", "%"), ("pow", "**"),
                       ("and", "&"), ("or", "|"), ("xor", "^"), ("lshift", "<<"),
                       ("rshift", ">>"))],
    (("__setitem__",), "item assignment",
     "its values belong to the graph; change a leaf's values with t.data[i] = x"),
    (("__delitem__",), "item deletion", "its entries belong to the graph"),
    (("__contains__",), "`in`", "ask its values, x in t.data"),
    (("__index__",), "integer value",
     "it holds float64 numbers; int(t) converts a tensor of one entry"),
    (("__array__",), "conversion to a numpy array",
     "its values are t.data (numpy would lose the graph)"),
]:
    for _name in _names:
        setattr(Tensor, _name, _refused(_what, _instead))


# The book's losses, written with the operations above: no backward of their own.
def _rescued_by(reference):
    """Decorate a loss written with tensor operations so that its value is ``reference``'s
    (the same loss in ``nnbook.losses``) where the graph's arithmetic overflowed although
    its inputs are finite: a square, or a logit's distance to the largest, beyond float64,
    that the mean would have brought back within it. The graph, and so every gradient,
    stay those the loss writes."""
    def rescued(loss):
        signature = inspect.signature(loss)

        @functools.wraps(loss)
        def cost(*args, **kwargs):
            with quiet(over="ignore"):  # an overflow is found again below
                C = loss(*args, **kwargs)
            if np.isfinite(C.data):  # nearly always
                return C
            inputs = [x.data if isinstance(x, Tensor) else np.asarray(x)
                      for x in signature.bind(*args, **kwargs).args]
            if all(np.isfinite(x).all() for x in inputs):
                C.data = np.asarray(reference(*inputs))  # its backward rule does not read it
            return C
        return cost
    return rescued


@_rescued_by(losses.mse)
def mse(pred, target):
    r"""Mean squared error $C = \frac1n \sum_i (\hat y_i - y_i)^2$, a tensor of one number.

    ``pred`` a ``Tensor`` and ``target`` (array or tensor) of the same shape. For finite
    inputs its value is the true mean, as ``nnbook.losses.mse`` gives it, also where a
    square or the sum overflows.
    """
    pred, target = _as_tensor(pred, "pred"), _as_tensor(target, "target")
    check_shape(target.data, pred.shape, "target")
    e = pred - target
    return (e * e).mean()


@_rescued_by(losses.cross_entropy_with_logits)
def cross_entropy(Z, labels):
    r"""Mean cross-entropy $C = -\frac1N \sum_n \log \mathrm{softmax}(Z_n)_{y_n}$ of logits.

    ``Z`` a ``Tensor`` of shape ``(N, K)``, ``labels`` integers of shape ``(N,)``: the
    log-softmax of each row, the entry of its label, their mean, negated. For finite
    logits its value is the true mean, as ``nnbook.losses.cross_entropy_with_logits``
    gives it, also where a logit's distance to the largest or the sum overflows.
    """
    Z = _as_tensor(Z, "Z")
    check_ndim(Z.data, 2, "Z", "(N, K): rows are examples, one column per class")
    labels = check_labels(labels, Z.shape[1])
    check_shape(labels, (Z.shape[0],), "labels")
    return -Z.log_softmax(axis=1)[np.arange(len(labels)), labels].mean()


@_rescued_by(losses.binary_cross_entropy_with_logits)
def binary_cross_entropy(z, y):
    r"""Mean binary cross-entropy of logits ``z`` for targets ``y`` in [0, 1] (same shape).

    Two classes with logits $0$ and $z$ have probabilities $1 - \sigma(z)$ and
    $\sigma(z)$: so the loss is the cross-entropy of the pair $(0, z)$, with the target's
    weights $(1 - y, y)$, and log-softmax keeps it stable. For finite logits its value
    is the true mean, also where the sum overflows.
    """
    z, y = _as_tensor(z, "z"), as_float_array(y, "y")
    check_shape(y, z.shape, "y")
    if not np.all((y >= 0) & (y <= 1)):
        raise ValueError(f"y must hold values in [0, 1], got min {y.min()}, max {y.max()}")
    pairs = z.reshape(*z.shape, 1) * np.array([0.0, 1.0])  # (0, z) for every entry
    weights = np.stack([1.0 - y, y], axis=-1)
    return -(pairs.log_softmax(axis=-1) * weights).sum(axis=-1).mean()
