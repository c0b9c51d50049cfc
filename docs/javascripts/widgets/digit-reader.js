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
// model({ net, image }) for a test image (28 x 28 values 0-255, as MNIST gives it), or
// model({ net, strokes }) for the reader's drawing (strokes, each a list of points [x, y]
// in grid units, 0 to 28 from the top left) -> { ink, input, layers, probabilities,
// answer, blank }: ink, the grid drawn (values 0-1); input, what the network reads (the
// test image, or the drawing prepared); layers, the activations of each layer of neurons
// drawn; probabilities, the ten outputs as probabilities; answer, the likeliest digit;
// blank, whether nothing is drawn.
(function () {
  "use strict";

  const FIELD = 28;
  const BOX = 20;

  // ---- The model: the maths, mirroring nnbook, no page -----------------------------------

  const { forward } = window.nnbookNN; // the forward pass, as nnbook's (nn.js)

  // Box-filter resampling along one axis, n_in -> n_out (nnbook.mnist_prep.resample_matrix).
  function resampleMatrix(nIn, nOut) {
    const f = nIn / nOut;
    const m = [];
    for (let o = 0; o < nOut; o++) {
      const lo = o * f;
      m.push(Array.from({ length: nIn }, (_, i) =>
        Math.max(Math.min(lo + f, i + 1) - Math.max(lo, i), 0) / f));
    }
    return m;
  }

  // A drawing (rows of ink >= 0) as MNIST presents its digits (nnbook.mnist_prep.prepare_digit):
  // crop to the ink, fit in 20 x 20 (aspect kept), centre of mass on pixel (14, 14).
  function prepare(ink) {
    const clipped = ink.map((row) => row.map((v) => Math.min(v, 1)));
    const rows = [];
    const cols = [];
    clipped.forEach((row, r) => row.forEach((v, c) => {
      if (v > 0) {
        rows.push(r);
        cols.push(c);
      }
    }));
    const field = Array.from({ length: FIELD }, () => new Array(FIELD).fill(0));
    if (!rows.length) {
      return field;
    }
    const r0 = Math.min(...rows);
    const c0 = Math.min(...cols);
    const h = Math.max(...rows) - r0 + 1;
    const w = Math.max(...cols) - c0 + 1;
    const long = Math.max(h, w);
    const outH = h === long ? BOX : Math.max(1, Math.floor((BOX * h) / long + 0.5));
    const outW = w === long ? BOX : Math.max(1, Math.floor((BOX * w) / long + 0.5));
    const my = resampleMatrix(h, outH);
    const mx = resampleMatrix(w, outW);
    // small = my @ crop @ mx^T, in that order: (my @ crop) first, as numpy does
    const left = my.map((mrow) => Array.from({ length: w }, (_, c) =>
      mrow.reduce((s, v, i) => s + v * clipped[r0 + i][c0 + c], 0)));
    const small = left.map((lrow) => mx.map((mrow) =>
      mrow.reduce((s, v, c) => s + v * lrow[c], 0)));
    let total = 0;
    let sr = 0;
    let sc = 0;
    const rowSums = small.map((row) => row.reduce((s, v) => s + v, 0));
    const colSums = small[0].map((_, c) => small.reduce((s, row) => s + row[c], 0));
    rowSums.forEach((v, r) => { sr += v * r; total += v; });
    colSums.forEach((v, c) => { sc += v * c; });
    const top = Math.floor(FIELD / 2 - sr / total + 0.5);
    const leftShift = Math.floor(FIELD / 2 - sc / total + 0.5);
    small.forEach((row, r) => row.forEach((v, c) => {
      const y = r + top;
      const x = c + leftShift;
      if (y >= 0 && y < FIELD && x >= 0 && x < FIELD) {
        field[y][x] = v;
      }
    }));
    return field;
  }

  // Ink of a round brush of radius 1.5 pixels at (x, y) in grid units, kept as the largest.
  function brush(ink, x, y) {
    for (let r = Math.max(0, Math.floor(y - 2)); r <= Math.min(FIELD - 1, Math.ceil(y + 1)); r++) {
      for (let c = Math.max(0, Math.floor(x - 2)); c <= Math.min(FIELD - 1, Math.ceil(x + 1)); c++) {
        const d = Math.hypot(c + 0.5 - x, r + 0.5 - y);
        ink[r][c] = Math.max(ink[r][c], Math.min(Math.max(1.5 - d, 0), 1));
      }
    }
  }

  // The outputs as probabilities: sigmoids divided by their sum; logits through softmax.
  function probabilitiesOf(outputs, lastType) {
    let values = outputs;
    if (lastType === "Dense") {
      const top = Math.max(...outputs);
      values = outputs.map((z) => Math.exp(z - top));
    }
    const total = values.reduce((s, v) => s + v, 0);
    return values.map((v) => v / total);
  }

  const blankGrid = () => Array.from({ length: FIELD }, () => new Array(FIELD).fill(0));

  // The ink of strokes drawn with the brush: from point to point in steps of a quarter
  // pixel, so that a fast stroke leaves no gaps.
  function inkOf(strokes) {
    const ink = blankGrid();
    for (const points of strokes) {
      points.forEach((p, k) => {
        const last = points[k - 1];
        const steps = last ? Math.ceil(Math.hypot(p[0] - last[0], p[1] - last[1]) / 0.25) : 0;
        for (let s = 1; s <= steps; s++) {
          brush(ink, last[0] + ((p[0] - last[0]) * s) / steps,
            last[1] + ((p[1] - last[1]) * s) / steps);
        }
        brush(ink, p[0], p[1]);
      });
    }
    return ink;
  }

  function model({ net, image, strokes }) {
    const ink = image ? image.map((row) => row.map((v) => v / 255)) : inkOf(strokes);
    const input = image ? ink : prepare(ink);   // a test image already is prepared
    const x = [].concat(...input);
    const out = forward(net, x);
    // The neurons drawn: each layer after its activation (a Dense layer only where no
    // activation follows it).
    const last = net.layers.length - 1;
    const layers = out.filter((_, i) => net.layers[i].type !== "Dense" || i === last
      || net.layers[i + 1].type === "Dense");
    const probabilities = probabilitiesOf(layers[layers.length - 1], net.layers[last].type);
    let answer = 0;
    probabilities.forEach((p, k) => {
      if (p > probabilities[answer]) {
        answer = k;
      }
    });
    return { ink, input, layers, probabilities, answer, blank: !x.some((v) => v > 0) };
  }

  // ---- The widget on the page ------------------------------------------------------------

  function paintGrid(canvas, values) {
    const { grey } = window.nnbookKit;
    const paint = canvas.getContext("2d");
    const pixels = paint.createImageData(FIELD, FIELD);
    values.forEach((row, r) => row.forEach((v, c) => {
      const rgb = grey.rgb(v);
      pixels.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * (r * FIELD + c));
    }));
    paint.putImageData(pixels, 0, 0);
  }

  function mount(element) {
    const { nextId, html } = window.nnbookKit;
    const id = nextId("nbw-digit-reader");
    const prefix = "nbw-digit-reader";
    const status = html("p", { class: "nbw-digit-reader-status", role: "status" },
      "Loading the trained network\u2026");
    element.replaceChildren(status);
    const load = (name) => fetch(new URL(element.dataset[name], window.location.href))
      .then((r) => {
        if (!r.ok) {
          throw new Error(`${element.dataset[name]}: ${r.status}`);
        }
        return r.json();
      });
    Promise.all([load("net"), load("samples")]).then(([net, samples]) => {
      start(element, id, prefix, net, samples);
    }).catch((error) => {
      console.error("nnbook: digit-reader", error);
      status.textContent = "The trained network could not be loaded; the figure below "
        + "shows what this widget does.";
    });
  }

  function start(element, id, prefix, net, samples) {
    const { html, svg, show, controls, grey, table: makeTable } = window.nnbookKit;
    const sizes = net.layers.filter((l) => l.type === "Dense").map((l) => l.params.b.length);
    // What is shown: a test image (its index), or else the reader's strokes.
    let sample = null;
    let strokes = [];

    // Controls: a test image (keyboard), and clear.
    const controlRow = html("div", { class: "nbw-controls" });
    const options = [["", "Your drawing"]].concat(samples.labels.map((label, i) =>
      [String(i), `Test image ${i + 1} (a ${label})`]));
    const { input } = controls(controlRow, { id, prefix, specs: [
      { select: "sample", label: "Digit", options, value: "0", on: pick },
      { buttons: [["clear", "Clear"]], on: { clear } },
    ] });

    // The drawing area: a 28 x 28 canvas, scaled up by CSS.
    const pad = html("div", { class: `${prefix}-pad` });
    const canvas = html("canvas", { class: `${prefix}-canvas`, width: FIELD, height: FIELD,
      role: "img", "aria-label": "Drawing area of 28 by 28 pixels: draw a digit here with "
        + "the mouse, a pen or a finger, or choose a test image above." }, pad);

    let stroke = null;   // the points of the stroke being drawn, while the pointer is down
    function at(event) {
      const box = canvas.getBoundingClientRect();
      return [((event.clientX - box.left) / box.width) * FIELD,
        ((event.clientY - box.top) / box.height) * FIELD];
    }
    canvas.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      if (canvas.setPointerCapture) {
        try { canvas.setPointerCapture(event.pointerId); } catch (e) { /* synthetic events */ }
      }
      if (sample !== null) {   // a new drawing starts on a blank grid
        sample = null;
        strokes = [];
      }
      stroke = [at(event)];
      strokes.push(stroke);
      input.sample.value = "";
      think();
    });
    canvas.addEventListener("pointermove", (event) => {
      if (stroke) {
        stroke.push(at(event));
        think();
      }
    });
    for (const end of ["pointerup", "pointercancel", "pointerleave"]) {
      canvas.addEventListener(end, () => { stroke = null; });
    }

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

    // The ten outputs as probabilities, and the answer.
    const outs = [];
    const nOut = sizes[sizes.length - 1];
    const { table } = makeTable({ cls: `${prefix}-probabilities`, head: ["Digit", "Probability",
      "Bar"], caption: "The ten outputs, as probabilities", rows: nOut, cells: (k) => {
      const value = html("output", { class: `${prefix}-p nbw-result` });
      const bar = html("span", { class: `${prefix}-bar` });
      outs.push({ value, bar });
      const digit = html("th", { scope: "row" }, String(k));
      const cell = html("td", {});
      cell.append(value);
      const barCell = html("td", {});
      barCell.append(bar);
      return [digit, cell, barCell];
    } });
    const answer = html("p", { class: `${prefix}-answer`, "aria-live": "polite" });
    const readout = html("div", { class: `nbw-readout ${prefix}-readout` });
    readout.append(answer, table);
    const note = html("p", { class: `${prefix}-note` }, "The network's ten outputs are "
      + "sigmoids, each between 0 and 1; as probabilities, each is divided by their sum.");
    readout.append(note);

    const stage = html("div", { class: `${prefix}-stage` });
    stage.append(pad, picture);
    element.replaceChildren(controlRow, stage, readout);

    function think() {
      const view = model(sample === null ? { net, strokes }
        : { net, image: samples.images[sample] });
      element.digitReader = view;   // what the tests read
      paintGrid(canvas, view.ink);
      paintGrid(shown, view.input);
      image.setAttribute("href", shown.toDataURL("image/png"));
      view.layers.forEach((a, l) => a.forEach((v, j) => {
        circles[l][j].setAttribute("fill", grey(v));
        circles[l][j].setAttribute("data-value", String(v));
      }));
      const { probabilities, answer: best } = view;
      probabilities.forEach((p, k) => {
        outs[k].value.textContent = show(p, 3);
        outs[k].value.setAttribute("data-value", String(p));
        outs[k].bar.style.width = `${(100 * p).toFixed(1)}%`;
      });
      answer.textContent = view.blank
        ? "Nothing drawn yet: draw a digit, or choose a test image."
        : `The network reads a ${best} (probability ${show(probabilities[best], 2)}).`;
      picture.setAttribute("aria-label", "The network: the 28 by 28 input image, two layers "
        + "of 16 neurons and the 10 outputs, each neuron as bright as its activation. "
        + answer.textContent);
    }

    function pick() {
      if (input.sample.value === "") {
        return;
      }
      sample = Number(input.sample.value);
      think();
    }
    function clear() {
      sample = null;
      strokes = [];
      input.sample.value = "";
      think();
    }
    pick();
  }

  window.nnbookWidgets.register("digit-reader", { model, mount });
})();
