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

import numpy as np

from . import _kernels
from ._checks import check_gradient, check_real
from .layer import Layer


def _owners(model):
    """``(prefix, owner)`` for the objects whose ``params`` and ``grads`` dicts hold the
    model's arrays, named as ``model.named_parameters()`` names them: the layers without
    layers inside, or the model itself if it is not a layer (the smallest model)."""
    if not isinstance(model, Layer):
        return [("", model)]
    return [(prefix, layer) for prefix, layer in model.named_layers() if not layer.children()]


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
        # Found once (a layer added to a Sequential later needs a new optimiser): walking
        # the layers at every step would cost more than a small network's step.
        self._owners = [(i, prefix, owner) for i, m in enumerate(models)
                        for prefix, owner in _owners(m)]

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

    def _memory(self, key, theta, count):
        """Return ``count`` arrays of ``theta``'s shape kept for it from step to step:
        zeros at first (and for a parameter whose shape changed)."""
        memory = self.state.get(key)
        if memory is None or memory[0].shape != theta.shape:
            memory = self.state[key] = tuple(np.zeros_like(theta) for _ in range(count))
        return memory

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

    def step(self):
        r"""Take one step: $\theta \leftarrow \theta - \eta g$, or with momentum
        $v \leftarrow \mu v - \eta g$, $\theta \leftarrow \theta + v$, for every parameter."""
        for key, theta, g in self._parameters():
            if self.momentum == 0.0:
                theta -= self.lr * g
            else:
                v, = self._memory(key, theta, 1)
                v[...] = self.momentum * v - self.lr * g
                theta += v


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
        self.t = 0  # number of steps taken, the t of the bias corrections
        self._scratch = {}  # two arrays per parameter for _kernels.adam_update

    def step(self):
        r"""Take one step of ``rule`` for every parameter, $t$ one higher.

        It calls ``nnbook._kernels.adam_update``: ``rule``'s arithmetic done in place, as
        the textbook form's temporary arrays made an epoch about 1.5 times as long.
        """
        parameters = self._parameters()  # checked before t or any memory changes
        self.t += 1
        for key, theta, g in parameters:
            m, v = self._memory(key, theta, 2)
            if key not in self._scratch or self._scratch[key][0].shape != theta.shape:
                self._scratch[key] = (np.empty_like(theta), np.empty_like(theta))
            _kernels.adam_update(theta, g, m, v, self._scratch[key], lr=self.lr,
                                 beta1=self.beta1, beta2=self.beta2, eps=self.eps, t=self.t)

    def rule(self, theta, g, m, v):
        r"""The rule above for one parameter $\theta$ with gradient $g$ and moments
        $m$, $v$, at the current $t$, updating all three in place, as written."""
        b1, b2 = self.beta1, self.beta2
        m[...] = b1 * m + (1 - b1) * g
        v[...] = b2 * v + (1 - b2) * g**2
        m_hat = m / (1 - b1**self.t)
        v_hat = v / (1 - b2**self.t)
        theta -= self.lr * m_hat / (np.sqrt(v_hat) + self.eps)
