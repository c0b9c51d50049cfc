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
//
// model(settings) -> view is gd-explorer/model.js's.

import { axes, axisTitles, chart, clipArea, codeView, controls, dragHandle, html as el,
  nextId, number, player, power10, range, setSlider, show, svg as svgEl, table } from "./common.js";
import { asCode, BOX, inside, model, TABLE_ROWS } from "./gd-explorer/model.js";

const UNIT = 70; // SVG units per unit of θ on the map
const RATES = [0.01, 0.05, 0.1, 0.2, 0.24, 0.25, 0.26, 0.3, 0.5];
const LEVELS = [0.25, 1, 4, 9, 16];

// ---- The widget on the page ------------------------------------------------------------

// The map of the bowl: θ₁ across, θ₂ up, the same scale on both axes, with its contour
// lines and its minimum; draw(view, start) draws a view's path and places the start's
// grip. Gives { node, grip, m (its chart), draw }.
function bowlMap(id) {
  const margin = { left: 50, right: 12, top: 10, bottom: 38 };
  const m = chart(margin.left + UNIT * (BOX.t1[1] - BOX.t1[0]) + margin.right,
    margin.top + UNIT * (BOX.t2[1] - BOX.t2[0]) + margin.bottom, margin, BOX.t1, BOX.t2);
  const PX = m.X;
  const PY = m.Y;
  const map = svgEl("svg", { viewBox: `0 0 ${m.width} ${m.height}`, role: "img",
    class: "nbw-plot nbw-gd-map" });
  const clip = clipArea(map, m, `${id}-clip`);
  const frame = svgEl("g", { class: "nbw-axes" }, map);
  axes(frame, m, { x: range(...BOX.t1, 1), y: range(...BOX.t2, 1) });
  svgEl("text", { x: (m.left + m.right) / 2, y: m.height - 4, "text-anchor": "middle" },
    frame).textContent = "θ₁";
  svgEl("text", { x: 13, y: PY(0) + 5, "text-anchor": "middle" }, frame).textContent = "θ₂";
  const contours = svgEl("g", { class: "nbw-gd-contours", "clip-path": clip });
  for (const level of LEVELS) {
    const a = Math.sqrt(level); // semi-axes: θ₁ = √L, θ₂ = √L / 2
    svgEl("ellipse", { cx: PX(0), cy: PY(0), rx: a * UNIT, ry: (a / 2) * UNIT }, contours);
    const at = [a * Math.cos(Math.PI / 3), (a / 2) * Math.sin(Math.PI / 3)];
    if (inside(at)) {
      svgEl("text", { x: PX(at[0]) + 3, y: PY(at[1]) - 3, class: "nbw-gd-level" }, contours)
        .textContent = `C = ${level}`;
    }
  }
  const minimum = svgEl("path", {
    class: "nbw-gd-min",
    d: `M ${PX(0)} ${PY(0) - 7} L ${PX(0) + 2} ${PY(0) - 2} L ${PX(0) + 7} ${PY(0) - 2} `
      + `L ${PX(0) + 3} ${PY(0) + 1.5} L ${PX(0) + 4.5} ${PY(0) + 7} L ${PX(0)} ${PY(0) + 4} `
      + `L ${PX(0) - 4.5} ${PY(0) + 7} L ${PX(0) - 3} ${PY(0) + 1.5} L ${PX(0) - 7} ${PY(0) - 2} `
      + `L ${PX(0) - 2} ${PY(0) - 2} Z`,
  });
  const trail = svgEl("g", { class: "nbw-gd-path", "clip-path": clip });
  const exitMark = svgEl("g", { class: "nbw-gd-path" }); // not clipped: on the border
  // The start, dragged to a new place (the start sliders move with it).
  const grip = svgEl("circle", { r: 14, class: "nbw-gd-grip" });
  map.append(contours, minimum, trail, exitMark, grip);
  function draw({ path, trail: line, leftAt, exit }, start) {
    trail.replaceChildren();
    exitMark.replaceChildren();
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
    if (exit !== null) {
      svgEl("circle", { cx: PX(exit[0]), cy: PY(exit[1]), r: 6, class: "nbw-gd-exit" }, exitMark);
    }
    grip.setAttribute("cx", PX(start[0]));
    grip.setAttribute("cy", PY(start[1]));
  }

  return { node: map, grip, m, draw };
}

// The cost against the step number, on a log scale: draw(costs). Gives { node, draw }.
function costLogChart(height) {
  const costChart = (ts, logs) => chart(300, height,
    { left: 62, right: 10, top: 10, bottom: 38 }, ts, logs);
  const chartView = svgEl("svg", { viewBox: `0 0 300 ${height}`, role: "img",
    class: "nbw-plot nbw-gd-chart" });
  const chartAxes = svgEl("g", { class: "nbw-axes" });
  const chartLine = svgEl("g", { class: "nbw-gd-path" });
  chartView.append(chartAxes, chartLine);

  function draw(costs) {
    chartAxes.replaceChildren();
    chartLine.replaceChildren();
    const floor = 1e-16; // a cost of exactly 0 is drawn at the bottom
    const logs = costs.map((v) => Math.log10(Math.min(Math.max(v, floor), Number.MAX_VALUE)));
    let lo = Math.floor(Math.min(...logs));
    let hi = Math.ceil(Math.max(...logs));
    if (hi - lo < 2) {
      lo = hi - 2;
    }
    const tmax = Math.max(10, costs.length - 1);
    const c = costChart([0, tmax], [lo, hi]);
    const tstep = tmax <= 20 ? 5 : (tmax <= 100 ? 20 : 200);
    axes(chartAxes, c, { x: range(0, tmax, tstep),
      y: range(lo, hi, Math.max(1, Math.ceil((hi - lo) / 6))), yText: power10 });
    axisTitles(chartAxes, c, { x: "step t", y: "cost C (log scale)", xAt: c.height - 4,
      yAt: 12 });
    const { X, Y } = c;
    chartLine.append(svgEl("polyline", {
      points: logs.map((v, t) => `${X(t)},${Y(v)}`).join(" "), class: "nbw-gd-line",
    }));
    if (costs.length <= 120) {
      logs.forEach((v, t) => svgEl("circle", { cx: X(t), cy: Y(v), r: 2.5 }, chartLine));
    }
  }

  return { node: chartView, draw };
}

// What the status line says of a view: where the walk is, and whether the path left the map.
function statusOf({ t, costs, state, leftAt }) {
  let message = {
    overflow: `Diverged: step ${t + 1} would overflow (θ beyond the largest float64), so `
      + "the walk stops.",
    start: "At the start: press Step or Run.",
    diverging: Number.isFinite(costs[t]) ? "Diverging: the cost rose at the last step."
      : "Diverging: the cost is beyond the largest float64.",
    falling: "The cost fell at the last step.",
    stuck: "The cost did not change at the last step.",
  }[state];
  if (leftAt !== null) {
    message += ` The path left the picture at step ${leftAt}: later points are not drawn.`;
  }
  return message;
}

const fmt = (v) => number(v, 4); // 4 decimals, or 3.603 × 10⁻³⁹, or "overflow"

// The numbers, as text: the current point, the status, the last steps.
function readoutView() {
  return {
    current: el("p", { class: "nbw-readout nbw-gd-current" }),
    status: el("p", { class: "nbw-readout nbw-gd-status", role: "status" }),
    lastSteps: table({ cls: "nbw-gd-table", caption: "The last steps",
      head: ["step t", "θ₁", "θ₂", "cost C"] }),
  };
}

function drawReadout({ current, status, lastSteps }, view) {
  const { path, costs, t, state } = view;
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
  status.dataset.state = state;
  status.textContent = statusOf(view);

  lastSteps.body.replaceChildren();
  for (let i = Math.max(0, t - TABLE_ROWS + 1); i <= t; i++) {
    const row = el("tr", { "data-step": String(i) });
    row.append(el("td", {}, String(i)));
    for (const [v, cls] of [[path[i][0], "theta1"], [path[i][1], "theta2"],
      [costs[i], "cost"]]) {
      row.append(el("td", { class: `nbw-gd-${cls}`, "data-value": String(v) }, fmt(v)));
    }
    lastSteps.body.append(row);
  }
}

// What the map and the chart show, in words.
function mapLabel({ path, t, leftAt }, { lr, start }) {
  const where = leftAt === null ? "" : `, leaving the picture at step ${leftAt}`;
  return "Contour map of the cost θ₁² + 4θ₂²: ellipses around the minimum at (0, 0). The "
    + `path of ${t} steps with learning rate ${lr} from (${show(start[0], 1)}, `
    + `${show(start[1], 1)})${where}; last point (${fmt(path[t][0])}, ${fmt(path[t][1])}).`;
}

function chartLabel({ costs, t }) {
  return `Cost against the step number, log scale, steps 0 to ${t}: from ${fmt(costs[0])} `
    + `to ${fmt(costs[t])}.`;
}

function mount(element) {
  const id = nextId("nbw-gd");
  const lr0 = Number(element.dataset.lr ?? 0.1);
  const start0 = (element.dataset.start ?? "-2,1").split(",").map(Number);
  let steps = Number(element.dataset.steps ?? 10);

  const controlRow = el("div", { class: "nbw-controls" });
  const startSlider = (name, label, box, value) => ({ slider: name, label, min: box[0] + 0.5,
    max: box[1] - 0.5, step: 0.1, digits: 1, value });
  const { input } = controls(controlRow, { id, prefix: "nbw-gd", onInput: update, specs: [
    { select: "lr", label: "learning rate η", options: RATES.map((r) => [r, r]), value: lr0 },
    startSlider("start1", "start θ₁", BOX.t1, start0[0]),
    startSlider("start2", "start θ₂", BOX.t2, start0[1]),
    { buttons: [["step", "Step"], ["run", "Run"], ["reset", "Reset"]], on: {
      step: () => {
        runner.stop();
        steps = model(settings()).next;
        update();
      },
      reset: () => {
        runner.stop();
        steps = 0;
        update();
      },
    } },
  ] });

  const bowl = bowlMap(id);
  const { node: map, grip, m } = bowl;
  // The start's grip, dragged: the start sliders move with it.
  dragHandle(map, grip, (x, y) => {
    runner.stop();
    setSlider(input.start1, BOX.t1[0] + (x - m.left) / UNIT);
    setSlider(input.start2, BOX.t2[0] + (m.bottom - y) / UNIT);
  });

  const costChart = costLogChart(m.height);
  const readout = readoutView();
  const key = el("p", { class: "nbw-key" },
    "Map: the ellipses are contour lines of the cost; the ring is the start, the dot with "
    + "an outline the current point, the star the minimum. Where the path leaves the map, a "
    + "dashed ring marks the border crossing. Chart: the cost of each step.");
  const figures = el("div", { class: "nbw-gd-figures" });
  figures.append(map, costChart.node);
  const code = codeView("nbw-gd");

  function settings() {
    return {
      lr: Number(input.lr.value),
      start: [Number(input.start1.value), Number(input.start2.value)],
      steps,
    };
  }

  function update() {
    const view = model(settings());
    bowl.draw(view, settings().start);
    costChart.draw(view.costs);
    drawReadout(readout, view);
    map.setAttribute("aria-label", mapLabel(view, settings()));
    costChart.node.setAttribute("aria-label", chartLabel(view));
    input.step.disabled = !view.canStep;
    code.set(asCode(settings()));
    return view;
  }

  // Run stops by itself where more steps would show nothing new, or at the minimum, and
  // starts again from the start after such an end.
  const runner = player(input.run, element, 200, () => {
    steps += 1;
    const now = update();
    return !(now.ended || now.costs[now.t] < 1e-10);
  }, { labels: ["Run", "Pause"], rewind: () => {
    if (update().ended) {
      steps = 0;
      update();
    }
  } });

  element.replaceChildren(controlRow, figures, key, readout.current, readout.status,
    readout.lastSteps.table, code.node);
  update();
}

export { model, mount };
