"""The textbook loop: backpropagation one example at a time, as in Nielsen's network.py.

Michael Nielsen, *Neural Networks and Deep Learning*, chapter 1, ``network.py``: column
vectors, weights ``W`` of shape ``(n_out, n_in)``, biases ``(n_out, 1)``, sigmoid
everywhere, the quadratic cost ``C_x = ½‖a − y‖²``, and for a mini-batch of ``m``
examples the step ``W ← W − (η/m) Σ_x ∇_W C_x``. ``update_mini_batch`` and ``backprop``
are transcribed as they are (Python 3, ``range`` for ``xrange``), including the zero
arrays made for every example and ``sigmoid_prime`` computed from ``z``. Only the epoch
loop is ours: it shuffles with a numpy Generator instead of ``random.shuffle``.
"""

import numpy as np


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def sigmoid_prime(z):
    return sigmoid(z) * (1 - sigmoid(z))


class PerExampleNetwork:
    """Nielsen's ``Network`` (network.py, chapter 1), its training step transcribed as is."""

    def __init__(self, weights, biases):
        # Copies of row-major (n_out, n_in) weights and (n_out,) biases, as columns.
        self.weights = [np.array(W, dtype=np.float64) for W in weights]
        self.biases = [np.array(b, dtype=np.float64).reshape(-1, 1) for b in biases]
        self.num_layers = len(self.weights) + 1

    def update_mini_batch(self, mini_batch, eta):
        """One step of gradient descent on a list of ``(x, y)`` column-vector pairs."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        for x, y in mini_batch:
            delta_nabla_b, delta_nabla_w = self.backprop(x, y)
            nabla_b = [nb + dnb for nb, dnb in zip(nabla_b, delta_nabla_b)]
            nabla_w = [nw + dnw for nw, dnw in zip(nabla_w, delta_nabla_w)]
        self.weights = [w - (eta / len(mini_batch)) * nw
                        for w, nw in zip(self.weights, nabla_w)]
        self.biases = [b - (eta / len(mini_batch)) * nb
                       for b, nb in zip(self.biases, nabla_b)]

    def backprop(self, x, y):
        """Gradients of ``C_x`` for one example: lists like ``self.biases``, ``self.weights``."""
        nabla_b = [np.zeros(b.shape) for b in self.biases]
        nabla_w = [np.zeros(w.shape) for w in self.weights]
        # feedforward
        activation = x
        activations = [x]  # list to store all the activations, layer by layer
        zs = []  # list to store all the z vectors, layer by layer
        for b, w in zip(self.biases, self.weights):
            z = np.dot(w, activation) + b
            zs.append(z)
            activation = sigmoid(z)
            activations.append(activation)
        # backward pass
        delta = self.cost_derivative(activations[-1], y) * sigmoid_prime(zs[-1])
        nabla_b[-1] = delta
        nabla_w[-1] = np.dot(delta, activations[-2].transpose())
        for layer in range(2, self.num_layers):
            z = zs[-layer]
            sp = sigmoid_prime(z)
            delta = np.dot(self.weights[-layer + 1].transpose(), delta) * sp
            nabla_b[-layer] = delta
            nabla_w[-layer] = np.dot(delta, activations[-layer - 1].transpose())
        return (nabla_b, nabla_w)

    def cost_derivative(self, output_activations, y):
        return output_activations - y

    def epoch(self, training_data, mini_batch_size, eta, rng):
        """Shuffle ``training_data`` (a list of pairs) and take one step per mini-batch."""
        order = rng.permutation(len(training_data))
        shuffled = [training_data[i] for i in order]
        for k in range(0, len(shuffled), mini_batch_size):
            self.update_mini_batch(shuffled[k:k + mini_batch_size], eta)


def as_pairs(X, Y):
    """Rows of ``X`` and ``Y`` as the list of ``(x, y)`` column vectors the loop reads."""
    return [(x.reshape(-1, 1), y.reshape(-1, 1)) for x, y in zip(X, Y)]
