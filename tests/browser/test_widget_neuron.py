"""The neuron widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

A sigmoid neuron with two inputs, a = sigma(w1 x1 + w2 x2 + b), drawn over the plane. For
several settings of the five sliders (saturated ones too), the z and a the widget writes
must be those of nnbook.Dense(2, 1) with W = [[w1, w2]], b = [b], followed by
nnbook.Sigmoid(), to the 4 decimals shown; the line it draws must be w . x + b = 0.
"""

import re

import numpy as np
import pytest

import nnbook

from .widgets import drag, shows, widget_page, widget_source

NAME = "neuron"
PAGE = widget_page(NAME)
CHAPTER = widget_source("neuron")
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-neuron-svg"
PLAY = None  # no timer
KEYS = ("w1", "w2", "b", "x1", "x2")
LIMIT = 3   # the plane shown is [-3, 3] x [-3, 3]

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


def nnbook_neuron(w1, w2, b, x1, x2):
    """z and a of the point (x1, x2), computed by nnbook's layers."""
    dense = nnbook.Dense(2, 1)
    dense.W = [[w1, w2]]
    dense.b = [b]
    z = dense(np.array([[x1, x2]]))
    a = nnbook.Sigmoid()(z)
    return float(z[0, 0]), float(a[0, 0])


def set_sliders(widget, settings):
    for key, value in zip(KEYS, settings, strict=True):
        widget.locator(f"input.nbw-neuron-{key}").fill(repr(float(value)))


def to_plane(widget, sx, sy):
    """SVG coordinates back to (x1, x2), through the frame of the plot."""
    frame = widget.locator(".nbw-frame").first  # the heat map's; the legend's comes after
    left, top, size = (float(frame.get_attribute(k)) for k in ("x", "y", "width"))
    return (-LIMIT + (sx - left) / size * 2 * LIMIT, LIMIT - (sy - top) / size * 2 * LIMIT)


def number_after(text, prefix):
    """The number written right after ``prefix`` in ``text``."""
    return re.search(re.escape(prefix) + r"(\S+?)[.,;:]?(?:\s|$)", text).group(1)


def check(widget):
    """z and a, as shown, are nnbook's Dense + Sigmoid at the sliders' values, to 4
    decimals; the point is drawn where it is. Returns the sliders' values."""
    settings = [float(widget.locator(f"input.nbw-neuron-{key}").input_value()) for key in KEYS]
    for key, value in zip(KEYS, settings, strict=True):
        assert shows(widget.locator(f".nbw-neuron-{key}-value").text_content(), value, 1)
    z, a = nnbook_neuron(*settings)
    for cls, value, exact in (("z", z, 1e-12), ("a", a, 1e-15)):
        out = widget.locator(f".nbw-neuron-{cls}")
        assert shows(out.text_content(), value), (cls, out.text_content(), value)
        assert float(out.get_attribute("data-value")) == pytest.approx(value, abs=exact)
    label = widget.locator("svg").get_attribute("aria-label")
    assert shows(number_after(label, "is marked, a = "), a)
    point = widget.locator(".nbw-neuron-point")
    px, py = to_plane(widget, float(point.get_attribute("cx")), float(point.get_attribute("cy")))
    assert (px, py) == pytest.approx(settings[3:], abs=1e-9)
    return tuple(settings)


def interact(widget):
    """A state worth a picture: another neuron and point."""
    set_sliders(widget, (4.2, 2.0, -1.5, -0.8, 1.4))




def test_defaults_are_the_chapters(fresh_page):
    """The widget starts at the neuron and the first point of the chapter's python block."""
    text = CHAPTER.read_text(encoding="utf-8")
    w1, w2, b = (float(v) for v in re.search(
        r"w1, w2, b = ([-\d.]+), ([-\d.]+), ([-\d.]+)", text).groups())
    x1, x2 = (float(v) for v in re.search(
        r"X = np\.array\(\[\[([-\d.]+), ([-\d.]+)\]", text).groups())
    widget = fresh_page.locator(WIDGET)
    assert check(widget) == (w1, w2, b, x1, x2)
    assert widget.locator("svg").get_attribute("role") == "img"


SETTINGS = [
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
    (0.0, 2.0, -1.0, 0.0, 0.0),      # a horizontal line
    (3.0, 0.0, 4.5, 0.0, 0.0),       # a vertical line
    (0.1, 0.1, 5.0, 0.0, 0.0),       # the line a = 0.5 outside the square
]


def settings_id(settings):
    return ",".join(f"{v:g}" for v in settings)


@pytest.mark.parametrize("settings", SETTINGS, ids=settings_id)
def test_model_against_nnbook(models, settings):
    """The model's z, a, heat map and line a = 0.5 are nnbook's neuron's."""
    w1, w2, b, x1, x2 = settings
    view = models(NAME, dict(zip(KEYS, settings, strict=True)))
    z, a = nnbook_neuron(*settings)
    assert view["z"] == pytest.approx(z, abs=1e-12)
    assert view["a"] == pytest.approx(a, abs=1e-15)
    # The heat map: a at the centres of the squares, rows from the top (x2 decreasing).
    cells = round(len(view["heat"]) ** 0.5)
    centres = -LIMIT + (np.arange(cells) + 0.5) * 2 * LIMIT / cells
    x1s, x2s = np.meshgrid(centres, -centres)
    np.testing.assert_allclose(np.reshape(view["heat"], (cells, cells)),
                               nnbook.functional.sigmoid(w1 * x1s + w2 * x2s + b),
                               rtol=0, atol=1e-15)
    # The line a = 0.5: both ends on it and on the square's border, or no line when it
    # misses the square; with no weights, a is sigma(b) everywhere.
    corners = [w1 * p + w2 * q + b for p in (-LIMIT, LIMIT) for q in (-LIMIT, LIMIT)]
    crosses = min(corners) < 0 < max(corners)
    assert (view["line"] is not None) == crosses
    for end in view["line"] or []:
        assert w1 * end[0] + w2 * end[1] + b == pytest.approx(0, abs=1e-9)
        assert max(map(abs, end)) == pytest.approx(LIMIT, abs=1e-9)
    if w1 == w2 == 0:
        assert view["flat"] == pytest.approx(nnbook_neuron(0, 0, b, 0, 0)[1], abs=1e-15)
    else:
        assert view["flat"] is None


@pytest.mark.parametrize("settings", SETTINGS[:10], ids=settings_id)
def test_z_and_a(page, settings):
    """z and a, as shown, are nnbook's Dense + Sigmoid to 4 decimals."""
    widget = page.locator(WIDGET)
    set_sliders(widget, settings)
    assert check(widget) == settings


@pytest.mark.parametrize("text, sets, neuron", [
    ("multiply both weights and the bias by 2", "w1=3 w2=-2 b=1", (3.0, -2.0, 1.0)),
    ("set", "w1=1.5 w2=0 b=0.5", (1.5, 0.0, 0.5)),  # then w₂ = 0, typeset
    ("change only", "w1=1.5 w2=-1 b=-2", (1.5, -1.0, -2.0)),  # then b, typeset
    ("set both weights to 0", "w1=0 w2=0 b=0.5", (0.0, 0.0, 0.5)),
])
def test_a_try_it_link_sets_the_neuron_of_its_sentence(page, text, sets, neuron):
    """The prose's four "things to try" links: a click sets the neuron's sliders to the
    sentence's neuron (the point left where it is), brings the widget into view with
    the keyboard on its first slider, and the widget writes nnbook's z and a."""
    widget = page.locator(WIDGET)
    set_sliders(widget, (-4.0, 4.0, 3.0, 0.7, -1.2))
    page.evaluate("window.scrollTo(0, 0)")
    link = page.locator(f"a.nb-try[data-try='{sets}']")
    assert link.inner_text().startswith(text)
    link.click()
    assert check(widget) == (*neuron, 0.7, -1.2)
    assert page.evaluate("document.activeElement.dataset.key") == "w1"
    box, height = widget.bounding_box(), page.viewport_size["height"]
    assert box["y"] < height and box["y"] + box["height"] > 0  # in view
    assert page.errors == []


@pytest.mark.parametrize("w1, w2, b", [(1.5, -1.0, 0.5), (0.0, 2.0, -1.0), (3.0, 0.0, 4.5),
                                       (-1.2, -2.3, 0.4)])
def test_line_where_a_is_one_half(page, w1, w2, b):
    """Both ends of the drawn line satisfy w1 x1 + w2 x2 + b = 0 and lie on the square's
    border; nnbook's neuron gives a = 0.5 there."""
    widget = page.locator(WIDGET)
    set_sliders(widget, (w1, w2, b, 0.0, 0.0))
    line = widget.locator(".nbw-neuron-boundary")
    assert line.evaluate("e => e.style.display !== 'none'")
    for end in ("1", "2"):
        x1, x2 = to_plane(widget, float(line.get_attribute(f"x{end}")),
                          float(line.get_attribute(f"y{end}")))
        assert w1 * x1 + w2 * x2 + b == pytest.approx(0, abs=1e-9)
        assert max(abs(x1), abs(x2)) == pytest.approx(LIMIT, abs=1e-9)
        assert nnbook_neuron(w1, w2, b, x1, x2)[1] == pytest.approx(0.5, abs=1e-9)


def test_no_line_without_weights(page):
    widget = page.locator(WIDGET)
    set_sliders(widget, (0.0, 0.0, 1.0, 0.0, 0.0))
    assert widget.locator(".nbw-neuron-boundary").evaluate("e => e.style.display === 'none'")
    text = widget.locator(".nbw-neuron-linetext").text_content()
    assert shows(number_after(text, "\u03c3(b) = "), nnbook_neuron(0, 0, 1, 0, 0)[1])
    check(widget)


def test_line_equation_reads_with_its_signs(page):
    """The line's equation reads "1.5 x₁ − 1.0 x₂ + 0.5 = 0", never "+ −1.0"."""
    widget = page.locator(WIDGET)
    set_sliders(widget, (1.5, -1.0, 0.5, 1.0, 1.0))
    text = widget.locator(".nbw-neuron-linetext").text_content()
    assert "1.5 x\u2081 \u2212 1.0 x\u2082 + 0.5 = 0" in text
    set_sliders(widget, (-2.0, 0.0, -0.1, 1.0, 1.0))
    text = widget.locator(".nbw-neuron-linetext").text_content()
    assert "\u22122.0 x\u2081 + 0.0 x\u2082 \u2212 0.1 = 0" in text


def test_dragging_the_point_moves_the_input(page):
    """The point follows the pointer: dropped at (−2, 1.5) of the plane, the sliders read
    −2.0 and 1.5 and z, a are nnbook's there."""
    widget = page.locator(WIDGET)
    picture = widget.locator("svg.nbw-neuron-svg")
    left, top, size = picture.evaluate(
        "svg => { const r = svg.querySelector('.nbw-neuron-heat');"
        " return [+r.getAttribute('x'), +r.getAttribute('y'), +r.getAttribute('width')]; }")
    x = left + (-2 + LIMIT) / (2 * LIMIT) * size
    y = top + (LIMIT - 1.5) / (2 * LIMIT) * size
    drag(page, picture, widget.locator(".nbw-neuron-grip"), x, y)
    assert float(widget.locator("input.nbw-neuron-x1").input_value()) == -2
    assert float(widget.locator("input.nbw-neuron-x2").input_value()) == 1.5
    check(widget)
