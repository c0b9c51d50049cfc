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

  return { html: make(null), svg: make("http://www.w3.org/2000/svg"), show };
})();
