// The gd-explorer widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../gd-explorer.js, draws its views; its tests compare them with nnbook).
//
// model({ lr, start, steps }) -> { path, costs, t, overflow, state, leftAt, trail, exit,
// canStep, ended, next }: the path θ⁽⁰⁾ … θ⁽ᵗ⁾ and its costs; state, what the last step did
// ("start", "falling", "stuck", "diverging" or "overflow"); leftAt, the first step outside
// the map, or null; trail, the points drawn (those inside the map, then the border
// crossing, which is also exit); canStep, whether Step may add a step; ended, whether Run
// has nothing new to show; next, the number of steps after one more Step.

const MAX_STEPS = 1000; // Step stops here; Run stops at RUN_TO
const RUN_TO = 60;
const TABLE_ROWS = 6;
const BOX = { t1: [-3, 3], t2: [-2, 2] }; // the part of the plane that is drawn

function cost(t) {
  return t[0] * t[0] + 4 * (t[1] * t[1]);
}

// The path θ⁽⁰⁾, θ⁽¹⁾, … of `steps` steps, stopped before the first non-finite point.
function descend(start, lr, steps) {
  const path = [start.slice()];
  let t = start.slice();
  for (let i = 0; i < steps; i++) {
    const g = [2 * t[0], 8 * t[1]];
    t = [t[0] - lr * g[0], t[1] - lr * g[1]];
    if (!(Number.isFinite(t[0]) && Number.isFinite(t[1]))) {
      return { path: path, overflow: true };
    }
    path.push(t);
  }
  return { path: path, overflow: false };
}

function inside(t) {
  return t[0] >= BOX.t1[0] && t[0] <= BOX.t1[1] && t[1] >= BOX.t2[0] && t[1] <= BOX.t2[1];
}

// The part of the segment p → q inside BOX (Liang–Barsky), or null.
function clipSegment(p, q) {
  let lo = 0;
  let hi = 1;
  const d = [q[0] - p[0], q[1] - p[1]];
  const tests = [
    [-d[0], p[0] - BOX.t1[0]], [d[0], BOX.t1[1] - p[0]],
    [-d[1], p[1] - BOX.t2[0]], [d[1], BOX.t2[1] - p[1]],
  ];
  for (const [num, room] of tests) {
    if (num === 0) {
      if (room < 0) {
        return null;
      }
    } else {
      const r = room / num;
      if (num < 0) {
        lo = Math.max(lo, r);
      } else {
        hi = Math.min(hi, r);
      }
    }
  }
  if (lo > hi) {
    return null;
  }
  return [[p[0] + lo * d[0], p[1] + lo * d[1]], [p[0] + hi * d[0], p[1] + hi * d[1]]];
}

// The points drawn on the map: up to the first one outside, which is replaced by the
// crossing of the border. Gives { trail, leftAt, exit }.
function onTheMap(path) {
  const leftAt = path.findIndex((p) => !inside(p));
  if (leftAt === -1) {
    return { trail: path, leftAt: null, exit: null };
  }
  const trail = path.slice(0, leftAt);
  const part = leftAt > 0 ? clipSegment(path[leftAt - 1], path[leftAt]) : null;
  if (part) {
    trail.push(part[1]);
  }
  return { trail, leftAt, exit: trail.length > 0 ? trail[trail.length - 1] : null };
}

// What the last step did, from the costs of the path.
function stateOf(costs, overflow) {
  const t = costs.length - 1;
  if (overflow) {
    return "overflow";
  }
  if (t === 0) {
    return "start";
  }
  if (!Number.isFinite(costs[t]) || costs[t] > costs[t - 1]) {
    return "diverging";
  }
  return costs[t] < costs[t - 1] ? "falling" : "stuck";
}

function model({ lr, start, steps }) {
  const { path, overflow } = descend(start, lr, steps);
  const costs = path.map(cost);
  const t = path.length - 1;
  const { trail, leftAt, exit } = onTheMap(path);
  return { path, costs, t, overflow, state: stateOf(costs, overflow), leftAt, trail, exit,
    canStep: !overflow && t < MAX_STEPS, next: Math.min(t + 1, MAX_STEPS),
    // Run stops where more steps would show nothing new.
    ended: overflow || leftAt !== null || t >= RUN_TO };
}

// The nnbook program of a run, as "Show as code" gives it: it prints the steps that the
// table lists, a line each (t, θ₁, θ₂, C), every number in full.
function asCode({ lr, start, steps }) {
  const float = (v) => (Number.isInteger(v) ? v.toFixed(1) : String(v));
  return [
    "import numpy as np",
    "import nnbook",
    "",
    "",
    "def grad(theta):",
    '    """The gradient of the cost C = θ₁² + 4θ₂²."""',
    "    return np.array([2 * theta[0], 8 * theta[1]])",
    "",
    "",
    `start = np.array([${float(start[0])}, ${float(start[1])}])`,
    `path = nnbook.gradient_descent(grad, start, lr=${lr}, steps=${steps})`,
    `for t in range(max(0, len(path) - ${TABLE_ROWS}), len(path)):`,
    "    theta1, theta2 = path[t]",
    "    print(t, theta1, theta2, theta1**2 + 4 * theta2**2)",
    "",
  ].join("\n");
}

export { asCode, BOX, inside, model, TABLE_ROWS };
