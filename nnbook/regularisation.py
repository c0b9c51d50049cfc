r"""L2 regularisation (weight decay): a cost for large weights, added to the loss.

A network that fits its training points too closely often does it with large weights,
which make its answer change steeply between nearby points. The L2 penalty adds to the
cost the sum of the squares of the weights,

$$C_\lambda = C + \frac{\lambda}{2} \sum_W \sum_{j,k} W_{jk}^2,$$

so that each step also pulls every weight towards 0, by $\lambda W$: the gradient of
the penalty. The biases are left out (they shift a neuron's threshold and do not make
its answer steeper), as is usual.

The penalty is a term of its own, beside the loss and the optimiser, so that any
optimiser trains with it:

    cost = loss.forward(model(X_batch), y_batch) + penalty.forward()
    model.backward(loss.backward())
    penalty.backward()  # adds λW to the gradient of every weight
    optimizer.step()

With SGD this is the "weight decay" of the name: $W \leftarrow W - \eta(\nabla_W C +
\lambda W) = (1 - \eta\lambda) W - \eta \nabla_W C$.
"""

import math
import weakref

import numpy as np

from ._checks import check_real, describe
from .layer import Layer
from .losses import _rescued_mean


class L2:
    r"""The L2 penalty $\frac{\lambda}{2}\sum W^2$ on every weight of ``model``.

    ``forward()`` returns the penalty (a float); ``backward()``, called after the
    model's ``backward``, replaces each weight's gradient in the layers' ``grads`` by
    that gradient plus the penalty's, $\lambda W$ (a new array: the one ``backward``
    wrote is left as it was).

    Parameters
    ----------
    model : Layer
        A layer or a ``Sequential``: its weights are its parameters named ``W`` (those of
        ``Dense`` and ``Conv2D``), at least one; biases are not penalised.
    lam : float
        The strength $\lambda \ge 0$ (0: no penalty).
    """

    def __init__(self, model, lam):
        if not isinstance(model, Layer):
            raise TypeError(f"L2 needs a model that is a nnbook Layer (a Sequential too), "
                            f"got {describe(model)}")
        self.model = model
        if not self._weights():  # a penalty of 0 at every step, without a word
            raise ValueError(f"L2 needs a model with weights (parameters named W, as Dense's "
                             f"and Conv2D's), got {type(model).__name__} with none")
        self.lam = check_real(lam, "lam", 0.0)
        self._written = {}  # per layer, the gradient backward last wrote (weakly held)

    def _weights(self):
        # (layer, W) for every parameter named W, in the order of named_parameters.
        return [(layer, layer.params["W"]) for _, layer in self.model.named_layers()
                if "W" in layer.params]

    def forward(self):
        r"""Return $\frac{\lambda}{2}\sum W^2$ over every weight of the model."""
        weights = [W for _, W in self._weights()]
        squares = sum(float(np.vdot(W, W)) for W in weights)
        if math.isinf(squares):  # the sum overflowed, the penalty may not (λ = 0: not NaN)
            W = np.concatenate([W.ravel() for W in weights])  # λ/2 Σ W² = λ mean(n/2 W²)
            return _rescued_mean(squares, lambda s: (W * s) ** 2 * (0.5 * W.size), W.size,
                                 degree=2, times=self.lam)
        return self.lam * (0.5 * squares)  # λ/2 would lose the digits of a λ below 1e-308

    def backward(self):
        r"""Add $\lambda W$ to the gradient of every weight (after ``model.backward``).

        ``ValueError`` if a weight has no gradient of its shape yet (no ``backward`` of
        the model), or already has the penalty's (a second call after the same
        ``backward``); then no gradient is changed."""
        weights = self._weights()
        for layer, W in weights:
            g = layer.grads.get("W")
            if not isinstance(g, np.ndarray) or g.shape != W.shape:
                raise ValueError(f"L2.backward needs the gradient of every weight: call the "
                                 f"model's backward first (a weight of shape {W.shape} has "
                                 f"{'none' if g is None else f'shape {np.shape(g)}'})")
            written = self._written.get(id(layer))
            if written is not None and written() is g:
                raise ValueError("L2.backward was called twice after one backward of the "
                                 "model: the gradients already hold λW once")
        for layer, W in weights:
            layer.grads["W"] = layer.grads["W"] + self.lam * W
            self._written[id(layer)] = weakref.ref(layer.grads["W"])

    def __repr__(self):
        return f"L2(lam={self.lam})"
