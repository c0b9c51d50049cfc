"""What the widget tests share: where each widget is, its page fixtures, its models on a
blank page, and the reading of the numbers it shows.

The widgets' models are tested without the site: a blank page in Chromium, the same
engine the readers' pages run in, loads the widgets' modules from docs/javascripts, and
``model(name, settings)`` calls a widget's model there and returns its view. No site, no server: the models are compared with nnbook
in the tests of each widget; its page tests then check that the page shows those numbers.
"""

import contextlib
import functools
import io
import json
import re

import numpy as np

import nnbook

from .helpers import ROOT, SCREENSHOTS, SITE, keep_screenshot

SCRIPTS = ROOT / "docs" / "javascripts" / "widgets"


def is_widget(path):
    """Whether the module at ``path`` is a widget's: one that exports a mount (the others
    are the kits and the shared maths)."""
    return re.search(r"^export \{[^}]*\bmount\b", path.read_text(encoding="utf-8"),
                     re.M) is not None


@functools.cache
def widget_source(name):
    """The chapter (Markdown in docs/) that holds the widget ``name``."""
    found = [path for path in sorted((ROOT / "docs").rglob("*.md"))
             if f'data-widget="{name}"' in path.read_text(encoding="utf-8")]
    assert len(found) == 1, f"widget {name} should be on one page of docs/, found {found}"
    return found[0]


@functools.cache
def widget_page(name):
    """The URL path of the built page that holds the widget ``name``, or None."""
    for path in sorted(SITE.rglob("index.html")):
        if f'data-widget="{name}"' in path.read_text(encoding="utf-8"):
            return path.parent.relative_to(SITE).as_posix() + "/"
    return None


class Models:
    """The widgets' models on a blank page: ``page`` loads docs/javascripts/widgets.js, the
    module the site loads, which imports every widget's module, and with it the kit
    (common.js, with the digits' pad) and the shared maths (nn.js), as ``nnbookWidgets``,
    ``nnbookKit`` and ``nnbookNN``. The files are served from docs/ by the page itself (``page.route``): no
    site, no server. ``models(name, settings)`` is the view that the widget ``name``'s
    model gives for ``settings``; ``models.names``, the widgets the site has."""

    ORIGIN = "http://widgets.invalid/"
    BLANK = """<!doctype html><meta charset="utf-8"><script type="module">
        import "./widgets.js";
        import * as kit from "./widgets/common.js";
        import * as nn from "./widgets/nn.js";
        import * as pad from "./widgets/digits/pad.js";
        Object.assign(window, { nnbookKit: { ...kit, ...pad }, nnbookNN: nn });
        </script>"""

    def __init__(self, page):
        self.page = page
        folder = SCRIPTS.parent

        def serve(route):
            name = route.request.url.removeprefix(self.ORIGIN)
            if name == "blank.html":
                route.fulfill(body=self.BLANK, content_type="text/html")
            else:
                route.fulfill(path=folder / name, content_type="text/javascript")
        page.route(self.ORIGIN + "**", serve)
        page.goto(self.ORIGIN + "blank.html")
        page.wait_for_function("window.nnbookWidgets && window.nnbookNN")
        self.names = page.evaluate("nnbookWidgets.names()")

    def __call__(self, name, settings):
        return self.page.evaluate(
            "([name, settings]) => nnbookWidgets.get(name).model(settings)", [name, settings])


def exported(path, name):
    """The value ``name`` that the page at ``path`` exports (``<!-- export name -->``), as
    the built site publishes it for the page's widgets."""
    return json.loads((SITE / path / f"{name}.json").read_text(encoding="utf-8"))


def shoot_widget(page, widget, name, palette):
    """Keep a screenshot of the widget alone as ARTIFACTS/widgets/NAME.png (NAME-dark.png
    in the dark palette) when screenshots are asked for, cut from a full-page capture so
    that the sticky header never covers it."""
    if not SCREENSHOTS:
        return
    name += ".png" if palette == "light" else "-dark.png"
    box = widget.evaluate(
        "e => { const r = e.getBoundingClientRect();"
        " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }")
    page.mouse.move(0, 0)  # no hover colour on the last button clicked
    keep_screenshot(page, "widgets", name, full_page=True, clip=box)


def nnbook_network(net):
    """The network ``net``, in the form the book exports (``<!-- export -->``: {"layers":
    [{"type": "Dense", "params": {"W", "b"}}, {"type": "Sigmoid"}, ...]}), rebuilt with
    nnbook."""
    layers = []
    for spec in net["layers"]:
        if spec["type"] == "Dense":
            W = np.array(spec["params"]["W"])
            layer = nnbook.Dense(W.shape[1], W.shape[0])
            layer.W, layer.b = W, np.array(spec["params"]["b"])
        else:
            layer = getattr(nnbook, spec["type"])()
        layers.append(layer)
    return nnbook.Sequential(*layers)


def reads(digit):
    """How a digit widget words its answer ``digit``: "reads a 7 ", "reads an 8 "."""
    return f"reads {'an' if digit == 8 else 'a'} {digit} "


_SHOWN = re.compile(r"(−?)(\d+)(?:\.(\d+))?(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?")
_SUPERSCRIPT_DIGITS = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


def shows(text, value, digits=4, powers=False):
    """Whether a widget's ``text`` shows ``value`` in the kit's number format (common.js).

    The text is read, not rebuilt: a true minus (U+2212; an ASCII hyphen fails), never
    "−0", exactly ``digits`` decimals, and ``value`` rounded to them. With ``powers`` (the
    kit's ``number``), a value with ``|value| >= 1e5`` or ``0 < |value| < 1e-3`` must read
    "a × 10ⁿ" (1 <= a < 10, 3 decimals), and one past the largest float "overflow".
    """
    text = text.strip()
    if powers and not np.isfinite(value):
        return text == "overflow"
    match = _SHOWN.fullmatch(text)
    if match is None:
        return False
    minus, whole, decimals, power = match.groups()
    decimals = decimals or ""
    number = float(f"{whole}.{decimals}" if decimals else whole)
    if minus and number == 0:
        return False
    if powers and (power is not None) != (abs(value) >= 1e5 or 0 < abs(value) < 1e-3):
        return False
    if power is not None and not (1 <= number < 10 and len(decimals) == 3):
        return False
    if power is None and len(decimals) != digits:
        return False
    exponent = int(power.translate(_SUPERSCRIPT_DIGITS)) if power else 0
    shown = (-number if minus else number) * 10.0 ** exponent
    return abs(shown - value) <= 0.5 * 10.0 ** (exponent - len(decimals)) * (1 + 1e-9)


def drag(page, picture, handle, x, y, moves=5):
    """Drag ``handle`` (a locator of an element of the SVG ``picture``) with the mouse to
    the point (x, y) in the picture's own units (its viewBox), as a reader would: press
    on the handle, move in a few steps, release. The handle is scrolled into view first."""
    handle.scroll_into_view_if_needed()
    start = handle.bounding_box()
    end = picture.evaluate(
        "(svg, [x, y]) => { const m = svg.getScreenCTM();"
        " return [m.a * x + m.c * y + m.e, m.b * x + m.d * y + m.f]; }", [x, y])
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(*end, steps=moves)
    page.mouse.up()


def shown_code_prints(widget, prefix):
    """Open the widget's "Show as code" box (kit.codeView, ``details.<prefix>-code``), run
    its program in Python and fold the box again; return what the program printed, a
    list of words per line. An overflow is the program's to print, as the widget does."""
    box = widget.locator(f"details.{prefix}-code")
    box.locator("summary").click()
    code = box.locator("pre")
    assert code.is_visible()
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), np.errstate(over="ignore"):
        exec(code.inner_text(), {})
    box.locator("summary").click()
    return [line.split() for line in printed.getvalue().splitlines()]
