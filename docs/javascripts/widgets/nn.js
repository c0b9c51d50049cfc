// The network maths the widgets share, mirroring nnbook, with no page.
//
// Networks come as the book exports them (hooks' exports.py): {"type": "Sequential",
// "layers": [{"type": "Dense", "params": {"W", "b"}}, {"type": "Sigmoid"}, ...]}, W with
// one row per neuron (out x in), as nnbook.Dense.

// sigma(z) = 1 / (1 + e^-z), written with e = exp(-|z|) so that nothing overflows,
// exactly as nnbook.functional.sigmoid: 1/(1 + e) for z >= 0, e/(1 + e) below.
function sigmoid(z) {
  const e = Math.exp(-Math.abs(z));
  return z >= 0 ? 1 / (1 + e) : e / (1 + e);
}

// Its derivative, as nnbook.functional.sigmoid_prime: sigma'(z) = sigma(z) (1 - sigma(z)).
function sigmoidPrime(z) {
  const s = sigmoid(z);
  return s * (1 - s);
}

// The element-wise activations by nnbook's layer names.
const activations = { Sigmoid: sigmoid, ReLU: (z) => Math.max(z, 0), Tanh: Math.tanh };

// One dense layer on one input a: z_j = sum_k W[j][k] a[k] + b[j] (nnbook.Dense, a row).
function dense(W, b, a) {
  return W.map((row, j) => row.reduce((sum, w, k) => sum + w * a[k], 0) + b[j]);
}

// An exported network with a layer the widgets cannot compute.
const unknownLayer = (layer) => new Error(`nnbook: no layer ${layer.type} in the widgets' maths`);

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
      throw unknownLayer(layer);
    }
    out.push(a);
  }
  return out;
}

export { sigmoid, sigmoidPrime, activations, dense, forward };

// Convolutional networks (conv-stepper, cnn-reader): the forward pass of a convolutional
// network on one image, every layer's maps kept (forwardMaps: nnbook's Conv2D, ReLU,
// MaxPool2D, Flatten, Dense), with the stable softmax. Maps are arrays
// [channel][row][column] (one image of NCHW).

const grid = (h, w, value = 0) => Array.from({ length: h }, () => new Array(w).fill(value));

// A pair (vertical, horizontal) from one number or a pair, nnbook's check_pair.
const pair = (v, fallback) => (v === undefined ? [fallback, fallback]
  : Array.isArray(v) ? v : [v, v]);

// Cross-correlation of maps x [C_in][H][W] with filters W [C_out][C_in][kH][kW] and
// biases b, as nnbook.conv2d: z[o][r][c] = b[o] + sum_{i,u,v} W[o][i][u][v]
// x_pad[i][r*sH + u][c*sW + v], x_pad the maps with zeros around (padding).
function conv2d(x, W, b, stride = 1, padding = 0) {
  const [sH, sW] = pair(stride);
  const [pH, pW] = pair(padding);
  const H = x[0].length;
  const Wd = x[0][0].length;
  const kH = W[0][0].length;
  const kW = W[0][0][0].length;
  const outH = Math.floor((H + 2 * pH - kH) / sH) + 1;
  const outW = Math.floor((Wd + 2 * pW - kW) / sW) + 1;
  return W.map((filter, o) => Array.from({ length: outH }, (_, r) =>
    Array.from({ length: outW }, (_, c) => {
      let z = b ? b[o] : 0;
      filter.forEach((kernel, i) => kernel.forEach((row, u) => {
        const y = r * sH + u - pH;
        if (y >= 0 && y < H) {
          row.forEach((w, v) => {
            const xx = c * sW + v - pW;
            if (xx >= 0 && xx < Wd) {
              z += w * x[i][y][xx];
            }
          });
        }
      }));
      return z;
    })));
}

// Max pooling of maps x as nnbook.maxpool2d (windows of size, moved by stride, the
// size by default): the maxima, and where each came from, [row, column] of x (the
// first of equal maxima, as numpy's argmax).
function maxpool2d(x, size = 2, stride) {
  const [kH, kW] = pair(size);
  const [sH, sW] = pair(stride === undefined ? [kH, kW] : stride);
  const outH = Math.floor((x[0].length - kH) / sH) + 1;
  const outW = Math.floor((x[0][0].length - kW) / sW) + 1;
  const from = [];
  const out = x.map((map) => {
    const where = grid(outH, outW);
    from.push(where);
    return Array.from({ length: outH }, (_, r) => Array.from({ length: outW }, (_, c) => {
      let best = [r * sH, c * sW];
      for (let u = 0; u < kH; u++) {
        for (let v = 0; v < kW; v++) {
          if (map[r * sH + u][c * sW + v] > map[best[0]][best[1]]) {
            best = [r * sH + u, c * sW + v];
          }
        }
      }
      where[r][c] = best;
      return map[best[0]][best[1]];
    }));
  });
  return { out, from };
}

// softmax(z)_k = e^(z_k - max z) / sum_j e^(z_j - max z): nothing overflows.
function softmax(z) {
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
}

// Every layer's output for one image x (maps [C][H][W]) through net, as the book
// exports it, a layer with its geometry ({"type": "Conv2D", "params": {"W", "b"},
// "stride", "padding"}, {"type": "MaxPool2D", "kernel_size", "stride"}): a list, one
// entry per layer, of its output (maps, or a vector after Flatten), with ``from`` for
// a pooling layer (maxpool2d).
function forwardMaps(net, x) {
  const out = [];
  let a = x;
  for (const layer of net.layers) {
    const entry = {};
    if (layer.type === "Conv2D") {
      entry.out = conv2d(a, layer.params.W, layer.params.b, layer.stride, layer.padding);
    } else if (layer.type === "MaxPool2D") {
      Object.assign(entry, maxpool2d(a, layer.kernel_size, layer.stride));
    } else if (layer.type === "Flatten") {
      entry.out = a.flat(2);
    } else if (layer.type === "Dense") {
      entry.out = dense(layer.params.W, layer.params.b, a);
    } else if (activations[layer.type]) {
      const f = activations[layer.type];
      entry.out = Array.isArray(a[0]) ? a.map((m) => m.map((row) => row.map(f))) : a.map(f);
    } else {
      throw unknownLayer(layer);
    }
    a = entry.out;
    out.push(entry);
  }
  return out;
}

// The index of the largest value, the first of equal ones (numpy's argmax).
function argmax(values) {
  return values.reduce((best, v, k) => (v > values[best] ? k : best), 0);
}

export { grid, conv2d, maxpool2d, softmax, argmax, forwardMaps };

// Training a small fully connected network on a batch (trainer): batches are arrays of
// rows (one per example); a net is { layers: [{ W, b }, ...], activation } with W one row
// per neuron (out x in), as nnbook.Dense, the activation after every layer but the last,
// whose outputs are logits for nnbook.CrossEntropy. Each operation follows nnbook's
// (Dense.forward/backward, the activation layers' backward from what they keep,
// CrossEntropy, SGD.rule, Adam.rule) so that the weights after many steps
// equal nnbook's to rounding. mulberry32 is the widgets' seeded random numbers.

// A seeded generator of numbers in [0, 1) (mulberry32): the same seed, the same numbers.
function mulberry32(seed) {
  let s = seed >>> 0;
  return function () {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Each activation: f(z), and df/dz from what its nnbook layer keeps (ReLU: the input z;
// Sigmoid: the output a, a(1 - a); Tanh: the output a, 1 - a^2).
const ACTIVATIONS = {
  ReLU: { f: activations.ReLU, keepsInput: true, d: (z) => (z > 0 ? 1 : 0) },
  Sigmoid: { f: activations.Sigmoid, d: (a) => a * (1 - a) },
  Tanh: { f: activations.Tanh, d: (a) => 1 - a * a },
};

// Z = X W^T + b (nnbook.Dense.forward), rows of X are examples: dense on each row.
function denseBatch(W, b, X) {
  return X.map((x) => dense(W, b, x));
}

// Every layer's input and output on the batch X: { inputs, zs, outs } (outs[last], the
// logits).
function forwardBatch(net, X) {
  const act = ACTIVATIONS[net.activation];
  const inputs = [];
  const zs = [];
  const outs = [];
  let A = X;
  net.layers.forEach((layer, l) => {
    inputs.push(A);
    const Z = denseBatch(layer.W, layer.b, A);
    zs.push(Z);
    A = l < net.layers.length - 1 ? Z.map((row) => row.map(act.f)) : Z;
    outs.push(A);
  });
  return { inputs, zs, outs };
}

// One row of logits z minus its largest, as nnbook.functional's _shift_by_max: the
// largest entry becomes 0. At infinity its limit: a row whose largest is +inf becomes 0
// at its +inf entry and -inf elsewhere; a row with two +inf, only -inf, or a NaN has no
// limit (nnbook raises ValueError): null.
function shiftByMax(z) {
  const top = Math.max(...z);
  if (Number.isNaN(top) || top === -Infinity
    || (top === Infinity && z.filter((v) => v === Infinity).length > 1)) {
    return null;
  }
  return top === Infinity ? z.map((v) => (v === Infinity ? 0 : -Infinity))
    : z.map((v) => v - top);
}

// x times 2^e, as numpy's ldexp: exact, or rounded once where the result is beyond
// float64 (Infinity) or below its normal numbers. 2^e itself may be out of range (e
// from about -2100 to 2100): it is applied in steps, the step of 2^(±1000) last.
function ldexp(x, e) {
  const step = e < 0 ? -1000 : 1000;
  let y = x * 2 ** (e % 1000);
  for (let left = e - (e % 1000); left !== 0; left -= step) {
    y *= 2 ** step;
  }
  return y;
}

// [f, e] with x = f 2^e and f in [0.5, 1), as numpy's frexp ([x, 0] for 0).
function frexp(x) {
  if (x === 0 || !Number.isFinite(x)) {
    return [x, 0];
  }
  let e = Math.max(Math.floor(Math.log2(Math.abs(x))) + 1, -1073);
  let f = ldexp(x, -e);
  while (Math.abs(f) >= 1) {  // log2 may round across a power of two
    f /= 2;
    e += 1;
  }
  while (Math.abs(f) < 0.5) {
    f *= 2;
    e -= 1;
  }
  return [f, e];
}

// The mean of n terms (times `times`), as nnbook.losses' _rescued_mean: value as
// computed, or where its sum overflowed although the inputs are finite (value is then
// inf or NaN) the true one. scaledTerms(s) gives the terms computed from the inputs
// times s = 2^-k, which are s^degree times the true ones; their mean fits, and
// 2^(degree k) brings it back (k keeps n terms below 2^1022), with times's exponent.
function rescuedMean(value, scaledTerms, n, degree = 1, times = 1) {
  if (Number.isFinite(value)) {
    return value;
  }
  const k = 1026 - Math.floor((1022 - n.toString(2).length) / degree);
  const terms = scaledTerms(2 ** -k);
  const [fraction, exponent] = frexp(times);
  return ldexp(fraction * (terms.reduce((s, t) => s + t, 0) / n), degree * k + exponent);
}

// The mean of the terms t[n] = -log P[n][y_n] of rows of logits Z, as nnbook.losses'
// _mean_cross_entropy: where Z_y - max Z overflowed for finite logits (t = inf, but
// not as a limit), the mean is rescued (rescuedMean), t = (max Z - Z_y + lse) computed
// from the scaled logits: the true mean, finite.
function meanCrossEntropy(Z, labels, terms, lses) {
  const N = terms.length;
  const value = terms.reduce((s, t) => s + t, 0) / N;
  if (Number.isFinite(value) || Number.isNaN(value)) {
    return value;
  }
  const tops = Z.map((z) => Math.max(...z));
  const over = terms.map((t, n) => t === Infinity && Number.isFinite(tops[n])
    && Number.isFinite(Z[n][labels[n]]));
  if (terms.some((t, n) => t === Infinity && !over[n])) {
    return value; // a true limit: inf
  }
  return rescuedMean(value, (s) => terms.map((t, n) => (over[n]
    ? (tops[n] * s - Z[n][labels[n]] * s) + lses[n] * s : t * s)), N);
}

// nnbook.CrossEntropy on logits Z (rows) and integer labels: the cost, the mean of
// log-sum-exp minus the true logit (each term 0 - log P[n][y_n]), and
// dC/dZ = (P - onehot)/N. Logits ±inf give nnbook's limits: 0 for a row whose label's
// logit is its one +inf, inf for a row with another +inf or whose label's logit is
// -inf, and the gradient of the limit softmax, finite; a row with no limit (two +inf,
// only -inf, a NaN: nnbook raises ValueError) makes the cost and its gradient NaN.
function crossEntropy(Z, labels) {
  const terms = [];
  const lses = [];
  const grad = Z.map((z, n) => {
    const shifted = shiftByMax(z);
    if (shifted === null) {
      terms.push(NaN);
      lses.push(NaN);
      return z.map(() => NaN);
    }
    const lse = Math.log(shifted.reduce((s, v) => s + Math.exp(v), 0));
    const logP = shifted.map((v) => v - lse);
    terms.push(0 - logP[labels[n]]);
    lses.push(lse);
    return logP.map((v, k) => (Math.exp(v) - (k === labels[n] ? 1 : 0)) / Z.length);
  });
  return { cost: meanCrossEntropy(Z, labels, terms, lses), grad };
}

// nnbook.L2: the penalty (lam/2) sum W^2 over every layer's weights (not the biases),
// and its gradient lam W added to each layer's dW (L2.backward), in place. Where the
// sum of squares overflows, the penalty may not (lam = 0: 0, not NaN): as nnbook's, it
// is lam times the rescued mean of the n squares times n/2.
function l2Penalty(net, lam) {
  const squares = net.layers.reduce((s, l) => s
    + l.W.reduce((t, row) => t + row.reduce((u, w) => u + w * w, 0), 0), 0);
  if (Number.isFinite(squares)) {
    return lam * (0.5 * squares);
  }
  const W = net.layers.flatMap((l) => l.W.flat());
  return rescuedMean(squares, (s) => W.map((w) => (w * s) ** 2 * (0.5 * W.length)),
    W.length, 2, lam);
}

function addL2(net, grads, lam) {
  net.layers.forEach((layer, l) => layer.W.forEach((row, j) => row.forEach((w, k) => {
    grads[l].W[j][k] += lam * w;
  })));
}

// The gradients of every layer's W and b for the batch X, labels (nnbook's backward:
// dW = G^T A_prev, db = the column sums of G, dA_prev = G W), and the batch's cost.
function gradients(net, X, labels) {
  const act = ACTIVATIONS[net.activation];
  const { inputs, zs, outs } = forwardBatch(net, X);
  const last = net.layers.length - 1;
  const { cost, grad } = crossEntropy(outs[last], labels);
  const grads = [];
  let G = grad;
  for (let l = last; l >= 0; l--) {
    if (l < last) {
      const kept = act.keepsInput ? zs[l] : outs[l];
      G = G.map((row, n) => row.map((g, j) => g * act.d(kept[n][j])));
    }
    const A = inputs[l];
    const W = net.layers[l].W;
    const dW = W.map((row, j) => row.map((_, k) => {
      let s = 0;
      for (let n = 0; n < G.length; n++) {
        s += G[n][j] * A[n][k];
      }
      return s;
    }));
    const db = W.map((_, j) => G.reduce((s, row) => s + row[j], 0));
    grads[l] = { W: dW, b: db };
    if (l > 0) {
      G = G.map((row) => W[0].map((_, k) => row.reduce((s, g, j) => s + g * W[j][k], 0)));
    }
  }
  return { cost, grads };
}

// One optimiser step in place on every parameter (each W row and b), from grads: SGD
// (theta -= lr g) or Adam (nnbook.Adam.rule, memory { t, m, v } of the net's
// shape, zeros at first).
function optimiserStep(net, grads, { optimizer, lr, beta1 = 0.9, beta2 = 0.999,
  eps = 1e-8 }, memory) {
  if (optimizer === "Adam") {
    memory.t += 1;
  }
  const c1 = 1 - beta1 ** memory.t;
  const c2 = 1 - beta2 ** memory.t;
  function update(theta, g, m, v) {
    for (let i = 0; i < theta.length; i++) {
      if (optimizer === "Adam") {
        m[i] = m[i] * beta1 + g[i] * (1 - beta1);
        v[i] = v[i] * beta2 + (g[i] * g[i]) * (1 - beta2);
        theta[i] -= ((m[i] / c1) * lr) / (Math.sqrt(v[i] / c2) + eps);
      } else {
        theta[i] -= lr * g[i];
      }
    }
  }
  net.layers.forEach((layer, l) => {
    const mem = memory.layers[l];
    layer.W.forEach((row, j) => update(row, grads[l].W[j], mem.mW[j], mem.vW[j]));
    update(layer.b, grads[l].b, mem.mb, mem.vb);
  });
}

// An optimiser's memory for net: t = 0, m and v zero.
function optimiserMemory(net) {
  const zeros = (a) => a.map((row) => (Array.isArray(row) ? zeros(row) : 0));
  return { t: 0, layers: net.layers.map((layer) => ({ mW: zeros(layer.W), vW: zeros(layer.W),
    mb: zeros(layer.b), vb: zeros(layer.b) })) };
}

export { mulberry32, ACTIVATIONS as trainActivations, denseBatch, forwardBatch,
  crossEntropy, l2Penalty, addL2, gradients, optimiserStep, optimiserMemory };
