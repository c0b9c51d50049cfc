"""Reading on a phone (PHONE_DEVICE: 390 x 844, three device pixels, touch) and on a
laptop: a figure opens in the lightbox on the palette's own background, where a pinch
enlarges its text; the Notation page's tables show every column on the phone's screen;
long display formulas come broken into lines on the phone, on one line on the laptop.

The lightbox's text is measured as the column's is (helpers.SVG_TEXT): the figure's
smallest text in points times its width on the screen (the lightbox's image, scaled by
the pinch, times the page's zoom) over its width in points.
"""

import io

import numpy as np
import pytest

from .helpers import SETTLED, SITE, SVG_TEXT, switch_palette

# A chapter whose first figure is wider than a phone's column (figure_html's
# PHONE_COLUMN): on the phone it shrinks, text and all, and says that a tap enlarges it.
CHAPTER = "error-and-descent/gradient-descent/"
# How far a reader's pinch goes here: three times the lightbox's fitted width.
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

# The colour the lightbox's image sits on: the first opaque background under it.
GROUND = """(img) => {
  for (let e = img; e; e = e.parentElement) {
    const c = getComputedStyle(e).backgroundColor;
    if (c !== 'rgba(0, 0, 0, 0)' && c !== 'transparent') return c;
  }
  return null;
}"""


def _ink(png, background):
    """Fraction of the picture's pixels that differ clearly from ``background`` (RGB)."""
    import matplotlib.image as mpimg

    pixels = mpimg.imread(io.BytesIO(png), format="png")[..., :3]
    return float(np.mean(np.abs(pixels - np.array(background) / 255).sum(axis=-1) > 0.3))


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
        column = page.evaluate(SHOWN, link.locator("img").element_handle())
        # The palette's copy of the figure, on the palette's background.
        assert image.get_attribute("src") == link.get_attribute("href")
        assert image.get_attribute("alt") == link.locator("img").get_attribute("alt")
        page_ground = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert page.evaluate(GROUND, image.element_handle()) == page_ground
        assert page.evaluate("getComputedStyle(document.querySelector('.goverlay'))"
                             ".backgroundColor") == page_ground
        # Its text shows there: the dark copy's light labels read on slate.
        assert _ink(image.screenshot(), _rgb(page_ground)) > 0.01, "the figure is blank"
        fitted = page.evaluate(SHOWN, image.element_handle())
        assert fitted["width"] <= 390

        box = image.bounding_box()
        cdp = page.context.new_cdp_session(page)
        cdp.send("Input.synthesizePinchGesture", {
            "x": box["x"] + box["width"] / 2, "y": box["y"] + box["height"] / 2,
            "scaleFactor": PINCH, "gestureSourceType": "touch"})
        page.wait_for_function(SETTLED)
        enlarged = page.evaluate(SHOWN, image.element_handle())
        print(f"{palette}: smallest text {column['text']:.1f} px in the column, "
              f"{fitted['text']:.1f} px in the lightbox, {enlarged['text']:.1f} px pinched "
              f"(page zoom {enlarged['zoom']:.2f})")
        assert enlarged["text"] >= ENLARGED_TEXT, enlarged
        assert enlarged["text"] >= 2 * column["text"], (column, enlarged)
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
        assert _ink(image.screenshot(), _rgb(page_ground)) > 0.01, "the figure is blank"
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
# Each display formula's drawing against the column it sits in, on the screen.
DISPLAY_FIT = """() => [...document.querySelectorAll('div.arithmatex > mjx-container')]
  .filter(c => c.getClientRects().length)
  .map(c => [c.querySelector(':scope > svg').getBoundingClientRect().width,
             c.parentElement.clientWidth, c.classList.contains('nb-broken')])"""


@pytest.mark.skipif(not (SITE / MATHS_CHAPTER / "index.html").exists(),
                    reason="the chapter is not in this build")
def test_long_display_formulas_break_into_lines_on_a_phone_and_not_on_a_laptop(open_page):
    """On the phone every display formula fits its column, the long ones as their copy
    broken into lines; on a laptop the same formulas show on one line each."""
    with open_page(MATHS_CHAPTER, "mjx-container", phone=True) as page:
        phone = page.evaluate(DISPLAY_FIT)
        assert any(broken for _, _, broken in phone), "no formula broken into lines"
        wide = [(round(w), room) for w, room, _ in phone if w > room + 1]
        assert not wide, f"formulas wider than the phone's column: {wide}"
    with open_page(MATHS_CHAPTER, "mjx-container") as page:
        laptop = page.evaluate(DISPLAY_FIT)
        assert len(laptop) == len(phone) and not any(b for _, _, b in laptop)
