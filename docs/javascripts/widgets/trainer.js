// The trainer widget: a small fully connected network learning to tell two classes of
// points in the plane apart, step by step, in front of the reader.
//
// Markdown:
//   <div class="nb-widget" data-widget="trainer" data-dataset="circle"> fallback </div>
// The page's address may carry settings (the widget's "link to these settings"):
//   ?tr-data=spiral&tr-noise=0.1&tr-train=50&tr-features=x1,x2&tr-hidden=8,8&...
//
// The data: 200 points of a data set (seeded), moved by Gaussian noise of size ``noise``,
// shuffled once (seeded) and cut into a training set (``trainShare`` of them) and a test
// set that training never sees. The network's inputs are features of each point (x₁, x₂,
// x₁², x₂², x₁x₂, sin πx₁, sin πx₂: the ones chosen); 0-4 hidden layers of 1-8 neurons
// each with one activation (Tanh, ReLU, Sigmoid); 2 outputs (logits) with
// nnbook.CrossEntropy, plus nnbook.L2's penalty (lam/2) ΣW² on the weights; trained by
// nnbook.SGD or nnbook.Adam on mini-batches of the training set: each epoch a shuffled
// order of its points (seeded), cut into batches of batchSize (the last one may be
// smaller). Weights start as nnbook.Dense's, uniform in ±1/√fan-in from a seeded
// generator, biases 0. The maths is nn.js's, step for step nnbook's.
//
// model(settings) -> view, pure: settings { dataset ("blobs", "circle", "xor",
// "spiral"), noise, trainShare, features, hidden (widths, e.g. [4] or [6, 6]),
// activation, lr, batchSize, optimizer ("SGD", "Adam"), l2, seed, steps, changes, grid
// (cells per side of the maps, 30), trace }; a setting not given is the data set's
// (PRESETS). It trains ``steps`` steps from the start, applying each of ``changes``
// ({ at: step, lr?, batchSize?, optimizer?, l2? }: the reader's changes during a run,
// which keep the weights; a new optimiser starts with an empty memory, as a new
// nnbook.Adam would) and gives { step, epoch (whole passes over the training set),
// costs and testCosts (the cross-entropy of the training and the test set after 0, 1,
// …, step steps, without the penalty), cost, testCost, accuracy, testAccuracy, penalty,
// diverged, layers (each { W, b }), points { X, y, train, test (indices) }, inputs (each
// point's features), map (grid × grid probabilities of class 1, rows from the top, x₁
// across), neurons (each hidden layer: each neuron's grid of activations) } and, with
// trace, ``initial`` (the layers before the first step) and ``batches`` (the training
// point indices of every step). The page keeps one state (start, train, retune,
// viewOf: the same functions, without replaying).

import { axes, axisTitles, chart, codeView, controls, html as el, nextId, number,
  paintPixels, player, purpleOrange, range, show, svg as svgEl, whenOffScreen } from "./common.js";
import { addL2, crossEntropy, forwardBatch, gradients, l2Penalty, mulberry32,
  optimiserMemory, optimiserStep, softmax } from "./nn.js";

const RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
const BATCHES = [1, 4, 10, 25, 50];
const LAMBDAS = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1];
const NOISES = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const SPEEDS = [1, 2, 5, 10, 25]; // steps per frame
const MAX_LAYERS = 4;
const MAX_WIDTH = 8;
const POINTS = 200;
const LIMIT = 1.25;       // the maps show [−LIMIT, LIMIT] on both axes
const TICK_MS = 40;
const CALM_MS = 2000;     // the spoken summary changes at most this often while playing
const CURVE_POINTS = 300; // at most this many points of each cost curve are drawn

// The inputs the network may be given, by name: [label, f(x₁, x₂)]. The sines take πx
// so that the plane's [−1.25, 1.25] holds more than a nearly straight piece of them.
// Each also as Python writes it, for "Show as code".
const FEATURES = {
  x1: ["x₁", (a, b) => a, "x1"], x2: ["x₂", (a, b) => b, "x2"],
  x1sq: ["x₁²", (a, b) => a * a, "x1 * x1"], x2sq: ["x₂²", (a, b) => b * b, "x2 * x2"],
  x1x2: ["x₁x₂", (a, b) => a * b, "x1 * x2"],
  sinx1: ["sin πx₁", (a, b) => Math.sin(Math.PI * a), "math.sin(math.pi * x1)"],
  sinx2: ["sin πx₂", (a, b) => Math.sin(Math.PI * b), "math.sin(math.pi * x2)"],
};

// Each data set's settings, from a sweep of the model (tests/browser/test_widget_trainer.py
// checks that each learns within ``learnsWithin`` steps: 95% of the training and of the
// test points on their side).
const COMMON = { noise: 0, trainShare: 0.5, features: ["x1", "x2"], l2: 0, batchSize: 10,
  seed: 1 };
const PRESETS = {
  blobs: Object.assign({}, COMMON, { hidden: [2], activation: "Tanh", optimizer: "SGD",
    lr: 0.3, learnsWithin: 100 }),
  circle: Object.assign({}, COMMON, { hidden: [8], activation: "ReLU", optimizer: "Adam",
    lr: 0.03, learnsWithin: 100 }),
  xor: Object.assign({}, COMMON, { hidden: [8], activation: "Tanh", optimizer: "Adam",
    lr: 0.03, learnsWithin: 200 }),
  spiral: Object.assign({}, COMMON, { hidden: [8, 8], activation: "Tanh",
    optimizer: "Adam", lr: 0.03, features: ["x1", "x2", "sinx1", "sinx2"],
    learnsWithin: 800 }),
};

// ---- The model: the maths, no page ----------------------------------------------------

// The points of a data set (seeded): { X: [[x₁, x₂], ...], y: [0 or 1, ...] }, each moved
// by noise × a standard normal (drawn from a generator of its own, so that noise 0 gives
// the same points as before it existed).
function makeData(name, seed, noise) {
  const random = mulberry32(seed * 7919 + 17);
  const jitter = mulberry32(seed * 104729 + 3);
  const normalOf = (r) => () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const normal = normalOf(random);
  const shake = normalOf(jitter);
  const X = [];
  const y = [];
  const add = (x1, x2, label) => {
    X.push([x1 + noise * shake(), x2 + noise * shake()]);
    y.push(label);
  };
  for (let i = 0; i < POINTS; i++) {
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

// The training and test indices: one seeded shuffle, the first round(share × N) train.
function split(n, share, seed) {
  const random = mulberry32(seed * 31 + 7);
  const order = shuffled(n, random);
  const cut = Math.min(n - 1, Math.max(1, Math.round(share * n)));
  return { train: order.slice(0, cut), test: order.slice(cut) };
}

// 0, …, n − 1 in a random order (Fisher-Yates).
function shuffled(n, random) {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

const inputsOf = (X, features) => X.map(([a, b]) => features.map((f) => FEATURES[f][1](a, b)));

// The settings for ``given``: its data set's preset, then what is given.
function settingsFor(given) {
  const dataset = (given && given.dataset) || "circle";
  if (!PRESETS[dataset]) {
    throw new Error(`nnbook: no data set ${dataset}`);
  }
  const settings = Object.assign({ dataset, steps: 0, changes: [], grid: 30, trace: false },
    PRESETS[dataset], given);
  delete settings.learnsWithin;
  const unknown = settings.features.filter((f) => !FEATURES[f]);
  if (!settings.features.length || unknown.length) {
    throw new Error(`nnbook: features must be some of ${Object.keys(FEATURES)}, `
      + `got ${settings.features}`);
  }
  return settings;
}

// The state before the first step: the data, the network (nnbook.Dense's start), the
// optimiser's memory, the batch order's generator, the costs so far.
function start(given) {
  const settings = settingsFor(given);
  const random = mulberry32(settings.seed);
  const widths = [settings.features.length, ...settings.hidden, 2];
  const net = { activation: settings.activation, layers: [] };
  for (let l = 1; l < widths.length; l++) {
    const bound = 1 / Math.sqrt(widths[l - 1]);
    net.layers.push({
      W: Array.from({ length: widths[l] }, () =>
        Array.from({ length: widths[l - 1] }, () => bound * (2 * random() - 1))),
      b: new Array(widths[l]).fill(0),
    });
  }
  const points = makeData(settings.dataset, settings.seed, settings.noise);
  Object.assign(points, split(points.X.length, settings.trainShare, settings.seed));
  const state = { settings, run: Object.assign({}, settings), points,
    inputs: inputsOf(points.X, settings.features), net, memory: optimiserMemory(net),
    random, order: [], step: 0, epoch: 0, costs: [], testCosts: [], diverged: false,
    changes: [], batches: settings.trace ? [] : null };
  state.initial = settings.trace ? copyLayers(net) : null;
  record(state);
  return state;
}

const copyLayers = (net) => net.layers.map((l) => ({ W: l.W.map((r) => r.slice()),
  b: l.b.slice() }));

// The cross-entropy (no penalty) and the share of points on their class's side, of the
// points ``which`` (indices).
function scoreOf(state, which) {
  const { outs } = forwardBatch(state.net, which.map((i) => state.inputs[i]));
  const logits = outs[outs.length - 1];
  const labels = which.map((i) => state.points.y[i]);
  const right = logits.filter((z, n) => (z[1] > z[0] ? 1 : 0) === labels[n]).length;
  return { cost: crossEntropy(logits, labels).cost, accuracy: right / which.length };
}

function record(state) {
  state.costs.push(scoreOf(state, state.points.train).cost);
  state.testCosts.push(scoreOf(state, state.points.test).cost);
}

// The next batch's training point indices: each epoch a new shuffled order.
function nextBatch(state) {
  if (state.order.length === 0) {
    state.order = shuffled(state.points.train.length, state.random)
      .map((i) => state.points.train[i]);
  }
  const batch = state.order.splice(0, state.run.batchSize);
  if (state.order.length === 0) {
    state.epoch += 1;
  }
  return batch;
}

// ``n`` steps on ``state`` (changed in place), stopping at weights that are no longer
// finite, or a cost without a limit (diverged). A cost that is inf as a limit (a sure
// and wrong answer, weights still finite) is not a divergence: nnbook trains on.
function train(state, n) {
  for (let k = 0; k < n && !state.diverged; k++) {
    const batch = nextBatch(state);
    const { grads } = gradients(state.net, batch.map((i) => state.inputs[i]),
      batch.map((i) => state.points.y[i]));
    if (state.run.l2 > 0) {
      addL2(state.net, grads, state.run.l2);
    }
    optimiserStep(state.net, grads, state.run, state.memory);
    state.step += 1;
    if (state.batches) {
      state.batches.push(batch);
    }
    record(state);
    state.diverged = Number.isNaN(state.costs[state.costs.length - 1])
      || state.net.layers.some((l) => l.W.some((r) => r.some((w) => !Number.isFinite(w)))
        || l.b.some((w) => !Number.isFinite(w)));
  }
  return state;
}

// The reader's change of lr, batchSize, optimizer or l2 during a run: the weights stay;
// a new optimiser starts with an empty memory (a new nnbook.Adam).
const RETUNABLE = ["lr", "batchSize", "optimizer", "l2"];
function retune(state, change) {
  const kept = {};
  for (const key of RETUNABLE) {
    if (change[key] !== undefined && change[key] !== state.run[key]) {
      kept[key] = change[key];
    }
  }
  if (!Object.keys(kept).length) {
    return state;
  }
  if (kept.optimizer !== undefined) {
    state.memory = optimiserMemory(state.net);
  }
  Object.assign(state.run, kept);
  state.changes.push(Object.assign({ at: state.step }, kept));
  return state;
}

// The nnbook program of a run, as "Show as code" gives it (each data set's branch of
// makeData as Python: the tests run it for all four): the widget's generator
// (mulberry32) makes the same points, split, start and batches in Python, nnbook's
// layers, cost, penalty and optimiser train on them with the reader's changes at their
// steps, and it prints the costs and accuracies the summary shows. The points pass
// through sin, cos and log, which Python and a browser may round differently in the
// last bit: the costs agree to far more digits than the summary shows. A run that
// diverged stops in the widget; its program stops there too, nnbook refusing the step
// with a ValueError.
const DATA_CODE = {
  blobs: ["    c = 0.45 if label else -0.45",
    "    add(c + 0.25 * normal(), c + 0.25 * normal(), label)"],
  circle: ["    r = 0.65 + 0.3 * random() if label else 0.45 * random()",
    "    add(r * math.cos(angle), r * math.sin(angle), label)"],
  xor: ["    x1 = (0.05 + 0.95 * random()) * (-1 if random() < 0.5 else 1)",
    "    x2 = (0.05 + 0.95 * random()) * (-1 if random() < 0.5 else 1)",
    "    add(x1, x2, 1 if x1 * x2 < 0 else 0)"],
  spiral: ["    t = random()",
    "    turn = 3 * math.pi * t + label * math.pi",
    "    add((0.08 + 0.9 * t) * math.cos(turn) + 0.03 * normal(),",
    "        (0.08 + 0.9 * t) * math.sin(turn) + 0.03 * normal(), label)"],
};

function asCode(state) {
  const s = state.settings;
  const py = (v) => (typeof v === "string" ? `"${v}"` : String(v));
  const merged = new Map(); // the changes of one step together
  for (const { at, ...change } of state.changes) {
    merged.set(at, Object.assign(merged.get(at) || {}, change));
  }
  const changes = [...merged].map(([at, change]) => `    ${at}: {${Object.entries(change)
    .map(([k, v]) => `"${k}": ${py(v)}`).join(", ")}},`);
  return [
    "import math",
    "",
    "import numpy as np",
    "import nnbook",
    "",
    "",
    "def mulberry32(seed):",
    '    """The widget\'s generator of numbers in [0, 1): a seed, its numbers."""',
    "    s, M = seed & 0xFFFFFFFF, 0xFFFFFFFF",
    "",
    "    def random():",
    "        nonlocal s",
    "        s = (s + 0x6D2B79F5) & M",
    "        t = ((s ^ (s >> 15)) * (s | 1)) & M",
    "        t ^= (t + (((t ^ (t >> 7)) * (t | 61)) & M)) & M",
    "        return ((t ^ (t >> 14)) & M) / 4294967296",
    "    return random",
    "",
    "",
    "def shuffled(n, random):",
    '    """0, ..., n - 1 in a random order (Fisher-Yates)."""',
    "    order = list(range(n))",
    "    for i in range(n - 1, 0, -1):",
    "        j = math.floor(random() * (i + 1))",
    "        order[i], order[j] = order[j], order[i]",
    "    return order",
    "",
    "",
    `seed, noise, share = ${s.seed}, ${s.noise}, ${s.trainShare}`,
    `widths = [${[s.features.length, ...s.hidden, 2].join(", ")}]`,
    "random = mulberry32(seed)  # the start, then each epoch's order",
    "layers = []",
    "for n_in, n_out in zip(widths, widths[1:]):",
    "    dense = nnbook.Dense(n_in, n_out)",
    "    bound = 1 / math.sqrt(n_in)",
    "    dense.W = [[bound * (2 * random() - 1) for _ in range(n_in)]",
    "               for _ in range(n_out)]",
    `    layers += [dense, nnbook.${s.activation}()]`,
    "net = nnbook.Sequential(*layers[:-1])  # no activation after the last",
    "",
    "",
    "def normal_of(r):",
    '    """Numbers from the normal distribution, made of those of r (Box-Muller)."""',
    "    return lambda: (math.sqrt(-2 * math.log(1 - r()))",
    "                    * math.cos(2 * math.pi * r()))",
    "",
    "",
    `# The ${POINTS} points of the data set "${s.dataset}", each moved by noise.`,
    "points, labels = [], []",
    "random_point = mulberry32(seed * 7919 + 17)",
    "normal = normal_of(random_point)",
    "shake = normal_of(mulberry32(seed * 104729 + 3))  # the noise's own",
    "",
    "",
    "def add(x1, x2, label):",
    "    points.append((x1 + noise * shake(), x2 + noise * shake()))",
    "    labels.append(label)",
    "",
    "",
    "for i in range(" + POINTS + "):",
    "    label = i % 2",
    "    angle = 2 * math.pi * random_point()",
    ...DATA_CODE[s.dataset].map((line) => line.replace(/\brandom\(\)/g, "random_point()")),
    "",
    `X = np.array([[${s.features.map((f) => FEATURES[f][2]).join(", ")}]`,
    "              for x1, x2 in points])",
    "y = np.array(labels)",
    "order = shuffled(len(X), mulberry32(seed * 31 + 7))",
    "cut = min(len(X) - 1, max(1, math.floor(share * len(X) + 0.5)))",
    "train, test = order[:cut], order[cut:]",
    "",
    `run = {"lr": ${s.lr}, "batchSize": ${s.batchSize}, "optimizer": "${s.optimizer}",`,
    `       "l2": ${s.l2}}`,
    `changes = {${changes.length ? "" : "}  # the reader changed nothing during the run"}`,
    ...(changes.length ? [...changes, "}  # the reader's changes, at their steps"] : []),
    'OPTIMIZERS = {"SGD": nnbook.SGD, "Adam": nnbook.Adam}',
    'optimizer = OPTIMIZERS[run["optimizer"]](net, lr=run["lr"])',
    'penalty = nnbook.L2(net, run["l2"])  # (λ/2) ΣW² on the weights',
    "loss = nnbook.CrossEntropy()",
    "epoch_order = []",
    `for step in range(${state.step}):`,
    "    change = changes.get(step, {})",
    "    run.update(change)",
    '    if "optimizer" in change:  # a new one: its memory empty',
    '        optimizer = OPTIMIZERS[run["optimizer"]](net, lr=run["lr"])',
    '    elif "lr" in change:',
    '        optimizer.lr = run["lr"]',
    '    if "l2" in change:',
    '        penalty = nnbook.L2(net, run["l2"])',
    "    if not epoch_order:  # a new epoch: a new order of the training points",
    "        epoch_order = [train[i] for i in shuffled(len(train), random)]",
    '    batch = epoch_order[:run["batchSize"]]',
    '    epoch_order = epoch_order[run["batchSize"]:]',
    "    loss.forward(net(X[batch]), y[batch])",
    "    net.backward(loss.backward())",
    "    penalty.backward()",
    "    optimizer.step()",
    "",
    "for name, part in [(\"training\", train), (\"test\", test)]:",
    "    scores = net(X[part])",
    "    right = np.mean((scores[:, 1] > scores[:, 0]) == y[part])",
    `    print(f"{name} cost {loss.forward(scores, y[part])} accuracy {right}")`,
    "",
  ].join("\n");
}

// What the page shows of ``state``.
function viewOf(state) {
  const train = scoreOf(state, state.points.train);
  const test = scoreOf(state, state.points.test);
  const g = state.settings.grid;
  const at = (k) => -LIMIT + ((k + 0.5) * 2 * LIMIT) / g;
  const cells = [];
  for (let r = 0; r < g; r++) {
    for (let c = 0; c < g; c++) {
      cells.push([at(c), -at(r)]);
    }
  }
  const grid = forwardBatch(state.net, inputsOf(cells, state.settings.features)).outs;
  const asRows = (values) => Array.from({ length: g }, (_, r) => values.slice(r * g, r * g + g));
  const view = {
    step: state.step, epoch: state.epoch, costs: state.costs.slice(),
    testCosts: state.testCosts.slice(), cost: state.costs[state.costs.length - 1],
    testCost: state.testCosts[state.testCosts.length - 1], accuracy: train.accuracy,
    testAccuracy: test.accuracy, penalty: l2Penalty(state.net, state.run.l2),
    diverged: state.diverged, layers: copyLayers(state.net), points: state.points,
    inputs: state.inputs, settings: Object.assign({}, state.settings),
    run: Object.assign({}, state.run), changes: state.changes.map((c) => Object.assign({}, c)),
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
  const changes = state.settings.changes.slice().sort((a, b) => a.at - b.at);
  for (const change of changes) {
    train(state, Math.min(change.at, state.settings.steps) - state.step);
    retune(state, change);
  }
  return viewOf(train(state, state.settings.steps - state.step));
}

// ---- The settings in the page's address -------------------------------------------------

const MAX_SEED = 9999; // a link's seed: a whole number from 1

// The settings a link carries, as query parameters "tr-…" (values as the controls give).
function toQuery(s) {
  return new URLSearchParams(Object.assign({ "tr-data": s.dataset, "tr-noise": s.noise,
    "tr-train": Math.round(100 * s.trainShare), "tr-features": s.features.join(","),
    "tr-hidden": s.hidden.join(","), "tr-act": s.activation, "tr-opt": s.optimizer,
    "tr-lr": s.lr, "tr-batch": s.batchSize, "tr-l2": s.l2 },
  s.seed === undefined ? {} : { "tr-seed": s.seed })).toString();
}

// The settings of a query string (toQuery's), each checked: a value the controls do not
// offer is left out, so that a damaged link still opens with the rest.
function fromQuery(query) {
  const q = new URLSearchParams(query);
  const out = {};
  const number = (key, allowed) => {
    const v = Number(q.get(key));
    return q.has(key) && allowed.includes(v) ? v : undefined;
  };
  const set = (key, value) => {
    if (value !== undefined) {
      out[key] = value;
    }
  };
  set("dataset", PRESETS[q.get("tr-data")] ? q.get("tr-data") : undefined);
  set("noise", number("tr-noise", NOISES));
  const share = number("tr-train", [10, 20, 30, 40, 50, 60, 70, 80, 90]);
  set("trainShare", share === undefined ? undefined : share / 100);
  const features = (q.get("tr-features") || "").split(",").filter((f) => FEATURES[f]);
  set("features", q.has("tr-features") && features.length ? [...new Set(features)] : undefined);
  const widths = q.has("tr-hidden") ? (q.get("tr-hidden") || "").split(",").filter(Boolean)
    .map(Number) : null;
  set("hidden", widths && widths.length <= MAX_LAYERS
    && widths.every((w) => Number.isInteger(w) && w >= 1 && w <= MAX_WIDTH) ? widths : undefined);
  set("activation", ["Tanh", "ReLU", "Sigmoid"].includes(q.get("tr-act")) ? q.get("tr-act")
    : undefined);
  set("optimizer", ["SGD", "Adam"].includes(q.get("tr-opt")) ? q.get("tr-opt") : undefined);
  set("lr", number("tr-lr", RATES));
  set("batchSize", number("tr-batch", BATCHES));
  set("l2", number("tr-l2", LAMBDAS));
  const seed = Number(q.get("tr-seed"));
  set("seed", q.has("tr-seed") && Number.isInteger(seed) && seed >= 1 && seed <= MAX_SEED
    ? seed : undefined);
  return out;
}

// ---- The widget on the page ------------------------------------------------------------

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
