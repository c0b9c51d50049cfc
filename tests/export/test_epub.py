"""The EPUB: valid for epubcheck, a cover and an author, one file per part and chapter in
order and titled by it, MathML, alt texts, bold box titles, code that wraps indented."""

import html
import os
import posixpath
import re
import subprocess

from bs4 import BeautifulSoup

from bookfiles import contents, cover, epub

from ..paths import SITE

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
    assert [name for name, _ in spine[:2]] == ["text/cover.xhtml", "text/title_page.xhtml"]
    assert [_heading(text) for _, text in spine[2:]] == [title for _, title, _ in entries]
    for _, text in spine[2:]:  # each titled by its heading, for the reader's lists
        assert re.search(r"<title>(.*?)</title>", text).group(1) == html.escape(
            _heading(text), quote=False)


def test_every_formula_of_every_chapter_is_mathml(epub_zip, book):
    """Each chapter has as many <math> elements as its web page has formulas, and no TeX
    left as text."""
    chapters = {key: text for (_, _, key), (_, text) in zip(book[1], _spine(epub_zip)[2:],
                                                            strict=True)}
    counted = 0
    for page in contents.book_pages(SITE):
        web = page.html_file(SITE).read_text(encoding="utf-8")
        formulas = web[web.index("<article"):web.index("</article>")].count(
            'class="arithmatex"')
        assert chapters[page.key].count("<math") == formulas, page.title
        counted += formulas
        prose = BeautifulSoup(chapters[page.key], "html.parser")
        for tag in prose.find_all(["math", "pre", "code"]):
            tag.decompose()
        assert not re.search(r"\\[(\[]|\\frac|\$\$", prose.get_text()), page.title
    assert counted > 2000


def test_every_link_inside_the_epub_finds_its_target(epub_zip):
    """A fragment link (``chapter.xhtml#id`` or ``#id``) names an id of its file."""
    ids = {name: set(re.findall(r'\sid="([^"]+)"', text)) for name, text in _spine(epub_zip)}
    missing = []
    for name, text in _spine(epub_zip):
        for href in re.findall(r'\s(?:href|xlink:href)="([^"]*#[^"]*)"', text):
            target, _, fragment = html.unescape(href).partition("#")
            if target.startswith(("http:", "https:", "mailto:")):
                continue
            file = posixpath.normpath(posixpath.join(posixpath.dirname(name), target)) \
                if target else name
            if fragment not in ids.get(file, ()):
                missing.append(f"{name}: {href}")
    assert missing == [], missing[:10]


def test_every_figure_keeps_its_alt_text(epub_zip, book_soup):
    alts = [img["alt"] for img in book_soup.find_all("img")]
    written = []
    for _, text in _spine(epub_zip):
        for img in re.findall(r"<img\b[^>]*>", text):
            alt = re.search(r'\salt="([^"]*)"', img)
            written.append(html.unescape(alt.group(1)) if alt else None)
    assert written == alts


def test_the_cover_and_the_author(epub_zip):
    book = cover.about(SITE)
    opf = epub_zip.read("EPUB/content.opf").decode("utf-8")
    assert re.search(r"<dc:creator[^>]*>(.*?)</dc:creator>", opf).group(1) == book.author
    image = re.search(r'<item properties="cover-image"[^>]* href="([^"]+)"', opf).group(1)
    drawn = epub_zip.read("EPUB/" + image).decode("utf-8")
    words = " ".join(html.unescape(t) for t in re.findall(r"<text\b[^>]*>([^<]*)</text>",
                                                          drawn))
    for text in (book.title, book.subtitle, book.author, book.version, book.url):
        assert " ".join(text.split()) in words, text


def test_a_reading_app_can_describe_and_file_the_book(epub_zip):
    book = cover.about(SITE)
    opf = epub_zip.read("EPUB/content.opf").decode("utf-8")

    def field(name):
        return [html.unescape(v) for v in re.findall(rf"<dc:{name}[^>]*>(.*?)</dc:{name}>", opf)]

    assert field("description") == [book.subtitle] and field("publisher") == [book.author]
    assert field("rights") == [epub.rights()] and "MIT License" in field("rights")[0]
    assert field("subject") == list(epub.SUBJECTS)


def test_every_box_title_is_bold(epub_zip):
    """pandoc keeps no class on a paragraph: a box's title (a solution's, a note's) is
    bold by its own markup. (The figures' code is in the appendix, out of its box.)"""
    titles = []
    for _, text in _spine(epub_zip):
        for box in BeautifulSoup(text, "html.parser").select("div.admonition"):
            first = box.find(recursive=False)
            titles.append(first.name == "p" and [c.name for c in first.contents] == ["strong"])
    assert len(titles) > 25 and all(titles), titles.count(False)


def test_a_wrapped_line_of_code_stays_indented(epub_zip):
    """Each line of code hangs past its own indentation: a line indented by d spaces
    wraps at d + 4 characters."""
    css = epub_zip.read("EPUB/styles/stylesheet1.css").decode("utf-8")
    assert re.search(r"pre \.line\s*{[^}]*display: inline-block", css)
    lines = 0
    for _, text in _spine(epub_zip):
        for pre in BeautifulSoup(text, "html.parser").find_all("pre"):
            for row in pre.get_text().split("\n"):
                lines += bool(row.strip())
            for span in pre.select("span.line"):
                depth = len(span.get_text()) - len(span.get_text().lstrip(" "))
                assert span["style"] == (f"padding-left: {depth + 4}ch; "
                                         f"text-indent: -{depth + 4}ch")
            assert len(pre.select("span.line")) == sum(
                bool(row.strip()) for row in pre.get_text().split("\n"))
    assert lines > 5000


def test_each_tab_is_a_section_under_its_bold_label(epub_zip):
    """The Keras chapter's three sets of tabs, nnbook, PyTorch and Keras, each tab's
    code under its label: nine labels, none of the web's radio buttons."""
    chapter = next(text for _, text in _spine(epub_zip) if "Three grades layers" in text)
    soup = BeautifulSoup(chapter, "html.parser")
    labels = [p.get_text() for p in soup.find_all("p")
              if [c.name for c in p.contents] == ["strong"]
              and p.get_text() in ("nnbook", "PyTorch", "Keras")]
    assert labels == ["nnbook", "PyTorch", "Keras"] * 3
    assert not soup.find("input")
    assert "nn.Linear(7, 4, dtype=torch.float64)" in soup.get_text()
