// The trainer widget: a small fully connected network learning to tell two classes of
// points in the plane apart, step by step, in front of the reader.
//
// Markdown:
//   <div class="nb-widget" data-widget="trainer" data-dataset="circle"> fallback </div>
// The page's address may carry settings (the widget's "link to these settings"):
//   ?tr-data=spiral&tr-noise=0.1&tr-train=50&tr-features=x1,x2&tr-hidden=8,8&...
//
// The model (the data, the network, its training, and the settings in the address) is
// trainer/model.js, which touches no page; this module draws its views and mounts the
// widget.

import { axes, axisTitles, chart, codeView, controls, html as el, nextId, number,
  paintPixels, player, purpleOrange, range, show, svg as svgEl, whenOffScreen } from "./common.js";
import { asCode, BATCHES, FEATURES, fromQuery, LAMBDAS, LIMIT, MAX_LAYERS, MAX_SEED,
  MAX_WIDTH, model, NOISES, PRESETS, RATES, retune, settingsFor, start, toQuery, train,
  viewOf } from "./trainer/model.js";

// ---- The widget on the page ------------------------------------------------------------

const SPEEDS = [1, 2, 5, 10, 25]; // steps per frame
const TICK_MS = 40;
const CALM_MS = 2000;     // the spoken summary changes at most this often while playing
const CURVE_POINTS = 300; // at most this many points of each cost curve are drawn

// The trainer's pictures, each drawn from a view of the model: the decision map, each
// hidden neuron's map, the network and the cost curves. Each maker gives { node, draw }.
const SIZE = 300; // the decision map's side, in canvas pixels

// The decision map: the probability of class 1 in each cell, the points on top
// (training points filled, test points hollow).
function decisionMap() {
  const canvas = el("canvas", { class: "nbw-tr-map", width: SIZE, height: SIZE,
    role: "img" });
  function draw(view) {
    const ctx = canvas.getContext("2d");
    const g = view.map.length;
    const cell = SIZE / g;
    view.map.forEach((row, r) => row.forEach((p, k) => {
      ctx.fillStyle = purpleOrange(0.3 + 0.4 * p);
      ctx.fillRect(k * cell, r * cell, cell + 0.5, cell + 0.5);
    }));
    const toPx = (v) => ((v + LIMIT) / (2 * LIMIT)) * SIZE;
    const dot = (n, filled) => {
      const [x1, x2] = view.points.X[n];
      const colour = view.points.y[n] ? "#b25706" : "#532687";
      ctx.beginPath();
      ctx.arc(toPx(x1), SIZE - toPx(x2), filled ? 3.2 : 2.6, 0, 2 * Math.PI);
      ctx.lineWidth = filled ? 1 : 1.6;
      ctx.fillStyle = filled ? colour : "#ffffff";
      ctx.strokeStyle = filled ? "#ffffff" : colour;
      ctx.fill();
      ctx.stroke();
    };
    view.points.test.forEach((n) => dot(n, false));
    view.points.train.forEach((n) => dot(n, true));
  }
  return { node: canvas, draw };
}

// Each hidden neuron's own map (its activation, scaled by its largest size), layer by layer.
function neuronMaps() {
  const box = el("div", { class: "nbw-tr-neurons" });
  function draw(view, rebuild) {
    if (rebuild) {
      box.replaceChildren();
      view.neurons.forEach((layer, l) => {
        const row = el("div", { class: "nbw-tr-neuron-row" }, box);
        el("span", { class: "nbw-tr-neuron-label" }, row).textContent = `layer ${l + 1}`;
        layer.forEach((_, j) => el("canvas", { width: view.map.length,
          height: view.map.length, class: "nbw-tr-neuron", role: "img",
          "aria-label": `Hidden layer ${l + 1}, neuron ${j + 1}: its output over the plane` },
        row));
      });
    }
    const canvases = box.querySelectorAll("canvas");
    let k = 0;
    view.neurons.forEach((layer) => layer.forEach((values) => {
      const biggest = Math.max(1e-12, ...values.map((row) => Math.max(...row.map(Math.abs))));
      paintPixels(canvases[k++], values.map((row) => row.map((v) => 0.5 + (0.5 * v) / biggest)),
        purpleOrange);
    }));
  }
  return { node: box, draw };
}

// The network: a column of neurons per layer (the inputs named), a line per weight.
function networkPicture() {
  const node = svgEl("svg", { class: "nbw-plot nbw-tr-net", role: "img" });
  function draw(view) {
    const widths = [view.settings.features.length, ...view.layers.map((l) => l.W.length)];
    const W = 320;
    const H = 200;
    const x = (l) => 52 + (l * (W - 76)) / (widths.length - 1);
    const y = (l, j) => H / 2 + (j - (widths[l] - 1) / 2) * Math.min(24, (H - 24) / widths[l]);
    node.setAttribute("viewBox", `0 0 ${W} ${H}`);
    node.replaceChildren();
    const lines = svgEl("g", { class: "nbw-tr-weights" }, node);
    view.layers.forEach((layer, l) => layer.W.forEach((row, j) => row.forEach((w, k) => {
      svgEl("line", { x1: x(l), y1: y(l, k), x2: x(l + 1), y2: y(l + 1, j),
        "stroke-width": Math.min(0.4 + 1.5 * Math.abs(w), 6).toFixed(2),
        class: w >= 0 ? "nbw-pos" : "nbw-neg" }, lines);
    })));
    const nodes = svgEl("g", { class: "nbw-tr-nodes" }, node);
    widths.forEach((n, l) => {
      for (let j = 0; j < n; j++) {
        svgEl("circle", { cx: x(l), cy: y(l, j), r: 6 }, nodes);
      }
    });
    view.settings.features.forEach((f, j) => {
      svgEl("text", { x: x(0) - 10, y: y(0, j) + 4, class: "nbw-tr-input" }, node)
        .textContent = FEATURES[f][0];
    });
    const biggest = Math.max(...view.layers.flatMap((l) => l.W.flat().map(Math.abs)));
    node.setAttribute("aria-label", `The network: ${widths.join(", ")} neurons by `
      + `layer, inputs ${view.settings.features.map((f) => FEATURES[f][0]).join(", ")}; `
      + `the largest weight's size is ${number(biggest, 2)}.`);
  }
  return { node, draw };
}

// The costs on the training points (solid) and the test points (dashed), step by step.
const CW = 320;
const CH = 200;
const MARGIN = { left: 48, right: 10, top: 10, bottom: 38 };
function costCurves() {
  const curve = svgEl("svg", { viewBox: `0 0 ${CW} ${CH}`, role: "img",
    class: "nbw-plot nbw-tr-curve" });
  const curveAxes = svgEl("g", { class: "nbw-axes" }, curve);
  const testLine = svgEl("polyline", { class: "nbw-tr-cost nbw-tr-test-cost" }, curve);
  const trainLine = svgEl("polyline", { class: "nbw-tr-cost" }, curve);
  function draw(view) {
    const finite = [...view.costs, ...view.testCosts].filter(Number.isFinite);
    const highest = Math.min(Math.max(0.8, ...finite), 10);
    const tmax = Math.max(10, view.costs.length - 1);
    const ch = chart(CW, CH, MARGIN, [0, tmax], [0, highest]);
    curveAxes.replaceChildren();
    const yStep = highest > 4 ? Math.ceil(highest / 4) : (highest > 2 ? 1 : 0.5);
    axes(curveAxes, ch, { x: [0, tmax], y: range(0, highest, yStep),
      yText: (v) => show(v, yStep < 1 ? 1 : 0) });
    axisTitles(curveAxes, ch, { x: "step", y: "cost", xAt: ch.height - 4, yAt: 12 });
    const every = Math.max(1, Math.ceil(view.costs.length / CURVE_POINTS));
    const points = (costs) => costs.map((v, t) => [t, Math.min(v, highest)])
      .filter(([t, v]) => Number.isFinite(v) && (t % every === 0 || t === costs.length - 1))
      .map(([t, v]) => `${ch.X(t).toFixed(1)},${ch.Y(v).toFixed(1)}`).join(" ");
    trainLine.setAttribute("points", points(view.costs));
    testLine.setAttribute("points", points(view.testCosts));
    curve.setAttribute("aria-label", `Cost on the training points against the step, from `
      + `${number(view.costs[0], 3)} at step 0 to ${number(view.cost, 3)} at step `
      + `${view.step}; on the test points ${number(view.testCost, 3)}.`);
  }
  return { node: curve, draw };
}

// The settings' controls (a spec table for the kit's controls), with the values of
// ``first``; ``on`` gives what a change does: ``dataset`` (another data set),
// ``feature(name)``, ``width(l)`` (a layer's width) and ``retune`` (a training setting).
function settingSpecs(first, on) {
  const featureChecks = Object.entries(FEATURES).map(([name, [label]]) =>
    ({ check: `f-${name}`, label, on: () => on.feature(name) }));
  const widthSliders = Array.from({ length: MAX_LAYERS }, (_, l) => ({
    slider: `width${l + 1}`, label: `layer ${l + 1} width`, min: 1, max: MAX_WIDTH,
    step: 1, value: first.hidden[l] || 4, digits: 0, on: () => on.width(l) }));
  return [
    { group: "Data", controls: [
      { select: "dataset", label: "data set", value: first.dataset, on: on.dataset,
        options: [["blobs", "two blobs"], ["circle", "circle"], ["xor", "XOR"],
          ["spiral", "spiral"]] },
      { slider: "noise", label: "noise", min: 0, max: NOISES.length - 1, step: 1,
        value: NOISES.indexOf(first.noise) },
      { slider: "share", label: "training share", min: 1, max: 9, step: 1,
        value: Math.round(10 * first.trainShare) },
    ] },
    { group: "Features (the inputs)", controls: featureChecks },
    { group: "Network", controls: [
      { slider: "layers", label: "hidden layers", min: 0, max: MAX_LAYERS, step: 1,
        value: first.hidden.length, digits: 0 },
      ...widthSliders,
      { select: "activation", label: "activation", value: first.activation,
        options: [["Tanh", "tanh"], ["ReLU", "ReLU"], ["Sigmoid", "sigmoid"]] },
    ] },
    { group: "Training (changes keep the weights)", controls: [
      { select: "optimizer", label: "optimiser", value: first.optimizer, on: on.retune,
        options: [["SGD", "SGD"], ["Adam", "Adam"]] },
      { slider: "lr", label: "learning rate η", min: 0, max: RATES.length - 1, step: 1,
        value: RATES.indexOf(first.lr), on: on.retune },
      { select: "batch", label: "batch size", value: first.batchSize, on: on.retune,
        options: BATCHES.map((b) => [b, String(b)]) },
      { slider: "l2", label: "L2 penalty λ", min: 0, max: LAMBDAS.length - 1, step: 1,
        value: LAMBDAS.indexOf(first.l2), on: on.retune },
    ] },
  ];
}

// The settings' controls and the settings: ``input`` and ``output``, the controls and
// their shown values by name (the kit's controls).

// What the sliders stand for, shown beside them and told to a screen reader; the widths
// of layers not in use greyed.
function showValues(input, output) {
  const valueShown = (name, text) => {
    output[name].textContent = text;
    input[name].setAttribute("aria-valuetext", text);
  };
  valueShown("lr", String(RATES[Number(input.lr.value)]));
  valueShown("l2", String(LAMBDAS[Number(input.l2.value)]));
  valueShown("noise", String(NOISES[Number(input.noise.value)]));
  valueShown("share", `${10 * Number(input.share.value)}%`);
  const layers = Number(input.layers.value);
  for (let l = 0; l < MAX_LAYERS; l++) {
    input[`width${l + 1}`].closest(".nbw-control").classList.toggle("nbw-tr-unused",
      l >= layers);
  }
}

// The settings the controls show, with the run's seed (model's settings).
function settingsOf(input, seed) {
  return { dataset: input.dataset.value, noise: NOISES[Number(input.noise.value)],
    trainShare: Number(input.share.value) / 10,
    features: Object.keys(FEATURES).filter((f) => input[`f-${f}`].checked),
    hidden: Array.from({ length: Number(input.layers.value) },
      (_, l) => Number(input[`width${l + 1}`].value)),
    activation: input.activation.value, optimizer: input.optimizer.value,
    lr: RATES[Number(input.lr.value)], batchSize: Number(input.batch.value),
    l2: LAMBDAS[Number(input.l2.value)], seed };
}

// A data set's preset onto the controls (its features, network and training).
function apply(input, output, preset) {
  for (const name of Object.keys(FEATURES)) {
    input[`f-${name}`].checked = preset.features.includes(name);
  }
  input.layers.value = String(preset.hidden.length);
  preset.hidden.forEach((w, l) => { input[`width${l + 1}`].value = String(w); });
  input.activation.value = preset.activation;
  input.optimizer.value = preset.optimizer;
  input.lr.value = String(RATES.indexOf(preset.lr));
  input.batch.value = String(preset.batchSize);
  input.l2.value = String(LAMBDAS.indexOf(preset.l2));
  for (const name of ["layers", ...preset.hidden.map((_, l) => `width${l + 1}`)]) {
    output[name].textContent = input[name].value;
  }
}

// A click on a link to this page with settings and the widget's #id calls
// ``open(settings)`` instead of loading the page again; the listener goes when the page
// changes (instant navigation).
function openLinksHere(element, open) {
  document.addEventListener("click", function tryIt(event) {
    if (!element.isConnected) { // the page changed
      document.removeEventListener("click", tryIt, true);
      return;
    }
    const a = event.target.closest ? event.target.closest("a[href]") : null;
    if (!a || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    const url = new URL(a.href, window.location.href);
    if (url.pathname === window.location.pathname && url.hash === `#${element.id}`
        && url.searchParams.has("tr-data")) {
      event.preventDefault();
      event.stopPropagation(); // the theme's instant navigation would load the page
      open(fromQuery(url.search));
      element.scrollIntoView({ block: "start" });
    }
  }, true);
}

// Play and pause (with reduced motion, a hundred steps a press instead): ``advance(n)``
// trains n steps and says whether training can go on, ``redraw()`` shows the state.
// Gives { stop(), playing() }; playing stops when the widget leaves the screen.
function makeRunner(run, element, still, advance, redraw) {
  if (still) {
    run.play.addEventListener("click", () => {
      advance(100);
      redraw();
    });
    return { stop() {}, playing: () => false };
  }
  let playing = false;
  const inner = player(run.play, element, TICK_MS, () => {
    playing = advance(Number(run.speed.value));
    redraw();
    return playing;
  }, { rewind: () => { playing = true; } });
  const runner = { stop() {
    playing = false;
    inner.stop();
    redraw(); // the summary says where it stopped
  }, playing: () => playing };
  run.play.addEventListener("click", () => {
    if (run.play.textContent === "Play") { // paused by the reader
      runner.stop();
    }
  });
  whenOffScreen(element, () => runner.stop());
  return runner;
}

// The line under the buttons: where training is, in words and numbers.
const percent = (a) => `${Math.round(100 * a)}%`;
function summaryOf(view) {
  return view.diverged
    ? `Step ${view.step}: the weights overflowed, training diverged. Reset, or choose `
      + "a smaller learning rate."
    : `Step ${view.step}, epoch ${view.epoch}: training cost ${number(view.cost, 3)}, `
      + `test cost ${number(view.testCost, 3)}; accuracy ${percent(view.accuracy)} `
      + `training, ${percent(view.testAccuracy)} test.`;
}

// The key under the pictures, with a link to these settings and a button that copies
// it; the mount keeps the link's address up to date.
function keyAndLink() {
  const key = el("p", { class: "nbw-key" }, "Map: purple is class 0, orange class 1; the "
    + "shade is the network's probability of class 1; filled dots are the training points, "
    + "hollow ones the test points, which training never sees. Curves: the cost on the "
    + "training points (solid) and on the test points (dashed). Network: each line is a "
    + "weight, its width its size, orange positive, purple negative. Small maps: what each "
    + "hidden neuron gives at each point of the plane. ");
  // The button first: the keyboard reaches it with the controls, then the link.
  const copy = el("button", { class: "nbw-tr-copy", type: "button" }, key);
  copy.textContent = "Copy link";
  key.append(" ");
  const link = el("a", { class: "nbw-tr-link" }, key);
  link.textContent = "Link to these settings";
  copy.addEventListener("click", async () => {
    const address = new URL(link.getAttribute("href"), window.location.href).href;
    try {
      await navigator.clipboard.writeText(address);
      copy.textContent = "Copied";
    } catch (error) { // no clipboard here (an old browser, a page not served securely)
      copy.textContent = "Copy: press and hold the link";
    }
    setTimeout(() => { copy.textContent = "Copy link"; }, 2000);
  });
  return { node: key, link };
}

// The pictures: the decision map and the cost curves side by side, the network and its
// neurons' maps under the settings; each view drawn into all of them.
function trainerPictures() {
  const map = decisionMap();
  const neurons = neuronMaps();
  const net = networkPicture();
  const curves = costCurves();
  const figures = el("div", { class: "nbw-tr-figures" });
  figures.append(map.node, curves.node);
  const network = el("div", { class: "nbw-tr-network" });
  network.append(net.node, neurons.node);
  function draw(view, rebuild) {
    map.draw(view);
    neurons.draw(view, rebuild);
    net.draw(view);
    curves.draw(view);
    map.node.setAttribute("aria-label", `The points and the network's decision regions `
      + `after ${view.step} steps: ${percent(view.accuracy)} of the training points and `
      + `${percent(view.testAccuracy)} of the test points on their own class's side.`);
  }
  return { figures, network, draw };
}

// The summary line, following every frame as the chart does, with the view's numbers on
// it for the tests; a screen reader hears it from a live region of its own, at most
// every CALM_MS while training plays.
function summaryView() {
  const summary = el("p", { class: "nbw-readout nbw-tr-summary" });
  const spoken = el("p", { class: "nbw-announce nbw-tr-spoken", role: "status",
    "aria-live": "polite" });
  let spokenAt = 0;
  function draw(view, playing) {
    Object.assign(summary.dataset, { step: String(view.step), epoch: String(view.epoch),
      cost: String(view.cost), testCost: String(view.testCost),
      state: view.diverged ? "diverged" : "training",
      settings: JSON.stringify(view.settings), changes: JSON.stringify(view.changes) });
    summary.textContent = summaryOf(view);
    const now = Date.now();
    if (!playing || now - spokenAt >= CALM_MS) {
      spokenAt = now;
      spoken.textContent = summary.textContent;
    }
  }
  return { nodes: [summary, spoken], draw };
}

// A control's change: a width of a layer not yet used adds the layers up to it; the
// last feature unticked leaves x₁ (or x₂) as the input, as a network needs one.
function widthChanged(input, l, restart) {
  if (Number(input.layers.value) < l + 1) {
    input.layers.value = String(l + 1);
    input.layers.dispatchEvent(new Event("input")); // its shown value
  } else {
    restart();
  }
}
function featureChanged(input, name, restart) {
  if (!Object.keys(FEATURES).some((f) => input[`f-${f}`].checked)) {
    input[name === "x1" ? "f-x2" : "f-x1"].checked = true;
  }
  restart();
}

// The settings of a link (a chapter's "try it", a shared link) in full, its data set,
// noise and split shown on their controls; the rest ``apply`` shows.
function linkedInto(input, linkedSettings) {
  const s = Object.assign(settingsFor({ dataset: linkedSettings.dataset
    || input.dataset.value }), linkedSettings);
  input.dataset.value = s.dataset;
  input.noise.value = String(NOISES.indexOf(s.noise));
  input.share.value = String(Math.round(10 * s.trainShare));
  return s;
}

// The run's controls: its buttons (``on``: what each does) and the speed.
const runSpecs = (still, on) => [
  { buttons: [["play", still ? "Train 100 steps" : "Play"], ["step", "One step"],
    ["reset", "Reset"], ["seed", "New seed"]], on },
  { select: "speed", label: "speed", value: 5, on: () => {},
    options: SPEEDS.map((v) => [v, `${v} step${v > 1 ? "s" : ""} a frame`]) },
];

// The address of these settings on this page, at the widget's #id.
const addressOf = (state, element) =>
  `?${toQuery(Object.assign({}, state.settings, state.run))}#${element.id}`;

function mount(element) {
  const id = nextId("nbw-tr");
  const still = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  const linked = fromQuery(window.location.search);
  let seed = linked.seed || Number(element.dataset.seed || 1);
  const first = settingsFor({ dataset: linked.dataset || element.dataset.dataset || "circle" });
  Object.assign(first, linked);

  // What the reader plays with first: the buttons, the speed, then the pictures.
  const top = el("div", { class: "nbw-controls nbw-tr-top" });
  const { input: run } = controls(top, { id, prefix: "nbw-tr", specs: runSpecs(still, {
    step: () => {
      runner.stop();
      train(state, 1);
      draw(false);
    },
    reset: () => restart(),
    // Other points, another split and other starting weights: the same settings.
    seed: () => {
      seed = seed % MAX_SEED + 1;
      restart();
    } }) });
  const summary = summaryView();
  const settingsBox = el("div", { class: "nbw-tr-settings" }); // under the pictures
  const settingsRow = el("div", { class: "nbw-controls" }, settingsBox);
  const { input, output } = controls(settingsRow, { id, prefix: "nbw-tr",
    onInput: () => restart(), specs: settingSpecs(first, {
      dataset: () => restart(PRESETS[input.dataset.value]),
      feature: (name) => featureChanged(input, name, restart),
      width: (l) => widthChanged(input, l, restart), retune: () => retuned() }) });
  for (const name of Object.keys(FEATURES)) {
    input[`f-${name}`].checked = first.features.includes(name);
  }

  function restart(preset) {
    runner.stop();
    if (preset) {
      apply(input, output, preset);
    }
    state = start(settingsOf(input, seed));
    draw(true);
    follow();
  }
  // A link to this page with settings and this widget's #id (a chapter's "try it", or
  // the link under the widget): its settings here at once, the page not loaded again.
  openLinksHere(element, (linkedSettings) => {
    const s = linkedInto(input, linkedSettings);
    seed = s.seed || seed;
    restart(s);
  });

  // The address bar follows the settings (not every step), so that the page's own
  // address, bookmarked or shared, opens these settings again.
  function follow() {
    const address = addressOf(state, element);
    if (!address.startsWith(`${window.location.search}#`)) {
      window.history.replaceState(window.history.state, "", address);
    }
  }
  function retuned() {
    const s = settingsOf(input, seed);
    retune(state, { lr: s.lr, batchSize: s.batchSize, optimizer: s.optimizer, l2: s.l2 });
    draw(false);
    follow();
  }

  const share = keyAndLink();
  const pictures = trainerPictures();
  function draw(rebuild) {
    const view = viewOf(state);
    showValues(input, output);
    pictures.draw(view, rebuild);
    summary.draw(view, runner.playing());
    run.step.disabled = view.diverged;
    share.link.setAttribute("href", addressOf(view, element));
    showCode();
    return view;
  }

  // The program of the run, written when it shows: not at every frame of a closed box.
  const code = codeView("nbw-tr");
  const showCode = () => code.node.open && code.set(asCode(state));
  code.node.addEventListener("toggle", showCode);

  let state = start(settingsOf(input, seed));
  const runner = makeRunner(run, element, still, (steps) => {
    train(state, steps);
    return !state.diverged;
  }, () => draw(false));
  if (!element.id) {
    element.id = id;
  }
  // The settings right under the pictures they change; the network's detail after them.
  element.replaceChildren(top, ...summary.nodes, pictures.figures, settingsBox,
    pictures.network, share.node, code.node);
  draw(true);
  // Opened by a link to it (a chapter's "try it" or a shared link): in view, as built
  // (the page's own scroll to the address's #id came before the widgets grew).
  if (window.location.hash === `#${element.id}` && Object.keys(linked).length) {
    requestAnimationFrame(() => element.scrollIntoView({ block: "start" }));
  }
}

const features = Object.keys(FEATURES);
export { model, mount, PRESETS as presets, toQuery, fromQuery, features };
