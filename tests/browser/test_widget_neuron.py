"""The neuron widget of the network chapter, in headless Chromium.

A sigmoid neuron with two inputs, a = sigma(w1 x1 + w2 x2 + b), drawn over the plane. For
several settings of the five sliders (saturated ones too), the z and a the widget writes
must be those of nnbook.Dense(2, 1) with W = [[w1, w2]], b = [b], followed by
nnbook.Sigmoid(), to the 4 decimals shown; the line it draws must be w . x + b = 0.
Screenshots of the widget, by default and after interaction, in both palettes, go to
ARTIFACTS/widgets/.
"""

import re

import numpy as np
import pytest

import nnbook

from .conftest import (ROOT, SITE, agrees, formatted, leave_and_come_back, opened,
                       serious_violations, shoot_widget, widget_page_fixtures)

PAGE = "representations/network/"
CHAPTER = ROOT / "docs" / "representations" / "network.md"
WIDGET = '.nb-widget[data-widget="neuron"]'
KEYS = ("w1", "w2", "b", "x1", "x2")
LIMIT = 3   # the plane shown is [-3, 3] x [-3, 3]

pytestmark = pytest.mark.skipif(not (SITE / PAGE / "index.html").exists(),
                                reason="the network chapter is not in this build")


def nnbook_neuron(w1, w2, b, x1, x2):
    """z and a of the point (x1, x2), computed by nnbook's layers."""
    dense = nnbook.Dense(2, 1)
    dense.W = [[w1, w2]]
    dense.b = [b]
    z = dense(np.array([[x1, x2]]))
    a = nnbook.Sigmoid()(z)
    return float(z[0, 0]), float(a[0, 0])


def set_sliders(page, settings):
    for key, value in zip(KEYS, settings):
        page.locator(f"{WIDGET} input.nbw-neuron-{key}").fill(repr(float(value)))


def shown(page):
    z = page.locator(f"{WIDGET} .nbw-neuron-z").text_content()
    a = page.locator(f"{WIDGET} .nbw-neuron-a").text_content()
    return z, a


def to_plane(page, sx, sy):
    """SVG coordinates back to (x1, x2), through the frame of the plot."""
    frame = page.locator(f"{WIDGET} .nbw-neuron-frame")
    left, top, size = (float(frame.get_attribute(k)) for k in ("x", "y", "width"))
    return (-LIMIT + (sx - left) / size * 2 * LIMIT, LIMIT - (sy - top) / size * 2 * LIMIT)


widget_session, page, palette_page = widget_page_fixtures(PAGE, f"{WIDGET} .nbw-neuron-svg")


def test_defaults_are_the_chapters(page):
    """The widget starts at the neuron and the first point of the chapter's python block."""
    text = CHAPTER.read_text(encoding="utf-8")
    w1, w2, b = (float(v) for v in re.search(
        r"w1, w2, b = ([-\d.]+), ([-\d.]+), ([-\d.]+)", text).groups())
    x1, x2 = (float(v) for v in re.search(
        r"X = np\.array\(\[\[([-\d.]+), ([-\d.]+)\]", text).groups())
    page.reload(wait_until="load")
    page.wait_for_selector(f"{WIDGET} .nbw-neuron-svg")
    assert page.locator(f"{WIDGET} .nbw-neuron-svg").count() == 1
    assert page.locator(f"{WIDGET} .nb-widget-fallback").count() == 0
    for key, value in zip(KEYS, (w1, w2, b, x1, x2)):
        slider = page.locator(f"{WIDGET} input.nbw-neuron-{key}")
        assert float(slider.input_value()) == value
        assert agrees(page.locator(f"{WIDGET} .nbw-neuron-{key}-value").text_content(),
                      value, 1)
    z, a = nnbook_neuron(w1, w2, b, x1, x2)
    assert [agrees(t, v) for t, v in zip(shown(page), (z, a))] == [True, True]
    svg = page.locator(f"{WIDGET} svg")
    assert svg.get_attribute("role") == "img"
    assert f"a = {formatted(a, 4)}" in svg.get_attribute("aria-label")


@pytest.mark.parametrize("settings", [
    (1.5, -1.0, 0.5, 1.0, 1.0),      # the chapter's neuron
    (0.3, 0.7, -0.2, -1.3, 2.4),
    (-2.5, 4.0, 0.0, 0.5, -0.5),
    (1.0, -1.0, 0.0, 2.0, 2.0),      # on the line: z = 0, a = 0.5
    (0.1, 0.2, -0.3, 1.0, 1.0),      # z is 5.6e-17 in floating point: shown as 0.0000
    (0.0, 0.0, -1.2, 2.0, -2.0),     # no weights: a = sigma(b) everywhere
    (5.0, 5.0, 5.0, 3.0, 3.0),       # saturated: z = 35, a = 1.0000
    (-5.0, -5.0, -5.0, 3.0, 3.0),    # saturated: z = -35, a = 0.0000
    (4.2, -3.7, 1.9, -2.9, 0.8),     # saturated the other way round
    (-0.4, 2.5, -4.6, 0.7, 1.9),
], ids=lambda s: ",".join(f"{v:g}" for v in s))
def test_z_and_a(page, settings):
    """z and a, as shown, are nnbook's Dense + Sigmoid to 4 decimals."""
    set_sliders(page, settings)
    for key, value in zip(KEYS, settings):
        assert float(page.locator(f"{WIDGET} input.nbw-neuron-{key}").input_value()) == value
        assert agrees(page.locator(f"{WIDGET} .nbw-neuron-{key}-value").text_content(),
                      value, 1)
    z, a = nnbook_neuron(*settings)
    z_text, a_text = shown(page)
    assert agrees(z_text, z), (z_text, z)
    assert agrees(a_text, a), (a_text, a)
    z_full = float(page.locator(f"{WIDGET} .nbw-neuron-z").get_attribute("data-value"))
    a_full = float(page.locator(f"{WIDGET} .nbw-neuron-a").get_attribute("data-value"))
    assert z_full == pytest.approx(z, abs=1e-12)
    assert a_full == pytest.approx(a, abs=1e-15)
    # The point is drawn where it is.
    point = page.locator(f"{WIDGET} .nbw-neuron-point")
    px, py = to_plane(page, float(point.get_attribute("cx")), float(point.get_attribute("cy")))
    assert (px, py) == pytest.approx(settings[3:], abs=1e-9)


@pytest.mark.parametrize("w1, w2, b", [(1.5, -1.0, 0.5), (0.0, 2.0, -1.0), (3.0, 0.0, 4.5),
                                       (-1.2, -2.3, 0.4)])
def test_line_where_a_is_one_half(page, w1, w2, b):
    """Both ends of the drawn line satisfy w1 x1 + w2 x2 + b = 0 and lie on the square's
    border; nnbook's neuron gives a = 0.5 there."""
    set_sliders(page, (w1, w2, b, 0.0, 0.0))
    line = page.locator(f"{WIDGET} .nbw-neuron-boundary")
    assert line.evaluate("e => e.style.display !== 'none'")
    for end in ("1", "2"):
        x1, x2 = to_plane(page, float(line.get_attribute(f"x{end}")),
                          float(line.get_attribute(f"y{end}")))
        assert w1 * x1 + w2 * x2 + b == pytest.approx(0, abs=1e-9)
        assert max(abs(x1), abs(x2)) == pytest.approx(LIMIT, abs=1e-9)
        assert nnbook_neuron(w1, w2, b, x1, x2)[1] == pytest.approx(0.5, abs=1e-9)


def test_no_line_without_weights(page):
    set_sliders(page, (0.0, 0.0, 1.0, 0.0, 0.0))
    assert page.locator(f"{WIDGET} .nbw-neuron-boundary").evaluate(
        "e => e.style.display === 'none'")
    text = page.locator(f"{WIDGET} .nbw-neuron-linetext").text_content()
    assert f"\u03c3(b) = {formatted(nnbook_neuron(0, 0, 1, 0, 0)[1], 4)}" in text


def test_keyboard(page):
    """Arrow keys move a focused slider by one step (0.1); z and a follow."""
    set_sliders(page, (1.5, -1.0, 0.5, 1.0, 1.0))
    page.locator(f"{WIDGET} input.nbw-neuron-w1").focus()
    for _ in range(5):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Tab")               # on to the next slider, w2
    page.keyboard.press("ArrowLeft")
    settings = (2.0, -1.1, 0.5, 1.0, 1.0)
    for key, value in zip(KEYS, settings):
        assert float(page.locator(f"{WIDGET} input.nbw-neuron-{key}").input_value()) == \
            pytest.approx(value, abs=1e-12)
    z, a = nnbook_neuron(*settings)
    z_text, a_text = shown(page)
    assert agrees(z_text, z) and agrees(a_text, a), (z_text, a_text, z, a)


def test_instant_navigation(browser, base_url):
    """After leaving the page and coming back by instant navigation, the widget is built
    again, exactly once, and works."""
    with opened(browser, base_url + PAGE, f"{WIDGET} .nbw-neuron-svg") as page:
        leave_and_come_back(page, WIDGET, f"{WIDGET} .nbw-neuron-svg",
                            leave="a.md-footer__link--prev", back="a.md-footer__link--next",
                            path=PAGE)
        assert page.locator(f"{WIDGET} .nbw-neuron-svg").count() == 1
        assert page.locator(f"{WIDGET} input[type=range]").count() == 5
        settings = (-3.3, 1.2, 2.0, 1.5, -2.5)
        set_sliders(page, settings)
        z, a = nnbook_neuron(*settings)
        z_text, a_text = shown(page)
        assert agrees(z_text, z) and agrees(a_text, a)
        assert page.errors == [], f"console errors: {page.errors}"


def test_screenshots_and_axe(palette_page, palette, axe_source):
    """Screenshots by default and after interaction; axe finds nothing serious in the
    widget after interaction either."""
    page = palette_page
    widget = page.locator(WIDGET)
    shoot_widget(page, widget, "neuron-default", palette)
    set_sliders(page, (4.2, 2.0, -1.5, -0.8, 1.4))
    shoot_widget(page, widget, "neuron-after", palette)
    assert serious_violations(page, axe_source, WIDGET) == []
    assert page.errors == [], f"console errors: {page.errors}"
