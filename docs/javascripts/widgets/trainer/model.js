// The trainer's model: a small fully connected network learning to tell two classes of
// points in the plane apart, the maths of the trainer widget (trainer.js) and no page.
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

import { addL2, crossEntropy, forwardBatch, gradients, l2Penalty, mulberry32,
  optimiserMemory, optimiserStep, softmax } from "../nn.js";

const RATES = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30];
const BATCHES = [1, 4, 10, 25, 50];
const LAMBDAS = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1];
const NOISES = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3];
const MAX_LAYERS = 4;
const MAX_WIDTH = 8;
const POINTS = 200;
const LIMIT = 1.25;       // the maps show [−LIMIT, LIMIT] on both axes

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

export { asCode, BATCHES, FEATURES, fromQuery, LAMBDAS, LIMIT, MAX_LAYERS, MAX_SEED, MAX_WIDTH,
  model, NOISES, PRESETS, RATES, retune, settingsFor, start, toQuery, train, viewOf };
