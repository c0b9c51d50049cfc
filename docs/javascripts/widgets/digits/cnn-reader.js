// The convolutional network reading the reader's digit (as CNN Explainer): the reader draws
// a digit or picks a test image, and sees every feature map of the chapter's trained
// network (conv, ReLU, pooling, twice), the window of the layer below that a map's pixel
// was computed from, the maxima that pooling kept, and the ten probabilities.
//
// Markdown:  <div class="nb-widget" data-widget="cnn-reader"
//                 data-net="cnn_net.json" data-samples="cnn_samples.json">
// data-net is the network the page exports, each layer with its geometry: {"layers":
// [{"type": "Conv2D", "params": {"W", "b"}, "kernel_size", "stride", "padding"},
// {"type": "ReLU", "params": {}}, {"type": "MaxPool2D", "kernel_size", "stride"},
// {"type": "Flatten"}, {"type": "Dense", "params": {"W", "b"}}]}; data-samples is
// {"images": [[28 x 28 values 0-255], ...], "labels": [...]}.
//
// model(settings) -> view is cnn-reader/model.js's.

import { grey, html, nextId, paintPixels, purpleOrange, show, svg, viridis, whenLoaded } from "../common.js";
import { digitSource, probabilityBars } from "./pad.js";
import { model, NAMES, windowOf } from "./cnn-reader/model.js";

const FIELD = 28;

// ---- The widget on the page ------------------------------------------------------------

function mount(element) {
  const id = nextId("nbw-cnn-reader");
  whenLoaded(element, ["net", "samples"], { prefix: "nbw-cnn-reader",
    what: "the trained network", instead: "the figure above shows what this widget does." },
  (net, samples) => start(element, id, net, samples));
}

// The rows of maps: the input, then each layer of maps, one row each, wrapping; the
// net's layer index of each row in ``shown`` (-1: the input).
function mapRows(prefix, net) {
  const shown = [-1];
  net.layers.forEach((layer, i) => {
    if (NAMES[layer.type]) {
      shown.push(i);
    }
  });
  const node = html("div", { class: `${prefix}-maps` });
  const rows = shown.map((k, l) => {
    const row = html("div", { class: `${prefix}-row`, tabindex: "0", role: "group" }, node);
    const title = html("p", { class: `${prefix}-title` }, row);
    const box = html("div", { class: `${prefix}-stack` }, row);
    return { k, row, title, box, cells: [], l };
  });
  const layerName = (l) => {
    if (l === 0) {
      return "input";
    }
    const k = shown[l];
    const n = shown.slice(1, l + 1).filter((i) => net.layers[i].type === net.layers[k].type)
      .length;
    return `${NAMES[net.layers[k].type]} ${n}`;
  };
  return { node, shown, rows, layerName };
}

// A row's maps, made again when their number changes; a pointer over a map of a layer
// probes the pixel under it (``probe``: { l, channel, r, c }, or null as it leaves).
function cellsOf(prefix, rowInfo, stack, probe) {
  if (rowInfo.cells.length === stack.length) {
    return rowInfo.cells;
  }
  rowInfo.box.replaceChildren();
  rowInfo.cells = stack.map((m, channel) => {
    const cell = html("div", { class: `${prefix}-map` }, rowInfo.box);
    const canvas = html("canvas", { width: m[0].length, height: m.length }, cell);
    const over = svg("svg", { class: `${prefix}-over`, viewBox: `0 0 ${m[0].length} ${m.length}`,
      "aria-hidden": "true", preserveAspectRatio: "none" }, cell);
    const marks = svg("g", { class: `${prefix}-marks` }, over);
    const frame = svg("rect", { class: `${prefix}-window`, visibility: "hidden" }, over);
    const pixel = svg("rect", { class: `${prefix}-pixel`, width: 1, height: 1,
      visibility: "hidden" }, over);
    if (rowInfo.l > 0) {
      cell.addEventListener("pointermove", (event) => {
        const box = cell.getBoundingClientRect();
        probe({ l: rowInfo.l, channel,
          r: Math.min(m.length - 1, Math.floor(((event.clientY - box.top) / box.height) * m.length)),
          c: Math.min(m[0].length - 1, Math.floor(((event.clientX - box.left) / box.width) * m[0].length)) });
      });
      cell.addEventListener("pointerleave", () => probe(null));
    }
    return { canvas, marks, frame, pixel, h: m.length, w: m[0].length };
  });
  return rowInfo.cells;
}

// The probed pixel and the window of the layer below it was computed from, outlined,
// and said in words.
function drawProbe({ shown, rows, layerName }, probeText, net, view, focus) {
  for (const cell of rows.flatMap((rowInfo) => rowInfo.cells)) {
    cell.frame.setAttribute("visibility", "hidden");
    cell.pixel.setAttribute("visibility", "hidden");
  }
  if (!focus || !view) {
    return;
  }
  const { l, channel, r, c } = focus;
  const here = rows[l].cells[channel];
  here.pixel.setAttribute("x", c);
  here.pixel.setAttribute("y", r);
  here.pixel.setAttribute("visibility", "visible");
  const win = windowOf(net, shown, l, channel, r, c);
  const below = rows[win.below];
  (win.channels || below.cells.map((_, i) => i)).forEach((i) => {
    const frame = below.cells[i].frame;
    for (const [name, value] of [["x", win.c0], ["y", win.r0], ["width", win.w],
      ["height", win.h]]) {
      frame.setAttribute(name, value);
    }
    frame.setAttribute("visibility", "visible");
  });
  const value = view.layers[l - 1].maps[channel][r][c];
  probeText.textContent = `${layerName(l)}, map ${channel + 1}, row ${r + 1}, column `
    + `${c + 1}: ${show(value, 3)}, computed from rows ${win.r0 + 1} to ${win.r0 + win.h}, `
    + `columns ${win.c0 + 1} to ${win.c0 + win.w} of ${win.channels ? "the same map of "
      : "every map of "}${layerName(win.below)}.`;
}

// The keyboard on a focused row of maps: the arrows move the probed pixel, past a map's
// right or left edge to the next or previous map. Null for another key.
function keyMove(focus, rowInfo, key) {
  const move = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0],
    ArrowDown: [1, 0] }[key];
  if (!move) {
    return null;
  }
  const cells = rowInfo.cells;
  let f = focus && focus.l === rowInfo.l ? { ...focus }
    : { l: rowInfo.l, channel: 0, r: 0, c: 0 };
  f.r = Math.min(Math.max(f.r + move[0], 0), cells[0].h - 1);
  f.c += move[1];
  if (f.c >= cells[0].w) {
    f = { ...f, channel: (f.channel + 1) % cells.length, c: 0 };
  } else if (f.c < 0) {
    f = { ...f, channel: (f.channel + cells.length - 1) % cells.length, c: cells[0].w - 1 };
  }
  return f;
}

// Each row's maps painted (a convolution's signed: purple below 0, orange above) and
// titled; with ``maxima``, the maxima pooling kept marked on the maps it read.
function drawMaps(prefix, { rows, layerName }, view, maxima, probe) {
  const stacks = [[view.input]].concat(view.layers.map((layer) => layer.maps));
  stacks.forEach((stack, l) => {
    const rowInfo = rows[l];
    const cells = cellsOf(prefix, rowInfo, stack, probe);
    const type = l === 0 ? "input" : view.layers[l - 1].type;
    const top = Math.max(...stack.map((m) => Math.max(...m.map((row) =>
      Math.max(...row.map(Math.abs))))));
    stack.forEach((m, channel) => {
      if (type === "Conv2D") {
        paintPixels(cells[channel].canvas, m.map((row) => row.map((v) =>
          0.5 + v / (2 * (top || 1)))), purpleOrange);
      } else {
        paintPixels(cells[channel].canvas, m, type === "input" ? grey : viridis,
          type === "input" ? 1 : top);
      }
      cells[channel].marks.replaceChildren();
    });
    rowInfo.title.textContent = `${layerName(l)}: ${stack.length} `
      + `${stack.length > 1 ? "maps" : "map"} of ${stack[0].length} \u00d7 `
      + `${stack[0][0].length}${type === "Conv2D" ? " (purple below 0, orange above)" : ""}`;
    rowInfo.row.setAttribute("aria-label", `${rowInfo.title.textContent}. The arrow keys `
      + "move from pixel to pixel.");
  });
  if (maxima) {
    view.layers.forEach((layer, i) => {
      if (layer.type !== "MaxPool2D") {
        return;
      }
      layer.from.forEach((where, channel) => where.forEach((row) => row.forEach(([r, c]) =>
        svg("circle", { cx: c + 0.5, cy: r + 0.5, r: 0.28 },
          rows[i].cells[channel].marks))));
    });
  }
}

function start(element, id, net, samples) {
  const prefix = "nbw-cnn-reader";
  let view = null;
  let focus = null;   // the probed pixel: { l, channel, r, c }

  // What is read: a test image, or the reader's drawing on the kit's 28 x 28 pad.
  const { controlRow, pad, input, pick, settings } = digitSource({ id, prefix, samples,
    onChange: think, onSettle: (picked) => announce(picked),
    more: [{ check: "maxima", label: "Mark the maxima that pooling keeps",
      on: () => draw() }] });
  input.maxima.checked = true;

  // The ten probabilities as bars, and the answer (said aloud as a stroke ends).
  const { table, answer, status, update, announce } = probabilityBars(prefix,
    "The ten outputs (softmax of the scores)");
  const readout = html("div", { class: `nbw-readout ${prefix}-readout` });
  readout.append(answer, table, status);
  const stage = html("div", { class: `${prefix}-stage` });
  stage.append(pad.node, readout);

  const maps = mapRows(prefix, net);
  const probeText = html("p", { class: `${prefix}-probe`, "aria-live": "polite" },
    "Point at a pixel of a map, or focus a row of maps and use the arrow keys, to see the "
    + "window of the layer below that it was computed from.");
  const probe = (next) => {
    focus = next;
    drawProbe(maps, probeText, net, view, focus);
  };
  maps.rows.slice(1).forEach((rowInfo) => {
    rowInfo.row.addEventListener("keydown", (event) => {
      const next = keyMove(focus, rowInfo, event.key);
      if (next) {
        event.preventDefault();
        probe(next);
      }
    });
    rowInfo.row.addEventListener("focus", () => {
      if (!focus || focus.l !== rowInfo.l) {
        probe({ l: rowInfo.l, channel: 0, r: 0, c: 0 });
      }
    });
  });

  function draw() {
    drawMaps(prefix, maps, view, input.maxima.checked, probe);
    probe(focus);
  }

  function think() {
    view = model(Object.assign({ net }, settings()));
    element.cnnReader = view;   // what the tests read
    pad.paint(view.ink);
    update(view);
    draw();
  }

  element.replaceChildren(controlRow, stage, probeText, maps.node);
  pick();
}

export { model, mount };
