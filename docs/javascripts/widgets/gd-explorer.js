// The gd-explorer widget: gradient descent on the bowl C(θ) = θ₁² + 4θ₂², step by step.
//
// Markdown:
//   <div class="nb-widget" data-widget="gd-explorer" data-lr="0.1" data-start="-2,1"
//        data-steps="10"> fallback </div>
//
// One step is θ ← θ − η ∇C(θ) with ∇C(θ) = (2θ₁, 8θ₂), computed in the same order as
// nnbook.gradient_descent, which also stops the walk at the first non-finite point.
// Shown as text (data-value holds the unrounded number for the tests): the current step
// (.nbw-gd-current) and a table of the last steps (.nbw-gd-table, one row per step with
// data-step), θ₁, θ₂ and C with the kit's number(): 4 decimals, or 4 significant digits
// times a power of ten when |v| ≥ 1e5 or 0 < |v| < 1e-3 (3.603 × 10⁻³⁹); "overflow" for
// a cost beyond the largest float64.
(function () {
  "use strict";

  const { html: el, svg: svgEl, axisTitles, show, number, power10, nextId, slider, player } =
    window.nnbookWidgets.common;
  const RATES = [0.01, 0.05, 0.1, 0.2, 0.24, 0.25, 0.26, 0.3, 0.5];
  const LEVELS = [0.25, 1, 4, 9, 16];
  const MAX_STEPS = 1000; // Step stops here; Run stops at RUN_TO
  const RUN_TO = 60;
  const TABLE_ROWS = 6;
  const BOX = { t1: [-3, 3], t2: [-2, 2] }; // the part of the plane that is drawn

  function cost(t) {
    return t[0] * t[0] + 4 * (t[1] * t[1]);
  }

  // The path θ₀, θ₁, … of `steps` steps, stopped before the first non-finite point.
  function descend(start, lr, steps) {
    const path = [start.slice()];
    let t = start.slice();
    for (let i = 0; i < steps; i++) {
      const g = [2 * t[0], 8 * t[1]];
      t = [t[0] - lr * g[0], t[1] - lr * g[1]];
      if (!(Number.isFinite(t[0]) && Number.isFinite(t[1]))) {
        return { path: path, overflow: true };
      }
      path.push(t);
    }
    return { path: path, overflow: false };
  }

  const fmt = (v) => number(v, 4); // 4 decimals, or 3.603 × 10⁻³⁹, or "overflow"

  function inside(t) {
    return t[0] >= BOX.t1[0] && t[0] <= BOX.t1[1] && t[1] >= BOX.t2[0] && t[1] <= BOX.t2[1];
  }

  // The part of the segment p → q inside BOX (Liang–Barsky), or null.
  function clipSegment(p, q) {
    let lo = 0;
    let hi = 1;
    const d = [q[0] - p[0], q[1] - p[1]];
    const tests = [
      [-d[0], p[0] - BOX.t1[0]], [d[0], BOX.t1[1] - p[0]],
      [-d[1], p[1] - BOX.t2[0]], [d[1], BOX.t2[1] - p[1]],
    ];
    for (const [num, room] of tests) {
      if (num === 0) {
        if (room < 0) {
          return null;
        }
      } else {
        const r = room / num;
        if (num < 0) {
          lo = Math.max(lo, r);
        } else {
          hi = Math.min(hi, r);
        }
      }
    }
    if (lo > hi) {
      return null;
    }
    return [[p[0] + lo * d[0], p[1] + lo * d[1]], [p[0] + hi * d[0], p[1] + hi * d[1]]];
  }

  function build(element) {
    const id = nextId("nbw-gd");
    const lr0 = Number(element.dataset.lr ?? 0.1);
    const start0 = (element.dataset.start ?? "-2,1").split(",").map(Number);
    let steps = Number(element.dataset.steps ?? 10);

    // Controls.
    const controls = el("div", { class: "nbw-controls" });
    const lrBox = el("div", { class: "nbw-control" });
    const lrSelect = el("select", { id: `${id}-lr`, class: "nbw-gd-lr" });
    for (const rate of RATES) {
      const option = el("option", { value: String(rate) }, String(rate));
      option.selected = rate === lr0;
      lrSelect.append(option);
    }
    lrBox.append(el("label", { for: `${id}-lr` }, "learning rate η"), lrSelect);
    controls.append(lrBox);
    const startSlider = (name, label, range, value) => slider(controls, {
      id: id, prefix: "nbw-gd", name: name, label: label, min: range[0] + 0.5,
      max: range[1] - 0.5, step: 0.1, value: value,
    });
    const s1 = startSlider("start1", "start θ₁", BOX.t1, start0[0]);
    const s2 = startSlider("start2", "start θ₂", BOX.t2, start0[1]);
    const buttons = el("div", { class: "nbw-control nbw-buttons" });
    const stepButton = el("button", { type: "button", class: "nbw-gd-step" }, "Step");
    const runButton = el("button", { type: "button", class: "nbw-gd-run" }, "Run");
    const resetButton = el("button", { type: "button", class: "nbw-gd-reset" }, "Reset");
    buttons.append(stepButton, runButton, resetButton);
    controls.append(buttons);

    // The map of the bowl: θ₁ across, θ₂ up, the same scale on both axes.
    const unit = 70;
    const mLeft = 50;
    const mTop = 10;
    const mBottom = 38;
    const mRight = 12;
    const MW = mLeft + unit * (BOX.t1[1] - BOX.t1[0]) + mRight;
    const MH = mTop + unit * (BOX.t2[1] - BOX.t2[0]) + mBottom;
    const PX = (t1) => mLeft + (t1 - BOX.t1[0]) * unit;
    const PY = (t2) => mTop + (BOX.t2[1] - t2) * unit;
    const map = svgEl("svg", { viewBox: `0 0 ${MW} ${MH}`, role: "img", class: "nbw-plot nbw-gd-map" });
    const clip = svgEl("clipPath", { id: `${id}-clip` });
    clip.append(svgEl("rect", {
      x: PX(BOX.t1[0]), y: PY(BOX.t2[1]), width: PX(BOX.t1[1]) - PX(BOX.t1[0]),
      height: PY(BOX.t2[0]) - PY(BOX.t2[1]),
    }));
    const defs = svgEl("defs");
    defs.append(clip);
    const axes = svgEl("g", { class: "nbw-axes" });
    axes.append(svgEl("rect", {
      x: PX(BOX.t1[0]), y: PY(BOX.t2[1]), width: PX(BOX.t1[1]) - PX(BOX.t1[0]),
      height: PY(BOX.t2[0]) - PY(BOX.t2[1]), class: "nbw-frame",
    }));
    for (let v = BOX.t1[0]; v <= BOX.t1[1]; v++) {
      axes.append(svgEl("line", { x1: PX(v), x2: PX(v), y1: PY(BOX.t2[0]), y2: PY(BOX.t2[0]) + 5 }));
      axes.append(svgEl("text", { x: PX(v), y: PY(BOX.t2[0]) + 18, "text-anchor": "middle" }, String(v)));
    }
    for (let v = BOX.t2[0]; v <= BOX.t2[1]; v++) {
      axes.append(svgEl("line", { x1: PX(BOX.t1[0]) - 5, x2: PX(BOX.t1[0]), y1: PY(v), y2: PY(v) }));
      axes.append(svgEl("text", { x: PX(BOX.t1[0]) - 8, y: PY(v) + 4, "text-anchor": "end" }, String(v)));
    }
    axes.append(svgEl("text", { x: (PX(BOX.t1[0]) + PX(BOX.t1[1])) / 2, y: MH - 4, "text-anchor": "middle" }, "θ₁"));
    axes.append(svgEl("text", { x: 13, y: PY(0) + 5, "text-anchor": "middle" }, "θ₂"));
    const contours = svgEl("g", { class: "nbw-gd-contours", "clip-path": `url(#${id}-clip)` });
    for (const level of LEVELS) {
      const a = Math.sqrt(level); // semi-axes: θ₁ = √L, θ₂ = √L / 2
      contours.append(svgEl("ellipse", { cx: PX(0), cy: PY(0), rx: a * unit, ry: (a / 2) * unit }));
      const at = [a * Math.cos(Math.PI / 3), (a / 2) * Math.sin(Math.PI / 3)];
      if (inside(at)) {
        contours.append(svgEl("text", { x: PX(at[0]) + 3, y: PY(at[1]) - 3, class: "nbw-gd-level" }, `C = ${level}`));
      }
    }
    const minimum = svgEl("path", {
      class: "nbw-gd-min",
      d: `M ${PX(0)} ${PY(0) - 7} L ${PX(0) + 2} ${PY(0) - 2} L ${PX(0) + 7} ${PY(0) - 2} `
        + `L ${PX(0) + 3} ${PY(0) + 1.5} L ${PX(0) + 4.5} ${PY(0) + 7} L ${PX(0)} ${PY(0) + 4} `
        + `L ${PX(0) - 4.5} ${PY(0) + 7} L ${PX(0) - 3} ${PY(0) + 1.5} L ${PX(0) - 7} ${PY(0) - 2} `
        + `L ${PX(0) - 2} ${PY(0) - 2} Z`,
    });
    const trail = svgEl("g", { class: "nbw-gd-path", "clip-path": `url(#${id}-clip)` });
    const exitMark = svgEl("g", { class: "nbw-gd-path" }); // not clipped: on the border
    map.append(defs, axes, contours, minimum, trail, exitMark);

    // The cost against the step number, on a log scale.
    const CW = 300;
    const CH = MH;
    const cLeft = 62;
    const cRight = 10;
    const cTop = 10;
    const cBottom = 38;
    const chart = svgEl("svg", { viewBox: `0 0 ${CW} ${CH}`, role: "img", class: "nbw-plot nbw-gd-chart" });
    const chartAxes = svgEl("g", { class: "nbw-axes" });
    const chartLine = svgEl("g", { class: "nbw-gd-path" });
    chart.append(chartAxes, chartLine);

    // The numbers, as text.
    const current = el("p", { class: "nbw-readout nbw-gd-current" });
    const status = el("p", { class: "nbw-readout nbw-gd-status", role: "status" });
    const table = el("table", { class: "nbw-gd-table" });
    table.append(el("caption", {}, "The last steps"));
    const head = el("tr");
    for (const name of ["step t", "θ₁", "θ₂", "cost C"]) {
      head.append(el("th", { scope: "col" }, name));
    }
    const thead = el("thead");
    thead.append(head);
    const tbody = el("tbody");
    table.append(thead, tbody);

    const key = el("p", { class: "nbw-key" },
      "Map: the ellipses are contour lines of the cost; the ring is the start, the dot with "
      + "an outline the current point, the star the minimum. Where the path leaves the map, a "
      + "dashed ring marks the border crossing. Chart: the cost of each step.");
    const figures = el("div", { class: "nbw-gd-figures" });
    figures.append(map, chart);

    function settings() {
      return {
        lr: Number(lrSelect.value),
        start: [Number(s1.input.value), Number(s2.input.value)],
      };
    }

    function drawMap(path) {
      trail.replaceChildren();
      exitMark.replaceChildren();
      let leftAt = null;
      const line = [];
      for (let i = 0; i < path.length; i++) {
        if (!inside(path[i])) {
          leftAt = i;
          if (i > 0) {
            const part = clipSegment(path[i - 1], path[i]);
            if (part) {
              line.push(part[1]);
            }
          }
          break; // stop drawing at the first point outside the picture
        }
        line.push(path[i]);
      }
      trail.append(svgEl("polyline", {
        points: line.map((p) => `${PX(p[0])},${PY(p[1])}`).join(" "), class: "nbw-gd-line",
      }));
      const shown = leftAt === null ? path.length : leftAt;
      for (let i = 0; i < shown; i++) {
        trail.append(svgEl("circle", {
          cx: PX(path[i][0]), cy: PY(path[i][1]), r: i === shown - 1 ? 5 : 3,
          class: i === 0 ? "nbw-gd-start" : (i === shown - 1 ? "nbw-gd-last" : ""),
        }));
      }
      if (leftAt !== null && line.length > 0) {
        const exit = line[line.length - 1];
        exitMark.append(svgEl("circle", { cx: PX(exit[0]), cy: PY(exit[1]), r: 6, class: "nbw-gd-exit" }));
      }
      return leftAt;
    }

    function drawChart(costs) {
      chartAxes.replaceChildren();
      chartLine.replaceChildren();
      const floor = 1e-16; // a cost of exactly 0 is drawn at the bottom
      const logs = costs.map((c) => Math.log10(Math.min(Math.max(c, floor), Number.MAX_VALUE)));
      let lo = Math.floor(Math.min(...logs));
      let hi = Math.ceil(Math.max(...logs));
      if (hi - lo < 2) {
        lo = hi - 2;
      }
      const tmax = Math.max(10, costs.length - 1);
      const X = (t) => cLeft + (t / tmax) * (CW - cLeft - cRight);
      const Y = (v) => cTop + ((hi - v) / (hi - lo)) * (CH - cTop - cBottom);
      chartAxes.append(svgEl("rect", {
        x: cLeft, y: cTop, width: CW - cLeft - cRight, height: CH - cTop - cBottom, class: "nbw-frame",
      }));
      const every = Math.max(1, Math.ceil((hi - lo) / 6));
      for (let k = lo; k <= hi; k += every) {
        chartAxes.append(svgEl("line", { x1: cLeft - 5, x2: cLeft, y1: Y(k), y2: Y(k) }));
        chartAxes.append(svgEl("text", { x: cLeft - 8, y: Y(k) + 4, "text-anchor": "end" }, power10(k)));
      }
      const tstep = tmax <= 20 ? 5 : (tmax <= 100 ? 20 : 200);
      for (let t = 0; t <= tmax; t += tstep) {
        chartAxes.append(svgEl("line", { x1: X(t), x2: X(t), y1: CH - cBottom, y2: CH - cBottom + 5 }));
        chartAxes.append(svgEl("text", { x: X(t), y: CH - cBottom + 18, "text-anchor": "middle" }, String(t)));
      }
      axisTitles(chartAxes, { x: "step t", y: "cost C (log scale)", left: cLeft,
        right: CW - cRight, top: cTop, bottom: CH - cBottom, xAt: CH - 4, yAt: 12 });
      chartLine.append(svgEl("polyline", {
        points: logs.map((v, t) => `${X(t)},${Y(v)}`).join(" "), class: "nbw-gd-line",
      }));
      if (costs.length <= 120) {
        logs.forEach((v, t) => chartLine.append(svgEl("circle", { cx: X(t), cy: Y(v), r: 2.5 })));
      }
    }

    function update() {
      const { lr, start } = settings();
      s1.out.textContent = show(start[0], 1);
      s2.out.textContent = show(start[1], 1);
      const run = descend(start, lr, steps);
      const path = run.path;
      const costs = path.map(cost);
      const t = path.length - 1;
      const leftAt = drawMap(path);
      drawChart(costs);

      const last = path[t];
      current.replaceChildren(
        el("span", {}, `Step ${t}: θ = (`),
        el("output", { class: "nbw-gd-theta1", "data-value": String(last[0]) }, fmt(last[0])),
        el("span", {}, ", "),
        el("output", { class: "nbw-gd-theta2", "data-value": String(last[1]) }, fmt(last[1])),
        el("span", {}, "), cost C = "),
        el("output", { class: "nbw-gd-cost", "data-value": String(costs[t]) }, fmt(costs[t])),
        el("span", {}, "."),
      );
      current.dataset.step = String(t);

      let state;
      let message;
      if (run.overflow) {
        state = "overflow";
        message = `Diverged: step ${t + 1} would overflow (θ beyond the largest float64), so the walk stops.`;
      } else if (t === 0) {
        state = "start";
        message = "At the start: press Step or Run.";
      } else if (!Number.isFinite(costs[t])) {
        state = "diverging";
        message = "Diverging: the cost is beyond the largest float64.";
      } else if (costs[t] > costs[t - 1]) {
        state = "diverging";
        message = "Diverging: the cost rose at the last step.";
      } else if (costs[t] < costs[t - 1]) {
        state = "falling";
        message = "The cost fell at the last step.";
      } else {
        state = "stuck";
        message = "The cost did not change at the last step.";
      }
      if (leftAt !== null) {
        message += ` The path left the picture at step ${leftAt}: later points are not drawn.`;
      }
      status.dataset.state = state;
      status.textContent = message;

      tbody.replaceChildren();
      for (let i = Math.max(0, t - TABLE_ROWS + 1); i <= t; i++) {
        const row = el("tr", { "data-step": String(i) });
        row.append(el("td", {}, String(i)));
        for (const [v, cls] of [[path[i][0], "theta1"], [path[i][1], "theta2"], [costs[i], "cost"]]) {
          row.append(el("td", { class: `nbw-gd-${cls}`, "data-value": String(v) }, fmt(v)));
        }
        tbody.append(row);
      }

      const where = leftAt === null ? "" : `, leaving the picture at step ${leftAt}`;
      map.setAttribute("aria-label",
        `Contour map of the cost θ₁² + 4θ₂²: ellipses around the minimum at (0, 0). The path of `
        + `${t} steps with learning rate ${lr} from (${show(start[0], 1)}, ${show(start[1], 1)})`
        + `${where}; last point (${fmt(last[0])}, ${fmt(last[1])}).`);
      chart.setAttribute("aria-label",
        `Cost against the step number, log scale, steps 0 to ${t}: from ${fmt(costs[0])} `
        + `to ${fmt(costs[t])}.`);
      stepButton.disabled = run.overflow || t >= MAX_STEPS;
      return { t: t, state: state, leftAt: leftAt, cost: costs[t], overflow: run.overflow };
    }

    const runner = player(runButton, element, 200, () => {
      steps += 1;
      const now = update();
      return !(now.overflow || now.leftAt !== null || now.t >= RUN_TO || now.cost < 1e-10);
    }, ["Run", "Pause"]);
    const stop = runner.stop;

    stepButton.addEventListener("click", () => {
      stop();
      steps = Math.min(descend(settings().start, settings().lr, steps).path.length, MAX_STEPS);
      update();
    });
    runButton.addEventListener("click", () => {
      if (runner.playing()) {
        stop();
        return;
      }
      const now = update();
      if (now.overflow || now.leftAt !== null || now.t >= RUN_TO) {
        steps = 0; // start again from the start
        update();
      }
      runner.start();
    });
    resetButton.addEventListener("click", () => {
      stop();
      steps = 0;
      update();
    });
    for (const input of [lrSelect, s1.input, s2.input]) {
      input.addEventListener("input", update);
      input.addEventListener("change", update);
    }

    element.classList.add("nbw-gd-explorer");
    element.replaceChildren(controls, figures, key, current, status, table);
    update();
  }

  window.nnbookWidgets = window.nnbookWidgets || {};
  window.nnbookWidgets["gd-explorer"] = build;
})();
