// The kit, what the widgets' mounts draw with (each imports what it uses): elements and
// ids, the one number format (format.js, passed on), controls from a spec table, axes,
// colour maps and a play/pause player. Styles: the nbw- classes of
// docs/stylesheets/book.css.

import { number, plus, power10, show, sub, sup } from "./format.js";

// make(namespace) gives a builder: tag, attributes, then either text or a parent node.
function make(namespace) {
  return function (tag, attrs, extra) {
    const node = namespace
      ? document.createElementNS(namespace, tag)
      : document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      node.setAttribute(name, value);
    }
    if (extra instanceof Node) {
      extra.appendChild(node);
    } else if (extra !== undefined) {
      node.textContent = extra;
    }
    return node;
  };
}
const svg = make("http://www.w3.org/2000/svg");
const html = make(null);

// Element ids unique on the page, whatever the number of widgets of a kind.
let created = 0;
function nextId(prefix) {
  created += 1;
  return `${prefix}-${created}`;
}

// Controls from a spec table into ``parent``, each labelled and keyboard operable
// (native elements). A spec is one of
//   { slider: name, label, min, max, step, value, digits }  range input + <output>;
//       with ``digits`` the output shows the value (show) as it moves
//   { select: name, label, options: [[value, text], ...], value }
//   { number: name, label, step, value }                    a number field (the arrows
//       change it by ``step``; any number may be typed, "1e-9" too)
//   { check: name, label }                                  checkbox, label after it
//   { buttons: [[name, text], ...], on: { name: click handler } }  a row of buttons
//   { group: legend, controls: [specs] }                    a <fieldset>
// A control's input runs its ``on``, else ``onInput``. Element ids are ``${id}-${name}``,
// classes ``${prefix}-${name}``, outputs' ``${prefix}-${name}-value``. Returns
// { input, output }, each keyed by name.
function controls(parent, { id, prefix, specs, onInput }) {
  const input = {};
  const output = {};
  function field(spec, parentNode) {
    if (spec.group !== undefined) {
      const set = html("fieldset", { class: "nbw-group" }, parentNode);
      html("legend", {}, set).textContent = spec.group;
      spec.controls.forEach((s) => field(s, set));
      return;
    }
    if (spec.buttons) {
      const row = html("div", { class: "nbw-control nbw-buttons" }, parentNode);
      for (const [name, text] of spec.buttons) {
        input[name] = html("button", { type: "button", class: `${prefix}-${name}` }, text);
        row.append(input[name]);
        if (spec.on && spec.on[name]) {
          input[name].addEventListener("click", spec.on[name]);
        }
      }
      return;
    }
    const name = spec.slider || spec.select || spec.number || spec.check;
    // data-key: the name a "try it" link of the prose sets the control by (widgets.js).
    const attrs = { id: `${id}-${name}`, class: `${prefix}-${name}`, "data-key": name };
    const box = html("div", { class: "nbw-control" });
    const label = html("label", { for: attrs.id }, spec.label);
    let node;
    if (spec.slider) {
      node = html("input", Object.assign(attrs, { type: "range", min: spec.min,
        max: spec.max, step: spec.step, value: spec.value }));
      output[name] = html("output", { for: attrs.id, class: `${prefix}-${name}-value` });
      box.append(label, node, output[name]);
      if (spec.digits !== undefined) {
        const showValue = () => {
          output[name].textContent = show(Number(node.value), spec.digits);
        };
        node.addEventListener("input", showValue);
        showValue();
      }
    } else if (spec.number) {
      node = html("input", Object.assign(attrs, { type: "number", step: spec.step,
        value: spec.value }));
      box.append(label, node);
    } else if (spec.select) {
      node = html("select", attrs);
      for (const [value, text] of spec.options) {
        html("option", { value: value }, node).textContent = text;
      }
      node.value = String(spec.value);
      node.selectedIndex = Math.max(node.selectedIndex, 0); // a value not listed: the first
      box.append(label, node);
    } else {
      node = html("input", Object.assign(attrs, { type: "checkbox" }));
      box.append(node, label);
    }
    node.addEventListener("input", spec.on || onInput);
    input[name] = node;
    parentNode.append(box);
  }
  specs.forEach((spec) => field(spec, parent));
  return { input, output };
}

// The numbers from ``from`` to ``to`` (included), every ``step``: a chart's ticks.
function range(from, to, step) {
  const values = [];
  for (let v = from; v <= to; v += step) {
    values.push(v);
  }
  return values;
}

// A chart's geometry: an SVG ``width`` × ``height`` whose plot area leaves ``margin``
// ({ left, right, top, bottom }) around it, and shows the data ranges ``x`` across and
// ``y`` up. Gives the plot area's edges and the scales X(x), Y(y) to the SVG.
function chart(width, height, margin, x, y) {
  const left = margin.left;
  const right = width - margin.right;
  const top = margin.top;
  const bottom = height - margin.bottom;
  return { width, height, left, right, top, bottom,
    X: (v) => left + ((v - x[0]) / (x[1] - x[0])) * (right - left),
    Y: (v) => bottom - ((v - y[0]) / (y[1] - y[0])) * (bottom - top) };
}

// A clip path of the plot area of ``c`` into ``picture``, with ``id``: its url().
function clipArea(picture, c, id) {
  const clip = svg("clipPath", { id: id }, svg("defs", {}, picture));
  svg("rect", { x: c.left, y: c.top, width: c.right - c.left, height: c.bottom - c.top },
    clip);
  return `url(#${id})`;
}

// The frame and ticks of chart ``c`` into ``group``: tick values ``x`` and ``y``, their
// texts show(v, 0) unless ``xText`` or ``yText`` says otherwise; ``grid`` draws the y
// ticks across the plot.
function axes(group, c, { x, y, xText, yText, grid }) {
  svg("rect", { x: c.left, y: c.top, width: c.right - c.left, height: c.bottom - c.top,
    class: "nbw-frame" }, group);
  const plain = (v) => show(v, 0);
  for (const v of x) {
    svg("line", { x1: c.X(v), x2: c.X(v), y1: c.bottom, y2: c.bottom + 5 }, group);
    // A number at the right edge ends there: centred, a long one would be cut off.
    const anchor = c.X(v) >= c.right - 0.5 ? "end" : "middle";
    svg("text", { x: c.X(v), y: c.bottom + 18, "text-anchor": anchor, class: "nbw-tick" },
      group).textContent = (xText || plain)(v);
  }
  for (const v of y) {
    svg("line", { x1: c.left - 5, x2: c.left, y1: c.Y(v), y2: c.Y(v) }, group);
    if (grid) {
      svg("line", { x1: c.left, x2: c.right, y1: c.Y(v), y2: c.Y(v), class: "nbw-grid" },
        group);
    }
    svg("text", { x: c.left - 8, y: c.Y(v) + 4, "text-anchor": "end", class: "nbw-tick" },
      group).textContent = (yText || plain)(v);
  }
}

// The two axis titles of chart ``c`` into ``group``: ``x`` centred under the plot area
// at height ``xAt``, ``y`` turned upright and centred beside it at ``yAt``.
function axisTitles(group, c, { x, y, xAt, yAt }) {
  const middle = (c.top + c.bottom) / 2;
  svg("text", { x: (c.left + c.right) / 2, y: xAt, "text-anchor": "middle" }, group)
    .textContent = x;
  svg("text", { x: yAt, y: middle, "text-anchor": "middle",
    transform: `rotate(-90 ${yAt} ${middle})` }, group).textContent = y;
}

// A table of numbers (classes "nbw-table" and ``cls``): a caption, a row of column
// headings ``head`` if given, and ``rows`` rows whose cells (<td> or <th>) ``cells(r)``
// makes. Gives { table, caption, body }.
function table({ cls, caption = "", head, rows = 0, cells }) {
  const node = html("table", { class: `nbw-table ${cls}` });
  const title = html("caption", {}, node);
  title.textContent = caption;
  if (head) {
    const row = html("tr", {}, html("thead", {}, node));
    for (const text of head) {
      html("th", { scope: "col" }, row).textContent = text;
    }
  }
  const body = html("tbody", {}, node);
  for (let r = 0; r < rows; r++) {
    html("tr", {}, body).append(...cells(r));
  }
  return { table: node, caption: title, body };
}

// A colour map through evenly spaced stops ("#rrggbb"): t in [0, 1] (clamped) to
// "rgb(r, g, b)", or to [r, g, b] with ``.rgb(t)``.
function colourMap(stops) {
  const points = stops.map((hex) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16)));
  function rgb(t) {
    const u = Math.min(Math.max(t, 0), 1) * (points.length - 1);
    const k = Math.min(Math.floor(u), points.length - 2);
    const f = u - k;
    return points[k].map((v, i) => Math.round(v + f * (points[k + 1][i] - v)));
  }
  const css = (t) => `rgb(${rgb(t).join(", ")})`;
  css.rgb = rgb;
  return css;
}
// The chapters' figures' maps (matplotlib): viridis at 0, 1/8, …, 1; PuOr_r at 0, 0.1,
// …, 1 (purple low, orange high); and grey from black to white.
const viridis = colourMap(["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c",
  "#28ae80", "#5ec962", "#addc30", "#fde725"]);
const purpleOrange = colourMap(["#2d004b", "#532687", "#8073ac", "#b1aad1", "#d8daeb",
  "#f7f7f6", "#fee0b6", "#fcb761", "#e08214", "#b25706", "#7f3b08"]);
const grey = colourMap(["#000000", "#ffffff"]);

// A play/pause ``button``: a click starts a timer (after ``rewind()``, if given), whose
// ``tick()`` runs every ``ms`` until it returns false, the button is clicked again,
// ``stop()`` is called, or ``element`` leaves the page (instant navigation). The button
// reads ``labels[0]`` (start) or ``labels[1]`` (pause).
function player(button, element, ms, tick, { labels = ["Play", "Pause"], rewind } = {}) {
  let timer = null;
  function stop() {
    if (timer !== null) {
      clearInterval(timer);
      timer = null;
    }
    button.textContent = labels[0];
  }
  function start() {
    button.textContent = labels[1];
    timer = setInterval(() => {
      if (!element.isConnected || tick() === false) {
        stop();
      }
    }, ms);
  }
  button.addEventListener("click", () => {
    if (timer !== null) {
      stop();
      return;
    }
    if (rewind) {
      rewind();
    }
    start();
  });
  return { stop: stop };
}

// The JSON files that ``element``'s data attributes ``names`` name (a page's exports,
// published next to it), fetched from the page's address: a promise of their values, in
// the order of ``names``; it fails, naming the file, on an HTTP error.
function loadExports(element, names) {
  return Promise.all(names.map((name) => fetch(new URL(element.dataset[name],
    window.location.href)).then((r) => {
    if (!r.ok) {
      throw new Error(`${element.dataset[name]}: ${r.status}`);
    }
    return r.json();
  })));
}

// A widget that needs its page's exports ``names``: a status line while they load
// (``what``, "the network"), then ``start(...values)``; if they cannot load, the status
// line says so and where the page shows the same (``instead``), and the console why.
function whenLoaded(element, names, { prefix, what, instead }, start) {
  const status = html("p", { class: `${prefix}-status`, role: "status" },
    `Loading ${what}\u2026`);
  element.replaceChildren(status);
  loadExports(element, names).then((values) => start(...values)).catch((error) => {
    console.error(`nnbook: ${prefix} could not load ${what}`, error);
    status.textContent = `${what[0].toUpperCase()}${what.slice(1)} could not be loaded; `
      + instead;
  });
}

// Rows of values (0-1, or scaled by ``top``) painted one pixel each on ``canvas`` (as
// large as they are) in the colour map ``colours`` (grey by default).
function paintPixels(canvas, values, colours = grey, top = 1) {
  const context = canvas.getContext("2d");
  const pixels = context.createImageData(values[0].length, values.length);
  values.forEach((row, r) => row.forEach((v, c) => {
    const rgb = colours.rgb(top > 0 ? v / top : 0);
    pixels.data.set([rgb[0], rgb[1], rgb[2], 255], 4 * (r * values[0].length + c));
  }));
  context.putImageData(pixels, 0, 0);
}

// "Show as code": folded under a widget, the nnbook program that computes what the
// widget shows now (its settings, its steps), to paste into Python; a <details>, so it
// opens by keyboard too. set(text) rewrites it at every change of the widget.
function codeView(prefix) {
  // "example": the theme's box of the chapters' "Code of the figure", the same look.
  const node = html("details", { class: `example nbw-code ${prefix}-code` });
  html("summary", {}, node).textContent = "Show as code";
  // tabindex: a line wider than a phone scrolls sideways, by keyboard too.
  const code = html("code", {}, html("pre", { tabindex: "0" }, node));
  return { node, set: (text) => { code.textContent = text; } };
}

export { html, svg, nextId, show, plus, number, power10, sub, sup, controls, range, chart, clipArea,
  axes, axisTitles, table, colourMap, viridis, purpleOrange, grey, player, loadExports,
  whenLoaded, paintPixels, codeView };

// The kit's watcher of the screen (trainer; any widget that animates): whenOffScreen(
// element, callback) calls callback() each time element leaves the screen, so that an
// animation stops where nobody sees it (IntersectionObserver; without it, never).

function whenOffScreen(element, callback) {
  if (typeof IntersectionObserver === "undefined") {
    return;
  }
  new IntersectionObserver((entries) => {
    if (entries.some((entry) => !entry.isIntersecting)) {
      callback();
    }
  }).observe(element);
}

export { whenOffScreen };

// Direct manipulation (neuron, line-fitter, gd-explorer): dragHandle(picture, handle,
// onMove) lets the pointer drag an SVG element, calling onMove(x, y) in the picture's
// own units; setSlider(slider, value) moves a slider there (clamped, on its steps) as the
// reader would, so that the slider stays the keyboard's way to the same number.

// Pressing ``handle`` (an element of the SVG ``picture``) and moving calls
// ``onMove(x, y)`` with the pointer in the picture's viewBox units, until the button or
// the finger is lifted (pointer capture: a fast move does not lose the handle). The
// handle gets the class "nbw-handle" (a grab cursor, no page scroll from it on a touch
// screen).
function dragHandle(picture, handle, onMove) {
  handle.classList.add("nbw-handle");
  const at = (event) => {
    const m = picture.getScreenCTM().inverse();
    return [m.a * event.clientX + m.c * event.clientY + m.e,
      m.b * event.clientX + m.d * event.clientY + m.f];
  };
  handle.addEventListener("pointerdown", (event) => {
    event.preventDefault();
    handle.setPointerCapture(event.pointerId);
  });
  // A finger on the handle moves the handle only: Chrome does not read touch-action on
  // an element inside an SVG, and scrolled the page by 38-52 px a drag.
  handle.addEventListener("touchstart", (event) => event.preventDefault(),
    { passive: false });
  handle.addEventListener("pointermove", (event) => {
    if (handle.hasPointerCapture(event.pointerId)) {
      onMove(...at(event));
    }
  });
}

// ``slider`` set to ``value``, clamped to its range and rounded to its steps, and its
// "input" event sent, as when the reader moves it.
function setSlider(slider, value) {
  const min = Number(slider.min);
  const max = Number(slider.max);
  const step = Number(slider.step) || 1;
  const v = Math.min(max, Math.max(min, min + Math.round((value - min) / step) * step));
  const text = v.toFixed(Math.max(0, -Math.floor(Math.log10(step) + 1e-9)));
  if (slider.value !== text) {
    slider.value = text;
    slider.dispatchEvent(new Event("input"));
  }
}

export { dragHandle, setSlider };
