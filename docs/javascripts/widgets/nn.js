// The network maths the widgets share, mirroring nnbook, with no page: loaded after the
// kit (common.js) and before the widgets, as window.nnbookNN.
//
// Networks come as the book exports them (hooks' exports.py): {"type": "Sequential",
// "layers": [{"type": "Dense", "params": {"W", "b"}}, {"type": "Sigmoid"}, ...]}, W with
// one row per neuron (out x in), as nnbook.Dense.
window.nnbookNN = (function () {
  "use strict";

  // sigma(z) = 1 / (1 + e^-z), written with e = exp(-|z|) so that nothing overflows,
  // exactly as nnbook.functional.sigmoid: 1/(1 + e) for z >= 0, e/(1 + e) below.
  function sigmoid(z) {
    const e = Math.exp(-Math.abs(z));
    return z >= 0 ? 1 / (1 + e) : e / (1 + e);
  }

  // The element-wise activations by nnbook's layer names.
  const activations = { Sigmoid: sigmoid, ReLU: (z) => Math.max(z, 0), Tanh: Math.tanh };

  // One dense layer on one input a: z_j = sum_k W[j][k] a[k] + b[j] (nnbook.Dense, a row).
  function dense(W, b, a) {
    return W.map((row, j) => row.reduce((sum, w, k) => sum + w * a[k], 0) + b[j]);
  }

  // What every layer of net gives for one input x: a list of arrays, one per layer (Dense
  // gives z, an activation gives a).
  function forward(net, x) {
    const out = [];
    let a = x;
    for (const layer of net.layers) {
      if (layer.type === "Dense") {
        a = dense(layer.params.W, layer.params.b, a);
      } else if (activations[layer.type]) {
        a = a.map(activations[layer.type]);
      } else {
        throw new Error(`nnbook: no layer ${layer.type} in the widgets' maths`);
      }
      out.push(a);
    }
    return out;
  }

  return { sigmoid, activations, dense, forward };
})();
