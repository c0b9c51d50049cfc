// The conv-stepper widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../conv-stepper.js, draws its views; its tests compare them with nnbook).
//
// model({ image, filter, step }) -> { filter, z, outH, outW, total, step, r, c, products,
// value }: filter, the FILTERS entry of that key (the first for an unknown key); z, the
// whole map; step, the position 0 … total − 1 (clamped), at row r and column c, where the
// nine products w[i][j] x[r + i][c + j] (row by row) add up to value = z[r][c].

import { conv2d } from "../nn.js";

const NINTH = 1 / 9;
// digits: how many decimals the widget shows (the blur's outputs are not whole numbers);
// label: how every weight reads, where the weight to 0 decimals would not do.
const FILTERS = [
  { key: "vertical", name: "vertical edge (right minus left)", digits: 0,
    w: [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]] },
  { key: "horizontal", name: "horizontal edge (below minus above)", digits: 0,
    w: [[-1, -1, -1], [0, 0, 0], [1, 1, 1]] },
  { key: "blur", name: "blur (all weights 1/9)", digits: 2,
    w: [[NINTH, NINTH, NINTH], [NINTH, NINTH, NINTH], [NINTH, NINTH, NINTH]],
    label: "1/9" },
  { key: "sharpen", name: "sharpen", digits: 0,
    w: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] },
  { key: "outline", name: "outline", digits: 0,
    w: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]] },
  { key: "identity", name: "identity", digits: 0,
    w: [[0, 0, 0], [0, 1, 0], [0, 0, 0]] },
];

function parseImage(text) {
  let image = null;
  try {
    image = JSON.parse(text || "");
  } catch (error) {
    image = null;
  }
  const ok = Array.isArray(image) && image.length >= 3 && image.every(
    (row) => Array.isArray(row) && row.length === image[0].length && row.length >= 3
      && row.every((v) => Number.isFinite(v)));
  if (!ok) {
    throw new Error("conv-stepper: data-image must be a JSON list of equal rows of numbers, "
      + "at least 3 x 3");
  }
  return image;
}

// z[r][c] = sum_ij w[i][j] x[r + i][c + j] for every position where the filter fits:
// nnbook.conv2d of one map with one filter (nn.js).
function convolve(x, w) {
  return conv2d([x], [[w]])[0];
}

function model({ image, filter: key, step }) {
  const filter = FILTERS.find((f) => f.key === key) || FILTERS[0];
  const w = filter.w;
  const z = convolve(image, w);
  const outH = z.length;
  const outW = z[0].length;
  const total = outH * outW;
  const at = Math.min(Math.max(step, 0), total - 1);
  const r = Math.floor(at / outW);
  const c = at % outW;
  const products = w.map((row, i) => row.map((wij, j) => wij * image[r + i][c + j]));
  return { filter, z, outH, outW, total, step: at, r, c, products, value: z[r][c] };
}

export { FILTERS, model, parseImage };
