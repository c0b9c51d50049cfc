// The matrix-stepper widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../matrix-stepper.js, draws its views; its tests compare them with nnbook).
//
// model({ op ("product", "sum", "scale", "transpose"), m, n, p, c, seed, step }) -> view:
// A is m × n (whole numbers from −3 to 5, seeded); B is n × p for the product, m × n for the
// sum, none otherwise; c the number of "scale". The result R (A B, A + B, c A or Aᵀ) is
// computed entry by entry, and a step is one term: for the product, one product
// a_ik b_kj added to the running sum of entry (i, j) (n steps per entry), for the others
// one entry. The view: { op, A, B, c, R (the whole result), shape, total (steps), step
// (clamped to 0 … total), done (R's entries finished, true/false), at ({ i, j, k } of the
// step's term, indices from 0; null at step 0), terms (the products of the current entry
// so far, [a, b] pairs), partial (their sum), last (step === total) }. Entries are
// filled row by row: the same order as numpy's C-order walk through R.

import { mulberry32 } from "../nn.js";

const OPS = {
  product: "product A B",
  sum: "sum A + B",
  scale: "number times matrix c A",
  transpose: "transpose Aᵀ",
};

const MAX = 4; // sizes from 1 to MAX

// An m × n matrix of whole numbers from −3 to 5, from a seeded generator.
function matrix(random, rows, cols) {
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => Math.floor(random() * 9) - 3));
}

function operands({ op, m, n, p, seed }) {
  const random = mulberry32(seed * 2654435761 + 11);
  const A = matrix(random, m, n);
  const B = op === "product" ? matrix(random, n, p) : op === "sum" ? matrix(random, m, n)
    : null;
  return { A, B };
}

// The result's shape and the terms of its entry (i, j): [a, b] pairs whose products
// add up to it (the sum: [a_ij, 1] and [b_ij, 1]; scale: [c, a_ij]; transpose: [a_ji, 1]).
function geometry(op, A, B, c) {
  const m = A.length;
  const n = A[0].length;
  if (op === "product") {
    return { shape: [m, B[0].length],
      terms: (i, j) => A[i].map((a, k) => [a, B[k][j]]) };
  }
  if (op === "sum") {
    return { shape: [m, n], terms: (i, j) => [[A[i][j], 1], [B[i][j], 1]] };
  }
  if (op === "scale") {
    return { shape: [m, n], terms: (i, j) => [[c, A[i][j]]] };
  }
  return { shape: [n, m], terms: (i, j) => [[A[j][i], 1]] };
}

const clampSize = (v, fallback) => Math.min(MAX, Math.max(1, Math.round(Number(v) || fallback)));

function model(settings) {
  const op = OPS[settings.op] ? settings.op : "product";
  const m = clampSize(settings.m, 2);
  const n = clampSize(settings.n, 3);
  const p = clampSize(settings.p, 2);
  const c = Number.isFinite(settings.c) ? settings.c : 2;
  const seed = Number.isInteger(settings.seed) ? settings.seed : 1;
  const { A, B } = operands({ op, m, n, p, seed });
  const { shape, terms } = geometry(op, A, B, c);
  const [rows, cols] = shape;
  // The sum and the product step through each entry's terms; scale and transpose
  // finish an entry per step.
  const perEntry = op === "product" ? n : 1;
  const total = rows * cols * perEntry;
  const step = Math.min(Math.max(Math.round(Number(settings.step) || 0), 0), total);
  const R = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) =>
    terms(i, j).reduce((s, [a, b]) => s + a * b, 0)));
  const done = R.map((row, i) => row.map((_, j) => (i * cols + j + 1) * perEntry <= step));
  let at = null;
  let current = [];
  if (step > 0) {
    const entry = Math.floor((step - 1) / perEntry);
    const k = (step - 1) % perEntry;
    at = { i: Math.floor(entry / cols), j: entry % cols, k };
    const all = terms(at.i, at.j);
    current = op === "product" ? all.slice(0, k + 1) : all;
  }
  return { op, A, B, c, R, shape, total, step, done, at, terms: current,
    partial: current.reduce((s, [a, b]) => s + a * b, 0), last: step === total };
}

export { MAX, model, OPS };
