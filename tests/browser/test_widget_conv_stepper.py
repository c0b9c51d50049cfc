"""The conv-stepper widget of the convolution chapter, in headless Chromium.

The widget slides a 3 x 3 filter over the chapter's 8 x 8 image (valid convolution, stride 1,
no padding). For several filters and positions, the output it writes must be
nnbook.conv2d(image[None, None], w[None, None])[0, 0, r, c] to the precision it shows, and
after stepping to the end its whole map must be nnbook's map. Screenshots of the widget, by
default and after interaction, in both palettes, go to ARTIFACTS/widgets/.
"""

import ast
import html
import json
import re

import numpy as np
import pytest

import nnbook

from .conftest import (ROOT, SITE, agrees, leave_and_come_back, opened, serious_violations,
                       shoot_widget, shown_number, widget_page_fixtures)

PAGE = "representations/convolution/"
CHAPTER = ROOT / "docs" / "representations" / "convolution.md"
WIDGET = '.nb-widget[data-widget="conv-stepper"]'
OUT = 6  # 8 - 3 + 1 positions in each direction

# The filters of the widget's menu, written out again here: test_filters_as_shown checks
# that the widget uses exactly these weights. digits: the decimals the widget shows.
FILTERS = {
    "vertical": (np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]]), 0),
    "horizontal": (np.array([[-1, -1, -1], [0, 0, 0], [1, 1, 1]]), 0),
    "blur": (np.full((3, 3), 1 / 9), 2),
    "sharpen": (np.array([[0, -1, 0], [-1, 5, -1], [0, -1, 0]]), 0),
    "outline": (np.array([[-1, -1, -1], [-1, 8, -1], [-1, -1, -1]]), 0),
    "identity": (np.array([[0, 0, 0], [0, 1, 0], [0, 0, 0]]), 0),
}

pytestmark = pytest.mark.skipif(not (SITE / PAGE / "index.html").exists(),
                                reason="the convolution chapter is not in this build")


def chapter_image():
    """The 8 x 8 image of the chapter's python block (the source of the static figure)."""
    text = CHAPTER.read_text(encoding="utf-8")
    match = re.search(r"image = np\.array\((\[.*?\])\)", text, re.S)
    assert match, "no 'image = np.array([...])' block in the chapter"
    literal = re.sub(r"#[^\n]*", "", match.group(1))
    return np.array(ast.literal_eval(literal))


IMAGE = chapter_image()


def expected_map(key):
    w, _ = FILTERS[key]
    return nnbook.conv2d(IMAGE[None, None], w[None, None])[0, 0]


def set_position(page, step):
    """Move the position slider to `step` (1-based), as a user dragging it would."""
    page.locator(f"{WIDGET} input[type=range]").fill(str(step))


def choose(page, key, r, c):
    page.locator(f"{WIDGET} select").select_option(key)
    set_position(page, r * OUT + c + 1)


def read_map(page):
    """The map as the widget's table shows it: {(r, c): (text, data-value)}."""
    cells = page.locator(f"{WIDGET} .nbw-conv-map-value").evaluate_all(
        "cells => cells.map(td => [+td.dataset.row, +td.dataset.col, td.textContent,"
        " td.dataset.value])")
    return {(r, c): (text, value) for r, c, text, value in cells}


def read_svg_map(page):
    cells = page.locator(f"{WIDGET} .nbw-conv-out").evaluate_all(
        "cells => cells.map(t => [+t.dataset.row, +t.dataset.col, t.textContent])")
    return {(r, c): text for r, c, text in cells}


widget_session, page, palette_page = widget_page_fixtures(PAGE, f"{WIDGET} .nbw-conv-svg")


def test_image_is_the_chapters(page):
    """The widget's data-image (built page) is the image of the chapter's python block."""
    built = (SITE / PAGE / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-widget="conv-stepper"[^>]*data-image="([^"]*)"', built)
    assert match, "no conv-stepper div with data-image in the built page"
    assert np.array_equal(np.array(json.loads(html.unescape(match.group(1)))), IMAGE)
    assert IMAGE.shape == (8, 8)
    shown = page.locator(f"{WIDGET} .nbw-conv-image text").all_text_contents()
    assert [int(t) for t in shown] == IMAGE.ravel().tolist()


def test_default_state(page):
    """Built once, fallback replaced, something to look at: the vertical-edge filter at
    row 2, column 1, with the map filled up to there."""
    page.reload(wait_until="load")
    page.wait_for_selector(f"{WIDGET} .nbw-conv-svg")
    assert page.locator(f"{WIDGET} .nbw-conv-svg").count() == 1
    assert page.locator(f"{WIDGET} .nb-widget-fallback").count() == 0
    assert page.locator(f"{WIDGET} select").input_value() == "vertical"
    total = page.locator(f"{WIDGET} .nbw-conv-sum")
    assert (total.get_attribute("data-row"), total.get_attribute("data-col")) == ("2", "1")
    assert agrees(total.text_content(), expected_map("vertical")[2, 1], 0)
    filled = [k for k, (text, _) in read_map(page).items() if text != "\u2013"]
    assert len(filled) == 2 * OUT + 2
    svg = page.locator(f"{WIDGET} svg")
    assert svg.get_attribute("role") == "img"
    assert "row 2, column 1" in svg.get_attribute("aria-label")


def test_filters_as_shown(page):
    """Every filter of the menu has the weights this test uses with nnbook."""
    options = page.locator(f"{WIDGET} select option").evaluate_all(
        "options => options.map(o => o.value)")
    assert options == list(FILTERS)
    for key, (w, _) in FILTERS.items():
        page.locator(f"{WIDGET} select").select_option(key)
        values = page.locator(f"{WIDGET} .nbw-conv-weights text").evaluate_all(
            "texts => texts.map(t => +t.dataset.value)")
        assert np.array(values).reshape(3, 3) == pytest.approx(w, abs=1e-15), key


@pytest.mark.parametrize("key, r, c", [
    ("vertical", 0, 0), ("vertical", 2, 1), ("vertical", 3, 4), ("horizontal", 0, 3),
    ("horizontal", 5, 2), ("blur", 2, 2), ("blur", 5, 5), ("sharpen", 4, 1),
    ("outline", 1, 1), ("identity", 3, 3),
])
def test_one_position(page, key, r, c):
    """The patch, the nine products and their sum at (r, c) are nnbook's."""
    choose(page, key, r, c)
    w, digits = FILTERS[key]
    z = expected_map(key)
    total = page.locator(f"{WIDGET} .nbw-conv-sum")
    assert (total.get_attribute("data-row"), total.get_attribute("data-col")) == (str(r), str(c))
    assert agrees(total.text_content(), z[r, c], digits)
    assert float(total.get_attribute("data-value")) == pytest.approx(z[r, c], abs=1e-12)
    products = page.locator(f"{WIDGET} .nbw-conv-product").evaluate_all(
        "cells => cells.map(td => [td.textContent, +td.dataset.value])")
    patch = IMAGE[r:r + 3, c:c + 3]
    for (text, value), expected in zip(products, (w * patch).ravel()):
        assert value == pytest.approx(expected, abs=1e-12)
        assert agrees(text.split("=")[-1], expected, digits)
    assert page.locator(f"{WIDGET} .nbw-conv-where").text_content() == \
        f"{r * OUT + c + 1} of {OUT * OUT}: row {r}, column {c}"
    # The orange patch sits over pixels (r, c) to (r + 2, c + 2), the green cell at (r, c).
    cell = 34
    patch_box = page.locator(f"{WIDGET} .nbw-conv-patch")
    first_pixel = page.locator(f"{WIDGET} .nbw-conv-image rect").first
    assert float(patch_box.get_attribute("x")) == float(first_pixel.get_attribute("x")) + c * cell
    assert float(patch_box.get_attribute("y")) == float(first_pixel.get_attribute("y")) + r * cell
    # The map is filled up to this position, and no further.
    shown = read_map(page)
    for (i, j), (text, _) in shown.items():
        if i * OUT + j <= r * OUT + c:
            assert agrees(text, z[i, j], digits), (i, j)
        else:
            assert text == "\u2013", (i, j)


@pytest.mark.parametrize("key", list(FILTERS))
def test_whole_map_at_the_end(page, key):
    """Stepping to the last position (keyboard: End on the slider) fills nnbook's map."""
    page.locator(f"{WIDGET} select").select_option(key)
    slider = page.locator(f"{WIDGET} input[type=range]")
    slider.focus()
    page.keyboard.press("Home")
    assert page.locator(f"{WIDGET} .nbw-conv-sum").get_attribute("data-row") == "0"
    page.keyboard.press("End")
    _, digits = FILTERS[key]
    z = expected_map(key)
    shown = read_map(page)
    svg_texts = read_svg_map(page)
    assert len(shown) == z.size == len(svg_texts)
    for (r, c), (text, value) in shown.items():
        assert agrees(text, z[r, c], digits), (r, c, text, z[r, c])
        assert float(value) == pytest.approx(z[r, c], abs=1e-12)
        assert svg_texts[r, c] == text
    if digits == 0:   # whole numbers: exactly nnbook's
        table = np.array([[shown_number(shown[r, c][0]) for c in range(OUT)] for r in range(OUT)])
        assert np.array_equal(table, z)


def test_buttons(page):
    """Next, Previous and Reset move the filter; Play steps on by itself."""
    choose(page, "vertical", 2, 1)
    total = page.locator(f"{WIDGET} .nbw-conv-sum")

    def where():
        return int(total.get_attribute("data-row")), int(total.get_attribute("data-col"))

    for _ in range(5):   # 2,1 -> 2,2 ... 2,5 -> 3,0: the filter wraps to the next row
        page.locator(WIDGET).get_by_role("button", name="Next").click()
    assert where() == (3, 0)
    assert agrees(total.text_content(), expected_map("vertical")[3, 0], 0)
    page.locator(WIDGET).get_by_role("button", name="Previous").click()
    assert where() == (2, 5)
    page.locator(WIDGET).get_by_role("button", name="Reset").click()
    assert where() == (0, 0)
    page.locator(WIDGET).get_by_role("button", name="Previous").click()   # nothing before the first
    assert where() == (0, 0)
    page.locator(WIDGET).get_by_role("button", name="Play").click()
    page.wait_for_function(
        "() => +document.querySelector('.nbw-conv-sum').dataset.col >= 2", timeout=5000)
    page.locator(WIDGET).get_by_role("button", name="Pause").click()
    stopped = where()
    page.wait_for_timeout(1000)
    assert where() == stopped and stopped[1] >= 2
    # Keyboard: Tab reaches the buttons, Enter presses them.
    page.locator(WIDGET).get_by_role("button", name="Reset").focus()
    page.keyboard.press("Enter")
    assert where() == (0, 0)


def test_instant_navigation(browser, base_url):
    """After leaving the page and coming back by instant navigation, the widget is built
    again, exactly once, and works."""
    with opened(browser, base_url + PAGE, f"{WIDGET} .nbw-conv-svg") as page:
        leave_and_come_back(page, WIDGET, f"{WIDGET} .nbw-conv-svg",
                            leave="a.md-footer__link--next", back="a.md-footer__link--prev",
                            path=PAGE)
        assert page.locator(f"{WIDGET} .nbw-conv-svg").count() == 1
        assert page.locator(f"{WIDGET} .nbw-conv-controls").count() == 1
        choose(page, "sharpen", 4, 4)
        total = page.locator(f"{WIDGET} .nbw-conv-sum")
        assert agrees(total.text_content(), expected_map("sharpen")[4, 4], 0)
        assert page.errors == [], f"console errors: {page.errors}"


def test_screenshots_and_axe(palette_page, palette, axe_source):
    """Screenshots by default and after interaction; axe finds nothing serious in the
    widget after interaction either."""
    page = palette_page
    widget = page.locator(WIDGET)
    shoot_widget(page, widget, "conv-stepper-default", palette)
    choose(page, "blur", 3, 2)
    page.locator(f"{WIDGET} details summary").click()
    shoot_widget(page, widget, "conv-stepper-after", palette)
    assert serious_violations(page, axe_source, WIDGET) == []
    assert page.errors == [], f"console errors: {page.errors}"
