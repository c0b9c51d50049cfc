// The book's interactive widgets.
//
// A chapter places <div class="nb-widget" data-widget="NAME"> where a widget belongs;
// the script docs/javascripts/widgets/NAME.js registers a function
// window.nnbookWidgets[NAME](element) that builds the widget inside that element.
// setUpWidgets() runs on every page view, including each instant-navigation page change
// (mkdocs-material's document$), and builds each widget of the page once.
window.nnbookWidgets = window.nnbookWidgets || {};

function setUpWidgets() {
  for (const element of document.querySelectorAll(".nb-widget[data-widget]")) {
    if (element.dataset.ready === "yes") {
      continue;
    }
    const build = window.nnbookWidgets[element.dataset.widget];
    if (typeof build !== "function") {
      console.error(`nnbook: no widget named "${element.dataset.widget}"`);
      continue;
    }
    element.dataset.ready = "yes";
    build(element);
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(setUpWidgets);
} else {
  document.addEventListener("DOMContentLoaded", setUpWidgets);
}
