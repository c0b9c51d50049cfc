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

  return { html: make(null), svg, show, number, power10, nextId, axisTitles };
})();
