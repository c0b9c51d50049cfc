// The hover-network widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../hover-network.js, draws its views; its tests compare them with nnbook).
//
// model({ net, x, focus }) -> { sizes, layers, focus, detail }: layers[l - 1] = { W, b, f,
// z, a } for weight layer l (z and a as nnbook's forward pass, nn.js); focus, the element
// shown: { kind: "neuron", l, j } (l = 0 the inputs) or { kind: "weight", l, j, k }, j and
// k counted from 1 as the chapter does; detail, what the widget writes about it.
// move(focus, key, sizes) -> the focus that an arrow key gives.

import { show, sub, sup } from "../format.js";
import { forward } from "../nn.js";

const DIGITS = 4;                 // decimals of z and a
const NAMES = { Sigmoid: "\u03c3", ReLU: "ReLU", Tanh: "tanh" };

// The weight layers of ``net``: W, b and the activation after each (nn.js's forward
// gives z, then a).
function layersOf(net, x) {
  const out = forward(net, x);
  const layers = [];
  net.layers.forEach((layer, i) => {
    if (layer.type !== "Dense") {
      return;
    }
    const next = net.layers[i + 1];
    const f = next && next.type !== "Dense" ? next.type : null;
    layers.push({ W: layer.params.W, b: layer.params.b, f: f ? NAMES[f] : "",
      z: out[i], a: f ? out[i + 1] : out[i] });
  });
  return layers;
}

// A weight or an input as the chapter writes it: up to 4 decimals, no trailing zeros.
function short(v) {
  return show(Number(v.toFixed(4)), 4).replace(/\.?0+$/, "");
}
const term = (v) => `(${short(v)})`;

function describe(layers, x, focus) {
  const input = (l) => (l === 0 ? x : layers[l - 1].a);
  if (focus.kind === "neuron" && focus.l === 0) {
    return { title: `Input ${focus.j}`,
      lines: [`a${sup(0)}${sub(focus.j)} = ${short(x[focus.j - 1])}: entry ${focus.j} of `
        + `the input a${sup(0)}; it meets column ${focus.j} of W${sup(1)}.`],
      summary: `Input ${focus.j}: a${sup(0)}${sub(focus.j)} = ${short(x[focus.j - 1])}.`,
      table: 1, row: null, column: focus.j };
  }
  const { l, j } = focus;
  const layer = layers[l - 1];
  const a = input(l - 1);
  const w = layer.W[j - 1];
  if (focus.kind === "weight") {
    const k = focus.k;
    const name = `w${sup(l)}${sub(j)}${sub(k)}`;
    return { title: `Connection ${name}`,
      lines: [`${name} = ${short(w[k - 1])}: from neuron ${k} of layer ${l - 1} to neuron `
        + `${j} of layer ${l}, in row ${j}, column ${k} of W${sup(l)} (W[${j - 1}, ${k - 1}] `
        + "in code).",
      `In z${sup(l)}${sub(j)} it adds ${name} a${sup(l - 1)}${sub(k)} = ${term(w[k - 1])} `
        + `\u00b7 ${term(a[k - 1])} = ${short(w[k - 1] * a[k - 1])}.`],
      summary: `Weight ${name} = ${short(w[k - 1])}, row ${j}, column ${k} of W${sup(l)}.`,
      table: l, row: j, column: k };
  }
  const z = layer.z[j - 1];
  const act = layer.a[j - 1];
  const zName = `z${sup(l)}${sub(j)}`;
  const aName = `a${sup(l)}${sub(j)}`;
  const symbols = w.map((_, k) => `w${sub(j)}${sub(k + 1)}a${sub(k + 1)}`).join(" + ");
  const numbers = w.map((wk, k) => `${term(wk)} \u00b7 ${term(a[k])}`).join(" + ");
  const lines = [`${zName} = ${symbols} + b${sub(j)} = ${numbers} + ${term(layer.b[j - 1])}`
    + ` = ${show(z, DIGITS)}`];
  if (layer.f) {
    lines.push(`${aName} = ${layer.f}(${zName}) = ${show(act, DIGITS)}`);
  }
  return { title: `Neuron ${j} of layer ${l}: row ${j} of W${sup(l)}a${sup(l - 1)} + b${sup(l)}`,
    lines, summary: `Neuron ${j} of layer ${l}: z = ${show(z, DIGITS)}, a = `
      + `${layer.f}(z) = ${show(act, DIGITS)}.`, table: l, row: j, column: null, z, a: act };
}

function model({ net, x, focus }) {
  const layers = layersOf(net, x);
  const sizes = [x.length, ...layers.map((layer) => layer.b.length)];
  const chosen = focus || { kind: "neuron", l: sizes.length - 1, j: 1 };
  return { x, sizes, layers, focus: chosen, detail: describe(layers, x, chosen) };
}

// The focus after an arrow key. Neurons: up and down in a layer, left and right to the
// layer before or after (same place, or the last). Connections: up and down through
// W's entries in reading order (row j, then column k), left and right to the weight
// layer before or after.
function move(focus, key, sizes) {
  const clamp = (v, n) => Math.min(Math.max(v, 1), n);
  const f = Object.assign({}, focus);
  const step = { ArrowUp: -1, ArrowDown: 1, ArrowLeft: -1, ArrowRight: 1 }[key];
  if (step === undefined) {
    return focus;
  }
  const across = key === "ArrowLeft" || key === "ArrowRight";
  if (f.kind === "neuron") {
    if (across) {
      f.l = clamp(f.l + step + 1, sizes.length) - 1;
      f.j = clamp(f.j, sizes[f.l]);
    } else {
      f.j = clamp(f.j + step, sizes[f.l]);
    }
    return f;
  }
  if (across) {
    f.l = clamp(f.l + step, sizes.length - 1);
    f.j = clamp(f.j, sizes[f.l]);
    f.k = clamp(f.k, sizes[f.l - 1]);
    return f;
  }
  const n = sizes[f.l - 1];
  const at = Math.min(Math.max((f.j - 1) * n + (f.k - 1) + step, 0), sizes[f.l] * n - 1);
  return Object.assign(f, { j: Math.floor(at / n) + 1, k: (at % n) + 1 });
}

export { DIGITS, model, move, short };
