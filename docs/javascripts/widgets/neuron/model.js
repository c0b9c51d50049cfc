// The neuron widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../neuron.js, draws its views; its tests compare them with nnbook).
//
// model({ w1, w2, b, x1, x2 }) -> { z, a, line, flat, heat }: line, the ends of the line
// a = 0.5 inside the square, or null; flat, sigma(b) when both weights are 0 (a is then the
// same everywhere), else null; heat, a at the centres of CELLS x CELLS squares, row by row
// from the top.

import { sigmoid } from "../nn.js";

const LIMIT = 3;          // the plane shown: [-LIMIT, LIMIT] in x1 and x2
const CELLS = 75;         // heat-map pixels per side (scaled up to the plot, neuron.js)

// The part of the line w1 x1 + w2 x2 + b = 0 inside the square, as two points, or null.
function clipLine(w1, w2, b) {
  const points = [];
  const add = (p, q) => {
    if (Math.abs(p) <= LIMIT + 1e-9 && Math.abs(q) <= LIMIT + 1e-9
        && !points.some(([u, v]) => Math.hypot(u - p, v - q) < 1e-9)) {
      points.push([p, q]);
    }
  };
  if (Math.abs(w2) > 1e-12) {          // crossing the left and right sides
    for (const p of [-LIMIT, LIMIT]) {
      add(p, -(w1 * p + b) / w2);
    }
  }
  if (Math.abs(w1) > 1e-12) {          // crossing the bottom and top sides
    for (const q of [-LIMIT, LIMIT]) {
      add(-(w2 * q + b) / w1, q);
    }
  }
  if (points.length < 2) {
    return null;
  }
  let best = [points[0], points[1]];
  for (let i = 0; i < points.length; i++) {
    for (let j = i + 1; j < points.length; j++) {
      const d = Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]);
      if (d > Math.hypot(best[0][0] - best[1][0], best[0][1] - best[1][1])) {
        best = [points[i], points[j]];
      }
    }
  }
  return best;
}

// The centre of square k of CELLS across [-LIMIT, LIMIT].
const centre = (k) => -LIMIT + ((k + 0.5) * 2 * LIMIT) / CELLS;

function model({ w1, w2, b, x1, x2 }) {
  const heat = [];
  for (let i = 0; i < CELLS; i++) {        // i: row from the top (x2 decreasing)
    for (let j = 0; j < CELLS; j++) {      // j: column from the left (x1 increasing)
      heat.push(sigmoid(w1 * centre(j) - w2 * centre(i) + b));
    }
  }
  // z as nnbook.Dense computes it, X @ W.T + b: w1 x1 + w2 x2, then + b.
  const z = w1 * x1 + w2 * x2 + b;
  const flat = w1 === 0 && w2 === 0 ? sigmoid(b) : null;
  return { z, a: sigmoid(z), line: clipLine(w1, w2, b), flat, heat };
}

export { CELLS, LIMIT, model };
