"""Case 3: one convolution, forward and backward, nnbook.Conv2D against PyTorch (float64).

Each timed run computes the output ``z`` and, from a fixed upstream gradient ``G``, the
gradients of the input, the filters and the biases. Before timing, nnbook's results are
compared with torch's: the largest absolute difference of each of the four arrays.
"""

import numpy as np

import nnbook


def make_inputs(shape, seed):
    """Random input, weights, bias and upstream gradient for one configuration."""
    (N, C_in, H, W), (C_out, kH, kW), padding = shape["x"], shape["filters"], shape["padding"]
    rng = np.random.default_rng(seed)
    layer = nnbook.Conv2D(C_in, C_out, (kH, kW), padding=padding, rng=rng)
    layer.b = rng.standard_normal(C_out)
    x = rng.standard_normal((N, C_in, H, W))
    H_out = nnbook.conv_output_size(H, kH, 1, padding)
    W_out = nnbook.conv_output_size(W, kW, 1, padding)
    G = rng.standard_normal((N, C_out, H_out, W_out))
    return layer, x, G


def nnbook_step(layer, x, G):
    z = layer.forward(x)
    dx = layer.backward(G)
    return z, dx, layer.grads["W"], layer.grads["b"]


def torch_step(torch, x, w, b, G, padding):
    x = x.detach().requires_grad_(True)
    w = w.detach().requires_grad_(True)
    b = b.detach().requires_grad_(True)
    z = torch.nn.functional.conv2d(x, w, b, padding=padding)
    z.backward(G)
    return z, x.grad, w.grad, b.grad


def setup(shape, torch, seed=0):
    """Return (name -> callable, agreement check) for one configuration."""
    layer, x, G = make_inputs(shape, seed)
    runs = {"nnbook": lambda: nnbook_step(layer, x, G)}
    check = {"checked": False, "reason": "PyTorch is not installed"}
    if torch is not None:
        xt, wt, bt, Gt = (torch.from_numpy(a) for a in (x, layer.W.copy(), layer.b.copy(), G))
        p = shape["padding"]
        runs["torch"] = lambda: torch_step(torch, xt, wt, bt, Gt, p)
        ours = nnbook_step(layer, x, G)
        theirs = [t.detach().numpy() for t in torch_step(torch, xt, wt, bt, Gt, p)]
        names = ("output", "grad_x", "grad_W", "grad_b")
        diffs = {n: float(np.max(np.abs(a - t))) for n, a, t in zip(names, ours, theirs)}
        check = {"checked": True, "max_abs_difference": diffs, "tolerance": 1e-10,
                 "equal_within_tolerance": all(d <= 1e-10 for d in diffs.values())}
    return runs, check
