// The hover-network widget: a small network drawn as circles and lines; pointing at (or
// focusing) a neuron writes its row of the layer's product, z_j = sum_k w_jk a_k + b_j and
// a_j = f(z_j), with the numbers; a connection, its weight w_jk and its place in W.
//
// Markdown:  <div class="nb-widget" data-widget="hover-network"
//                 data-net="model.json" data-input="X.json">
// data-net is the network the page exports (<!-- export model X -->), in the export's form
// (nn.js), Dense layers each followed by an activation; data-input a batch of one row, the
// first value of the input sliders.
//
// model(settings) -> view is hover-network/model.js's.

import { controls, html, nextId, show, sub, sup, svg, table, whenLoaded } from "./common.js";
import { DIGITS, model, move, short } from "./hover-network/model.js";

// ---- The widget on the page ------------------------------------------------------------

const prefix = "nbw-hover-network";
// A focus's name: n<l>-<j> for a neuron, w<l>-<j>-<k> for the weight from k to j.
const focusKey = (f) => (f.kind === "neuron" ? `n${f.l}-${f.j}` : `w${f.l}-${f.j}-${f.k}`);

// The drawing of the network ``first`` (a view of model's, whose sizes and weights it
// draws): a column of circles per layer, a line per weight, each a focusable group.
// Gives { node, nodes, edges }: the groups by focusKey, each { f, g } (a neuron's with
// the text of its value).
function networkDrawing(first) {
  const sizes = first.sizes;
  const width = 460;
  const height = 60 + 64 * Math.max(...sizes);
  const X = (l) => 50 + (l * (width - 100)) / (sizes.length - 1);
  const Y = (l, j) => height / 2 + (j - (sizes[l] + 1) / 2) * 64 + 8;
  const picture = svg("svg", { class: `nbw-plot ${prefix}-svg`, viewBox:
    `0 0 ${width} ${height}`, width: String(width), height: String(height) });
  const heads = svg("g", { class: `${prefix}-heads`, "aria-hidden": "true" }, picture);
  sizes.forEach((_, l) => {
    svg("text", { x: X(l), y: 16, "text-anchor": "middle" }, heads).textContent =
      l === 0 ? `input a${sup(0)}` : `layer ${l}: ${first.layers[l - 1].f || "none"}`;
  });
  // The neurons first, the first tab stop; the lines, cut at the circles, the second.
  const nodeGroup = svg("g", { class: `${prefix}-nodes`, role: "group",
    "aria-label": "Neurons: arrow keys move between them" }, picture);
  const edgeGroup = svg("g", { class: `${prefix}-edges`, role: "group",
    "aria-label": "Connections: arrow keys move through the weights" }, picture);
  const R = 24;
  const edges = new Map();
  const nodes = new Map();
  for (let l = 1; l < sizes.length; l++) {
    for (let j = 1; j <= sizes[l]; j++) {
      for (let k = 1; k <= sizes[l - 1]; k++) {
        const f = { kind: "weight", l, j, k };
        const w = first.layers[l - 1].W[j - 1][k - 1];
        const g = svg("g", { class: `${prefix}-edge ${w < 0 ? `${prefix}-neg` : ""}`,
          tabindex: "-1", role: "button", "aria-label": `weight w${sup(l)}${sub(j)}${sub(k)}`
            + ` = ${short(w)}` }, edgeGroup);
        const [x1, y1, x2, y2] = [X(l - 1), Y(l - 1, k), X(l), Y(l, j)];
        const cut = R / Math.hypot(x2 - x1, y2 - y1);
        const ends = { x1: x1 + cut * (x2 - x1), y1: y1 + cut * (y2 - y1),
          x2: x2 - cut * (x2 - x1), y2: y2 - cut * (y2 - y1) };
        svg("line", Object.assign({ class: `${prefix}-hit` }, ends), g);
        svg("line", Object.assign({ class: `${prefix}-line ${w < 0 ? "nbw-neg" : "nbw-pos"}`,
          "stroke-width": String(1 + 1.5 * Math.min(Math.abs(w), 3)) }, ends), g);
        edges.set(focusKey(f), { f, g });
      }
    }
  }
  sizes.forEach((n, l) => {
    for (let j = 1; j <= n; j++) {
      const f = { kind: "neuron", l, j };
      const g = svg("g", { class: `${prefix}-neuron`, tabindex: "-1", role: "button" },
        nodeGroup);
      svg("circle", { cx: X(l), cy: Y(l, j), r: R }, g);
      const value = svg("text", { x: X(l), y: Y(l, j) + 4, "text-anchor": "middle" }, g);
      nodes.set(focusKey(f), { f, g, value });
    }
  });
  return { node: picture, nodes, edges };
}

// The layer the view details, as a table: one row per neuron, its weights, bias, z and
// a, the cells the focus is on lit; and the line of the layer's input above it.
function matrixTable(view) {
  const { detail, layers } = view;
  const l = detail.table;
  const layer = layers[l - 1];
  const n = layer.W[0].length;
  const head = ["j", ...Array.from({ length: n }, (_, k) => `w\u2c7c${sub(k + 1)}`),
    "b\u2c7c", "z\u2c7c", "a\u2c7c"];
  const { table: node } = table({ cls: `${prefix}-matrix`, head, rows: layer.b.length,
    caption: `z${sup(l)} = W${sup(l)}a${sup(l - 1)} + b${sup(l)}, a${sup(l)} = `
      + `${layer.f}(z${sup(l)}), one row per neuron`,
    cells: (r) => {
      const cell = (text, on, extra) => {
        return html("td", Object.assign({ class: on ? `${prefix}-on` : "" },
          extra || {}), text);
      };
      const rowOn = detail.row === r + 1;
      return [html("th", { scope: "row" }, String(r + 1)),
        ...layer.W[r].map((w, k) => cell(short(w), (rowOn && (detail.column === null
          || detail.column === k + 1)) || (detail.row === null
          && detail.column === k + 1))),
        cell(short(layer.b[r]), rowOn && detail.column === null),
        cell(show(layer.z[r], DIGITS), rowOn && detail.column === null,
          { "data-value": String(layer.z[r]) }),
        cell(show(layer.a[r], DIGITS), rowOn && detail.column === null,
          { "data-value": String(layer.a[r]) })];
    } });
  const inputs = (l === 1 ? view.x : layers[l - 2].a).map((v) => short(v)).join(", ");
  return [html("p", {}, `a${sup(l - 1)} = (${inputs})`), node];
}

// The element in focus, and the ones lit with it: a weight's two neurons, or a
// neuron's incoming weights and the neurons they come from.
function lightsOf(focus, sizes) {
  const on = focusKey(focus);
  const lit = new Set([on]);
  if (focus.kind === "weight") {
    lit.add(`n${focus.l}-${focus.j}`).add(`n${focus.l - 1}-${focus.k}`);
  } else if (focus.l > 0) {
    for (let k = 1; k <= sizes[focus.l - 1]; k++) {
      lit.add(`w${focus.l}-${focus.j}-${k}`).add(`n${focus.l - 1}-${k}`);
    }
  }
  return { on, lit };
}

// The drawing's neurons (their activations) and lines, lit as ``lightsOf`` says; one
// tab stop per group (a roving tabindex): the element last shown in each (``lastOf``).
function drawNetwork({ nodes, edges }, view, x, { on, lit }, lastOf) {
  for (const [name, { f, g, value }] of nodes) {
    const a = f.l === 0 ? x[f.j - 1] : view.layers[f.l - 1].a[f.j - 1];
    value.textContent = f.l === 0 ? short(a) : show(a, 2);
    g.setAttribute("aria-label", `${f.l === 0 ? "input" : `neuron ${f.j} of layer `
      + f.l}, a${sup(f.l)}${sub(f.j)} = ${f.l === 0 ? short(a) : show(a, DIGITS)}`);
  }
  for (const [name, { g }] of [...nodes, ...edges]) {
    g.classList.toggle(`${prefix}-on`, name === on);
    g.classList.toggle(`${prefix}-lit`, lit.has(name) && name !== on);
    g.setAttribute("tabindex", name === lastOf.neuron || name === lastOf.weight ? "0" : "-1");
  }
}

// The words and the matrix of what is in focus.
function readoutView() {
  const node = html("div", { class: `nbw-readout ${prefix}-readout` });
  const parts = {
    title: html("p", { class: `${prefix}-title` }),
    lines: html("div", { class: `${prefix}-lines` }),
    tableBox: html("div", { class: `${prefix}-table` }),
    live: html("p", { class: `${prefix}-live`, "aria-live": "polite" }),
  };
  node.append(...Object.values(parts));
  return { node, ...parts };
}

function drawReadout({ title, lines, tableBox, live }, view) {
  title.textContent = view.detail.title;
  lines.replaceChildren(...view.detail.lines.map((text) => html("p",
    { class: `${prefix}-line-text` }, text)));
  tableBox.replaceChildren(...matrixTable(view));
  live.textContent = view.detail.summary;
}

function mount(element) {
  const id = nextId(prefix);
  whenLoaded(element, ["net", "input"], { prefix, what: "the network",
    instead: "the text around this box describes it." },
  (net, input) => build(element, net, input[0]));

  function build(root, net, x0) {
    const x = x0.slice();
    let focus = null;
    const controlRow = html("div", { class: "nbw-controls" });
    const { input } = controls(controlRow, { id, prefix, onInput: update, specs: [
      { group: `The input a${sup(0)}`, controls: x.map((v, k) => ({ slider: `x${k + 1}`,
        label: `a${sup(0)}${sub(k + 1)}`, min: -3, max: 3, step: 0.5, value: v,
        digits: 1 })) },
    ] });
    const first = model({ net, x, focus });
    const sizes = first.sizes;
    const drawing = networkDrawing(first);
    const { node: picture, nodes, edges } = drawing;
    const lastOf = { neuron: focusKey(first.focus), weight: "w1-1-1" };
    const readout = readoutView();
    const hint = html("p", { class: "nbw-key" }, "Point at a neuron or a line, or tab to "
      + "the network and use the arrow keys (the lines are the next tab stop).");

    function update() {
      x.forEach((_, k) => { x[k] = Number(input[`x${k + 1}`].value); });
      const view = model({ net, x: x.slice(), focus });
      focus = view.focus;
      const lights = lightsOf(focus, sizes);
      lastOf[focus.kind] = lights.on;
      drawNetwork(drawing, view, x, lights, lastOf);
      drawReadout(readout, view);
      picture.setAttribute("aria-label", `A ${sizes.join("-")} network; shown: `
        + view.detail.summary);
      root.hoverNetwork = view;
    }

    function show_(f, moveFocus) {
      focus = f;
      update();
      const target = (f.kind === "neuron" ? nodes : edges).get(focusKey(f)).g;
      if (moveFocus && document.activeElement !== target) {
        target.focus();
      }
    }
    for (const { f, g } of [...nodes.values(), ...edges.values()]) {
      g.addEventListener("pointerenter", () => show_(f, false));
      g.addEventListener("click", () => show_(f, true));
      g.addEventListener("focus", () => {
        if (focusKey(focus) !== focusKey(f)) {
          show_(f, false);
        }
      });
      g.addEventListener("keydown", (event) => {
        const next = move(f, event.key, sizes);
        if (next !== f) {
          event.preventDefault();
          show_(next, true);
        }
      });
    }
    root.replaceChildren(controlRow, hint, picture, readout.node);
    update();
  }
}

export { model, mount, move };
