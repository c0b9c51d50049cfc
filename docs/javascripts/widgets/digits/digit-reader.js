// The digit reader: the reader draws a digit on a 28 x 28 grid (mouse, pen or finger) or
// picks a test image, and sees the chapter's trained network 784-16-16-10 read it, layer by
// layer, each neuron's activation as brightness, as 3Blue1Brown draws it.
//
// Markdown:  <div class="nb-widget" data-widget="digit-reader"
//                 data-net="digit_net.json" data-samples="digit_samples.json">
// data-net is the network the page exports (<!-- export digit_net -->): {"type":
// "Sequential", "layers": [{"type": "Dense", "params": {"W", "b"}}, {"type": "Sigmoid"}, ...]};
// data-samples is {"images": [[28 x 28 values 0-255], ...], "labels": [...]}. The drawing is
// prepared as nnbook.mnist_prep.prepare_digit does (the same steps, in the same order); the
// forward pass is nnbook's: Dense z = x W^T + b, then the activation.
//
// model(settings) -> view is digit-reader/model.js's.

import { grey, html, nextId, paintPixels, svg, whenLoaded } from "../common.js";
import { digitSource, probabilityBars } from "./pad.js";
import { model } from "./digit-reader/model.js";

const FIELD = 28;

// ---- The widget on the page ------------------------------------------------------------

function mount(element) {
  const id = nextId("nbw-digit-reader");
  const prefix = "nbw-digit-reader";
  whenLoaded(element, ["net", "samples"], { prefix, what: "the trained network",
    instead: "the figure below shows what this widget does." },
  (net, samples) => start(element, id, prefix, net, samples));
}

function start(element, id, prefix, net, samples) {
  const sizes = net.layers.filter((l) => l.type === "Dense").map((l) => l.params.b.length);
  // What is read: a test image, or the reader's drawing on the kit's 28 x 28 pad.
  const { controlRow, pad, pick, settings } = digitSource({ id, prefix, samples,
    onChange: think, onSettle: (picked) => announce(picked) });

  // The network, drawn as 3Blue1Brown draws it.
  const W = 560;
  const H = 370;
  const picture = svg("svg", { class: `nbw-plot ${prefix}-svg`, viewBox: `0 0 ${W} ${H}`,
    role: "img" });
  const xs = [20, 230, 350, 470];
  const imageSize = 150;
  const imageTop = (H + 20 - imageSize) / 2;
  const ys = sizes.map((n) => Array.from({ length: n }, (_, j) =>
    (H + 20) / 2 + (j - (n - 1) / 2) * (n > 10 ? 20 : 32)));
  const edges = svg("g", { class: `${prefix}-edges` }, picture);
  ys[0].forEach((y) => svg("line", { x1: xs[0] + imageSize, y1: imageTop + imageSize / 2, x2: xs[1], y2: y }, edges));
  for (let l = 1; l < sizes.length; l++) {
    ys[l - 1].forEach((y1) => ys[l].forEach((y2) =>
      svg("line", { x1: xs[l], y1, x2: xs[l + 1], y2 }, edges)));
  }
  const shown = html("canvas", { width: FIELD, height: FIELD });
  const image = svg("image", { x: xs[0], y: imageTop, width: imageSize, height: imageSize,
    class: `${prefix}-input` }, picture);
  svg("rect", { x: xs[0], y: imageTop, width: imageSize, height: imageSize,
    class: "nbw-frame" }, picture);
  const titles = ["784 inputs: the image", "16 neurons", "16 neurons", "10 outputs"];
  [xs[0] + imageSize / 2, xs[1], xs[2], xs[3]].forEach((x, l) =>
    svg("text", { x, y: 14, "text-anchor": "middle", class: "nbw-tick" }, picture)
      .textContent = titles[l]);
  const circles = ys.map((col, l) => col.map((y, j) => {
    const node = svg("circle", { cx: xs[l + 1], cy: y, r: l === sizes.length - 1 ? 12 : 8,
      class: `${prefix}-neuron ${prefix}-layer${l + 1}` }, picture);
    if (l === sizes.length - 1) {
      svg("text", { x: xs[l + 1] + 20, y: y + 5, class: `${prefix}-digit` }, picture)
        .textContent = String(j);
    }
    return node;
  }));

  // The ten outputs as shares of 1, and the answer.
  const { table, answer, status, update, announce } = probabilityBars(prefix,
    "The ten outputs, as shares of 1");
  const readout = html("div", { class: `nbw-readout ${prefix}-readout` });
  readout.append(table);
  const note = html("p", { class: `${prefix}-note` }, "The network's ten outputs are "
    + "sigmoids, each between 0 and 1; each is shown divided by their sum, a share of 1, "
    + "not a probability the network was trained to give.");
  readout.append(note);

  // The pad, the network and the answer: the CSS keeps the three in view together.
  const stage = html("div", { class: `${prefix}-stage` });
  stage.append(pad.node, picture, answer);
  element.replaceChildren(controlRow, stage, readout, status);

  function think() {
    const view = model(Object.assign({ net }, settings()));
    element.digitReader = view;   // what the tests read
    pad.paint(view.ink);
    paintPixels(shown, view.input);
    image.setAttribute("href", shown.toDataURL("image/png"));
    view.layers.forEach((a, l) => a.forEach((v, j) => {
      circles[l][j].setAttribute("fill", grey(v));
      circles[l][j].setAttribute("data-value", String(v));
    }));
    update(view);
    picture.setAttribute("aria-label", "The network: the 28 by 28 input image, two layers "
      + "of 16 neurons and the 10 outputs, each neuron as bright as its activation. "
      + answer.textContent);
  }

  pick();
}

export { model, mount };
