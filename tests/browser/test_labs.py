"""The labs (notebooks run at build time) and the pages' notebook downloads, in Chromium.

test_pages.py checks every page on its own; here: reaching a lab by instant navigation
(mkdocs-jupyter's MathJax 2 block used to throw there), its plots and links, and that
every "Download as a Jupyter notebook" button gives a notebook.
"""

import json
import re
from urllib.parse import urljoin

import pytest

from .conftest import SITE, url_ends_with, wait_for_typeset_maths, watch_errors

LABS = sorted(p.parent.relative_to(SITE).as_posix() + "/"
              for p in SITE.glob("labs/*/index.html"))
CHAPTER = "representations/grades/"
BUTTON = re.compile(r'<a class="md-button" href="([^"]+)" download="([^"]+)">')


def _context(browser):
    return browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})


@pytest.mark.skipif(not LABS, reason="no labs in this build")
@pytest.mark.parametrize("lab", LABS)
def test_labs_after_instant_navigation(lab, browser, base_url):
    context = _context(browser)
    page = context.new_page()
    errors = watch_errors(page)
    try:
        page.goto(base_url + CHAPTER, wait_until="load")
        page.evaluate("window.__same_document = true")
        page.click(f"nav.md-nav--primary a[href$='{lab}']")
        page.wait_for_url(url_ends_with(lab))
        wait_for_typeset_maths(page, ".jupyter-wrapper .arithmatex")
        page.wait_for_timeout(500)  # a late error or a second typesetting pass shows here
        assert page.evaluate("window.__same_document === true"), "page was fully reloaded"
        counts = page.evaluate(
            "[...document.querySelectorAll('.jupyter-wrapper .arithmatex')]"
            ".map(e => e.querySelectorAll('mjx-container').length)")
        assert counts and set(counts) == {1}, f"notebook maths typeset {set(counts)} times"
        assert page.locator("mjx-merror").count() == 0
        plots = page.evaluate(
            "[...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".map(i => [i.naturalWidth, i.alt])")
        assert plots, "the lab shows no plot (was MPLBACKEND=Agg left in the kernel?)"
        for width, alt in plots:
            assert width > 100 and len(alt) > 20 and "No description" not in alt
        assert page.locator(".jp-OutputArea-output.jp-RenderedText[data-mime-type="
                            "'application/vnd.jupyter.stderr']").count() == 0
        assert errors == [], f"console errors: {errors}"
    finally:
        context.close()


@pytest.mark.skipif(not LABS, reason="no labs in this build")
@pytest.mark.parametrize("lab", LABS)
def test_labs_links_and_download(lab, browser, base_url):
    """Links in notebook cells are raw HTML, which MkDocs does not check: check them here."""
    context = _context(browser)
    page = context.new_page()
    try:
        page.goto(base_url + lab, wait_until="load")
        hrefs = page.evaluate(
            "[...document.querySelectorAll('.jupyter-wrapper a[href]')]"
            ".map(a => a.href).filter(h => !h.includes('#'))")
        assert any(h.endswith(".ipynb") for h in hrefs), "no download button"
        for href in hrefs:
            assert href.startswith(base_url), href
            response = page.request.get(href)
            assert response.status == 200, f"{href}: HTTP {response.status}"
            if href.endswith(".ipynb"):
                nb = json.loads(response.body())
                assert nb["nbformat"] == 4
                assert all(not c.get("outputs") for c in nb["cells"])
                # On disk a notebook has no pages beside it: its links go to the site.
                links = re.findall(r"\]\(([^)\s]+)\)", "".join(
                    "".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown"))
                assert links and all(re.match(r"https?://|#", link) for link in links), links
    finally:
        context.close()


def test_labs_chapter_downloads_are_notebooks(browser, base_url):
    """Every page's download button gives its notebook: code cells in the page's order.

    The button is plain HTML that no script changes, so it is read from the built page;
    the notebook is fetched from the server, as the browser would."""
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html"))
    context = _context(browser)
    found = 0
    try:
        for path in pages:
            html = (SITE / path).read_text(encoding="utf-8")
            if 'download="' not in html or "/labs/" in "/" + path:
                continue
            article = html[html.index("<article"):html.index("</article>")]
            buttons = BUTTON.findall(article)
            assert len(buttons) == 1, f"{path}: {len(buttons)} download buttons"
            href, name = buttons[0]
            assert name == href.rsplit("/", 1)[-1], path
            url = urljoin(base_url + path, href)
            response = context.request.get(url)
            assert response.status == 200, f"{path}: {href} gives HTTP {response.status}"
            nb = json.loads(response.body())
            code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
            shown = article.count('<div class="highlight">')  # code blocks shown
            assert code and len(code) <= shown, path
            found += 1
    finally:
        context.close()
    assert found >= 12, f"only {found} pages offer their notebook"
