"""What every widget shares, for each of them: built exactly once when its page is reached
by instant navigation; in one other load, labelled controls that work from the keyboard
and, once used, nothing serious for axe in either palette (screenshots with make
screenshots), then nothing floating over its controls, on a phone and then on a desktop;
the registry's isolation of a widget that cannot start; and a test module for every widget
registered.

MODULES is the one list of the widgets' tests. Each widget's module (test_widget_NAME.py)
gives NAME, READY (a CSS selector that shows once it is built), PLAY (a button that starts
a timer, if any), ``check(widget)``, which compares what it shows with nnbook in whatever
state it is, and ``interact(widget)``, which brings it to a state worth a picture; and it
tests the widget's model against nnbook, without the site (widgets.Models).
"""

import contextlib

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from . import (test_widget_backprop_stepper, test_widget_cnn_reader,
               test_widget_conv_stepper, test_widget_digit_reader, test_widget_gd_explorer,
               test_widget_hover_network, test_widget_line_fitter, test_widget_matrix_stepper,
               test_widget_neuron, test_widget_reverse_pass, test_widget_trainer)
from .helpers import (COLOUR_RULES, DESKTOP, PHONE, ROOT, SETTLED, serious_violations,
                      switch_palette, url_ends_with)
from .widgets import SCRIPTS, is_widget, shoot_widget, widget_page

MODULES = [test_widget_matrix_stepper, test_widget_line_fitter, test_widget_gd_explorer, test_widget_conv_stepper,
           test_widget_neuron, test_widget_digit_reader, test_widget_hover_network,
           test_widget_backprop_stepper, test_widget_reverse_pass, test_widget_cnn_reader,
           test_widget_trainer]
WIDGETS = {module.NAME: module for module in MODULES if widget_page(module.NAME)}


@pytest.fixture(params=list(WIDGETS))
def module(request):
    """Each widget's test module in turn (its tests' ids: the widget's name)."""
    return WIDGETS[request.param]


def on_its_page(open_page, module, **options):
    """A fresh page on the widget's page, once it is built (see helpers.opened)."""
    return open_page(widget_page(module.NAME), module.READY, **options)


def test_every_widget_registered_has_its_tests(models):
    """widgets.js registers every module of docs/javascripts/widgets that exports a mount
    (the others are the kits and the maths), and each has its test module."""
    files = sorted(p.stem for p in SCRIPTS.rglob("*.js") if is_widget(p))
    assert sorted(models.names) == files
    assert sorted(models.names) == sorted(module.NAME for module in MODULES)


def widget_of(page, name):
    return page.locator(f".nb-widget[data-widget='{name}']")


def nav_link(path):
    return f".md-nav--primary a[href$='{path}']"


def count_builds(page):
    """Count, in ``window.builds[NAME]``, the calls of each registered widget's mount: the
    widgets' scripts run once, and instant navigation keeps them (and this count)."""
    page.evaluate("""() => {
        window.builds = {};
        for (const name of nnbookWidgets.names()) {
            const widget = nnbookWidgets.get(name);
            const mount = widget.mount;
            widget.mount = (element) => {
                window.builds[name] = (window.builds[name] || 0) + 1;
                return mount(element);
            };
        }
    }""")


def arrive(page, name, path):
    """Reach ``path`` by clicking its link in the navigation (instant navigation, no
    reload) and check that the widget is built exactly once."""
    page.evaluate("window.builds = {}")
    page.locator(nav_link(path)).first.click()
    page.wait_for_url(url_ends_with(path))
    page.wait_for_selector(WIDGETS[name].READY)
    page.wait_for_timeout(300)  # a second build would show up here
    assert page.evaluate("window.__same_document === true"), "page was fully reloaded"
    assert page.evaluate(f"window.builds['{name}']") == 1
    widget = widget_of(page, name)
    assert widget.count() == 1
    assert widget.get_attribute("data-ready") == "yes"
    assert widget.locator(".nb-widget-fallback").count() == 0
    assert widget.locator(":scope > .nbw-controls").count() == 1
    return widget


def test_built_once_after_instant_navigation(open_page, module):
    name, path = module.NAME, widget_page(module.NAME)
    # The home page first, then the widget's page, another page, and back, all by links.
    # The maths after instant navigation is test_navigation.py's: here only the widgets.
    with open_page("", "article") as page:
        page.wait_for_load_state("networkidle")  # instant navigation needs the sitemap
        page.evaluate("window.__same_document = true")
        count_builds(page)
        widget = arrive(page, name, path)
        module.check(widget)
        if module.PLAY:  # a running timer must stop quietly when its page goes
            widget.locator(module.PLAY).click()
        page.locator(".md-header a.md-logo").click()  # home
        page.wait_for_selector(module.READY, state="detached")
        page.wait_for_timeout(700)
        widget = arrive(page, name, path)
        module.interact(widget)
        module.check(widget)
        assert page.errors == [], f"console errors: {page.errors}"


def press_each_control(page, widget):
    """Operate every control from the keyboard, reached by Tab from the first: a slider
    moves by one step, a number field steps up, a menu to the next option, a checkbox
    toggles, a button is pressed (a play button twice: start, pause). Returns what each
    key changed."""
    controls = widget.locator("input, select, button")
    changed = {}
    controls.first.focus()
    for k in range(controls.count()):
        control = controls.nth(k)
        assert control.evaluate("e => e === document.activeElement"), f"Tab missed #{k}"
        kind = control.evaluate("e => e.type || e.tagName.toLowerCase()")
        before = widget.inner_text() + control.evaluate("e => String(e.value + e.checked)")
        label = control.inner_text()
        if kind == "range":
            at_max = control.evaluate("e => +e.value >= +e.max")
            page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        elif kind == "number":
            page.keyboard.press("ArrowUp")
        elif kind == "select-one":
            last = control.evaluate("e => e.selectedIndex === e.options.length - 1")
            page.keyboard.press("ArrowUp" if last else "ArrowDown")
        elif kind == "checkbox":
            page.keyboard.press("Space")
        else:
            page.keyboard.press("Enter")
            if control.inner_text() != label:  # a player started: pause it
                page.keyboard.press("Enter")
                before = None
            else:  # what a button does may come a moment later (the clipboard's answer)
                with contextlib.suppress(PlaywrightTimeout):  # then the check below says
                    page.wait_for_function(
                        "([w, c, before]) => w.innerText + String(c.value + c.checked)"
                        " !== before",
                        arg=[widget.element_handle(), control.element_handle(), before],
                        timeout=5000)
        after = widget.inner_text() + control.evaluate("e => String(e.value + e.checked)")
        changed[control.get_attribute("class")] = before != after
        if k + 1 < controls.count():
            page.keyboard.press("Tab")
    return changed


def test_controls_axe_and_screenshots(open_page, axe_source, module):
    """One load per widget, as a reader meets it: labelled controls; a screenshot (make
    screenshots) as it starts, in the light palette and, after the reader's toggle, in
    the dark one (axe checks it as it starts with its page, in test_pages.py); each
    control from the keyboard; then a state worth a picture, with nothing serious for
    axe, in the dark palette (the rules about colour: the others read the structure, the
    same in both) and back in the light one (every rule); last, nothing floating over
    its controls on a phone and then on a desktop (nothing_floats_over)."""
    name = module.NAME
    selector = f".nb-widget[data-widget='{name}']"
    with on_its_page(open_page, module) as page:
        widget = widget_of(page, name)
        fields = widget.locator("input, select")
        assert fields.count() > 0
        for field in fields.all():
            label = widget.locator(f"label[for='{field.get_attribute('id')}']")
            assert label.count() == 1 and label.inner_text().strip(), field
        for button in widget.locator("button").all():
            assert button.inner_text().strip()

        def shoot_and_check(state, palette):
            shoot_widget(page, widget, f"{name}-{state}", palette)
            rules = COLOUR_RULES if palette == "dark" else None
            return [f"{state}, {palette}: {v}"
                    for v in serious_violations(page, axe_source, selector, rules=rules)]

        # As it starts, the widget is checked by axe with its page (test_pages.py): here
        # only its pictures.
        shoot_widget(page, widget, f"{name}-default", "light")
        switch_palette(page, "dark")
        shoot_widget(page, widget, f"{name}-default", "dark")
        changed = press_each_control(page, widget)
        assert [k for k, moved in changed.items() if not moved] == [], "keys did nothing"
        module.check(widget)
        module.interact(widget)
        bad = shoot_and_check("after", "dark")
        switch_palette(page, "light")
        bad += shoot_and_check("after", "light")
        module.check(widget)
        assert bad == [], "axe-core violations:\n" + "\n".join(bad)
        nothing_floats_over(page, module)
        assert page.errors == [], f"console errors: {page.errors}"


def test_a_widget_that_cannot_start_says_so_and_leaves_the_others_alone(open_page):
    name = "gd-explorer"
    with on_its_page(open_page, WIDGETS[name]) as page:
        page.evaluate("""() => {
            for (const [name, data] of [["conv-stepper", "image"], ["line-fitter", "points"]]) {
                const broken = document.createElement("div");
                broken.className = "nb-widget broken";
                broken.dataset.widget = name;
                broken.dataset[data] = "not numbers";
                document.querySelector("article").append(broken);
            }
            nnbookWidgets.setUp();
        }""")
        for broken in page.locator(".broken").all():
            assert broken.get_attribute("data-ready") == "error"
            assert "could not start" in broken.locator(".nb-widget-error").inner_text()
            assert "nbw" not in broken.get_attribute("class").split()
        assert page.locator(".nb-widget-error").count() == 2
        assert [e for e in page.errors if "could not start" not in e] == []
        widget_of(page, name).locator("button", has_text="Step").click()  # still works
        WIDGETS[name].check(widget_of(page, name))


# A control placed near the top, then near the bottom of the screen, after the reader has
# scrolled down and back up to it (when the theme's floating "Back to top" button would
# show): the point at its centre belongs to it, so nothing floats over it.
PLACE_AND_HIT = """([control, where]) => {
  const header = document.querySelector('.md-header').getBoundingClientRect().bottom;
  const r = control.getBoundingClientRect();
  const target = where === 'top' ? header + 8 : window.innerHeight - r.height - 8;
  window.scrollBy(0, r.top - target);
  const s = control.getBoundingClientRect();
  const hit = document.elementFromPoint(s.left + s.width / 2, s.top + s.height / 2);
  return hit === control || control.contains(hit) || (hit && hit.control === control)
    ? null : (hit ? hit.outerHTML.slice(0, 80) : 'nothing');
}"""


SCROLL_DOWN_AND_UP = """() => new Promise(done => {
  const frame = () => new Promise(next => requestAnimationFrame(next));
  window.scrollBy(0, 300);
  frame().then(frame).then(() => { window.scrollBy(0, -300); return frame(); })
    .then(frame).then(done);
})"""

# Each control of the widget in turn, brought on screen; down and back up, a frame apart
# (the theme reads the direction of the scroll per frame), then once what shows on
# scrolling up has finished showing, placed and hit-tested (PLACE_AND_HIT) near the top
# and near the bottom: the first cover found, [where, what covers, the control], or null.
# One script for all the controls: a round trip per step took twice as long.
FLOATS_OVER = """async (widget) => {
  const frame = () => new Promise(next => requestAnimationFrame(next));
  const placeAndHit = """ + PLACE_AND_HIT + """;
  for (const control of widget.querySelectorAll(':is(input, button, select)')) {
    control.scrollIntoView({block: 'center'});
    await (""" + SCROLL_DOWN_AND_UP + """)();
    while (!(""" + SETTLED + """)) await frame();
    for (const where of ['top', 'bottom']) {
      const cover = placeAndHit([control, where]);
      if (cover !== null) return [where, cover, control.outerHTML.slice(0, 80)];
    }
  }
  return null;
}"""


def nothing_floats_over(page, module):
    """On a phone (390 × 844), then on a desktop, in the test's load: the window is
    resized and the page lays itself out again (that every page fits a phone's width is
    checked in the load of test_pages.py)."""
    widget = widget_of(page, module.NAME)
    assert widget.locator(":is(input, button, select)").count() > 0
    for size in (PHONE, DESKTOP):
        page.set_viewport_size(size)
        page.evaluate("window.scrollTo(0, 0)")
        cover = widget.evaluate(FLOATS_OVER)
        assert cover is None, (f"{module.NAME}, {size['width']} px wide: near the "
                               f"{cover[0]}, {cover[1]} covers {cover[2]}")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_widget_index_opens_with_its_list(open_page, size):
    """The widgets' page (linked from the home page) opens with its list: the table's
    first rows in the first screen, before what the trainer shows once trained (a figure,
    in the palette's version, that loads); each row of the table leads to the page that
    holds that widget."""
    with open_page("widgets/", "article", **size) as page:
        first_row = page.locator("article table tbody tr").first.bounding_box()
        assert 0 <= first_row["y"] and first_row["y"] + first_row["height"] <= size["height"]
        figure = page.locator("article figure img:visible").first
        figure.scroll_into_view_if_needed()
        figure.evaluate("img => img.decode()")
        assert figure.bounding_box()["y"] + page.evaluate("scrollY") > first_row["y"]
        assert figure.evaluate("img => img.naturalWidth") > 0
        links = page.locator("article table a").evaluate_all("as => as.map(a => a.href)")
        assert len(links) == len(MODULES)
        for name in WIDGETS:
            assert any(link.split("#")[0].endswith(widget_page(name)) for link in links), name


# The widgets whose marks a finger drags (the kit's dragHandle).
DRAGGED = sorted(path.stem for path in (ROOT / "docs" / "javascripts" / "widgets").glob("*.js")
                 if path.stem != "common" and "dragHandle(" in path.read_text(encoding="utf-8"))


def touch_drag(page, box, dx, dy, steps=10):
    """A finger pressed at the centre of ``box``, moved by (dx, dy) in ``steps``, lifted:
    touch events as a phone sends them (Playwright's own touchscreen only taps)."""
    cdp = page.context.new_cdp_session(page)
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    for i in range(1, steps + 1):
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [
            {"x": x + dx * i / steps, "y": y + dy * i / steps}]})
        page.wait_for_timeout(16)
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


@pytest.mark.parametrize("name", DRAGGED)
def test_a_finger_drags_a_handle_and_not_the_page(open_page, name):
    """On a phone, a widget's handle is a target of 24 px a side at least; dragging it
    moves it (the widget's state changes, and still agrees with nnbook) and does not
    scroll the page under it."""
    assert set(DRAGGED) == {"conv-stepper", "gd-explorer", "line-fitter", "neuron"}
    module = WIDGETS[name]
    with on_its_page(open_page, module, phone=True) as page:
        widget = widget_of(page, name)
        handle = widget.locator(".nbw-handle").first
        handle.scroll_into_view_if_needed()
        page.wait_for_timeout(300)  # the scroll ends
        box = handle.bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        hit = [page.evaluate("([x, y, h]) => h === document.elementFromPoint(x, y)",
                             [x + dx, y + dy, handle.element_handle()])
               for dx, dy in [(-12, 0), (12, 0), (0, -12), (0, 12)]]
        assert all(hit), f"a target under 24 px a side: {hit}"  # WCAG 2.5.8
        before = page.evaluate("scrollY"), widget.inner_text()
        touch_drag(page, handle.bounding_box(), 20, -60)
        page.wait_for_timeout(300)
        assert page.evaluate("scrollY") == before[0], "the drag scrolled the page"
        assert widget.inner_text() != before[1], "the drag moved nothing"
        module.check(widget)
        assert page.errors == []
