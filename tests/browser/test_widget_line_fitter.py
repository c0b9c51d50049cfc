"""The line-fitter widget of the gradient-descent chapter, in headless Chromium.

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

from .conftest import (ROOT, agrees, leave_and_come_back, opened, serious_violations, shoot_widget,
                       widget_page_fixtures)

CHAPTER = ROOT / "docs" / "error-and-descent" / "gradient-descent.md"
URL = "error-and-descent/gradient-descent/"
WIDGET = ".nb-widget[data-widget='line-fitter']"


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


widget_session, page, palette_page = widget_page_fixtures(URL, f"{WIDGET} .nbw-lf-mse")


def set_line(widget, m, b):
    widget.locator("input.nbw-lf-m").fill(str(m))
    widget.locator("input.nbw-lf-b").fill(str(b))


def shown(widget, cls):
    out = widget.locator(f".{cls}")
    return out.inner_text(), float(out.get_attribute("data-value"))


def check_costs(widget, m, b):
    """The displayed MSE and sum of squares against nnbook, on the widget's own points."""
    points = parse_points(widget.get_attribute("data-points"))
    x, y = points[:, 0], points[:, 1]
    squares = nnbook.losses.squared_error(m * x + b, y)
    mse_text, mse_value = shown(widget, "nbw-lf-mse")
    sse_text, sse_value = shown(widget, "nbw-lf-sse")
    assert agrees(mse_text, nnbook.losses.mse(m * x + b, y)), (m, b, mse_text)
    assert agrees(sse_text, squares.sum()), (m, b, sse_text)
    assert mse_value == pytest.approx(nnbook.losses.mse(m * x + b, y), rel=1e-12)
    assert sse_value == pytest.approx(squares.sum(), rel=1e-12)
    return mse_text


def test_default_state(palette_page, palette, axe_source):
    page = palette_page
    widget = page.locator(WIDGET)
    assert widget.locator(".nb-widget-fallback").count() == 0
    points = parse_points(widget.get_attribute("data-points"))
    assert np.array_equal(points, np.stack(chapter_points(), axis=1))
    assert widget.locator("input.nbw-lf-m").input_value() == "0.5"
    assert widget.locator("input.nbw-lf-b").input_value() == "8"
    assert widget.locator(".nbw-lf-m-value").inner_text() == "0.50"
    assert widget.locator(".nbw-lf-b-value").inner_text() == "8.00"
    mse = check_costs(widget, 0.5, 8.0)
    assert mse == "8.0701"  # the chapter prints this number for the line (0.5, 8)
    # One square and one residual segment per point; the best line hidden.
    assert widget.locator(".nbw-lf-squares rect").count() == 25
    assert widget.locator(".nbw-lf-points circle").count() == 25
    assert widget.locator(".nbw-lf-best").is_hidden()
    title = widget.locator("svg[role='img'] title").text_content()
    assert "8.0701" in title and "0.50 x + 8.00" in title
    shoot_widget(page, widget, "line-fitter-default", palette)
    assert serious_violations(page, axe_source, WIDGET) == []
    assert page.errors == []


@pytest.mark.parametrize("m, b", [(1.36, 5.86), (-1, 16), (2.57, -3.21), (0, 10.5), (3, -4)])
def test_costs_match_nnbook(page, m, b):
    widget = page.locator(WIDGET)
    set_line(widget, m, b)
    assert float(widget.locator("input.nbw-lf-m").input_value()) == m
    assert float(widget.locator("input.nbw-lf-b").input_value()) == b
    assert agrees(widget.locator(".nbw-lf-m-value").inner_text(), m, 2)
    assert agrees(widget.locator(".nbw-lf-b-value").inner_text(), b, 2)
    check_costs(widget, m, b)
    assert "NaN" not in widget.inner_text()
    assert page.errors == []


def test_best_fit_matches_lstsq(palette_page, palette, axe_source):
    page = palette_page
    widget = page.locator(WIDGET)
    points = parse_points(widget.get_attribute("data-points"))
    A = np.stack([points[:, 0], np.ones(len(points))], axis=1)
    m_best, b_best = np.linalg.lstsq(A, points[:, 1], rcond=None)[0]
    widget.locator("label", has_text="show the best fit").click()  # the label toggles it
    assert widget.locator("input.nbw-lf-show-best").is_checked()
    assert widget.locator(".nbw-lf-best").is_visible()
    assert widget.locator(".nbw-lf-bestline").is_visible()
    for cls, value in [("nbw-lf-best-m", m_best), ("nbw-lf-best-b", b_best)]:
        text, data = shown(widget, cls)
        assert agrees(text, value), (cls, text, value)
        assert data == pytest.approx(value, rel=1e-10)
    # The chapter prints the same best line: m = 1.3616, b = 5.8595, MSE = 1.7391.
    assert [widget.locator(f".{c}").inner_text()
            for c in ("nbw-lf-best-m", "nbw-lf-best-b", "nbw-lf-best-mse")] \
        == ["1.3616", "5.8595", "1.7391"]
    # The sliders near the best line give nearly its cost, never less.
    set_line(widget, 1.36, 5.86)
    mse = float(check_costs(widget, 1.36, 5.86))
    assert mse >= float(widget.locator(".nbw-lf-best-mse").inner_text())
    set_line(widget, 1, 7.5)  # the picture: a line off the best one, both drawn
    check_costs(widget, 1.0, 7.5)
    shoot_widget(page, widget, "line-fitter-after", palette)
    assert serious_violations(page, axe_source, WIDGET) == []
    assert page.errors == []


def test_keyboard(page):
    widget = page.locator(WIDGET)
    set_line(widget, 0.5, 8)
    widget.locator("input.nbw-lf-show-best").set_checked(False)
    slider = widget.locator("input.nbw-lf-m")
    slider.focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert widget.locator(".nbw-lf-m-value").inner_text() == "0.53"
    widget.locator("input.nbw-lf-b").focus()
    page.keyboard.press("ArrowLeft")
    assert widget.locator(".nbw-lf-b-value").inner_text() == "7.99"
    check_costs(widget, 0.53, 7.99)
    widget.locator("input.nbw-lf-show-best").focus()
    page.keyboard.press("Space")
    assert widget.locator(".nbw-lf-best").is_visible()
    # Every control has a label.
    for control in widget.locator("input").all():
        label = widget.locator(f"label[for='{control.get_attribute('id')}']")
        assert label.count() == 1 and label.inner_text().strip()
    assert page.errors == []


def test_rebuilt_after_instant_navigation(browser, base_url):
    with opened(browser, base_url + URL, f"{WIDGET} .nbw-lf-mse") as page:
        # Away by a link of the prose, and back by the navigation sidebar.
        leave_and_come_back(page, WIDGET, f"{WIDGET} .nbw-lf-mse",
                            leave="article a[href$='derivatives/']",
                            back=".md-nav--primary a[href$='gradient-descent/']", path=URL)
        widget = page.locator(WIDGET)
        assert widget.locator(".nbw-controls").count() == 1
        assert widget.locator("svg").count() == 1
        set_line(widget, 1.2, 6)
        check_costs(widget, 1.2, 6.0)
        assert page.errors == []
