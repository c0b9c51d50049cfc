"""Cases 1 and 2: training a sigmoid network with squared error and plain SGD.

Three implementations of the same training, started from the same weights:

- ``nnbook``: ``Sequential(Dense, Sigmoid, Dense, Sigmoid)``, ``MSE``, ``SGD`` through
  ``nnbook.fit`` (one matrix product per layer and mini-batch);
- ``per_example``: Nielsen's loop over the examples of each mini-batch (per_example.py);
- ``torch``: ``nn.Linear`` + ``nn.Sigmoid``, ``nn.MSELoss()``, ``optim.SGD``, float64.

The classic step is ``W ← W − (η/m) Σ_x ∇C_x`` with ``C_x = ½‖a − y‖²``. ``nnbook.MSE``
(and torch's ``MSELoss(reduction="mean")``) is the mean over all ``m·K`` entries of
``(a − y)²``, whose gradient is ``2(a − y)/(m K)``: with ``lr = η K / 2`` the two steps
are the same, which ``check_same_training`` verifies after a few mini-batches.
"""

import numpy as np

import nnbook
from per_example import PerExampleNetwork, as_pairs


def make_data(n, n_in, n_out, seed):
    """``n`` random examples in [0, 1) and random one-hot labels (speed ignores the values)."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, n_in))
    Y = nnbook.one_hot(rng.integers(0, n_out, n), n_out)
    return X, Y


def nnbook_model(sizes, seed):
    rng = np.random.default_rng(seed)
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers += [nnbook.Dense(n_in, n_out, rng=rng), nnbook.Sigmoid()]
    return nnbook.Sequential(*layers)


def dense_layers(model):
    return [layer for layer in model if isinstance(layer, nnbook.Dense)]


class NnbookRun:
    def __init__(self, sizes, eta, batch_size, seed):
        self.model = nnbook_model(sizes, seed)
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
    """Build the three runs of ``case``; return (name -> callable, equivalence check)."""
    sizes, eta, B, n_timed = case["sizes"], case["eta"], case["batch_size"], case["examples_timed"]
    X, Y = X[:n_timed], Y[:n_timed]
    nn_run = NnbookRun(sizes, eta, B, case["seed"])
    pe_run = PerExampleRun(nn_run.model, eta, B)
    pairs = as_pairs(X, Y)
    runs = {"nnbook": lambda rng=np.random.default_rng(1): nn_run.train(X, Y, rng),
            "per_example": lambda rng=np.random.default_rng(1): pe_run.train(pairs, rng)}
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
    nn_run = NnbookRun(sizes, eta, B, case["seed"])
    pe_run, t_run = PerExampleRun(nn_run.model, eta, B), None
    if torch is not None:
        t_run = TorchRun(torch, nn_run.model, nn_run.lr, B)
    nn_run.train(X, Y, np.random.default_rng(2))  # same seed: same order of examples
    pe_run.train(as_pairs(X, Y), np.random.default_rng(2))
    result = {"mini_batches": n_batches,
              "max_abs_weight_difference_per_example_vs_nnbook":
                  _max_difference(pe_run.weights(), nn_run.weights())}
    if t_run is not None:
        t_run.train(torch.from_numpy(X), torch.from_numpy(Y), np.random.default_rng(2))
        result["max_abs_weight_difference_torch_vs_nnbook"] = _max_difference(
            t_run.weights(), nn_run.weights())
    result["same_training"] = all(v < 1e-10 for k, v in result.items() if k.startswith("max"))
    return result
