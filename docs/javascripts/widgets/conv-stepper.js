// The conv-stepper widget: a 3 x 3 filter steps over a small image, one position at a time.
//
// Markdown:  <div class="nb-widget" data-widget="conv-stepper"
//                 data-image="[[1,2,...],...]" data-filter="vertical" data-row="2" data-col="1">
// data-image is the image (whole numbers, rows of equal length, at least 3 x 3); data-filter
// the filter shown first (a key of FILTERS); data-row / data-col the first position shown.
// The output at row r, column c is the dot product of the filter with the patch whose
// top-left pixel is (r, c): z[r][c] = sum_ij w[i][j] x[r + i][c + j], a "valid"
// cross-correlation with stride 1 and no padding, exactly nnbook.conv2d(x, w)[0, 0].
//
// model(settings) -> view is conv-stepper/model.js's.

import { controls, dragHandle, grey, html, nextId, player, purpleOrange, range,
  setSlider, show, svg, table } from "./common.js";
import { FILTERS, model, parseImage } from "./conv-stepper/model.js";

// ---- The widget on the page ------------------------------------------------------------

const CELL = 34;
const K = 3;
// Signed numbers in [−1, 1] as in the chapter's figures: purple below 0, orange above.
const diverging = (t) => purpleOrange((t + 1) / 2);

// A rows x cols grid of cells in a new group of ``picture`` at (x0, y0): a square and a text per
// cell, the text with the attributes given for cell (i, j). Returns both lists, row by
// row.
function cellGrid(picture, groupClass, x0, y0, rows, cols, textAttrs) {
  const group = svg("g", { class: groupClass }, picture);
  const squares = [];
  const texts = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const xPos = x0 + j * CELL;
      const yPos = y0 + i * CELL;
      squares.push(svg("rect", { x: xPos, y: yPos, width: CELL, height: CELL,
        class: "nbw-conv-cell" }, group));
      texts.push(svg("text", Object.assign({ x: xPos + CELL / 2, y: yPos + CELL / 2 + 4.5,
        "text-anchor": "middle", class: "nbw-conv-cell-text" }, textAttrs(i, j)), group));
    }
  }
  return { squares, texts };
}
// A cell's colour, and its text in white where the colour is dark.
function paint(grid, k, colour, dark) {
  grid.squares[k].setAttribute("fill", colour);
  grid.texts[k].classList.toggle("nbw-conv-on-dark", dark);
}

// The picture: the image x, the filter w and the output map z side by side, each a grid
// of cells (cellGrid), with their titles, the patch on the image and the current cell of
// the map. Gives its parts, and where the image and the map stand (left, top; mapX,
// mapTop) for the patch and the current cell.
function convPicture(x) {
  const H = x.length;
  const W = x[0].length;
  const outH = H - K + 1;
  const outW = W - K + 1;
  const pixelHigh = Math.max(9, ...x.flat());
  const gap = 46;
  const left = 20;
  const top = 40;
  const imageW = W * CELL;
  const filterX = left + imageW + gap;
  const mapX = filterX + K * CELL + gap;
  const width = mapX + outW * CELL + 4;
  const height = top + Math.max(H, K) * CELL + 4;
  const picture = svg("svg", {
    class: "nbw-plot nbw-conv-svg", viewBox: `0 0 ${width} ${height}`, role: "img",
    width: String(width), height: String(height),
  });

  function label(text, xPos, yPos, cls = "nbw-conv-label") {
    const node = svg("text", { x: xPos, y: yPos, "text-anchor": "middle", class: cls },
      picture);
    node.textContent = text;
    return node;
  }

  label(`image x (${H} \u00d7 ${W})`, left + imageW / 2, 16);
  const filterTop = top + ((H - K) * CELL) / 2;
  const filterTitle = label("filter w (3 \u00d7 3)", filterX + (K * CELL) / 2, filterTop - 12);
  const mapTop = top + ((H - outH) * CELL) / 2;
  label(`output z (${outH} \u00d7 ${outW})`, mapX + (outW * CELL) / 2, mapTop - 12);
  label("\u2217", filterX - gap / 2, filterTop + (K * CELL) / 2 + 6, "nbw-conv-op");
  label("=", mapX - gap / 2, filterTop + (K * CELL) / 2 + 6, "nbw-conv-op");
  for (let i = 0; i < H; i++) {   // row and column numbers of the image, from 0
    label(String(i), left - 9, top + i * CELL + CELL / 2 + 4, "nbw-conv-index");
  }
  for (let j = 0; j < W; j++) {
    label(String(j), left + j * CELL + CELL / 2, top - 5, "nbw-conv-index");
  }

  const image = cellGrid(picture, "nbw-conv-image", left, top, H, W, () => ({}));
  x.flat().forEach((v, k) => {
    paint(image, k, grey(v / pixelHigh), v <= pixelHigh / 2);
    image.texts[k].textContent = show(v, 0);
  });
  const patch = svg("rect", { class: "nbw-conv-patch", width: K * CELL, height: K * CELL },
    picture);
  const filterGrid = cellGrid(picture, "nbw-conv-weights", filterX, filterTop, K, K,
    (i, j) => ({ "data-i": i, "data-j": j }));
  svg("rect", { x: filterX, y: filterTop, width: K * CELL, height: K * CELL,
    class: "nbw-conv-filter-frame" }, picture);

  const outputGrid = cellGrid(picture, "nbw-conv-map", mapX, mapTop, outH, outW,
    (r, c) => ({ class: "nbw-conv-cell-text nbw-conv-out", "data-row": r, "data-col": c }));
  const current = svg("rect", { class: "nbw-conv-current", width: CELL, height: CELL },
    picture);
  return { node: picture, patch, current, image, filterGrid, outputGrid, filterTitle,
    left, top, mapX, mapTop };
}

// The arithmetic of the current position, as text: a heading, the nine products, their
// sum and a note.
function workingView() {
  const working = html("div", { class: "nbw-conv-working" });
  const heading = html("p", { class: "nbw-conv-heading" });
  const products = table({ cls: "nbw-conv-products", rows: K,
    caption: "The nine products w \u00d7 x (weight \u00d7 pixel)",
    cells: (i) => range(0, K - 1, 1).map((j) => html("td",
      { class: "nbw-conv-product", "data-i": i, "data-j": j })) });
  const productCells = [...products.body.querySelectorAll("td")];
  const result = html("p", { class: "nbw-conv-result", "aria-live": "polite" });
  const note = html("p", { class: "nbw-key nbw-conv-note" });
  working.append(heading, products.table, result, note);
  return { node: working, heading, productCells, result, note };
}

// The whole map as a table, for screen readers and for checking the numbers (folded).
function mapTableView(outH, outW) {
  const details = html("details", { class: "nbw-conv-details" });
  details.append(html("summary", {}, "The output map as a table of numbers"));
  const mapTable = table({ cls: "nbw-conv-map-table", rows: outH,
    head: ["row \\ column", ...range(0, outW - 1, 1)],
    cells: (r) => [html("th", { scope: "row" }, String(r)), ...range(0, outW - 1, 1).map(
      (c) => html("td", { class: "nbw-conv-map-value", "data-row": r, "data-col": c }))] });
  const mapCells = [...mapTable.body.querySelectorAll("td")];
  const mapCaption = mapTable.caption;
  details.append(mapTable.table);
  return { node: details, mapCells, mapCaption };
}

// A weight as the filter shows it: its label where the filter has one, else its number.
function weightText(f, i, j) {
  return f.label || show(f.w[i][j], 0);
}

// ---- Drawing a model's view into the widget's parts ----------------------------------

function drawFilter({ filterGrid, filterTitle }, filter) {
  const high = Math.max(...filter.w.flat().map(Math.abs));
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const t = filter.w[i][j] / high;
      paint(filterGrid, i * K + j, diverging(t), Math.abs(t) > 0.6);
      const text = filterGrid.texts[i * K + j];
      text.setAttribute("data-value", String(filter.w[i][j]));
      text.textContent = weightText(filter, i, j);
    }
  }
  filterTitle.textContent = `filter w: ${filter.name.split(" (")[0]}`;
}

// The patch and the output map, in the picture and in the map's table: filled up to the
// view's step.
function drawMap(pic, { mapCells, mapCaption }, view) {
  const { z, r, c, step, total, outW, filter } = view;
  const high = Math.max(1, ...z.flat().map(Math.abs));
  pic.patch.setAttribute("x", pic.left + c * CELL);
  pic.patch.setAttribute("y", pic.top + r * CELL);
  pic.current.setAttribute("x", pic.mapX + c * CELL);
  pic.current.setAttribute("y", pic.mapTop + r * CELL);
  for (let k = 0; k < total; k++) {
    const value = z[Math.floor(k / outW)][k % outW];
    const filled = k <= step;
    const t = value / high;
    paint(pic.outputGrid, k, diverging(t), Math.abs(t) > 0.6);
    pic.outputGrid.squares[k].classList.toggle("nbw-conv-empty", !filled);
    pic.outputGrid.texts[k].textContent = filled ? show(value, filter.digits) : "";
    pic.outputGrid.texts[k].setAttribute("data-value", filled ? String(value) : "");
    mapCells[k].textContent = filled ? show(value, filter.digits) : "\u2013";
    mapCells[k].setAttribute("data-value", filled ? String(value) : "");
  }
  mapCaption.textContent = `Output map of the ${filter.name} filter: ${step + 1} of `
    + `${total} values computed so far (a dash: not yet)`;
}

// The nine products at the view's position, their sum, and what the step is.
function drawWorking({ heading, productCells, result, note }, view, x) {
  const { r, c, products, value, step, total, outH, outW, filter } = view;
  const digits = filter.digits;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const td = productCells[i * K + j];
      td.textContent = `${weightText(filter, i, j)} \u00d7 ${show(x[r + i][c + j], 0)} = `
        + `${show(products[i][j], digits)}`;
      td.setAttribute("data-value", String(products[i][j]));
    }
  }
  heading.replaceChildren(
    "Position ", html("strong", {}, `${step + 1} of ${total}`),
    `: the patch of rows ${r} to ${r + 2} and columns ${c} to ${c + 2} `
    + `(orange), its output at row ${r}, column ${c} of the map (green).`);
  const sum = html("output", { class: "nbw-conv-sum nbw-result", "data-value": String(value),
    "data-row": r, "data-col": c }, show(value, digits));
  result.replaceChildren(`z[${r}, ${c}] = sum of the nine products = `, sum);
  note.textContent = "Valid convolution: stride 1, no padding, so the filter takes "
    + `${outH} \u00d7 ${outW} positions on the ${x.length} \u00d7 ${x[0].length} image.`
    + (digits > 0 ? ` Numbers rounded to ${digits} decimals.` : "");
}

// What the picture shows, in words.
function pictureLabel(view, x) {
  const { r, c, value, step, total, outH, outW, filter } = view;
  return `The ${x.length} by ${x[0].length} image with the patch of rows ${r} to ${r + 2} `
    + `and columns ${c} to ${c + 2} outlined; the ${filter.name} filter; and the ${outH} by `
    + `${outW} output map with ${step + 1} of its ${total} values filled in, the latest `
    + `${show(value, filter.digits)} at row ${r}, column ${c}.`;
}

// ---- Mounting: the controls, and the model drawn at every change ---------------------

function mount(element) {
  const PLAY_DELAY_MS = 700;
  const id = nextId("nbw-conv-stepper");
  const x = parseImage(element.dataset.image);
  const outH = x.length - K + 1;
  const outW = x[0].length - K + 1;
  const total = outH * outW;

  let filter = FILTERS.find((f) => f.key === element.dataset.filter) || FILTERS[0];
  const firstRow = Math.min(Math.max(parseInt(element.dataset.row, 10) || 0, 0), outH - 1);
  const firstCol = Math.min(Math.max(parseInt(element.dataset.col, 10) || 0, 0), outW - 1);
  let step = firstRow * outW + firstCol;   // 0-based; the map is filled up to this step

  // Controls: the filter, the position, and the buttons.
  const controlRow = html("div", { class: "nbw-controls" });
  const { input, output } = controls(controlRow, { id, prefix: "nbw-conv", specs: [
    { select: "filter", label: "Filter", options: FILTERS.map((f) => [f.key, f.name]),
      value: filter.key, on: () => {
        filter = FILTERS.find((f) => f.key === input.filter.value) || FILTERS[0];
        drawFilter(pic, filter);
        update();
      } },
    { slider: "position", label: "Position", min: 1, max: total, step: 1, value: step + 1,
      on: () => go(parseInt(input.position.value, 10) - 1) },
    { buttons: [["previous", "Previous"], ["next", "Next"], ["play", "Play"],
      ["reset", "Reset"]], on: {
      previous: () => go(step - 1),
      next: () => go(step + 1),
      reset: () => go(0),
    } },
  ] });

  const pic = convPicture(x);
  // The patch, dragged over the image, goes to the position under the pointer: the
  // position slider moves with it, the keyboard's way to the same place.
  dragHandle(pic.node, pic.patch, (xPos, yPos) => {
    const at = (v, start, most) => Math.min(Math.max(
      Math.round((v - start) / CELL - K / 2), 0), most);
    setSlider(input.position,
      at(yPos, pic.top, outH - 1) * outW + at(xPos, pic.left, outW - 1) + 1);
  });
  const work = workingView();
  const map = mapTableView(outH, outW);

  function update() {
    const view = model({ image: x, filter: filter.key, step });
    step = view.step; // the model keeps the position on the map
    drawMap(pic, map, view);
    drawWorking(work, view, x);
    input.position.value = String(step + 1);
    output.position.textContent = `${step + 1} of ${total}: row ${view.r}, column ${view.c}`;
    pic.node.setAttribute("aria-label", pictureLabel(view, x));
  }

  // Every control but the filter stops the player; Play at the end starts again.
  const playing = player(input.play, element, PLAY_DELAY_MS, () => {
    if (step === total - 1) {
      return false;
    }
    moveTo(step + 1);
    return step < total - 1;
  }, { rewind: () => (step === total - 1 ? moveTo(0) : null) });

  function moveTo(newStep) {
    step = newStep;
    update();
  }
  function go(newStep) {
    playing.stop();
    moveTo(newStep);
  }

  element.replaceChildren(controlRow, pic.node, work.node, map.node);
  drawFilter(pic, filter);
  update();
}

export { model, mount };
