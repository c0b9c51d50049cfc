"""The reverse-pass widget's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The chain of single neurons of the automatic differentiation chapter, built with
nnbook.Tensor exactly as the chapter builds it: u = w * a, z = u + b, a = z.sigmoid() per
layer, e = a + (-1) * y, l = e * e. The widget's graph must be nnbook's (every tensor,
its parents, its value), its steps the reverse pass of ``Tensor.backward``: the order is
nnbook's reversed ``topological_order``, and after k steps every gradient equals the
one nnbook holds after k backward rules (the body of ``backward``, run rule by rule), for
the chapter's numbers, random ones and numbers whose products overflow (∞, and NaN
gradients from ∞ · 0). NaN and ±∞ as data: ``Tensor`` refuses them (ValueError), and the
widget refuses them too and says so. On the page: each row shows the model's numbers in
the kit's format (∞, −∞ and NaN as such), the buttons and keys walk the steps.
"""

import math

import numpy as np
import pytest

from nnbook import Tensor
from nnbook.autodiff import topological_order

from .widgets import shows, widget_page

NAME = "reverse-pass"
PAGE = widget_page(NAME)
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-reverse-pass-table"
PLAY = None  # no timer

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")

CHAPTER = {"w": [1.5, -2.0, 2.5], "b": [0.5, 1.0, -1.0], "x": 0.8, "y": 1.0}
FIELDS = ["x", "y", "w1", "b1", "w2", "b2", "w3", "b3"]


def flat(settings):
    return {"x": settings["x"], "y": settings["y"],
            **{f"w{l}": v for l, v in enumerate(settings["w"], 1)},
            **{f"b{l}": v for l, v in enumerate(settings["b"], 1)}}


def nnbook_graph(settings):
    """The chapter's chain with nnbook's Tensor: {the widget's id: tensor}, and the loss."""
    x, y = Tensor(settings["x"]), Tensor(settings["y"])
    t, a = {"x": x, "y": y}, x
    for l, (w_l, b_l) in enumerate(zip(settings["w"], settings["b"]), 1):
        t[f"w{l}"], t[f"b{l}"] = Tensor(w_l), Tensor(b_l)
        t[f"wa{l}"] = t[f"w{l}"] * a
        t[f"z{l}"] = t[f"wa{l}"] + t[f"b{l}"]
        t[f"a{l}"] = a = t[f"z{l}"].sigmoid()
    t["m"] = Tensor(-1.0)
    t["my"] = t["m"] * y
    t["e"] = a + t["my"]
    t["loss"] = t["e"] * t["e"]
    return t, t["loss"]


def nnbook_steps(settings):
    """nnbook's reverse pass rule by rule: the body of Tensor.backward, with every
    gradient read after each rule. Gives the tensors, the order and the states."""
    with np.errstate(all="ignore"):  # an overflow shows as inf, and inf · 0 as NaN
        tensors, loss = nnbook_graph(settings)
        ids = {id(v): name for name, v in tensors.items()}
        order = topological_order(loss)
        assert {id(v) for v in order} == set(ids), "every tensor of the graph is named"
        for v in order:
            v.grad = np.zeros_like(v.data)
        loss.grad = np.ones_like(loss.data)
        states = [{name: float(v.grad) for name, v in tensors.items()}]
        for v in reversed(order):
            v._backward()
            states.append({name: float(v.grad) for name, v in tensors.items()})
        # the replay is backward() itself: a fresh graph's backward gives the last state
        fresh, fresh_loss = nnbook_graph(settings)
        fresh_loss.backward()
        for name, v in fresh.items():
            assert same(float(v.grad), states[-1][name]), name
    return tensors, [ids[id(v)] for v in order], states


def same(a, b):
    """Equal to 1e-12 relative, ∞ equal to ∞ of the same sign, NaN to NaN (JavaScript's
    Math.exp and numpy's may differ in the last bit)."""
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


def check_view(view, settings):
    """The model's view is nnbook's graph and reverse pass, state by state."""
    tensors, order, states = nnbook_steps(settings)
    nodes = {n["id"]: n for n in view["nodes"]}
    assert set(nodes) == set(tensors)
    for name, v in tensors.items():
        assert same(nodes[name]["value"], float(v.data)), name
        parents = [next(k for k, t in tensors.items() if t is p) for p in v._parents]
        assert nodes[name]["parents"] == parents, name
        assert nodes[name]["op"] == (v._op or "leaf"), name
    assert view["order"] == order
    assert len(view["steps"]) == len(states) == len(order) + 1
    for k, (shown, nnbooks) in enumerate(zip(view["steps"], states)):
        assert shown["reached"] == (order[-k] if k else None)
        for name in tensors:
            assert same(shown["grads"][name], nnbooks[name]), (k, name)
            if name not in shown["written"]:  # not yet reached by any rule: still 0
                assert nnbooks[name] == 0.0, (k, name)
        for add in shown["adds"]:
            assert same(shown["grads"][add["to"]], nnbooks[add["to"]])


def random_settings(seed):
    rng = np.random.default_rng(seed)
    return {"w": rng.normal(0, 2, 3).tolist(), "b": rng.normal(0, 1, 3).tolist(),
            "x": float(rng.normal()), "y": float(rng.uniform())}


SETTINGS = {
    "chapter": CHAPTER,
    "random 1": random_settings(1),
    "random 2": random_settings(2),
    # w x beyond the largest float: the product and z are ∞, a⁽¹⁾ = 1, σ' = 0
    "product overflows": dict(CHAPTER, w=[1e308, -2.0, 2.5], x=10.0),
    "product to −∞": dict(CHAPTER, w=[-1e308, -2.0, 2.5], x=10.0),
    # a huge target: ℓ = ∞, ē = −∞, and ∞ · 0 through the zero weight w⁽³⁾: NaN below
    "gradients ∞ and NaN": dict(CHAPTER, w=[1.5, -2.0, 0.0], y=1.5e308),
}


@pytest.mark.parametrize("name", list(SETTINGS))
def test_every_step_is_nnbooks_reverse_pass(models, name):
    settings = SETTINGS[name]
    check_view(models(NAME, dict(settings, step=0)), settings)


def test_the_non_finite_cases_are_what_they_say():
    _, _, states = nnbook_steps(SETTINGS["gradients ∞ and NaN"])
    assert states[-1]["e"] == -math.inf and math.isnan(states[-1]["w1"])
    tensors, _, _ = nnbook_steps(SETTINGS["product overflows"])
    assert float(tensors["wa1"].data) == math.inf and float(tensors["a1"].data) == 1.0


def test_the_chain_is_the_chapters(models):
    """The chapter's printed table: a⁽³⁾ = 0.4587, ℓ = 0.2930, x̄ = 0.0586,
    w̄⁽¹⁾ = 0.0312, w̄⁽³⁾ = −0.0897, ā⁽²⁾ = −0.6720, and 21 steps."""
    view = models(NAME, dict(CHAPTER, step=0))
    value = {n["id"]: n["value"] for n in view["nodes"]}
    grad = view["steps"][-1]["grads"]
    assert (round(value["a3"], 4), round(value["loss"], 4)) == (0.4587, 0.2930)
    assert [round(grad[k], 4) for k in ("x", "w1", "w3", "a2")] == \
        [0.0586, 0.0312, -0.0897, -0.6720]
    assert len(view["steps"]) == 22 and view["steps"][1]["reached"] == "loss"
    # the loss's rule adds to e twice: e · e, the accumulation of two uses
    adds = view["steps"][1]["adds"]
    assert [a["to"] for a in adds] == ["e", "e"]
    assert [a["accumulates"] for a in adds] == [False, True]


@pytest.mark.parametrize("field,bad", [("x", math.inf), ("w2", math.nan),
                                       ("y", -math.inf), ("b3", math.nan)])
def test_nan_and_infinity_are_refused_as_nnbook_refuses_them(models, field, bad):
    settings = dict(CHAPTER, w=list(CHAPTER["w"]), b=list(CHAPTER["b"]))
    if field in ("x", "y"):
        settings[field] = bad
    else:
        settings[field[0]][int(field[1]) - 1] = bad
    with pytest.raises(ValueError):
        nnbook_graph(settings)
    view = models(NAME, dict(settings, step=3))
    assert view == {"error": "refused", "bad": [field]}




def state(widget):
    return widget.evaluate("e => e.reversePass")


def reads(text, value):
    """The widget's number: the kit's format, ∞, −∞ and NaN said as such."""
    if math.isnan(value):
        return text == "NaN"
    if math.isinf(value):
        return text == ("∞" if value > 0 else "−∞")
    return shows(text, value, 4, powers=True)


def check(widget):
    """What the widget shows is nnbook's: every value and every gradient written so far,
    the row reached, the step; or, for NaN or ±∞ typed, nnbook's refusal."""
    view = state(widget)
    settings = view["settings"]
    where = widget.locator(".nbw-reverse-pass-where").inner_text()
    if view.get("error"):
        for name in view["bad"]:
            assert not math.isfinite(flat(settings)[name])
        with pytest.raises(ValueError):
            nnbook_graph(settings)
        assert where.startswith("Refused:") and "refuses NaN and ±∞" in where
        assert widget.locator("button.nbw-reverse-pass-next").is_disabled()
        assert widget.locator(".nbw-reverse-pass-value").all_inner_texts() == [""] * 21
        return view
    check_view(view, settings)
    step = view["steps"][view["step"]]
    last = len(view["steps"]) - 1
    for node in view["nodes"]:
        row = widget.locator(f'tr[data-node="{node["id"]}"]')
        value = row.locator(".nbw-reverse-pass-value").inner_text()
        assert reads(value, node["value"]), (node["id"], value, node["value"])
        gradient = row.locator(".nbw-reverse-pass-grad").inner_text()
        if node["id"] in step["written"]:
            assert reads(gradient, step["grads"][node["id"]]), (node["id"], gradient)
        else:
            assert gradient == "·"
        assert ("nbw-reverse-pass-now" in (row.get_attribute("class") or "")) == \
            (node["id"] == step["reached"])
        reached_at = int(row.locator(".nbw-reverse-pass-step").inner_text())
        assert view["order"][-reached_at] == node["id"]
    assert where.startswith(f"Step {view['step']} of {last}:")
    assert widget.locator(".nbw-reverse-pass-adds li").count() == len(step["adds"])
    return view


def set_fields(widget, values):
    for name, value in values.items():
        widget.locator(f"input.nbw-reverse-pass-{name}").fill(value)


def to_start(widget):
    """Step 0, by the Home key on the "Step back" button (disabled there already)."""
    back = widget.locator("button.nbw-reverse-pass-back")
    if back.is_enabled():
        back.press("Home")


def interact(widget):
    """A state worth a picture: w⁽²⁾ = −3, at step 9, which reaches w⁽³⁾a⁽²⁾ and passes
    its gradient on to w⁽³⁾ and a⁽²⁾."""
    set_fields(widget, {"w2": "-3"})
    to_start(widget)
    following = widget.locator("button.nbw-reverse-pass-next")
    for _ in range(9):
        following.click()


def test_buttons_and_keys_walk_the_steps(page):
    widget = page.locator(WIDGET)
    set_fields(widget, {k: str(v) for k, v in flat(CHAPTER).items()})
    following = widget.locator("button.nbw-reverse-pass-next")
    back = widget.locator("button.nbw-reverse-pass-back")
    to_start(widget)
    view = check(widget)
    assert view["step"] == 0 and back.is_disabled()
    following.click()
    view = check(widget)
    assert view["step"] == 1 and view["current"]["reached"] == "loss"
    assert "ℓ reached" in widget.locator(".nbw-reverse-pass-where").inner_text()
    assert widget.locator(".nbw-reverse-pass-where").get_attribute("aria-live") == "polite"
    # the keys, on a focused button: → and ← step, End and Home go to either end
    following.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert check(widget)["step"] == 3
    page.keyboard.press("ArrowLeft")
    assert check(widget)["step"] == 2
    page.keyboard.press("End")
    view = check(widget)
    assert view["step"] == 21 and following.is_disabled()
    assert "Step 21 of 21: w⁽³⁾ reached" in widget.inner_text()
    widget.locator("button.nbw-reverse-pass-back").focus()
    page.keyboard.press("Enter")
    assert check(widget)["step"] == 20
    page.keyboard.press("Home")
    assert check(widget)["step"] == 0


@pytest.mark.parametrize("name", ["random 1", "product overflows", "gradients ∞ and NaN"])
def test_typed_numbers_are_nnbooks(page, name):
    widget = page.locator(WIDGET)
    set_fields(widget, {k: repr(v) for k, v in flat(SETTINGS[name]).items()})
    to_start(widget)
    for _ in range(4):  # the step stays as the numbers change; check a few
        assert check(widget)["settings"] == dict(SETTINGS[name], step=state(widget)["step"])
        widget.locator("button.nbw-reverse-pass-next").click()
    widget.locator("button.nbw-reverse-pass-end").click()
    view = check(widget)
    if name == "gradients ∞ and NaN":
        assert widget.locator('tr[data-node="w1"] .nbw-reverse-pass-grad').inner_text() == "NaN"
        assert widget.locator('tr[data-node="loss"] .nbw-reverse-pass-value').inner_text() == "∞"
        assert widget.locator('tr[data-node="e"] .nbw-reverse-pass-grad').inner_text() == "−∞"
    assert view["step"] == 21


def test_what_is_not_a_finite_number_is_refused_on_the_page(page):
    """A field emptied, or a number past the largest float (1e400 reads as ∞): the widget
    says it refuses, as nnbook's Tensor does; a finite number brings everything back."""
    widget = page.locator(WIDGET)
    set_fields(widget, {k: str(v) for k, v in flat(CHAPTER).items()})
    for text in ["", "1e400", "-1e400"]:
        set_fields(widget, {"w2": text})
        view = check(widget)
        assert view["error"] == "refused" and view["bad"] == ["w2"]
        assert "w⁽²⁾ is not a finite number" in widget.inner_text()
    set_fields(widget, {"w2": "-2"})
    assert "error" not in check(widget)
