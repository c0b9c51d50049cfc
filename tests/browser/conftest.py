"""The built site, served on 127.0.0.1, and a headless Chromium driven by Playwright.

The site must be built first (``make test`` does: ``mkdocs build --strict``). Which
Chromium is driven is decided in ``chromium.py``.
"""

import contextlib
import functools
import os
import re
from pathlib import Path

import numpy as np
import pytest

from bookfiles import serve
from bookfiles.chromium import CHROMIUM_ARGS, WAYS, NoChromium
from bookfiles.chromium import find as find_chromium

ROOT = Path(__file__).resolve().parents[2]

SITE = Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))
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


def site_port():
    """The port of the address the site was built for (its sitemap), 0 if none."""
    sitemap = SITE / "sitemap.xml"
    if sitemap.exists():
        match = re.search(r"<loc>http://(?:127\.0\.0\.1|localhost):(\d+)/", sitemap.read_text())
        if match:
            return int(match.group(1))
    return 0


def pytest_configure(config):
    """Serve the built site once, from the main pytest process, for the whole run.

    With parallel workers (pytest-xdist) the main process serves and the workers, started
    after this hook, find the address in NNBOOK_TEST_URL: one server that lives until every
    worker is done. The port is the one the site was built for, so that the theme's instant
    navigation works.
    """
    if hasattr(config, "workerinput"):
        return
    port = site_port()
    try:
        server = serve.start(SITE, port)
    except OSError as error:
        raise pytest.UsageError(
            f"cannot serve the built site on 127.0.0.1:{port} ({error}); stop what uses "
            "that port or build with another TEST_PORT"
        ) from error
    config._nnbook_server = server
    os.environ["NNBOOK_TEST_URL"] = f"http://127.0.0.1:{server.server_address[1]}/"


def pytest_collection_modifyitems(items):
    """A widget module's tests share one page (widget_page_fixtures): keep them on one
    worker (make test runs xdist with --dist loadgroup), else each worker loads it again."""
    for item in items:
        if hasattr(item.module, "widget_session"):
            item.add_marker(pytest.mark.xdist_group(item.module.__name__))


def pytest_unconfigure(config):
    server = getattr(config, "_nnbook_server", None)
    if server is not None:
        serve.stop(server)


@pytest.fixture(scope="session")
def base_url():
    return os.environ["NNBOOK_TEST_URL"]


@pytest.fixture(scope="session")
def browser():
    try:
        chromium = find_chromium()
    except NoChromium as error:
        pytest.fail(str(error))
    if chromium is None:
        pytest.fail(f"no Chromium found: {WAYS}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def axe_source():
    if not AXE.exists():
        pytest.fail("axe-core is missing from node_modules: run 'npm ci' (make test does)")
    return AXE.read_text(encoding="utf-8")


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
    """Wait until the page has maths matching ``selector`` and MathJax has typeset it all.

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


@contextlib.contextmanager
def opened(browser, url, ready, *, palette="light", height=900, width=1280):
    """A fresh browser context on ``url`` once ``ready`` (a CSS selector) shows; the page's
    console errors collect in ``page.errors``."""
    context = browser.new_context(color_scheme=palette,
                                  viewport={"width": width, "height": height},
                                  service_workers="block")
    page = context.new_page()
    page.errors = watch_errors(page)
    try:
        page.goto(url, wait_until="load")
        page.wait_for_selector(ready)
        yield page
    finally:
        context.close()


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

# What scrolls and hides something on its right, and does not say so (it fades out there).
SILENT_SCROLLERS = """() => [...document.querySelectorAll(
    '.md-typeset__scrollwrap, .md-typeset div.arithmatex, span.nb-wide-math')]
    .filter(e => e.scrollWidth - e.clientWidth > 1 && e.scrollLeft === 0
                 && !e.classList.contains('nb-overflows'))
    .map(e => e.textContent.trim().slice(0, 60))"""


def too_wide_for_a_phone(page):
    """Turn ``page`` into a phone's screen (PHONE) and return what does not fit it: what is
    wider than the screen but not inside something that scrolls, and what scrolls without
    saying so. The page's overflow marks are made as on a page view (overflow.js), once
    the new layout is in place."""
    page.set_viewport_size(PHONE)
    page.evaluate("() => new Promise(done => requestAnimationFrame(() => {"
                  " window.nbMarkOverflow(); requestAnimationFrame(done); }))")
    return ([f"wider than a {PHONE['width']} px screen: {e}"
             for e in page.evaluate(OVERFLOWING, PHONE["width"])]
            + [f"scrolls without showing it: {e}" for e in page.evaluate(SILENT_SCROLLERS)])


SCHEMES = {"light": "default", "dark": "slate"}


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
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")


def widget_page_fixtures(path, ready):
    """A widget test module's page fixtures, for ``path`` once ``ready`` shows: ``page``,
    one page shared by the module (each test sets the controls it reads; a console error
    fails the test), and ``fresh_page``, a page of its own for a test that reads the
    widget as it starts.

    Use: ``widget_session, page, fresh_page = widget_page_fixtures(URL, ready)``.
    """
    @pytest.fixture(scope="module")
    def widget_session(browser, base_url):
        with opened(browser, base_url + path, ready) as page:
            yield page

    @pytest.fixture
    def page(widget_session):
        yield widget_session
        assert widget_session.errors == [], f"console errors: {widget_session.errors}"

    @pytest.fixture
    def fresh_page(browser, base_url):
        with opened(browser, base_url + path, ready) as page:
            yield page
            assert page.errors == [], f"console errors: {page.errors}"

    return widget_session, page, fresh_page


# The axe-core rules whose result can change with the palette: the others read the
# document's structure, which is the same in both.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]


def serious_violations(page, axe_source, selector=None, rules=None, exclude=()):
    """axe-core's serious and critical violations in the page, or in ``selector`` only,
    but in the elements ``exclude`` selects; all rules, or only those named in ``rules``."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "([sel, rules, exclude]) => axe.run("
        "{include: [[sel || 'html']], exclude: exclude.map(e => [e])},"
        " rules ? {resultTypes: ['violations'], runOnly: {type: 'rule', values: rules}}"
        " : {resultTypes: ['violations']})",
        [selector, rules, list(exclude)])
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
