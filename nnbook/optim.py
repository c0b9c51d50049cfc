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
"""

import math

import numpy as np

from . import _kernels
from ._checks import check_gradient, check_real, first_non_finite
from .layer import Layer


def _owners(model):
    """``(prefix, owner)`` for the objects whose ``params`` and ``grads`` dicts hold the
    model's arrays, named as ``model.named_parameters()`` names them: the layers without
    layers inside, or the model itself if it is not a layer (the smallest model)."""
    if not isinstance(model, Layer):
        return [("", model)]
    return [(prefix, layer) for prefix, layer in model.named_layers() if not layer.children()]


def _is_small(array):
    """Whether every entry of ``array`` is below about 1.3e154 in size, found by one dot
    product (``Σ a²`` is then finite): true of nearly every step. A change that small
    leaves a finite parameter finite, as the largest float is about 1e292 away from the
    first number that rounds to inf."""
    return math.isfinite(np.vdot(array, array))


class Optimizer:
    r"""Base class: holds the model and the learning rate, walks its parameters.

    Parameters
    ----------
    model : Layer or list of Layer
        Anything with ``params`` and ``grads`` dicts of the same keys (a layer, a
        ``Sequential``), or a list of them. The arrays in ``params`` are updated in place by
        ``step()``.
    lr : float
        The learning rate $\eta > 0$, the size of a step per unit of gradient.
    """

    def __init__(self, model, lr):
        models = list(model) if isinstance(model, (list, tuple)) else [model]
        for m in models:
            if not (isinstance(getattr(m, "params", None), dict)
                    and isinstance(getattr(m, "grads", None), dict)):
                raise TypeError(
                    "an optimiser needs a model with `params` and `grads` dicts (a layer, a "
                    f"Sequential) or a list of them, got {type(m).__name__}"
                )
        self.models = models
        self.lr = check_real(lr, "lr", 0.0, low_inclusive=False)
        self.state = {}  # per-parameter memory (velocity, moments), keyed (model index, name)
        self.t = 0  # number of steps taken
        # Found once (a Sequential's layers are fixed when it is made): walking the layers
        # at every step would cost more than a small network's step.
        self._owners = [(i, prefix, owner) for i, m in enumerate(models)
                        for prefix, owner in _owners(m)]
        self._staged = {}  # per parameter, arrays where a step is computed before it is kept
        self._new_memory = {}  # memories a step starts, kept in state if the step is kept
        seen = {}
        for (i, name), theta in self._named_arrays():
            where = repr(name) if len(models) == 1 else f"{name!r} of model {i}"
            if id(theta) in seen:  # it would be stepped twice per step
                raise ValueError(f"an optimiser must get each parameter once, got "
                                 f"{seen[id(theta)]} again as {where}")
            seen[id(theta)] = where

    def _named_arrays(self):
        return [((i, prefix + name), theta) for i, prefix, owner in self._owners
                for name, theta in owner.params.items()]

    def parameters(self):
        """Return the arrays ``step`` updates, as they are now (a ``fit`` checks that they
        are its model's)."""
        return [theta for _, theta in self._named_arrays()]

    def _parameters(self):
        """Return ``(key, theta, g)`` for every parameter and its gradient, read now.

        Everything is checked before anything is updated: no half-done steps. Keys are
        ``(model index, name)`` with the model's names (``"0.W"`` in a Sequential).
        """
        found = []
        for i, prefix, owner in self._owners:
            grads = owner.grads
            for name, theta in owner.params.items():
                g = check_gradient(name, theta, grads.get(name), owner)
                found.append(((i, prefix + name), theta, g))
        return found

    def _stage(self, key, theta, count):
        """Return ``count`` arrays of ``theta``'s shape to compute a step into, kept from
        step to step: their old values do not matter."""
        staged = self._staged.get(key)
        if staged is None or staged[0].shape != theta.shape:
            staged = self._staged[key] = tuple(np.empty_like(theta) for _ in range(count))
        return staged

    def _memory(self, key, theta, count):
        """Return ``count`` arrays of ``theta``'s shape kept for it from step to step:
        zeros at first (and for a parameter whose shape changed)."""
        memory = self.state.get(key)
        if memory is None or memory[0].shape != theta.shape:
            # Zeros, kept in state only once the step is kept: a refused step changes nothing.
            memory = self._new_memory[key] = tuple(np.zeros_like(theta) for _ in range(count))
        return memory

    def _keep(self, steps):
        r"""Apply the steps computed aside, once each is known to give finite numbers.

        ``steps`` holds ``(key, theta, g, delta, memories)`` per parameter: the parameter,
        its gradient, its change $\Delta\theta$, and its memories as pairs
        ``(memory, new value)``. A NaN or inf in a gradient, or a step that overflowed (a
        huge learning rate, a gradient whose square is beyond float64), is refused before
        anything changes, naming the parameter.
        """
        for (_, name), theta, g, delta, memories in steps:
            checked = [delta] + [new for _, new in memories if new is not delta]
            if not all(_is_small(new) for new in checked):  # rare: look closer
                self._check_aside(name, theta, g, delta, checked)
        for _, theta, _, delta, memories in steps:
            theta += delta
            for memory, new in memories:
                np.copyto(memory, new)
        self.state.update(self._new_memory)  # a first step's memories, kept only now
        self._new_memory = {}
        self.t += 1

    def _check_aside(self, name, theta, g, delta, checked):
        # A step with an entry beyond 1e154 in size, or not finite: refused if it would
        # make the parameter or a memory NaN or inf, found on a copy.
        for new in [theta + delta] + checked[1:]:
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

    def step(self):
        """Update every parameter once from its current gradient."""
        raise NotImplementedError

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr})"


class SGD(Optimizer):
    r"""Gradient descent, optionally with momentum.

    Without momentum each step is $\theta \leftarrow \theta - \eta\, \nabla C$.
    With momentum $\mu$ the step keeps a *velocity* $v$ (zero at first):

    $$v \leftarrow \mu v - \eta \nabla C, \qquad \theta \leftarrow \theta + v$$

    so consistent gradients build up speed while gradients that flip sign cancel out, like a
    ball rolling downhill with friction $1 - \mu$. (PyTorch stores
    $-v/\eta$ instead; for a fixed ``lr`` the steps are identical.) Each parameter
    array $\theta$ (any shape) has its own $v$ of the same shape.

    Parameters
    ----------
    model : Layer or list of Layer
        Anything with ``params`` and ``grads`` dicts of the same keys (a layer, a
        ``Sequential``), or a list of them. The arrays in ``params`` are updated in place by
        ``step()``.
    lr : float
        Learning rate $\eta > 0$.
    momentum : float
        $\mu$ in [0, 1); 0 is plain gradient descent, 0.9 a common choice.
    """

    def __init__(self, model, lr, momentum=0.0):
        super().__init__(model, lr)
        self.momentum = check_real(momentum, "momentum", 0.0, 1.0)

    @np.errstate(over="ignore", invalid="ignore")  # an overflow is found, and refused, below
    def step(self):
        r"""Take one step: $\theta \leftarrow \theta - \eta g$, or with momentum
        $v \leftarrow \mu v - \eta g$, $\theta \leftarrow \theta + v$, for every parameter.

        Each change $\Delta\theta$ ($-\eta g$, or the new $v$) is computed aside first;
        ``_keep`` adds them all, or refuses the step if one is not finite."""
        steps, self._new_memory = [], {}
        for key, theta, g in self._parameters():
            delta, = self._stage(key, theta, 1)
            if self.momentum == 0.0:
                np.multiply(g, -self.lr, out=delta)  # Δθ = −η g
                steps.append((key, theta, g, delta, []))
            else:
                v, = self._memory(key, theta, 1)
                np.subtract(self.momentum * v, self.lr * g, out=delta)  # Δθ = μ v − η g
                steps.append((key, theta, g, delta, [(v, delta)]))  # the new v is Δθ
        self._keep(steps)  # θ ← θ + Δθ for every parameter, or for none


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
        Anything with ``params`` and ``grads`` dicts of the same keys (a layer, a
        ``Sequential``), or a list of them. The arrays in ``params`` are updated in place by
        ``step()``.
    lr : float
        Learning rate $\eta > 0$.
    beta1 : float
        $\beta_1$ in [0, 1), decay rate of the running mean of the gradient.
    beta2 : float
        $\beta_2$ in [0, 1), decay rate of the running mean of its square.
    eps : float
        $\epsilon > 0$, keeps the division finite where the gradient is 0.
    """

    def __init__(self, model, lr=1e-3, beta1=0.9, beta2=0.999, eps=1e-8):
        super().__init__(model, lr)
        self.beta1 = check_real(beta1, "beta1", 0.0, 1.0)
        self.beta2 = check_real(beta2, "beta2", 0.0, 1.0)
        self.eps = check_real(eps, "eps", 0.0, low_inclusive=False)

    @np.errstate(over="ignore", invalid="ignore")  # an overflow is found, and refused, below
    def step(self):
        r"""Take one step of ``rule`` for every parameter, $t$ one higher.

        It calls ``nnbook._kernels.adam_update``: ``rule``'s arithmetic written into arrays
        kept from step to step, as the textbook form's temporary arrays made an epoch about
        1.5 times as long. ``t`` is the number of steps taken: the $t$ of the bias
        corrections is ``t + 1`` during a step.
        """
        steps, self._new_memory = [], {}
        for key, theta, g in self._parameters():
            m, v = self._memory(key, theta, 2)
            out = self._stage(key, theta, 4)  # Δθ, m and v after the step, and a scratch
            delta, new_m, new_v, _ = out
            _kernels.adam_update(g, m, v, out, lr=self.lr, beta1=self.beta1,
                                 beta2=self.beta2, eps=self.eps, t=self.t + 1)
            # Each is checked: v can overflow alone (g² > 1.8e308), making the step 0.
            steps.append((key, theta, g, delta, [(m, new_m), (v, new_v)]))
        self._keep(steps)

    def rule(self, theta, g, m, v):
        r"""The rule above for one parameter $\theta$ with gradient $g$ and moments
        $m$, $v$, at the current $t$, updating all three in place, as written."""
        b1, b2 = self.beta1, self.beta2
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**self.t)
        v_hat = v / (1 - b2**self.t)
        theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
