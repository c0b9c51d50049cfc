"""The EPUB: valid for epubcheck, one file per part and chapter in order, MathML, alt texts."""

import html
import os
import re
import subprocess

from bs4 import BeautifulSoup

from .conftest import SITE, contents

EPUBCHECK = os.environ.get("NNBOOK_EPUBCHECK", "/usr/share/java/epubcheck.jar")


def _spine(epub_zip):
    """The spine's XHTML documents, in reading order, as (name, text)."""
    opf = epub_zip.read("EPUB/content.opf").decode("utf-8")
    items = dict(re.findall(r'<item id="([^"]+)" href="([^"]+)"', opf))
    order = re.findall(r'<itemref idref="([^"]+)"', opf)
    return [(items[ref], epub_zip.read("EPUB/" + items[ref]).decode("utf-8"))
            for ref in order]


def _heading(xhtml):
    heading = BeautifulSoup(xhtml, "html.parser").find(re.compile(r"^h[12]$"))
    return heading.get_text(" ", strip=True) if heading else None


def test_epubcheck_finds_no_error(epub_path):
    # Debian's /usr/bin/epubcheck is the jar itself, run by binfmt where it is set up.
    done = subprocess.run(["java", "-jar", EPUBCHECK, str(epub_path)], capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No errors or warnings detected" in done.stdout + done.stderr


def test_one_spine_item_per_part_and_chapter_in_order(epub_zip, book):
    _, entries = book
    spine = _spine(epub_zip)
    assert spine[0][0].endswith("title_page.xhtml")
    assert [_heading(text) for _, text in spine[1:]] == [title for _, title, _ in entries]


def test_every_formula_of_a_chapter_is_mathml(epub_zip):
    """As many <math> elements as the web page has formulas, and no TeX left as text."""
    page = next(p for p in contents.book_pages(SITE) if p.title == "Derivatives")
    web = page.html_file(SITE).read_text(encoding="utf-8")
    formulas = web[web.index("<article"):web.index("</article>")].count('class="arithmatex"')
    chapter = next(text for _, text in _spine(epub_zip) if _heading(text) == "Derivatives")
    assert formulas > 100
    assert chapter.count("<math") == formulas
    prose = BeautifulSoup(chapter, "html.parser")
    for tag in prose.find_all(["math", "pre", "code"]):
        tag.decompose()
    assert not re.search(r"\\[(\[]|\\frac|\$\$", prose.get_text())


def test_every_figure_keeps_its_alt_text(epub_zip, book_soup):
    alts = [img["alt"] for img in book_soup.find_all("img")]
    written = []
    for _, text in _spine(epub_zip):
        for img in re.findall(r"<img\b[^>]*>", text):
            alt = re.search(r'\salt="([^"]*)"', img)
            written.append(html.unescape(alt.group(1)) if alt else None)
    assert written == alts
