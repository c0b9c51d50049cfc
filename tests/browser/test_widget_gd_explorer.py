"""The gd-explorer widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The widget runs θ ← θ − η ∇C(θ) on the bowl C(θ) = θ₁² + 4θ₂² in JavaScript; the tests
set the learning rate and the start, take steps, and compare the steps it lists (θ and C)
with ``nnbook.gradient_descent`` to the displayed precision, for converging, bouncing and
diverging learning rates, up to the overflow of float64.
"""

import numpy as np
import pytest

import nnbook

from .widgets import drag, shown_code_prints, shows, widget_page

NAME = "gd-explorer"
PAGE = widget_page(NAME)
WIDGET = f".nb-widget[data-widget='{NAME}']"
READY = f"{WIDGET} .nbw-gd-table tbody tr"
PLAY = "button.nbw-gd-run"  # a button that starts a timer

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


def grad(theta):
    return np.array([2 * theta[0], 8 * theta[1]])


def cost(theta):
    with np.errstate(over="ignore"):  # the cost overflows before θ does
        return theta[0] ** 2 + 4 * theta[1] ** 2




def settle(widget, lr, start):
    """Choose the learning rate and the start, and go back to step 0."""
    widget.locator("select.nbw-gd-lr").select_option(str(lr))
    widget.locator("input.nbw-gd-start1").fill(str(start[0]))
    widget.locator("input.nbw-gd-start2").fill(str(start[1]))
    widget.locator("button.nbw-gd-reset").click()
    used = (float(widget.locator("input.nbw-gd-start1").input_value()),
            float(widget.locator("input.nbw-gd-start2").input_value()))
    assert used == tuple(start)
    assert widget.locator(".nbw-gd-current").get_attribute("data-step") == "0"


def table(widget):
    """The rows of the table: step, then (text, data-value) of θ₁, θ₂, C."""
    rows = []
    for row in widget.locator(".nbw-gd-table tbody tr").all():
        cells = [(row.locator(f"td.nbw-gd-{c}").inner_text(),
                  float(row.locator(f"td.nbw-gd-{c}").get_attribute("data-value")))
                 for c in ("theta1", "theta2", "cost")]
        rows.append((int(row.get_attribute("data-step")), cells))
    return rows


def check_against_nnbook(widget, lr, start, steps):
    """The widget's listed steps, its current step and its state, against nnbook."""
    path = nnbook.gradient_descent(grad, np.array(start, dtype=float), lr=lr, steps=steps)
    costs = [cost(p) for p in path]
    rows = table(widget)
    t = len(path) - 1
    assert [r[0] for r in rows] == list(range(max(0, t - 5), t + 1))
    for step, cells in rows:
        expected = [path[step][0], path[step][1], costs[step]]
        for (text, value), want in zip(cells, expected):
            assert shows(text, want, powers=True), (lr, start, step, text, want)
            if np.isfinite(want):
                assert value == pytest.approx(want, rel=1e-12, abs=1e-300)
    current = widget.locator(".nbw-gd-current")
    assert current.get_attribute("data-step") == str(t)
    for cls, want in [("theta1", path[t][0]), ("theta2", path[t][1]), ("cost", costs[t])]:
        assert shows(current.locator(f".nbw-gd-{cls}").inner_text(), want, powers=True)
    text = widget.inner_text()
    assert "NaN" not in text and "Infinity" not in text and "undefined" not in text
    return path, costs


def check(widget):
    """The widget's steps for its own settings, and its sliders' values, against nnbook."""
    lr = float(widget.locator("select.nbw-gd-lr").input_value())
    start = [float(widget.locator(f"input.nbw-gd-start{k}").input_value()) for k in (1, 2)]
    for k in (1, 2):
        assert shows(widget.locator(f".nbw-gd-start{k}-value").inner_text(), start[k - 1], 1)
    steps = int(widget.locator(".nbw-gd-current").get_attribute("data-step"))
    check_against_nnbook(widget, lr, start, steps)


def interact(widget):
    """A state worth a picture: the diverging run, stepped until it leaves the map."""
    settle(widget, 0.26, (-2, 1))
    while "left the picture" not in widget.locator(".nbw-gd-status").inner_text():
        widget.locator("button.nbw-gd-step").click()


def state_from(path, costs, steps):
    if len(path) < steps + 1:
        return "overflow"
    if len(path) == 1:
        return "start"
    if not np.isfinite(costs[-1]) or costs[-1] > costs[-2]:
        return "diverging"
    return "falling" if costs[-1] < costs[-2] else "stuck"


def drawn_points_inside(widget):
    """Every dot of the map lies inside the frame of the map."""
    return widget.locator(".nbw-gd-map").evaluate("""svg => {
        const f = svg.querySelector('.nbw-frame');
        const x0 = +f.getAttribute('x'), y0 = +f.getAttribute('y');
        const x1 = x0 + +f.getAttribute('width'), y1 = y0 + +f.getAttribute('height');
        return [...svg.querySelectorAll('.nbw-gd-path circle')].every(c => {
            const x = +c.getAttribute('cx'), y = +c.getAttribute('cy');
            return Number.isFinite(x) && Number.isFinite(y)
                && x >= x0 - 1e-6 && x <= x1 + 1e-6 && y >= y0 - 1e-6 && y <= y1 + 1e-6;
        });
    }""")


BOX = ((-3, 3), (-2, 2))  # the map: θ₁ across, θ₂ up


def inside(point):
    return all(lo <= v <= hi for v, (lo, hi) in zip(point, BOX))


@pytest.mark.parametrize("lr, start, steps", [
    (0.1, (-2, 1), 10), (0.01, (2.5, -1.5), 4), (0.24, (1.3, 0.7), 30), (0.25, (0, 1), 4),
    (0.26, (-2, 1), 25), (0.5, (1, 1.5), 3), (0.5, (1, 1.5), 700), (0.1, (-2, 1), 0),
    (0.2, (0, 0), 3),
])
def test_model_against_nnbook(models, lr, start, steps):
    """The model's path and costs are nnbook.gradient_descent's (which stops at the first
    non-finite point too); its state, the part drawn on the map and when Step and Run
    stop follow from them."""
    view = models(NAME, {"lr": lr, "start": list(start), "steps": steps})
    # Playwright gives a whole number as an int, which may have 300 digits here.
    view["path"], view["costs"] = (np.array(view[k], dtype=float) for k in ("path", "costs"))
    path = nnbook.gradient_descent(grad, np.array(start, dtype=float), lr=lr, steps=steps)
    costs = [cost(p) for p in path]
    np.testing.assert_allclose(view["path"], path, rtol=1e-12, atol=1e-300)
    np.testing.assert_allclose(view["costs"], costs, rtol=1e-12, atol=1e-300)
    t = len(path) - 1
    assert view["t"] == t and view["overflow"] == (t < steps)
    assert view["state"] == state_from(path, costs, steps)
    outside = [i for i, p in enumerate(path) if not inside(p)]
    assert view["leftAt"] == (outside[0] if outside else None)
    shown = path[:outside[0]] if outside else path
    np.testing.assert_array_equal(view["trail"][:len(shown)], shown)
    assert all(inside(p) for p in view["trail"])
    if outside and outside[0] > 0:  # the last point drawn: where the path crosses the border
        exit = view["exit"]
        assert exit == view["trail"][-1] and len(view["trail"]) == len(shown) + 1
        assert any(v in (lo, hi) for v, (lo, hi) in zip(exit, BOX))
    else:
        assert view["exit"] is None and len(view["trail"]) == len(shown)
    assert view["canStep"] == (t == steps and t < 1000)
    assert view["next"] == min(t + 1, 1000)
    assert view["ended"] == (t < steps or bool(outside) or t >= 60)


def test_default_state(fresh_page):
    widget = fresh_page.locator(WIDGET)
    assert widget.locator("select.nbw-gd-lr").input_value() == "0.1"
    path, costs = check_against_nnbook(widget, 0.1, (-2.0, 1.0), 10)
    assert widget.locator(".nbw-gd-status").get_attribute("data-state") == "falling"
    assert widget.locator(".nbw-gd-map .nbw-gd-path circle").count() == 11
    assert widget.locator(".nbw-gd-contours ellipse").count() == 5
    label = widget.locator(".nbw-gd-map").get_attribute("aria-label")
    assert "10 steps with learning rate 0.1 from (\u22122.0, 1.0)" in label
    assert drawn_points_inside(widget)
    # The map's ticks read with a true minus, as every number of the kit.
    ticks = widget.locator(".nbw-gd-map .nbw-tick").all_text_contents()
    assert ticks == ["\u22123", "\u22122", "\u22121", "0", "1", "2", "3",
                     "\u22122", "\u22121", "0", "1", "2"]
    # After interaction: the learning rate 0.24 zigzags but converges.
    settle(widget, 0.24, (-2.5, 1.5))
    for _ in range(12):
        widget.locator("button.nbw-gd-step").click()
    check_against_nnbook(widget, 0.24, (-2.5, 1.5), 12)


@pytest.mark.parametrize("lr, start, steps", [
    (0.1, (-2, 1), 5),       # the chapter's good run
    (0.01, (2.5, -1.5), 4),  # too small: crawls
    (0.24, (1.3, 0.7), 5),   # zigzags, converges
    (0.25, (0, 1), 4),       # θ₂ factor exactly −1: bounces, the cost is stuck
    (0.26, (-2, 1), 5),      # the chapter's diverging run
    (0.5, (1, 1.5), 3),      # diverges fast: leaves the picture at step 1
])
def test_steps_match_nnbook(page, lr, start, steps):
    widget = page.locator(WIDGET)
    settle(widget, lr, start)
    for _ in range(steps):
        widget.locator("button.nbw-gd-step").click()
    path, costs = check_against_nnbook(widget, lr, start, steps)
    state = widget.locator(".nbw-gd-status").get_attribute("data-state")
    assert state == state_from(path, costs, steps)
    leaves = [i for i, p in enumerate(path) if abs(p[0]) > 3 or abs(p[1]) > 2]
    status = widget.locator(".nbw-gd-status").inner_text()
    if leaves:
        assert f"left the picture at step {leaves[0]}" in status
    else:
        assert "left the picture" not in status
    assert drawn_points_inside(widget)
    if lr >= 0.26:
        assert state == "diverging" and status.startswith("Diverging")
    assert page.errors == []


@pytest.mark.parametrize("lr", [0.24, 0.25, 0.26])
def test_a_try_it_link_sets_the_run_of_its_sentence(page, lr):
    """The prose's links "With 0.24", "With 0.25", "With 0.26": from another setting, a
    click sets the rate and the start (−2, 1), brings the explorer into view with the
    keyboard on its rate, and the explorer shows nnbook's steps of that run."""
    widget = page.locator(WIDGET)
    settle(widget, 0.01, (1.5, -0.5))
    for _ in range(4):
        widget.locator("button.nbw-gd-step").click()
    page.evaluate("window.scrollTo(0, 0)")
    link = page.locator(f"a.nb-try[data-try^='lr={lr} ']")
    assert link.inner_text() == f"With {lr}"
    link.click()
    assert widget.locator("select.nbw-gd-lr").input_value() == str(lr)
    assert page.evaluate("document.activeElement.dataset.key") == "lr"
    box, height = widget.bounding_box(), page.viewport_size["height"]
    assert box["y"] < height and box["y"] + box["height"] > 0  # in view
    path, costs = check_against_nnbook(widget, lr, (-2.0, 1.0), 4)  # the steps taken
    state = widget.locator(".nbw-gd-status").get_attribute("data-state")
    assert state == state_from(path, costs, 4)
    assert (state == "diverging") == (lr == 0.26)
    assert page.errors == []


def test_run_diverges_without_breaking(page):
    widget = page.locator(WIDGET)
    settle(widget, 0.26, (-2, 1))
    widget.locator("button.nbw-gd-run").click()
    assert widget.locator("button.nbw-gd-run").inner_text() == "Pause"
    # Run stops by itself when the path leaves the picture.
    page.wait_for_function(
        f"() => document.querySelector(\"{WIDGET} .nbw-gd-run\").textContent === 'Run'",
        timeout=20000)
    steps = int(widget.locator(".nbw-gd-current").get_attribute("data-step"))
    path, costs = check_against_nnbook(widget, 0.26, (-2, 1), steps)
    assert abs(path[-1][1]) > 2 >= abs(path[-2][1])  # stopped at the first point outside
    assert widget.locator(".nbw-gd-status").get_attribute("data-state") == "diverging"
    assert f"left the picture at step {steps}" in widget.locator(".nbw-gd-status").inner_text()
    assert drawn_points_inside(widget)
    # Run again: it starts from the start, not from where it stopped.
    widget.locator("button.nbw-gd-run").click()
    widget.locator("button.nbw-gd-run").click()
    assert int(widget.locator(".nbw-gd-current").get_attribute("data-step")) < steps


def test_overflow_stops_like_nnbook(page):
    widget = page.locator(WIDGET)
    settle(widget, 0.5, (1, 1.5))
    # θ₂ is multiplied by −3 at every step: float64 overflows after some 650 steps.
    widget.locator("button.nbw-gd-step").evaluate(
        "b => { for (let i = 0; i < 700 && !b.disabled; i++) b.click(); }")
    path, costs = check_against_nnbook(widget, 0.5, (1, 1.5), 700)
    assert len(path) < 701  # nnbook stopped early too, at the same step
    assert widget.locator(".nbw-gd-status").get_attribute("data-state") == "overflow"
    assert widget.locator("button.nbw-gd-step").is_disabled()
    assert widget.locator(".nbw-gd-cost").first.inner_text() == "overflow"
    assert drawn_points_inside(widget)
    # Reset brings it back.
    widget.locator("button.nbw-gd-reset").click()
    assert widget.locator(".nbw-gd-current").get_attribute("data-step") == "0"
    assert widget.locator("button.nbw-gd-step").is_enabled()
    assert page.errors == []


def test_dragging_the_start(page):
    """The start, dragged to (1, −1) on the map, moves the start sliders there; the steps
    from it are nnbook's."""
    widget = page.locator(WIDGET)
    settle(widget, 0.1, (-2, 1))
    picture = widget.locator("svg.nbw-gd-map")
    unit, left, bottom = 70, 50, 10 + 70 * 4  # the map's scale and frame
    drag(page, picture, widget.locator(".nbw-gd-grip"), left + (1 + 3) * unit,
         bottom - (-1 + 2) * unit)
    assert [float(widget.locator(f"input.nbw-gd-start{k}").input_value()) for k in (1, 2)] \
        == [1, -1]
    widget.locator("button.nbw-gd-step").click()
    check(widget)


@pytest.mark.parametrize("lr, start, steps", [
    (0.1, (-2, 1), 10),     # the chapter's run
    (0.25, (0.7, -1.3), 7),  # bounces
    (0.5, (1, 1.5), 40),    # diverges to the overflow of float64
])
def test_show_as_code_gives_the_program_of_the_run(page, lr, start, steps):
    """"Show as code" opens the nnbook program of what the explorer shows; run in
    Python, it prints the table's steps: the same step numbers, the same θ and C."""
    widget = page.locator(WIDGET)
    settle(widget, lr, start)
    for _ in range(steps):
        if widget.locator("button.nbw-gd-step").is_disabled():
            break  # the overflow: no step further
        widget.locator("button.nbw-gd-step").click()
    lines = shown_code_prints(widget, "nbw-gd")
    rows = table(widget)
    assert [int(line[0]) for line in lines] == [step for step, _ in rows]
    for line, (step, cells) in zip(lines, rows):
        assert [float(x) for x in line[1:]] == [value for _, value in cells], step
    assert page.errors == []
