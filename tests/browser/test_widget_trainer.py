"""The trainer widget's maths and page, in headless Chromium (what every widget shares:
test_widgets.py).

The widget trains a small network on points of the plane in JavaScript; the tests give
nnbook the same start (the widget's initial weights, as Dense's W and b), the same inputs
(the features of the points, computed again with numpy) and the same batches, train it
with nnbook.SGD or nnbook.Adam, nnbook.CrossEntropy and nnbook.L2, with the reader's
changes of rate, batch size, optimiser and penalty at the same steps, and compare the
weights after every run to 1e-9, and the costs of the training and the test points after
each step. The cross-entropy is compared with nnbook's at infinity too. Each data set's
defaults must learn it within the steps the widget states. Then the page: play and
pause at two speeds, one step, reset, the keyboard, changes that keep the weights and
changes that start again, the epoch, the link to the settings, a phone's screen.
"""

import json
import re
import time

import numpy as np
import pytest

import nnbook

from .widgets import shown_code_prints, shows, widget_page

NAME = "trainer"
PAGE = widget_page(NAME)
WIDGET = f".nb-widget[data-widget='{NAME}']"
READY = f"{WIDGET} .nbw-tr-summary[data-step]"
PLAY = "button.nbw-tr-play"

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")



FEATURES = {  # the widget's inputs, written again here with numpy
    "x1": lambda X: X[:, 0], "x2": lambda X: X[:, 1], "x1sq": lambda X: X[:, 0] ** 2,
    "x2sq": lambda X: X[:, 1] ** 2, "x1x2": lambda X: X[:, 0] * X[:, 1],
    "sinx1": lambda X: np.sin(np.pi * X[:, 0]), "sinx2": lambda X: np.sin(np.pi * X[:, 1]),
}


def inputs_of(X, features):
    return np.stack([FEATURES[f](X) for f in features], axis=1)


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


def optimiser_for(net, optimizer, lr):
    return nnbook.Adam(net, lr=lr) if optimizer == "Adam" else nnbook.SGD(net, lr=lr)


def train_like_nnbook(view):
    """nnbook's run from the widget's start and batches, with the reader's changes at their
    steps (a new rate, batch size or penalty kept, a new optimiser made afresh): its final
    net and its costs on the training and the test points after each step."""
    settings = view["settings"]
    X = inputs_of(np.array(view["points"]["X"], dtype=float), settings["features"])
    y = np.array(view["points"]["y"])
    train, test = view["points"]["train"], view["points"]["test"]
    net = nnbook_net(view["initial"], settings["activation"])
    optimizer = optimiser_for(net, settings["optimizer"], settings["lr"])
    penalty = nnbook.L2(net, settings["l2"])
    loss = nnbook.CrossEntropy()
    costs, test_costs = [], []

    def score():
        costs.append(loss.forward(net.forward(X[train]), y[train]))
        test_costs.append(loss.forward(net.forward(X[test]), y[test]))

    score()
    changes = {change["at"]: change for change in view["changes"]}
    for step, batch in enumerate(view["batches"]):
        change = changes.get(step, {})
        if "optimizer" in change:
            optimizer = optimiser_for(net, change["optimizer"], change.get("lr", optimizer.lr))
        elif "lr" in change:
            optimizer.lr = change["lr"]
        if "l2" in change:
            penalty = nnbook.L2(net, change["l2"])
        loss.forward(net.forward(X[batch]), y[batch])
        net.backward(loss.backward())
        penalty.backward()
        optimizer.step()
        score()
    return net, costs, test_costs


@pytest.mark.parametrize("settings", [
    {"dataset": "circle", "hidden": [4], "activation": "Tanh", "optimizer": "SGD",
     "lr": 0.3, "batchSize": 10},
    {"dataset": "xor", "hidden": [5, 3], "activation": "ReLU", "optimizer": "Adam",
     "lr": 0.03, "batchSize": 25, "l2": 0.01, "trainShare": 0.3},
    {"dataset": "spiral", "hidden": [3, 4, 2], "activation": "Sigmoid", "optimizer": "SGD",
     "lr": 1, "batchSize": 1, "noise": 0.1, "features": ["x1", "x2", "sinx1", "sinx2"]},
    {"dataset": "circle", "hidden": [], "activation": "Tanh", "optimizer": "SGD",
     "lr": 1, "batchSize": 4, "features": ["x1sq", "x2sq", "x1x2"], "trainShare": 0.8},
    {"dataset": "blobs", "hidden": [8, 8, 8, 8], "activation": "Tanh", "optimizer": "Adam",
     "lr": 0.01, "batchSize": 50, "l2": 0.1, "noise": 0.3, "trainShare": 0.9},
], ids=["circle-sgd", "xor-adam-l2", "spiral-sines-noise", "circle-no-hidden-squares",
        "blobs-4-layers"])
def test_model_against_nnbook(models, settings):
    """After 40 steps (batch size 50 on 180 points: a new epoch's shuffle at step 4), the
    widget's weights equal nnbook's (nnbook.L2 for the penalty) to 1e-9, and so do the
    costs of the training and the test points at each step; its inputs are the features
    of its points, its two sets split the points."""
    settings = dict(settings, steps=40, seed=3, trace=True, grid=6)
    view = models(NAME, settings)
    assert view["step"] == 40 and len(view["batches"]) == 40
    assert not view["diverged"]
    net, costs, test_costs = train_like_nnbook(view)
    dense = [layer for layer in net.layers if isinstance(layer, nnbook.Dense)]
    assert len(dense) == len(view["layers"]) == len(settings["hidden"]) + 1
    for mine, theirs in zip(view["layers"], dense):
        np.testing.assert_allclose(mine["W"], theirs.W, rtol=0, atol=1e-9)
        np.testing.assert_allclose(mine["b"], theirs.b, rtol=0, atol=1e-9)
    np.testing.assert_allclose(view["costs"], costs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(view["testCosts"], test_costs, rtol=0, atol=1e-9)
    assert view["cost"] == view["costs"][-1] and view["testCost"] == view["testCosts"][-1]
    assert view["penalty"] == pytest.approx(nnbook.L2(net, view["settings"]["l2"]).forward(),
                                            rel=1e-9, abs=1e-15)
    # The inputs, the split, the noise.
    points = np.array(view["points"]["X"])
    features = view["settings"]["features"]
    np.testing.assert_allclose(view["inputs"], inputs_of(points, features), rtol=0, atol=1e-15)
    train, test = view["points"]["train"], view["points"]["test"]
    n = len(points)
    assert sorted(train + test) == list(range(n))
    assert len(train) == round(view["settings"]["trainShare"] * n)
    if view["settings"]["noise"]:
        quiet = models(NAME, dict(settings, noise=0, steps=0))
        moved = points - np.array(quiet["points"]["X"])
        assert 0.5 < np.std(moved) / view["settings"]["noise"] < 1.5
    # The batches: each epoch every training point once, in batches of batchSize.
    flat = [i for batch in view["batches"] for i in batch]
    per_epoch = -(-len(train) // settings["batchSize"])
    for e in range(len(flat) // len(train)):
        assert sorted(flat[e * len(train):(e + 1) * len(train)]) == sorted(train)
    assert all(len(b) == settings["batchSize"] for b in view["batches"][:per_epoch - 1])
    assert view["epoch"] == len(flat) // len(train)
    # The maps: the probability of class 1 (softmax of the logits) on a grid, and each
    # hidden neuron's activation there, from nnbook's forward pass.
    g = settings["grid"]
    at = -1.25 + (np.arange(g) + 0.5) * 2.5 / g
    cells = inputs_of(np.array([[at[c], -at[r]] for r in range(g) for c in range(g)]), features)
    probs = nnbook.functional.softmax(net.forward(cells), axis=1)[:, 1].reshape(g, g)
    np.testing.assert_allclose(view["map"], probs, rtol=0, atol=1e-9)
    a = cells
    assert len(view["neurons"]) == len(settings["hidden"])
    for k, layer in enumerate(view["neurons"]):
        a = net.layers[2 * k + 1].forward(net.layers[2 * k].forward(a))
        np.testing.assert_allclose(np.array(layer), a.T.reshape(-1, g, g), rtol=0, atol=1e-9)
    X, y = inputs_of(points, features), np.array(view["points"]["y"])
    for which, key in ((train, "accuracy"), (test, "testAccuracy")):
        right = np.mean(np.argmax(net.forward(X[which]), axis=1) == y[which])
        assert view[key] == pytest.approx(right)


def test_changes_during_a_run_keep_the_weights(models):
    """The reader's changes at steps 15 (rate), 25 (optimiser), 30 (batch size) and 35
    (penalty): the weights go on from where they were, as nnbook's with the same changes
    (a new optimiser starts with an empty memory); without changes the run differs."""
    changes = [{"at": 15, "lr": 0.1}, {"at": 25, "optimizer": "Adam", "lr": 0.01},
               {"at": 30, "batchSize": 4}, {"at": 35, "l2": 0.003}]
    settings = {"dataset": "xor", "hidden": [6, 4], "activation": "Tanh", "optimizer": "SGD",
                "lr": 1, "batchSize": 10, "steps": 50, "seed": 2, "trace": True, "grid": 3,
                "changes": changes}
    view = models(NAME, settings)
    assert [c["at"] for c in view["changes"]] == [15, 25, 30, 35]
    assert [len(b) for b in view["batches"][30:35]] == [4] * 5
    net, costs, test_costs = train_like_nnbook(view)
    dense = [layer for layer in net.layers if isinstance(layer, nnbook.Dense)]
    for mine, theirs in zip(view["layers"], dense):
        np.testing.assert_allclose(mine["W"], theirs.W, rtol=0, atol=1e-9)
    np.testing.assert_allclose(view["costs"], costs, rtol=0, atol=1e-9)
    np.testing.assert_allclose(view["testCosts"], test_costs, rtol=0, atol=1e-9)
    plain = models(NAME, dict(settings, changes=[]))
    assert plain["costs"][:16] == view["costs"][:16] and plain["costs"][16] != view["costs"][16]


@pytest.mark.parametrize("dataset", ["blobs", "circle", "xor", "spiral"])
def test_each_data_set_learns_with_its_defaults(models, dataset):
    """Each data set's defaults (a sweep of the model chose them) put 95% of the training
    points and of the test points on their side within the steps the widget states, and
    keep them there for as many steps again."""
    within = models.page.evaluate(f"nnbookWidgets.get('trainer').presets.{dataset}.learnsWithin")
    for steps in (within, 2 * within):
        view = models(NAME, {"dataset": dataset, "steps": steps, "grid": 2})
        print(f"{dataset}, {steps} steps: training {view['accuracy']:.2f}, "
              f"test {view['testAccuracy']:.2f}")
        assert view["accuracy"] >= 0.95 and view["testAccuracy"] >= 0.95


def test_the_spirals_sines_and_the_circles_squares(models):
    """What the chapter says of the features: the spiral's defaults without the sines have
    not learned it in the steps that suffice with them; the squares x₁², x₂² alone let a
    network without hidden layer cut the circle."""
    within = models.page.evaluate("nnbookWidgets.get('trainer').presets.spiral.learnsWithin")
    plain = models(NAME, {"dataset": "spiral", "features": ["x1", "x2"], "steps": within,
                          "grid": 2})
    assert plain["accuracy"] < 0.9
    squares = models(NAME, {"dataset": "circle", "features": ["x1sq", "x2sq"], "hidden": [],
                            "optimizer": "SGD", "lr": 1, "steps": 300, "grid": 2})
    assert squares["accuracy"] >= 0.99 and squares["testAccuracy"] >= 0.99


def test_overfitting_shows_and_the_penalty_holds_it_back(models):
    """Twenty noisy training points (the largest noise, a tenth for training) and three
    layers of eight, as the chapter suggests: the training cost goes to
    nearly 0 while the test cost, after its lowest point early on, rises well above it;
    with the L2 penalty the test cost stays near its lowest."""
    settings = {"dataset": "blobs", "noise": 0.3, "trainShare": 0.1, "hidden": [8, 8, 8],
                "steps": 1500, "grid": 2}  # the chapter's recipe: the blobs' defaults else
    free = models(NAME, settings)
    lowest = min(free["testCosts"])
    assert free["costs"][-1] < 0.01 and free["testCost"] > 3 * lowest
    held = models(NAME, dict(settings, l2=0.03))
    assert held["testCost"] < 1.5 * min(held["testCosts"]) and held["testCost"] < free["testCost"] / 3


def test_cross_entropy_at_infinity_against_nnbook(models):
    """The widget's cross-entropy (nn.js) on logits with ±inf, huge and NaN entries: nnbook's
    limits (0 for a sure right answer, inf for a sure wrong one) and its gradient; the
    mean rescued where Z_y − max Z overflows; a row without a limit (two +inf, only −inf,
    a NaN: nnbook raises ValueError) gives NaN. Infinities travel as strings in JSON."""
    inf = np.inf
    cases = [
        ([[inf, 0.0], [1.0, 2.0]], [0, 1]),       # a sure right answer: its row costs 0
        ([[inf, 0.0], [1.0, 2.0]], [1, 1]),       # a sure wrong answer: inf
        ([[-inf, 3.0], [0.5, -inf]], [1, 0]),     # −inf elsewhere: 0 and 0
        ([[-inf, 3.0]], [0]),                     # the label's logit −inf: inf
        ([[800.0, 0.0], [0.0, 800.0]], [1, 1]),   # finite and large: exact
        ([[1e308, -1e308]] + [[0.0, 0.0]] * 9, [1] + [0] * 9),  # Z_y − max Z overflows
        ([[1e308, -1e308], [1e308, -1e308]], [1, 1]),  # ... and the mean exceeds every float
    ]
    to_js = "rows => rows.map(r => r.map(v => v === 'inf' ? Infinity : v === '-inf' ? -Infinity"\
            " : v === 'nan' ? NaN : v))"
    encode = lambda Z: [[v if np.isfinite(v) else ("nan" if np.isnan(v) else
                                                     ("inf" if v > 0 else "-inf")) for v in r]
                        for r in Z]
    decode = lambda v: {"inf": inf, "-inf": -inf, "nan": np.nan}.get(v, v)
    run = ("([Z, y]) => { const r = nnbookNN.crossEntropy((" + to_js + ")(Z), y);"
           " const s = v => Number.isNaN(v) ? 'nan' : v === Infinity ? 'inf' :"
           " v === -Infinity ? '-inf' : v; return [s(r.cost), r.grad.map(g => g.map(s))]; }")
    for Z, y in cases:
        cost, grad = models.page.evaluate(run, [encode(Z), y])
        loss = nnbook.CrossEntropy()
        expected = loss.forward(np.array(Z), np.array(y))
        assert decode(cost) == pytest.approx(expected, rel=1e-12), (Z, y)
        np.testing.assert_allclose(np.array([[decode(g) for g in r] for r in grad], dtype=float),
                                   loss.backward(), rtol=0, atol=1e-15)
    for Z, y in [([[inf, inf]], [0]), ([[-inf, -inf], [0.0, 1.0]], [1, 0]),
                 ([[np.nan, 1.0]], [0])]:
        with pytest.raises(ValueError):
            nnbook.CrossEntropy().forward(np.array(Z), np.array(y))
        cost, _ = models.page.evaluate(run, [encode(Z), y])
        assert cost == "nan"


def test_l2_penalty_at_the_top_of_float64_against_nnbook(models):
    """The widget's L2 penalty (nn.js) where the sum of the squares of the weights
    overflows, for weights up to the largest float64: nnbook.L2's value, λ/2 Σ W² found
    again from the mean of the scaled squares (finite where Σ W² is not, 0 for λ = 0,
    inf only where the penalty itself exceeds every float64). Infinities travel as
    strings in JSON."""
    top = float(np.finfo(np.float64).max)
    rng = np.random.default_rng(62)
    cases = [
        ([[[1e154, -1e154], [2e154, 0.0]]], 0.01),  # Σ W² = 6e308 overflows; λ/2 Σ W² = 3e306
        ([[[top, -top]], [[1.0], [top]]], 1e-300),
        ([[[1e200, 0.5]], [[3.0], [-1e180]]], 2.0**-600),
        ([(rng.uniform(-1, 1, (4, 3)) * 2.0 ** rng.integers(500, 1024, (4, 3))).tolist()], 1e-3),
        ([[[3.0]]], 5e-324),  # λ/2 is below every float64: λ (Σ W²/2) is not
        ([[[2.0**511] * 4]], 5e-324),  # both at once: Σ W² = 2^1024, λ/2 Σ W² about 4e-16
        ([[[top, top]]], 0.0),  # λ = 0: 0, not NaN
        ([[[top, top]]], 1.0),  # the penalty itself is beyond float64: inf
        ([[[0.3, -0.2]], [[1.5], [-2.0]]], 0.1),  # ordinary weights: the plain sum
    ]
    run = ("([net, lam]) => { const v = nnbookNN.l2Penalty(net, lam);"
           " return Number.isFinite(v) ? v : String(v); }")
    for weights, lam in cases:
        layers = [{"W": W, "b": [0.0] * len(W)} for W in weights]
        got = models.page.evaluate(run, [{"layers": layers}, lam])
        got = {"Infinity": np.inf, "NaN": np.nan}.get(got, got)
        expected = nnbook.L2(nnbook_net(layers, "Tanh"), lam).forward()
        if np.isfinite(expected) and expected != 0:
            assert got == pytest.approx(expected, rel=1e-12), (weights, lam)
        else:
            assert got == expected, (weights, lam)


def test_settings_in_the_address(models):
    """toQuery and fromQuery give the settings back; a value the controls do not offer
    is left out, the rest kept."""
    widget = "nnbookWidgets.get('trainer')"
    settings = {"dataset": "spiral", "noise": 0.15, "trainShare": 0.7,
                "features": ["x1", "x2", "sinx1"], "hidden": [8, 3, 5], "activation": "ReLU",
                "optimizer": "Adam", "lr": 0.003, "batchSize": 25, "l2": 0.001}
    back = models.page.evaluate(f"s => {widget}.fromQuery({widget}.toQuery(s))", settings)
    assert back == settings
    seeded = dict(settings, seed=7)
    assert models.page.evaluate(f"s => {widget}.fromQuery({widget}.toQuery(s))", seeded) == seeded
    damaged = models.page.evaluate(
        f"q => {widget}.fromQuery(q)",
        "tr-data=moon&tr-noise=0.15&tr-train=75&tr-features=x9&tr-hidden=8,99&tr-act=ReLU"
        "&tr-lr=0.02&tr-batch=25&tr-l2=x")
    assert damaged == {"noise": 0.15, "activation": "ReLU", "batchSize": 25}


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


def run_of(widget):
    """The run the widget shows: the settings it started from and the reader's changes
    since, as its summary records them, with its step."""
    summary = widget.locator(".nbw-tr-summary")
    settings = json.loads(summary.get_attribute("data-settings"))
    settings["changes"] = json.loads(summary.get_attribute("data-changes"))
    settings["steps"] = int(summary.get_attribute("data-step"))
    return settings


def controls_of(widget):
    """The settings the controls show now."""
    rates = [0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10, 30]
    lambdas = [0, 0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1]
    value = lambda name: widget.locator(f".nbw-tr-{name}").input_value()
    layers = int(value("layers"))
    return {"dataset": value("dataset"),
            "noise": [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3][int(value("noise"))],
            "trainShare": int(value("share")) / 10,
            "features": [f for f in FEATURES
                         if widget.locator(f"input.nbw-tr-f-{f}").is_checked()],
            "hidden": [int(value(f"width{k + 1}")) for k in range(layers)],
            "activation": value("activation"), "optimizer": value("optimizer"),
            "lr": rates[int(value("lr"))], "batchSize": int(value("batch")),
            "l2": lambdas[int(value("l2"))]}


def check(widget):
    """What the widget shows, in any state, against its model (checked above against
    nnbook) for the run it records (its start, the reader's changes, its step): the step,
    the epoch, both costs and both accuracies; its controls show the run's settings now."""
    run = run_of(widget)
    view = widget.page.evaluate("s => nnbookWidgets.get('trainer').model(s)", run)
    step, cost = read(widget)
    assert step == view["step"]
    assert cost == pytest.approx(view["cost"], rel=1e-12)
    shown = controls_of(widget)
    assert shown == {k: view["run"][k] for k in shown}
    text = widget.locator(".nbw-tr-summary").inner_text()
    if not view["diverged"]:
        assert text.startswith(f"Step {step}, epoch {view['epoch']}: training cost ")
        assert shows(text.split("training cost ")[1].split(",")[0], view["cost"], 3, powers=True)
        assert shows(text.split("test cost ")[1].split(";")[0], view["testCost"], 3, powers=True)
        percent = lambda a: int(np.floor(100 * a + 0.5))  # JavaScript's Math.round
        assert (f"accuracy {percent(view['accuracy'])}% training, "
                f"{percent(view['testAccuracy'])}% test") in text
    assert "NaN" not in widget.inner_text() and "undefined" not in widget.inner_text()


def interact(widget):
    """A state worth a picture: the XOR with its defaults, trained 150 steps."""
    widget.locator("select.nbw-tr-dataset").select_option("xor")
    widget.locator("button.nbw-tr-step").evaluate(
        "b => { for (let i = 0; i < 150; i++) b.click(); }")


LOOK = """w => {
  const summary = w.querySelector(".nbw-tr-summary");
  return [+summary.dataset.step, summary.textContent,
          w.querySelector(".nbw-tr-spoken").textContent, performance.now()];
}"""


def test_the_summary_follows_every_frame_and_speaks_calmly(page):
    """While training plays, the summary line shows the step the chart shows, frame by
    frame; the live region a screen reader hears changes at most every 2 s."""
    widget = page.locator(WIDGET)
    widget.locator("button.nbw-tr-reset").click()
    play = widget.locator(PLAY)
    play.scroll_into_view_if_needed()
    spoken = widget.locator(".nbw-tr-spoken")
    assert spoken.get_attribute("role") == "status"
    assert widget.locator(".nbw-tr-summary").get_attribute("role") is None
    play.click()
    page.wait_for_timeout(200)
    # Each look reads the chart's step, both lines and the page's clock at once.
    looks = []
    for _ in range(8):
        page.wait_for_timeout(150)
        looks.append(widget.evaluate(LOOK))
    play.click()
    assert all(text.startswith(f"Step {step}, ") for step, text, _, _ in looks)
    assert len({step for step, _, _, _ in looks}) >= 6  # it moved at (almost) every look
    # A change seen at look j happened after look j-1: two changes seen at looks i < j
    # were CALM_MS apart only if look j came more than 2 s after look i-1, however
    # slowly the looks came.
    changed = [j for j in range(1, len(looks)) if looks[j][2] != looks[j - 1][2]]
    for i, j in zip(changed, changed[1:]):
        assert looks[j][3] - looks[i - 1][3] > 2000, (looks[i - 1], looks[j])
    page.wait_for_timeout(100)
    assert spoken.inner_text() == widget.locator(".nbw-tr-summary").inner_text()  # paused


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
    # Play runs, Pause stops; the steps counted per second of play at each speed.
    play = widget.locator(PLAY)
    play.scroll_into_view_if_needed()
    rates = {}
    for speed in ("1", "10"):
        widget.locator("select.nbw-tr-speed").select_option(speed)
        play.click()
        assert play.inner_text() == "Pause"
        started, t0 = read(widget)[0], time.perf_counter()
        page.wait_for_timeout(1500)
        play.click()
        rates[speed] = (read(widget)[0] - started) / (time.perf_counter() - t0)
    print(f"trainer on its page, playing: {rates} steps/s by speed")
    assert play.inner_text() == "Play" and rates["1"] >= 10 and rates["10"] >= 3 * rates["1"]
    # Every number of the cost curve's axes inside its picture, the step count too.
    outside = widget.locator(".nbw-tr-curve").evaluate("""svg => {
      const box = svg.getBoundingClientRect();
      return [...svg.querySelectorAll('text')].map(t => [t.textContent,
        t.getBoundingClientRect()]).filter(([, r]) => r.left < box.left - 0.5
        || r.right > box.right + 0.5).map(([text]) => text); }""")
    assert not outside, f"cut off at the cost curve's edges: {outside}"
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


def run_with_changes(widget, dataset):
    """The reader's changes during a run of ``dataset``: 30 steps from its start, then a
    rate of 0.01 and batches of 25 for 10 steps, then SGD and a penalty of 0.001 for 10
    more. Returns the step button."""
    widget.locator("select.nbw-tr-dataset").select_option(dataset)
    step = widget.locator("button.nbw-tr-step")
    step.evaluate("b => { for (let i = 0; i < 30; i++) b.click(); }")
    widget.locator("input.nbw-tr-lr").fill("4")  # 0.01
    widget.locator("select.nbw-tr-batch").select_option("25")
    step.evaluate("b => { for (let i = 0; i < 10; i++) b.click(); }")
    widget.locator("select.nbw-tr-optimizer").select_option("SGD")
    widget.locator("input.nbw-tr-l2").fill("3")  # 0.001
    step.evaluate("b => { for (let i = 0; i < 10; i++) b.click(); }")
    assert read(widget)[0] == 50
    return step


def test_rate_batch_optimiser_and_penalty_keep_the_weights(page):
    """Changing the rate, the batch size, the optimiser or the penalty goes on from the
    same weights and step; the architecture, the features and the data start again."""
    widget = page.locator(WIDGET)
    step = run_with_changes(widget, "circle")
    run = run_of(widget)
    assert [(c["at"], sorted(c)) for c in run["changes"]] == [
        (30, ["at", "lr"]), (30, ["at", "batchSize"]), (40, ["at", "optimizer"]),
        (40, ["at", "l2"])]
    check(widget)
    for control, value in (("input.nbw-tr-width1", "6"), ("input.nbw-tr-f-x1x2", None),
                           ("input.nbw-tr-share", "7"), ("select.nbw-tr-activation", "Tanh")):
        step.evaluate("b => { for (let i = 0; i < 5; i++) b.click(); }")
        assert read(widget)[0] > 0
        target = widget.locator(control)
        if value is None:
            target.check()
        elif control.startswith("select"):
            target.select_option(value)
        else:
            target.fill(value)
        assert read(widget)[0] == 0 and run_of(widget)["changes"] == [], control
        check(widget)


def test_features_layers_and_epochs_on_the_page(page):
    """A width of a layer not yet used adds it; the last feature unticked leaves x₁; the
    epoch counts passes over the training points."""
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-tr-dataset").select_option("circle")
    widget.locator("input.nbw-tr-share").fill("5")  # 100 training points
    widget.locator("input.nbw-tr-layers").fill("1")
    widget.locator("input.nbw-tr-width3").fill("5")
    assert controls_of(widget)["hidden"][2] == 5 and len(controls_of(widget)["hidden"]) == 3
    assert widget.locator(".nbw-tr-neuron-row").count() == 3
    for f in FEATURES:
        widget.locator(f"input.nbw-tr-f-{f}").uncheck() if f != "x1" else None
    widget.locator("input.nbw-tr-f-x1").uncheck()
    assert controls_of(widget)["features"] == ["x2"]
    widget.locator("input.nbw-tr-f-x2").uncheck()
    assert controls_of(widget)["features"] == ["x1"]
    widget.locator("select.nbw-tr-batch").select_option("50")
    widget.locator("button.nbw-tr-step").evaluate(
        "b => { for (let i = 0; i < 5; i++) b.click(); }")  # 100 training points: 2 a pass
    assert widget.locator(".nbw-tr-summary").get_attribute("data-epoch") == "2"
    check(widget)


def test_a_large_rate_diverges_on_the_page(page):
    """The circle's defaults with SGD at rate 30, from the start: the cost jumps up."""
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-tr-dataset").select_option("xor")
    widget.locator("select.nbw-tr-dataset").select_option("circle")  # its defaults
    widget.locator("select.nbw-tr-optimizer").select_option("SGD")
    widget.locator("input.nbw-tr-lr").fill("11")  # 30
    assert widget.locator(".nbw-tr-lr-value").inner_text() == "30"
    widget.locator("button.nbw-tr-reset").click()
    start = read(widget)[1]
    widget.locator("button.nbw-tr-step").evaluate(
        "b => { for (let i = 0; i < 60; i++) b.click(); }")
    assert read(widget)[1] > 3 * start
    check(widget)


def test_a_link_carries_the_settings(open_page):
    """The link to these settings opens the widget with them (its run's, the reader's
    changes included), at step 0."""
    with open_page(PAGE, READY) as page:
        widget = page.locator(WIDGET)
        widget.locator("select.nbw-tr-dataset").select_option("spiral")
        widget.locator("input.nbw-tr-noise").fill("2")
        widget.locator("input.nbw-tr-f-sinx1").check()
        widget.locator("input.nbw-tr-lr").fill("6")  # 0.1, kept as a change
        wanted = controls_of(widget)
        href = widget.locator("a.nbw-tr-link").get_attribute("href")
        assert href.startswith("?tr-data=spiral&") and href.endswith(f"#{widget.get_attribute('id')}")
        page.goto(page.url.split("?")[0].split("#")[0] + href)
        page.wait_for_selector(READY)
        widget = page.locator(WIDGET)
        assert controls_of(widget) == wanted and read(widget)[0] == 0
        check(widget)
        assert page.errors == []


def test_the_address_bar_follows_and_a_new_seed_and_a_copied_link(open_page):
    """The page's own address follows the settings (bookmarked, it opens them); New seed
    draws other points and weights for the same settings, and the link carries it; Copy
    link puts the link's whole address on the clipboard."""
    with open_page(PAGE, READY) as page:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        widget = page.locator(WIDGET)
        widget.locator("select.nbw-tr-dataset").select_option("spiral")
        widget.locator("input.nbw-tr-lr").fill("6")
        wanted = controls_of(widget)
        assert "tr-data=spiral" in page.url and "tr-lr=0.1" in page.url
        points = widget.locator(".nbw-tr-summary").get_attribute("data-cost")
        widget.locator("button.nbw-tr-seed").click()
        assert read(widget)[0] == 0 and controls_of(widget) == wanted
        assert widget.locator(".nbw-tr-summary").get_attribute("data-cost") != points
        assert run_of(widget)["seed"] == 2 and "tr-seed=2" in page.url
        check(widget)
        href = widget.locator("a.nbw-tr-link").get_attribute("href")
        assert "tr-seed=2" in href
        widget.locator("button.nbw-tr-copy").click()
        page.wait_for_timeout(200)
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == page.url.split("?")[0] + href
        page.reload()
        page.wait_for_selector(READY)
        widget = page.locator(WIDGET)
        assert controls_of(widget) == wanted and run_of(widget)["seed"] == 2
        check(widget)
        assert page.errors == []


def test_play_picture_and_cost_in_one_phone_screen(open_page):
    """On a phone (390 × 844, touch), with the widget's top under the header: the play
    button, the map and the cost curve are all on the screen at once, and the settings
    follow right under them."""
    with open_page(PAGE, READY, phone=True) as page:
        widget = page.locator(WIDGET)
        boxes = page.evaluate("""(sel) => {
            const w = document.querySelector(sel);
            const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
            window.scrollBy(0, w.getBoundingClientRect().top - header);
            const box = (s) => w.querySelector(s).getBoundingClientRect().toJSON();
            return {header, height: innerHeight, play: box('.nbw-tr-play'),
                    map: box('.nbw-tr-map'), curve: box('.nbw-tr-curve'),
                    settings: box('.nbw-tr-settings')};
        }""", WIDGET)
        for name in ("play", "map", "curve"):
            box = boxes[name]
            assert box["top"] >= boxes["header"] - 1 and box["bottom"] <= boxes["height"], (
                name, box, boxes["height"])
        assert boxes["map"]["width"] >= 200 and boxes["curve"]["width"] >= 200
        # The settings right under the pictures they change (1,000 px below, once).
        assert boxes["settings"]["top"] - boxes["map"]["bottom"] <= 300, boxes
        # Each slider and check box a target a finger can take: 24 px at least (WCAG 2.2).
        small = widget.evaluate("""w => [...w.querySelectorAll(
            'input[type=range], input[type=checkbox]')].map(e => [e.name || e.id
            || e.type, e.getBoundingClientRect()]).filter(([, r]) => r.height < 24
            || r.width < 24).map(([name, r]) => `${name} ${r.width}x${r.height}`)""")
        assert not small, f"controls too small to tap: {small}"
        # The summary keeps its height as the numbers grow: the map and curves stay put.
        heights = widget.locator(".nbw-tr-summary").evaluate("""(s, texts) => {
            const kept = s.textContent;
            const heights = texts.map(t => { s.textContent = t;
                                              return s.getBoundingClientRect().height; });
            s.textContent = kept;
            return heights; }""", [
            "Step 0, epoch 0: training cost 0.666, test cost 0.666; accuracy 51% training,"
            " 49% test.",
            "Step 12345, epoch 617: training cost 0.012, test cost 0.034; accuracy 100%"
            " training, 100% test.",
            "Step 12345: the weights overflowed, training diverged. Reset, or choose a"
            " smaller learning rate."])
        assert len(set(heights)) == 1, f"the summary's height changes: {heights}"
        widget.locator(PLAY).click()
        page.wait_for_timeout(500)
        widget.locator(PLAY).click()
        check(widget)


def test_reduced_motion_steps_on_demand(open_page):
    with open_page(PAGE, READY) as page:
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


# What the chapter's "try it" links set, each the recipe a test above checks the claim of.
TRIED = {
    "SGD's cost jumps up instead of falling": {"dataset": "circle", "optimizer": "SGD",
                                               "lr": 30},
    "a network without any hidden layer cuts out the circle": {
        "dataset": "circle", "features": ["x1sq", "x2sq"], "hidden": [], "optimizer": "SGD",
        "lr": 1},
    "let two layers of tanh learn the spiral": {"dataset": "spiral"},
    "without them they do not": {"dataset": "spiral", "features": ["x1", "x2"]},
    "two blobs, the largest noise, a tenth of the points for training, three layers of "
    "eight": {"dataset": "blobs", "noise": 0.3, "trainShare": 0.1, "hidden": [8, 8, 8]},
    "the L2 penalty": {"dataset": "blobs", "noise": 0.3, "trainShare": 0.1,
                       "hidden": [8, 8, 8], "l2": 0.03},
}


def test_a_large_rate_makes_sgds_cost_jump_up(models):
    """The chapter's link: SGD at the largest rate on the circle; its cost rises above
    where it started, or the weights overflow."""
    view = models(NAME, dict(TRIED["SGD's cost jumps up instead of falling"], steps=50,
                             grid=2))
    assert view["diverged"] or max(view["costs"]) > 2 * view["costs"][0]


def test_the_chapters_try_it_links_set_the_trainer(open_page):
    """Each link of the chapter's prose sets the trainer to what its sentence says (the
    recipes the tests above check) and brings it into view, without loading the page."""
    with open_page(PAGE, READY) as page:
        links = page.locator('article a[href*="?tr-"]:not(.nbw-tr-link)')  # made absolute
        texts = [" ".join(t.split()) for t in links.all_inner_texts()]
        assert texts == list(TRIED)
        for text in texts:  # each from the page the previous one opened
            link = page.get_by_role("link", name=text, exact=True)
            link.scroll_into_view_if_needed()
            link.click()  # the widget takes its settings, the page is not loaded again
            preset = page.evaluate(f"nnbookWidgets.get('trainer').presets."
                                   f"{TRIED[text]['dataset']}")
            wanted = {key: TRIED[text].get(key, preset.get(key)) for key in
                      ("features", "hidden", "optimizer", "lr", "noise", "trainShare", "l2")}
            widget = page.locator(WIDGET)
            for _ in range(50):  # the page swapped in, its widget mounted and scrolled to
                page.wait_for_selector(READY)
                shown = controls_of(widget)
                top = widget.evaluate("w => w.getBoundingClientRect().top")
                if {key: shown[key] for key in wanted} == wanted and 0 <= top < 200:
                    break
                page.wait_for_timeout(100)
            assert {key: shown[key] for key in wanted} == wanted, text
            assert 0 <= top < 200, (text, top)  # in view, under the header
            assert f"tr-data={TRIED[text]['dataset']}" in page.url  # the address follows
            check(widget)
        assert page.errors == []


@pytest.mark.parametrize("dataset", ["blobs", "circle", "xor", "spiral"])
def test_show_as_code_gives_the_program_of_the_run(page, dataset):
    """"Show as code" gives the nnbook program of the run on the screen, the reader's
    changes at their steps; run in Python, it makes each data set's points and the same
    start and prints the summary's costs (to 1e-9: the points pass through sin, cos and
    log, which a browser and Python may round apart in the last bit) and accuracies."""
    widget = page.locator(WIDGET)
    run_with_changes(widget, dataset)
    lines = shown_code_prints(widget, "nbw-tr")
    summary = widget.locator(".nbw-tr-summary")
    assert [line[0] for line in lines] == ["training", "test"]
    for line, key in zip(lines, ["cost", "test-cost"]):
        assert float(line[2]) == pytest.approx(
            float(summary.get_attribute(f"data-{key}")), rel=1e-9)
    shown = [int(p) for p in re.findall(r"(\d+)% (?:training|test)", summary.inner_text())]
    assert [round(100 * float(line[4])) for line in lines] == shown
    assert page.errors == []
