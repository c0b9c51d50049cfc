// The conv-stepper widget: a 3 x 3 filter steps over a small image, one position at a time.
//
// Markdown:  <div class="nb-widget" data-widget="conv-stepper"
//                 data-image="[[1,2,...],...]" data-filter="vertical" data-row="2" data-col="1">
// data-image is the image (whole numbers, rows of equal length, at least 3 x 3); data-filter
// the filter shown first (a key of FILTERS); data-row / data-col the first position shown.
// The output at row r, column c is the dot product of the filter with the patch whose
// top-left pixel is (r, c): z[r][c] = sum_ij w[i][j] x[r + i][c + j], a "valid"
// cross-correlation with stride 1 and no padding, exactly nnbook.conv2d(x, w)[0, 0].
(function () {
  "use strict";

  const NINTH = 1 / 9;
  // digits: how many decimals the widget shows (the blur's outputs are not whole numbers).
  const FILTERS = [
    { key: "vertical", name: "vertical edge (right minus left)", digits: 0,
      w: [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]] },
    { key: "horizontal", name: "horizontal edge (below minus above)", digits: 0,
      w: [[-1, -1, -1], [0, 0, 0], [1, 1, 1]] },
    { key: "blur", name: "blur (all weights 1/9)", digits: 2,
      w: [[NINTH, NINTH, NINTH], [NINTH, NINTH, NINTH], [NINTH, NINTH, NINTH]],
      label: () => "1/9" },
    { key: "sharpen", name: "sharpen", digits: 0,
      w: [[0, -1, 0], [-1, 5, -1], [0, -1, 0]] },
    { key: "outline", name: "outline", digits: 0,
      w: [[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]] },
    { key: "identity", name: "identity", digits: 0,
      w: [[0, 0, 0], [0, 1, 0], [0, 0, 0]] },
  ];
  const { html, svg, show, nextId, player } = window.nnbookWidgets.common;
  const CELL = 34;
  const PATCH_COLOUR = "#D55E00";   // orange, as in the chapter's figures
  const OUTPUT_COLOUR = "#009E73";  // green
  const PLAY_DELAY_MS = 700;

  // The same number for tests and data attributes: plain ASCII, full precision.
  function exact(value) {
    return String(Object.is(value, -0) ? 0 : value);
  }

  // Colours of the chapter's figures: grey for pixels (0 black, 9 white) and a purple-white-
  // orange scale for signed numbers (matplotlib's PuOr_r), the same in both palettes.
  function grey(value, high) {
    const g = Math.round(255 * Math.min(Math.max(value / high, 0), 1));
    return `rgb(${g}, ${g}, ${g})`;
  }

  // matplotlib's PuOr_r at -1, -0.8, ..., 1: purple for negative, orange for positive.
  const PUOR = ["#2d004b", "#532687", "#8073ac", "#b1aad1", "#d8daeb", "#f7f7f6", "#fee0b6",
    "#fcb761", "#e08214", "#b25706", "#7f3b08"].map((hex) => [1, 3, 5].map(
    (k) => parseInt(hex.slice(k, k + 2), 16)));

  function diverging(t) {
    const u = ((Math.min(Math.max(t, -1), 1) + 1) / 2) * (PUOR.length - 1);
    const k = Math.min(Math.floor(u), PUOR.length - 2);
    const f = u - k;
    const rgb = PUOR[k].map((v, i) => Math.round(v + f * (PUOR[k + 1][i] - v)));
    return `rgb(${rgb[0]}, ${rgb[1]}, ${rgb[2]})`;
  }

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

  // z[r][c] = sum_ij w[i][j] x[r + i][c + j] for every position where the filter fits.
  function convolve(x, w) {
    const outH = x.length - w.length + 1;
    const outW = x[0].length - w[0].length + 1;
    const z = [];
    for (let r = 0; r < outH; r++) {
      const row = [];
      for (let c = 0; c < outW; c++) {
        let sum = 0;
        for (let i = 0; i < w.length; i++) {
          for (let j = 0; j < w[0].length; j++) {
            sum += w[i][j] * x[r + i][c + j];
          }
        }
        row.push(sum);
      }
      z.push(row);
    }
    return z;
  }

  function build(element) {
    const id = nextId("nbw-conv-stepper");
    const x = parseImage(element.dataset.image);
    const H = x.length;
    const W = x[0].length;
    const K = 3;
    const outH = H - K + 1;
    const outW = W - K + 1;
    const total = outH * outW;
    const pixelHigh = Math.max(9, ...x.flat());

    let filter = FILTERS.find((f) => f.key === element.dataset.filter) || FILTERS[0];
    let z = convolve(x, filter.w);
    const firstRow = Math.min(Math.max(parseInt(element.dataset.row, 10) || 0, 0), outH - 1);
    const firstCol = Math.min(Math.max(parseInt(element.dataset.col, 10) || 0, 0), outW - 1);
    let step = firstRow * outW + firstCol;   // 0-based; the map is filled up to this step

    element.classList.add("nbw-conv-stepper");

    // Controls: the filter, the position, and the buttons.
    const controls = html("div", { class: "nbw-conv-controls" });
    const filterField = html("div", { class: "nbw-conv-field" });
    filterField.append(html("label", { for: `${id}-filter` }, "Filter"));
    const select = html("select", { id: `${id}-filter`, class: "nbw-conv-filter" });
    for (const f of FILTERS) {
      const option = html("option", { value: f.key }, f.name);
      select.append(option);
    }
    select.value = filter.key;
    filterField.append(select);

    const buttons = html("div", { class: "nbw-conv-buttons" });
    const previous = html("button", { type: "button", class: "nbw-conv-previous" },
      "Previous");
    const next = html("button", { type: "button", class: "nbw-conv-next" }, "Next");
    const play = html("button", { type: "button", class: "nbw-conv-play" }, "Play");
    const reset = html("button", { type: "button", class: "nbw-conv-reset" },
      "Reset");
    buttons.append(previous, next, play, reset);

    const positionField = html("div", { class: "nbw-conv-field nbw-conv-position-field" });
    positionField.append(html("label", { for: `${id}-position` }, "Position"));
    const slider = html("input", {
      type: "range", id: `${id}-position`, class: "nbw-conv-position",
      min: "1", max: String(total), step: "1", value: String(step + 1),
    });
    const positionText = html("output", { for: `${id}-position`, class: "nbw-conv-where" });
    positionField.append(slider, positionText);
    controls.append(filterField, positionField, buttons);

    // The picture: image, filter and output map side by side.
    const gap = 46;
    const left = 20;
    const top = 40;
    const imageW = W * CELL;
    const filterX = left + imageW + gap;
    const mapX = filterX + K * CELL + gap;
    const width = mapX + outW * CELL + 4;
    const height = top + Math.max(H, K) * CELL + 4;
    const picture = svg("svg", {
      class: "nbw-conv-svg", viewBox: `0 0 ${width} ${height}`, role: "img",
      width: String(width), height: String(height),
    });
    picture.style.maxWidth = "100%";
    picture.style.height = "auto";

    function label(text, xPos, yPos, extra) {
      const node = svg("text", Object.assign({
        x: xPos, y: yPos, "text-anchor": "middle", fill: "currentColor",
        class: "nbw-conv-label",
      }, extra || {}), picture);
      node.textContent = text;
      return node;
    }

    label(`image x (${H} \u00d7 ${W})`, left + imageW / 2, 16);
    const filterTop = top + ((H - K) * CELL) / 2;
    const filterTitle = label("filter w (3 \u00d7 3)", filterX + (K * CELL) / 2, filterTop - 12);
    const mapTop = top + ((H - outH) * CELL) / 2;
    label(`output z (${outH} \u00d7 ${outW})`, mapX + (outW * CELL) / 2, mapTop - 12);
    label("\u2217", filterX - gap / 2, filterTop + (K * CELL) / 2 + 6, { class: "nbw-conv-op" });
    label("=", mapX - gap / 2, filterTop + (K * CELL) / 2 + 6, { class: "nbw-conv-op" });
    for (let i = 0; i < H; i++) {   // row and column numbers of the image, from 0
      label(String(i), left - 9, top + i * CELL + CELL / 2 + 4, { class: "nbw-conv-index" });
    }
    for (let j = 0; j < W; j++) {
      label(String(j), left + j * CELL + CELL / 2, top - 5, { class: "nbw-conv-index" });
    }

    function cellText(parent, xPos, yPos, extra) {
      const node = svg("text", Object.assign({
        x: xPos + CELL / 2, y: yPos + CELL / 2 + 4.5, "text-anchor": "middle",
        class: "nbw-conv-cell-text",
      }, extra || {}), parent);
      return node;
    }

    // A rows x cols grid of cells in a new group at (x0, y0): a square and a text per
    // cell, with the attributes given for cell (i, j). Returns both lists, row by row.
    function cellGrid(groupClass, x0, y0, rows, cols, squareAttrs, textAttrs) {
      const group = svg("g", { class: groupClass }, picture);
      const squares = [];
      const texts = [];
      for (let i = 0; i < rows; i++) {
        for (let j = 0; j < cols; j++) {
          const xPos = x0 + j * CELL;
          const yPos = y0 + i * CELL;
          squares.push(svg("rect", Object.assign({ x: xPos, y: yPos, width: CELL, height: CELL },
            squareAttrs(i, j)), group));
          texts.push(cellText(group, xPos, yPos, textAttrs(i, j)));
        }
      }
      return { squares, texts };
    }
    const thinBorder = { stroke: "#808080", "stroke-width": 0.5 };

    const image = cellGrid("nbw-conv-image", left, top, H, W,
      (i, j) => Object.assign({ fill: grey(x[i][j], pixelHigh) }, thinBorder),
      (i, j) => ({ fill: x[i][j] > pixelHigh / 2 ? "#000000" : "#ffffff" }));
    image.texts.forEach((t, k) => { t.textContent = show(x[Math.floor(k / W)][k % W], 0); });
    const patch = svg("rect", { class: "nbw-conv-patch", width: K * CELL, height: K * CELL,
      fill: "none", stroke: PATCH_COLOUR, "stroke-width": 4 }, picture);

    const filterGrid = cellGrid("nbw-conv-weights", filterX, filterTop, K, K,
      () => thinBorder, (i, j) => ({ "data-i": i, "data-j": j }));
    svg("rect", { x: filterX, y: filterTop, width: K * CELL, height: K * CELL, fill: "none",
      stroke: PATCH_COLOUR, "stroke-width": 2, "stroke-dasharray": "5 3" }, picture);

    const outputGrid = cellGrid("nbw-conv-map", mapX, mapTop, outH, outW,
      () => ({ class: "nbw-conv-map-cell" }),
      (r, c) => ({ class: "nbw-conv-cell-text nbw-conv-out", "data-row": r, "data-col": c }));
    const current = svg("rect", { class: "nbw-conv-current", width: CELL, height: CELL,
      fill: "none", stroke: OUTPUT_COLOUR, "stroke-width": 4 }, picture);

    // The arithmetic of the current position, as text.
    const working = html("div", { class: "nbw-conv-working" });
    const heading = html("p", { class: "nbw-conv-heading" });
    const products = html("table", { class: "nbw-conv-products" });
    const productsCaption = html("caption", {}, "The nine products w \u00d7 x (weight \u00d7 pixel)");
    products.append(productsCaption);
    const productCells = [];
    const body = html("tbody");
    for (let i = 0; i < K; i++) {
      const tr = html("tr");
      for (let j = 0; j < K; j++) {
        const td = html("td", { class: "nbw-conv-product", "data-i": i, "data-j": j });
        productCells.push(td);
        tr.append(td);
      }
      body.append(tr);
    }
    products.append(body);
    const result = html("p", { class: "nbw-conv-result", "aria-live": "polite" });
    const note = html("p", { class: "nbw-conv-note" });
    working.append(heading, products, result, note);

    // The whole map as a table, for screen readers and for checking the numbers.
    const details = html("details", { class: "nbw-conv-details" });
    details.append(html("summary", {}, "The output map as a table of numbers"));
    const mapTable = html("table", { class: "nbw-conv-map-table" });
    const mapCaption = html("caption");
    mapTable.append(mapCaption);
    const head = html("thead");
    const headRow = html("tr");
    headRow.append(html("th", { scope: "col" }, "row \\ column"));
    for (let c = 0; c < outW; c++) {
      headRow.append(html("th", { scope: "col" }, String(c)));
    }
    head.append(headRow);
    const mapBody = html("tbody");
    const mapCells = [];
    for (let r = 0; r < outH; r++) {
      const tr = html("tr");
      tr.append(html("th", { scope: "row" }, String(r)));
      for (let c = 0; c < outW; c++) {
        const td = html("td", { class: "nbw-conv-map-value", "data-row": r, "data-col": c });
        mapCells.push(td);
        tr.append(td);
      }
      mapBody.append(tr);
    }
    mapTable.append(head, mapBody);
    details.append(mapTable);

    function weightText(f, i, j) {
      return f.label ? f.label(i, j) : show(f.w[i][j], 0);
    }

    function drawFilter() {
      const high = Math.max(...filter.w.flat().map(Math.abs));
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < K; j++) {
          const t = filter.w[i][j] / high;
          filterGrid.squares[i * K + j].setAttribute("fill", diverging(t));
          const text = filterGrid.texts[i * K + j];
          text.setAttribute("fill", Math.abs(t) > 0.6 ? "#ffffff" : "#000000");
          text.setAttribute("data-value", exact(filter.w[i][j]));
          text.textContent = weightText(filter, i, j);
        }
      }
      filterTitle.textContent = `filter w: ${filter.name.split(" (")[0]}`;
    }

    function update() {
      const r = Math.floor(step / outW);
      const c = step % outW;
      const digits = filter.digits;
      const high = Math.max(1, ...z.flat().map(Math.abs));
      patch.setAttribute("x", left + c * CELL);
      patch.setAttribute("y", top + r * CELL);
      current.setAttribute("x", mapX + c * CELL);
      current.setAttribute("y", mapTop + r * CELL);
      for (let k = 0; k < total; k++) {
        const value = z[Math.floor(k / outW)][k % outW];
        const filled = k <= step;
        const t = value / high;
        outputGrid.squares[k].setAttribute("fill", filled ? diverging(t) : "none");
        outputGrid.squares[k].classList.toggle("nbw-conv-empty", !filled);
        outputGrid.texts[k].setAttribute("fill", Math.abs(t) > 0.6 ? "#ffffff" : "#000000");
        outputGrid.texts[k].textContent = filled ? show(value, digits) : "";
        outputGrid.texts[k].setAttribute("data-value", filled ? exact(value) : "");
        mapCells[k].textContent = filled ? show(value, digits) : "\u2013";
        mapCells[k].setAttribute("data-value", filled ? exact(value) : "");
      }
      mapCaption.textContent = `Output map of the ${filter.name} filter: ${step + 1} of `
        + `${total} values computed so far (a dash: not yet)`;

      // The nine products at this position.
      for (let i = 0; i < K; i++) {
        for (let j = 0; j < K; j++) {
          const w = filter.w[i][j];
          const pixel = x[r + i][c + j];
          const product = w * pixel;
          const td = productCells[i * K + j];
          td.textContent = `${weightText(filter, i, j)} \u00d7 ${show(pixel, 0)} = `
            + `${show(product, digits)}`;
          td.setAttribute("data-value", exact(product));
        }
      }
      const value = z[r][c];
      heading.replaceChildren(
        "Position ", html("strong", {}, `${step + 1} of ${total}`),
        `: the patch of rows ${r} to ${r + 2} and columns ${c} to ${c + 2} `
        + `(orange), its output at row ${r}, column ${c} of the map (green).`);
      const sum = html("output", { class: "nbw-conv-sum", "data-value": exact(value),
        "data-row": r, "data-col": c }, show(value, digits));
      result.replaceChildren(`z[${r}, ${c}] = sum of the nine products = `, sum);
      note.textContent = "Valid convolution: stride 1, no padding, so the filter takes "
        + `${outH} \u00d7 ${outW} positions on the ${H} \u00d7 ${W} image.`
        + (digits > 0 ? ` Numbers rounded to ${digits} decimals.` : "");
      slider.value = String(step + 1);
      positionText.textContent = `${step + 1} of ${total}: row ${r}, column ${c}`;
      picture.setAttribute("aria-label",
        `The ${H} by ${W} image with the patch of rows ${r} to ${r + 2} and columns ${c} to `
        + `${c + 2} outlined; the ${filter.name} filter; and the ${outH} by ${outW} output `
        + `map with ${step + 1} of its ${total} values filled in, the latest `
        + `${show(value, digits)} at row ${r}, column ${c}.`);
    }

    const playing = player(play, element, PLAY_DELAY_MS, () => {
      if (step === total - 1) {
        return false;
      }
      go(step + 1);
      return step < total - 1;
    });
    const stop = playing.stop;

    function go(newStep) {
      step = Math.min(Math.max(newStep, 0), total - 1);
      update();
    }

    select.addEventListener("change", () => {
      filter = FILTERS.find((f) => f.key === select.value) || FILTERS[0];
      z = convolve(x, filter.w);
      drawFilter();
      update();
    });
    slider.addEventListener("input", () => {
      stop();
      go(parseInt(slider.value, 10) - 1);
    });
    previous.addEventListener("click", () => {
      stop();
      go(step - 1);
    });
    next.addEventListener("click", () => {
      stop();
      go(step + 1);
    });
    reset.addEventListener("click", () => {
      stop();
      go(0);
    });
    play.addEventListener("click", () => {
      if (playing.playing()) {
        stop();
        return;
      }
      if (step === total - 1) {
        go(0);
      }
      playing.start();
    });

    const figure = html("div", { class: "nbw-conv-figure" });
    figure.append(picture);
    element.replaceChildren(controls, figure, working, details);
    drawFilter();
    update();
  }

  window.nnbookWidgets = window.nnbookWidgets || {};
  window.nnbookWidgets["conv-stepper"] = build;
})();
