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
(function () {
  "use strict";

  const { html: el, svg: svgEl, axisTitles, show, nextId, slider: kitSlider } =
    window.nnbookWidgets.common;

  function parsePoints(text) {
    const points = [];
    for (const pair of (text || "").split(";")) {
      if (!pair.trim()) {
        continue;
      }
      const [x, y] = pair.split(",").map(Number);
      if (Number.isFinite(x) && Number.isFinite(y)) {
        points.push([x, y]);
      }
    }
    return points;
  }

  // The cost of the line, exactly as nnbook: residual r = (m x + b) − y, then r².
  function costs(points, m, b) {
    let sse = 0;
    for (const [x, y] of points) {
      const r = m * x + b - y;
      sse += r * r;
    }
    return { sse: sse, mse: sse / points.length };
  }

  // The least-squares line, by the closed form.
  function bestFit(points) {
    const n = points.length;
    let sx = 0;
    let sy = 0;
    for (const [x, y] of points) {
      sx += x;
      sy += y;
    }
    const xbar = sx / n;
    const ybar = sy / n;
    let sxy = 0;
    let sxx = 0;
    for (const [x, y] of points) {
      sxy += (x - xbar) * (y - ybar);
      sxx += (x - xbar) * (x - xbar);
    }
    const m = sxy / sxx;
    return { m: m, b: ybar - m * xbar };
  }

  function build(element) {
    const points = parsePoints(element.dataset.points);
    if (points.length < 2) {
      console.error("line-fitter: data-points needs at least two points 'x,y;x,y'");
      return;
    }
    const id = nextId("nbw-lf");

    // Plot geometry: data box [0, xmax] × [0, ymax] in SVG units.
    const W = 560;
    const H = 380;
    const left = 48;
    const right = 16;
    const top = 14;
    const bottom = 46;
    const xmax = Math.ceil(Math.max(...points.map((p) => p[0])));
    const ymax = Math.max(20, Math.ceil(Math.max(...points.map((p) => p[1]))));
    const sx = (W - left - right) / xmax;
    const sy = (H - top - bottom) / ymax;
    const X = (x) => left + x * sx;
    const Y = (y) => H - bottom - y * sy;

    // Controls.
    const controls = el("div", { class: "nbw-controls" });
    const slider = (name, label, min, max, step, value) => kitSlider(controls, {
      id: id, prefix: "nbw-lf", name: name, label: label, min: min, max: max, step: step,
      value: value,
    });
    const m0 = Number(element.dataset.m ?? 0.5);
    const b0 = Number(element.dataset.b ?? 8);
    const mCtl = slider("m", "slope m", -1, 3, 0.01, m0);
    const bCtl = slider("b", "intercept b", -4, 16, 0.01, b0);
    const checkBox = el("div", { class: "nbw-control nbw-check" });
    const check = el("input", { type: "checkbox", id: `${id}-best`, class: "nbw-lf-show-best" });
    checkBox.append(check, el("label", { for: `${id}-best` }, "show the best fit"));
    controls.append(checkBox);

    // The plot.
    const svg = svgEl("svg", {
      viewBox: `0 0 ${W} ${H}`, role: "img", class: "nbw-plot",
      "aria-labelledby": `${id}-title`,
    });
    const title = svgEl("title", { id: `${id}-title` });
    const clip = svgEl("clipPath", { id: `${id}-clip` });
    clip.append(svgEl("rect", { x: left, y: top, width: W - left - right, height: H - top - bottom }));
    const defs = svgEl("defs");
    defs.append(clip);
    svg.append(title, defs);

    const axes = svgEl("g", { class: "nbw-axes" });
    axes.append(svgEl("rect", {
      x: left, y: top, width: W - left - right, height: H - top - bottom, class: "nbw-frame",
    }));
    for (let x = 0; x <= xmax; x += 1) {
      axes.append(svgEl("line", { x1: X(x), x2: X(x), y1: H - bottom, y2: H - bottom + 5 }));
      axes.append(svgEl("text", { x: X(x), y: H - bottom + 18, "text-anchor": "middle" }, String(x)));
    }
    for (let y = 0; y <= ymax; y += 4) {
      axes.append(svgEl("line", { x1: left - 5, x2: left, y1: Y(y), y2: Y(y) }));
      axes.append(svgEl("line", { x1: left, x2: W - right, y1: Y(y), y2: Y(y), class: "nbw-grid" }));
      axes.append(svgEl("text", { x: left - 8, y: Y(y) + 4, "text-anchor": "end" }, String(y)));
    }
    axisTitles(axes, { x: "hours of revision x", y: "grade y", left, right: W - right,
      top, bottom: H - bottom, xAt: H - 8, yAt: 14 });

    const plot = svgEl("g", { "clip-path": `url(#${id}-clip)` });
    const squares = svgEl("g", { class: "nbw-lf-squares" });
    const residuals = svgEl("g", { class: "nbw-lf-residuals" });
    const bestLine = svgEl("line", { class: "nbw-lf-bestline" });
    const line = svgEl("line", { class: "nbw-lf-line" });
    const dots = svgEl("g", { class: "nbw-lf-points" });
    for (const [x, y] of points) {
      dots.append(svgEl("circle", { cx: X(x), cy: Y(y), r: 3.5 }));
    }
    plot.append(squares, residuals, line, bestLine, dots);
    svg.append(axes, plot);

    // The numbers, as text.
    const readout = el("p", { class: "nbw-readout", "aria-live": "polite" });
    const mseOut = el("output", { class: "nbw-lf-mse" });
    const sseOut = el("output", { class: "nbw-lf-sse" });
    readout.append(
      el("span", {}, "Mean squared error C(m, b) = "), mseOut,
      el("span", {}, `; sum of the ${points.length} squares = `), sseOut, el("span", {}, "."),
    );
    const best = bestFit(points);
    const bestCost = costs(points, best.m, best.b);
    const bestText = el("p", { class: "nbw-readout nbw-lf-best" });
    const put = (cls, v) => el("output", { class: cls, "data-value": String(v) }, show(v, 4));
    bestText.append(
      el("span", {}, "Best fit (least squares): m = "), put("nbw-lf-best-m", best.m),
      el("span", {}, ", b = "), put("nbw-lf-best-b", best.b),
      el("span", {}, ", mean squared error "), put("nbw-lf-best-mse", bestCost.mse),
      el("span", {}, "."),
    );
    bestText.hidden = true;

    const key = el("p", { class: "nbw-key" },
      "The solid line is the line of the sliders, the dashed one (when shown) the best fit. "
      + "Each shaded square has the residual ŷ − y as its side: its area is the squared error "
      + "of that point. The cost is the mean of the areas.");

    function clipLine(node, m, b) {
      // Draw over the whole x range; the clip path cuts what leaves the frame.
      node.setAttribute("x1", X(0));
      node.setAttribute("y1", Y(b));
      node.setAttribute("x2", X(xmax));
      node.setAttribute("y2", Y(m * xmax + b));
    }

    function update() {
      const m = Number(mCtl.input.value);
      const b = Number(bCtl.input.value);
      mCtl.out.textContent = show(m, 2);
      bCtl.out.textContent = show(b, 2);
      clipLine(line, m, b);
      squares.replaceChildren();
      residuals.replaceChildren();
      for (const [x, y] of points) {
        const yhat = m * x + b;
        const side = Math.abs(yhat - y) * sy; // the residual, in SVG units
        // The square stands on the residual segment, on the side with more room.
        const sideways = x > xmax / 2 ? -side : side;
        squares.append(svgEl("rect", {
          x: Math.min(X(x), X(x) + sideways), y: Math.min(Y(y), Y(yhat)),
          width: side, height: side,
        }));
        residuals.append(svgEl("line", { x1: X(x), y1: Y(y), x2: X(x), y2: Y(yhat) }));
      }
      const c = costs(points, m, b);
      mseOut.textContent = show(c.mse, 4);
      mseOut.dataset.value = String(c.mse);
      sseOut.textContent = show(c.sse, 4);
      sseOut.dataset.value = String(c.sse);
      const showBest = check.checked;
      bestLine.style.display = showBest ? "" : "none";
      bestText.hidden = !showBest;
      title.textContent =
        `${points.length} points, grade y against hours x, with the line ŷ = ${show(m, 2)} x `
        + `+ ${show(b, 2)} and the squares of its residuals; mean squared error `
        + `${show(c.mse, 4)}`
        + (showBest ? `; dashed, the best line ŷ = ${show(best.m, 4)} x + ${show(best.b, 4)}` : "")
        + ".";
    }

    clipLine(bestLine, best.m, best.b);
    for (const input of [mCtl.input, bCtl.input, check]) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    }
    element.classList.add("nbw-line-fitter");
    element.replaceChildren(controls, svg, readout, bestText, key);
    update();
  }

  window.nnbookWidgets = window.nnbookWidgets || {};
  window.nnbookWidgets["line-fitter"] = build;
})();
