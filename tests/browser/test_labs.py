"""The labs (notebooks run at build time) and the pages' notebook downloads, in Chromium.

test_pages.py checks every page on its own; here: reaching a lab by instant navigation
(mkdocs-jupyter's MathJax 2 block used to throw there), its plots and links, its
solutions folded as the chapters', its figures in both palettes, and that every
"Download as a Jupyter notebook" button gives a notebook. The lab's maths arrives typeset
by the build.
"""

import json
import re
from urllib.parse import urljoin

import pytest

from .helpers import ROOT, SITE, url_ends_with, wait_for_typeset_maths

LABS = sorted(p.parent.relative_to(SITE).as_posix() + "/"
              for p in SITE.glob("labs/*/index.html"))
CHAPTER = "representations/grades/"
BUTTON = re.compile(r'<a class="md-button" href="([^"]+)" download="([^"]+)">')


@pytest.mark.skipif(not LABS, reason="no labs in this build")
@pytest.mark.parametrize("lab", LABS)
def test_labs_after_instant_navigation(lab, open_page):
    with open_page(CHAPTER) as page:
        page.evaluate("window.__same_document = true")
        page.click(f"nav.md-nav--primary a[href$='{lab}']")
        page.wait_for_url(url_ends_with(lab))
        wait_for_typeset_maths(page, ".jupyter-wrapper .arithmatex")
        page.wait_for_timeout(500)  # a late error or a second typesetting pass shows here
        assert page.evaluate("window.__same_document === true"), "page was fully reloaded"
        counts = page.evaluate(
            "[...document.querySelectorAll('.jupyter-wrapper .arithmatex')]"
            ".map(e => [...e.querySelectorAll('mjx-container')]"
            ".filter(c => c.getClientRects().length).length)")
        assert counts and set(counts) == {1}, f"notebook maths typeset {set(counts)} times"
        assert page.locator("[data-mjx-error]").count() == 0
        plots = page.evaluate(  # their width as drawn: they load lazily (test_pages.py)
            "[...document.querySelectorAll('.jp-OutputArea-output img')]"
            ".map(i => [+i.getAttribute('width'), i.alt])")
        assert plots, "the lab shows no plot (was MPLBACKEND=Agg left in the kernel?)"
        for width, alt in plots:
            assert width > 100 and len(alt) > 20 and "No description" not in alt
        assert page.locator(".jp-OutputArea-output.jp-RenderedText[data-mime-type="
                            "'application/vnd.jupyter.stderr']").count() == 0
        assert page.errors == [], f"console errors: {page.errors}"


@pytest.mark.skipif(not LABS, reason="no labs in this build")
@pytest.mark.parametrize("lab", LABS)
def test_labs_links_and_download(lab, open_page, base_url):
    """Links in notebook cells are raw HTML, which MkDocs does not check: check them here."""
    with open_page(lab) as page:
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


def test_labs_chapter_downloads_are_notebooks(open_page, base_url):
    """Every page's download button gives its notebook: code cells in the page's order.

    The button is plain HTML that no script changes, so it is read from the built page;
    the notebook is fetched from the server, as the browser would."""
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html"))
    found = 0
    with open_page() as page:
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
            response = page.context.request.get(url)
            assert response.status == 200, f"{path}: {href} gives HTTP {response.status}"
            nb = json.loads(response.body())
            code = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
            shown = article.count('<div class="highlight">')  # code blocks shown
            assert code and len(code) <= shown, path
            found += 1
    assert found >= 12, f"only {found} pages offer their notebook"


def _notebook(lab):
    """The lab's source notebook, as stored in docs/labs."""
    return json.loads((ROOT / "docs" / (lab.rstrip("/") + ".ipynb")).read_text(encoding="utf-8"))


def _solution_figures(nb):
    """How many figures the solutions' cells draw (those with an alt text, after the
    first solution's heading)."""
    sources = ["".join(c["source"]) for c in nb["cells"]]
    first = next(i for i, s in enumerate(sources) if s.startswith("### Solution to exercise"))
    return sum(1 for c in nb["cells"][first:] if c["metadata"].get("alt"))


@pytest.mark.skipif(not LABS, reason="no labs in this build")
@pytest.mark.parametrize("lab", LABS)
def test_labs_solutions_are_closed_blocks_that_open(lab, open_page):
    """Like a chapter's solutions: one closed block per exercise, with its code, outputs
    and figures inside, that a click opens."""
    with open_page(lab) as page:
        exercises = page.locator(".jupyter-wrapper h3[id^='exercise-']").count()
        blocks = page.locator(".jupyter-wrapper details.success")
        assert exercises >= 3 and blocks.count() == exercises
        assert page.evaluate("[...document.querySelectorAll('.jupyter-wrapper details')]"
                             ".every(d => !d.open)")
        figures = 0
        for k in range(exercises):
            block = blocks.nth(k)
            summary = block.locator("summary")
            assert summary.inner_text().startswith(f"Solution to exercise {k + 1}")
            code = block.locator(".highlight-ipynb pre")
            assert code.count() >= 1 and not code.first.is_visible()
            summary.click()
            page.wait_for_function("d => d.open", arg=block.element_handle())
            assert code.first.is_visible() and code.first.bounding_box()["height"] > 10
            assert block.locator(".jp-OutputArea-output").first.is_visible()
            shown = [img for img in block.locator(".jp-OutputArea-output img").all()
                     if img.is_visible()]
            for img in shown:  # fetched once the block opens (lazily)
                page.wait_for_function("i => i.complete && i.naturalWidth > 100",
                                       arg=img.element_handle())
            figures += len(shown)
        assert figures == _solution_figures(_notebook(lab))


@pytest.mark.skipif(not LABS, reason="no labs in this build")
@pytest.mark.parametrize("lab", LABS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labs_figures_follow_the_palette(lab, scheme, open_page):
    """Each figure twice, as the chapters': light, and recoloured for the dark palette on
    a transparent background, each a file of the site (not inside the page); the page
    shows the one of its palette, with the alt text."""
    with open_page(lab, palette=scheme) as page:
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        images = page.evaluate(
            "[...document.querySelectorAll('.jp-OutputArea-output img')].map(i => ["
            " i.src.split('#')[1], i.alt, getComputedStyle(i).display !== 'none',"
            " /^http.*\\/figures\\/labs\\/.*\\.svg#/.test(i.src)])")
        figures = sum(1 for c in _notebook(lab)["cells"] if c["metadata"].get("alt"))
        assert len(images) == 2 * figures
        for light, dark in zip(images[::2], images[1::2]):
            assert (light[0], dark[0]) == ("only-light", "only-dark")
            assert light[1] == dark[1] and len(light[1]) > 20  # the same alt text
            assert light[3] and dark[3]
            assert (light[2], dark[2]) == ((True, False) if scheme == "light" else (False, True))
