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

// "Try it" links: a sentence of a chapter that talks about a state of a widget links to
// it, [text](#WIDGET-ID){ .nb-try data-try="KEY=VALUE ..." }. A click sets each control
// named KEY (its data-key) to VALUE as a reader would, with an input event, then brings
// the widget into view and the keyboard to its first control. A slider takes the value on
// its steps (setSlider). Without JavaScript, or a widget that could not start, the link
// only goes to the widget. (The trainer's links carry its whole state in the address
// instead, ?tr-data=...#trainer, as its own "link to these settings" does: trainer.js.)
function tryIt(event) {
  const link = event.target.closest && event.target.closest("a.nb-try[data-try]");
  const widget = link && document.getElementById(decodeURIComponent(link.hash.slice(1)));
  if (!widget || widget.dataset.ready !== "yes") {
    return;
  }
  event.preventDefault();
  event.stopPropagation(); // the theme's instant navigation would load the page again
  const controls = [];
  for (const pair of (link.dataset.try || "").trim().split(/\s+/)) {
    const [key, value] = pair.split("=");
    const control = widget.querySelector(`[data-key="${key}"]`);
    if (!control || value === undefined) {
      console.error(`nnbook: a try-it link sets "${pair}", which its widget does not have`);
      continue;
    }
    if (control.type === "range") {
      window.nnbookKit.setSlider(control, Number(value));
    } else {
      if (control.type === "checkbox") {
        control.checked = value === "true";
      } else {
        control.value = value;
      }
      control.dispatchEvent(new Event("input"));
    }
    controls.push(control);
  }
  widget.scrollIntoView({ block: "center" });
  if (controls.length) {
    controls[0].focus({ preventScroll: true });
  }
}

document.addEventListener("click", tryIt, true); // before the theme's own listener

if (typeof document$ !== "undefined") {
  document$.subscribe(setUpWidgets);
} else {
  document.addEventListener("DOMContentLoaded", setUpWidgets);
}
