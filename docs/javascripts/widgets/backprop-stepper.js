// The backprop-stepper widget: backpropagation one number at a time. A tiny sigmoid network
// (the chapter's chain of one-neuron layers, or a 2-2-1 network) and the loss
// l = sum_j (a(L)_j - y_j)^2 of one example, 3Blue1Brown's sum, as the chapter writes it
// (nnbook.MSE divides it by the number of outputs; for one output they are the same).
// "Next step" and "Step back" walk forward through every weighted sum and activation, the
// loss, then backward through every derivative, each with the rule that gives it, lit in
// the drawing; "nudge" moves one weight by h and sets the loss's change beside h dl/dw.
//
// Markdown:  <div class="nb-widget" data-widget="backprop-stepper"
//                 data-w="1.5,-2,2.5" data-b="0.5,1,-1" data-x="0.8" data-y="1">
// The data attributes give the chain (one weight and one bias per layer); the menu also
// offers a 2-2-1 network (TWO_TWO_ONE).
//
// model(settings) -> view is backprop-stepper/model.js's.

import { codeView, controls, html, nextId, show, svg } from "./common.js";
import { asCode, forward, model } from "./backprop-stepper/model.js";

// The second network of the menu: 2 inputs, 2 hidden neurons, 1 output.
const TWO_TWO_ONE = { W: [[[0.5, -1.0], [1.5, 0.8]], [[2.0, -1.5]]], b: [[0.2, -0.4], [0.3]],
  x: [1.0, 0.5], y: [1.0] };

// ---- The widget on the page ------------------------------------------------------------

// The chain of the element's data attributes (data-w, data-b: one number per layer;
// data-x, data-y) as a network of one neuron per layer.
function chainOf(element) {
  const numbers = (name) => element.dataset[name].split(",").map(Number);
  const chainNet = { W: numbers("w").map((w) => [[w]]), b: numbers("b").map((v) => [v]),
    x: numbers("x"), y: numbers("y") };
  for (const v of [...numbers("w"), ...numbers("b"), ...chainNet.x, ...chainNet.y]) {
    if (!Number.isFinite(v)) {
      throw new Error("backprop-stepper: data-w, data-b, data-x and data-y must be numbers");
    }
  }
  return chainNet;
}

const prefix = "nbw-backprop-stepper";

// The network ``net`` drawn into ``picture`` (emptied first): a column of neurons per
// layer with a text for each value, a line per weight with its value. Gives { nodes,
// edges }: the neurons by "l,j" ({ g, value, l, j }) and the weights' groups by "l,j,k".
function drawNetwork(picture, net) {
  const sizes = [net.x.length, ...net.b.map((bl) => bl.length)];
  const width = 460;
  const height = 50 + 70 * Math.max(...sizes);
  const X = (l) => 40 + (l * (width - 80)) / (sizes.length - 1);
  const Y = (l, j) => height / 2 + (j - (sizes[l] + 1) / 2) * 70 + 6;
  picture.setAttribute("viewBox", `0 0 ${width} ${height}`);
  picture.setAttribute("width", String(width));
  picture.setAttribute("height", String(height));
  picture.replaceChildren();
  const nodes = new Map();
  const edges = new Map();
  const R = 20;
  for (let l = 1; l < sizes.length; l++) {
    for (let j = 1; j <= sizes[l]; j++) {
      for (let k = 1; k <= sizes[l - 1]; k++) {
        const [x1, y1, x2, y2] = [X(l - 1), Y(l - 1, k), X(l), Y(l, j)];
        const cut = R / Math.hypot(x2 - x1, y2 - y1);
        const g = svg("g", { class: `${prefix}-edge` }, picture);
        svg("line", { x1: x1 + cut * (x2 - x1), y1: y1 + cut * (y2 - y1),
          x2: x2 - cut * (x2 - x1), y2: y2 - cut * (y2 - y1) }, g);
        const t = sizes[l] === 1 && sizes[l - 1] === 1 ? 0.5 : 0.3;
        svg("text", { x: x1 + t * (x2 - x1), y: y1 + t * (y2 - y1) - 5,
          "text-anchor": "middle" }, g).textContent = show(net.W[l - 1][j - 1][k - 1], 1);
        edges.set(`${l},${j},${k}`, g);
      }
    }
  }
  sizes.forEach((count, l) => {
    for (let j = 1; j <= count; j++) {
      const g = svg("g", { class: `${prefix}-neuron` }, picture);
      svg("circle", { cx: X(l), cy: Y(l, j), r: R }, g);
      const value = svg("text", { x: X(l), y: Y(l, j) + 4, "text-anchor": "middle" }, g);
      nodes.set(`${l},${j}`, { g, value, l, j });
    }
    svg("text", { x: X(l), y: 14, "text-anchor": "middle" }, picture).textContent =
      l === 0 ? "input" : `layer ${l}`;
  });
  return { nodes, edges };
}

function mount(element) {
  const id = nextId(prefix);
  const chainNet = chainOf(element);
  const nets = { chain: chainNet, small: TWO_TWO_ONE };
  let net = chainNet;
  let step = 0;

  const controlRow = html("div", { class: "nbw-controls" });
  const { input, output } = controls(controlRow, { id, prefix, specs: [
    { select: "net", label: "Network", value: "chain", options: [
      ["chain", "the chain, 1-1-1-1"], ["small", "2-2-1"]],
    on: () => { net = nets[input.net.value]; step = 0; weights(); draw(); update(); } },
    { buttons: [["next", "Next step"], ["back", "Step back"]], on: {
      next: () => { step += 1; update(); }, back: () => { step -= 1; update(); } } },
    { group: "Nudge a weight", controls: [
      { select: "weight", label: "Weight", options: [], value: "", on: () => update() },
      { slider: "h", label: "h", min: -0.5, max: 0.5, step: 0.01, value: 0.1,
        on: () => update() },
    ] },
  ] });
  const weightNames = (view) => view.steps.filter((st) => st.kind === "dl_dw")
    .map((st) => [`${st.l},${st.j},${st.k}`, st.label.replace("\u2202\u2113/\u2202", "")]);
  function weights() {
    const view = model(Object.assign({ step }, net));
    input.weight.replaceChildren(...weightNames(view).map(([value, text]) =>
      html("option", { value }, text)));
    input.weight.selectedIndex = 0;
  }

  const picture = svg("svg", { class: `nbw-plot ${prefix}-svg`, role: "img" });
  const stepLine = html("p", { class: `${prefix}-where` });
  const ruleLine = html("p", { class: `${prefix}-rule nbw-key` });
  const formula = html("p", { class: `${prefix}-formula nbw-result`, "aria-live": "polite" });
  const nudgeLine = html("p", { class: `${prefix}-nudge`, "aria-live": "polite" });
  const readout = html("div", { class: `nbw-readout ${prefix}-readout` });
  readout.append(stepLine, ruleLine, formula, nudgeLine);
  const code = codeView(prefix);

  let nodes = new Map();
  let edges = new Map();
  function draw() {
    ({ nodes, edges } = drawNetwork(picture, net));
  }

  function update() {
    const [l, j, k] = input.weight.value.split(",").map(Number);
    const h = Number(input.h.value);
    const view = model(Object.assign({ step, nudge: { l, j, k, h } }, net));
    step = view.step;
    input.next.disabled = step === view.steps.length - 1; // the last step: nothing next
    const st = view.current;
    const lit = new Set(st.lit.map((e) => e.join(",")));
    for (const [name, { g, value, l: nl, j: nj }] of nodes) {
      g.classList.toggle(`${prefix}-lit`, lit.has(name));
      // An activation shows once computed (the inputs from the start).
      const done = nl === 0 || view.steps.slice(0, step + 1).some(
        (s) => s.kind === "a" && s.l === nl && s.j === nj);
      value.textContent = done ? show(view.a[nl][nj - 1], 2) : "";
    }
    for (const [name, g] of edges) {
      g.classList.toggle(`${prefix}-lit`, lit.has(name));
    }
    const forward = st.kind === "z" || st.kind === "a";
    stepLine.textContent = `Step ${step + 1} of ${view.steps.length}: `
      + (forward ? "forward pass" : (st.kind === "loss" ? "the loss" : "backward pass"));
    ruleLine.textContent = `Rule: ${st.rule}.`;
    formula.textContent = st.formula;
    formula.dataset.value = String(st.value);
    const nd = view.nudge;
    const name = input.weight.selectedOptions[0].textContent;
    nudgeLine.replaceChildren(`Nudge ${name} by h = ${show(h, 2)}: the loss changes by `
      + `\u2113(${name} + h) \u2212 \u2113 = `,
    html("output", { class: `${prefix}-change`, "data-value": String(nd.change) },
      show(nd.change, 6)),
    `; the derivative predicts h \u00b7 \u2202\u2113/\u2202${name} = `,
    html("output", { class: `${prefix}-predicted`, "data-value": String(nd.predicted) },
      show(nd.predicted, 6)), ".");
    output.h.textContent = show(h, 2);
    picture.setAttribute("aria-label", `A ${view.sizes.join("-")} sigmoid network; step `
      + `${step + 1}: ${st.formula}`);
    element.backpropStepper = Object.assign(view, { settings: Object.assign({ step,
      nudge: { l, j, k, h } }, net) });
    code.set(asCode(view.settings));
  }

  element.replaceChildren(controlRow, picture, readout, code.node);
  weights();
  draw();
  update();
}

export { model, mount };
