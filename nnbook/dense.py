r"""A dense (fully connected) layer: every output is a weighted sum of every input.

For a batch ``X`` of shape ``(N, in_features)`` (rows are examples) the layer computes

$$Z = X W^\top + \mathbf{b}$$

with ``W`` of shape ``(out_features, in_features)``: row ``j`` of ``W`` holds the weights
of neuron ``j``, so $z_j = \mathbf{w}_j \cdot \mathbf{x} + b_j$. This is the convention of
``torch.nn.Linear``.
"""

import numpy as np

from ._checks import as_float_array, check_positive_int, check_shape, default_rng
from .layer import Layer, Parameter


class Dense(Layer):
    r"""Dense layer: $Z = X W^\top + \mathbf{b}$, one weighted sum per neuron and example.

    ``X`` has shape ``(N, in_features)`` (rows are examples), ``W`` has shape
    ``(out_features, in_features)`` (row $j$ holds the weights of neuron $j$) and ``b``
    has shape ``(out_features,)``; the output ``Z`` has shape ``(N, out_features)``, with
    $z_{ij} = \sum_k x_{ik} W_{jk} + b_j$.

    Parameters
    ----------
    in_features : int
        Number of inputs per example (columns of ``X``).
    out_features : int
        Number of neurons (columns of ``Z``).
    rng : numpy.random.Generator or int or None
        Source of the initial weights. Weights are drawn uniformly from
        $[-1/\sqrt{n_{in}}, 1/\sqrt{n_{in}}]$ so that a neuron's weighted sum stays of
        order one whatever the number of inputs; biases start at zero. None: a new
        unseeded generator, other weights at every run.

    Attributes
    ----------
    params : dict
        ``"W"`` of shape ``(out_features, in_features)``, ``"b"`` of shape ``(out_features,)``.
    """

    def __init__(self, in_features, out_features, *, rng=None):
        super().__init__()
        self.in_features = check_positive_int(in_features, "in_features")
        self.out_features = check_positive_int(out_features, "out_features")
        rng = default_rng(rng)
        bound = 1.0 / np.sqrt(self.in_features)
        self.params["W"] = rng.uniform(-bound, bound, (self.out_features, self.in_features))
        self.params["b"] = np.zeros(self.out_features)
        self._X = None

    W = Parameter("The weights, one row per neuron: shape ``(out_features, in_features)``.")
    b = Parameter("The biases, one per neuron: shape ``(out_features,)``.")

    def forward(self, X):
        """Return ``Z = X @ W.T + b``, shape ``(N, out_features)``, for ``X`` of shape
        ``(N, in_features)``; ``ValueError`` if ``X``, ``W`` or ``b`` holds NaN or inf."""
        X = as_float_array(X, "X")
        if X.ndim != 2 or X.shape[1] != self.in_features:  # the message only if wrong
            check_shape(X, (None, self.in_features), "Dense input X")
        # A NaN written into a weight in place is named here, not met in every output.
        W, b = as_float_array(self.params["W"], "W"), as_float_array(self.params["b"], "b")
        self._X = X
        return X @ W.T + b

    def backward(self, grad_out, *, input_grad=True):
        r"""Backpropagate $G = \partial C/\partial Z$ of shape ``(N, out_features)``.

        Since $z_{ij} = \sum_k x_{ik} W_{jk} + b_j$, the chain rule gives
        $\partial C/\partial W = G^\top X$ (stored in ``grads["W"]``),
        $\partial C/\partial \mathbf{b} = \sum_i G_i$, the sum of the rows of $G$
        (``grads["b"]``), and returns $\partial C/\partial X = G W$, of shape
        ``(N, in_features)``; with ``input_grad=False`` (a first layer in training) that
        product is skipped and None returned.
        """
        self.require_forward(self._X)
        grad_out = self.check_grad_out(grad_out, (self._X.shape[0], self.out_features),
                                       input_grad=input_grad)
        self.grads["W"] = grad_out.T @ self._X
        self.grads["b"] = grad_out.sum(axis=0)
        return grad_out @ self.params["W"] if input_grad else None

    def __repr__(self):
        return f"Dense({self.in_features}, {self.out_features})"
