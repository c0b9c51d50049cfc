"""Every page on a phone (390 × 844): nothing wider than the screen but inside something
that scrolls, scroll containers that say they scroll, figures a reader can enlarge."""

import pytest

from .conftest import opened, site_pages, wait_for_typeset_maths, widget_page

PAGES = site_pages()
PHONE = {"width": 390, "height": 844}

# Elements that stick out of the screen and are not inside a horizontal scroll container
# that itself fits: "tag.class: text" for each, outermost only.
OVERFLOWING = """(width) => {
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const found = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    if (e.closest('mjx-assistive-mml')) continue;  // clipped: read aloud, never shown
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    let a = e.parentElement, held = false;
    while (a && a !== document.body) {
      const clips = scrolls(a) || (a.tagName === 'svg'
                                    && getComputedStyle(a).overflow === 'hidden');
      if (clips && a.getBoundingClientRect().right <= width + 1) { held = true; break; }
      a = a.parentElement;
    }
    if (held) continue;
    const parent = e.parentElement;
    const pr = parent.getBoundingClientRect();
    if (pr.right > width + 1 && !scrolls(parent)) continue;  // its parent is reported
    found.push(`${e.tagName.toLowerCase()}.${[...e.classList].join('.')}: `
               + (e.textContent || '').trim().slice(0, 60) + ` (right ${Math.round(r.right)})`);
  }
  return found;
}"""


@pytest.mark.parametrize("page_path", PAGES)
def test_nothing_is_wider_than_a_phone_but_inside_a_scroll_container(page_path, browser,
                                                                      base_url):
    with opened(browser, base_url + page_path, "article", **PHONE) as page:
        if page.locator(".arithmatex").count():
            wait_for_typeset_maths(page)
        wide = page.evaluate(OVERFLOWING, PHONE["width"])
        assert wide == [], f"{page_path}: wider than a {PHONE['width']} px screen:\n" + \
            "\n".join(wide)
        # What scrolls and hides something on its right says so (it fades out there).
        silent = page.evaluate("""() => [...document.querySelectorAll(
            '.md-typeset__scrollwrap, .md-typeset div.arithmatex, span.nb-wide-math')]
            .filter(e => e.scrollWidth - e.clientWidth > 1 && e.scrollLeft === 0
                         && !e.classList.contains('nb-overflows'))
            .map(e => e.textContent.trim().slice(0, 60))""")
        assert silent == [], f"{page_path}: scrolls without showing it: {silent}"


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
