// The digits' room: what the two widgets that read a drawn digit share (digit-reader,
// cnn-reader), the pad the reader draws on, the menu of test images, the bars of the ten
// probabilities.

import { controls, html, nextId, paintPixels, show, table } from "../common.js";

// A drawing pad of ``size`` x ``size`` pixels (digit-reader, cnn-reader): a canvas
// (classes "nbw-pad-canvas" and ``${prefix}-canvas``, scaled up by CSS) on which the
// reader draws strokes with the mouse, a pen or a finger, or with the keyboard: the
// arrow keys move a pen (a square cursor), Space or Enter puts it down (a new stroke) or
// lifts it; a line under the pad says so. ``onStart()`` runs before each new stroke,
// ``onDraw(strokes)`` after each change, ``onEnd()`` when a stroke ends (the pointer up,
// the pen lifted). Gives { node, canvas, strokes(), clear(), paint(values) }: the
// strokes, lists of points [x, y] in pixels from the top left; paint shows rows of
// values 0-1 as grey.
function drawingPad({ prefix, size = 28, label, onStart, onDraw, onEnd = () => {} }) {
  const node = html("div", { class: `nbw-pad ${prefix}-pad` });
  const hintId = nextId("nbw-pad-hint");
  // The cursor is placed in % of the canvas: they share a box of their own (not the hint's).
  const area = html("div", { class: "nbw-pad-area" }, node);
  const canvas = html("canvas", { class: `nbw-pad-canvas ${prefix}-canvas`, width: size,
    height: size, tabindex: "0", role: "application", "aria-roledescription": "drawing pad",
    "aria-label": label, "aria-describedby": hintId }, area);
  const cursor = html("span", { class: "nbw-pad-cursor", "aria-hidden": "true" }, area);
  html("p", { class: "nbw-pad-hint", id: hintId }, node).textContent = "Draw with the "
    + "mouse or a finger, or with the keys: the arrows move the pen, Space puts it down "
    + "or lifts it.";
  let strokes = [];
  let stroke = null;   // the points of the stroke being drawn, while the pen is down
  const pen = [size / 2, size / 2];
  function place() {
    cursor.style.left = `${(100 * (pen[0] - 1)) / size}%`;
    cursor.style.top = `${(100 * (pen[1] - 1)) / size}%`;
    cursor.classList.toggle("nbw-pad-down", stroke !== null);
  }
  function end() {
    if (stroke) {
      stroke = null;
      onEnd();
    }
  }
  function begin(point) {
    if (onStart) {
      onStart();
    }
    stroke = [point];
    strokes.push(stroke);
    onDraw(strokes);
  }
  function at(event) {
    const box = canvas.getBoundingClientRect();
    return [((event.clientX - box.left) / box.width) * size,
      ((event.clientY - box.top) / box.height) * size];
  }
  canvas.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    if (canvas.setPointerCapture) {
      try { canvas.setPointerCapture(event.pointerId); } catch (e) { /* synthetic events */ }
    }
    begin(at(event));
  });
  canvas.addEventListener("pointermove", (event) => {
    if (stroke) {
      stroke.push(at(event));
      onDraw(strokes);
    }
  });
  for (const type of ["pointerup", "pointercancel", "pointerleave"]) {
    canvas.addEventListener(type, end);
  }
  const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
  canvas.addEventListener("keydown", (event) => {
    const move = moves[event.key];
    if (move) {
      pen[0] = Math.min(Math.max(pen[0] + move[0], 0.5), size - 0.5);
      pen[1] = Math.min(Math.max(pen[1] + move[1], 0.5), size - 0.5);
      if (stroke) {
        stroke.push(pen.slice());
        onDraw(strokes);
      }
    } else if (event.key === " " || event.key === "Enter") {
      if (stroke) {
        end();
      } else {
        begin(pen.slice());
      }
    } else {
      return;
    }
    event.preventDefault();
    place();
  });
  canvas.addEventListener("blur", () => { end(); place(); });
  place();
  function clear() {   // a new drawing: no strokes, the pen up in the centre
    strokes = [];
    stroke = null;
    pen.splice(0, 2, size / 2, size / 2);
    place();
  }
  return { node, canvas, strokes: () => strokes, clear,
    paint: (values) => paintPixels(canvas, values) };
}

// "a 7", "an 8": a digit with its article.
function aDigit(digit) {
  return `${digit === 8 ? "an" : "a"} ${digit}`;
}

// What a digit widget reads (digit-reader, cnn-reader): a row of controls (a test image
// of ``samples`` or "Your drawing", ``more`` control specs, Clear) and a drawingPad.
// ``onChange()`` runs on each change; ``onSettle(picked)`` after each of the reader's
// acts is complete (a stroke ended; ``picked``: a test image chosen, or Clear).
// ``settings()`` is { image } (the test image) or { strokes } (the drawing), for the
// widget's model. Gives { controlRow, pad, input, settings, pick }: pick() shows the
// test image chosen, as the menu does, but settles nothing (for the widget's start).
function digitSource({ id, prefix, samples, more = [], onChange, onSettle = () => {},
  label = "Drawing area of 28 by 28 pixels: draw a digit here, or choose a test image "
    + "above." }) {
  let sample = null;   // the test image shown (its index), or null: the reader's drawing
  const controlRow = html("div", { class: "nbw-controls" });
  const options = [["", "Your drawing"]].concat(samples.labels.map((digit, i) =>
    [String(i), `Test image ${i + 1} (${aDigit(digit)})`]));
  function pick() {
    if (input.sample.value !== "") {
      sample = Number(input.sample.value);
      onChange();
    }
  }
  function clear() {
    sample = null;
    pad.clear();
    input.sample.value = "";
    onChange();
    onSettle(true);
  }
  const { input } = controls(controlRow, { id, prefix, specs: [
    { select: "sample", label: "Digit", options, value: "0", on: () => {
      pick();
      onSettle(true);
    } },
    ...more, { buttons: [["clear", "Clear"]], on: { clear } }] });
  const pad = drawingPad({ prefix, size: 28, label, onStart: () => {
    if (sample !== null) {   // a new drawing starts on a blank grid
      sample = null;
      pad.clear();
    }
    input.sample.value = "";
  }, onDraw: onChange, onEnd: () => onSettle(false) });
  const settings = () => (sample === null ? { strokes: pad.strokes() }
    : { image: samples.images[sample] });
  return { controlRow, pad, input, settings, pick };
}

// The ten outputs of a digit network as probabilities: a table (classes ``${prefix}-p``,
// ``${prefix}-bar``) with a bar each, and the answer. ``update(view)`` shows a view's
// { probabilities, answer, blank } as it changes, stroke by stroke; ``announce(picked)``
// says the answer aloud (``status``, a live region seen by no one) once the reader's act
// is complete: after a stroke only if the answer changed, always after a choice
// (``picked``), never on every move. Gives { table, answer, status, update, announce }.
function probabilityBars(prefix, caption) {
  const outs = [];
  const answer = html("p", { class: `${prefix}-answer` });
  const status = html("p", { class: "nbw-announce", role: "status" });
  let said = null;   // the answer last announced (a digit, or "blank")
  let now = null;
  const { table: node } = table({ cls: `${prefix}-probabilities`, head: ["Digit",
    "Probability", "Bar"], caption, rows: 10, cells: (k) => {
    const value = html("output", { class: `${prefix}-p nbw-result` });
    const bar = html("span", { class: `${prefix}-bar` });
    outs.push({ value, bar });
    const cell = html("td", {});
    cell.append(value);
    const barCell = html("td", {});
    barCell.append(bar);
    return [html("th", { scope: "row" }, String(k)), cell, barCell];
  } });
  function update({ probabilities, answer: best, blank }) {
    probabilities.forEach((p, k) => {
      outs[k].value.textContent = show(p, 3);
      outs[k].value.setAttribute("data-value", String(p));
      outs[k].bar.style.width = `${(100 * p).toFixed(1)}%`;
    });
    answer.textContent = blank
      ? "Nothing drawn yet: draw a digit, or choose a test image."
      : `The network reads ${aDigit(best)} (probability ${show(probabilities[best], 2)}).`;
    now = blank ? "blank" : best;
  }
  function announce(picked) {
    if (picked || now !== said) {
      status.textContent = answer.textContent;
      said = now;
    }
  }
  return { table: node, answer, status, update, announce };
}

export { drawingPad, aDigit, digitSource, probabilityBars };
