// The neuron widget: a sigmoid neuron with two inputs, a = sigma(w1 x1 + w2 x2 + b),
// drawn as a heat map over the input plane [-3, 3] x [-3, 3].
//
// Markdown:  <div class="nb-widget" data-widget="neuron"
//                 data-w1="1.5" data-w2="-1" data-b="0.5" data-x1="1" data-x2="1">
// The data attributes give the first values of the sliders. z and a are computed as
// nnbook.Dense(2, 1) (W = [[w1, w2]], b = [b]) followed by nnbook.Sigmoid(), with the same
// numerically stable sigmoid as nnbook.functional.sigmoid, and shown to 4 decimals.
//
// model(settings) -> view is neuron/model.js's.

import { axes, axisTitles, chart, controls, dragHandle, html, nextId, plus, range,
  setSlider, show, svg, viridis } from "./common.js";
import { CELLS, LIMIT, model } from "./neuron/model.js";

const PLOT = 300;         // plot size in SVG units
const DIGITS = 4;         // decimals of z and a
// The sliders, in two groups; ``value`` is the first value, unless data-NAME gives one.
const SLIDERS = [
  { slider: "w1", label: "w\u2081, weight of x\u2081", min: -5, max: 5, value: 1.5 },
  { slider: "w2", label: "w\u2082, weight of x\u2082", min: -5, max: 5, value: -1 },
  { slider: "b", label: "b, bias", min: -5, max: 5, value: 0.5 },
  { slider: "x1", label: "x\u2081, first input", min: -LIMIT, max: LIMIT, value: 1 },
  { slider: "x2", label: "x\u2082, second input", min: -LIMIT, max: LIMIT, value: 1 },
];

// ---- The widget on the page ------------------------------------------------------------

// The colour scale of a beside the plot ``c`` of ``picture``, from 0 (bottom) to 1 (top).
function legend(picture, c) {
  const { top } = c;
  const legendX = c.right + 28;
  const steps = 50;
  const legend = svg("g", { class: "nbw-axes nbw-neuron-legend" }, picture);
  const scale = svg("g", { class: "nbw-neuron-scale" }, legend);
  for (let k = 0; k < steps; k++) {
    svg("rect", { x: legendX, y: top + PLOT - ((k + 1) * PLOT) / steps, width: 14,
      height: PLOT / steps + 0.3, fill: viridis((k + 0.5) / steps) }, scale);
  }
  svg("rect", { x: legendX, y: top, width: 14, height: PLOT, class: "nbw-frame" }, legend);
  for (const a of [0, 0.25, 0.5, 0.75, 1]) {
    const y = top + PLOT - a * PLOT;
    svg("line", { x1: legendX + 14, y1: y, x2: legendX + 18, y2: y }, legend);
    svg("text", { x: legendX + 21, y: y + 4, class: "nbw-tick" }, legend).textContent =
      String(a);
  }
  svg("text", { x: legendX + 7, y: top + PLOT + 22, "text-anchor": "middle" }, legend)
    .textContent = "a";

}

// The picture: heat map, axes, the line a = 0.5, the weight vector, the point, a legend.
// draw(view, { w1, w2, x1, x2 }) shows a view of the model. Gives { node, grip, c (its
// chart), draw }: the grip is the point's handle, which the pointer drags.
function neuronPicture() {
  const c = chart(46 + PLOT + 88, 12 + PLOT + 46, { left: 46, right: 88, top: 12, bottom: 46 },
    [-LIMIT, LIMIT], [-LIMIT, LIMIT]);
  const { left, top } = c;
  const px = c.X;
  const py = c.Y;
  const picture = svg("svg", {
    class: "nbw-plot nbw-neuron-svg", viewBox: `0 0 ${c.width} ${c.height}`, role: "img",
    width: String(c.width), height: String(c.height),
  });

  // The heat map: a = sigma(z) at the centres of CELLS x CELLS squares, painted into a
  // small canvas (not shown) whose picture the SVG stretches over the plot.
  const canvas = document.createElement("canvas");
  canvas.width = CELLS;
  canvas.height = CELLS;
  const paint = canvas.getContext("2d");
  const pixels = paint.createImageData(CELLS, CELLS);
  const heat = svg("image", { class: "nbw-neuron-heat", x: left, y: top, width: PLOT,
    height: PLOT, preserveAspectRatio: "none" }, picture);
  const frame = svg("g", { class: "nbw-axes" }, picture);
  axes(frame, c, { x: range(-LIMIT, LIMIT, 1), y: range(-LIMIT, LIMIT, 1) });
  axisTitles(frame, c, { x: "input x\u2081", y: "input x\u2082", xAt: c.bottom + 38, yAt: 12 });

  // The line a = 0.5 and the weight vector: white, with a dark outline to show on any colour.
  const lineGroup = svg("g", { class: "nbw-neuron-line" }, picture);
  const lineDark = svg("line", {}, lineGroup);
  const lineLight = svg("line", { class: "nbw-neuron-boundary" }, lineGroup);
  const arrowDark = svg("path", {}, lineGroup);
  const arrowLight = svg("path", { class: "nbw-neuron-arrow" }, lineGroup);
  const arrowLabel = svg("text", { class: "nbw-neuron-w", "text-anchor": "middle" },
    lineGroup);
  arrowLabel.textContent = "w";
  const point = svg("circle", { r: 6, class: "nbw-neuron-point" }, picture);
  // The point's handle, larger than the point, for the pointer and a finger.
  const grip = svg("circle", { r: 16, class: "nbw-neuron-grip" }, picture);
  legend(picture, c);

  function draw(view, { w1, w2, x1, x2 }) {
    view.heat.forEach((a, k) => {
      pixels.data.set([...viridis.rgb(a), 255], 4 * k);
    });
    paint.putImageData(pixels, 0, 0);
    heat.setAttribute("href", canvas.toDataURL("image/png"));
    const ends = view.line;
    for (const node of [lineDark, lineLight]) {
      node.style.display = ends ? "" : "none";
      if (ends) {
        node.setAttribute("x1", px(ends[0][0]));
        node.setAttribute("y1", py(ends[0][1]));
        node.setAttribute("x2", px(ends[1][0]));
        node.setAttribute("y2", py(ends[1][1]));
      }
    }
    // The weight vector, one unit long, from the middle of the visible line.
    const norm = Math.hypot(w1, w2);
    for (const node of [arrowDark, arrowLight, arrowLabel]) {
      node.style.display = ends ? "" : "none";
    }
    if (ends) {
      const sx = px((ends[0][0] + ends[1][0]) / 2);
      const sy = py((ends[0][1] + ends[1][1]) / 2);
      const ux = w1 / norm;
      const uy = -w2 / norm;             // screen y points down
      const length = PLOT / (2 * LIMIT); // one unit of x
      const tx = sx + ux * length;
      const ty = sy + uy * length;
      const head = 9;
      const d = `M ${sx} ${sy} L ${tx - ux * head * 0.8} ${ty - uy * head * 0.8} `
        + `M ${tx} ${ty} L ${tx - ux * head - uy * head * 0.5} ${ty - uy * head + ux * head * 0.5} `
        + `L ${tx - ux * head + uy * head * 0.5} ${ty - uy * head - ux * head * 0.5} Z`;
      arrowDark.setAttribute("d", d);
      arrowLight.setAttribute("d", d);
      arrowLabel.setAttribute("x", tx + ux * 12 + uy * 10);
      arrowLabel.setAttribute("y", ty + uy * 12 - ux * 10 + 5);
    }
    for (const node of [point, grip]) {
      node.setAttribute("cx", px(x1));
      node.setAttribute("cy", py(x2));
    }

  }
  return { node: picture, grip, c, draw };
}

function mount(element) {
  const id = nextId("nbw-neuron");
  const sliders = SLIDERS.map((spec) => {
    const given = parseFloat(element.dataset[spec.slider]);
    return Object.assign({}, spec, { step: 0.1, digits: 1,
      value: Number.isFinite(given) ? given : spec.value });
  });
  const controlRow = html("div", { class: "nbw-controls" });
  const { input } = controls(controlRow, { id, prefix: "nbw-neuron", onInput: update, specs: [
    { group: "The neuron", controls: sliders.slice(0, 3) },
    { group: "The input point", controls: sliders.slice(3) },
  ] });

  const pic = neuronPicture();
  const { left, top } = pic.c;
  // The point follows the pointer (the sliders x₁, x₂ move with it).
  dragHandle(pic.node, pic.grip, (x, y) => {
    setSlider(input.x1, ((x - left) / PLOT) * 2 * LIMIT - LIMIT);
    setSlider(input.x2, LIMIT - ((y - top) / PLOT) * 2 * LIMIT);
  });

  // The numbers, as text.
  const readout = html("div", { class: "nbw-neuron-readout" });
  const zLine = html("p", { class: "nbw-neuron-zline" });
  const aLine = html("p", { class: "nbw-neuron-aline", "aria-live": "polite" });
  const lineText = html("p", { class: "nbw-neuron-linetext" });
  readout.append(zLine, aLine, lineText);

  function update() {
    const [w1, w2, b, x1, x2] = SLIDERS.map((s) => Number(input[s.slider].value));
    const view = model({ w1, w2, b, x1, x2 });
    pic.draw(view, { w1, w2, x1, x2 });
    const ends = view.line;
    const { z, a } = view;
    const term = (v) => (v < 0 ? `(${show(v, 1)})` : show(v, 1));
    const zOut = html("output", { class: "nbw-neuron-z nbw-result", "data-value": String(z) },
      show(z, DIGITS));
    zLine.replaceChildren(
      `z = w\u2081x\u2081 + w\u2082x\u2082 + b = ${term(w1)} \u00b7 ${term(x1)} + `
      + `${term(w2)} \u00b7 ${term(x2)} + ${term(b)} = `, zOut);
    const aOut = html("output", { class: "nbw-neuron-a nbw-result", "data-value": String(a) },
      show(a, DIGITS));
    const side = Math.abs(z) < 0.5 * 10 ** -DIGITS ? "on the line a = 0.5"
      : (z > 0 ? "on the side where the neuron is on (a > 0.5)"
        : "on the side where the neuron is off (a < 0.5)");
    aLine.replaceChildren(`a = \u03c3(z) = `, aOut, `: the point is ${side}.`);
    const sign = (v) => ` ${plus(v, 1)}`;
    lineText.textContent = ends
      ? `The white line, where a = 0.5: ${show(w1, 1)} x\u2081${sign(w2)} x\u2082`
        + `${sign(b)} = 0. The arrow w = (${show(w1, 1)}, ${show(w2, 1)}) points to the `
        + "side where the neuron is on."
      : (view.flat !== null
        ? `Both weights are 0: the output is \u03c3(b) = ${show(view.flat, DIGITS)} `
          + "everywhere, and there is no line."
        : "The line where a = 0.5 lies outside the square shown.");
    pic.node.setAttribute("aria-label",
      `Heat map of the activation a = \u03c3(${show(w1, 1)} x\u2081${sign(w2)} x\u2082`
      + `${sign(b)}) for x\u2081 and x\u2082 from \u22123 to 3, from dark purple (a near 0) `
      + "to yellow (a near 1)"
      + (ends ? ", with the white line where a = 0.5 and the weight vector" : "")
      + `; the input point (${show(x1, 1)}, ${show(x2, 1)}) is marked, a = `
      + `${show(a, DIGITS)}.`);
  }

  element.replaceChildren(controlRow, pic.node, readout);
  update();
}

export { model, mount };
