"""Case 5: one epoch of the convolutional network of the book's chapter, on its digits.

Two implementations of the same training, started from the same weights:

- ``nnbook``: the chapter's network, ``Conv2D(1, 6, 5)``, ``ReLU``, ``MaxPool2D(2)``,
  ``Conv2D(6, 12, 5)``, ``ReLU``, ``MaxPool2D(2)``, ``Flatten``, ``Dense(192, 10)``, with
  ``CrossEntropy`` and ``Adam`` through ``nnbook.fit``;
- ``torch``: ``nn.Conv2d``, ``nn.ReLU``, ``nn.MaxPool2d``, ``nn.Flatten``, ``nn.Linear``,
  ``nn.CrossEntropyLoss()``, ``optim.Adam``, all in float64.

The data are the chapter's, ``nnbook.datasets.mnist("train")`` as ``(N, 1, 28, 28)``, of
which the first 8,000 are timed (the case's ``examples_timed``), the time scaled to the
50,000 of an epoch. Both see the mini-batches in the order ``nnbook.minibatches`` gives
for the same seed; ``check_same_training`` compares their weights after a few of them.
"""

import numpy as np

import nnbook


def nnbook_model(seed):
    """The chapter's network, with the initial weights of ``default_rng(seed)``."""
    rng = np.random.default_rng(seed)
    return nnbook.Sequential(
        nnbook.Conv2D(1, 6, 5, rng=rng), nnbook.ReLU(), nnbook.MaxPool2D(2),
        nnbook.Conv2D(6, 12, 5, rng=rng), nnbook.ReLU(), nnbook.MaxPool2D(2),
        nnbook.Flatten(), nnbook.Dense(12 * 4 * 4, 10, rng=rng),
    )


def _with_weights(model):
    return [layer for layer in model if layer.params]


class NnbookRun:
    def __init__(self, case):
        self.model = nnbook_model(case["seed"])
        self.loss = nnbook.CrossEntropy()
        self.optimizer = nnbook.Adam(self.model, lr=case["lr"])
        self.batch_size = case["batch_size"]

    def train(self, X, y, rng):
        nnbook.fit(self.model, X, y, loss=self.loss, optimizer=self.optimizer, epochs=1,
                   batch_size=self.batch_size, rng=rng)

    def weights(self):
        return [(layer.W, layer.b) for layer in _with_weights(self.model)]


class TorchRun:
    def __init__(self, torch, case, model):
        nn = torch.nn
        f64 = {"dtype": torch.float64}
        self.net = nn.Sequential(
            nn.Conv2d(1, 6, 5, **f64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(6, 12, 5, **f64), nn.ReLU(), nn.MaxPool2d(2),
            nn.Flatten(), nn.Linear(12 * 4 * 4, 10, **f64),
        )
        ours = _with_weights(model)
        theirs = [m for m in self.net if isinstance(m, (nn.Conv2d, nn.Linear))]
        with torch.no_grad():
            for layer, module in zip(ours, theirs, strict=True):
                module.weight.copy_(torch.from_numpy(layer.W))
                module.bias.copy_(torch.from_numpy(layer.b))
        self.torch = torch
        self.loss = nn.CrossEntropyLoss()  # the batch mean, as nnbook.CrossEntropy
        self.optimizer = torch.optim.Adam(self.net.parameters(), lr=case["lr"])
        self.batch_size = case["batch_size"]

    def train(self, X, y, rng):
        order = self.torch.from_numpy(rng.permutation(len(X)))  # as nnbook.minibatches
        for k in range(0, len(X), self.batch_size):
            idx = order[k:k + self.batch_size]
            self.optimizer.zero_grad(set_to_none=True)
            cost = self.loss(self.net(X[idx]), y[idx])
            cost.backward()
            self.optimizer.step()

    def weights(self):
        modules = [m for m in self.net if isinstance(m, (self.torch.nn.Conv2d,
                                                          self.torch.nn.Linear))]
        return [(m.weight.detach().numpy(), m.bias.detach().numpy()) for m in modules]


def _max_difference(a, b):
    return max(float(np.max(np.abs(x - y))) for pa, pb in zip(a, b) for x, y in zip(pa, pb))


def setup(case, torch, X, y):
    """Return (name -> callable that trains one epoch, equivalence check)."""
    nn_run = NnbookRun(case)
    runs = {"nnbook": lambda rng=np.random.default_rng(1): nn_run.train(X, y, rng)}
    if torch is not None:
        t_run = TorchRun(torch, case, nn_run.model)
        Xt, yt = torch.from_numpy(X), torch.from_numpy(y)
        runs["torch"] = lambda rng=np.random.default_rng(1): t_run.train(Xt, yt, rng)
    return runs, check_same_training(case, torch, X, y)


def check_same_training(case, torch, X, y, n_batches=20):
    """Train both on the same first mini-batches from the same start; compare weights."""
    n = n_batches * case["batch_size"]
    X, y = X[:n], y[:n]
    nn_run = NnbookRun(case)
    result = {"mini_batches": n_batches}
    if torch is not None:
        t_run = TorchRun(torch, case, nn_run.model)
        t_run.train(torch.from_numpy(X), torch.from_numpy(y), np.random.default_rng(2))
    nn_run.train(X, y, np.random.default_rng(2))  # same seed: same order of examples
    if torch is not None:
        result["max_abs_weight_difference_torch_vs_nnbook"] = _max_difference(
            t_run.weights(), nn_run.weights())
    result["same_training"] = all(v < 1e-10 for k, v in result.items() if k.startswith("max"))
    return result
