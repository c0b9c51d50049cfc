// The line-fitter widget's model: the maths, plain numbers and arrays, and no page
// (the widget, ../line-fitter.js, draws its views; its tests compare them with nnbook).
//
// model({ points, m, b }) -> { yhat, sse, mse, best: { m, b, mse } }: yhat, the line's
// value at each point's x.

// "x1,y1;x2,y2;..." as [[x1, y1], [x2, y2], ...]; pairs that are not two numbers are left out.
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

function model({ points, m, b }) {
  const best = bestFit(points);
  best.mse = costs(points, best.m, best.b).mse;
  return Object.assign({ yhat: points.map(([x]) => m * x + b), best }, costs(points, m, b));
}

export { model, parsePoints };
