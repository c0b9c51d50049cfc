// The line-fitter widget: sliders for the slope m and the intercept b of ŷ = m x + b over
// a fixed set of points, the squares of the residuals, and the cost, updated live.
//
// Markdown:
//   <div class="nb-widget" data-widget="line-fitter"
//        data-points="x1,y1;x2,y2;..." data-m="0.5" data-b="8"> fallback </div>
//
// Shown as text (data-value holds the unrounded number for the tests):
//   .nbw-lf-sse  the sum of squared residuals  Σ (m xᵢ + b − yᵢ)²       (4 decimals)
//   .nbw-lf-mse  the mean squared error        Σ (m xᵢ + b − yᵢ)² / N   (4 decimals)
//   .nbw-lf-best-m, .nbw-lf-best-b, .nbw-lf-best-mse  the least-squares line (4 decimals),
//   computed by the closed form m = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², b = ȳ − m x̄.
//
// model(settings) -> view is line-fitter/model.js's.

import { axes, axisTitles, chart, clipArea, controls, dragHandle, html as el, nextId,
  plus, range, setSlider, show, svg as svgEl } from "./common.js";
import { model, parsePoints } from "./line-fitter/model.js";

// ---- The widget on the page ------------------------------------------------------------

// The plot: hours [0, xmax] across, grades [0, ymax] up, the points, the line of the
// sliders with its two ends (each with a grip a finger can hit), the best line (hidden
// until asked for) and the squares of the residuals. draw(m, b, fitted) places the line,
// its ends and the squares. Gives its parts, its chart c and its ranges.
function fitPlot(points, id) {
  const xmax = Math.ceil(Math.max(...points.map((p) => p[0])));
  const ymax = Math.max(20, Math.ceil(Math.max(...points.map((p) => p[1]))));
  const c = chart(560, 380, { left: 48, right: 16, top: 14, bottom: 46 }, [0, xmax],
    [0, ymax]);
  const { X, Y } = c;

  const svg = svgEl("svg", {
    viewBox: `0 0 ${c.width} ${c.height}`, role: "img", class: "nbw-plot",
    "aria-labelledby": `${id}-title`,
  });
  const title = svgEl("title", { id: `${id}-title` }, svg);
  const clip = clipArea(svg, c, `${id}-clip`);
  const frame = svgEl("g", { class: "nbw-axes" }, svg);
  axes(frame, c, { x: range(0, xmax, 1), y: range(0, ymax, 4), grid: true });
  axisTitles(frame, c, { x: "hours of revision x", y: "grade y", xAt: c.height - 8,
    yAt: 14 });

  const plot = svgEl("g", { "clip-path": clip }, svg);
  const squares = svgEl("g", { class: "nbw-lf-squares" });
  const residuals = svgEl("g", { class: "nbw-lf-residuals" });
  const bestLine = svgEl("line", { class: "nbw-lf-bestline" });
  const line = svgEl("line", { class: "nbw-lf-line" });
  const dots = svgEl("g", { class: "nbw-lf-points" });
  for (const [x, y] of points) {
    dots.append(svgEl("circle", { cx: X(x), cy: Y(y), r: 3.5 }));
  }
  plot.append(squares, residuals, line, bestLine, dots);
  // The line's two ends (the mount makes them draggable).
  const ends = [0, xmax].map(() => svgEl("circle", { r: 9, class: "nbw-lf-end" }, svg));
  // Each end's grip, an invisible target over it that a finger can hit (book.css).
  const grips = [0, xmax].map(() => svgEl("circle", { r: 9, class: "nbw-lf-grip" }, svg));

  function clipLine(node, m, b) {
    // Draw over the whole x range; the clip path cuts what leaves the frame.
    node.setAttribute("x1", X(0));
    node.setAttribute("y1", Y(b));
    node.setAttribute("x2", X(xmax));
    node.setAttribute("y2", Y(m * xmax + b));
  }

  function draw(m, b, fitted) {
    clipLine(line, m, b);
    [[0, b], [xmax, m * xmax + b]].forEach(([x, y], k) => {
      for (const mark of [ends[k], grips[k]]) {
        mark.setAttribute("cx", X(x));
        mark.setAttribute("cy", Y(Math.min(Math.max(y, 0), ymax))); // kept in the frame
      }
    });
    squares.replaceChildren();
    residuals.replaceChildren();
    for (const [k, [x, y]] of points.entries()) {
      const yhat = fitted[k];
      const side = Math.abs(Y(yhat) - Y(y)); // the residual, in SVG units
      // The square stands on the residual segment, on the side with more room.
      const sideways = x > xmax / 2 ? -side : side;
      squares.append(svgEl("rect", {
        x: Math.min(X(x), X(x) + sideways), y: Math.min(Y(y), Y(yhat)),
        width: side, height: side,
      }));
      residuals.append(svgEl("line", { x1: X(x), y1: Y(y), x2: X(x), y2: Y(yhat) }));
    }
  }
  return { node: svg, title, bestLine, grips, c, xmax, ymax, clipLine, draw };
}

function mount(element) {
  const points = parsePoints(element.dataset.points);
  if (points.length < 2) {
    throw new Error("line-fitter: data-points needs at least two points 'x,y;x,y'");
  }
  const id = nextId("nbw-lf");

  const controlRow = el("div", { class: "nbw-controls" });
  const { input } = controls(controlRow, { id, prefix: "nbw-lf", onInput: update, specs: [
    { slider: "m", label: "slope m", min: -1, max: 3, step: 0.01, digits: 2,
      value: element.dataset.m ?? 0.5 },
    { slider: "b", label: "intercept b", min: -4, max: 16, step: 0.01, digits: 2,
      value: element.dataset.b ?? 8 },
    { check: "show-best", label: "show the best fit" },
  ] });

  const plot = fitPlot(points, id);
  const { c, xmax, ymax, grips } = plot;
  // The line's two ends, dragged up and down: the left one sets b (the right end stays),
  // the right one the slope (the left end stays).
  const yAt = (y) => ((c.bottom - y) / (c.bottom - c.top)) * ymax; // Y's inverse
  dragHandle(plot.node, grips[0], (_, y) => {
    const right = Number(input.m.value) * xmax + Number(input.b.value);
    setSlider(input.b, yAt(y));
    setSlider(input.m, (right - Number(input.b.value)) / xmax);
  });
  dragHandle(plot.node, grips[1], (_, y) => {
    setSlider(input.m, (yAt(y) - Number(input.b.value)) / xmax);
  });

  // The numbers, as text.
  const readout = el("p", { class: "nbw-readout", "aria-live": "polite" });
  const mseOut = el("output", { class: "nbw-lf-mse" });
  const sseOut = el("output", { class: "nbw-lf-sse" });
  readout.append(
    el("span", {}, "Mean squared error C(m, b) = "), mseOut,
    el("span", {}, `; sum of the ${points.length} squares = `), sseOut, el("span", {}, "."),
  );
  const { best } = model({ points, m: 0, b: 0 });
  const bestText = el("p", { class: "nbw-readout nbw-lf-best" });
  const put = (cls, v) => el("output", { class: cls, "data-value": String(v) }, show(v, 4));
  bestText.append(
    el("span", {}, "Best fit (least squares): m = "), put("nbw-lf-best-m", best.m),
    el("span", {}, ", b = "), put("nbw-lf-best-b", best.b),
    el("span", {}, ", mean squared error "), put("nbw-lf-best-mse", best.mse),
    el("span", {}, "."),
  );
  bestText.hidden = true;

  const key = el("p", { class: "nbw-key" },
    "The solid line is the line of the sliders, the dashed one (when shown) the best fit. "
    + "Each shaded square has the residual ŷ − y as its side: its area is the squared error "
    + "of that point. The cost is the mean of the areas.");

  function update() {
    const m = Number(input.m.value);
    const b = Number(input.b.value);
    const fit = model({ points, m, b });
    plot.draw(m, b, fit.yhat);
    mseOut.textContent = show(fit.mse, 4);
    mseOut.dataset.value = String(fit.mse);
    sseOut.textContent = show(fit.sse, 4);
    sseOut.dataset.value = String(fit.sse);
    const showBest = input["show-best"].checked;
    plot.bestLine.style.display = showBest ? "" : "none";
    bestText.hidden = !showBest;
    plot.title.textContent =
      `${points.length} points, grade y against hours x, with the line ŷ = ${show(m, 2)} x `
      + `${plus(b, 2)} and the squares of its residuals; mean squared error `
      + `${show(fit.mse, 4)}`
      + (showBest ? `; dashed, the best line ŷ = ${show(best.m, 4)} x ${plus(best.b, 4)}` : "")
      + ".";
  }

  plot.clipLine(plot.bestLine, best.m, best.b);
  element.replaceChildren(controlRow, plot.node, readout, bestText, key);
  update();
}

export { model, mount };
