"""The hover-network widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The network chapter's 3-2-1 network (ReLU, then a sigmoid), exported by the build as
``model.json`` with its input ``X.json``. Every weighted sum plus bias z and activation a
that the widget shows must be nnbook's forward pass for the same weights and input to 1e-9;
the arrow keys move the focus, and the widget shows the focused neuron or weight.
"""


import numpy as np
import pytest

from .widgets import nnbook_network, widget_page
from . import widgets

NAME = "hover-network"
PAGE = widget_page(NAME)
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-hover-network-svg"
PLAY = None  # no timer

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


def exported(name):
    return widgets.exported(PAGE, name)


def reference(net, x):
    """z and a of each weight layer, by nnbook's Sequential slices: model[:n](X)."""
    model, X = nnbook_network(net), np.array([x], dtype=float)
    return [(model[:n](X)[0], model[:n + 1](X)[0]) for n in range(1, len(model.layers), 2)]


def check_view(view, net, x):
    want = reference(net, x)
    assert len(view["layers"]) == len(want)
    for layer, (z, a) in zip(view["layers"], want):
        np.testing.assert_allclose(layer["z"], z, rtol=0, atol=1e-9)
        np.testing.assert_allclose(layer["a"], a, rtol=0, atol=1e-9)
    f = view["focus"]
    if f["kind"] == "neuron" and f["l"] > 0:
        z, a = want[f["l"] - 1]
        assert abs(view["detail"]["z"] - z[f["j"] - 1]) <= 1e-9
        assert abs(view["detail"]["a"] - a[f["j"] - 1]) <= 1e-9


def random_net(rng, sizes=(4, 3, 2), types=("Sigmoid", "Tanh")):
    layers = []
    for n_in, n_out, kind in zip(sizes, sizes[1:], types):
        layers += [{"type": "Dense", "params": {"W": rng.normal(0, 1, (n_out, n_in)).tolist(),
                                                "b": rng.normal(0, 1, n_out).tolist()}},
                   {"type": kind}]
    return {"type": "Sequential", "layers": layers}


@pytest.mark.parametrize("focus", [None, {"kind": "neuron", "l": 1, "j": 3},
                                   {"kind": "neuron", "l": 0, "j": 2},
                                   {"kind": "weight", "l": 2, "j": 2, "k": 3}],
                         ids=["output", "hidden", "input", "weight"])
def test_model_is_nnbooks_forward_pass(models, focus):
    rng = np.random.default_rng(5)
    net = random_net(rng)
    x = rng.normal(0, 2, 4).tolist()
    view = models(NAME, {"net": net, "x": x, "focus": focus})
    check_view(view, net, x)
    if focus and focus["kind"] == "weight":
        W = np.array(net["layers"][2]["params"]["W"])
        assert "row 2, column 3 of W⁽²⁾" in view["detail"]["lines"][0]
        assert f"= {W[1, 2]:.4f}".replace("-", "−").rstrip("0") in view["detail"]["lines"][0]


def test_arrow_keys_move_through_neurons_and_weights(models):
    sizes = [3, 2, 1]
    move = "([f, key]) => nnbookWidgets.get('hover-network').move(f, key, [3, 2, 1])"
    go = lambda f, key: models.page.evaluate(move, [f, key])  # noqa: E731
    assert go({"kind": "neuron", "l": 2, "j": 1}, "ArrowLeft") == {"kind": "neuron", "l": 1, "j": 1}
    assert go({"kind": "neuron", "l": 1, "j": 1}, "ArrowDown") == {"kind": "neuron", "l": 1, "j": 2}
    assert go({"kind": "neuron", "l": 1, "j": 2}, "ArrowDown") == {"kind": "neuron", "l": 1, "j": 2}
    assert go({"kind": "neuron", "l": 0, "j": 3}, "ArrowRight") == {"kind": "neuron", "l": 1, "j": 2}
    w = {"kind": "weight", "l": 1, "j": 1, "k": 3}
    assert go(w, "ArrowDown") == {"kind": "weight", "l": 1, "j": 2, "k": 1}  # next row of W
    assert go(w, "ArrowRight") == {"kind": "weight", "l": 2, "j": 1, "k": 2}
    assert sizes == [3, 2, 1]




def state(widget):
    return widget.evaluate("e => e.hoverNetwork")


def check(widget):
    """What the widget shows is nnbook's forward pass of the chapter's network at the
    sliders' input: its state, and the z and a written in the table (data-value)."""
    view = state(widget)
    x = [float(v) for v in widget.locator("input[type=range]").evaluate_all(
        "xs => xs.map(x => x.value)")]
    assert view["x"] == x
    net = exported("model")
    check_view(view, net, x)
    table = view["detail"]["table"]
    z, a = reference(net, x)[table - 1]
    cells = widget.locator(".nbw-hover-network-matrix td[data-value]").evaluate_all(
        "ts => ts.map(t => Number(t.dataset.value))")
    np.testing.assert_allclose(cells, np.column_stack([z, a]).ravel(), rtol=0, atol=1e-9)
    assert view["detail"]["summary"] in widget.locator("[aria-live]").inner_text()
    return view


def interact(widget):
    """A state worth a picture: the first hidden neuron, pointed at."""
    widget.locator(".nbw-hover-network-neuron").nth(3).hover()


def test_the_export_is_the_chapters_network():
    net = exported("model")
    assert [layer["type"] for layer in net["layers"]] == ["Dense", "ReLU", "Dense", "Sigmoid"]
    assert exported("X") == [[2.0, 1.0, 3.0]]


def test_it_starts_on_the_output_as_the_chapter_computes_it(fresh_page):
    widget = fresh_page.locator(WIDGET)
    view = check(widget)
    assert view["focus"] == {"kind": "neuron", "l": 2, "j": 1}
    text = widget.inner_text()
    assert "z⁽²⁾₁ = w₁₁a₁ + w₁₂a₂ + b₁ = (1) · (2) + (1.5) · (0) + (−1) = 1.0000" in text
    assert "a⁽²⁾₁ = σ(z⁽²⁾₁) = 0.7311" in text


def test_keyboard_moves_the_focus_and_shows_it(page):
    widget = page.locator(WIDGET)
    neuron = widget.locator(".nbw-hover-network-neuron[tabindex='0']")
    assert neuron.count() == 1
    neuron.focus()
    page.keyboard.press("ArrowLeft")   # output -> first hidden neuron
    page.keyboard.press("ArrowDown")   # -> second hidden neuron
    view = check(widget)
    assert view["focus"] == {"kind": "neuron", "l": 1, "j": 2}
    assert widget.locator(".nbw-hover-network-neuron:focus").get_attribute("aria-label") \
        .startswith("neuron 2 of layer 1")
    assert "z⁽¹⁾₂ = " in widget.inner_text() and "= −1.0000" in widget.inner_text()
    page.keyboard.press("Tab")         # the connections' tab stop
    page.keyboard.press("ArrowDown")   # w(1)_11 -> w(1)_12
    view = check(widget)
    assert view["focus"] == {"kind": "weight", "l": 1, "j": 1, "k": 2}
    assert "row 1, column 2 of W⁽¹⁾" in widget.inner_text()


def test_sliders_and_hover_update_the_numbers(page):
    widget = page.locator(WIDGET)
    widget.locator("input.nbw-hover-network-x2").fill("-2")
    widget.locator(".nbw-hover-network-edge").nth(4).hover()  # w(1)_22
    view = check(widget)
    assert view["focus"] == {"kind": "weight", "l": 1, "j": 2, "k": 2}
    widget.locator(".nbw-hover-network-neuron").nth(5).hover()  # the output
    check(widget)
    widget.locator("input.nbw-hover-network-x2").fill("1")
