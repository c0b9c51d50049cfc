// Helpers shared by the book's widgets (loaded before them): building elements, element
// ids, and showing numbers the way the chapters print them (true minus, never "-0").
window.nnbookWidgets = window.nnbookWidgets || {};
window.nnbookWidgets.common = (function () {
  "use strict";

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

  // A number as the reader sees it: fixed decimals, a true minus sign, never "-0".
  function show(value, digits) {
    let text = value.toFixed(digits);
    if (Number(text) === 0) {
      text = (0).toFixed(digits);
    }
    return text.replace("-", "\u2212");
  }

  // A number that may be huge or tiny, for readers who have not met "e-39": fixed
  // decimals in the usual range, else 3 decimals times a power of ten (3.603 × 10⁻³⁹);
  // "overflow" past the largest float.
  const SUPERSCRIPT = { "-": "\u207b", 0: "\u2070", 1: "\u00b9", 2: "\u00b2", 3: "\u00b3",
    4: "\u2074", 5: "\u2075", 6: "\u2076", 7: "\u2077", 8: "\u2078", 9: "\u2079" };
  function power10(k) {
    return "10" + String(k).split("").map((c) => SUPERSCRIPT[c]).join("");
  }
  function number(value, digits) {
    if (!Number.isFinite(value)) {
      return "overflow";
    }
    const a = Math.abs(value);
    if (a >= 1e5 || (a > 0 && a < 1e-3)) {
      const [mantissa, exponent] = value.toExponential(3).split("e");
      return `${show(Number(mantissa), 3)} \u00d7 ${power10(Number(exponent))}`;
    }
    return show(value, digits);
  }

  // Element ids unique on the page, whatever the number of widgets of a kind.
  let created = 0;
  function nextId(prefix) {
    created += 1;
    return `${prefix}-${created}`;
  }

  const svg = make("http://www.w3.org/2000/svg");
  const html = make(null);

  // A labelled range slider with its value in an <output>, appended to ``parent``; its
  // classes are ``${prefix}-${name}`` and ``${prefix}-${name}-value``.
  function slider(parent, { id, prefix, name, label, min, max, step, value }) {
    const box = html("div", { class: "nbw-control" });
    const input = html("input", {
      type: "range", id: `${id}-${name}`, min: min, max: max, step: step, value: value,
      class: `${prefix}-${name}`,
    });
    const out = html("output", { for: `${id}-${name}`, class: `${prefix}-${name}-value` });
    box.append(html("label", { for: `${id}-${name}` }, label), input, out);
    parent.append(box);
    return { input: input, out: out };
  }

  // The timer of a play/pause ``button``: ``tick()`` runs every ``ms`` until it returns
  // false, ``stop()`` is called, or ``element`` leaves the page (instant navigation). The
  // button reads ``labels[0]`` (start) or ``labels[1]`` (pause).
  function player(button, element, ms, tick, labels = ["Play", "Pause"]) {
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
    return { start: start, stop: stop, playing: () => timer !== null };
  }

  // A chart's two axis titles into ``group``: ``x`` centred under the plot area
  // [left, right] at height ``xAt``; ``y`` turned upright, centred on [top, bottom] at
  // ``yAt``. ``attrs`` (optional) go on both.
  function axisTitles(group, { x, y, left, right, top, bottom, xAt, yAt, attrs }) {
    const middle = (top + bottom) / 2;
    svg("text", Object.assign({ x: (left + right) / 2, y: xAt, "text-anchor": "middle" },
      attrs), group).textContent = x;
    svg("text", Object.assign({ x: yAt, y: middle, "text-anchor": "middle",
      transform: `rotate(-90 ${yAt} ${middle})` }, attrs), group).textContent = y;
  }

  return { html, svg, show, number, power10, nextId, slider, player, axisTitles };
})();
