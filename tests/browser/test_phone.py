"""Reading on a phone (PHONE_DEVICE: 390 x 844, three device pixels, touch) and on a
laptop: a wide figure comes drawn for the phone's column, its text legible there; a tap
opens it in the lightbox on the palette's own background, larger than the column shows
it (every figure of the book, measured), where the reader pans it by touch and a pinch
enlarges it further; most of the book's figures read at 9 px in the column; the Notation
page's tables show every column on the phone's screen; long display formulas come
broken into lines on the phone, on one line on the laptop; every page answers a tap
within 4 s of its load on a phone 4 times slower than this machine.

The lightbox's text is measured as the column's is (helpers.SVG_TEXT): the figure's
smallest text in points times its width on the screen (the lightbox's image, scaled by
the pinch, times the page's zoom) over its width in points.
"""

import json

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from .helpers import (FIGURE_TEXT, FIGURE_TEXT_FLOOR, FIGURE_TEXT_READS, SETTLED, SITE,
                      SVG_TEXT, ink, page_file, site_pages, switch_palette)

PAGES = site_pages()
# The pages with an image, those whose figures are measured (the others have none).
WITH_IMAGES = [path for path in PAGES if "<img" in page_file(path).read_text(encoding="utf-8")]

# A chapter whose first figure is wider than a phone's column (figure_html's
# PHONE_COLUMN): on the phone it shrinks, text and all, and says that a tap enlarges it.
CHAPTER = "error-and-descent/gradient-descent/"
# How much larger than in the column a tap shows a figure's text on a phone, at least
# (javascripts/lightbox.js's ENLARGE).
ENLARGE = 1.5
# A reader's pinch: two fingers moved apart to three times their distance.
PINCH = 3.0
# The smallest text of the figure after that pinch, in CSS pixels, at least: the body
# text is 16 px.
ENLARGED_TEXT = 12.0

SHOWN = """async (img) => {
  const svgText = """ + SVG_TEXT + """;
  const [points, width] = await svgText(img.currentSrc || img.src);
  const box = img.getBoundingClientRect();
  return {text: points * box.width * visualViewport.scale / width, width: box.width,
          zoom: visualViewport.scale};
}"""

# The smallest text of the wide drawing (the link's, the lightbox's) had it been shown
# in the image's place, shrunk to the column's width: what a phone showed before it got
# the narrow drawing (figures/narrow.py).
WIDE_IN_PLACE = """async ([img, href]) => {
  const svgText = """ + SVG_TEXT + """;
  const [points, width] = await svgText(href);
  return points * img.getBoundingClientRect().width / width;
}"""

# The colour the lightbox's image sits on: the first opaque background under it.
GROUND = """(img) => {
  for (let e = img; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
  }
  return null;
}"""


# The part of an element on the screen, in the page's CSS pixels: a screenshot clipped
# to it takes half a second, where the element's own screenshot (Playwright draws an
# element larger than the screen whole, beyond the viewport) took 10 to 13 s.
ON_SCREEN = """(e) => {
  const r = e.getBoundingClientRect();
  const x = Math.max(r.left, 0), y = Math.max(r.top, 0);
  return {x, y, width: Math.min(r.right, innerWidth) - x,
          height: Math.min(r.bottom, innerHeight) - y};
}"""


def _shown_ink(page, element, background):
    """helpers.ink of what the screen shows of ``element``."""
    box = page.evaluate(ON_SCREEN, element.element_handle())
    return ink(page.screenshot(clip=box), background)


def _rgb(css):
    return [int(float(v)) for v in css[css.index("(") + 1:css.index(")")].split(",")[:3]]


def _open_lightbox(page, how):
    """Open the first wide figure of the page in the lightbox (``how``: "tap" or
    "click"); return the figure's link and the lightbox's image once it shows."""
    link = page.locator(".nb-figure-shrinks a.glightbox:visible").first
    link.scroll_into_view_if_needed()
    link.tap() if how == "tap" else link.click()
    image = page.locator(".glightbox-container .gslide.current img")
    image.wait_for(state="visible")
    page.wait_for_function("i => i.complete && i.naturalWidth > 0",
                           arg=image.element_handle())
    page.wait_for_function(SETTLED)
    return link, image


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_tap_opens_the_figure_on_the_palette_s_background_and_a_pinch_enlarges_it(
        open_page, base_url, palette):
    with open_page(CHAPTER, ".nb-figure", palette=palette, phone=True) as page:
        link, image = _open_lightbox(page, "tap")
        # Wider and taller than the screen, it opens at its top left corner and pans by
        # touch, both ways, the page under it still.
        scroller = page.locator(".gslide.current .ginner-container")
        scrolled = page.evaluate("scrollY")
        assert scroller.evaluate("s => [s.scrollLeft, s.scrollTop]") == [0, 0]
        page.evaluate(WATCH_POINTERS)
        _pan(page, scroller, (300, 500), (100, 500), "scrollLeft")  # sideways
        _pan(page, scroller, (200, 600), (200, 300), "scrollTop")  # up
        assert page.evaluate("scrollY") == scrolled
        # The column's image, once loaded: its drawing is the one it chose then.
        page.wait_for_function("i => i.complete && i.currentSrc",
                               arg=link.locator("img").element_handle())
        column = page.evaluate(SHOWN, link.locator("img").element_handle())
        wide = page.evaluate(WIDE_IN_PLACE, [link.locator("img").element_handle(),
                                             link.evaluate("a => a.href")])
        # The palette's copy of the figure the column shows (the phone's drawing), on
        # the palette's background.
        column_src = link.locator("img").evaluate("i => i.currentSrc")
        assert "-narrow" in column_src
        assert image.evaluate("i => i.currentSrc") == column_src.split("#")[0]
        assert image.get_attribute("alt") == link.locator("img").get_attribute("alt")
        page_ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.evaluate(GROUND, image.element_handle()) == page_ground
        assert page.evaluate("getComputedStyle(document.querySelector('.goverlay'))"
                             ".backgroundColor") == page_ground
        # Its text shows there: the dark copy's light labels read on slate.
        assert _shown_ink(page, image, _rgb(page_ground)) > 0.01, "the figure is blank"
        fitted = page.evaluate(SHOWN, image.element_handle())
        assert fitted["text"] >= ENLARGE * column["text"] - 0.01, (column, fitted)

        # Two fingers 80 px apart moved to PINCH times that.
        _touch(page, [(155, 420), (235, 420)],
               [(195 - 40 * PINCH, 420), (195 + 40 * PINCH, 420)])
        enlarged = page.evaluate(SHOWN, image.element_handle())
        print(f"{palette}: smallest text {column['text']:.1f} px in the column "
              f"({wide:.1f} px for the wide drawing there), {fitted['text']:.1f} px in the "
              f"lightbox, {enlarged['text']:.1f} px pinched (page zoom {enlarged['zoom']:.2f})")
        # The column shows the narrow drawing, its text legible where the wide one's
        # would not be; a pinch enlarges the lightbox's further.
        assert column["text"] >= FIGURE_TEXT_READS["px"] > wide, (column, wide)
        assert enlarged["text"] >= ENLARGED_TEXT, enlarged
        assert enlarged["text"] >= 2 * fitted["text"], (fitted, enlarged)
        assert page.errors == [], page.errors


def _touch(page, starts, ends, steps=16):
    """Fingers on the screen, each moved in a straight line from its start to its end
    (CSS pixels), then lifted: one finger drags, two moving apart pinch."""
    cdp = page.context.new_cdp_session(page)
    for i in range(steps + 1):
        points = [{"x": x0 + (x1 - x0) * i / steps, "y": y0 + (y1 - y0) * i / steps,
                   "id": n} for n, ((x0, y0), (x1, y1)) in enumerate(zip(starts, ends))]
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove" if i else "touchStart",
                                              "touchPoints": points})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
    page.wait_for_function(SETTLED)


# The pointer events a page receives, kept in order: a finger's pan that the browser
# takes for a scroll ends in "pointercancel". Passive pointer listeners cannot hold a
# touch back from the compositor's scrolling, so watching changes nothing watched.
WATCH_POINTERS = """() => {
  window.nbPointers = [];
  for (const type of ["pointerdown", "pointercancel", "pointerup", "scroll"]) {
    addEventListener(type, (e) => nbPointers.push(`${type} ${e.target.className || ""}`),
                     {capture: true, passive: true});
  }
}"""

# What the page shows of a pan: the scroller's offsets and room, the slide's state,
# what lies under the finger's start and its touch-action, the pointer events.
PAN_STATE = """([s, x, y]) => {
  const under = document.elementFromPoint(x, y);
  return {scroll: [s.scrollLeft, s.scrollTop],
          room: [s.scrollWidth - s.clientWidth, s.scrollHeight - s.clientHeight],
          slide: s.closest(".gslide").className,
          under: under && `${under.tagName} ${under.className}`,
          touchAction: under && getComputedStyle(under).touchAction,
          animations: document.getAnimations().map(a => `${a.animationName} ${a.playState}`),
          pointers: window.nbPointers, pageScrollY: scrollY};
}"""


def _pan(page, scroller, start, end, offset):
    """One finger dragged from ``start`` to ``end`` on the lightbox: its ``offset``
    (scrollLeft or scrollTop) must grow. The scroll reaches the page from the
    compositor a frame or more after the finger lifts; a pan that does not arrive is
    reported with what the page shows (PAN_STATE)."""
    _touch(page, [start], [end])
    try:
        page.wait_for_function(f"s => s.{offset} > 0", arg=scroller.element_handle(),
                               timeout=5000)
    except PlaywrightTimeout:
        state = page.evaluate(PAN_STATE, [scroller.element_handle(), *start])
        pytest.fail(f"a pan from {start} to {end} left {offset} at 0: {state}")



# The last wide figure of the page whose image has not loaded (the page loads a figure
# lazily, as it nears the screen), opened as a tap opens it; how many there were.
OPEN_UNLOADED = """() => {
  const links = [...document.querySelectorAll('.nb-figure-shrinks a.glightbox')]
    .filter(a => a.offsetParent && a.querySelector('img').currentSrc === '');
  links.at(-1)?.click();
  return links.length;
}"""


def test_a_figure_tapped_before_it_has_loaded_opens_as_the_phone_s_drawing(open_page):
    """A reader who taps a figure before the page has loaded it (a slow phone, a quick
    thumb) gets the phone's drawing enlarged, as after it has loaded: not the wide
    drawing, shorter than the screen, which the lightbox would pan only sideways."""
    with open_page(CHAPTER, ".nb-figure", phone=True) as page:
        assert page.evaluate(OPEN_UNLOADED) > 0, "every figure had loaded: none to tap"
        image = page.locator(".glightbox-container .gslide.current img")
        image.wait_for(state="visible")
        page.wait_for_function("i => i.complete && i.naturalWidth > 0",
                               arg=image.element_handle())
        assert "-narrow" in image.evaluate("i => i.currentSrc")
        room = page.locator(".gslide.current .ginner-container").evaluate(
            "s => [s.scrollWidth - s.clientWidth, s.scrollHeight - s.clientHeight]")
        assert room[0] > 0 and room[1] > 0, room
        assert page.errors == [], page.errors

# Each figure shown on the page (its palette's), opened in the lightbox in turn:
# [name, its smallest text in the column, and in the lightbox], in CSS px.
LIGHTBOX_TEXT = r"""async () => {
  const svgText = """ + SVG_TEXT + r""";
  const until = async (found) => { for (;;) {
    const it = found(); if (it) return it;
    await new Promise(done => requestAnimationFrame(done)); } };
  const px = async (img) => (await (""" + SHOWN + r""")(img)).text;
  const found = [];
  for (const link of document.querySelectorAll('.md-content a.glightbox')) {
    const img = link.querySelector('img');
    if (!img.getBoundingClientRect().width) continue;  // the other palette's
    img.loading = 'eager';
    await until(() => img.complete && img.naturalWidth);
    if (!await svgText(img.currentSrc || img.src)) continue;  // no text
    const column = await px(img);
    link.click();
    const shown = await until(() => {
      const i = document.querySelector('.glightbox-container .gslide.current img');
      return i && i.complete && i.naturalWidth && i; });
    await until(() => document.getAnimations().every(a => a.playState !== 'running'));
    found.push([img.currentSrc.split('/').slice(-3).join('/'), column, await px(shown)]);
    document.querySelector('.glightbox-container .gclose').click();
    await until(() => !document.querySelector('.glightbox-container'));
  }
  return found;
}"""


def figure_text_on_a_phone(open_page, palette):
    """``(figure, px)``: the smallest text of each figure of the book in a phone's column
    (FIGURE_TEXT: the image the phone shows), in ``palette``; and each figure a tap
    opens, ``(figure, px in the column, px in the lightbox)`` (LIGHTBOX_TEXT)."""
    found, tapped = [], []
    for path in WITH_IMAGES:
        # With less motion asked for, as the lightbox's text is the same when its
        # animations have ended: 125 of them took 2 1/2 minutes of this test's 4.
        with open_page(path, "article", palette=palette, phone=True,
                       reduced_motion="reduce") as page:
            found += [(name, inline) for name, inline, _ in page.evaluate(FIGURE_TEXT)]
            tapped += page.evaluate(LIGHTBOX_TEXT)
            assert page.errors == [], f"{path}: {page.errors}"
    return found, tapped


def test_most_figures_text_reads_in_a_phone_s_column(open_page):
    """At least FIGURE_TEXT_READS["share"] of the book's figures show their smallest
    text at FIGURE_TEXT_READS["px"] or more on a phone: a wide figure comes drawn again
    for the column (the build's figures/narrow.py), its text at its size in points.
    Measured in the light palette: the dark one's drawings are the same recoloured, and
    test_page measures each page's figures on a phone in the dark palette (each at least
    FIGURE_TEXT_FLOOR, each the dark drawing)."""
    palette = "light"
    found, tapped = figure_text_on_a_phone(open_page, palette)
    px = np.array([inline for _, inline in found])
    assert len(px) > 50, f"{len(px)} figures found"  # the book has over a hundred
    narrow = sum("-narrow" in name for name, _ in found)
    assert narrow > 0 and all(("-dark" in name) == (palette == "dark")
                              for name, _ in found), found
    print(f"{palette}: {len(px)} figures ({narrow} narrow), smallest text median "
          f"{np.median(px):.1f} px; under 5 px {np.sum(px < 5)}, under 8 px "
          f"{np.sum(px < 8)}, under 9 px {np.sum(px < 9)}")
    reads = np.mean(px >= FIGURE_TEXT_READS["px"])
    assert reads >= FIGURE_TEXT_READS["share"], (
        f"{reads:.0%} of the figures' text at {FIGURE_TEXT_READS['px']} px or more; "
        "under it: " + ", ".join(f"{name} {v:.1f}" for name, v in found
                                  if v < FIGURE_TEXT_READS["px"]))
    # A tap enlarges every figure: its text at least ENLARGE times the column's, and
    # at least FIGURE_TEXT_FLOOR["enlarged"].
    assert len(tapped) == len(found), (len(tapped), len(found))
    ratio = np.array([lightbox / column for _, column, lightbox in tapped])
    lightbox = np.array([px for _, _, px in tapped])
    print(f"tapped: {len(tapped)} figures, smallest text in the lightbox median "
          f"{np.median(lightbox):.1f} px (least {lightbox.min():.1f}), "
          f"{ratio.min():.2f} to {ratio.max():.2f} times the column's")
    small = [f"{name}: {column:.1f} px in the column, {px:.1f} px in the lightbox"
             for name, column, px in tapped
             if px < ENLARGE * column - 0.01 or px < FIGURE_TEXT_FLOOR["enlarged"]]
    assert small == [], small


# The figures the page fetched once each image shown (of the palette's) has been
# scrolled to and has loaded, as a reader scrolling down the page loads them.
FETCHED_FIGURES = """async () => {
  performance.setResourceTimingBufferSize(2000);
  for (const img of document.querySelectorAll('.md-content img')) {
    if (!img.getBoundingClientRect().width) continue;  // the other palette's, hidden
    img.scrollIntoView();
    await new Promise(done => { if (img.complete && img.currentSrc) return done();
      img.addEventListener('load', done); img.addEventListener('error', done); });
  }
  return performance.getEntriesByType('resource').map(e => e.name.split('#')[0])
    .filter(name => name.includes('/figures/') && name.endsWith('.svg'))
    .map(name => name.split('/').slice(-1)[0]);
}"""


@pytest.mark.parametrize("phone", [False, True], ids=["laptop", "phone"])
def test_a_laptop_fetches_the_wide_figures_and_a_phone_the_narrow_ones(open_page, phone):
    """A <picture>'s source loads only where its media query holds: a laptop's page
    weighs what it did, a phone fetches the narrow drawing instead of the wide one."""
    with open_page(CHAPTER, ".nb-figure", phone=phone) as page:
        fetched = page.evaluate(FETCHED_FIGURES)
        narrow = [name for name in fetched if "-narrow" in name]
        assert fetched and not any("-dark" in name for name in fetched), fetched
        if not phone:
            assert narrow == [], fetched
        else:
            assert narrow, fetched
            assert not {name.replace("-narrow", "") for name in narrow} & set(fetched), \
                f"a phone fetches both drawings of a figure: {fetched}"


# The longest animation of the lightbox once it shows, in ms (0 with none).
LONGEST_ANIMATION = """() => Math.max(0, ...document.getAnimations()
  .filter(a => a.effect && a.effect.target && a.effect.target.closest('.glightbox-container'))
  .map(a => a.effect.getComputedTiming().duration))"""


@pytest.mark.parametrize("motion", ["no-preference", "reduce"])
def test_a_reader_who_asks_for_less_motion_gets_the_lightbox_at_once(open_page, motion):
    """GLightbox fades the figure in and out in half a second; with less motion asked
    for, its animations last a millisecond (lightbox.css), and it still opens and
    closes."""
    with open_page(CHAPTER, ".nb-figure", reduced_motion=motion) as page:
        link = page.locator(".nb-figure-shrinks a.glightbox:visible").first
        link.click()
        page.wait_for_selector(".glightbox-container .gslide.current img")
        longest = page.evaluate(LONGEST_ANIMATION)
        assert longest <= 1 if motion == "reduce" else longest >= 300, longest
        page.wait_for_function(SETTLED)
        page.keyboard.press("Escape")
        page.wait_for_selector(".glightbox-container", state="detached", timeout=5000)
        assert page.errors == [], page.errors


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_click_opens_the_figure_on_the_palette_s_background_on_a_laptop(
        open_page, palette):
    """The palette the reader switched to, not only the one the system prefers; Escape
    closes the lightbox."""
    with open_page(CHAPTER, ".nb-figure") as page:
        if palette == "dark":
            switch_palette(page, "dark")
        link, image = _open_lightbox(page, "click")
        assert image.get_attribute("src") == link.get_attribute("href")
        assert link.get_attribute("href").endswith("-dark.svg") == (palette == "dark")
        page_ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.evaluate(GROUND, image.element_handle()) == page_ground
        assert _shown_ink(page, image, _rgb(page_ground)) > 0.01, "the figure is blank"
        # It opens alone: no arrow to another figure, or to the other palette's copy.
        assert page.locator(".gslide").count() == 1
        assert page.locator(".gnext:visible, .gprev:visible").count() == 0
        page.keyboard.press("Escape")
        page.locator(".glightbox-container").wait_for(state="detached")
        assert page.errors == [], page.errors


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_notation_tables_show_every_column_on_a_phone(open_page, palette):
    """Each row of a table of symbols is read on the phone's screen whole: symbol,
    meaning, shape and code, with nothing to scroll sideways, each cell named."""
    with open_page("appendix/notation/", ".nb-symbols", palette=palette,
                   phone=True) as page:
        found = page.evaluate("""() => {
          const bad = [];
          for (const td of document.querySelectorAll('.nb-symbols td')) {
            const r = td.getBoundingClientRect();
            if (r.width < 1 || r.left < 0 || r.right > innerWidth + 0.5)
              bad.push(`${td.textContent.trim().slice(0, 40)}: ${r.left}-${r.right}`);
          }
          for (const w of document.querySelectorAll('.nb-symbols .md-typeset__scrollwrap'))
            if (w.scrollWidth > w.clientWidth + 1) bad.push('a table scrolls sideways');
          return bad;
        }""")
        assert found == [], found[:5]
        labels = page.evaluate("""() => [...document.querySelector('.nb-symbols tbody tr')
            .children].map(td => getComputedStyle(td, '::before').content)""")
        assert labels[2:] == ['"Shape"', '"In code"'], labels
        assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_a_lab_s_figure_opens_with_its_alt_text(open_page):
    """The lightbox plugin links a lab's figures itself: the lightbox's image keeps the
    figure's alt text (the cell's), as a chapter's does."""
    with open_page("labs/convolution-filters/", "a.glightbox") as page:
        link = page.locator("a.glightbox:visible").first
        link.scroll_into_view_if_needed()
        link.click()
        image = page.locator(".glightbox-container .gslide.current img")
        image.wait_for(state="visible")
        alt = link.locator("img").get_attribute("alt")
        assert len(alt) > 10 and image.get_attribute("alt") == alt
        assert page.errors == [], page.errors


# The chapter with the widest formulas: the chain rule written out, link by link.
MATHS_CHAPTER = "learning/backprop-calculus/"
# Each display formula's drawing against the column it sits in, on the screen, and the
# width it is typeset at (its SVG's own width attribute, in pixels).
DISPLAY_FIT = """() => [...document.querySelectorAll('div.arithmatex > mjx-container')]
  .filter(c => c.getClientRects().length)
  .map(c => [c.querySelector(':scope > svg').getBoundingClientRect().width,
             c.parentElement.clientWidth, c.classList.contains('nb-broken'),
             c.querySelector(':scope > svg').width.baseVal.value])"""


@pytest.mark.skipif(not (SITE / MATHS_CHAPTER / "index.html").exists(),
                    reason="the chapter is not in this build")
def test_long_display_formulas_break_into_lines_on_a_phone_and_not_on_a_laptop(open_page):
    """On the phone every display formula fits its column, the long ones as their copy
    broken into lines; on a laptop the same formulas show on one line each. Each is drawn
    at the size it was typeset at (the theme's rules for narrow screens once drew them
    all 0 px wide: a column they fitted)."""
    with open_page(MATHS_CHAPTER, "mjx-container", phone=True) as page:
        phone = page.evaluate(DISPLAY_FIT)
        assert any(broken for _, _, broken, _ in phone), "no formula broken into lines"
        wide = [(round(w), room) for w, room, _, _ in phone if w > room + 1]
        assert not wide, f"formulas wider than the phone's column: {wide}"
        shrunk = [(round(w), round(own)) for w, _, _, own in phone if abs(w - own) > 1]
        assert not shrunk, f"formulas not drawn at their size on a phone: {shrunk}"
    with open_page(MATHS_CHAPTER, "mjx-container") as page:
        laptop = page.evaluate(DISPLAY_FIT)
        assert len(laptop) == len(phone) and not any(b for _, _, b, _ in laptop)
        shrunk = [(round(w), round(own)) for w, _, _, own in laptop if abs(w - own) > 1]
        assert not shrunk, f"formulas not drawn at their size on a laptop: {shrunk}"


@pytest.mark.parametrize("path", ["learning/digits/", "labs/train-digits/"])
def test_what_scrolls_sideways_on_a_phone_takes_the_keyboard(open_page, path):
    """A code block, a lab's output or a formula wider than a phone's column is a stop of
    the Tab order, so that a keyboard can scroll it (WCAG 2.1.1)."""
    with open_page(path, "article", phone=True) as page:
        page.wait_for_timeout(500)  # overflow.js marks what scrolls after the page view
        found = page.evaluate("""() => [...document.querySelectorAll(
            '.md-typeset pre > code, .md-typeset .jp-RenderedText, .md-typeset .highlight-ipynb,'
            + ' .md-typeset div.arithmatex')]
          .filter(e => e.scrollWidth - e.clientWidth > 1)
          .map(e => e.tabIndex >= 0 || e.closest('[tabindex="0"]') !== null)""")
        assert found and all(found), f"{found.count(False)} of {len(found)} not focusable"


# Lighthouse's time to interactive, on a phone whose processor is SLOWDOWN times slower
# than this machine's: from the start of the page's load to the end of its last task of
# over 50 ms (the main thread busy: a tap waits), in ms. As Lighthouse does by default
# (simulated throttling), the page loads at full speed and the slow phone is simulated:
# each task of the page's main thread takes SLOWDOWN times its processor time, starting
# when the one before it ends or when it started in the real load, if later. Processor
# time, not the clock, as a busy machine stretches the clock: beside a process that kept
# the other core busy, the 36 pages' median moved from 1.65 to 1.73 s here, and with
# both cores busy to 1.92 s (the longest 3.1 s); so the test runs beside the others.
SLOWDOWN, ANSWERS_WITHIN, LONG_TASK = 4, 4000, 50
# What the page does in the seconds after its load event counts too (a widget's timers).
AFTER_LOAD = 2000
TRACED = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing"]


def simulated_interactive(events, url, slowdown=SLOWDOWN):
    """The time to interactive of the load of ``url`` in a Chromium trace's ``events``,
    on the slowed phone; and the simulated length of each long task, in ms."""
    start = [e for e in events if e.get("name") == "navigationStart"
             and e["args"]["data"].get("documentLoaderURL") == url][-1]
    tasks = sorted((e for e in events if e.get("name") == "RunTask" and e.get("ph") == "X"
                    and (e["pid"], e["tid"]) == (start["pid"], start["tid"])
                    and e["ts"] >= start["ts"]), key=lambda e: e["ts"])
    end = interactive = 0.0
    long_tasks = []
    for task in tasks:  # the trace's times are in µs
        begins = max(end, (task["ts"] - start["ts"]) / 1000)
        # Processor time; a task Chromium gave none (it happens, rarely) is
        # counted at its length on the clock, which is never less.
        end = begins + slowdown * task.get("tdur", task["dur"]) / 1000
        if end - begins > LONG_TASK:
            interactive = end
            long_tasks.append(round(end - begins))
    return interactive, long_tasks


def test_the_simulated_phone_runs_the_page_s_tasks_one_after_another_slowed():
    def event(name, ts, dur=0, tid=1, **data):
        return {"name": name, "ph": "X", "pid": 7, "tid": tid, "ts": ts * 1000,
                "dur": dur * 1000, "tdur": dur * 1000, "args": {"data": data}}
    url = "http://127.0.0.1/page/"
    events = [event("navigationStart", 0, documentLoaderURL="about:blank"),
              event("navigationStart", 100, documentLoaderURL=url),
              event("RunTask", 50, 40),  # before the load
              event("RunTask", 110, 30),  # 120 ms slowed: from 10 to 130
              event("RunTask", 120, 10),  # waits for it: 40 ms, 130 to 170
              event("RunTask", 300, 12, tid=2),  # another thread
              event("RunTask", 400, 20),  # 80 ms, 300 to 380: the last long task
              event("RunTask", 900, 12)]  # 48 ms: short
    assert simulated_interactive(events, url) == (380.0, [120, 80])
    del events[-1]["tdur"]  # no processor time: its time on the clock
    events[-1]["dur"] = 20_000  # 80 ms, 800 to 880
    assert simulated_interactive(events, url) == (880.0, [120, 80, 80])


def _interactive(open_page, url):
    with open_page(phone=True, laid_out=False) as page:
        browser = page.context.browser
        browser.start_tracing(page=page, categories=TRACED)
        try:
            page.goto(url, wait_until="load")
            page.wait_for_timeout(AFTER_LOAD)
        finally:
            trace = json.loads(browser.stop_tracing())
        assert page.errors == [], page.errors
    return simulated_interactive(trace["traceEvents"], url)


@pytest.mark.parametrize("path", PAGES, ids=[p.strip("/") or "home" for p in PAGES])
def test_every_page_answers_within_4_s_on_a_slowed_phone(open_page, base_url, path):
    """The page answers a tap within ANSWERS_WITHIN ms of the start of its load on a
    phone SLOWDOWN times slower: what is off screen is laid out as it nears the screen
    (book.css's content-visibility), the theme mounts a code block's copy button when it
    comes near (content.lazy), and overflow.js measures the blocks near the screen
    only. Before them the backpropagation chapter took 9.5 s here, digits 3.6 s. A lab's
    blocks are its cells.

    A page over the bound is loaded twice more, and the median of the three must be
    within it: a reader meets the usual load, not the best."""
    loads = [_interactive(open_page, base_url + path)]
    if loads[0][0] > ANSWERS_WITHIN:
        loads += [_interactive(open_page, base_url + path) for _ in range(2)]
    times = [round(interactive) for interactive, _ in loads]
    print(f"{path or 'home'}: interactive at {times} ms; its tasks over {LONG_TASK} ms: "
          f"{[long_tasks for _, long_tasks in loads]}")
    assert np.median(times) <= ANSWERS_WITHIN, loads


def test_the_page_as_it_loads_shows_each_part_as_the_reader_reaches_it(open_page):
    """The other tests see the page all laid out; here it is as it loads on a phone, the
    blocks off screen not laid out (book.css): scrolled to, a widget far down shows its
    words, and a formula far down that scrolls sideways fades out at its edge and takes
    the keyboard (overflow.js, as the block nears the screen)."""
    with open_page("representations/network/", ".nb-widget", phone=True,
                   laid_out=False) as page:
        widget = page.locator('.nb-widget[data-widget="hover-network"]')
        live = widget.locator("[aria-live]")
        assert live.inner_text() == ""  # off screen: not laid out, no text yet
        widget.scroll_into_view_if_needed()
        page.wait_for_function("e => e.innerText.includes("
                               "'Neuron 1 of layer 2: z = 1.0000, a = σ(z) = 0.7311.')",
                               arg=live.element_handle(), timeout=5000)
    with open_page("learning/digits/", "article", phone=True, laid_out=False) as page:
        # From the bottom up, the first code block that scrolls sideways, once on screen.
        found = page.evaluate("""async () => {
          const frame = () => new Promise(done => requestAnimationFrame(done));
          for (const e of [...document.querySelectorAll('.md-typeset pre > code')].reverse()) {
            if (!e.checkVisibility({contentVisibilityAuto: false})) continue;  // a closed tab
            e.scrollIntoView(); await frame(); await frame();
            if (e.scrollWidth <= e.clientWidth + 1) continue;
            for (let i = 0; i < 60 && !e.classList.contains('nb-overflows'); i++) await frame();
            return [e.classList.contains('nb-overflows'), e.tabIndex, window.scrollY];
          }
          return null; }""")
        assert found is not None and found[:2] == [True, 0], found
        assert found[2] > 5000, found  # far down the page
        assert page.errors == [], page.errors
