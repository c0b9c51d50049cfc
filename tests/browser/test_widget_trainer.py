"""The trainer widget's maths and page, in headless Chromium (what every widget shares:
test_widgets.py).

The widget trains a small network on points of the plane in JavaScript; the tests give
nnbook the same start (the widget's initial weights, as Dense's W and b) and the same
batches, train it with nnbook.SGD or nnbook.Adam and nnbook.CrossEntropy, and compare
the weights after every run to 1e-9, and the cost of all the points after each step.
Then the page: play and pause, one step, reset, the keyboard, the speed.
"""

import time

import numpy as np
import pytest

import nnbook

from .widgets import shows, widget_page, widget_page_fixtures

NAME = "trainer"
URL = widget_page(NAME)
WIDGET = f".nb-widget[data-widget='{NAME}']"
READY = f"{WIDGET} .nbw-tr-summary[data-step]"
PLAY = "button.nbw-tr-play"

pytestmark = pytest.mark.skipif(URL is None, reason=f"no {NAME} widget in this build")

widget_session, page, fresh_page = widget_page_fixtures(URL, READY)


def nnbook_net(layers, activation):
    """nnbook's Sequential with the widget's weights (Dense, activation, ..., Dense)."""
    parts = []
    for k, layer in enumerate(layers):
        W = np.array(layer["W"], dtype=float)
        dense = nnbook.Dense(W.shape[1], W.shape[0])
        dense.W, dense.b = W, np.array(layer["b"], dtype=float)
        parts.append(dense)
        if k < len(layers) - 1:
            parts.append(getattr(nnbook, activation)())
    return nnbook.Sequential(*parts)


def cost_of_all(net, X, y):
    return nnbook.CrossEntropy().forward(net.forward(X), y)


def train_like_nnbook(view, settings):
    """nnbook's run from the widget's start and batches: its final net and its costs."""
    X = np.array(view["points"]["X"], dtype=float)
    y = np.array(view["points"]["y"])
    net = nnbook_net(view["initial"], settings["activation"])
    optimiser = (nnbook.Adam(net, lr=settings["lr"]) if settings["optimizer"] == "Adam"
                 else nnbook.SGD(net, lr=settings["lr"]))
    loss = nnbook.CrossEntropy()
    costs = [cost_of_all(net, X, y)]
    for batch in view["batches"]:
        loss.forward(net.forward(X[batch]), y[batch])
        net.backward(loss.backward())
        optimiser.step()
        costs.append(cost_of_all(net, X, y))
    return net, costs


@pytest.mark.parametrize("settings", [
    {"dataset": "circle", "hidden": [4], "activation": "Tanh", "optimizer": "SGD",
     "lr": 0.3, "batchSize": 10},
    {"dataset": "xor", "hidden": [5, 3], "activation": "ReLU", "optimizer": "Adam",
     "lr": 0.03, "batchSize": 25},
    {"dataset": "spiral", "hidden": [3], "activation": "Sigmoid", "optimizer": "SGD",
     "lr": 1, "batchSize": 1},
    {"dataset": "blobs", "hidden": [8, 8], "activation": "Tanh", "optimizer": "Adam",
     "lr": 0.01, "batchSize": 100},
], ids=["circle-sgd", "xor-adam", "spiral-sgd-1", "blobs-adam"])
def test_model_against_nnbook(models, settings):
    """After 40 steps (batch size 100: a new epoch's shuffle at step 3), the widget's
    weights equal nnbook's to 1e-9, and so does the cost of all the points at each step."""
    settings = dict(settings, steps=40, seed=3, trace=True, grid=6)
    view = models(NAME, settings)
    assert view["step"] == 40 and len(view["batches"]) == 40
    assert not view["diverged"]
    net, costs = train_like_nnbook(view, settings)
    dense = [layer for layer in net.layers if isinstance(layer, nnbook.Dense)]
    assert len(dense) == len(view["layers"]) == len(settings["hidden"]) + 1
    for mine, theirs in zip(view["layers"], dense):
        np.testing.assert_allclose(mine["W"], theirs.W, rtol=0, atol=1e-9)
        np.testing.assert_allclose(mine["b"], theirs.b, rtol=0, atol=1e-9)
    np.testing.assert_allclose(view["costs"], costs, rtol=0, atol=1e-9)
    assert view["cost"] == view["costs"][-1]
    # The batches: each epoch every point once, in batches of batchSize.
    n = len(view["points"]["y"])
    flat = [i for batch in view["batches"] for i in batch]
    per_epoch = -(-n // settings["batchSize"])
    for e in range(len(flat) // n):
        assert sorted(flat[e * n:(e + 1) * n]) == list(range(n))
    assert all(len(b) == settings["batchSize"] for b in view["batches"][:per_epoch - 1])
    # The maps: the probability of class 1 (softmax of the logits) on a grid, and each
    # hidden neuron's activation there, from nnbook's forward pass.
    g = settings["grid"]
    at = -1.25 + (np.arange(g) + 0.5) * 2.5 / g
    cells = np.array([[at[c], -at[r]] for r in range(g) for c in range(g)])
    probs = nnbook.functional.softmax(net.forward(cells), axis=1)[:, 1].reshape(g, g)
    np.testing.assert_allclose(view["map"], probs, rtol=0, atol=1e-9)
    a = cells
    for k, layer in enumerate(view["neurons"]):
        a = net.layers[2 * k + 1].forward(net.layers[2 * k].forward(a))
        np.testing.assert_allclose(np.array(layer), a.T.reshape(-1, g, g), rtol=0, atol=1e-9)
    X = np.array(view["points"]["X"])
    right = np.mean(np.argmax(net.forward(X), axis=1) == np.array(view["points"]["y"]))
    assert view["accuracy"] == pytest.approx(right)


def test_a_good_rate_learns_and_a_large_one_diverges(models):
    base = {"dataset": "circle", "hidden": [4], "activation": "Tanh", "optimizer": "SGD",
            "batchSize": 10, "steps": 300, "grid": 4}
    good = models(NAME, dict(base, lr=1))
    assert good["costs"][-1] < 0.25 * good["costs"][0] and good["accuracy"] > 0.9
    bad = models(NAME, dict(base, lr=30))
    assert max(bad["costs"]) > 10 * bad["costs"][0]  # the cost rises far above its start
    assert bad["costs"][-1] > bad["costs"][0] and bad["accuracy"] < 0.8
    # Adam with a good rate learns the XOR too.
    xor = models(NAME, dict(base, dataset="xor", optimizer="Adam", lr=0.03, steps=600))
    assert xor["accuracy"] > 0.9


def test_model_speed(models):
    """Steps per second of the model itself (a 2-8-8-2 network, batches of 10, the cost
    of all 200 points after each step) in headless Chromium."""
    settings = {"dataset": "spiral", "hidden": [8, 8], "optimizer": "Adam", "lr": 0.03,
                "batchSize": 10, "steps": 600, "grid": 30}
    started = time.perf_counter()
    models(NAME, settings)
    rate = 600 / (time.perf_counter() - started)
    print(f"trainer model: {rate:.0f} steps/s")
    assert rate >= 100


def read(widget):
    summary = widget.locator(".nbw-tr-summary")
    return int(summary.get_attribute("data-step")), float(summary.get_attribute("data-cost"))


def settings_of(widget):
    rates = [0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]
    layers = int(widget.locator("input.nbw-tr-layers").input_value())
    return {"dataset": widget.locator("select.nbw-tr-dataset").input_value(),
            "hidden": [int(widget.locator("input.nbw-tr-width").input_value())] * layers,
            "activation": widget.locator("select.nbw-tr-activation").input_value(),
            "optimizer": widget.locator("select.nbw-tr-optimizer").input_value(),
            "lr": rates[int(widget.locator("input.nbw-tr-lr").input_value())],
            "batchSize": int(widget.locator("select.nbw-tr-batch").input_value()),
            "seed": 1}


def check(widget):
    """What the widget shows, in any state, against its model (checked above against
    nnbook) for its settings and step: the cost, the step, the accuracy."""
    step, cost = read(widget)
    view = widget.page.evaluate(
        "s => nnbookWidgets.get('trainer').model(s)", dict(settings_of(widget), steps=step))
    assert cost == pytest.approx(view["cost"], rel=1e-12)
    text = widget.locator(".nbw-tr-summary").inner_text()
    if not view["diverged"]:
        assert text.startswith(f"Step {step}: cost ")
        shown = text.split("cost ")[1].split(",")[0]
        assert shows(shown, view["cost"], 4, powers=True)
        percent = int(np.floor(100 * view["accuracy"] + 0.5))  # JavaScript's Math.round
        assert f"accuracy {percent}%" in text
    assert "NaN" not in widget.inner_text() and "undefined" not in widget.inner_text()


def interact(widget):
    """A state worth a picture: the XOR with two layers, trained 150 steps."""
    widget.locator("select.nbw-tr-dataset").select_option("xor")
    widget.locator("select.nbw-tr-optimizer").select_option("Adam")
    widget.locator("input.nbw-tr-lr").fill("3")  # 0.03
    widget.locator("button.nbw-tr-step").evaluate(
        "b => { for (let i = 0; i < 150; i++) b.click(); }")


def test_step_play_pause_and_keys(page):
    widget = page.locator(WIDGET)
    widget.locator("button.nbw-tr-reset").click()
    assert read(widget)[0] == 0
    widget.locator("button.nbw-tr-step").click()
    assert read(widget)[0] == 1
    check(widget)
    # The keyboard: Enter on One step, then Space.
    widget.locator("button.nbw-tr-step").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Space")
    assert read(widget)[0] == 3
    check(widget)
    # Play runs, Pause stops; the steps counted per second of play, as shown.
    play = widget.locator(PLAY)
    play.scroll_into_view_if_needed()
    play.click()
    assert play.inner_text() == "Pause"
    started, t0 = read(widget)[0], time.perf_counter()
    page.wait_for_timeout(1500)
    play.click()
    ran = (read(widget)[0] - started) / (time.perf_counter() - t0)
    print(f"trainer on its page, playing: {ran:.0f} steps/s")
    assert play.inner_text() == "Play" and ran >= 30
    stopped = read(widget)[0]
    page.wait_for_timeout(300)
    assert read(widget)[0] == stopped  # paused
    check(widget)
    # Off screen, it stops by itself.
    play.click()
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_timeout(400)
    assert play.inner_text() == "Play"
    stopped = read(widget)[0]
    page.wait_for_timeout(300)
    assert read(widget)[0] == stopped


def test_a_large_rate_diverges_on_the_page(page):
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-tr-dataset").select_option("circle")
    widget.locator("select.nbw-tr-optimizer").select_option("SGD")
    widget.locator("input.nbw-tr-lr").fill("9")  # 30
    assert widget.locator(".nbw-tr-lr-value").inner_text() == "30"
    assert read(widget)[0] == 0  # a new setting starts again
    start = read(widget)[1]
    widget.locator("button.nbw-tr-step").evaluate(
        "b => { for (let i = 0; i < 60; i++) b.click(); }")
    assert read(widget)[1] > 3 * start
    check(widget)


def test_reduced_motion_steps_on_demand(open_page):
    with open_page(URL, READY) as page:
        page.emulate_media(reduced_motion="reduce")
        page.reload()
        page.wait_for_selector(READY)
        widget = page.locator(WIDGET)
        play = widget.locator(PLAY)
        assert play.inner_text() == "Train 100 steps"
        play.click()
        assert read(widget)[0] == 100
        page.wait_for_timeout(300)
        assert read(widget)[0] == 100
        check(widget)
