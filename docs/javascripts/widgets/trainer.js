// The trainer widget: a small fully connected network learning to tell two classes of
// points in the plane apart, step by step, in front of the reader.
//
// Markdown:
//   <div class="nb-widget" data-widget="trainer" data-dataset="circle"> fallback </div>
//
// The network: 2 inputs (x₁, x₂), one or two hidden layers of 1-8 neurons with one
// activation (Tanh, ReLU, Sigmoid), 2 outputs (logits) with nnbook.CrossEntropy; trained
// by nnbook.SGD or nnbook.Adam on mini-batches: each epoch a shuffled order of the points
// (seeded), cut into batches of batchSize (the last one may be smaller). Weights start as
// nnbook.Dense's, uniform in ±1/√fan-in from a seeded generator, biases 0. The maths is
// window.nnbookNN's (nn.js), step for step nnbook's.
//
// model(settings) -> view, pure: settings { dataset ("blobs", "circle", "xor",
// "spiral"), hidden (widths, e.g. [4] or [6, 6]), activation, lr, batchSize, optimizer
// ("SGD", "Adam"), seed, steps, grid (cells per side of the maps, 30), trace } trains
// ``steps`` steps from the start and gives { step, costs (the cost on all points after
// 0, 1, …, step steps), cost, accuracy, diverged, layers (each { W, b }), points { X, y },
// map (grid × grid probabilities of class 1, rows from the top, x₁ across), neurons
// (each hidden layer: each neuron's grid of activations) } and, with trace, ``initial``
// (the layers before the first step) and ``batches`` (the point indices of every step).
// The page keeps one state (start, train, viewOf: the same functions, without replaying).
(function () {
  "use strict";

  const RATES = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
  const BATCHES = [1, 4, 10, 25, 100];
  const LIMIT = 1.25;       // the maps show [−LIMIT, LIMIT] on both axes
  const PER_TICK = 4;       // steps per frame while playing
  const TICK_MS = 40;
  const CALM_MS = 2000;     // the spoken summary changes at most this often while playing
  const CURVE_POINTS = 300; // at most this many points of the cost curve are drawn

  // ---- The model: the maths, no page ----------------------------------------------------

  // The points of a data set (seeded): { X: [[x₁, x₂], ...], y: [0 or 1, ...] }.
  function makeData(name, seed) {
    const random = window.nnbookNN.mulberry32(seed * 7919 + 17);
    const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    const X = [];
    const y = [];
    const add = (x1, x2, label) => {
      X.push([x1, x2]);
      y.push(label);
    };
    for (let i = 0; i < 200; i++) {
      const label = i % 2;
      const angle = 2 * Math.PI * random();
      if (name === "blobs") {
        const c = label ? 0.45 : -0.45;
        add(c + 0.25 * normal(), c + 0.25 * normal(), label);
      } else if (name === "circle") {
        const r = label ? 0.65 + 0.3 * random() : 0.45 * random();
        add(r * Math.cos(angle), r * Math.sin(angle), label);
      } else if (name === "xor") {
        const x1 = (0.05 + 0.95 * random()) * (random() < 0.5 ? -1 : 1);
        const x2 = (0.05 + 0.95 * random()) * (random() < 0.5 ? -1 : 1);
        add(x1, x2, x1 * x2 < 0 ? 1 : 0);
      } else if (name === "spiral") {
        const t = random();
        const turn = 3 * Math.PI * t + label * Math.PI;
        add((0.08 + 0.9 * t) * Math.cos(turn) + 0.03 * normal(),
          (0.08 + 0.9 * t) * Math.sin(turn) + 0.03 * normal(), label);
      } else {
        throw new Error(`nnbook: no data set ${name}`);
      }
    }
    return { X, y };
  }

  const DEFAULTS = { dataset: "circle", hidden: [4], activation: "Tanh", lr: 0.1,
    batchSize: 10, optimizer: "SGD", seed: 1, steps: 0, grid: 30, trace: false };

  // The state before the first step: the data, the network (nnbook.Dense's start), the
  // optimiser's memory, the batch order's generator, the cost so far.
  function start(given) {
    const settings = Object.assign({}, DEFAULTS, given);
    const { mulberry32, optimiserMemory } = window.nnbookNN;
    const random = mulberry32(settings.seed);
    const widths = [2, ...settings.hidden, 2];
    const net = { activation: settings.activation, layers: [] };
    for (let l = 1; l < widths.length; l++) {
      const bound = 1 / Math.sqrt(widths[l - 1]);
      net.layers.push({
        W: Array.from({ length: widths[l] }, () =>
          Array.from({ length: widths[l - 1] }, () => bound * (2 * random() - 1))),
        b: new Array(widths[l]).fill(0),
      });
    }
    const state = { settings, data: makeData(settings.dataset, settings.seed), net,
      memory: optimiserMemory(net), random, order: [], step: 0, costs: [], diverged: false,
      batches: settings.trace ? [] : null };
    state.initial = settings.trace ? copyLayers(net) : null;
    state.costs.push(costOfAll(state));
    return state;
  }

  const copyLayers = (net) => net.layers.map((l) => ({ W: l.W.map((r) => r.slice()),
    b: l.b.slice() }));

  function costOfAll(state) {
    const { forwardBatch, crossEntropy } = window.nnbookNN;
    const { outs } = forwardBatch(state.net, state.data.X);
    return crossEntropy(outs[outs.length - 1], state.data.y).cost;
  }

  // The next batch's point indices: each epoch a new shuffled order (Fisher-Yates).
  function nextBatch(state) {
    if (state.order.length === 0) {
      const order = state.data.X.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(state.random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      state.order = order;
    }
    return state.order.splice(0, state.settings.batchSize);
  }

  // ``n`` steps on ``state`` (changed in place), stopping at weights that are no longer
  // finite (diverged).
  function train(state, n) {
    const { gradients, optimiserStep } = window.nnbookNN;
    for (let k = 0; k < n && !state.diverged; k++) {
      const batch = nextBatch(state);
      const { grads } = gradients(state.net, batch.map((i) => state.data.X[i]),
        batch.map((i) => state.data.y[i]));
      optimiserStep(state.net, grads, state.settings, state.memory);
      state.step += 1;
      if (state.batches) {
        state.batches.push(batch);
      }
      const cost = costOfAll(state);
      state.costs.push(cost);
      state.diverged = !Number.isFinite(cost)
        || state.net.layers.some((l) => l.W.some((r) => r.some((w) => !Number.isFinite(w))));
    }
    return state;
  }

  // What the page shows of ``state``.
  function viewOf(state) {
    const { forwardBatch, softmax } = window.nnbookNN;
    const { X, y } = state.data;
    const { outs } = forwardBatch(state.net, X);
    const logits = outs[outs.length - 1];
    const right = logits.filter((z, n) => (z[1] > z[0] ? 1 : 0) === y[n]).length;
    const g = state.settings.grid;
    const at = (k) => -LIMIT + ((k + 0.5) * 2 * LIMIT) / g;
    const cells = [];
    for (let r = 0; r < g; r++) {
      for (let c = 0; c < g; c++) {
        cells.push([at(c), -at(r)]);
      }
    }
    const grid = forwardBatch(state.net, cells).outs;
    const asRows = (values) => Array.from({ length: g }, (_, r) => values.slice(r * g, r * g + g));
    const view = {
      step: state.step, costs: state.costs.slice(), cost: state.costs[state.costs.length - 1],
      accuracy: right / X.length, diverged: state.diverged, layers: copyLayers(state.net),
      points: state.data,
      map: asRows(grid[grid.length - 1].map((z) => softmax(z)[1])),
      neurons: grid.slice(0, -1).map((A) => A[0].map((_, j) => asRows(A.map((a) => a[j])))),
    };
    if (state.batches) {
      Object.assign(view, { initial: state.initial, batches: state.batches.slice() });
    }
    return view;
  }

  function model(settings) {
    const state = start(settings);
    return viewOf(train(state, state.settings.steps));
  }

  // ---- The widget on the page ------------------------------------------------------------

  function mount(element) {
    const { html: el, svg: svgEl, nextId, controls, chart, axes, axisTitles, range, show,
      number, purpleOrange, paintPixels, player, whenOffScreen } = window.nnbookKit;
    const id = nextId("nbw-tr");
    const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    const controlRow = el("div", { class: "nbw-controls" });
    const reset = () => {
      runner.stop();
      state = start(settings());
      draw(true);
    };
    const { input, output } = controls(controlRow, { id, prefix: "nbw-tr", onInput: reset,
      specs: [
        { group: "Data and network", controls: [
          { select: "dataset", label: "data set", value: element.dataset.dataset || "circle",
            options: [["blobs", "two blobs"], ["circle", "circle"], ["xor", "XOR"],
              ["spiral", "spiral"]] },
          { slider: "layers", label: "hidden layers", min: 1, max: 2, step: 1, value: 1,
            digits: 0 },
          { slider: "width", label: "neurons per layer", min: 1, max: 8, step: 1, value: 4,
            digits: 0 },
          { select: "activation", label: "activation", value: "Tanh",
            options: [["Tanh", "tanh"], ["ReLU", "ReLU"], ["Sigmoid", "sigmoid"]] },
        ] },
        { group: "Training", controls: [
          { select: "optimizer", label: "optimiser", value: "SGD",
            options: [["SGD", "SGD"], ["Adam", "Adam"]] },
          { slider: "lr", label: "learning rate η", min: 0, max: RATES.length - 1, step: 1,
            value: RATES.indexOf(1) },
          { select: "batch", label: "batch size", value: 10,
            options: BATCHES.map((b) => [b, String(b)]) },
        ] },
        { buttons: [["play", still ? "Train 100 steps" : "Play"], ["step", "One step"],
          ["reset", "Reset"]], on: {
          step: () => {
            runner.stop();
            train(state, 1);
            draw(true);
          },
          reset,
        } },
      ] });
    const rate = () => RATES[Number(input.lr.value)];
    const showRate = () => {
      output.lr.textContent = String(rate());
      input.lr.setAttribute("aria-valuetext", String(rate()));
    };
    input.lr.addEventListener("input", showRate);
    showRate();

    function settings() {
      return { dataset: input.dataset.value,
        hidden: new Array(Number(input.layers.value)).fill(Number(input.width.value)),
        activation: input.activation.value, lr: rate(), batchSize: Number(input.batch.value),
        optimizer: input.optimizer.value, seed: Number(element.dataset.seed || 1) };
    }

    // The decision map: the probability of class 1 in each cell, the points on top.
    const SIZE = 300;
    const mapCanvas = el("canvas", { class: "nbw-tr-map", width: SIZE, height: SIZE,
      role: "img" });
    const neuronBox = el("div", { class: "nbw-tr-neurons" });
    const netView = svgEl("svg", { class: "nbw-plot nbw-tr-net", role: "img" });
    const c = chart(320, 200, { left: 48, right: 10, top: 10, bottom: 38 }, [0, 1], [0, 1]);
    const curve = svgEl("svg", { viewBox: `0 0 ${c.width} ${c.height}`, role: "img",
      class: "nbw-plot nbw-tr-curve" });
    const summary = el("p", { class: "nbw-readout nbw-tr-summary", role: "status",
      "aria-live": "polite" });
    const key = el("p", { class: "nbw-key" }, "Map: purple is class 0, orange class 1; the "
      + "shade is the network's probability of class 1, the dots the training points. "
      + "Network: each line is a weight, its width its size, orange positive, purple "
      + "negative. Small maps: what each hidden neuron gives at each point of the plane.");
    const figures = el("div", { class: "nbw-tr-figures" });
    const left = el("div", { class: "nbw-tr-left" }, figures);
    left.append(mapCanvas);
    const right = el("div", { class: "nbw-tr-right" }, figures);
    right.append(netView, neuronBox, curve);

    function paintMap(view) {
      const ctx = mapCanvas.getContext("2d");
      const g = view.map.length;
      const cell = SIZE / g;
      view.map.forEach((row, r) => row.forEach((p, k) => {
        ctx.fillStyle = purpleOrange(0.3 + 0.4 * p);
        ctx.fillRect(k * cell, r * cell, cell + 0.5, cell + 0.5);
      }));
      const toPx = (v) => ((v + LIMIT) / (2 * LIMIT)) * SIZE;
      view.points.X.forEach(([x1, x2], n) => {
        ctx.beginPath();
        ctx.arc(toPx(x1), SIZE - toPx(x2), 3.2, 0, 2 * Math.PI);
        ctx.fillStyle = view.points.y[n] ? "#b25706" : "#532687";
        ctx.strokeStyle = "#ffffff";
        ctx.lineWidth = 1;
        ctx.fill();
        ctx.stroke();
      });
    }

    // Each hidden neuron's own map (its activation, scaled by its largest size), layer by layer.
    function paintNeurons(view, rebuild) {
      if (rebuild) {
        neuronBox.replaceChildren();
        view.neurons.forEach((layer, l) => {
          const row = el("div", { class: "nbw-tr-neuron-row" }, neuronBox);
          el("span", { class: "nbw-tr-neuron-label" }, row).textContent = `layer ${l + 1}`;
          layer.forEach((_, j) => el("canvas", { width: view.map.length,
            height: view.map.length, class: "nbw-tr-neuron", role: "img",
            "aria-label": `Hidden layer ${l + 1}, neuron ${j + 1}: its output over the plane` },
          row));
        });
      }
      const canvases = neuronBox.querySelectorAll("canvas");
      let k = 0;
      view.neurons.forEach((layer) => layer.forEach((values) => {
        const top = Math.max(1e-12, ...values.map((row) => Math.max(...row.map(Math.abs))));
        paintPixels(canvases[k++], values.map((row) => row.map((v) => 0.5 + (0.5 * v) / top)),
          purpleOrange);
      }));
    }

    // The network: a column of neurons per layer, a line per weight.
    function drawNet(view) {
      const widths = [2, ...view.layers.map((l) => l.W.length)];
      const W = 320;
      const H = 200;
      const x = (l) => 24 + (l * (W - 48)) / (widths.length - 1);
      const y = (l, j) => H / 2 + (j - (widths[l] - 1) / 2) * Math.min(24, (H - 24) / widths[l]);
      netView.setAttribute("viewBox", `0 0 ${W} ${H}`);
      netView.replaceChildren();
      const lines = svgEl("g", { class: "nbw-tr-weights" }, netView);
      view.layers.forEach((layer, l) => layer.W.forEach((row, j) => row.forEach((w, k) => {
        svgEl("line", { x1: x(l), y1: y(l, k), x2: x(l + 1), y2: y(l + 1, j),
          "stroke-width": Math.min(0.4 + 1.5 * Math.abs(w), 6).toFixed(2),
          class: w >= 0 ? "nbw-tr-pos" : "nbw-tr-neg" }, lines);
      })));
      const nodes = svgEl("g", { class: "nbw-tr-nodes" }, netView);
      widths.forEach((n, l) => {
        for (let j = 0; j < n; j++) {
          svgEl("circle", { cx: x(l), cy: y(l, j), r: 6 }, nodes);
        }
      });
      const biggest = Math.max(...view.layers.flatMap((l) => l.W.flat().map(Math.abs)));
      netView.setAttribute("aria-label", `The network: ${widths.join(", ")} neurons by `
        + `layer; the largest weight's size is ${number(biggest, 2)}.`);
    }

    const curveAxes = svgEl("g", { class: "nbw-axes" }, curve);
    const curveLine = svgEl("polyline", { class: "nbw-tr-cost" }, curve);
    function drawCurve(view) {
      const costs = view.costs;
      const finite = costs.filter(Number.isFinite);
      const top = Math.max(0.8, ...finite);
      const tmax = Math.max(10, costs.length - 1);
      const ch = chart(c.width, c.height, { left: 48, right: 10, top: 10, bottom: 38 },
        [0, tmax], [0, top]);
      curveAxes.replaceChildren();
      const yStep = top > 4 ? Math.ceil(top / 4) : (top > 2 ? 1 : 0.5);
      axes(curveAxes, ch, { x: [0, tmax], y: range(0, top, yStep),
        yText: (v) => show(v, yStep < 1 ? 1 : 0) });
      axisTitles(curveAxes, ch, { x: "step", y: "cost", xAt: ch.height - 4, yAt: 12 });
      const every = Math.max(1, Math.ceil(costs.length / CURVE_POINTS));
      const shown = costs.map((v, t) => [t, v]).filter(([t, v]) => Number.isFinite(v)
        && (t % every === 0 || t === costs.length - 1));
      curveLine.setAttribute("points", shown.map(([t, v]) => `${ch.X(t).toFixed(1)},`
        + `${ch.Y(v).toFixed(1)}`).join(" "));
      curve.setAttribute("aria-label", `Cost on all the points against the step, from `
        + `${number(costs[0], 3)} at step 0 to ${number(view.cost, 3)} at step ${view.step}.`);
    }

    let spokenAt = 0;
    function draw(rebuild) {
      const view = viewOf(state);
      paintMap(view);
      paintNeurons(view, rebuild);
      drawNet(view);
      drawCurve(view);
      const percent = Math.round(100 * view.accuracy);
      mapCanvas.setAttribute("aria-label", `The points and the network's decision regions `
        + `after ${view.step} steps: ${percent}% of the points on their own class's side.`);
      summary.dataset.step = String(view.step);
      summary.dataset.cost = String(view.cost);
      summary.dataset.state = view.diverged ? "diverged" : "training";
      const now = Date.now();
      if (!runner.playing() || now - spokenAt >= CALM_MS) {
        spokenAt = now;
        summary.textContent = view.diverged
          ? `Step ${view.step}: the weights overflowed, training diverged. Reset, or choose `
            + "a smaller learning rate."
          : `Step ${view.step}: cost ${number(view.cost, 4)}, accuracy ${percent}%.`;
      }
      input.step.disabled = view.diverged;
      return view;
    }

    let state = start(settings());
    let runner;
    if (still) {
      // Reduced motion: no animation, a hundred steps at a time on demand.
      runner = { stop() {}, playing: () => false };
      input.play.addEventListener("click", () => {
        train(state, 100);
        draw(false);
      });
    } else {
      let playing = false;
      const inner = player(input.play, element, TICK_MS, () => {
        train(state, PER_TICK);
        playing = !state.diverged;
        draw(false);
        return !state.diverged;
      }, { rewind: () => { playing = true; } });
      runner = { stop() {
        playing = false;
        inner.stop();
        draw(false); // the summary says where it stopped
      }, playing: () => playing };
      input.play.addEventListener("click", () => {
        if (input.play.textContent === "Play") { // paused by the reader
          runner.stop();
        }
      });
      whenOffScreen(element, () => runner.stop());
    }
    element.replaceChildren(controlRow, figures, summary, key);
    draw(true);
  }

  window.nnbookWidgets.register("trainer", { model, mount });
})();
