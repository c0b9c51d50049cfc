// The backprop-stepper widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../backprop-stepper.js, draws its views; its tests compare them with nnbook).
//
// model({ W, b, x, y, step, nudge }) -> { steps, step, current, loss, grads, nudge }: W[l - 1]
// and b[l - 1] the weights (one row per neuron) and biases of layer l; steps, every number
// in the order computed, each { kind, label, rule, formula, value, l, j, k, lit } (j, k
// counted from 1; lit, the neurons [l, j] and connections [l, j, k] to light); grads, the
// derivatives dl/dW and dl/db; nudge { l, j, k, h } gives { before, after, change,
// predicted }, the loss before and after w(l)_jk + h and h dl/dw(l)_jk.

import { show, sub, sup } from "../format.js";
import { dense, sigmoid, sigmoidPrime } from "../nn.js";

const DIGITS = 4;

function forward(W, b, x) {
  const z = [null];
  const a = [x];
  W.forEach((Wl, i) => {
    z.push(dense(Wl, b[i], a[i]));
    a.push(z[i + 1].map(sigmoid));
  });
  return { z, a };
}

const lossOf = (a, y) => a.reduce((sum, v, j) => sum + (v - y[j]) ** 2, 0);

function model({ W, b, x, y, step = 0, nudge = null }) {
  const n = (v) => (v < 0 ? `(${show(v, DIGITS)})` : show(v, DIGITS));
  const L = W.length;
  const sizes = [x.length, ...b.map((bl) => bl.length)];
  const chain = sizes.every((s) => s === 1);
  // Names in the chapter's notation: no j, k in the chain.
  const s = (l, ...idx) => sup(l) + (chain ? "" : idx.map((i) => sub(i)).join(""));
  const { z, a } = forward(W, b, x);
  const steps = [];
  const add = (kind, l, j, k, label, rule, formula, value, lit) => steps.push(
    { kind, l, j, k, label, rule, formula: `${formula} = ${show(value, DIGITS)}`, value,
      lit });
  const into = (l, j) => Array.from({ length: sizes[l - 1] }, (_, k) => [l, j, k + 1]);
  const inputs = (l) => Array.from({ length: sizes[l - 1] }, (_, k) => [l - 1, k + 1]);

  for (let l = 1; l <= L; l++) {
    for (let j = 1; j <= sizes[l]; j++) {
      const terms = W[l - 1][j - 1].map((w, k) => `${n(w)} \u00b7 ${n(a[l - 1][k])}`);
      const symbols = chain ? `w${s(l)}a${s(l - 1)}`
        : `\u03a3\u2096 w${sup(l)}${sub(j)}\u2096a${sup(l - 1)}\u2096`;
      add("z", l, j, null, `z${s(l, j)}`, "weighted sum plus bias",
        `z${s(l, j)} = ${symbols} + b${s(l, j)} = ${terms.join(" + ")} + `
        + `${n(b[l - 1][j - 1])}`, z[l][j - 1], [[l, j], ...into(l, j), ...inputs(l)]);
      add("a", l, j, null, `a${s(l, j)}`, "activation: the sigmoid",
        `a${s(l, j)} = \u03c3(z${s(l, j)}) = \u03c3(${show(z[l][j - 1], DIGITS)})`,
        a[l][j - 1], [[l, j]]);
    }
  }
  const loss = lossOf(a[L], y);
  const outs = a[L].map((v, j) => `(${show(v, DIGITS)} \u2212 ${show(y[j], DIGITS)})\u00b2`);
  const squares = chain ? `(a${sup(L)} \u2212 y)\u00b2`
    : `\u03a3\u2c7c (a${sup(L)}\u2c7c \u2212 y\u2c7c)\u00b2`;
  add("loss", L, null, null, "\u2113", "the loss of the example: squared error",
    `\u2113 = ${squares} = ${outs.join(" + ")}`, loss,
    Array.from({ length: sizes[L] }, (_, j) => [L, j + 1]));

  // Backward: dl/da of the outputs, then, layer by layer from the last, the errors
  // delta = dl/dz, the weights' and biases' derivatives and dl/da of the layer before.
  const dW = W.map((Wl) => Wl.map((row) => row.map(() => 0)));
  const db = b.map((bl) => bl.map(() => 0));
  let dA = a[L].map((v, j) => 2 * (v - y[j]));
  dA.forEach((g, j) => add("dl_da", L, j + 1, null, `\u2202\u2113/\u2202a${s(L, j + 1)}`,
    "the derivative of the square", `\u2202\u2113/\u2202a${s(L, j + 1)} = 2(a${s(L, j + 1)}`
    + ` \u2212 y${chain ? "" : sub(j + 1)}) = 2(${show(a[L][j], DIGITS)} \u2212 `
    + `${show(y[j], DIGITS)})`, g, [[L, j + 1]]));
  for (let l = L; l >= 1; l--) {
    const delta = dA.map((g, j) => sigmoidPrime(z[l][j]) * g);
    delta.forEach((d, j) => add("delta", l, j + 1, null, `\u03b4${s(l, j + 1)}`,
      "chain rule through a = \u03c3(z)", `\u03b4${s(l, j + 1)} = \u2202\u2113/\u2202z`
      + `${s(l, j + 1)} = \u03c3\u2032(z${s(l, j + 1)}) \u2202\u2113/\u2202a${s(l, j + 1)} = `
      + `${n(sigmoidPrime(z[l][j]))} \u00b7 ${n(dA[j])}`, d, [[l, j + 1]]));
    delta.forEach((d, j) => a[l - 1].forEach((ak, k) => {
      dW[l - 1][j][k] = ak * d;
      add("dl_dw", l, j + 1, k + 1, `\u2202\u2113/\u2202w${s(l, j + 1, k + 1)}`,
        "chain rule through z: \u2202z/\u2202w is the activation before",
        `\u2202\u2113/\u2202w${s(l, j + 1, k + 1)} = a${s(l - 1, k + 1)} \u03b4${s(l, j + 1)} `
        + `= ${n(ak)} \u00b7 ${n(d)}`, ak * d, [[l, j + 1, k + 1], [l - 1, k + 1], [l, j + 1]]);
    }));
    delta.forEach((d, j) => {
      db[l - 1][j] = d;
      add("dl_db", l, j + 1, null, `\u2202\u2113/\u2202b${s(l, j + 1)}`,
        "chain rule through z: \u2202z/\u2202b = 1", `\u2202\u2113/\u2202b${s(l, j + 1)} = `
        + `1 \u00b7 \u03b4${s(l, j + 1)} = 1 \u00b7 ${n(d)}`, d, [[l, j + 1]]);
    });
    if (l > 1) {
      dA = a[l - 1].map((_, k) => delta.reduce((sum, d, j) => sum + W[l - 1][j][k] * d, 0));
      dA.forEach((g, k) => add("dl_da", l - 1, k + 1, null,
        `\u2202\u2113/\u2202a${s(l - 1, k + 1)}`, chain
          ? "chain rule through z: \u2202z/\u2202a is the weight"
          : "sum over the next layer's neurons j: a\u2096 feeds every one",
        `\u2202\u2113/\u2202a${s(l - 1, k + 1)} = ${chain ? "" : "\u03a3\u2c7c "}`
        + `w${chain ? sup(l) : `${sup(l)}\u2c7c${sub(k + 1)}`} \u03b4${chain ? sup(l)
          : `${sup(l)}\u2c7c`} = `
        + delta.map((d, j) => `${n(W[l - 1][j][k])} \u00b7 ${n(d)}`).join(" + "), g,
        [[l - 1, k + 1], ...Array.from({ length: sizes[l] }, (_, j) => [l, j + 1, k + 1]),
          ...Array.from({ length: sizes[l] }, (_, j) => [l, j + 1])]));
    }
  }

  const at = Math.min(Math.max(Math.round(step), 0), steps.length - 1);
  let nudged = null;
  if (nudge) {
    const { l, j, k, h } = nudge;
    const Wh = W.map((Wl) => Wl.map((row) => row.slice()));
    Wh[l - 1][j - 1][k - 1] += h;
    const after = lossOf(forward(Wh, b, x).a[L], y);
    nudged = { l, j, k, h, before: loss, after, change: after - loss,
      predicted: h * dW[l - 1][j - 1][k - 1] };
  }
  return { sizes, chain, z, a, steps, step: at, current: steps[at], loss,
    grads: { W: dW, b: db }, nudge: nudged };
}

// The nnbook program of what the stepper computes, as "Show as code" gives it: the same
// network as nnbook layers, the loss, every derivative by nnbook's backward, and the
// nudge of the chosen weight; it prints each number in full.
function asCode({ W, b, x, y, nudge }) {
  const list = (v) => `[${v.map((e) => (Array.isArray(e) ? list(e) : String(e))).join(", ")}]`;
  const { l, j, k, h } = nudge;
  return [
    "import numpy as np",
    "import nnbook",
    "",
    `x = np.array([${list(x)}])  # the example, as a row`,
    `y = np.array([${list(y)}])`,
    "layers = []",
    `for W, b in ${list(W.map((Wl, i) => [Wl, b[i]]))}:`,
    "    dense = nnbook.Dense(len(W[0]), len(W))",
    "    dense.W, dense.b = W, b",
    "    layers += [dense, nnbook.Sigmoid()]",
    "net = nnbook.Sequential(*layers)",
    "",
    "",
    "def loss():",
    '    """The loss of the example: the sum of (a - y)² over the outputs."""',
    "    return float(np.sum((net(x) - y) ** 2))",
    "",
    "",
    "before = loss()",
    "net.backward(2 * (net(x) - y))  # from the outputs' dl/da = 2(a - y)",
    'print("loss", before)',
    "for name, grad in net.named_gradients():",
    '    print(f"dl/d{name}", *grad.ravel())',
    "",
    `dense, h = net.layers[${2 * (l - 1)}], ${h}  # nudge a weight of layer ${l} by h`,
    `dense.W[${j - 1}, ${k - 1}] += h`,
    'print("change", loss() - before, "predicted", h * dense.grads["W"]'
      + `[${j - 1}, ${k - 1}])`,
    "",
  ].join("\n");
}

export { asCode, forward, model };
