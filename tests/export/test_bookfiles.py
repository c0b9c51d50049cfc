"""The pieces of the PDF and the EPUB that need no browser and no pandoc (hooks/bookfiles)."""

import pytest
from bs4 import BeautifulSoup

from bookfiles import __main__ as bookfiles_main
from bookfiles import chromium, contents, epub, kept, pdf


def test_links_between_pages_become_links_inside_the_book():
    pages = [contents.Page(None, "About", ""), contents.Page("Part I", "Tensors",
                                                              "representations/tensors/")]
    links = contents._Links(pages, "https://example.org/book/")
    page = pages[1]
    assert links.href(page, "#indexing") == "#p-representations-tensors--indexing"
    assert links.href(page, "../../") == "#p-home"
    assert links.href(page, "../tensors/#x") == "#p-representations-tensors--x"
    # Elsewhere on the site: the published address; elsewhere on the web: unchanged.
    assert links.href(page, "../../api/layers/#nnbook.Dense") == \
        "https://example.org/book/api/layers/#nnbook.Dense"
    assert links.href(page, "https://numpy.org/") == "https://numpy.org/"


def test_the_headless_shell_comes_before_the_whole_browser(monkeypatch):
    installed = {"chromium": "/usr/bin/chromium",
                 "chromium-headless-shell": "/usr/bin/chromium-headless-shell"}
    monkeypatch.delenv("NNBOOK_CHROMIUM", raising=False)
    monkeypatch.setattr(chromium.shutil, "which", installed.get)
    monkeypatch.setattr(chromium, "playwright_chromium", lambda: "/playwright/chrome")
    assert chromium.find() == "/usr/bin/chromium-headless-shell"
    del installed["chromium-headless-shell"]
    assert chromium.find() == "/usr/bin/chromium"
    del installed["chromium"]
    assert chromium.find() == "/playwright/chrome"
    installed["mine"] = "/opt/mine"
    monkeypatch.setenv("NNBOOK_CHROMIUM", "mine")
    assert chromium.find() == "/opt/mine"
    monkeypatch.setenv("NNBOOK_CHROMIUM", "nowhere")
    with pytest.raises(chromium.NoChromium, match="nowhere"):
        chromium.find()


def test_start_pages_finds_each_title_at_the_top_of_a_page_in_order():
    text = "\f".join(["Title\n", "Contents\n  Part I  3\n  Tensors  4\n", "\n\n   Part I\n",
                      "Tensors\nA tensor is...\n", "more about Part I\n"])
    entries = [(0, "Part I", "part-i"), (1, "Tensors", "p-t")]
    assert pdf.start_pages(text, entries) == {"part-i": 3, "p-t": 4}
    with pytest.raises(ValueError, match="Matrices"):
        pdf.start_pages(text, entries + [(1, "Matrices", "p-m")])


def test_epub_svg_and_alt_fixes():
    svg = ('<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN"\n'
           '  "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg><path id="g" '
           'transform="scale(1)"/><image id="i"/><image id="i"/></svg>')
    fitted = epub._fit_svg(svg)
    assert "DOCTYPE" not in fitted and '<path d="" id="g"' in fitted
    assert fitted.count('id="i"') == 1 and 'id="i-2"' in fitted
    xhtml = ('<img src="a.svg" data-alt="A curve &amp; its tangent" alt="caption" />'
             '<figcaption aria-hidden="true">caption</figcaption>')
    assert epub._fix_alt(xhtml) == ('<img alt="A curve &amp; its tangent" src="a.svg" />'
                                   "<figcaption>caption</figcaption>")


def test_home_page_gets_the_sizes_and_shows_the_line(tmp_path):
    (tmp_path / "index.html").write_text(
        '<p class="book-files" hidden>PDF (<span data-book-size="pdf"></span>) · EPUB '
        '(<span data-book-size="epub"></span>)</p>')
    (tmp_path / "b.pdf").write_bytes(b"x" * 2_345_678)
    (tmp_path / "b.epub").write_bytes(b"x" * 850_000)
    for _ in range(2):  # a second run over the same site gives the same page
        bookfiles_main.fill_sizes(tmp_path, {"pdf": tmp_path / "b.pdf",
                                             "epub": tmp_path / "b.epub"})
        assert (tmp_path / "index.html").read_text() == (
            '<p class="book-files">PDF (<span data-book-size="pdf">2.3 MB</span>) · EPUB '
            '(<span data-book-size="epub">850 kB</span>)</p>')


def test_the_kept_document_is_read_only_while_it_is_the_site_s(tmp_path, monkeypatch):
    """The combined document kept by bookfiles comes back while the site's pages are as
    they were (the home page's sizes filled in since); a page changed, or a kept file
    cut short, and the site is combined again."""
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<p class="book-files" hidden>PDF (<span data-book-size="pdf"></span>) · EPUB '
        '(<span data-book-size="epub"></span>)</p>')
    (site / "a" / "index.html").write_text("<article>A page.</article>")
    made = []
    monkeypatch.setattr(contents, "combine", lambda s: made.append(s) or ("again", []))
    kept.keep(site, "body", [(1, "A", "p-a")])
    assert kept.combined(site) == ("body", [(1, "A", "p-a")]) and made == []
    (tmp_path / "b.pdf").write_bytes(b"x" * 2_345_678)
    bookfiles_main.fill_sizes(site, {"pdf": tmp_path / "b.pdf", "epub": tmp_path / "b.pdf"})
    assert kept.combined(site) == ("body", [(1, "A", "p-a")]) and made == []
    (site / "a" / "index.html").write_text("<article>A page, changed.</article>")
    assert kept.combined(site) == ("again", []) and made == [site]
    kept.keep(site, "body", [(1, "A", "p-a")])
    kept.path(site).write_text(kept.path(site).read_text()[:40])
    with pytest.warns(UserWarning, match="cannot be read"):
        assert kept.combined(site) == ("again", []) and len(made) == 2


def test_a_figure_comes_into_the_book_once_wide_in_the_light_palette(tmp_path):
    """figure_html's two pictured images (a phone's narrow source in each): the light
    wide image alone, out of its link and picture."""
    folder = tmp_path / "part" / "page"
    folder.mkdir(parents=True)
    images = "".join(
        f'<a class="glightbox nb-figure-zoom" href="../../figures/1{d}.svg"><picture>'
        f'<source media="screen and (max-width: 44.9375em)" '
        f'srcset="../../figures/1-narrow{d}.svg" width="358" height="300">'
        f'<img src="../../figures/1{d}.svg#only-{p}" alt="A line." class="off-glb">'
        f"</picture></a>" for d, p in (("", "light"), ("-dark", "dark")))
    (folder / "index.html").write_text(
        f'<html><body><article><figure class="nb-figure">{images}'
        "<figcaption>Lines.</figcaption></figure></article></body></html>")
    page = contents.Page("Part", "Page", "part/page/")
    article = contents._article(page, tmp_path, contents._Links([page], ""))
    figure = article.find("figure")
    assert [img["src"] for img in figure.find_all("img")] == ["/figures/1.svg"]
    assert figure.find("picture") is None and figure.find("source") is None
    assert figure.find("a") is None


def test_every_reference_of_a_page_points_at_its_target_in_the_book(tmp_path):
    """A typeset formula draws its glyphs with ``<use href="#id">`` of the paths in its
    ``<defs>``: renamed ids must be renamed where they are used too, as must labels, ARIA
    names, ``url(#id)`` and links inside the page; an id of another page is left alone."""
    folder = tmp_path / "part" / "page"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text(
        '<html><body><article><h1 id="top">Title</h1>'
        '<p><mjx-container><svg aria-labelledby="t1"><title id="t1">x</title>'
        '<defs><path id="MJX-I-78" d="M0 0L1 1"/><clipPath id="c"><rect/></clipPath>'
        '<style>g { clip-path: url(#c); }</style></defs>'
        '<g clip-path="url(#c)" style="mask: url(\'#c\')"><use href="#MJX-I-78"/>'
        '<use xlink:href="#MJX-I-78"/></g></svg></mjx-container></p>'
        '<label for="box">Box</label><input id="box">'
        '<p><a href="#top">up</a> <a href="#elsewhere">not on this page</a></p>'
        "</article></body></html>")
    page = contents.Page("Part", "Page", "part/page/")
    links = contents._Links([page], "")
    article = BeautifulSoup(links.to_titles(str(contents._article(page, tmp_path, links))),
                            "html.parser")
    uses = article.find_all("use")
    assert [use.get("href") or use.get("xlink:href") for use in uses] == [
        "#p-part-page--MJX-I-78"] * 2
    assert article.find("g")["clip-path"] == "url(#p-part-page--c)"
    assert article.find("g")["style"] == "mask: url('#p-part-page--c')"
    assert article.find("style").string == "g { clip-path: url(#p-part-page--c); }"
    assert article.find("label")["for"] == "p-part-page--box"
    assert article.find("svg")["aria-labelledby"] == "p-part-page--t1"
    assert article.find("a")["href"] == "#p-part-page"  # the title takes the page's key
    assert contents.dangling_references(article) == [
        ("a", "href", "p-part-page--elsewhere")], "a link to a missing anchor is named"
