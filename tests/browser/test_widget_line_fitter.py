"""The line-fitter widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The widget computes, in JavaScript, the cost of the line ŷ = m x + b over the points of its
``data-points`` attribute and the least-squares line; the tests compare what it displays
with nnbook and numpy on the same points, to the displayed precision (4 decimals). The
points themselves are checked against the chapter's data (``default_rng(0)``, rounded to
4 decimals), so that the widget and the chapter cannot drift apart.
"""

import re

import numpy as np
import pytest

import nnbook

from .widgets import drag, shows, widget_page, widget_source

NAME = "line-fitter"
CHAPTER = widget_source("line-fitter")
PAGE = widget_page(NAME)
WIDGET = f".nb-widget[data-widget='{NAME}']"
READY = f"{WIDGET} .nbw-lf-mse"
PLAY = None  # no timer

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


def chapter_points():
    """The chapter's 25 students (hours, grade), rounded as the widget's points."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 8, size=25)
    y = 6 + 1.2 * x + rng.normal(0, 1.5, size=25)
    return np.round(x, 4), np.round(y, 4)


def parse_points(text):
    pairs = [p.split(",") for p in re.sub(r"\s+", "", text).split(";") if p]
    return np.array([[float(a), float(b)] for a, b in pairs])


def test_points_in_the_chapter_are_the_chapters_data():
    match = re.search(r'data-widget="line-fitter"[^>]*data-points="([^"]*)"',
                      CHAPTER.read_text(encoding="utf-8"))
    assert match, "no line-fitter div with data-points in the chapter"
    x, y = chapter_points()
    written = re.sub(r"\s+", "", match.group(1))
    assert written == ";".join(f"{a:.4f},{b:.4f}" for a, b in zip(x, y))


def least_squares(points):
    A = np.stack([points[:, 0], np.ones(len(points))], axis=1)
    return np.linalg.lstsq(A, points[:, 1], rcond=None)[0]


@pytest.mark.parametrize("data", ["chapter", "random"])
@pytest.mark.parametrize("m, b", [(0.5, 8), (1.36, 5.86), (-1, 16), (2.57, -3.21), (0, 0)])
def test_model_against_nnbook(models, data, m, b):
    """The model's line, costs and best line on the chapter's points and on random ones
    are nnbook's and numpy's least squares."""
    if data == "chapter":
        points = np.stack(chapter_points(), axis=1)
    else:
        points = np.random.default_rng(1).normal(0, 5, size=(7, 2))
    view = models(NAME, {"points": points.tolist(), "m": m, "b": b})
    x, y = points[:, 0], points[:, 1]
    np.testing.assert_array_equal(view["yhat"], m * x + b)
    assert view["mse"] == pytest.approx(nnbook.losses.mse(m * x + b, y), rel=1e-12)
    assert view["sse"] == pytest.approx(nnbook.losses.squared_error(m * x + b, y).sum(),
                                        rel=1e-12)
    m_best, b_best = least_squares(points)
    best = view["best"]
    assert (best["m"], best["b"]) == pytest.approx((m_best, b_best), rel=1e-10)
    assert best["mse"] == pytest.approx(nnbook.losses.mse(m_best * x + b_best, y), rel=1e-10)
    assert best["mse"] <= view["mse"]




def set_line(widget, m, b):
    widget.locator("input.nbw-lf-m").fill(str(m))
    widget.locator("input.nbw-lf-b").fill(str(b))


def shown(widget, cls):
    out = widget.locator(f".{cls}")
    return out.inner_text(), float(out.get_attribute("data-value"))


def check(widget):
    """The displayed slope, intercept, MSE and sum of squares against nnbook, on the
    widget's own points and its sliders' values; returns the MSE as shown."""
    m = float(widget.locator("input.nbw-lf-m").input_value())
    b = float(widget.locator("input.nbw-lf-b").input_value())
    assert shows(widget.locator(".nbw-lf-m-value").inner_text(), m, 2)
    assert shows(widget.locator(".nbw-lf-b-value").inner_text(), b, 2)
    points = parse_points(widget.get_attribute("data-points"))
    x, y = points[:, 0], points[:, 1]
    mse = nnbook.losses.mse(m * x + b, y)
    sse = nnbook.losses.squared_error(m * x + b, y).sum()
    mse_text, mse_value = shown(widget, "nbw-lf-mse")
    sse_text, sse_value = shown(widget, "nbw-lf-sse")
    assert shows(mse_text, mse), (m, b, mse_text)
    assert shows(sse_text, sse), (m, b, sse_text)
    assert mse_value == pytest.approx(mse, rel=1e-12)
    assert sse_value == pytest.approx(sse, rel=1e-12)
    assert "NaN" not in widget.inner_text()
    return mse_text


def interact(widget):
    """A state worth a picture: the best line shown, the sliders' line off it."""
    widget.locator("input.nbw-lf-show-best").check()
    set_line(widget, 1, 7.5)


def test_default_state(fresh_page):
    widget = fresh_page.locator(WIDGET)
    points = parse_points(widget.get_attribute("data-points"))
    assert np.array_equal(points, np.stack(chapter_points(), axis=1))
    assert widget.locator("input.nbw-lf-m").input_value() == "0.5"
    assert widget.locator("input.nbw-lf-b").input_value() == "8"
    assert check(widget) == "8.0701"  # the chapter prints this number for the line (0.5, 8)
    # One square and one residual segment per point; the best line hidden.
    assert widget.locator(".nbw-lf-squares rect").count() == 25
    assert widget.locator(".nbw-lf-residuals line").count() == 25
    assert widget.locator(".nbw-lf-points circle").count() == 25
    assert widget.locator(".nbw-lf-best").is_hidden()
    title = widget.locator("svg[role='img'] title").text_content()
    assert "8.0701" in title and "0.50 x + 8.00" in title


@pytest.mark.parametrize("m, b", [(1.36, 5.86), (-1, 16), (2.57, -3.21), (0, 10.5), (3, -4)])
def test_costs_match_nnbook(page, m, b):
    widget = page.locator(WIDGET)
    set_line(widget, m, b)
    assert float(widget.locator("input.nbw-lf-m").input_value()) == m
    assert float(widget.locator("input.nbw-lf-b").input_value()) == b
    check(widget)
    if b < 0:  # a negative intercept reads "− 3.21" in the description, not "+ −3.21"
        title = widget.locator("svg[role='img'] title").text_content()
        assert f"x \u2212 {-b:.2f} and" in title


def test_best_fit_matches_lstsq(page):
    widget = page.locator(WIDGET)
    m_best, b_best = least_squares(parse_points(widget.get_attribute("data-points")))
    widget.locator("input.nbw-lf-show-best").set_checked(False)
    widget.locator("label", has_text="show the best fit").click()  # the label toggles it
    assert widget.locator("input.nbw-lf-show-best").is_checked()
    assert widget.locator(".nbw-lf-best").is_visible()
    assert widget.locator(".nbw-lf-bestline").is_visible()
    for cls, value in [("nbw-lf-best-m", m_best), ("nbw-lf-best-b", b_best)]:
        text, data = shown(widget, cls)
        assert shows(text, value), (cls, text, value)
        assert data == pytest.approx(value, rel=1e-10)
    # The chapter prints the same best line: m = 1.3616, b = 5.8595, MSE = 1.7391.
    assert [widget.locator(f".{c}").inner_text()
            for c in ("nbw-lf-best-m", "nbw-lf-best-b", "nbw-lf-best-mse")] \
        == ["1.3616", "5.8595", "1.7391"]
    # The sliders near the best line give nearly its cost, never less.
    set_line(widget, 1.36, 5.86)
    assert float(check(widget)) >= float(widget.locator(".nbw-lf-best-mse").inner_text())


def test_dragging_the_ends_of_the_line(page):
    """The left end, dragged to grade 2 at x = 0, sets b = 2 and keeps the right end; the
    right end, dragged to grade 16, sets the slope; the numbers are then nnbook's."""
    widget = page.locator(WIDGET)
    set_line(widget, 0.5, 8)
    picture = widget.locator("svg[role='img']")
    points = parse_points(widget.get_attribute("data-points"))
    xmax = np.ceil(points[:, 0].max())
    ymax = max(20, np.ceil(points[:, 1].max()))
    top, bottom = 14, 380 - 46  # the chart's frame (its margins)
    to_y = lambda grade: bottom - grade / ymax * (bottom - top)
    right = 0.5 * xmax + 8
    drag(page, picture, widget.locator(".nbw-lf-end").nth(0), 48, to_y(2))
    b = float(widget.locator("input.nbw-lf-b").input_value())
    m = float(widget.locator("input.nbw-lf-m").input_value())
    assert b == pytest.approx(2, abs=0.02) and m * xmax + b == pytest.approx(right, abs=0.1)
    check(widget)
    drag(page, picture, widget.locator(".nbw-lf-end").nth(1), 560 - 16, to_y(16))
    m = float(widget.locator("input.nbw-lf-m").input_value())
    assert float(widget.locator("input.nbw-lf-b").input_value()) == b
    assert m * xmax + b == pytest.approx(16, abs=0.1)
    check(widget)
