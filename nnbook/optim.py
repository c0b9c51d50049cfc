r"""Optimisers: turn the gradients of the last ``backward`` into a step downhill.

An optimiser is given the **model** once, when it is made: a layer (a ``Sequential``
too), a list of them (``[dense1, relu, dense2]``), or anything with ``params`` and
``grads`` dicts of the same keys. Each call of ``step()`` reads the parameters and their
gradients *at that moment* (``backward`` overwrites ``grads`` every time) and updates every
array in ``params`` **in place**, so the model sees the new values without being told.

The usual loop:

    for X_batch, y_batch in batches:
        cost = loss.forward(model(X_batch), y_batch)
        model.backward(loss.backward())
        optimizer.step()

Each optimiser is one method, ``rule``: the change $\Delta\theta$ of one parameter from
its gradient, written as the textbook writes it. The base class does the rest for every
rule: it walks the parameters, checks each gradient, and keeps the whole step or none of it.
(Adam's steps run a private fused form of its rule, the same arithmetic to the last bit
written into arrays kept from step to step, for speed only: see ``nnbook._kernels``.)
"""


import numpy as np

from . import _kernels
from ._checks import check_gradient, check_real, check_rule, describe, first_non_finite, quiet
from .layer import Layer

_SMALL = 2.0**512


class _Checked:
    """A setting of an optimiser (``lr``, ``momentum``...), checked whenever it is set:
    when the optimiser is made, and between steps (a schedule changes ``lr``). With no
    ``__get__``, reading it reads the optimiser's own attribute, as fast as ever."""

    def __init__(self, low, high=np.inf, *, low_inclusive=True):
        self.low, self.high, self.low_inclusive = low, high, low_inclusive

    def __set_name__(self, owner, name):
        self.name = name

    def __set__(self, optimizer, value):
        optimizer.__dict__[self.name] = check_real(value, self.name, self.low, self.high,
                                                   low_inclusive=self.low_inclusive)


def _owners(model):
    """``(prefix, owner, layer)`` for the objects whose dicts hold the model's arrays,
    named as ``model.named_parameters()`` names them: every layer with arrays of its own
    (a layer made of layers may have some too), or the model itself if it is not a
    layer (``layer`` None: its ``params`` and ``grads`` are read at each step)."""
    if not isinstance(model, Layer):
        return [("", model, None)]
    return [(prefix, layer, layer) for prefix, layer in model.named_layers()
            if layer._params or not layer.children()]


def _is_small(array):
    """Whether every entry of ``array`` is below 2**512 (about 1.3e154) in size: true of
    nearly every step. A change that small leaves a finite parameter finite, as the
    largest float is about 1e292 away from the first number that rounds to inf. NaN is
    not small. Found by numpy's own max and min, not by BLAS, whose threads a busy core
    stalls at every step."""
    return not array.size or bool(array.max() < _SMALL and array.min() > -_SMALL)


class Optimizer:
    r"""Base class: walks the model's parameters and keeps a step only if all of it is good.

    A subclass writes one method, ``rule(g, *memory)``: the change $\Delta\theta$ of one
    parameter from its gradient $g$ and the arrays it remembers from step to step
    (``memories`` of them: a velocity, moments), returned with their new values.
    ``step()`` calls it for every parameter, checks every change and memory, then adds
    the changes and keeps the memories, all of them or, if one is not finite, none.

    The settings (``lr``, and a subclass's own, ``momentum`` or ``beta1``...) may be
    changed between steps, for a schedule; each is checked as it is set, as when the
    optimiser is made.

    Parameters
    ----------
    model : Layer or list of Layer
        Anything with ``params`` and ``grads`` dicts of the same keys (a layer, a
        ``Sequential``), or a list of them. The arrays in ``params`` are updated in place by
        ``step()``.
    lr : float
        The learning rate $\eta > 0$, the size of a step per unit of gradient.

    Attributes
    ----------
    t : int
        The number of steps taken.
    state : dict
        The memories of each parameter, keyed ``(model index, name)`` (``"0.W"`` in a
        Sequential), kept from step to step. A later step may write its own into the
        same arrays (Adam's do, as PyTorch's optimisers do): copy one to keep it.
    """

    memories = 0  # arrays per parameter that rule remembers from step to step
    lr = _Checked(0.0, low_inclusive=False)
    # A rule may have a fused form too, for speed only: ``_fused(g, *memory, out)`` does
    # the arithmetic of the rule ``_fused_for``, operation for operation, into
    # ``_fused_arrays`` arrays of the parameter's shape kept from step to step (``out``),
    # and returns what that rule returns. A subclass with a rule of its own runs its rule.
    _fused = _fused_for = None
    _fused_arrays = 0

    def __init__(self, model, lr):
        models = list(model) if isinstance(model, (list, tuple)) else [model]
        for m in models:
            if not isinstance(m, Layer) and not (
                    isinstance(getattr(m, "params", None), dict)
                    and isinstance(getattr(m, "grads", None), dict)):
                raise TypeError(
                    "an optimiser needs a model with `params` and `grads` dicts (a layer, a "
                    f"Sequential) or a list of them, got {describe(m)}"
                )
        self.models = models
        self.lr = lr
        self.state = {}
        self.t = 0
        self._out = {}  # per parameter, the arrays a fused rule writes into
        # Found once (a Sequential's layers are fixed when it is made): walking the layers
        # at every step would cost more than a small network's step.
        self._owners = [(i, prefix, owner, layer) for i, m in enumerate(models)
                        for prefix, owner, layer in _owners(m)]
        seen = {}
        for (i, name), theta in self._named_arrays():
            where = repr(name) if len(models) == 1 else f"{name!r} of model {i}"
            if id(theta) in seen:  # it would be stepped twice per step
                raise ValueError(f"an optimiser must get each parameter once, got "
                                 f"{seen[id(theta)]} again as {where}")
            seen[id(theta)] = where
        if not seen:  # every step would do nothing, without a word
            what = (type(models[0]).__name__ if len(models) == 1
                    else f"a list of {len(models)} models")
            raise ValueError(f"an optimiser needs a model with parameters to train, got "
                             f"{what} with none")

    def _dicts(self):
        """``(i, prefix, owner, params, grads)``: a layer's own dicts, read now (a model
        that is not a layer may have new ones)."""
        return [(i, prefix, owner, layer._params, layer._grads) if layer is not None
                else (i, prefix, owner, owner.params, owner.grads)
                for i, prefix, owner, layer in self._owners]

    def _named_arrays(self):
        return [((i, prefix + name), theta) for i, prefix, _, params, _ in self._dicts()
                for name, theta in params.items()]

    def parameters(self):
        """Return the arrays ``step`` updates, as they are now (a ``fit`` checks that they
        are its model's)."""
        return [theta for _, theta in self._named_arrays()]

    def rule(self, g, *memory):
        r"""Return the change $\Delta\theta$ of a parameter whose gradient is ``g`` and
        the new values of its ``memory`` (a tuple), at step ``t + 1``: arrays of the
        parameter's shape, ``memories`` of them, computed without changing ``g`` or
        ``memory`` in place (the step may yet be refused, and then nothing changes)."""
        raise NotImplementedError

    def step(self):
        r"""Update every parameter once from its current gradient: $\theta \leftarrow
        \theta + \Delta\theta$ with ``rule``'s $\Delta\theta$, for all or for none.

        Every change and memory is computed first. A NaN or inf in a gradient, or a step
        that overflows (a huge learning rate, a gradient whose square is beyond float64),
        is refused before anything changes, naming the parameter; a missing gradient or
        one of another shape too, and a change or memory from ``rule`` that is not an
        array of the parameter's shape (a single number would move every entry by it).
        """
        fused = self._fused is not None and type(self).rule is type(self)._fused_for
        with quiet(over="ignore", invalid="ignore"):  # an overflow is found, and refused
            steps = self._changes(fused)
        state = self.state
        for key, theta, delta, memory, new in steps:  # all checked: keep them all
            theta += delta
            if new:
                state[key] = new
            if fused and new:  # the old memories are the fused rule's next arrays
                out = self._out[key]
                self._out[key] = (out[0], *memory, *out[1 + len(memory):])
        self.t += 1

    def _changes(self, fused):
        # Every parameter's change and new memories, each checked: nothing is changed yet.
        steps, state, count = [], self.state, self.memories
        for i, prefix, owner, params, grads in self._dicts():
            for name, theta in params.items():
                g = check_gradient(name, theta, grads.get(name), owner)
                key = (i, prefix + name)
                memory = state.get(key, ()) if count else ()
                if len(memory) != count or count and memory[0].shape != theta.shape:
                    # Zeros at first (and for a parameter whose shape changed).
                    memory = tuple(np.zeros_like(theta) for _ in range(count))
                if fused:
                    delta, new = self._fused_into(key, g, memory)
                else:  # a rule a reader writes may return anything: its arrays are checked
                    delta, new = check_rule(self.rule(g, *memory), theta, count, key[1], self)
                # Rare: a change or memory beyond 1e154 in size, or not finite: look closer.
                if not _is_small(delta) or new and not all(
                        array is delta or _is_small(array) for array in new):
                    self._check_aside(key[1], theta, g, delta, new)
                steps.append((key, theta, delta, memory, new))
        return steps

    def _fused_into(self, key, g, memory):
        # The fused rule of a parameter, into its arrays (made at its first step, in C
        # order as its memories: a gradient may be a transposed product, in F order).
        out = self._out.get(key)
        if out is None or out[0].shape != g.shape:
            out = self._out[key] = tuple(np.empty(g.shape) for _ in range(self._fused_arrays))
        return self._fused(g, *memory, out)

    def _check_aside(self, name, theta, g, delta, memory):
        # Refused if the step would make the parameter or a memory NaN or inf, found on a
        # copy.
        for new in (theta + delta, *memory):
            if first_non_finite(new) is not None:
                self._refuse(name, g, new)

    def _refuse(self, name, g, new):
        found = first_non_finite(g)
        if found is not None:
            why = f"its gradient is {found[1]} at index {found[0]}"
        else:
            found = first_non_finite(new)
            why = (f"it would become {found[1]} at index {found[0]}: the step overflowed "
                   f"(a training that diverged, or lr = {self.lr} too large)")
        raise ValueError(f"step {self.t + 1} refused for parameter {name!r}: {why}; "
                         "nothing was updated")

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr})"


class SGD(Optimizer):
    r"""Gradient descent, optionally with momentum.

    Without momentum each step is $\theta \leftarrow \theta - \eta\, \nabla C$.
    With momentum $\mu$ the step keeps a *velocity* $v$ (zero at first):

    $$v \leftarrow \mu v - \eta \nabla C, \qquad \theta \leftarrow \theta + v$$

    so consistent gradients build up speed while gradients that flip sign cancel out, like a
    ball rolling downhill with friction $1 - \mu$. (PyTorch stores
    $-v/\eta$ instead; for a fixed ``lr`` the steps are the same, but for the last bits
    of their rounding.) Each parameter
    array $\theta$ (any shape) has its own $v$ of the same shape.

    Parameters
    ----------
    model : Layer or list of Layer
        The model to train, as for [`Optimizer`][nnbook.optim.Optimizer]: its arrays
        are updated in place by ``step()``.
    lr : float
        Learning rate $\eta > 0$.
    momentum : float
        $\mu$ in [0, 1); 0 is plain gradient descent, 0.9 a common choice.
    """

    momentum = _Checked(0.0, 1.0)

    def __init__(self, model, lr, momentum=0.0):
        super().__init__(model, lr)
        self.momentum = momentum

    @property
    def memories(self):
        """The velocity $v$ with momentum, nothing without."""
        return 1 if self.momentum else 0

    def rule(self, g, v=None):
        r"""Return $\Delta\theta = -\eta g$, or with momentum the new velocity
        $v \leftarrow \mu v - \eta g$ (which is $\Delta\theta$), and the new memory."""
        if not self.momentum:
            return -self.lr * g, ()
        v = self.momentum * v - self.lr * g
        return v, (v,)


class Adam(Optimizer):
    r"""Adam (Kingma & Ba, 2015): momentum plus a step size per parameter.

    Adam keeps running means of the gradient ($m$) and of its square ($v$),
    both zero at first. At step $t = 1, 2, \dots$, with $g = \nabla C$:

    $$m \leftarrow \beta_1 m + (1 - \beta_1) g, \qquad
      v \leftarrow \beta_2 v + (1 - \beta_2) g^2,$$

    $$\hat m = \frac{m}{1 - \beta_1^t}, \qquad \hat v = \frac{v}{1 - \beta_2^t}, \qquad
      \theta \leftarrow \theta - \eta \frac{\hat m}{\sqrt{\hat v} + \epsilon}.$$

    The bias corrections undo the pull towards the zero start in the first steps. Dividing
    by $\sqrt{\hat v}$ makes each step about $\eta$ long whatever the scale of
    the gradient, so steep and flat directions both make progress. Every operation is
    element-wise: $m$ and $v$ have the shape of their parameter $\theta$.

    Parameters
    ----------
    model : Layer or list of Layer
        The model to train, as for [`Optimizer`][nnbook.optim.Optimizer]: its arrays
        are updated in place by ``step()``.
    lr : float
        Learning rate $\eta > 0$.
    beta1 : float
        $\beta_1$ in [0, 1), decay rate of the running mean of the gradient.
    beta2 : float
        $\beta_2$ in [0, 1), decay rate of the running mean of its square.
    eps : float
        $\epsilon > 0$, keeps the division finite where the gradient is 0.
    """

    memories = 2  # m and v
    _fused_arrays = 4  # Δθ, the new m and v, and one for the way there
    beta1, beta2 = _Checked(0.0, 1.0), _Checked(0.0, 1.0)
    eps = _Checked(0.0, low_inclusive=False)

    def __init__(self, model, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(model, lr)
        self.beta1, self.beta2, self.eps = beta1, beta2, eps

    def rule(self, g, m, v):
        r"""Return $\Delta\theta$ and the new $(m, v)$ of the rule above for a parameter
        with gradient $g$ and moments $m$, $v$, at the step being taken,
        $t$ = ``self.t + 1`` (1 before any step). Nothing is changed in place."""
        b1, b2, t = self.beta1, self.beta2, self.t + 1
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**t)
        v_hat = v / (1 - b2**t)
        return -self.lr * m_hat / (np.sqrt(v_hat) + self.eps), (m, v)

    def _fused(self, g, m, v, out):
        # For speed only: rule's arithmetic, operation for operation (the same bits, as
        # tests/unit/test_kernels.py checks), written into arrays kept from step to step.
        # The textbook form's temporary arrays made a plain training loop's step about
        # 1.6 times as long (784-16-16-10, mini-batch 32; 1.8 times at 784-128-10).
        _kernels.adam_update(g, m, v, out, lr=self.lr, beta1=self.beta1, beta2=self.beta2,
                             eps=self.eps, t=self.t + 1)
        return out[0], out[1:3]

    _fused_for = rule
