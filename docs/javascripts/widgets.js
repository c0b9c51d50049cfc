// The book's interactive widgets, on the page.
//
// A chapter places <div class="nb-widget" data-widget="NAME"> where a widget belongs; the
// script docs/javascripts/widgets/NAME.js registers the widget NAME (widgets/common.js:
// its model and its mount). setUpWidgets() runs on every page view, including each
// instant-navigation page change (mkdocs-material's document$), and mounts each widget of
// the page once, then gives it the classes "nbw nbw-NAME" of its styles. A widget that
// throws is isolated here, for all of them: it shows a short note, the others still build.
function setUpWidgets() {
  for (const element of document.querySelectorAll(".nb-widget[data-widget]")) {
    if (element.dataset.ready === "yes") {
      continue;
    }
    const widget = window.nnbookWidgets.get(element.dataset.widget);
    if (widget === undefined) {
      console.error(`nnbook: no widget named "${element.dataset.widget}"`);
      continue;
    }
    element.dataset.ready = "yes";
    try {
      widget.mount(element);
      element.classList.add("nbw", `nbw-${element.dataset.widget}`);
    } catch (error) {
      // One widget that cannot start leaves the others, and its own description, alone.
      console.error(`nnbook: the widget "${element.dataset.widget}" could not start`, error);
      element.dataset.ready = "error";
      const note = document.createElement("p");
      note.className = "nb-widget-error";
      note.setAttribute("role", "status");
      note.textContent = "This interactive figure could not start in your browser; the "
        + "text around it describes what it shows.";
      element.appendChild(note);
    }
  }
}

if (typeof document$ !== "undefined") {
  document$.subscribe(setUpWidgets);
} else {
  document.addEventListener("DOMContentLoaded", setUpWidgets);
}
