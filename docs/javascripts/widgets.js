// The book's interactive widgets, on the page: the one script the site loads for them
// (an ES module; each widget's module imports what it uses from the kit, widgets/common.js,
// and the shared maths, widgets/nn.js).
//
// A chapter places <div class="nb-widget" data-widget="NAME"> where a widget belongs; the
// module widgets/NAME.js exports its model and its mount: model(settings) -> view, from
// its own module widgets/NAME/model.js, holds all of the widget's maths and state
// changes, as plain numbers and arrays, and touches no page, so that the tests can
// compare it with nnbook on a blank page; mount(element) builds the widget in the page
// (elements, events, drawing) and draws model's views.
// setUpWidgets() runs on every page view, including each instant-navigation page change
// (mkdocs-material's document$), and mounts each widget of the page once, then gives it
// the classes "nbw nbw-NAME" of its styles. A widget that throws is isolated here, for
// all of them: it shows a short note, the others still build.
import { setSlider } from "./widgets/common.js";
import * as backpropStepper from "./widgets/backprop-stepper.js";
import * as cnnReader from "./widgets/digits/cnn-reader.js";
import * as convStepper from "./widgets/conv-stepper.js";
import * as digitReader from "./widgets/digits/digit-reader.js";
import * as gdExplorer from "./widgets/gd-explorer.js";
import * as hoverNetwork from "./widgets/hover-network.js";
import * as lineFitter from "./widgets/line-fitter.js";
import * as matrixStepper from "./widgets/matrix-stepper.js";
import * as neuron from "./widgets/neuron.js";
import * as reversePass from "./widgets/reverse-pass.js";
import * as trainer from "./widgets/trainer.js";

// Each a plain object (a module's namespace cannot be changed): the tests wrap a mount.
const widgets = new Map([
  ["backprop-stepper", { ...backpropStepper }],
  ["cnn-reader", { ...cnnReader }],
  ["conv-stepper", { ...convStepper }],
  ["digit-reader", { ...digitReader }],
  ["gd-explorer", { ...gdExplorer }],
  ["hover-network", { ...hoverNetwork }],
  ["line-fitter", { ...lineFitter }],
  ["matrix-stepper", { ...matrixStepper }],
  ["neuron", { ...neuron }],
  ["reverse-pass", { ...reversePass }],
  ["trainer", { ...trainer }],
]);

// The widgets by name, for the browser's console and the tests: get(NAME).model(...), and
// setUp(), which mounts the widgets a page has not mounted yet.
window.nnbookWidgets = { get: (name) => widgets.get(name), names: () => [...widgets.keys()],
  setUp: setUpWidgets };

function setUpWidgets() {
  for (const element of document.querySelectorAll(".nb-widget[data-widget]")) {
    if (element.dataset.ready === "yes") {
      continue;
    }
    const widget = widgets.get(element.dataset.widget);
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
      setSlider(control, Number(value));
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
