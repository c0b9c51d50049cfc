"""The digit reader's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The widget runs the network the digits chapter trains, exported by the build as
``digit_net.json`` next to the page, on 40 exported test images or on a drawing. Here the
same network is rebuilt with nnbook from that JSON: on every test image, and on a stroke
drawn with the mouse, the widget's activations of each layer and its probabilities must be
nnbook's forward pass to 1e-6, and its preparation of the drawing must be
``nnbook.mnist_prep.prepare_digit``'s. The pad and the answer must be in view together at
every width, the keyboard must draw too, and the answer is said aloud only once a stroke
ends, and only if it changed.
"""

import json

import numpy as np
import pytest

import nnbook
from nnbook.mnist_prep import prepare_digit

from .helpers import SITE
from .widgets import nnbook_network, reads, widget_page

NAME = "digit-reader"
PAGE = widget_page(NAME)
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-digit-reader-svg"
PLAY = None  # no timer
N_CHECKED = 12  # test images compared with nnbook, at least 10

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


def exported(name):
    return json.loads((SITE / PAGE / f"{name}.json").read_text())


def network(net=None):
    """The network ``net`` (the export's form; ``digit_net`` from the export by default)
    rebuilt with nnbook."""
    return nnbook_network(net or exported("digit_net"))


def reference(net, x):
    """Each layer's activations (the Dense layers followed by an activation are skipped,
    as the widget draws neurons after their activation) and the probabilities."""
    shown, a = [], x.reshape(1, 784)
    for i, layer in enumerate(net.layers):
        a = layer(a)
        last = i == len(net.layers) - 1
        if not isinstance(layer, nnbook.Dense) or last \
                or isinstance(net.layers[i + 1], nnbook.Dense):
            shown.append(a[0])
    outputs = shown[-1]
    if isinstance(net.layers[-1], nnbook.Dense):
        outputs = np.exp(outputs - outputs.max())
    return shown, outputs / outputs.sum()


def state(widget):
    return widget.evaluate("e => e.digitReader")


def check(widget):
    """The input is the chosen test image, or the prepared drawing; each layer's
    activations, the drawn neurons' brightness values and the probabilities are nnbook's."""
    s = state(widget)
    chosen = widget.locator("select.nbw-digit-reader-sample").input_value()
    x = np.array(s["input"])
    if chosen:
        image = np.array(exported("digit_samples")["images"][int(chosen)]) / 255
        np.testing.assert_array_equal(x, image)
    else:
        np.testing.assert_allclose(x, prepare_digit(np.array(s["ink"])), atol=1e-9)
    layers, probabilities = reference(network(), x)
    assert len(s["layers"]) == len(layers)
    for got, want in zip(s["layers"], layers):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-6)
    np.testing.assert_allclose(s["probabilities"], probabilities, rtol=0, atol=1e-6)
    values = widget.locator("circle.nbw-digit-reader-neuron").evaluate_all(
        "cs => cs.map(c => Number(c.getAttribute('data-value')))")
    np.testing.assert_allclose(values, np.concatenate(layers), rtol=0, atol=1e-6)
    shown = widget.locator("output.nbw-digit-reader-p").evaluate_all(
        "os => os.map(o => Number(o.getAttribute('data-value')))")
    np.testing.assert_allclose(shown, probabilities, rtol=0, atol=1e-6)
    if x.any():
        answer = widget.locator(".nbw-digit-reader-answer").text_content()
        assert reads(probabilities.argmax()) in answer
    return s


def interact(widget):
    """A state worth a picture: the fourth test image."""
    widget.locator("select.nbw-digit-reader-sample").select_option("3")


def random_net(types, rng):
    """A network of random weights in the export's form: 784 inputs, 10 outputs."""
    sizes = iter([784, 16, 12, 10])
    n_in, layers = next(sizes), []
    for kind in types:
        if kind == "Dense":
            n_out = next(sizes)
            layers.append({"type": "Dense", "params": {
                "W": rng.normal(0, 0.5, (n_out, n_in)).tolist(),
                "b": rng.normal(0, 0.5, n_out).tolist()}})
            n_in = n_out
        else:
            layers.append({"type": kind})
    return {"type": "Sequential", "layers": layers}


def check_model(view, net, x):
    """The view's layers, probabilities and answer are nnbook's forward pass on ``x``."""
    layers, probabilities = reference(network(net), x)
    assert len(view["layers"]) == len(layers)
    for got, want in zip(view["layers"], layers):
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)
    np.testing.assert_allclose(view["probabilities"], probabilities, rtol=0, atol=1e-12)
    assert view["answer"] == probabilities.argmax()
    assert view["blank"] == (not x.any())


NETS = [  # the chapter's kind, and logits (softmax) after ReLU and tanh layers
    ["Dense", "Sigmoid", "Dense", "Sigmoid", "Dense", "Sigmoid"],
    ["Dense", "ReLU", "Dense", "Tanh", "Dense"],
]


@pytest.mark.parametrize("types", NETS, ids=["sigmoids", "logits"])
def test_model_reads_an_image_as_nnbook(models, types):
    """A test image goes in as it is (values / 255), through nnbook's forward pass."""
    rng = np.random.default_rng(3)
    net = random_net(types, rng)
    image = rng.integers(0, 256, (28, 28))
    view = models(NAME, {"net": net, "image": image.tolist()})
    np.testing.assert_array_equal(view["input"], image / 255)
    check_model(view, net, image / 255)


@pytest.mark.parametrize("strokes", [
    [[[2, 2], [9, 2], [5, 11]]],                         # a small 7 in a corner
    [[[14, 3], [14, 25]], [[10, 6], [14, 3]]],           # a tall 1, two strokes
    [[[20.3, 20.6]]],                                     # one dot
    [],                                                   # nothing
], ids=["seven", "one", "dot", "blank"])
def test_model_prepares_a_drawing_as_nnbook(models, strokes):
    """A drawing's ink (the brush along each stroke, values 0 to 1) is prepared as
    nnbook.mnist_prep.prepare_digit does, then read by nnbook's forward pass.

    Not a drawing symmetric about a half pixel: its centre of mass then falls on a half
    pixel, where the round-off of the sums (in another order in numpy) decides the
    rounding of the shift, and the two may place it one pixel apart."""
    net = random_net(NETS[0], np.random.default_rng(4))
    view = models(NAME, {"net": net, "strokes": strokes})
    ink = np.array(view["ink"], dtype=float)
    assert ink.shape == (28, 28) and ink.min() >= 0 and ink.max() <= 1
    for stroke in strokes:  # ink under every point of every stroke
        for x, y in stroke:
            assert ink[int(y), int(x)] > 0.5
    x = np.array(view["input"], dtype=float)
    np.testing.assert_allclose(x, prepare_digit(ink), atol=1e-9)
    check_model(view, net, x)




def test_the_export_is_the_chapters_network_and_test_images():
    net = exported("digit_net")
    assert [layer["type"] for layer in net["layers"]] == \
        ["Dense", "Sigmoid", "Dense", "Sigmoid", "Dense", "Sigmoid"]
    samples = exported("digit_samples")
    assert np.array(samples["images"]).shape == (40, 28, 28)
    assert len(samples["labels"]) == 40


def test_it_starts_on_the_first_test_image(fresh_page):
    widget = fresh_page.locator(WIDGET)
    assert widget.locator("select.nbw-digit-reader-sample").input_value() == "0"
    check(widget)


@pytest.mark.parametrize("index", range(N_CHECKED))
def test_test_images_against_nnbook(page, index):
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-digit-reader-sample").select_option(str(index))
    check(widget)


def draw(page, widget, points):
    """A stroke with the mouse through ``points``, in grid units (0 to 28)."""
    box = widget.locator("canvas.nbw-digit-reader-canvas").bounding_box()
    to = [(box["x"] + x / 28 * box["width"], box["y"] + y / 28 * box["height"])
          for x, y in points]
    page.mouse.move(*to[0])
    page.mouse.down()
    for p in to[1:]:
        page.mouse.move(*p, steps=4)
    page.mouse.up()


def test_a_drawn_stroke_is_prepared_as_nnbook_does(page):
    """A small 7 in the top-left corner: the widget fits it in 20 x 20 and centres it,
    exactly as prepare_digit does, then reads it as nnbook does."""
    widget = page.locator(WIDGET)
    widget.locator("button.nbw-digit-reader-clear").click()
    draw(page, widget, [(2, 2), (9, 2), (5, 11)])
    s = check(widget)
    ink, x = np.array(s["ink"]), np.array(s["input"])
    assert ink[:14, :14].sum() > 0 and ink[14:, :].sum() == 0  # drawn in the corner
    rows = np.flatnonzero(x.max(axis=1) > 0)
    assert len(rows) == 20                                     # fitted to 20 pixels tall
    r, c = np.indices(x.shape)
    assert abs((x * r).sum() / x.sum() - 14) <= 0.5            # centred
    assert abs((x * c).sum() / x.sum() - 14) <= 0.5


def test_clear_empties_the_grid(page):
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-digit-reader-sample").select_option("5")
    widget.locator("button.nbw-digit-reader-clear").click()
    s = check(widget)
    assert not np.array(s["input"]).any()
    assert "Nothing drawn" in widget.locator(".nbw-digit-reader-answer").text_content()


def test_every_answer_and_test_image_is_worded_with_its_article(models):
    """"an 8", never "a 8": the kit's answer for each digit, and its menu's test images."""
    said = models.page.evaluate("""() => {
        const { probabilityBars, digitSource } = nnbookKit;
        const answers = [...Array(10).keys()].map((digit) => {
            const { answer, update } = probabilityBars("x", "");
            const probabilities = Array.from({ length: 10 }, (_, k) => Number(k === digit));
            update({ probabilities, answer: digit, blank: false });
            return answer.textContent;
        });
        const samples = { labels: [...Array(10).keys()], images: [] };
        const { controlRow } = digitSource({ id: "t", prefix: "x", samples, label: "",
                                             onChange: () => {} });
        return [answers, [...controlRow.querySelectorAll("option")].slice(1)
            .map((o) => o.textContent)];
    }""")
    answers, options = said
    for digit in range(10):
        article = "an" if digit == 8 else "a"
        assert answers[digit] == f"The network {reads(digit)}(probability 1.00)."
        assert options[digit] == f"Test image {digit + 1} ({article} {digit})"


# Widths from a small phone to a wide screen, each with a screen's height: the pad and
# the answer (and, on a wide screen, the network) must fit under the header together.
SCREENS = [(360, 640), (390, 844), (768, 1024), (1024, 720), (1280, 720), (1440, 720),
           (1920, 720)]

IN_VIEW = """([widget, parts]) => {
    const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
    const boxes = parts.map((p) => widget.querySelector(p).getBoundingClientRect());
    const top = Math.min(...boxes.map((b) => b.top));
    return { span: Math.max(...boxes.map((b) => b.bottom)) - top, room: innerHeight - header,
             outside: boxes.filter((b) => b.left < 0 || b.right > innerWidth).length };
}"""


def test_the_pad_and_the_answer_are_in_view_together_at_every_width(page):
    widget = page.locator(WIDGET)
    size = page.viewport_size
    try:
        for width, height in SCREENS:
            page.set_viewport_size({"width": width, "height": height})
            parts = ["canvas.nbw-digit-reader-canvas", ".nbw-digit-reader-answer"]
            if width >= 1024:
                parts.append(".nbw-digit-reader-svg")
            seen = page.evaluate(IN_VIEW, [widget.element_handle(), parts])
            assert seen["span"] <= seen["room"] and seen["outside"] == 0, (width, seen)
    finally:
        page.set_viewport_size(size)


def test_the_keyboard_draws_and_the_pad_says_how(page):
    widget = page.locator(WIDGET)
    widget.locator("button.nbw-digit-reader-clear").click()
    pad = widget.locator("canvas.nbw-digit-reader-canvas")
    hint = widget.locator(f"#{pad.get_attribute('aria-describedby')}")
    assert hint.is_visible() and "the arrows move the pen" in hint.text_content()
    pad.focus()
    # from the centre, up and then left (no symmetry about a half pixel: see above)
    for key in ["Space"] + ["ArrowUp"] * 8 + ["ArrowLeft"] * 5 + ["Space"]:
        pad.press(key)
    s = check(widget)
    ink = np.array(s["ink"])
    assert ink[6:15, 14].min() > 0.5 and ink[6, 9:15].min() > 0.5
    assert ink[20:, :].sum() == 0 and ink[:, 20:].sum() == 0
    # The pen's square covers pixels 8-9 and 5-6 of the canvas (from 0), whatever lies
    # under the canvas (the hint).
    box, canvas = pad.evaluate("c => [c.nextElementSibling, c].map(e => {"
                               " const r = e.getBoundingClientRect();"
                               " return [r.left, r.top, r.width, r.height]; })")
    pixel = canvas[2] / 28
    assert box[2] > 0, "the pen's square is not shown"
    for got, want in [(box[0], canvas[0] + 8 * pixel), (box[1], canvas[1] + 5 * pixel),
                      (box[2], 2 * pixel), (box[3], 2 * pixel)]:
        assert abs(got - want) < 1.5, (box, canvas)


SAID = """(widget) => {
    const status = widget.querySelector('.nbw-announce');
    window.said = [];
    new MutationObserver(() => window.said.push(status.textContent))
        .observe(status, { childList: true, characterData: true, subtree: true });
}"""


def test_the_answer_is_said_once_a_stroke_ends_and_only_if_it_changed(page):
    """The visible answer follows the pen; the live region speaks when the reader's act is
    complete: after a choice or Clear always, after a stroke only if the answer changed;
    never while the pen moves."""
    widget = page.locator(WIDGET)
    answer = widget.locator(".nbw-digit-reader-answer")
    assert answer.get_attribute("aria-live") is None
    assert widget.locator("[aria-live], [role=status]").count() == 1
    page.evaluate(SAID, widget.element_handle())
    said = lambda: page.evaluate("window.said")  # noqa: E731

    def answer_now():
        return None if state(widget)["blank"] else state(widget)["answer"]

    widget.locator("button.nbw-digit-reader-clear").click()
    assert said() == [answer.text_content()] and "Nothing drawn" in said()[-1]
    last, unchanged = None, 0
    strokes = [[(14, 4), (14, 24)], [(8, 5), (20, 5)], [(9, 14), (19, 14)], [(14, 4), (14, 9)]]
    for stroke in strokes:
        before = len(said())
        box = widget.locator("canvas.nbw-digit-reader-canvas").bounding_box()
        to = [(box["x"] + x / 28 * box["width"], box["y"] + y / 28 * box["height"])
              for x, y in stroke]
        page.mouse.move(*to[0])
        page.mouse.down()
        page.mouse.move(*to[1], steps=6)
        check(widget)  # the answer shown follows the pen
        assert len(said()) == before, "said while drawing"
        page.mouse.up()
        now = answer_now()
        assert said()[before:] == ([answer.text_content()] if now != last else [])
        unchanged += now == last
        last = now
    assert unchanged, "no stroke left the answer as it was: the silence is not tested"
    # Test images 3 and 6, both 1s read as 1: a choice is said, even of the same answer.
    for sample in ["2", "5"]:
        before = len(said())
        widget.locator("select.nbw-digit-reader-sample").select_option(sample)
        assert said()[before:] == [answer.text_content()]
