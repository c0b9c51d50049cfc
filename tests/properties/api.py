"""nnbook's public API, listed once: how to call each name well, and what each argument is.

The property tests of bad input take every entry here and spoil one argument at a time
with a class of bad values (non-finite numbers, wrong types, bad labels); ``test_api.py``
fails for a public name that is missing, so that a new function gets the class tests by
default. An entry is a function of a seeded generator that returns a ``Call``: the
callable, its arguments by name (all given by keyword, as a reader may), the kind of each
argument, and the objects whose state a refused call must leave as it was.

Kinds: ``array`` (real numbers, NaN refused, ±inf refused unless listed in ``inf``),
``labels`` (class indices), ``int``, ``pair`` (an int or two), ``real`` (a finite number),
``positive`` (a finite number > 0), ``step`` (a positive number that moves every entry of
the array it is added to), ``bool``, ``axis`` (an axis of the array, a tuple of them, or
None), ``sizes`` (a list or tuple of ints), ``layer class`` (such as ``ReLU``),
``generator`` (a numpy Generator), ``seed`` (a Generator, an int or None), ``layer``,
``model`` (a layer with parameters to train), ``weights`` (a layer with weights named W),
``loss`` (such as ``CrossEntropy()``), ``optimizer`` (such as ``SGD(model, lr=0.1)``),
``str``, ``callable``, ``choice`` (one of a few strings), ``path``, ``threads`` (a
number of threads >= 1, or None for the number set outside), ``other`` (checked by
the tests of its module only).

``TENSOR_VALUE`` lists how Python reaches each special method that numpy's arrays or
PyTorch's tensors define, for ``nnbook.Tensor`` as a Python value.
"""

import copy
import operator
import pickle
from dataclasses import dataclass, field

import numpy as np

import nnbook
from nnbook import autodiff, datasets, descent, functional as F, gradcheck, layer, losses
from nnbook import mnist_prep, mnist_split, optim, plotting


@dataclass
class Call:
    fn: object
    args: dict
    kinds: dict
    inf: tuple = ()  # array arguments where ±inf has a limit (checked in test_nonfinite_math)
    state: tuple = ()  # layers and optimisers a refused call must leave unchanged
    labels_of: dict = field(default_factory=dict)  # labels argument -> number of classes


def _x(rng, *shape):
    return rng.standard_normal(shape)


def _labels(rng, n, k):
    return rng.integers(0, k, n)


def _elementwise(f):
    return lambda rng: Call(f, {"z": _x(rng, 3, 4)}, {"z": "array"}, inf=("z",))


def _along(f, keepdims=False):
    # A function of z along an axis (softmax and its kin).
    def make(rng):
        args, kinds = {"z": _x(rng, 3, 4), "axis": 0}, {"z": "array", "axis": "axis"}
        if keepdims:
            args["keepdims"], kinds["keepdims"] = True, "bool"
        return Call(f, args, kinds, inf=("z",))
    return make


def _pair(f, names=("pred", "target"), unit=(), logits=()):
    def make(rng):
        a = rng.uniform(0, 1, (4, 3)) if names[0] in unit else _x(rng, 4, 3)
        b = rng.uniform(0, 1, (4, 3)) if names[1] in unit else _x(rng, 4, 3)
        return Call(f, dict(zip(names, (a, b))), dict.fromkeys(names, "array"), inf=logits)
    return make


def _scores(f, name, probabilities=False, logits=True):
    def make(rng):
        Z = _x(rng, 5, 3)
        return Call(f, {name: F.softmax(Z) if probabilities else Z, "labels": _labels(rng, 5, 3)},
                    {name: "array", "labels": "labels"}, inf=(name,) if logits else (),
                    labels_of={"labels": 3})
    return make


def _layer_forward(make_layer, shape, inf=()):
    def make(rng):
        layer = make_layer(rng)
        name = "X" if isinstance(layer, nnbook.Dense) else "x"
        name = "z" if isinstance(layer, nnbook.Activation) else name
        return Call(layer.forward, {name: _x(rng, *shape)}, {name: "array"}, inf=inf,
                    state=(layer,))
    return make


def _layer_backward(make_layer, shape):
    def make(rng):
        layer = make_layer(rng)
        out = layer.forward(_x(rng, *shape))
        return Call(layer.backward, {"grad_out": _x(rng, *out.shape), "input_grad": True},
                    {"grad_out": "array", "input_grad": "bool"}, state=(layer,))
    return make


def _net(rng):
    return nnbook.Sequential(nnbook.Dense(3, 4, rng=rng), nnbook.Tanh(), nnbook.Dense(4, 3, rng=rng))


def _trained(rng, optimizer):
    # A network with the gradients of one batch, and its optimiser, ready to step.
    net = _net(rng)
    opt = optimizer(net)
    loss = nnbook.CrossEntropy()
    loss.forward(net(_x(rng, 6, 3)), _labels(rng, 6, 3))
    net.backward(loss.backward())
    return net, opt


def _step(optimizer):
    def make(rng):
        net, opt = _trained(rng, optimizer)
        return Call(opt.step, {}, {}, state=(net, opt))
    return make


def _fit(rng):
    net = _net(rng)
    opt = nnbook.SGD(net, lr=0.1)
    X, y = _x(rng, 12, 3), _labels(rng, 12, 3)
    loss = _used(net, nnbook.CrossEntropy(), rng)
    return Call(nnbook.fit, dict(model=net, X=X, y=y, loss=loss, optimizer=opt,
                                 epochs=2, batch_size=5, rng=np.random.default_rng(0),
                                 validation=(X[:4], y[:4]), verbose=False, blas_threads=1),
                dict(model="layer", X="array", y="labels", loss="loss", optimizer="optimizer",
                     epochs="int", batch_size="int", rng="generator", validation="other",
                     verbose="bool", blas_threads="threads"),
                state=(net, opt, loss), labels_of={"y": 3})


def _used(net, loss, rng):
    # A model and loss with a batch's forward and backward behind them: what they kept
    # from it is state that a refused call leaves as it was.
    loss.forward(net(_x(rng, 2, 3)), _labels(rng, 2, 3))
    net.backward(loss.backward())
    return loss


def _evaluate(rng):
    net = _net(rng)
    loss = _used(net, nnbook.CrossEntropy(), rng)
    return Call(nnbook.evaluate, dict(model=net, loss=loss, X=_x(rng, 7, 3),
                                      y=_labels(rng, 7, 3), batch_size=3),
                dict(model="layer", loss="loss", X="array", y="labels", batch_size="int"),
                state=(net, loss), labels_of={"y": 3})


def _image(rng):
    return _x(rng, 2, 1, 6, 6)


def _named(method):
    # A Sequential's names of its layers, parameters or gradients, under a prefix.
    def make(rng):
        net = _net(rng)
        _used(net, nnbook.CrossEntropy(), rng)
        return Call(getattr(net, method), {"prefix": "net."}, {"prefix": "str"}, state=(net,))
    return make


def _tensor(method, kinds, args):
    # An operation of a Tensor with an argument: the tensor is left as it was when refused.
    def make(rng):
        t = nnbook.Tensor(_x(rng, 3, 4))
        values = {name: (_x(rng, *value) if isinstance(value, tuple) else value)
                  for name, value in args.items()}
        return Call(getattr(t, method), values, kinds, state=(t,))
    return make


class BiasOnly(layer.Layer):
    """A layer with parameters but no weight named W: y = x + b."""

    def __init__(self):
        super().__init__()
        self.params["b"] = np.zeros(3)

    def forward(self, x):
        return x + self.params["b"]


CALLS = {
    # nnbook.functional
    "functional.relu": _elementwise(F.relu),
    "functional.relu_prime": _elementwise(F.relu_prime),
    "functional.sigmoid": _elementwise(F.sigmoid),
    "functional.sigmoid_prime": _elementwise(F.sigmoid_prime),
    "functional.tanh": _elementwise(F.tanh),
    "functional.tanh_prime": _elementwise(F.tanh_prime),
    "functional.softmax": _along(F.softmax),
    "functional.log_softmax": _along(F.log_softmax),
    "functional.logsumexp": _along(F.logsumexp, keepdims=True),
    # nnbook.losses: functions, then the classes' forward and backward
    "losses.squared_error": _pair(losses.squared_error),
    "losses.absolute_error": _pair(losses.absolute_error),
    "losses.mse": _pair(losses.mse),
    "losses.mae": _pair(losses.mae),
    "losses.mean_bias_error": _pair(losses.mean_bias_error),
    "losses.binary_cross_entropy": _pair(losses.binary_cross_entropy, ("p", "y"), unit=("p", "y")),
    "losses.binary_cross_entropy_with_logits": _pair(
        losses.binary_cross_entropy_with_logits, ("z", "y"), unit=("y",), logits=("z",)),
    "losses.categorical_cross_entropy": _scores(losses.categorical_cross_entropy, "P",
                                                probabilities=True, logits=False),
    "losses.cross_entropy_with_logits": _scores(losses.cross_entropy_with_logits, "Z"),
    "MSE.forward": lambda rng: _pair(nnbook.MSE().forward)(rng),
    "CrossEntropy.forward": lambda rng: _scores(nnbook.CrossEntropy().forward, "Z")(rng),
    "BinaryCrossEntropy.forward": lambda rng: _pair(
        nnbook.BinaryCrossEntropy().forward, ("z", "y"), unit=("y",), logits=("z",))(rng),
    # layers: made, run forward, run backward
    "Dense": lambda rng: Call(nnbook.Dense, dict(in_features=3, out_features=2, rng=rng),
                              dict(in_features="int", out_features="int", rng="seed")),
    "Dense.forward": _layer_forward(lambda rng: nnbook.Dense(3, 2, rng=rng), (4, 3)),
    "Dense.backward": _layer_backward(lambda rng: nnbook.Dense(3, 2, rng=rng), (4, 3)),
    "Conv2D": lambda rng: Call(nnbook.Conv2D, dict(in_channels=1, out_channels=2, kernel_size=3,
                                                   stride=1, padding=1, rng=rng),
                               dict(in_channels="int", out_channels="int", kernel_size="pair",
                                    stride="pair", padding="pair", rng="seed")),
    "Conv2D.forward": _layer_forward(lambda rng: nnbook.Conv2D(1, 2, 3, rng=rng), (2, 1, 6, 6)),
    "Conv2D.backward": _layer_backward(lambda rng: nnbook.Conv2D(1, 2, 3, rng=rng), (2, 1, 6, 6)),
    "MaxPool2D": lambda rng: Call(nnbook.MaxPool2D, dict(kernel_size=2, stride=2),
                                  dict(kernel_size="pair", stride="pair")),
    "MaxPool2D.forward": _layer_forward(lambda rng: nnbook.MaxPool2D(2), (2, 1, 6, 6)),
    "MaxPool2D.backward": _layer_backward(lambda rng: nnbook.MaxPool2D(2), (2, 1, 6, 6)),
    "Flatten.forward": _layer_forward(lambda rng: nnbook.Flatten(), (2, 1, 3, 3)),
    "Flatten.backward": _layer_backward(lambda rng: nnbook.Flatten(), (2, 1, 3, 3)),
    **{f"{cls.__name__}.forward": _layer_forward(lambda rng, cls=cls: cls(), (4, 3), inf=("z",))
       for cls in (nnbook.ReLU, nnbook.Sigmoid, nnbook.Tanh, nnbook.Softmax)},
    **{f"{cls.__name__}.backward": _layer_backward(lambda rng, cls=cls: cls(), (4, 3))
       for cls in (nnbook.ReLU, nnbook.Sigmoid, nnbook.Tanh, nnbook.Softmax)},
    "Sequential.forward": _layer_forward(_net, (4, 3)),
    "Sequential.backward": _layer_backward(_net, (4, 3)),
    "mlp": lambda rng: Call(nnbook.mlp, dict(sizes=[3, 4, 2], activation=nnbook.ReLU,
                                             output=nnbook.Sigmoid, rng=rng),
                            dict(sizes="sizes", activation="layer class",
                                 output="layer class", rng="seed")),
    "conv2d": lambda rng: Call(nnbook.conv2d, dict(x=_image(rng), w=_x(rng, 2, 1, 3, 3),
                                                   b=_x(rng, 2), stride=1, padding=1),
                               dict(x="array", w="array", b="array", stride="pair",
                                    padding="pair")),
    "conv2d_loop": lambda rng: Call(nnbook.conv2d_loop, dict(x=_image(rng), w=_x(rng, 2, 1, 3, 3),
                                                             b=_x(rng, 2), stride=2, padding=0),
                                    dict(x="array", w="array", b="array", stride="pair",
                                         padding="pair")),
    "conv_output_size": lambda rng: Call(nnbook.conv_output_size,
                                         dict(n=28, kernel_size=5, stride=1, padding=2),
                                         dict(n="int", kernel_size="int", stride="int",
                                              padding="int")),
    "maxpool2d": lambda rng: Call(nnbook.maxpool2d, dict(x=_image(rng), kernel_size=2, stride=2),
                                  dict(x="array", kernel_size="pair", stride="pair")),
    # optimisers: made, and a step
    "SGD": lambda rng: Call(nnbook.SGD, dict(model=_net(rng), lr=0.1, momentum=0.9),
                            dict(model="model", lr="positive", momentum="real")),
    "Adam": lambda rng: Call(nnbook.Adam, dict(model=_net(rng), lr=0.1, beta1=0.9, beta2=0.99,
                                               eps=1e-8),
                             dict(model="model", lr="positive", beta1="real", beta2="real",
                                  eps="positive")),
    "L2": lambda rng: Call(nnbook.L2, dict(model=_net(rng), lam=0.01),
                           dict(model="weights", lam="real")),
    "SGD.step": _step(lambda net: nnbook.SGD(net, lr=0.1)),
    "SGD.step with momentum": _step(lambda net: nnbook.SGD(net, lr=0.1, momentum=0.9)),
    "Adam.step": _step(lambda net: nnbook.Adam(net, lr=0.1)),
    # training
    "accuracy": lambda rng: Call(nnbook.accuracy, dict(pred=_x(rng, 5, 3), y=_labels(rng, 5, 3)),
                                 dict(pred="array", y="labels"), inf=("pred",),
                                 labels_of={"y": 3}),
    "one_hot": lambda rng: Call(nnbook.one_hot, dict(labels=_labels(rng, 5, 3), num_classes=3),
                                dict(labels="labels", num_classes="int"), labels_of={"labels": 3}),
    "evaluate": _evaluate,
    "fit": _fit,
    # descent and gradient checks
    "gradient_descent": lambda rng: Call(nnbook.gradient_descent,
                                         dict(grad=lambda x: 2 * x, x0=_x(rng, 2), lr=0.1, steps=3),
                                         dict(grad="callable", x0="array", lr="positive",
                                              steps="int")),
    "minibatches": lambda rng: Call(lambda **kw: list(nnbook.minibatches(**kw)),
                                    dict(n=10, batch_size=3, rng=np.random.default_rng(0),
                                         shuffle=True),
                                    dict(n="int", batch_size="int", rng="generator",
                                         shuffle="bool")),
    "numerical_gradient": lambda rng: Call(nnbook.numerical_gradient,
                                           dict(f=lambda x: float((x**2).sum()), x=_x(rng, 3),
                                                eps=1e-6),
                                           dict(f="callable", x="array", eps="step")),
    "relative_error": lambda rng: Call(nnbook.relative_error,
                                       dict(analytic=_x(rng, 3), numeric=_x(rng, 3),
                                            tiny=1e-12),
                                       dict(analytic="array", numeric="array",
                                            tiny="positive")),
    "gradient_check": lambda rng: Call(nnbook.gradient_check,
                                       dict(f=lambda x: float((x**2).sum()), x=_x(rng, 3),
                                            analytic=_x(rng, 3), eps=1e-6),
                                       dict(f="callable", x="array", analytic="array",
                                            eps="step")),
    "check_layer": lambda rng: Call(nnbook.check_layer,
                                    dict(layer=nnbook.Dense(3, 2, rng=rng), x=_x(rng, 2, 3),
                                         rng=np.random.default_rng(0), eps=1e-6),
                                    dict(layer="layer", x="array", rng="seed", eps="step")),
    # automatic differentiation: a tensor, and the losses written with its operations
    "Tensor": lambda rng: Call(nnbook.Tensor, dict(data=_x(rng, 3, 4)), dict(data="array")),
    **{f"Tensor.{op}": _tensor(op, {"other": "array"}, {"other": shape})
       for op, shape in (("__add__", (4,)), ("__radd__", (3, 1)), ("__sub__", (3, 4)),
                         ("__rsub__", (1, 4)), ("__mul__", (4,)), ("__rmul__", (3, 4)),
                         ("__matmul__", (4, 2)), ("__rmatmul__", (2, 3)))},
    **{f"Tensor.{op}": _tensor(op, {"axis": "axis"}, {"axis": 0})
       for op in ("sum", "mean", "log_softmax", "softmax")},
    "Tensor.max": _tensor("max", {"axis": "int"}, {"axis": 1}),
    "autodiff.mse": _pair(autodiff.mse),
    "autodiff.cross_entropy": _scores(autodiff.cross_entropy, "Z", logits=False),
    "autodiff.binary_cross_entropy": _pair(autodiff.binary_cross_entropy, ("z", "y"),
                                           unit=("y",)),
    "autodiff.topological_order": lambda rng: Call(
        autodiff.topological_order, dict(root=nnbook.Tensor(_x(rng, 2)).sum()),
        dict(root="other")),
    # data sets (files: tests/properties/test_files.py)
    "datasets.grades": lambda rng: Call(datasets.grades, dict(n_students=5, seed=7),
                                        dict(n_students="int", seed="int")),
    "datasets.train_test_split": lambda rng: Call(
        datasets.train_test_split, dict(X=_x(rng, 8, 2), y=_labels(rng, 8, 2),
                                        test_fraction=0.25, rng=np.random.default_rng(0)),
        dict(X="other", y="other", test_fraction="real", rng="generator")),
    "datasets.prepare_digit": lambda rng: Call(datasets.prepare_digit,
                                               dict(ink=rng.uniform(0, 1, (40, 30))),
                                               dict(ink="array")),
    "mnist_prep.resample_matrix": lambda rng: Call(mnist_prep.resample_matrix,
                                                   dict(n_in=7, n_out=3),
                                                   dict(n_in="int", n_out="int")),
    "mnist_prep.fit_box": lambda rng: Call(mnist_prep.fit_box,
                                           dict(ink=rng.uniform(0, 1, (9, 6)), box=4),
                                           dict(ink="array", box="int")),
    **{f"Sequential.{method}": _named(method)
       for method in ("named_layers", "named_parameters", "named_gradients")},
    "layer.Parameter": lambda rng: Call(layer.Parameter, dict(doc="A weight."),
                                        dict(doc="str")),
}

# Public names the class tests reach through another entry, or that take no argument.
COVERED_ELSEWHERE = {
    "Layer": "the base class: its subclasses' entries",
    "Activation": "the base class: ReLU, Sigmoid, Tanh, Softmax",
    "Flatten": "takes no argument",
    "ReLU": "takes no argument", "Sigmoid": "takes no argument", "Tanh": "takes no argument",
    "Softmax": "takes no argument",
    "MSE": "takes no argument", "CrossEntropy": "takes no argument",
    "BinaryCrossEntropy": "takes no argument",
    "Sequential": "tests/unit/test_sequential.py: its arguments are layers",
    "History": "a record fit returns",
    "losses.Loss": "the base class: MSE, CrossEntropy, BinaryCrossEntropy",
    "autodiff": "a module: its functions are listed",
    "datasets": "a module: its functions are listed",
    "descent": "a module: its functions are listed",
    "functional": "a module: its functions are listed",
    "losses": "a module: its functions are listed",
    "optim": "a module: its classes are listed",
    "datasets.digits": "takes no argument",
    "datasets.load_mnist": "tests/properties/test_files.py",
    "datasets.read_idx": "tests/properties/test_files.py",
    "datasets.mnist": "tests/properties/test_files.py",
    "datasets.Digits": "a record the loaders return",
    "datasets.GradesTable": "a record grades returns",
    "plotting.style": "takes no argument", "plotting.use_style": "takes no argument",
    "optim.Optimizer": "the base class: SGD, Adam; a rule written by a reader: test_state.py",
    "Tensor.reshape": "numpy's reshape, with numpy's arguments and errors",
    **{f"Tensor.{name}": "takes no argument"
       for name in ("exp", "relu", "sigmoid", "tanh", "backward")},
    "mnist_split.read_arrays": "tests/properties/test_files.py",
    "mnist_split.check_arrays": "tests/properties/test_files.py",
}

MODULES = {"autodiff": autodiff, "functional": F, "losses": losses, "datasets": datasets,
           "descent": descent, "plotting": plotting, "gradcheck": gradcheck, "optim": optim,
           "layer": layer, "mnist_prep": mnist_prep, "mnist_split": mnist_split}


# --- nnbook.Tensor as a Python value ----------------------------------------------------

# Each special method numpy's arrays or PyTorch's tensors define, by how Python reaches it
# for a Tensor t: a call of the tensor (and, for a binary operator, an operand o). The test
# compares it with the same call on t.data (and o's values): the same answer, or a
# TypeError or ValueError that names it (the words after the name here).
BINARY = {
    "__add__": (operator.add, "+"), "__radd__": (lambda t, o: o + t, "+"),
    "__sub__": (operator.sub, "-"), "__rsub__": (lambda t, o: o - t, "-"),
    "__mul__": (operator.mul, "*"), "__rmul__": (lambda t, o: o * t, "*"),
    "__matmul__": (operator.matmul, "@"), "__rmatmul__": (lambda t, o: o @ t, "@"),
    "__truediv__": (operator.truediv, "/"), "__rtruediv__": (lambda t, o: o / t, "/"),
    "__floordiv__": (operator.floordiv, "//"), "__rfloordiv__": (lambda t, o: o // t, "//"),
    "__mod__": (operator.mod, "%"), "__rmod__": (lambda t, o: o % t, "%"),
    "__divmod__": (divmod, "divmod()"), "__rdivmod__": (lambda t, o: divmod(o, t), "divmod()"),
    "__pow__": (operator.pow, "**"), "__rpow__": (lambda t, o: o**t, "**"),
    "__and__": (operator.and_, "&"), "__rand__": (lambda t, o: o & t, "&"),
    "__or__": (operator.or_, "|"), "__ror__": (lambda t, o: o | t, "|"),
    "__xor__": (operator.xor, "^"), "__rxor__": (lambda t, o: o ^ t, "^"),
    "__lshift__": (operator.lshift, "<<"), "__rlshift__": (lambda t, o: o << t, "<<"),
    "__rshift__": (operator.rshift, ">>"), "__rrshift__": (lambda t, o: o >> t, ">>"),
    "__lt__": (operator.lt, "<"), "__le__": (operator.le, "<="),
    "__gt__": (operator.gt, ">"), "__ge__": (operator.ge, ">="),
    "__eq__": (operator.eq, "=="), "__ne__": (operator.ne, "!="),
    "__contains__": (lambda t, o: o in t, "`in`"),
}


def _in_place(op):
    def run(t, o):
        t = op(t, o)  # t op= o, as a function: the name is rebound to what it gives
        return t
    return run


for _name, _op, _symbol in [
        ("iadd", operator.iadd, "+="), ("isub", operator.isub, "-="),
        ("imul", operator.imul, "*="), ("imatmul", operator.imatmul, "@="),
        ("itruediv", operator.itruediv, "/="), ("ifloordiv", operator.ifloordiv, "//="),
        ("imod", operator.imod, "%="), ("ipow", operator.ipow, "**="),
        ("iand", operator.iand, "&="), ("ior", operator.ior, "|="),
        ("ixor", operator.ixor, "^="), ("ilshift", operator.ilshift, "<<="),
        ("irshift", operator.irshift, ">>=")]:
    BINARY[f"__{_name}__"] = (_in_place(_op), _symbol)

UNARY = {
    "__neg__": (operator.neg, "-"), "__pos__": (operator.pos, "+"),
    "__abs__": (abs, "abs()"), "__invert__": (operator.invert, "~"),
    "__bool__": (bool, "bool()"), "__float__": (float, "float()"), "__int__": (int, "int()"),
    "__complex__": (complex, "complex()"), "__index__": (operator.index, "integer value"),
    "__len__": (len, "len()"), "__iter__": (list, "iteration"),
    "__reversed__": (lambda t: list(reversed(t)), "len()"),
    "__getitem__": (lambda t: t[0], "index"),
    "__setitem__": (lambda t: t.__setitem__(0, 1.0), "item assignment"),
    "__delitem__": (lambda t: t.__delitem__(0), "item deletion"),
    "__format__": (lambda t: format(t, ".3f"), "format"),
    "__array__": (np.asarray, "numpy array"),
    "__array_ufunc__": (np.exp, "ufuncs"),
    "__array_function__": (lambda t: np.concatenate([t, t]), "numpy array"),
    "__copy__": (copy.copy, "copy"), "__deepcopy__": (copy.deepcopy, "copy"),
    "__reduce__": (lambda t: pickle.loads(pickle.dumps(t)), "copy"),
    "__reduce_ex__": (lambda t: pickle.loads(pickle.dumps(t)), "copy"),
    "__setstate__": (lambda t: pickle.loads(pickle.dumps(t)), "copy"),
    "__hash__": (hash, "hash"),
}
TENSOR_VALUE = {**{name: ("binary", *how) for name, how in BINARY.items()},
                **{name: ("unary", *how) for name, how in UNARY.items()}}

# The special methods of numpy's arrays or PyTorch's tensors that are no way to use a
# Tensor as a value: protocols by which other libraries take an array's memory (without
# them numpy asks for __array__, which a Tensor refuses), the names of Python 2, the
# machinery of classes and their representations.
NOT_A_VALUE = {
    "protocol": {"__array_finalize__", "__array_interface__", "__array_namespace__",
                 "__array_priority__", "__array_struct__", "__array_wrap__",
                 "__cuda_array_interface__", "__dlpack__", "__dlpack_device__",
                 "__dlpack_c_exchange_api__", "__torch_dispatch__", "__torch_function__"},
    "Python 2": {"__div__", "__idiv__", "__rdiv__", "__long__", "__nonzero__"},
    "class": {"__annotations__", "__class__", "__class_getitem__", "__dict__", "__dir__",
              "__doc__", "__init_subclass__", "__module__", "__new__", "__subclasshook__",
              "__weakref__", "__sizeof__", "__repr__", "__str__"},
}
# PyTorch's, listed once (it is not needed to run the tests): its special methods that
# numpy's arrays do not have, as torch 2.13 defines them.
TORCH_ONLY = {"__annotations__", "__cuda_array_interface__", "__dict__", "__div__",
              "__dlpack_c_exchange_api__", "__idiv__", "__long__", "__module__",
              "__nonzero__", "__rdiv__", "__reversed__", "__torch_dispatch__",
              "__torch_function__", "__weakref__", "__class__", "__dir__"}
