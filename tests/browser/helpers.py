"""What the browser tests share, apart from widgets (widgets.py): the built site and its
pages, fresh pages in Chromium, the palettes, a phone's screen, axe-core, screenshots.

conftest.py holds the fixtures; the tests import these helpers from here.
"""

import contextlib
import io
import os
import re
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from ..paths import ROOT, SITE

ARTIFACTS = Path(os.environ.get("NNBOOK_ARTIFACTS", ROOT / "test-artifacts"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"


def site_pages():
    """Every HTML page of the built site, as URL paths ('' for the home page)."""
    if not (SITE / "index.html").exists():
        raise pytest.UsageError(
            f"no built site in {SITE}: run 'mkdocs build --strict' first (make test does)"
        )
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        rel = path.relative_to(SITE).as_posix()
        if rel.startswith("javascripts/"):
            continue
        pages.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return pages


def page_file(path):
    """The built HTML file of the site's page ``path`` (as site_pages gives it)."""
    return SITE / path if path.endswith(".html") else SITE / path / "index.html"


def site_port():
    """The port of the address the site was built for (its sitemap), 0 if none."""
    sitemap = SITE / "sitemap.xml"
    if sitemap.exists():
        match = re.search(r"<loc>http://(?:127\.0\.0\.1|localhost):(\d+)/", sitemap.read_text())
        if match:
            return int(match.group(1))
    return 0


PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}  # a page's size unless a test asks for another


# The page lays out each block of its text as it nears the screen (book.css's
# content-visibility), and what is off screen has no text to read (innerText) and a
# geometry not kept up to date (an image's size after its phone drawing loads): the
# tests see the page all laid out, as a reader sees each part of it on screen (opened).
# A style sheet the document adopts: instant navigation keeps it, as it swaps the head's
# elements for the next page's.
LAY_OUT_ALL = """() => { if (window.nbLaidOut) return;
  window.nbLaidOut = new CSSStyleSheet();
  window.nbLaidOut.replaceSync('* { content-visibility: visible !important; }');
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, window.nbLaidOut]; }"""


@contextlib.contextmanager
def opened(browser, url=None, ready=None, *, palette="light", height=DESKTOP["height"],
           width=DESKTOP["width"], wait_until="load", phone=False, laid_out=True,
           reduced_motion="no-preference"):
    """A fresh browser context, and a page in it on ``url`` once ``ready`` (a CSS
    selector) shows; without ``url``, a blank page. The page's console errors collect in
    ``page.errors``. The one place that makes contexts: use the ``open_page`` fixture.

    ``phone=True`` opens it on a phone from the start (PHONE_DEVICE: its screen, pixel
    density, touch), as scripts that look for touch at load see one. The page is all
    laid out (LAY_OUT_ALL), as a reader sees each part of it on screen, unless
    ``laid_out=False``: the page as it loads, off screen not laid out.
    ``reduced_motion="reduce"``: a reader who asked their system for less motion."""
    screen = ({"viewport": PHONE, "device_scale_factor": PHONE_DEVICE["deviceScaleFactor"],
               "is_mobile": True, "has_touch": True} if phone
              else {"viewport": {"width": width, "height": height}})
    context = browser.new_context(color_scheme=palette, reduced_motion=reduced_motion,
                                  service_workers="block", **screen)
    if laid_out:
        context.add_init_script(
            f"addEventListener('DOMContentLoaded', {LAY_OUT_ALL}, {{once: true}});")
    page = context.new_page()
    page.errors = watch_errors(page)
    try:
        if url is not None:
            page.goto(url, wait_until=wait_until)
        if ready is not None:
            page.wait_for_selector(ready)
        yield page
    finally:
        context.close()


# Screenshots check nothing: they are for a person to look at, and a long chapter's
# full-page capture takes a second or two in each palette. make screenshots asks for them.
SCREENSHOTS = os.environ.get("NNBOOK_SCREENSHOTS", "") not in ("", "0")


def keep_screenshot(page, folder, name, **options):
    """Save ``page.screenshot(**options)`` as ARTIFACTS/folder/name when screenshots are
    asked for (NNBOOK_SCREENSHOTS=1); else do nothing."""
    if SCREENSHOTS:
        (ARTIFACTS / folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / folder / name), **options)


def watch_errors(page):
    """Return a list that collects the page's console errors and uncaught exceptions."""
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    return errors


def wait_for_typeset_maths(page, selector=".arithmatex", timeout=20000):
    """Wait until the page has maths matching ``selector``, all of it typeset (the build
    typesets it: each arrives with its ``mjx-container``).

    Requiring some maths matters after instant navigation: until the new page is swapped
    in, the old one may have none, and "all of none typeset" would pass at once.
    """
    page.wait_for_function(
        "selector => { const maths = [...document.querySelectorAll(selector)];"
        " return maths.length > 0 && maths.every(e => e.querySelector('mjx-container')); }",
        arg=selector, timeout=timeout)


def url_ends_with(path):
    """A URL test for page.wait_for_url that ignores the #hash (the theme's
    navigation.tracking writes the heading in view into it)."""
    return lambda url: url.split("#")[0].endswith(path)


# The phone of Playwright's device descriptors (iPhone 12 to 14): three device pixels to
# a CSS pixel, a mobile browser (the page's meta viewport applies: a page wider than the
# screen widens the layout viewport and loads zoomed out), touch.
PHONE_DEVICE = {**PHONE, "deviceScaleFactor": 3, "mobile": True}

# Elements that stick out of the screen and are not inside a horizontal scroll container
# that itself fits: "tag.class: text" for each, outermost only.
OVERFLOWING = """(width) => {
  const scrolls = (e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX);
  const found = [];
  for (const e of document.querySelectorAll('.md-content *')) {
    const r = e.getBoundingClientRect();
    if (r.width === 0 || (r.right <= width + 1 && r.left >= -1)) continue;
    let a = e.parentElement, held = false;
    while (a && a !== document.body) {
      // What scrolls, an <svg>, and a box of one pixel that hides what it holds (a copy
      // for screen readers, read aloud, never shown) keep their content inside them.
      const hidden = getComputedStyle(a).overflowX !== 'visible';
      const box = a.getBoundingClientRect();
      const clips = scrolls(a) || (hidden && (a.tagName === 'svg'
                                              || Math.min(box.width, box.height) <= 1));
      if (clips && box.right <= width + 1) { held = true; break; }
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

# What scrolls and hides something on its right, and does not say so (it fades out there).
SILENT_SCROLLERS = """() => [...document.querySelectorAll(
    '.md-typeset__scrollwrap, .md-typeset div.arithmatex, span.nb-wide-math,'
    + ' .md-typeset .highlight-ipynb, .md-typeset .jp-RenderedText')]
    .filter(e => e.scrollWidth - e.clientWidth > 1 && e.scrollLeft === 0
                 && !e.classList.contains('nb-overflows'))
    .map(e => e.textContent.trim().slice(0, 60))"""


def too_wide_for_a_phone(page):
    """Turn ``page`` into a phone (PHONE_DEVICE, as the devices of Playwright's list, on
    the page already loaded) and return what does not fit its screen: a page wider than
    the screen (the phone would show it zoomed out), what sticks out of the screen but
    not inside something that scrolls, and what scrolls without saying so. The page's
    overflow marks are made as on a page view (overflow.js), once the new layout is in
    place."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Emulation.setDeviceMetricsOverride", PHONE_DEVICE)
    cdp.send("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})
    # The new screen reaches the page's layout a frame or more later, and under load
    # later still (a lab's cell far down was once measured at the laptop's width): mark
    # as a page view does (overflow.js) until the marks stand, for at most 5 s; what
    # still scrolls unmarked then is reported.
    page.wait_for_function(f"innerWidth === {PHONE['width']}")
    try:
        page.wait_for_function("() => { window.nbMarkOverflow(); return ("
                               + SILENT_SCROLLERS + ")().length === 0; }", timeout=5000)
    except PlaywrightTimeout:
        pass
    found = ([f"wider than a {PHONE['width']} px screen: {e}"
              for e in page.evaluate(OVERFLOWING, PHONE["width"])]
             + [f"scrolls without showing it: {e}" for e in page.evaluate(SILENT_SCROLLERS)])
    width = page.evaluate("Math.max(innerWidth, document.documentElement.scrollWidth)")
    if width > PHONE["width"]:
        found.insert(0, f"the page is {width} px wide on a {PHONE['width']} px screen")
    return found


# Each widget whose visible sliders do not all start and end at one place (book.css
# gives a phone's sliders a column of their own).
RAGGED_SLIDERS = """() => [...document.querySelectorAll('[data-widget]')].flatMap(w => {
  const edges = [...w.querySelectorAll('input[type=range]')].filter(e => e.offsetParent)
    .map(e => e.getBoundingClientRect()).map(r => [Math.round(r.left), Math.round(r.right)]);
  const lefts = [...new Set(edges.map(e => e[0]))];
  const rights = [...new Set(edges.map(e => e[1]))];
  return lefts.length > 1 || rights.length > 1
    ? [`${w.dataset.widget}: sliders from x = ${lefts} to x = ${rights}`] : [];
})"""


def ragged_sliders(page):
    """The widgets of ``page`` (as it is laid out now) whose sliders are not aligned."""
    return page.evaluate(RAGGED_SLIDERS)


# The smallest text of each figure shown, in CSS pixels: the size matplotlib wrote
# (svg.fonttype "path": each text a group scaled by its size in points over 100) times
# the figure's width on the screen over its width in the SVG (points); and at full size,
# where a tap on it opens it (the wide drawing, the link's). The image measured is the
# one the browser chose (currentSrc: a phone's narrow drawing where the figure has one),
# every figure loaded first, those far down the page too. Figures in closed blocks
# (solutions) are measured open.
SVG_TEXT = r"""(src) => {
  const known = window.nbSvgText ||= new Map();
  if (!known.has(src)) known.set(src, fetch(src).then(r => r.text()).then(svg => {
    const width = svg.match(/<svg[^>]*\swidth="([\d.]+)pt"/);
    const sizes = [...svg.matchAll(/<g [^>]*transform="[^"]*scale\(([\d.]+) -\1\)"/g)];
    if (!width || !sizes.length) return null;  // not drawn by matplotlib, or no text
    return [Math.min(...sizes.map(m => 100 * m[1])), Number(width[1])];
  }));
  return known.get(src);
}"""
FIGURE_TEXT = r"""async () => {
  const svgText = """ + SVG_TEXT + r""";
  for (const d of document.querySelectorAll('.md-content details')) d.open = true;
  const imgs = [...document.querySelectorAll('.md-content img')];
  for (const img of imgs) img.loading = 'eager';
  await Promise.all(imgs.map(img => img.complete ? null : new Promise(
    done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
  const found = [];
  for (const img of imgs) {
    const src = img.currentSrc || img.src, shown = img.getBoundingClientRect().width;
    if (!shown || !/\.svg(#|$)|^data:image\/svg/.test(src)) continue;
    const text = await svgText(src);
    if (!text) continue;
    const link = img.closest('a.nb-figure-zoom');
    const full = link ? await svgText(link.href) : text;
    found.push([src.startsWith('data:') ? img.alt.slice(0, 50) : src.split('/').slice(-3).join('/'),
                text[0] * shown / text[1], full[0] * 4 / 3]);
  }
  return found;
}"""
# On the phone, the smallest figure text in the column, and at full size (a tap): every
# figure's floor. A figure whose narrow drawing for the phone (the build's
# figures/narrow.py) would pile up its texts is shown wide and shrunk: its smallest
# texts are drawn at 7.5 points or more, about 4.6 px there.
FIGURE_TEXT_FLOOR = {"phone": 4.6, "enlarged": 8.0}
# And the book's: this many px for the smallest text of at least this share of the
# figures in a phone's column (figures/narrow.py draws a wide figure again for it, the
# labs' too). The goal, 0.9, is reached (0.08 before the narrow drawings, 0.65
# before the labs' and the broken titles); the rest keep the wide drawing, their texts
# placed by hand for the wide plot (a diagram's labels, a contour's).
FIGURE_TEXT_READS = {"px": 9.0, "share": 0.9}


def small_figure_text(page):
    """The figures of ``page`` (as the screen now shows them) whose smallest text is under
    FIGURE_TEXT_FLOOR, in the column or enlarged; ``page.figure_text`` keeps every
    figure's (name, px in the column, px enlarged)."""
    page.figure_text = page.evaluate(FIGURE_TEXT)
    return [f"{name}: text of {inline:.1f} px in the column, {full:.1f} px enlarged"
            for name, inline, full in page.figure_text
            if round(inline, 2) < FIGURE_TEXT_FLOOR["phone"]
            or round(full, 2) < FIGURE_TEXT_FLOOR["enlarged"]]


SCHEMES = {"light": "default", "dark": "slate"}


# True once no animation or transition of the page is running.
SETTLED = "document.getAnimations().every(a => a.playState !== 'running')"


def ink(png, background=None):
    """Fraction of a screenshot's pixels (PNG bytes) that differ clearly from
    ``background`` (RGB, 0 to 255), by default the picture's most common colour: how
    much of it is drawn."""
    import matplotlib.image as mpimg

    pixels = mpimg.imread(io.BytesIO(png), format="png")[..., :3].reshape(-1, 3)
    if background is None:
        values, counts = np.unique(np.round(pixels, 2), axis=0, return_counts=True)
        background = values[np.argmax(counts)]
    else:
        background = np.array(background) / 255
    return float(np.mean(np.abs(pixels - background).sum(axis=1) > 0.3))


def switch_palette(page, palette):
    """Switch ``page`` to ``palette`` ("light" or "dark") with the reader's toggle, and
    return once the colours are those of the new palette.

    The theme fades colours to the new palette: measure the colours the fades end on.
    Chromium resolves the styles inside a closed <details> only when asked, and starts
    their fades then: ask for all of them first.
    """
    page.locator(f'label[title="Switch to the {palette} palette"]').click()
    page.wait_for_function(
        f"document.body.getAttribute('data-md-color-scheme') === '{SCHEMES[palette]}'")
    page.evaluate("document.querySelectorAll('*').forEach("
                  "e => getComputedStyle(e).backgroundColor)")
    page.wait_for_function(SETTLED)


# The axe-core rules whose result can change with the palette: the others read the
# document's structure, which is the same in both.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


# axe-core's colour check finds what lies under each text by walking its copy of the whole
# page, and a chapter's formulas and highlighted code are most of the page's elements:
# each glyph of a formula's SVG is one (hidden from screen readers, which read the MathML
# copy), and each token of code is a span. During axe's run each formula's drawing is an
# empty box of its size (glyphs drawn as paths have no text for axe to check) and the
# tokens of a code block between its line anchors are one text (their colours are
# CODE_CONTRAST's); then both are put back (the page test checks it). What holds a link,
# a control, a tab stop or a character drawn as text (an SVG text) stays as it is, for
# axe to check: a formula's drawing, a token, and each line's anchor (a link). That
# takes half of axe's time off a chapter.
SET_ASIDE = """(code) => {
  const kept = window.nbSetAside = [];
  const active = 'a, button, input, select, textarea, [tabindex], [role], text';
  for (const m of document.querySelectorAll('mjx-container > svg')) {
    if (m.querySelector(active)) continue;
    const r = m.getBoundingClientRect();
    kept.push([m, [...m.childNodes], m.getAttribute('style')]);
    m.style.cssText += `;display:inline-block;width:${r.width}px;height:${r.height}px`;
    m.replaceChildren();
  }
  const isActive = (n) => n.nodeType === Node.ELEMENT_NODE && n.matches(active);
  for (const c of document.querySelectorAll(code)) {
    const children = [...c.childNodes];
    if (children.some(n => !isActive(n) && n.nodeType === Node.ELEMENT_NODE
                           && n.querySelector(active))) continue;
    const flat = [];  // the anchors as they are, the tokens between two of them one text
    for (const n of children) {
      if (isActive(n)) flat.push(n);
      else if (typeof flat.at(-1) === 'string') flat[flat.length - 1] += n.textContent;
      else flat.push(n.textContent);
    }
    kept.push([c, children, c.getAttribute('style')]);
    c.replaceChildren(...flat.map(n => typeof n === 'string' ? document.createTextNode(n) : n));
  }
}"""
PUT_BACK = """() => {
  for (const [e, children, style] of window.nbSetAside || []) {
    e.replaceChildren(...children);
    style === null ? e.removeAttribute('style') : e.setAttribute('style', style);
  }
  delete window.nbSetAside;
}"""


def serious_violations(page, axe_source, selector=None, rules=None, exclude=()):
    """axe-core's serious and critical violations in the page, or in ``selector`` only,
    but in the elements ``exclude`` selects; all rules, or only those named in ``rules``."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    try:
        page.evaluate(SET_ASIDE, CODE)
        result = page.evaluate(
            "([sel, rules, exclude]) => axe.run("
            "{include: [[sel || 'html']], exclude: exclude.map(e => [e])},"
            " rules ? {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}}"
            " : {resultTypes: ['violations']})",
            [selector, rules, list(exclude)])
    finally:
        page.evaluate(PUT_BACK)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(str(n["target"][0]) for n in v["nodes"][:3])
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


# Highlighted code: thousands of coloured tokens per chapter, in a dozen colours. axe-core
# measures every token (half of its time on a chapter); CODE_CONTRAST measures each pair of
# colours once, with WCAG's formula, on the colours as the reader sees them.
CODE = ".highlight code, .highlight-ipynb pre"
CODE_CONTRAST = """(code) => {
  const rgba = (c) => { const v = c.match(/[\\d.]+/g).map(Number); return v.length > 3 ? v : [...v, 1]; };
  const over = (top, under) => top.slice(0, 3).map((v, i) => v * top[3] + under[i] * (1 - top[3]));
  const seen = (el) => {  // the background as seen: each layer over the ones below
    const layers = [];
    for (let e = el; e; e = e.parentElement) {
      const bg = rgba(getComputedStyle(e).backgroundColor);
      if (bg[3] > 0) { layers.push(bg); if (bg[3] === 1) break; }
    }
    return layers.reverse().reduce((under, top) => over(top, under), [255, 255, 255]);
  };
  const luminance = (c) => c.map((v) => { v /= 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const pairs = new Map();
  for (const el of document.querySelectorAll(code.split(",").map((s) => s + ", " + s + " *").join(","))) {
    const text = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!text || !el.getClientRects().length) continue;  // no text of its own, or hidden
    const bg = seen(el), fg = over(rgba(getComputedStyle(el).color), bg);
    const key = fg.join() + "/" + bg.join();
    if (pairs.has(key)) continue;
    const [a, b] = [luminance(fg), luminance(bg)].sort((x, y) => y - x);
    pairs.set(key, [(a + 0.05) / (b + 0.05), el.className, el.textContent.trim().slice(0, 20)]);
  }
  return [...pairs.values()].filter(([ratio]) => ratio < 4.5)
    .map(([ratio, name, text]) => `${name} "${text}": ${ratio.toFixed(2)}`);
}"""
