"""The conv-stepper widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The widget slides a 3 x 3 filter over the chapter's 8 x 8 image (valid convolution, stride 1,
no padding). For several filters and positions, the output it writes must be
nnbook.conv2d(image[None, None], w[None, None])[0, 0, r, c] to the precision it shows, and
after stepping to the end its whole map must be nnbook's map.
"""

import ast
import html
import json
import re

import numpy as np
import pytest

import nnbook

from .helpers import SITE
from .widgets import shows, widget_page, widget_source

NAME = "conv-stepper"
PAGE = widget_page(NAME)
CHAPTER = widget_source("conv-stepper")
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-conv-svg"
PLAY = "button.nbw-conv-play"  # a button that starts a timer
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

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


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


def choose(widget, key, r, c):
    """The filter ``key`` at row r, column c, by the menu and the position slider."""
    widget.locator("select").select_option(key)
    widget.locator("input[type=range]").fill(str(r * OUT + c + 1))


def read_map(widget):
    """The map as the widget's table shows it: {(r, c): (text, data-value)}."""
    cells = widget.locator(".nbw-conv-map-value").evaluate_all(
        "cells => cells.map(td => [+td.dataset.row, +td.dataset.col, td.textContent,"
        " td.dataset.value])")
    return {(r, c): (text, value) for r, c, text, value in cells}


def read_svg_map(widget):
    cells = widget.locator(".nbw-conv-out").evaluate_all(
        "cells => cells.map(t => [+t.dataset.row, +t.dataset.col, t.textContent])")
    return {(r, c): text for r, c, text in cells}


def check(widget):
    """At the widget's own filter and position (r, c): the patch, the nine products, their
    sum and the map filled up to (r, c) are nnbook's; returns (r, c)."""
    key = widget.locator("select").input_value()
    position = int(widget.locator("input[type=range]").input_value()) - 1
    r, c = divmod(position, OUT)
    w, digits = FILTERS[key]
    z = expected_map(key)
    total = widget.locator(".nbw-conv-sum")
    assert (total.get_attribute("data-row"), total.get_attribute("data-col")) == (str(r), str(c))
    assert shows(total.text_content(), z[r, c], digits)
    assert float(total.get_attribute("data-value")) == pytest.approx(z[r, c], abs=1e-12)
    products = widget.locator(".nbw-conv-product").evaluate_all(
        "cells => cells.map(td => [td.textContent, +td.dataset.value])")
    patch = IMAGE[r:r + 3, c:c + 3]
    for (text, value), expected in zip(products, (w * patch).ravel(), strict=True):
        assert value == pytest.approx(expected, abs=1e-12)
        assert shows(text.split("=")[-1], expected, digits)
    assert widget.locator(".nbw-conv-position-value").text_content() == \
        f"{position + 1} of {OUT * OUT}: row {r}, column {c}"
    # The orange patch sits over pixels (r, c) to (r + 2, c + 2), the green cell at (r, c).
    cell = 34
    first_pixel = widget.locator(".nbw-conv-image rect").first
    x0, y0 = (float(first_pixel.get_attribute(k)) for k in ("x", "y"))
    patch_box = widget.locator(".nbw-conv-patch")
    assert float(patch_box.get_attribute("x")) == x0 + c * cell
    assert float(patch_box.get_attribute("y")) == y0 + r * cell
    # The map is filled up to this position, and no further, the same in the picture.
    shown, drawn = read_map(widget), read_svg_map(widget)
    assert len(shown) == z.size == len(drawn)
    for (i, j), (text, value) in shown.items():
        if i * OUT + j <= position:
            assert shows(text, z[i, j], digits), (i, j, text)
            assert float(value) == pytest.approx(z[i, j], abs=1e-12)
            assert drawn[i, j] == text
        else:
            assert text == "\u2013" and drawn[i, j] == "", (i, j)
    return r, c


def interact(widget):
    """A state worth a picture: the blur, whose outputs have decimals, and the map's table."""
    choose(widget, "blur", 3, 2)
    widget.locator("details summary").click()


@pytest.mark.parametrize("key", list(FILTERS))
@pytest.mark.parametrize("image", ["chapter", "random"])
def test_model_against_nnbook(models, key, image):
    """The model's map, on the chapter's image and on a random one of another shape, is
    nnbook.conv2d's; at each position, its nine products are the filter times the patch
    and add up to the map's value there."""
    x = IMAGE if image == "chapter" else np.random.default_rng(2).integers(0, 10, (5, 7))
    w, digits = FILTERS[key]
    z = nnbook.conv2d(x[None, None].astype(float), w[None, None].astype(float))[0, 0]
    out_h, out_w = z.shape
    for step in range(-2, z.size + 2):  # positions outside the map are clamped
        view = models(NAME, {"image": x.tolist(), "filter": key, "step": step})
        at = min(max(step, 0), z.size - 1)
        assert (view["step"], view["total"], view["outH"], view["outW"]) == \
            (at, z.size, out_h, out_w)
        r, c = divmod(at, out_w)
        assert (view["r"], view["c"]) == (r, c)
        np.testing.assert_allclose(view["z"], z, rtol=0, atol=1e-12)
        np.testing.assert_allclose(view["products"], w * x[r:r + 3, c:c + 3], rtol=0,
                                   atol=1e-15)
        assert view["value"] == pytest.approx(z[r, c], abs=1e-12)
        assert view["filter"]["key"] == key and view["filter"]["digits"] == digits
        np.testing.assert_array_equal(view["filter"]["w"], w)


def test_model_unknown_filter_is_the_first(models):
    view = models(NAME, {"image": IMAGE.tolist(), "filter": "no such filter", "step": 0})
    assert view["filter"]["key"] == next(iter(FILTERS))




def test_image_is_the_chapters(page):
    """The widget's data-image (built page) is the image of the chapter's python block."""
    built = (SITE / PAGE / "index.html").read_text(encoding="utf-8")
    match = re.search(r'data-widget="conv-stepper"[^>]*data-image="([^"]*)"', built)
    assert match, "no conv-stepper div with data-image in the built page"
    assert np.array_equal(np.array(json.loads(html.unescape(match.group(1)))), IMAGE)
    assert IMAGE.shape == (8, 8)
    shown = page.locator(f"{WIDGET} .nbw-conv-image text").all_text_contents()
    assert [int(t) for t in shown] == IMAGE.ravel().tolist()


def test_default_state(fresh_page):
    """Something to look at: the vertical-edge filter at row 2, column 1, with the map
    filled up to there."""
    widget = fresh_page.locator(WIDGET)
    assert widget.locator("select").input_value() == "vertical"
    assert check(widget) == (2, 1)
    svg = widget.locator("svg")
    assert svg.get_attribute("role") == "img"
    assert "row 2, column 1" in svg.get_attribute("aria-label")


def test_filters_as_shown(page):
    """Every filter of the menu has the weights this test uses with nnbook."""
    widget = page.locator(WIDGET)
    options = widget.locator("select option").evaluate_all(
        "options => options.map(o => o.value)")
    assert options == list(FILTERS)
    for key, (w, _) in FILTERS.items():
        widget.locator("select").select_option(key)
        values = widget.locator(".nbw-conv-weights text").evaluate_all(
            "texts => texts.map(t => +t.dataset.value)")
        assert np.array(values).reshape(3, 3) == pytest.approx(w, abs=1e-15), key


@pytest.mark.parametrize("key, r, c", [
    ("vertical", 0, 0), ("vertical", 2, 1), ("vertical", 3, 4), ("horizontal", 0, 3),
    ("horizontal", 5, 2), ("blur", 2, 2), ("blur", 5, 5), ("sharpen", 4, 1),
    ("outline", 1, 1), ("identity", 3, 3),
])
def test_one_position(page, key, r, c):
    """The patch, the nine products and their sum at (r, c) are nnbook's."""
    widget = page.locator(WIDGET)
    choose(widget, key, r, c)
    assert check(widget) == (r, c)


@pytest.mark.parametrize("key", list(FILTERS))
def test_whole_map_at_the_end(page, key):
    """Stepping to the last position (keyboard: End on the slider) fills nnbook's map."""
    widget = page.locator(WIDGET)
    widget.locator("select").select_option(key)
    slider = widget.locator("input[type=range]")
    slider.focus()
    page.keyboard.press("Home")
    assert check(widget) == (0, 0)
    page.keyboard.press("End")
    assert check(widget) == (OUT - 1, OUT - 1)


def test_buttons(page):
    """Next, Previous and Reset move the filter; Play steps on by itself."""
    widget = page.locator(WIDGET)
    choose(widget, "vertical", 2, 1)

    def button(name):
        return widget.get_by_role("button", name=name)

    def play_until(condition):
        button("Play").click()
        page.wait_for_function(f"() => {condition}", timeout=5000)
        button("Pause").click()

    for _ in range(5):   # 2,1 -> 2,2 ... 2,5 -> 3,0: the filter wraps to the next row
        button("Next").click()
    assert check(widget) == (3, 0)
    button("Previous").click()
    assert check(widget) == (2, 5)
    button("Reset").click()
    assert check(widget) == (0, 0)
    button("Previous").click()   # nothing before the first
    assert check(widget) == (0, 0)
    play_until("+document.querySelector('.nbw-conv-sum').dataset.col >= 2")
    stopped = check(widget)
    page.wait_for_timeout(1000)
    assert check(widget) == stopped and stopped[1] >= 2
    # Play at the last position starts again from the first.
    choose(widget, "vertical", OUT - 1, OUT - 1)
    play_until("document.querySelector('.nbw-conv-sum').dataset.col === '1'")
    assert check(widget)[0] == 0


@pytest.mark.parametrize("r, c", [(4, 3), (0, 5), (5, 0)])
def test_the_patch_drags_to_the_position_under_the_pointer(fresh_page, r, c):
    """The orange patch, dragged with the mouse, goes to the position under the pointer
    (its centre on the pixel (r + 1, c + 1)), and the products and the map are nnbook's
    there."""
    widget = fresh_page.locator(WIDGET)
    patch = widget.locator(".nbw-conv-patch")
    widget.locator(".nbw-conv-svg").scroll_into_view_if_needed()
    start = patch.bounding_box()
    cell = start["width"] / 3
    pixels = widget.locator(".nbw-conv-image rect").nth(0).bounding_box()
    fresh_page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    fresh_page.mouse.down()
    fresh_page.mouse.move(pixels["x"] + (c + 1.5) * cell, pixels["y"] + (r + 1.5) * cell,
                          steps=8)
    fresh_page.mouse.up()
    assert check(widget) == (r, c)
