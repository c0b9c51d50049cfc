// A drawing as MNIST presents its digits (digit-reader, cnn-reader): a drawing's ink
// (inkOf) and its preparation (prepareDigit, nnbook.mnist_prep.prepare_digit).

import { grid } from "../nn.js";

const FIELD = 28;   // MNIST's images: 28 x 28, the digit fitted in 20 x 20
const BOX = 20;

// Ink of a round brush of radius 1.5 pixels at (x, y) in grid units, kept as the largest.
function brush(ink, x, y) {
  for (let r = Math.max(0, Math.floor(y - 2)); r <= Math.min(FIELD - 1, Math.ceil(y + 1)); r++) {
    for (let c = Math.max(0, Math.floor(x - 2)); c <= Math.min(FIELD - 1, Math.ceil(x + 1)); c++) {
      const d = Math.hypot(c + 0.5 - x, r + 0.5 - y);
      ink[r][c] = Math.max(ink[r][c], Math.min(Math.max(1.5 - d, 0), 1));
    }
  }
}

// The ink (28 x 28, values 0-1) of strokes, each a list of points [x, y] in grid units
// from the top left, drawn with the brush from point to point in steps of a quarter
// pixel, so that a fast stroke leaves no gaps.
function inkOf(strokes) {
  const ink = grid(FIELD, FIELD);
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

// A drawing (rows of ink >= 0) as MNIST presents its digits (prepare_digit): crop to
// the ink, fit in 20 x 20 (aspect kept), centre of mass on pixel (14, 14).
function prepareDigit(ink) {
  const clipped = ink.map((row) => row.map((v) => Math.min(v, 1)));
  const rows = [];
  const cols = [];
  clipped.forEach((row, r) => row.forEach((v, c) => {
    if (v > 0) {
      rows.push(r);
      cols.push(c);
    }
  }));
  const field = grid(FIELD, FIELD);
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

export { inkOf, resampleMatrix, prepareDigit };
