// The matrix-stepper widget: the matrix product entry by entry (a row of A, a column of B,
// the running sum of their products), and matrix addition, multiplication by a number and
// the transpose, one entry at a time, on matrices of the sizes the reader chooses.
//
// Markdown:  <div class="nb-widget" data-widget="matrix-stepper" data-op="product"> fallback </div>
//
// model(settings) -> view is matrix-stepper/model.js's.

import { controls, html as el, nextId, player, show, sub as subscript, table } from "./common.js";
import { MAX, model, OPS } from "./matrix-stepper/model.js";

// ---- The widget on the page ------------------------------------------------------------

const sub = (i) => subscript(i + 1); // row i of the array is row i + 1 of the maths

// One matrix as a table: its name as caption, each cell's class from ``mark(i, j)``.
function grid(name, values, mark, text = (v) => show(v, 0)) {
  const { table: node } = table({ cls: "nbw-mx-matrix", caption: name,
    rows: values.length, cells: (i) => values[i].map((v, j) => {
      const cell = el("td", { class: mark(i, j), "data-row": i, "data-col": j });
      cell.textContent = text(v, i, j);
      return cell;
    }) });
  return node;
}

// The step in words: which entry, which terms, the sum so far.
function describe(v) {
  if (!v.at) {
    return `Step 0 of ${v.total}: press Next to compute the first entry.`;
  }
  const { i, j, k } = v.at;
  const entry = `${v.op === "product" ? "c" : "r"}${sub(i)}${sub(j)}`;
  const value = (x) => show(x, 0);
  const factor = (x) => (x < 0 ? `(${value(x)})` : value(x)); // 4×(−1), not 4×−1
  let sum;
  if (v.op === "product") {
    sum = `row ${i + 1} of A · column ${j + 1} of B: `
      + v.terms.map(([a, b]) => `${factor(a)}×${factor(b)}`).join(" + ")
      + ` = ${value(v.partial)}`
      + (k + 1 < v.A[0].length ? ` so far (${k + 1} of ${v.A[0].length} products)` : "");
  } else if (v.op === "sum") {
    sum = `a${sub(i)}${sub(j)} + b${sub(i)}${sub(j)} = ${value(v.terms[0][0])} + `
      + `${factor(v.terms[1][0])} = ${value(v.partial)}`;
  } else if (v.op === "scale") {
    sum = `c × a${sub(i)}${sub(j)} = ${value(v.c)} × ${factor(v.terms[0][1])} = `
      + `${value(v.partial)}`;
  } else {
    sum = `a${sub(j)}${sub(i)} = ${value(v.partial)} (row and column swapped)`;
  }
  return `Step ${v.step} of ${v.total}: ${entry} = ${sum}.`;
}

// The class of each cell of A, B and the result at a view's step: the row and column
// being multiplied (or the entries being added), the entry now computed, those done.
function marksOf(view) {
  const { op, at } = view;
  const product = op === "product";
  const inRow = (i) => at && i === (op === "transpose" ? at.j : at.i);
  const inCol = (j) => at && j === (op === "transpose" ? at.i : at.j);
  const markA = (i, j) => {
    if (!at) {
      return "";
    }
    if (product) {
      return i === at.i ? (j === at.k ? "nbw-mx-row nbw-mx-now" : "nbw-mx-row") : "";
    }
    return inRow(i) && inCol(j) ? "nbw-mx-row nbw-mx-now" : "";
  };
  const markB = (i, j) => {
    if (!at) {
      return "";
    }
    if (product) {
      return j === at.j ? (i === at.k ? "nbw-mx-col nbw-mx-now" : "nbw-mx-col") : "";
    }
    return i === at.i && j === at.j ? "nbw-mx-col nbw-mx-now" : "";
  };
  const markR = (i, j) => [view.done[i][j] ? "nbw-mx-done" : "",
    at && i === at.i && j === at.j ? "nbw-mx-entry" : ""].join(" ").trim();
  return { markA, markB, markR };
}

function mount(element) {
  const id = nextId("nbw-mx");
  let step = 0;
  let seed = Number(element.dataset.seed || 1);
  const row = el("div", { class: "nbw-controls" });
  const { input } = controls(row, { id, prefix: "nbw-mx", onInput: () => {
    step = 0;
    draw();
  }, specs: [
    { buttons: [["next", "Next"], ["back", "Back"], ["play", "Play"], ["all", "All"],
      ["new", "New numbers"]], on: {
      back: () => { runner.stop(); step -= 1; draw(); },
      next: () => { runner.stop(); step += 1; draw(); },
      all: () => { runner.stop(); step = Infinity; draw(); },
      new: () => { runner.stop(); seed += 1; step = 0; draw(); },
    } },
    { select: "op", label: "operation", value: element.dataset.op || "product",
      options: Object.entries(OPS) },
    { slider: "m", label: "rows of A", min: 1, max: MAX, step: 1, value: 2, digits: 0 },
    { slider: "n", label: "columns of A", min: 1, max: MAX, step: 1, value: 3, digits: 0 },
    { slider: "p", label: "columns of B (product)", min: 1, max: MAX, step: 1, value: 2,
      digits: 0 },
    { slider: "c", label: "the number c (c A)", min: -3, max: 3, step: 1, value: 2,
      digits: 0 },
  ] });
  const runner = player(input.play, element, 700, () => {
    step += 1;
    return !draw().last;
  }, { rewind: () => { if (view.last) { step = 0; } } });

  const grids = el("div", { class: "nbw-mx-grids" });
  const readout = el("p", { class: "nbw-readout nbw-mx-readout", role: "status",
    "aria-live": "polite" });

  function settings() {
    return { op: input.op.value, m: Number(input.m.value), n: Number(input.n.value),
      p: Number(input.p.value), c: Number(input.c.value), seed, step };
  }

  let view;
  function draw() {
    view = model(settings());
    step = view.step;
    const { op, A, B, at } = view;
    const product = op === "product";
    const marks = [];
    const { markA, markB, markR } = marksOf(view);
    const name = { product: "A B", sum: "A + B", scale: `${show(view.c, 0)} A`,
      transpose: "Aᵀ" }[op];
    marks.push(grid(`A (${A.length} × ${A[0].length})`, A, markA));
    if (B) {
      marks.push(el("span", { class: "nbw-mx-sign", "aria-hidden": "true" },
        product ? "×" : "+"));
      marks.push(grid(`B (${B.length} × ${B[0].length})`, B, markB));
    }
    marks.push(el("span", { class: "nbw-mx-sign", "aria-hidden": "true" }, "="));
    marks.push(grid(`${name} (${view.shape[0]} × ${view.shape[1]})`, view.R, markR,
      (v, i, j) => {
        if (view.done[i][j]) {
          return show(v, 0);
        }
        return at && i === at.i && j === at.j ? show(view.partial, 0) : "?";
      }));
    grids.replaceChildren(...marks);
    readout.textContent = describe(view);
    readout.dataset.step = String(view.step);
    input.next.disabled = view.last; // the last step: nothing comes next
    return view;
  }

  element.replaceChildren(row, grids, readout);
  draw();
}

export { model, mount };
