// The reverse-pass widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../reverse-pass.js, draws its views; its tests compare them with nnbook).
//
// model({ w, b, x, y, step }) -> { nodes, order, steps, step, current } or { error, bad }:
// nodes, every node in the order made { id, label, op, made, parents, value, grad (the
// gradient's name) }; order, the ids in topological order; steps[k] (k = 0 … nodes.length)
// the state after k rules, { reached, adds, grads, written }: reached the id of the node
// whose rule ran (null at step 0), adds its additions { to, factor, amount, accumulates,
// total }, grads every node's gradient by id as nnbook holds it then (0 until written)
// and written the ids written so far. bad: the settings that are not finite numbers.

import { sup } from "../format.js";
import { sigmoid } from "../nn.js";

const BAR = "\u0304"; // a combining bar: x̄ is the gradient of x
const bar = (label) => label[0] + BAR + label.slice(1);
const MINUS = "\u2212";
const SETTINGS = ["x", "y", "w1", "b1", "w2", "b2", "w3", "b3"]; // the leaves to choose

// The graph of the chain as the chapter builds it, each node with its parents in the
// order nnbook keeps them; ``grad`` names its gradient (v̄, or ∂ℓ/∂(…) for a product).
function graph({ w, b, x, y }) {
  const nodes = [];
  const byId = {};
  const add = (id, label, op, made, parents, value, grad) => {
    const node = { id, label, op, made, parents, value, grad: grad || bar(label) };
    nodes.push(node);
    byId[id] = node;
    return node;
  };
  let a = add("x", "x", "leaf", "the input", [], x);
  w.forEach((wl, i) => {
    const l = i + 1;
    const weight = add(`w${l}`, `w${sup(l)}`, "leaf", "a weight", [], wl);
    const label = `w${sup(l)}${l === 1 ? "x" : `a${sup(l - 1)}`}`;
    const wa = add(`wa${l}`, label, "*", `${weight.label} \u00b7 ${a.label}`,
      [weight.id, a.id], weight.value * a.value, `\u2202\u2113/\u2202(${label})`);
    const bias = add(`b${l}`, `b${sup(l)}`, "leaf", "a bias", [], b[i]);
    const z = add(`z${l}`, `z${sup(l)}`, "+", `${wa.label} + ${bias.label}`,
      [wa.id, bias.id], wa.value + bias.value);
    a = add(`a${l}`, `a${sup(l)}`, "\u03c3", `\u03c3(${z.label})`, [z.id],
      sigmoid(z.value));
  });
  const target = add("y", "y", "leaf", "the target", [], y);
  const minusOne = add("m", `${MINUS}1`, "leaf", "a constant", [], -1.0,
    `\u2202\u2113/\u2202(${MINUS}1)`);
  const minusY = add("my", `${MINUS}y`, "*", `(${MINUS}1) \u00b7 y`, [minusOne.id, target.id],
    minusOne.value * target.value, `\u2202\u2113/\u2202(${MINUS}y)`);
  const e = add("e", "e", "+", `${a.label} + (${MINUS}y)`, [a.id, minusY.id],
    a.value + minusY.value);
  add("loss", "\u2113", "*", "e \u00b7 e", [e.id, e.id], e.value * e.value);
  return { nodes, byId };
}

// nnbook.autodiff.topological_order: a depth-first walk with a stack of its own, each
// node listed once all of its parents are, the first parent's side first.
function topologicalOrder(byId, root) {
  const order = [];
  const seen = new Set();
  const todo = [[root, false]];
  while (todo.length) {
    const [v, parentsListed] = todo.pop();
    if (parentsListed) {
      order.push(v);
    } else if (!seen.has(v)) {
      seen.add(v);
      todo.push([v, true]);
      for (const parent of byId[v].parents.slice().reverse()) {
        todo.push([parent, false]);
      }
    }
  }
  return order;
}

// One node's backward rule, as nnbook's: the additions it makes, each { to, factor,
// amount, why }, amount = ȳ · factor added to the gradient of ``to``.
function rule(node, byId, g) {
  const out = g[node.id];
  const [p, q] = node.parents.map((id) => byId[id]);
  if (node.op === "*") { // y = p q: p̄ += ȳ q, q̄ += ȳ p
    return [{ to: p.id, factor: q.value, amount: out * q.value, why: q.label },
      { to: q.id, factor: p.value, amount: out * p.value, why: p.label }];
  }
  if (node.op === "+") { // y = p + q: p̄ += ȳ, q̄ += ȳ
    return [{ to: p.id, factor: 1, amount: out, why: "1" },
      { to: q.id, factor: 1, amount: out, why: "1" }];
  }
  if (node.op === "\u03c3") { // a = σ(z): z̄ += ā a (1 − a), from the output a
    const a = node.value;
    return [{ to: p.id, factor: a * (1.0 - a), amount: out * a * (1.0 - a),
      why: `${node.label}(1 ${MINUS} ${node.label})` }];
  }
  return []; // a leaf passes nothing on
}

function model({ w, b, x, y, step = 0 }) {
  const named = { x, y };
  w.forEach((v, i) => { named[`w${i + 1}`] = v; });
  b.forEach((v, i) => { named[`b${i + 1}`] = v; });
  const bad = SETTINGS.filter((id) => id in named && !Number.isFinite(named[id]));
  if (bad.length) { // nnbook.Tensor refuses them: "NaN and ±inf are refused"
    return { error: "refused", bad };
  }
  const { nodes, byId } = graph({ w, b, x, y });
  const order = topologicalOrder(byId, "loss");
  const g = Object.fromEntries(nodes.map((n) => [n.id, 0]));
  g.loss = 1.0; // ∂ℓ/∂ℓ = 1
  const written = ["loss"];
  const steps = [{ reached: null, adds: [], grads: Object.assign({}, g),
    written: written.slice() }];
  for (const id of order.slice().reverse()) {
    const adds = rule(byId[id], byId, g);
    for (const add of adds) {
      add.accumulates = written.includes(add.to); // a second use adds to the first
      g[add.to] += add.amount;
      if (!written.includes(add.to)) {
        written.push(add.to);
      }
      add.total = g[add.to];
    }
    steps.push({ reached: id, adds, grads: Object.assign({}, g), written: written.slice() });
  }
  const at = Math.min(Math.max(Math.round(step), 0), steps.length - 1);
  return { nodes, order, steps, step: at, current: steps[at] };
}

export { BAR, MINUS, model };
