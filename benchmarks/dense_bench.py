"""Cases 1 and 2: training a sigmoid network with squared error and plain SGD.

Five implementations of the same training, started from the same weights:

- ``nnbook``: ``Sequential(Dense, Sigmoid, Dense, Sigmoid)``, ``MSE``, ``SGD`` through
  ``nnbook.fit`` (one matrix product per layer and mini-batch);
- ``per_example``: Nielsen's loop over the examples of each mini-batch (per_example.py);
- ``bare_numpy``: the batched step as a few numpy lines written for speed alone (no
  layers, no checks): the floor for numpy code that batches, to see what nnbook costs;
- ``same_work``: nnbook's own arithmetic as bare numpy lines (the guarded sigmoid, the
  true gradient and then the learning rate, the cost and the accuracy), with no layers,
  checks or optimiser: it trains to the same bits as nnbook, and tells what the
  library's structure costs apart from what its promises cost;
- ``torch``: ``nn.Linear`` + ``nn.Sigmoid``, ``nn.MSELoss()``, ``optim.SGD``, float64.

The classic step is ``W ← W − (η/m) Σ_x ∇C_x`` with ``C_x = ½‖a − y‖²``. ``nnbook.MSE``
(and torch's ``MSELoss(reduction="mean")``) is the mean over all ``m·K`` entries of
``(a − y)²``, whose gradient is ``2(a − y)/(m K)``: with ``lr = η K / 2`` the two steps
are the same, which ``check_same_training`` verifies after a few mini-batches.
"""

import numpy as np

import nnbook
from nnbook.functional import sigmoid
from per_example import PerExampleNetwork, as_pairs


def make_data(n, n_in, n_out, seed):
    """``n`` random examples in [0, 1) and random one-hot labels (speed ignores the values)."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, n_in))
    Y = nnbook.one_hot(rng.integers(0, n_out, n), n_out)
    return X, Y


def nnbook_model(sizes, seed):
    return nnbook.mlp(sizes, nnbook.Sigmoid, output=nnbook.Sigmoid,
                      rng=np.random.default_rng(seed))


def dense_layers(model):
    return [layer for layer in model if isinstance(layer, nnbook.Dense)]


def normal_start(model, seed):
    """Nielsen's start: every weight and bias drawn from N(0, 1). With 784 inputs most
    sigmoids start saturated, where their exp meets the largest numbers."""
    rng = np.random.default_rng(seed)
    for dense in dense_layers(model):
        dense.W[...] = rng.standard_normal(dense.W.shape)
        dense.b[...] = rng.standard_normal(dense.b.shape)


class NnbookRun:
    def __init__(self, sizes, eta, batch_size, seed, start="nnbook"):
        self.model = nnbook_model(sizes, seed)
        if start == "normal":
            normal_start(self.model, seed)
        self.lr = eta * sizes[-1] / 2  # the classic step with a mean over m·K entries
        self.loss = nnbook.MSE()
        self.optimizer = nnbook.SGD(self.model, lr=self.lr)
        self.batch_size = batch_size

    def train(self, X, Y, rng):
        nnbook.fit(self.model, X, Y, loss=self.loss, optimizer=self.optimizer, epochs=1,
                   batch_size=self.batch_size, rng=rng)

    def weights(self):
        return [(d.W, d.b) for d in dense_layers(self.model)]


class PerExampleRun:
    def __init__(self, model, eta, batch_size):
        Ws = [d.W for d in dense_layers(model)]
        bs = [d.b for d in dense_layers(model)]
        self.net = PerExampleNetwork(Ws, bs)
        self.eta, self.batch_size = eta, batch_size

    def train(self, pairs, rng):
        self.net.epoch(pairs, self.batch_size, self.eta, rng)

    def weights(self):
        return [(W, b.ravel()) for W, b in zip(self.net.weights, self.net.biases)]


class BareNumpyRun:
    """The batched step with nothing else: no layer objects, no input checks, no accuracy
    count, weights stored as ``(n_in, n_out)`` so that ``Z = A W + b`` needs no
    transpose, and the learning rate folded into the small ``delta`` matrices instead of
    scaling the large weight gradients. The plain sigmoid formula is safe for these
    inputs (not in general: it overflows below -709)."""

    def __init__(self, model, lr, batch_size):
        self.Ws = [np.ascontiguousarray(d.W.T) for d in dense_layers(model)]
        self.bs = [d.b.copy() for d in dense_layers(model)]
        self.lr, self.batch_size = lr, batch_size

    def train(self, X, Y, rng):
        Ws, bs, B = self.Ws, self.bs, self.batch_size
        order = rng.permutation(len(X))  # the order nnbook.minibatches gives
        for k in range(0, len(X), B):
            idx = order[k:k + B]
            activations = [X[idx]]
            for W, b in zip(Ws, bs):
                z = activations[-1] @ W
                z += b
                activations.append(1.0 / (1.0 + np.exp(-z)))
            a = activations[-1]
            # MSE's gradient 2(a - y)/(mK), times sigma'(z) = a(1 - a), times lr
            delta = (a - Y[idx]) * (a * (1.0 - a)) * (2.0 * self.lr / a.size)
            for layer in range(len(Ws) - 1, -1, -1):
                a_in = activations[layer]
                step_W, step_b = a_in.T @ delta, delta.sum(axis=0)
                if layer:
                    delta = (delta @ Ws[layer].T) * (a_in * (1.0 - a_in))
                Ws[layer] -= step_W
                bs[layer] -= step_b

    def weights(self):
        return [(W.T, b) for W, b in zip(self.Ws, self.bs)]


class SameWorkRun:
    """nnbook's step as bare numpy lines: what nnbook's promises cost without the library.

    The arithmetic of ``fit`` with ``Dense``, ``Sigmoid``, ``MSE`` and ``SGD``, in the same
    order, so that it trains to the same bits: the guarded sigmoid of
    ``nnbook.functional`` (no overflow for any input), the true gradient of the cost and
    then the learning rate applied to it, the cost of every mini-batch and the guesses of
    the accuracy, counted once per epoch. What it leaves out is the library around that
    arithmetic: layer objects, input checks, an optimiser walking the parameters."""

    def __init__(self, model, lr, batch_size):
        self.Ws = [d.W.copy() for d in dense_layers(model)]  # (out, in), as nnbook's
        self.bs = [d.b.copy() for d in dense_layers(model)]
        self.lr, self.batch_size = lr, batch_size

    def train(self, X, Y, rng):
        """One epoch; returns the cost and the accuracy that ``fit`` records."""
        Ws, bs, B, lr = self.Ws, self.bs, self.batch_size, self.lr
        order = rng.permutation(len(X))
        total, guesses = 0.0, []
        for k in range(0, len(X), B):
            idx = order[k:k + B]
            activations = [X[idx]]
            for W, b in zip(Ws, bs):
                activations.append(sigmoid(activations[-1] @ W.T + b))
            a = activations[-1]
            error = a - Y[idx]
            total += float((error**2).sum()) / error.size * len(idx)
            guesses.append(a.argmax(axis=1))
            grad = 2.0 * error / error.size  # MSE's gradient 2(a - y)/(mK)
            for layer in range(len(Ws) - 1, -1, -1):
                a_out, a_in = activations[layer + 1], activations[layer]
                grad_z = grad * a_out * (1.0 - a_out)  # the sigmoid's a(1 - a)
                grad_W, grad_b = grad_z.T @ a_in, grad_z.sum(axis=0)
                if layer:
                    grad = grad_z @ Ws[layer]
                Ws[layer] -= lr * grad_W
                bs[layer] -= lr * grad_b
        correct = np.count_nonzero(np.concatenate(guesses) == Y.argmax(axis=1)[order])
        return total / len(X), correct / len(X)

    def weights(self):
        return list(zip(self.Ws, self.bs))


class TorchRun:
    def __init__(self, torch, model, lr, batch_size):
        nn = torch.nn
        layers = []
        for d in dense_layers(model):
            linear = nn.Linear(d.in_features, d.out_features, dtype=torch.float64)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(d.W))
                linear.bias.copy_(torch.from_numpy(d.b))
            layers += [linear, nn.Sigmoid()]
        self.torch, self.net = torch, nn.Sequential(*layers)
        self.loss = nn.MSELoss(reduction="mean")
        self.optimizer = torch.optim.SGD(self.net.parameters(), lr=lr)
        self.batch_size = batch_size

    def train(self, X, Y, rng):
        torch, B = self.torch, self.batch_size
        order = torch.from_numpy(rng.permutation(len(X)))
        for k in range(0, len(X), B):
            idx = order[k:k + B]
            self.optimizer.zero_grad(set_to_none=True)
            cost = self.loss(self.net(X[idx]), Y[idx])
            cost.backward()
            self.optimizer.step()

    def weights(self):
        linears = [m for m in self.net if isinstance(m, self.torch.nn.Linear)]
        return [(m.weight.detach().numpy(), m.bias.detach().numpy()) for m in linears]


def _max_difference(a, b):
    return max(float(np.max(np.abs(x - y))) for pa, pb in zip(a, b) for x, y in zip(pa, pb))


def setup(case, torch, X, Y):
    """Build the runs of ``case``; return (name -> callable, equivalence check)."""
    sizes, eta, B, n_timed = case["sizes"], case["eta"], case["batch_size"], case["examples_timed"]
    X, Y = X[:n_timed], Y[:n_timed]
    nn_run = NnbookRun(sizes, eta, B, case["seed"], case.get("start", "nnbook"))
    pe_run = PerExampleRun(nn_run.model, eta, B)
    bare_run = BareNumpyRun(nn_run.model, nn_run.lr, B)
    same_run = SameWorkRun(nn_run.model, nn_run.lr, B)
    pairs = as_pairs(X, Y)
    runs = {"nnbook": lambda rng=np.random.default_rng(1): nn_run.train(X, Y, rng),
            "per_example": lambda rng=np.random.default_rng(1): pe_run.train(pairs, rng),
            "bare_numpy": lambda rng=np.random.default_rng(1): bare_run.train(X, Y, rng),
            "same_work": lambda rng=np.random.default_rng(1): same_run.train(X, Y, rng)}
    if torch is not None:
        t_run = TorchRun(torch, nn_run.model, nn_run.lr, B)
        Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
        runs["torch"] = lambda rng=np.random.default_rng(1): t_run.train(Xt, Yt, rng)
    return runs, check_same_training(case, torch, X, Y)


def check_same_training(case, torch, X, Y, n_batches=20):
    """Train each implementation on the same batches from the same start; compare weights."""
    sizes, eta, B = case["sizes"], case["eta"], case["batch_size"]
    n = n_batches * B
    X, Y = X[:n], Y[:n]
    nn_run = NnbookRun(sizes, eta, B, case["seed"], case.get("start", "nnbook"))
    pe_run, t_run = PerExampleRun(nn_run.model, eta, B), None
    bare_run = BareNumpyRun(nn_run.model, nn_run.lr, B)
    same_run = SameWorkRun(nn_run.model, nn_run.lr, B)
    if torch is not None:
        t_run = TorchRun(torch, nn_run.model, nn_run.lr, B)
    nn_run.train(X, Y, np.random.default_rng(2))  # same seed: same order of examples
    pe_run.train(as_pairs(X, Y), np.random.default_rng(2))
    bare_run.train(X, Y, np.random.default_rng(2))
    same_run.train(X, Y, np.random.default_rng(2))
    result = {"mini_batches": n_batches,
              "max_abs_weight_difference_per_example_vs_nnbook":
                  _max_difference(pe_run.weights(), nn_run.weights()),
              "max_abs_weight_difference_bare_numpy_vs_nnbook":
                  _max_difference(bare_run.weights(), nn_run.weights()),
              "max_abs_weight_difference_same_work_vs_nnbook":  # 0: the same arithmetic
                  _max_difference(same_run.weights(), nn_run.weights())}
    if t_run is not None:
        t_run.train(torch.from_numpy(X), torch.from_numpy(Y), np.random.default_rng(2))
        result["max_abs_weight_difference_torch_vs_nnbook"] = _max_difference(
            t_run.weights(), nn_run.weights())
    result["same_training"] = all(v < 1e-10 for k, v in result.items() if k.startswith("max"))
    return result
