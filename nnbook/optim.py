r"""Optimisers: turn the gradients of the last ``backward`` into a step downhill.

An optimiser is given the **model** once, when it is made: anything with ``params`` and
``grads`` dicts of the same keys (a layer, a ``Sequential``), or a list of such things
(``[dense1, relu, dense2]``); the layers of a ``Sequential`` are looked up then, so a
layer added to it later needs a new optimiser. Each call of ``step()`` reads the gradients
*at that moment* (``backward`` overwrites ``grads`` every time) and updates every array in
``params`` **in place**, so the model sees the new values without being told.

The usual loop:

    for X_batch, y_batch in batches:
        cost = loss.forward(model(X_batch), y_batch)
        model.backward(loss.backward())
        optimizer.step()
"""

import numpy as np

from ._checks import _FLOAT64
from .sequential import Sequential


def _check_number(value, name, low, high=np.inf, *, low_inclusive=True):
    # Hyper-parameters are plain real numbers; say which range when one is not.
    ok_type = isinstance(value, (int, float, np.integer, np.floating))
    if isinstance(value, bool) or not ok_type or not np.isfinite(value):
        raise ValueError(f"{name} must be a finite real number, got {value!r}")
    above = value >= low if low_inclusive else value > low
    if not (above and value < high):
        left = "[" if low_inclusive else "("
        right = ")" if high < np.inf else ""
        shown = f"{left}{low}, {high}{right}" if high < np.inf else f"> {low}"
        raise ValueError(f"{name} must be in {shown}, got {value!r}")
    return float(value)


def _owners(model, prefix=""):
    """``(prefix, layer)`` for the layers of ``model`` that own its arrays: the model
    itself, or the layers of a Sequential, named as its ``params`` names them."""
    if isinstance(model, Sequential):
        for j, layer in enumerate(model.layers):
            yield from _owners(layer, f"{prefix}{j}.")
    else:
        yield prefix, model


def _checked(layer, name, param, grad):
    """Return ``grad`` as an array fit to update ``param``, or raise ``ValueError``."""
    if not (isinstance(param, np.ndarray) and param.dtype == np.float64):
        raise ValueError(
            f"parameter {name!r} must be a float64 numpy array (updated in place), "
            f"got {type(param).__name__} of dtype {getattr(param, 'dtype', None)}"
        )
    if grad is None and name not in layer.grads:
        raise ValueError(
            f"no gradient for parameter {name!r} of {type(layer).__name__}: "
            "call backward before step"
        )
    grad = np.asarray(grad)
    if grad.dtype.kind not in "biuf":
        raise ValueError(f"gradient of {name!r} must hold real numbers, got "
                         f"dtype {grad.dtype}")
    if grad.shape != param.shape:
        raise ValueError(
            f"gradient of {name!r} must have the parameter's shape {param.shape}, "
            f"got shape {grad.shape}"
        )
    return grad


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
                raise ValueError(
                    "an optimiser needs a model with `params` and `grads` dicts (a layer, a "
                    f"Sequential) or a list of them, got {type(m).__name__}"
                )
        self.models = models
        self.lr = _check_number(lr, "lr", 0.0, low_inclusive=False)
        self.state = {}  # per-parameter memory (velocity, moments), keyed (model index, name)
        # The layers that own the arrays, found once: a Sequential's params and grads are
        # dicts built afresh on every access, which would cost more than a small step.
        self._owners = [(i, prefix, owner) for i, m in enumerate(models)
                        for prefix, owner in _owners(m)]
        self._layout = None  # ((key, shape), ...) of the flat arrays below

    def _parameters(self):
        """Return ``(key, param, grad)`` for every parameter, reading ``grads`` now.

        Everything is checked before anything is updated: no half-done steps. Keys are
        ``(model index, name)`` with the model's names (``"0.W"`` in a Sequential).
        """
        found = []
        for i, prefix, m in self._owners:
            grads = m.grads
            for name, param in m.params.items():
                grad = grads.get(name)
                # The usual case in one test; anything else goes through _checked.
                if not (type(param) is np.ndarray and type(grad) is np.ndarray
                        and param.dtype is _FLOAT64 and grad.dtype is _FLOAT64
                        and grad.shape == param.shape):
                    grad = _checked(m, name, param, grad)
                found.append(((i, prefix + name), param, grad))
        return found

    # The updates are element-wise, so they run on every parameter at once: the gradients
    # laid end to end in one flat array, and the memories (velocity, moments) kept flat,
    # ``state`` holding views of them. One numpy call over all the numbers gives the same
    # numbers as one call per array, without paying a call's fixed cost for every small
    # bias vector, nor a new temporary array for every product.
    _memory_arrays = 0  # flat arrays of memory, each one number per parameter number

    def _flat_gradient(self):
        """Return ``(parameters, g)``: ``_parameters()`` and a flat copy of their
        gradients, which the step may overwrite (it is the optimiser's own array)."""
        found = self._parameters()
        layout = tuple((key, param.shape) for key, param, _ in found)
        if layout != self._layout:
            self._lay_out(layout)
        if found:
            np.concatenate([grad.ravel() for _, _, grad in found], out=self._g)
        return found, self._g

    def _lay_out(self, layout):
        # New flat arrays for new parameters (or new shapes); a memory kept for a
        # parameter that is still there keeps its values.
        offsets = np.cumsum([0] + [int(np.prod(shape)) for _, shape in layout])
        self._g = np.empty(offsets[-1])
        memories = [np.zeros(offsets[-1]) for _ in range(self._memory_arrays)]
        state = {}
        for (key, shape), start, stop in zip(layout, offsets[:-1], offsets[1:]):
            views = tuple(memory[start:stop].reshape(shape) for memory in memories)
            old = self.state.get(key)
            if old is not None:
                for view, values in zip(views, old if isinstance(old, tuple) else (old,)):
                    if values.shape == shape:
                        view[...] = values
            if views:
                state[key] = views if len(views) > 1 else views[0]
        self.state.clear()  # the same dict: a reader may hold it
        self.state.update(state)
        self._memories = memories
        self._spans = list(zip(offsets[:-1], offsets[1:]))
        self._layout = layout

    def _parts(self, found, flat):
        """``(param, part)``: each parameter with its part of ``flat``, in its shape."""
        for (_, param, _), (start, stop) in zip(found, self._spans):
            yield param, flat[start:stop].reshape(param.shape)

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
        self.momentum = _check_number(momentum, "momentum", 0.0, 1.0)
        self._memory_arrays = int(self.momentum != 0.0)  # the velocity, with momentum only

    def step(self):
        if self.momentum == 0.0:  # one product per array: a flat copy would only add one
            for _, param, grad in self._parameters():
                param -= self.lr * grad
            return
        found, g = self._flat_gradient()
        g *= self.lr
        v, = self._memories
        v *= self.momentum
        v -= g
        for param, velocity in self._parts(found, v):
            param += velocity


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
        self.beta1 = _check_number(beta1, "beta1", 0.0, 1.0)
        self.beta2 = _check_number(beta2, "beta2", 0.0, 1.0)
        self.eps = _check_number(eps, "eps", 0.0, low_inclusive=False)
        self.t = 0  # number of steps taken, the t of the bias corrections
        self._scratch = np.empty(0)

    _memory_arrays = 2  # m and v

    def step(self):
        found, g = self._flat_gradient()  # raises before any state changes if grads are missing
        self.t += 1
        m, v = self._memories
        if len(self._scratch) != len(g):
            self._scratch = np.empty_like(g)
        g2 = np.square(g, out=self._scratch)  # then v-hat and the denominator
        m *= self.beta1
        m += np.multiply(g, 1 - self.beta1, out=g)
        v *= self.beta2
        v += np.multiply(g2, 1 - self.beta2, out=g2)
        m_hat = np.divide(m, 1 - self.beta1**self.t, out=g)
        v_hat = np.divide(v, 1 - self.beta2**self.t, out=g2)
        denominator = np.add(np.sqrt(v_hat, out=v_hat), self.eps, out=v_hat)
        step = np.divide(np.multiply(m_hat, self.lr, out=m_hat), denominator, out=m_hat)
        for param, part in self._parts(found, step):
            param -= part
