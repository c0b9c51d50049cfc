// Helpers shared by the book's widgets (loaded before them): building elements and
// showing numbers the way the chapters print them.
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

  return { html: make(null), svg, show, axisTitles };
})();
