"""The backprop-stepper widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

A tiny sigmoid network and the loss of one example, l = sum_j (a_j - y_j)^2, as the
backpropagation calculus chapter writes it. The same network is built with nnbook (Dense
and Sigmoid layers, the same W and b) and nnbook.MSE, whose mean over the n_L outputs is
the chapter's loss divided by n_L: nnbook's gradients times n_L must equal every
derivative the widget lists (dl/dw, dl/db, dl/dz = delta, dl/da) to 1e-9; the nudge's
change of the loss must match h dl/dw to first order; Next and Back walk the steps.
"""

import numpy as np
import pytest

import nnbook

from .widgets import shown_code_prints, widget_page

NAME = "backprop-stepper"
PAGE = widget_page(NAME)
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-backprop-stepper-svg"
PLAY = None  # no timer

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")

CHAIN = {"W": [[[1.5]], [[-2.0]], [[2.5]]], "b": [[0.5], [1.0], [-1.0]], "x": [0.8], "y": [1.0]}


def nnbook_derivatives(net):
    """Every derivative of the chapter's loss by nnbook's backward: {(kind, l, j, k): value}
    with j, k counted from 1, for kinds dl_dw, dl_db, delta (dl/dz) and dl_da."""
    layers = []
    for W, b in zip(net["W"], net["b"]):
        dense = nnbook.Dense(len(W[0]), len(W))
        dense.W, dense.b = np.array(W, dtype=float), np.array(b, dtype=float)
        layers += [dense, nnbook.Sigmoid()]
    X, Y = np.array([net["x"]], dtype=float), np.array([net["y"]], dtype=float)
    outs, n_L = [X], Y.shape[1]
    for layer in layers:
        outs.append(layer(outs[-1]))
    loss = nnbook.MSE()
    loss.forward(outs[-1], Y)
    grad = loss.backward() * n_L        # the chapter's sum, not nnbook's mean
    found, L = {}, len(net["W"])
    for l in range(L, 0, -1):
        for j, g in enumerate(grad[0], 1):
            found[("dl_da", l, j, None)] = g
        grad = layers[2 * l - 1].backward(grad)
        for j, g in enumerate(grad[0], 1):
            found[("delta", l, j, None)] = g
        grad = layers[2 * l - 2].backward(grad)
        dense = layers[2 * l - 2]
        for (j, k), g in np.ndenumerate(dense.grads["W"]):
            found[("dl_dw", l, j + 1, k + 1)] = g
        for j, g in enumerate(dense.grads["b"], 1):
            found[("dl_db", l, j, None)] = g
    forward = {("z", l, j, None): v for l in range(1, L + 1)
               for j, v in enumerate(outs[2 * l - 1][0], 1)}
    forward |= {("a", l, j, None): v for l in range(1, L + 1)
                for j, v in enumerate(outs[2 * l][0], 1)}
    forward[("loss", L, None, None)] = loss.forward(outs[-1], Y) * n_L
    return found, forward


def check_view(view, net):
    derivatives, values = nnbook_derivatives(net)
    listed = {(s["kind"], s["l"], s["j"], s["k"]): s["value"] for s in view["steps"]}
    backward = {key: v for key, v in listed.items()
                if key[0] in ("dl_da", "delta", "dl_dw", "dl_db")}
    # every derivative nnbook computes is listed (dl/da of the input excepted), and equal
    assert set(backward) == set(derivatives), set(backward) ^ set(derivatives)
    for key, value in backward.items():
        assert abs(value - derivatives[key]) <= 1e-9, key
    for key, value in values.items():
        assert abs(listed[key] - value) <= 1e-9, key
    # the order: forward, the loss, then backward
    kinds = [s["kind"] for s in view["steps"]]
    assert kinds.index("loss") == len(values) - 1
    assert set(kinds[:kinds.index("loss")]) == {"z", "a"}
    for l, W in enumerate(view["grads"]["W"], 1):
        for (j, k), g in np.ndenumerate(np.array(W)):
            assert abs(g - derivatives[("dl_dw", l, j + 1, k + 1)]) <= 1e-9


NETS = {
    "chain": CHAIN,
    "2-2-1": {"W": [[[0.5, -1.0], [1.5, 0.8]], [[2.0, -1.5]]], "b": [[0.2, -0.4], [0.3]],
              "x": [1.0, 0.5], "y": [1.0]},
    "3-4-2": None,  # random, two outputs: the sum over j and nnbook's mean differ by 2
}


@pytest.mark.parametrize("name", list(NETS))
def test_every_derivative_is_nnbooks_backward(models, name):
    net = NETS[name]
    if net is None:
        rng = np.random.default_rng(7)
        net = {"W": [rng.normal(size=(4, 3)).tolist(), rng.normal(size=(2, 4)).tolist()],
               "b": [rng.normal(size=4).tolist(), rng.normal(size=2).tolist()],
               "x": rng.normal(size=3).tolist(), "y": [0.0, 1.0]}
    view = models(NAME, dict(net, step=0))
    check_view(view, net)


def test_the_chain_is_the_chapters(models):
    """The chapter's printed numbers: a(3) = 0.4587, l = 0.2930, delta(3) = -0.2688,
    dl/dw(3) = -0.089723, delta(1) = 0.0390."""
    view = models(NAME, dict(CHAIN, step=0))
    steps = {s["label"]: s for s in view["steps"]}
    assert round(steps["a⁽³⁾"]["value"], 4) == 0.4587
    assert round(steps["ℓ"]["value"], 4) == 0.2930
    assert round(steps["δ⁽³⁾"]["value"], 4) == -0.2688
    assert round(steps["∂ℓ/∂w⁽³⁾"]["value"], 6) == -0.089723
    assert round(steps["δ⁽¹⁾"]["value"], 4) == 0.0390
    assert "a⁽²⁾ δ⁽³⁾" in steps["∂ℓ/∂w⁽³⁾"]["formula"]
    assert steps["∂ℓ/∂b⁽¹⁾"]["formula"].endswith("= 1 · δ⁽¹⁾ = 1 · 0.0390 = 0.0390")
    for step in view["steps"]:  # each equals sign a step: no number said twice in a row
        parts = [part.strip() for part in step["formula"].split("=")]
        assert all(a != b for a, b in zip(parts, parts[1:])), step["formula"]


@pytest.mark.parametrize("h", [1e-2, -1e-3, 1e-4])
def test_the_nudge_matches_the_derivative_to_first_order(models, h):
    """change - h dl/dw is of order h^2: below 10 h^2 (the second derivative is small);
    for the smallest h the prediction is within 1 % of the change."""
    net = NETS["2-2-1"]
    for l, j, k in [(1, 2, 1), (2, 1, 2)]:
        nudge = models(NAME, dict(net, step=0, nudge={"l": l, "j": j, "k": k, "h": h}))["nudge"]
        assert abs(nudge["change"] - nudge["predicted"]) <= 10 * h * h
        assert abs(nudge["after"] - nudge["before"] - nudge["change"]) <= 1e-15
        if abs(h) <= 1e-4:
            assert abs(nudge["change"] / nudge["predicted"] - 1) < 0.01




def state(widget):
    return widget.evaluate("e => e.backpropStepper")


def check(widget):
    """The state's steps are nnbook's, and the page shows the current one."""
    view = state(widget)
    settings = view["settings"]
    check_view(view, settings)
    step = view["steps"][view["step"]]
    formula = widget.locator(".nbw-backprop-stepper-formula")
    assert formula.inner_text() == step["formula"]
    assert abs(float(formula.get_attribute("data-value")) - step["value"]) <= 1e-12
    shown = widget.locator(".nbw-backprop-stepper-change").get_attribute("data-value")
    assert abs(float(shown) - view["nudge"]["change"]) <= 1e-15
    return view


def interact(widget):
    """A state worth a picture: the 2-2-1 network, on its fourteenth step, a sum over the
    next layer's neurons (backward)."""
    widget.locator("select.nbw-backprop-stepper-net").select_option("small")
    widget.locator("button.nbw-backprop-stepper-next").evaluate(
        "b => { for (let i = 0; i < 13; i++) b.click(); }")


def test_next_and_back_walk_the_steps(page):
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-backprop-stepper-net").select_option("chain")
    view = check(widget)
    assert view["step"] == 0 and view["current"]["label"] == "z⁽¹⁾"
    n = len(view["steps"])
    following = widget.locator("button.nbw-backprop-stepper-next")
    for _ in range(n - 1):
        assert following.is_enabled()
        following.click()
    view = check(widget)
    assert view["step"] == n - 1 and view["current"]["kind"] == "dl_db"
    assert following.is_disabled()  # the last step: nothing comes next
    following.evaluate("b => b.click()")  # a click on it anyway changes nothing
    assert check(widget)["step"] == n - 1
    widget.locator("button.nbw-backprop-stepper-back").click()
    assert check(widget)["step"] == n - 2
    # from the keyboard: Enter on the focused buttons
    widget.locator("button.nbw-backprop-stepper-back").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert check(widget)["step"] == n - 1 and following.is_disabled()
    assert f"Step {n} of {n}" in widget.inner_text()
    widget.locator("button.nbw-backprop-stepper-back").click()
    assert following.is_enabled()


def test_the_nudge_on_the_page(page):
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-backprop-stepper-net").select_option("small")
    widget.locator("select.nbw-backprop-stepper-weight").select_option("1,2,1")
    widget.locator("input.nbw-backprop-stepper-h").fill("0.01")
    view = check(widget)
    nudge = view["nudge"]
    assert (nudge["l"], nudge["j"], nudge["k"], nudge["h"]) == (1, 2, 1, 0.01)
    assert abs(nudge["change"] - nudge["predicted"]) <= 10 * 0.01 ** 2
    assert "w⁽¹⁾₂₁" in widget.locator(".nbw-backprop-stepper-nudge").inner_text()


@pytest.mark.parametrize("net, weight, h", [("chain", "2,1,1", 0.1),
                                            ("small", "1,2,1", -0.25)])
def test_show_as_code_gives_the_program_of_the_stepper(page, net, weight, h):
    """"Show as code" opens the nnbook program of the network on the screen; run in
    Python, it prints the stepper's loss, every derivative and the nudge's change and
    prediction."""
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-backprop-stepper-net").select_option(net)
    widget.locator("select.nbw-backprop-stepper-weight").select_option(weight)
    widget.locator("input.nbw-backprop-stepper-h").fill(str(h))
    view = check(widget)
    lines = shown_code_prints(widget, "nbw-backprop-stepper")
    expected = [["loss", view["loss"]]]
    for l in range(1, len(view["sizes"])):
        name = 2 * (l - 1)  # the Dense layers of the Sequential: 0, 2, ...
        expected += [[f"dl/d{name}.W", *np.ravel(view["grads"]["W"][l - 1])],
                     [f"dl/d{name}.b", *view["grads"]["b"][l - 1]]]
    nudge = view["nudge"]
    expected.append(["change", nudge["change"], "predicted", nudge["predicted"]])
    assert len(lines) == len(expected)
    for line, row in zip(lines, expected):
        assert len(line) == len(row), line
        for word, want in zip(line, row):
            if isinstance(want, str):
                assert word == want
            else:
                assert float(word) == pytest.approx(want, rel=1e-12, abs=1e-15), line
    assert page.errors == []

