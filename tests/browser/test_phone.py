"""On a phone (390 × 844) and on a desktop: nothing floats over a widget's controls.

That every page fits a phone's width is checked in the load of test_pages.py."""

import pytest

from .conftest import PHONE, opened, widget_page

WIDGET_PAGES = sorted({p for p in (widget_page(name) for name in
                                   ("gd-explorer", "line-fitter", "conv-stepper", "neuron"))
                       if p})


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


@pytest.mark.parametrize("size", [PHONE, {"width": 1280, "height": 900}],
                         ids=["phone", "desktop"])
@pytest.mark.parametrize("page_path", WIDGET_PAGES)
def test_nothing_floats_over_a_widget_control(page_path, size, browser, base_url):
    with opened(browser, base_url + page_path, ".nb-widget :is(input, button, select)",
                **size) as page:
        for control in page.locator(".nb-widget :is(input, button, select)").all():
            control.scroll_into_view_if_needed()
            page.mouse.wheel(0, 300)
            page.wait_for_timeout(150)
            page.mouse.wheel(0, -300)
            page.wait_for_timeout(300)  # what shows on scrolling up has shown
            for where in ("top", "bottom"):  # each placed and hit-tested in one script
                cover = control.evaluate(f"c => ({PLACE_AND_HIT})([c, '{where}'])")
                assert cover is None, (
                    f"{page_path}: near the {where}, {cover} covers "
                    + control.evaluate("e => e.outerHTML.slice(0, 80)"))
