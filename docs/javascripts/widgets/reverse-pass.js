// The reverse-pass widget: nnbook.Tensor's backward, one node of the graph at a time, on
// the chain of one-neuron layers of the backpropagation calculus chapter, built as the
// automatic differentiation chapter builds it:
//
//     a = x
//     for each layer l:  wa = w[l] * a;  z = wa + b[l];  a = z.sigmoid()
//     minus_y = Tensor(-1.0) * y;  e = a + minus_y;  loss = e * e
//
// with every number a Tensor of shape () (x, y, the weights, the biases and −1 the leaves).
// The forward pass gives every value; backward() then lists the nodes in topological
// order (nnbook.autodiff.topological_order: the same depth-first walk, parents in order),
// sets every gradient to 0 and ℓ̄ = 1, and runs each node's backward rule in the reverse
// order. "Next step" runs one rule: the node reached has its gradient complete and adds
// ȳ ∂y/∂x to each of its parents (ℓ = e · e adds to ē twice: two uses, one sum).
//
// Non-finite numbers: as nnbook.Tensor, the widget refuses NaN and ±∞ as data (a leaf);
// an overflow inside the graph (a product beyond the largest float) shows as ∞, as in
// nnbook, and so do the gradients it leads to, NaN included (∞ · 0).
//
// Markdown:  <div class="nb-widget" data-widget="reverse-pass"
//                 data-w="1.5,-2,2.5" data-b="0.5,1,-1" data-x="0.8" data-y="1">
//
// model(settings) -> view is reverse-pass/model.js's.

import { controls, html, nextId, number, sup, table } from "./common.js";
import { BAR, MINUS, model } from "./reverse-pass/model.js";

// ---- The widget on the page ------------------------------------------------------------

// A number as shown: the kit's, with ∞, −∞ and NaN said as such (an overflow in the graph).
function shown(value) {
  if (Number.isNaN(value)) {
    return "NaN";
  }
  if (!Number.isFinite(value)) {
    return value > 0 ? "\u221e" : `${MINUS}\u221e`;
  }
  return number(value, 4);
}

// A factor of a product: in brackets when negative.
const term = (value) => (value < 0 ? `(${shown(value)})` : shown(value));

// A field's text as a number: "" or text the field cannot read is NaN.
const read = (field) => (field.value.trim() === "" ? NaN : Number(field.value));

// The network of the element's data attributes: data-w and data-b, three numbers each,
// data-x and data-y one.
function startOf(element) {
  const numbers = (name) => element.dataset[name].split(",").map(Number);
  const start = { w: numbers("w"), b: numbers("b"), x: numbers("x")[0], y: numbers("y")[0] };
  if (start.w.length !== 3 || start.b.length !== 3
    || ![...start.w, ...start.b, start.x, start.y].every(Number.isFinite)) {
    throw new Error("reverse-pass: data-w and data-b need 3 numbers, data-x and data-y one");
  }
  return start;
}

// Where the reverse pass is at a view's step, in words, and what its rules add now,
// a line each: { where, adds }.
function stepInWords(view) {
  const step = view.step;
  const last = view.steps.length - 1;
  const now = view.current;
  const byId = Object.fromEntries(view.nodes.map((n) => [n.id, n]));
  let where;
  if (now.reached === null) {
    where = `Step 0 of ${last}: the forward pass has given every value; `
      + `every gradient is 0 but \u2113${BAR} = \u2202\u2113/\u2202\u2113 = 1.`;
  } else {
    const node = byId[now.reached];
    const rest = node.op === "leaf" ? `${node.label} is a leaf: nothing to pass on.`
      : "its rule passes it on to its inputs:";
    where = `Step ${step} of ${last}: ${node.label} reached, its gradient `
      + `complete, ${node.grad} = ${shown(now.grads[node.id])}; ${rest}`;
  }
  const adds = now.adds.map((add) =>
    `${byId[add.to].grad} += ${byId[now.reached].grad} \u00b7 ${add.why} = `
    + `${term(now.grads[now.reached])} \u00b7 ${term(add.factor)} = ${shown(add.amount)}`
    + (add.accumulates ? `, now ${shown(add.total)}` : ""));
  return { where, adds };
}

const PREFIX = "nbw-reverse-pass";

// The table of the graph's nodes: its rows made at the first view (the graph's shape
// never changes), then each view's values, gradients and step drawn into them.
function nodeTable() {
  const rows = {};
  const { table: grid, body } = table({ cls: `${PREFIX}-table`, caption: "The graph's "
    + "nodes in the order made, and the step at which the reverse pass reaches each; a "
    + "gradient shows once a rule has added to it", head: ["Node", "Made by", "Value", "Gradient", "Step"] });
  const node = html("div", { class: `${PREFIX}-scroll` });
  node.append(grid);

  function build(view) {
    for (const n of view.nodes) {
      const row = html("tr", { "data-node": n.id }, body);
      html("th", { scope: "row" }, row).textContent = n.label;
      html("td", { class: `${PREFIX}-made` }, row).textContent = n.made;
      const value = html("td", { class: `${PREFIX}-value` }, row);
      const gradient = html("td", { class: `${PREFIX}-grad` }, row);
      html("td", { class: `${PREFIX}-step` }, row).textContent = String(
        view.steps.findIndex((s) => s.reached === n.id));
      rows[n.id] = { row, value, gradient };
    }
  }

  function draw(view) {
    if (!Object.keys(rows).length) {
      build(view);
    }
    const now = view.current;
    const receiving = new Set(now.adds.map((a) => a.to));
    for (const n of view.nodes) {
      const { row, value, gradient } = rows[n.id];
      value.textContent = shown(n.value);
      value.dataset.value = String(n.value);
      const known = now.written.includes(n.id);
      gradient.textContent = known ? shown(now.grads[n.id]) : "\u00b7";
      gradient.dataset.value = known ? String(now.grads[n.id]) : "";
      row.className = [n.id === now.reached ? `${PREFIX}-now` : "",
        receiving.has(n.id) ? `${PREFIX}-gets` : "",
        view.steps.slice(1, view.step + 1).some((s) => s.reached === n.id)
          ? `${PREFIX}-done` : ""].filter(Boolean).join(" ");
    }
  }

  function clear() {
    for (const { row, value, gradient } of Object.values(rows)) {
      row.className = "";
      value.textContent = "";
      gradient.textContent = "";
    }
  }
  return { node, draw, clear };
}

// Why a view was refused: the fields that hold no finite number, by their labels.
function refusedWords(view, input) {
  const names = view.bad.map((n) => input[n].labels[0].textContent).join(", ");
  return `Refused: ${names} ${view.bad.length > 1 ? "are" : "is"} not a finite number. `
    + "nnbook's Tensor refuses NaN and \u00b1\u221e as data, and so does this widget: "
    + "type a finite number.";
}

function mount(element) {
  const id = nextId(PREFIX);
  const start = startOf(element);
  let step = 0;
  const field = (name, label, value) => ({ number: name, label, value, step: 0.1,
    on: () => update() });
  const controlRow = html("div", { class: "nbw-controls" });
  const { input } = controls(controlRow, { id, prefix: PREFIX, specs: [
    { group: "Data", controls: [field("x", "x", start.x), field("y", "y", start.y)] },
    ...[1, 2, 3].map((l) => ({ group: `Layer ${l}`, controls: [
      field(`w${l}`, `w${sup(l)}`, start.w[l - 1]),
      field(`b${l}`, `b${sup(l)}`, start.b[l - 1])] })),
    { buttons: [["next", "Next step"], ["back", "Step back"], ["end", "To the end"]], on: {
      next: () => go(step + 1), back: () => go(step - 1), end: () => go(Infinity) } },
  ] });
  const hint = html("p", { class: `${PREFIX}-hint nbw-key` }, "Keys: on a button, \u2192 "
    + "and \u2190 step, Home and End go to the start and the end; the arrows in a field "
    + "change its number by 0.1.");
  const where = html("p", { class: `${PREFIX}-where nbw-result`, "aria-live": "polite" });
  const adds = html("ul", { class: `${PREFIX}-adds` });
  const readout = html("div", { class: `nbw-readout ${PREFIX}-readout` });
  readout.append(where, adds);
  const nodes = nodeTable();

  function settings() {
    return { w: [1, 2, 3].map((l) => read(input[`w${l}`])),
      b: [1, 2, 3].map((l) => read(input[`b${l}`])), x: read(input.x), y: read(input.y) };
  }

  function go(to) {
    step = to;
    update();
  }

  function update() {
    const chosen = settings();
    const view = model(Object.assign({ step }, chosen));
    element.reversePass = Object.assign(view, { settings: Object.assign({ step }, chosen) });
    if (view.error) {
      for (const name of ["next", "back", "end"]) {
        input[name].disabled = true;
      }
      nodes.clear();
      where.textContent = refusedWords(view, input);
      where.dataset.state = "refused";
      adds.replaceChildren();
      return;
    }
    step = view.step;
    const last = view.steps.length - 1;
    input.next.disabled = step === last;
    input.back.disabled = step === 0;
    input.end.disabled = step === last;
    nodes.draw(view);
    delete where.dataset.state;
    const words = stepInWords(view);
    where.textContent = words.where;
    adds.replaceChildren(...words.adds.map((text) => html("li", {}, text)));
  }

  // Keys on the widget's buttons: the arrows step, Home and End go to either end.
  const keys = { ArrowRight: () => step + 1, ArrowLeft: () => step - 1, Home: () => 0,
    End: () => Infinity };
  element.addEventListener("keydown", (event) => {
    if (event.target.tagName === "BUTTON" && keys[event.key]) {
      event.preventDefault();
      go(keys[event.key]());
    }
  });

  element.replaceChildren(controlRow, hint, readout, nodes.node);
  update();
}

export { model, mount };
