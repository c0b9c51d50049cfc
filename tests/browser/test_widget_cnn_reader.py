"""The convolutional network reader's maths, in headless Chromium (what every widget shares:
test_widgets.py).

The widget runs the network the CNN chapter trains, exported by the build as
``cnn_net.json`` next to the page (each layer's weights and geometry), on exported test
images or on a drawing. Here the same network is rebuilt with nnbook from that JSON: every
feature map of every layer and the ten probabilities must be nnbook's forward pass to
1e-6, and each pooling maximum must come from where nnbook's does.
"""


import numpy as np
import pytest

import nnbook
from nnbook.mnist_prep import prepare_digit

from .widgets import reads, widget_page
from . import widgets

NAME = "cnn-reader"
PAGE = widget_page(NAME)
WIDGET = f'.nb-widget[data-widget="{NAME}"]'
READY = f"{WIDGET} .nbw-cnn-reader-maps canvas"
PLAY = None  # no timer

pytestmark = pytest.mark.skipif(PAGE is None, reason=f"no {NAME} widget in this build")


def exported(name):
    return widgets.exported(PAGE, name)


def network(net):
    """The exported network ``net`` rebuilt with nnbook, each layer with its geometry."""
    layers = []
    for spec in net["layers"]:
        kind, params = spec["type"], spec.get("params", {})
        if kind == "Conv2D":
            W = np.array(params["W"])
            layer = nnbook.Conv2D(W.shape[1], W.shape[0], spec["kernel_size"],
                                  stride=spec["stride"], padding=spec["padding"])
            layer.params["W"][...], layer.params["b"][...] = W, params["b"]
        elif kind == "MaxPool2D":
            layer = nnbook.MaxPool2D(spec["kernel_size"], spec["stride"])
        elif kind == "Dense":
            W = np.array(params["W"])
            layer = nnbook.Dense(W.shape[1], W.shape[0])
            layer.params["W"][...], layer.params["b"][...] = W, params["b"]
        else:
            layer = getattr(nnbook, kind)()
        layers.append(layer)
    return nnbook.Sequential(*layers)


def pooled_from(x, size):
    """Where each maximum of 2-D pooling of ``x`` (C, H, W) by windows ``size`` side by
    side came from: (C, H // kh, W // kw, 2) rows and columns, the first of equal maxima."""
    kh, kw = size
    C, H, W = x.shape[0], x.shape[1] // kh * kh, x.shape[2] // kw * kw
    x = x[:, :H, :W]                             # the last odd row or column left out
    windows = x.reshape(C, H // kh, kh, W // kw, kw).transpose(0, 1, 3, 2, 4)
    k = windows.reshape(C, H // kh, W // kw, kh * kw).argmax(axis=-1)
    r, c = np.indices((H // kh, W // kw))
    return np.stack([r * kh + k // kw, c * kw + k % kw], axis=-1)


def check_view(view, net_json, x, atol=1e-6):
    """Every map of every conv, ReLU and pooling layer, each pooling's argmax, and the
    probabilities of the view are nnbook's on the image ``x`` (28 x 28)."""
    net = network(net_json)
    a = x[None, None]
    shown = iter(view["layers"])
    for layer in net.layers:
        below, a = a, layer(a)
        if isinstance(layer, (nnbook.Conv2D, nnbook.ReLU, nnbook.MaxPool2D)):
            got = next(shown)
            assert got["type"] == type(layer).__name__
            np.testing.assert_allclose(np.array(got["maps"]), a[0], rtol=0, atol=atol)
            if isinstance(layer, nnbook.MaxPool2D):
                np.testing.assert_array_equal(np.array(got["from"]),
                                              pooled_from(below[0], layer.kernel_size))
    assert next(shown, None) is None
    probabilities = nnbook.functional.softmax(a)[0]
    np.testing.assert_allclose(view["probabilities"], probabilities, rtol=0, atol=atol)
    assert view["answer"] == probabilities.argmax()
    return probabilities


def state(widget):
    return widget.evaluate("e => e.cnnReader")


def check(widget):
    """The page's view: the chosen test image (or the prepared drawing) read as nnbook
    reads it, the probabilities shown, and the answer."""
    s = state(widget)
    chosen = widget.locator("select.nbw-cnn-reader-sample").input_value()
    x = np.array(s["input"], dtype=float)
    if chosen:
        image = np.array(exported("cnn_samples")["images"][int(chosen)]) / 255
        np.testing.assert_array_equal(x, image)
    else:
        np.testing.assert_allclose(x, prepare_digit(np.array(s["ink"])), atol=1e-9)
    probabilities = check_view(s, exported("cnn_net"), x)
    shown = widget.locator("output.nbw-cnn-reader-p").evaluate_all(
        "os => os.map(o => Number(o.getAttribute('data-value')))")
    np.testing.assert_allclose(shown, probabilities, rtol=0, atol=1e-6)
    n_maps = sum(len(layer["maps"]) for layer in s["layers"]) + 1
    assert widget.locator(".nbw-cnn-reader-map canvas").count() == n_maps
    if x.any():
        answer = widget.locator(".nbw-cnn-reader-answer").text_content()
        assert reads(probabilities.argmax()) in answer
    return s


def interact(widget):
    """A state worth a picture: the third test image, a pixel of the second conv probed."""
    widget.locator("select.nbw-cnn-reader-sample").select_option("2")
    widget.locator(".nbw-cnn-reader-row").nth(4).locator(".nbw-cnn-reader-map").nth(1) \
        .hover()


def random_net(rng, padding=0, stride=1):
    """A small network of random weights in the export's form (geometry varied)."""
    conv = nnbook.Conv2D(1, 3, 5, stride=stride, padding=padding, rng=rng)
    conv.params["b"][...] = rng.normal(0, 0.5, 3)
    h = (28 + 2 * padding - 5) // stride + 1
    pool = nnbook.MaxPool2D(2)
    conv2 = nnbook.Conv2D(3, 4, 3, rng=rng)
    h2 = (h // 2 - 3 + 1) // 2
    dense = nnbook.Dense(4 * h2 * h2, 10, rng=rng)
    layers = [conv, nnbook.ReLU(), pool, conv2, nnbook.ReLU(), nnbook.MaxPool2D(2),
              nnbook.Flatten(), dense]
    out = []
    for layer in layers:
        spec = {"type": type(layer).__name__,
                "params": {k: v.tolist() for k, v in layer.params.items()}}
        for k in ("kernel_size", "stride", "padding"):
            if hasattr(layer, k):
                spec[k] = list(getattr(layer, k))
        out.append(spec)
    return {"type": "Sequential", "layers": out}


@pytest.mark.parametrize("padding, stride", [(0, 1), (2, 1), (1, 2)])
def test_model_is_nnbooks_forward_pass(models, padding, stride):
    """Random weights, a random image, padding and strides: every map is nnbook's."""
    rng = np.random.default_rng(5)
    net = random_net(rng, padding, stride)
    image = rng.integers(0, 256, (28, 28))
    view = models(NAME, {"net": net, "image": image.tolist()})
    np.testing.assert_array_equal(view["input"], image / 255)
    check_view(view, net, image / 255, atol=1e-9)


def test_model_prepares_a_drawing_as_nnbook(models):
    net = random_net(np.random.default_rng(6))
    view = models(NAME, {"net": net, "strokes": [[[2, 2], [9, 2], [5, 11]]]})
    x = np.array(view["input"], dtype=float)
    np.testing.assert_allclose(x, prepare_digit(np.array(view["ink"])), atol=1e-9)
    check_view(view, net, x, atol=1e-9)




def test_the_export_is_the_chapters_network(models):
    """The chapter's trained network (conv 6@5x5, ReLU, pool 2, conv 12@5x5, ReLU, pool 2,
    Flatten, Dense 192 -> 10), and its maps on every exported test image are nnbook's."""
    net = exported("cnn_net")
    assert [layer["type"] for layer in net["layers"]] == ["Conv2D", "ReLU", "MaxPool2D",
        "Conv2D", "ReLU", "MaxPool2D", "Flatten", "Dense"]
    samples = exported("cnn_samples")
    for image in samples["images"][:5]:
        view = models(NAME, {"net": net, "image": image})
        check_view(view, net, np.array(image) / 255)


def test_it_reads_a_picked_digit(fresh_page):
    widget = fresh_page.locator(WIDGET)
    assert widget.locator("select.nbw-cnn-reader-sample").input_value() == "0"
    check(widget)
    widget.locator("select.nbw-cnn-reader-sample").select_option("7")
    s = check(widget)
    label = exported("cnn_samples")["labels"][7]
    assert s["answer"] == label  # the trained network reads this one right
    marks = widget.locator(".nbw-cnn-reader-marks circle").count()
    assert marks == 6 * 12 * 12 + 12 * 4 * 4  # one per pooled value


def test_a_drawing_with_the_mouse_and_the_keyboard(page):
    widget = page.locator(WIDGET)
    widget.locator("button.nbw-cnn-reader-clear").click()
    assert "Nothing drawn" in widget.locator(".nbw-cnn-reader-answer").text_content()
    pad = widget.locator("canvas.nbw-cnn-reader-canvas")
    size = pad.bounding_box()["width"]
    # each point placed on the pad where it is then (figures above may still be loading)
    pad.hover(position={"x": size / 2, "y": size * 4 / 28})
    page.mouse.down()
    for y in range(6, 25, 2):
        pad.hover(position={"x": size / 2, "y": size * y / 28})
    page.mouse.up()
    s = check(widget)
    assert np.array(s["ink"])[4:24, 13:15].min() > 0
    # the keyboard: from the centre, pen down, three to the right, pen up
    pad.focus()
    for key in ["Space", "ArrowRight", "ArrowRight", "ArrowRight", "Space", "ArrowDown"]:
        pad.press(key)
    s = check(widget)
    ink = np.array(s["ink"])
    assert ink[14, 15:18].min() > 0.5 and ink[15, 18] < 1  # drawn right, not down
    assert widget.locator("select.nbw-cnn-reader-sample").input_value() == ""


def test_probing_a_pixel_shows_its_window(page):
    """Pointing at a pixel of the second convolution frames a 5 x 5 window on every map of
    the first pooling; the keyboard moves the probe."""
    widget = page.locator(WIDGET)
    widget.locator("select.nbw-cnn-reader-sample").select_option("1")
    rows = widget.locator(".nbw-cnn-reader-row")
    rows.nth(4).focus()
    for key in ["ArrowDown", "ArrowRight", "ArrowRight"]:
        rows.nth(4).press(key)
    frames = rows.nth(3).locator("rect.nbw-cnn-reader-window[visibility=visible]")
    assert frames.count() == 6
    assert [frames.first.get_attribute(k) for k in ("x", "y", "width", "height")] == \
        ["2", "1", "5", "5"]
    assert "row 2, column 3" in widget.locator(".nbw-cnn-reader-probe").text_content()


def test_on_a_phone_it_takes_about_two_screens(open_page):
    """On a phone (390 × 844) the maps sit six to a row: the whole widget, pad, answer and
    every layer's maps, is at most two screens tall (it was 3.5), and its maps stay at
    least 40 px wide."""
    from .helpers import PHONE
    with open_page(PAGE, READY, **PHONE) as page:
        widget = page.locator(WIDGET)
        height = widget.evaluate("e => e.getBoundingClientRect().height")
        smallest = min(widget.locator(".nbw-cnn-reader-map").evaluate_all(
            "maps => maps.map(m => m.getBoundingClientRect().width)"))
        print(f"cnn-reader on a phone: {height:.0f} px tall, maps {smallest:.0f} px wide")
        assert height <= 2 * PHONE["height"] and smallest >= 40
        assert page.errors == []
