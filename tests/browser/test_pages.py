"""Every page of the built site in headless Chromium, in the light and the dark palette.

Each page is loaded once (the fixture ``shown``) and read by a test per kind of check,
in order: maths arrived typeset and visible, with its MathML, no maths engine loaded, no
TeX left as text, every image loaded, no console
error, no request outside the site's origin, what the page downloads at load within its
budget (the figures in view, of the palette shown),
the figure in view of the other palette fetched when the toggle shows it, no serious or
critical axe-core violation (every rule in the light palette; in the dark one, the rules
about colour), and, once the page is on a phone (emulated: its screen, pixel density,
touch), nothing wider than the screen but inside something that scrolls and says so, and
every figure's text at least FIGURE_TEXT_FLOOR, in the column and enlarged. With
NNBOOK_SCREENSHOTS=1 (make screenshots), a full-page screenshot of each page in each
palette is kept in test-artifacts/screenshots/ (JPEG).
"""

import re
from urllib.parse import urljoin
from collections import Counter

import pytest

from .helpers import (CODE, CODE_CONTRAST, COLOUR_RULES, SCHEMES, SITE, ink,
                      keep_screenshot, page_file, ragged_sliders, serious_violations,
                      site_pages, small_figure_text, switch_palette, too_wide_for_a_phone,
                      wait_for_typeset_maths)

PAGES = site_pages()


def _slug(page):
    return re.sub(r"[^A-Za-z0-9]+", "-", page).strip("-") or "home"


# Text of the page (code and typeset formulas aside) that is still TeX: a formula that
# was not processed, such as "[ \\mathrm{ReLU}(z) = \\max(0, z) ]" in a list item.
RAW_TEX = r"""() => {
  const tex = /\\[()\[\]]|\$\$|\\(frac|mathrm|mathbf|operatorname|text|sum|prod|sqrt|cdot|times|left|right|begin|end|partial|nabla|sigma|alpha|eta|lambda|delta|ell|max|min|log|exp|top|le|ge|in)(?![A-Za-z])/;
  const skip = 'pre, code, script, style, mjx-container, textarea';
  const walker = document.createTreeWalker(document.querySelector('.md-content'),
                                           NodeFilter.SHOW_TEXT);
  const found = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.parentElement.closest(skip)) continue;
    const m = n.textContent.match(tex);
    if (m) found.push(n.textContent.trim().slice(0, 80));
  }
  return found;
}"""


def _loaded_images(page, palette):
    """Every image of the page for ``palette`` loads, and every figure has a real alt
    text. Figures load lazily: here each is asked for at once, seen or not."""
    other = "#only-dark" if palette == "light" else "#only-light"
    page.evaluate("other => [...document.images].filter(i => !i.src.endsWith(other))"
                  ".forEach(i => { i.loading = 'eager'; })", other)
    page.wait_for_function("other => [...document.images]"
                           ".every(i => i.src.endsWith(other) || i.complete)", arg=other)
    broken, missing_alt = page.evaluate(
        "other => [[...document.images].filter(i => !i.src.endsWith(other)"
        "                                  && !(i.complete && i.naturalWidth > 0)),"
        " [...document.querySelectorAll('.nb-figure img, .jp-OutputArea-output img')]"
        "   .filter(i => !(i.alt && i.alt.trim().length > 10))].map(l => l.map(i => i.src))",
        other)
    assert broken == [], f"images not loaded: {broken}"
    assert missing_alt == [], f"figures without real alt text: {missing_alt}"


# What a page may download at load, in bytes of the site's files (uncompressed): its HTML
# (with its maths, typeset), the theme's and the book's scripts and styles (the
# lightbox's too), the figures in view; where the page has maths, its formulas' SVG and
# MathML in the HTML (the most maths of a chapter, backpropagation calculus's, is 0.65
# MB, a tenth of it gzipped; MathJax and its fonts, loaded in the browser, were 1.3 MB).
# Not the figures further down (lazy), nor those of the other palette, nor the search
# index (0.8 MB: fetched when search is used, search-on-use.js).
WEIGHT_BUDGET, MATHS_BUDGET = 1_300_000, 600_000
# Pages that load more: a lab's inline notebook styles, the trained network a widget reads.
HEAVIER = {"labs/": 600_000, "learning/digits/": 400_000}


def _weight(urls, base_url):
    """The bytes of the site's files at ``urls`` (each counted once), and the largest."""
    sizes = {}
    for url in urls:
        path = url.removeprefix(base_url).split("#")[0].split("?")[0]
        file = SITE / (path + "index.html" if path.endswith("/") or not path else path)
        if file.is_file():
            sizes[path or "/"] = file.stat().st_size
    return sum(sizes.values()), sorted(sizes.items(), key=lambda kv: -kv[1])[:5]


def _scheme(page):
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_the_reader_s_preference_chooses_the_palette(palette, open_page):
    with open_page("", "article", palette=palette) as page:
        assert _scheme(page) == SCHEMES[palette]


class Shown:
    """One load of a page of the site, which the tests below read in their order: in
    the light palette, then the dark one after the reader's toggle (the preference of
    the system gives the same palette, tested above), then on a phone (the layout
    follows the width, whatever the palette). What the page asked for of its own
    origin (``asked``), and of others, refused (``outside``)."""

    def __init__(self, path, page, base_url):
        self.path, self.page, self.asked, self.outside = path, page, [], []
        self.base_url = base_url
        page.route("**/*", self._guard)

    def _guard(self, route):
        url = route.request.url
        if url.startswith(self.base_url) or url.startswith(("data:", "blob:", "about:")):
            self.asked.append(url)
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()


@pytest.fixture(scope="module", params=PAGES, ids=[_slug(p) for p in PAGES])
def shown(request, open_page, base_url):
    """A page of the site loaded once for the tests of this module that read it (the
    browser conftest keeps them on one worker), its widgets started."""
    with open_page() as page:
        found = Shown(request.param, page, base_url)
        page.goto(base_url + request.param, wait_until="load")
        page.wait_for_function("[...document.querySelectorAll('.nb-widget')]"
                               ".every(e => e.dataset.ready)")
        yield found


def test_the_page_opens_in_the_light_palette_and_its_widgets_start(shown):
    """Widgets as they start are checked here with the rest of the page (test_widgets.py
    checks them after the reader has used them): each must have started."""
    assert _scheme(shown.page) == "default"
    stopped = shown.page.evaluate("[...document.querySelectorAll('.nb-widget')]"
                                  ".filter(e => e.dataset.ready !== 'yes')"
                                  ".map(e => e.dataset.widget)")
    assert stopped == [], f"widgets that did not start: {stopped}"


def test_the_maths_arrives_typeset_drawn_and_read(shown):
    """The maths arrives typeset (by the build, as SVG): every arithmatex element shows
    one formula (a long display formula comes twice, one shown by the screen's width),
    drawn, with its MathML for screen readers, out of the Tab order; no maths engine
    loads."""
    page = shown.page
    if page.locator(".arithmatex").count():
        wait_for_typeset_maths(page)
        counts = page.evaluate(
            "[...document.querySelectorAll('.arithmatex')]"
            ".map(e => [...e.querySelectorAll('mjx-container')]"
            ".filter(c => c.getClientRects().length).length)")
        assert set(counts) == {1}, f"formulas shown {set(counts)} times"
        # A formula is not a control (its hidden MathML still reaches screen readers).
        tabbable = page.evaluate("[...document.querySelectorAll('mjx-container')]"
                                 ".filter(e => e.tabIndex >= 0).length")
        assert tabbable == 0, f"{tabbable} formulas in the Tab order"
        assert page.locator("[data-mjx-error]").count() == 0, "a TeX error"
        sizes = page.evaluate(
            "[...document.querySelectorAll('mjx-container')]"
            ".filter(c => c.getClientRects().length).map(e => {"
            " const r = e.getBoundingClientRect(); const s = getComputedStyle(e);"
            " const m = e.querySelector(':scope > mjx-assistive-mml > math');"
            " return [r.width, r.height, s.visibility, s.opacity, !!m,"
            " e.querySelector(':scope > svg').getAttribute('aria-hidden')]; })")
        for width, height, visibility, opacity, mathml, hidden in sizes:
            assert width > 0 and height > 0 and visibility == "visible" and opacity != "0"
            assert mathml and hidden == "true", "the drawing hidden, the MathML read"
        # The first drawing (a display formula's box is the column's width).
        first = page.locator("mjx-container > svg").first
        first.scroll_into_view_if_needed()
        assert ink(first.screenshot()) > 0.02, "maths box is blank: glyphs not drawn"
    assert page.evaluate("typeof window.MathJax") == "undefined"
    assert not [u for u in shown.asked if "mathjax" in u.lower() and not u.endswith(
        "/stylesheets/mathjax.css")], "a maths engine loaded: the maths comes typeset"


def test_what_the_page_downloads_at_load_is_within_its_budget(shown):
    """What the page has asked for, now that it is ready to read: within its budget, no
    search index before search is used, no figure of the dark palette in the light."""
    page, asked = shown.page, shown.asked
    weight, largest = _weight(asked, shown.base_url)
    budget = WEIGHT_BUDGET + (MATHS_BUDGET if page.locator(".arithmatex").count() else 0) \
        + sum(more for start, more in HEAVIER.items() if shown.path.startswith(start))
    assert weight <= budget, (f"{shown.path or '/'} downloads {weight:,} bytes at load, "
                              f"over its budget of {budget:,}; the largest: {largest}")
    assert not [u for u in asked if u.endswith("/search/search_index.json")], \
        "the search index is fetched before search is used"
    hidden = page.evaluate("[...document.querySelectorAll('img[src$=\"#only-dark\"]')]"
                           ".map(i => i.src.split('#')[0])")
    assert not set(hidden) & {u.split("#")[0] for u in asked}, \
        "the dark palette's figures are downloaded in the light one"


def test_no_tex_shows_as_text_and_every_image_loads_with_its_alt(shown):
    raw = shown.page.evaluate(RAW_TEX)
    assert raw == [], f"TeX shown as text: {raw}"
    _loaded_images(shown.page, "light")


def test_axe_and_the_code_s_contrast_in_both_palettes(shown, axe_source):
    """Every axe-core rule in the light palette, the colour rules in the dark one after
    the reader's toggle (the figure in view of the other palette is fetched once the
    toggle shows it, lazily; then every dark figure is asked for), and the code's
    colours at 4.5:1; the formulas and code as they were after axe. The screenshots
    are JPEG: a long chapter's PNG takes a second more to encode."""
    page = shown.page
    contents = f"[...document.querySelectorAll('mjx-container > svg, {CODE}')]" \
        ".map(e => e.innerHTML)"
    shape, bad = page.evaluate(contents), []
    for palette in ("light", "dark"):
        if palette == "dark":
            visible = page.locator('img[src$="#only-light"]:visible')
            figure = visible.first.element_handle() if visible.count() else None
            if figure:
                figure.scroll_into_view_if_needed()
            switch_palette(page, "dark")
            if figure:
                page.wait_for_function(
                    "i => { const d = i.closest('figure, .jp-OutputArea-output')"
                    ".querySelector('img[src$=\"#only-dark\"]');"
                    " return d.complete && d.naturalWidth > 0; }",
                    arg=figure, timeout=5000)
            _loaded_images(page, "dark")
        rules = COLOUR_RULES if palette == "dark" else None
        bad += [f"{palette}: {v}"
                for v in serious_violations(page, axe_source, exclude=[CODE], rules=rules)]
        bad += [f"{palette}: code colour contrast below 4.5: {pair}"
                for pair in page.evaluate(CODE_CONTRAST, CODE)]
        page.evaluate("window.scrollTo(0, 0)")  # else the sticky header shows mid-page
        keep_screenshot(page, "screenshots", f"{_slug(shown.path)}-{palette}.jpg",
                        full_page=True, type="jpeg", quality=80)
    assert bad == [], "axe-core violations:\n" + "\n".join(bad)
    assert page.evaluate(contents) == shape, "formulas or code not put back after axe"


def test_on_a_phone_in_the_dark_nothing_is_too_wide_and_the_figures_read(shown):
    """The page on a phone, in the dark palette: nothing wider than the screen but
    inside something that scrolls and says so, sliders aligned, every figure's text at
    least FIGURE_TEXT_FLOOR in the column and enlarged, each the dark drawing."""
    page, path = shown.page, shown.path
    if _scheme(page) != SCHEMES["dark"]:  # the test before switches it
        switch_palette(page, "dark")
    wide = too_wide_for_a_phone(page)
    assert wide == [], f"{path} on a phone:\n" + "\n".join(wide)
    ragged = ragged_sliders(page)
    assert ragged == [], f"{path} on a phone, sliders not aligned: {ragged}"
    small = small_figure_text(page)
    assert small == [], f"{path}: figure text too small on a phone:\n" + "\n".join(small)
    light = [name for name, _, _ in page.figure_text
             if re.search(r"\.svg(#|$)", name) and "-dark" not in name]
    assert light == [], f"{path}: light drawings shown on a phone in the dark: {light}"


def test_no_console_error_and_no_request_outside_the_site(shown):
    """Over everything the tests above did with the page."""
    assert shown.page.errors == [], f"console errors: {shown.page.errors}"
    assert shown.outside == [], f"requests outside the site's origin: {shown.outside}"


@pytest.mark.parametrize("page", PAGES)
def test_heading_ids_are_unique(page):
    # Two headings with one id: links reach only the first, and the site's search breaks
    # (two of its entries at one location).
    html = page_file(page).read_text(encoding="utf-8")
    ids = re.findall(r'<h[1-6][^>]*\sid="([^"]+)"', html)
    repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
    assert repeated == [], f"{page}: headings sharing an id: {repeated}"


def test_home_page_offers_the_book_files(open_page, base_url):
    """The page leads with a button to the first chapter and then the download line,
    which shows once the files are made, with each file's size, and its links bring the
    files. No notebook: the page's one example is four lines."""
    with open_page("", "article") as page:
        first = page.locator("article a.md-button").first
        assert first.inner_text().startswith("Start reading"), first.inner_text()
        assert first.get_attribute("href").rstrip("/").endswith("representations/tensors")
        assert page.locator("article a[href$='.ipynb']").count() == 0, "a notebook button"
        response = page.context.request.get(urljoin(base_url, "notebooks/index.ipynb"))
        assert response.status == 404, "the home page's notebook is published"
        line = page.locator(".book-files")
        assert line.is_visible(), "the download line stays hidden: run 'make book-files'"
        text = line.inner_text()
        assert re.search(r"PDF \(A4, \d+(\.\d)? [Mk]B\)", text), text
        assert re.search(r"EPUB \(\d+(\.\d)? [Mk]B\)", text), text
        for name, kind in (("PDF", "application/pdf"), ("EPUB", "application/epub+zip")):
            href = line.get_by_role("link", name=name).get_attribute("href")
            response = page.context.request.get(urljoin(base_url, href))
            assert response.ok, href
            assert response.headers["content-type"] == kind, href
