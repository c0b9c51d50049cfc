"""The PDF: a cover, every part and chapter in the nav's order, maths typeset, every figure,
A4, code at a readable size, solutions after their chapter, nothing only a screen can do."""

import html
import re
import subprocess

import numpy as np

import pikepdf
import pytest

from bookfiles import addresses, contents, cover, paper, pdf

from bs4 import BeautifulSoup

from ..paths import SITE

# A4 and the side margins of the print, in points.
A4 = tuple(round(mm / 25.4 * 72, 2) for mm in pdf.A4_MM)
SIDE = pdf.SIDE_MM / 25.4 * 72
TEX = [r"\(", r"\)", r"\[", r"\]", "$$", r"\frac", r"\mathbf", r"\partial", r"\sum",
       r"\sigma", r"\theta", r"\begin", r"\left", r"\cdot"]


def _normal(text):
    return re.sub(r"\s+", " ", text).strip()


def _first_line(page):
    lines = [_normal(line) for line in page.splitlines() if line.strip()]
    return lines[0] if lines else ""


def test_links_between_chapters_stay_inside_the_pdf(pdf_path, book, book_soup):
    """The contents page and the chapters' cross-references jump to places in the PDF."""
    _, entries = book
    with pikepdf.open(pdf_path) as document:
        used = [str(link.Dest)[1:] for page in document.pages
                for link in page.get("/Annots", []) if "/Dest" in link]
        defined = {str(name)[1:] for name in document.Root.Dests.keys()}
    assert used and set(used) <= defined, sorted(set(used) - defined)[:5]
    keys = {key for _, _, key in entries}
    assert keys <= set(used), "the contents page links to every part and chapter"
    inside = book_soup.select('a[href^="#"]')
    assert len(used) >= len(inside) + len(entries), "a PDF link for every link of the book"


def test_every_reference_of_the_book_finds_its_target(book_soup):
    """Each formula's glyphs (``<use href="#…">`` of its ``<defs>``), each link inside
    the book, each label's and ARIA name's id: in the combined document, where the pages'
    ids carry their page's prefix."""
    assert len(book_soup.find_all("use")) > 10_000
    dangling = contents.dangling_references(book_soup)
    assert dangling == [], f"{len(dangling)} references to no id, e.g. {dangling[:5]}"


def _formula_slots(chapter):
    """``(word before, word after)`` of each inline formula of ``chapter`` that stands
    between two words of its paragraph: where the PDF's line has a gap for it."""
    slots = []
    for paragraph in chapter.find_all(["p", "li"]):
        if paragraph.find("pre") or not paragraph.select("span.arithmatex"):
            continue
        copy = BeautifulSoup(str(paragraph), "html.parser")
        for maths in copy.select("span.arithmatex"):
            maths.replace_with(" \0 ")
        words = copy.get_text(" ").split()
        slots += [(before, after) for before, here, after in zip(words, words[1:], words[2:])
                  if here == "\0" and "\0" not in (before, after)]
    return slots


def _gaps(pdf_path, slots):
    """Per page (from 1), the boxes ``(x0, y0, x1, y1)`` in points between neighbouring
    words of a line that are a pair of ``slots`` and stand apart by more than two spaces:
    where a formula is printed."""
    layout = subprocess.run(["pdftotext", "-bbox-layout", str(pdf_path), "-"], check=True,
                            capture_output=True, text=True).stdout
    found = {}
    for number, page in enumerate(layout.split("<page ")[1:], start=1):
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = [(*map(float, box), html.unescape(text)) for *box, text in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                r"([^<]*)</word>", line)]
            found.setdefault(number, []).extend(
                (a[2], min(a[1], b[1]), b[0], max(a[3], b[3]))
                for a, b in zip(words, words[1:])
                if (a[4], b[4]) in slots and b[0] - a[2] > 7)
    return found


def _ink(pdf_path, page, boxes, dpi=72):
    """The share of dark pixels in each of ``boxes`` (in points) of ``page``."""
    grey = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-f", str(page), "-l",
                           str(page), str(pdf_path)], check=True, capture_output=True).stdout
    width, height, pixels = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s(.*)", grey, re.S).groups()
    dark = np.frombuffer(pixels, np.uint8).reshape(int(height), int(width)) < 128
    scale = dpi / 72
    return [dark[round(y0 * scale):round(y1 * scale),
                 round((x0 + 1) * scale):round((x1 - 1) * scale)].mean()
            for x0, y0, x1, y1 in boxes]


def test_the_formulas_draw(pdf_path, pdf_pages, book, book_soup):
    """In each part with formulas, on 20 of its pages that hold some, spread over it: the
    gap a line leaves between the words around an inline formula carries the formula's
    ink. (Its glyphs are paths, not text: a formula whose glyphs point at no definition
    leaves the gap blank, and no text check sees it.)"""
    _, entries = book
    starts = pdf.start_pages("\f".join(pdf_pages), entries)
    parts, slots = [], {}
    for level, _, key in entries:
        if level == 0:
            parts.append(key)
        elif parts:
            section = book_soup.find(id=key).find_parent("section")
            slots.setdefault(parts[-1], set()).update(_formula_slots(section))
    gaps = _gaps(pdf_path, set().union(*slots.values()))
    ends = [starts[key] for key in parts[1:]] + [len(pdf_pages) + 1]
    checked = []
    for part, end in zip(parts, ends):
        pages = [page for page in range(starts[part], end) if gaps.get(page)]
        if len(slots.get(part, ())) < 20 or not pages:  # a part with few formulas
            continue
        ink = [share for page in pages[::max(1, len(pages) // 20)]
               for share in _ink(pdf_path, page, gaps[page])]
        blank = sum(share < 0.02 for share in ink)
        checked.append((part, len(ink), blank))
        assert len(ink) >= 10, f"{part}: only {len(ink)} formulas found between their words"
        assert blank <= len(ink) // 20, f"{part}: {blank} of {len(ink)} inline formulas print no ink"
    assert len(checked) >= 5, checked  # Parts I to V at least


def test_the_pdf_is_tagged_outlined_and_packed(pdf_path, book):
    """Tagged for screen readers, with an outline entry for each part and chapter, and
    packed (pdf.pack): no tag left as an uncompressed object of its own."""
    with pikepdf.open(pdf_path) as document:
        assert document.Root.MarkInfo.Marked and "/StructTreeRoot" in document.Root
        with document.open_outline() as outline:
            found, items = [], list(outline.root)
            while items:
                item = items.pop()
                found.append(item.title)
                items += item.children
    missing = [title for _, title, _ in book[1] if title not in found]
    assert missing == [], f"not in the PDF's outline: {missing}"
    raw = pdf_path.read_bytes()
    assert b"/ObjStm" in raw and b"/StructElem" not in raw


def test_pages_are_a4_with_nothing_past_the_margins(pdf_path, pdf_words):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf_path)], check=True,
                          capture_output=True, text=True).stdout
    sizes = {(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts",
                                                          info)}
    # Chromium rounds the page to its own units: A4 within a point and a half.
    assert sizes and all(abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5 for w, h in sizes), sizes
    width = max(w for w, _ in sizes)
    assert len(pdf_words) > 50_000
    outside = [(word, x0, x1) for _, x0, _, x1, _, word in pdf_words
               if x0 < SIDE - 1 or x1 > width - SIDE + 1]
    assert not outside, f"words past a side margin: {outside[:5]}"


@pytest.mark.parametrize("title", ["Derivatives", "Training a digit classifier"])
def test_the_widest_code_of_a_chapter_wraps_inside_the_page(pdf_pages, book, book_soup,
                                                            title):
    """The longest code line of a chapter is printed whole: wrapped, not cut."""
    key = next(key for _, name, key in book[1] if name == title)
    chapter = book_soup.find(id=key).find_parent("section")
    longest = max((line for pre in chapter.find_all("pre")
                   for line in pre.get_text().splitlines()), key=len)
    text = _normal(" ".join(pdf_pages))
    for word in longest.split():
        assert word in text, f"{word!r} of the longest code line of {title}"


def test_the_cover_gives_title_author_version_and_address(pdf_pages):
    """The address the site is published at; none for a site built for a local one."""
    book = cover.about(SITE)
    front = _normal(pdf_pages[0])
    for text in (book.title, book.subtitle, book.author, book.version, book.url):
        assert _normal(text) in front, text
    assert re.fullmatch(r"Version \d+\.\d+\.\d+(, \d+ [A-Z][a-z]+ \d{4})?", book.version)
    local = addresses.local_addresses(contents.canonical_url(SITE))
    assert book.url == ("" if local else contents.canonical_url(SITE))
    assert not addresses.local_addresses(front)


# DejaVu Sans Mono's (and Liberation Mono's) advance: 0.6 em; the print's code size.
MONO_ADVANCE, CODE_PT = 0.602, 9.0


def test_code_is_printed_at_a_readable_size(pdf_words, book_soup):
    """Code at 9 pt, measured by the width of its characters: nothing shrank the pages
    (Chromium shrinks them all when one thing is wider than the page)."""
    code = {word for pre in book_soup.find_all("pre") for word in pre.get_text().split()
            if len(word) >= 12}
    sizes = sorted((x1 - x0) / len(word) / MONO_ADVANCE for _, x0, _, x1, _, word in pdf_words
                   if word in code)
    assert len(sizes) > 500
    median = sizes[len(sizes) // 2]
    assert abs(median - CODE_PT) < 0.15, f"code printed at {median:.2f} pt"


def test_a_line_of_79_characters_is_printed_on_one_line(pdf_pages, book_soup):
    longest = [line.strip() for pre in book_soup.select(".book-chapter > .highlight pre")
               for line in pre.get_text().splitlines() if len(line) == 79]
    assert longest
    lines = {_normal(line) for page in pdf_pages for line in page.splitlines()}
    wrapped = [line for line in longest if _normal(line) not in lines]
    assert not wrapped, f"{len(wrapped)} of {len(longest)} wrapped, such as {wrapped[:2]}"


def test_solutions_follow_their_chapter(pdf_pages, book_soup):
    """No solution under its exercise: each exercise says where it is, the chapter's last
    section holds them, and the book says so where it presents the exercises."""
    assert not [d for d in book_soup.find_all("details")
                if d.summary and d.summary.get_text(strip=True) == "Solution"]
    links = book_soup.select("p.book-solution-link a")
    assert len(links) > 40
    for link in links:  # to the same chapter's last section, "Solutions"
        chapter = link.find_parent("section", class_="book-chapter")
        solution = chapter.find(id=link["href"][1:], recursive=False)
        last = chapter.find_all("h2", recursive=False)[-1]
        assert solution is not None and last.get_text(strip=True) == "Solutions", link
        assert solution.find_previous_sibling("h2") is last, link
    text = _normal(" ".join(pdf_pages))
    assert len(re.findall(r"Solution \d+: at the end of the chapter\.", text)) == len(links)
    assert "the solutions follow at the end of the chapter" in text


WEB_ONLY = ["JavaScript is on", "needs JavaScript", "click", "unfold", "with the mouse",
            "point at", "drag the", "move the slider",
            "download the page as a notebook"]  # the site's button, not on paper


def test_no_instruction_that_only_a_screen_can_follow(pdf_pages, book_soup):
    """Each widget says where it is instead ("An interactive X is on this chapter's web
    page, ADDRESS: ..."), and no page asks for a click or JavaScript."""
    text = _normal(" ".join(pdf_pages))
    for phrase in WEB_ONLY:
        assert phrase.lower() not in text.lower(), phrase
    widgets = book_soup.select("div.nb-widget")
    assert widgets
    where = ", http" if contents.published_url(SITE) else ":"
    assert text.count(f"is on this chapter's web page{where}") == len(widgets)


def test_a_widget_says_where_it_is_with_the_address_or_without():
    def stand_in(url):
        article = BeautifulSoup(
            '<article><div class="nb-widget"><p class="nb-widget-fallback">An interactive '
            "plot stands here when JavaScript is on: the loss falls.</p></div></article>",
            "html.parser")
        paper.widget_stand_ins(article, url, "a page")
        return article.p.decode_contents()

    assert stand_in("https://example.org/book/a/") == (
        "An interactive plot is on this chapter's web page, <a href=\"https://example.org/"
        'book/a/">https://example.org/book/a/</a>: the loss falls.')
    assert stand_in("") == ("An interactive plot is on this chapter's web page: the loss "
                            "falls.")


def test_tabs_become_labelled_sections():
    article = BeautifulSoup(
        '<article><div class="tabbed-set tabbed-alternate"><input id="t1" type="radio">'
        '<input id="t2" type="radio"><div class="tabbed-labels"><label for="t1">nnbook'
        '</label><label for="t2">PyTorch</label></div><div class="tabbed-content">'
        '<div class="tabbed-block"><pre>a = 1</pre></div><div class="tabbed-block">'
        '<pre>b = 2</pre><p>out</p></div></div></div><p>after</p></article>', "html.parser")
    assert paper.tabs_to_sections(article) == 1
    assert article.article.decode_contents() == (
        '<p class="book-tab"><strong>nnbook</strong></p><pre>a = 1</pre>'
        '<p class="book-tab"><strong>PyTorch</strong></p><pre>b = 2</pre><p>out</p>'
        "<p>after</p>")


def test_each_tab_is_printed_under_its_label(pdf_pages, book_soup):
    """The side-by-side networks: every tab's code, in its set's order, under its label;
    no radio button or tab bar left."""
    assert not book_soup.select("div.tabbed-set, input[type=radio]")
    # Without the page numbers: a block may start on the next page.
    text = _normal(" ".join(re.sub(r"(?m)^\s*\d+\s*$", "", page) for page in pdf_pages))
    start = text.index("Three grades layers")
    follows = "↳ Continues the previous block."  # each tab's block continues the chain
    where = [text.index(part, start) for part in (
        f"nnbook {follows} layer = nnbook.Dense(7, 4)",
        f"PyTorch {follows} linear = nn.Linear(7, 4",
        f"Keras {follows} dense = keras.layers.Dense(4)", "Three digit networks",
        "Three convolutional networks", f"PyTorch {follows} model = nn.Sequential( nn.Conv2d")]
    assert where == sorted(where)


def test_no_local_address_in_the_book_files(pdf_path, epub_path):
    """A test build is made for 127.0.0.1, and the PDF printed from a server there: no
    link or text of the files may send a reader to their own machine."""
    assert addresses.in_book_files(pdf_path, epub_path) == []


def test_the_check_of_local_addresses_finds_one(tmp_path):
    """In a link annotation of a compressed stream, and in any file of an EPUB."""
    import zipfile
    import zlib

    annotation = b"<< /Type /Annot /A << /URI (http://127.0.0.1:8765/learning/) >> >>"
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Filter /FlateDecode >>\nstream\n"
                    + zlib.compress(annotation) + b"\nendstream\nendobj\n")
    epub = tmp_path / "a.epub"
    with zipfile.ZipFile(epub, "w") as book:
        book.writestr("EPUB/text/ch001.xhtml", '<a href="http://localhost:8000/">site</a>')
        book.writestr("EPUB/text/ch002.xhtml", '<a href="https://example.org/">site</a>')
    assert addresses.in_book_files(pdf, epub) == [
        "a.pdf: http://127.0.0.1:8765/learning/",
        "a.epub/EPUB/text/ch001.xhtml: http://localhost:8000/"]


def test_the_figures_code_is_in_an_appendix(pdf_pages, book_soup, book):
    """No chapter prints a figure's code under it: each figure says where it is, in the
    last chapter of the book, "Code of the figures", under its chapter's title."""
    assert not [d for d in book_soup.find_all("details") if d.summary and d.summary.get_text(
        strip=True) == paper.FIGURE_CODE]
    links = book_soup.select("p.book-figure-code a")
    assert len(links) > 50
    appendix = book_soup.find(id=contents.FIGURE_CODE_KEY).find_parent("section")
    assert book[1][-1] == (1, paper.FIGURE_CODE_TITLE, contents.FIGURE_CODE_KEY)
    for link in links:
        target = appendix.find(id=link["href"][1:])
        assert target is not None and target.name == "h3", link
        code = target.find_next_sibling(lambda tag: tag.name in ("div", "h3"))
        assert code.name == "div" and code.select_one(".highlight pre"), link
    text = _normal(" ".join(pdf_pages))
    assert text.count("Code of the figure: in the appendix Code of the figures.") == len(links)
    start = next(i for i, page in enumerate(pdf_pages)
                 if _first_line(page) == paper.FIGURE_CODE_TITLE)
    assert start > len(pdf_pages) * 0.6 and "plt.show()" in " ".join(pdf_pages[start:])


def test_each_line_of_code_keeps_its_indentation_and_hangs_past_it(book_soup):
    """Each line of code (and of printed output) is a span.line whose hanging indent is
    its own indentation and four characters more; the indentation is kept, space by
    space (once, the parser of the lines collapsed it to one)."""
    lines = book_soup.select("pre span.line")
    assert len(lines) > 5000
    deep = 0
    for line in lines:
        text = line.get_text()
        depth = len(text) - len(text.lstrip(" "))
        deep += depth >= 4
        assert line["style"] == f"padding-left: {depth + 4}ch; text-indent: -{depth + 4}ch"
    assert deep > 1000, deep


def test_a_wrapped_line_of_code_hangs_past_its_indentation(pdf_words, book_soup):
    """A code line too long for the page goes on, on the next printed line, four
    characters further in than it started; before, it went on at the margin."""
    advance = MONO_ADVANCE * CODE_PT
    long_lines = {line for pre in book_soup.select(".highlight pre")
                  for line in pre.get_text().splitlines() if len(line) > 84}
    assert len(long_lines) > 3
    checked = 0
    for line in long_lines:
        words = line.split()
        for i in range(len(pdf_words) - len(words)):
            run = pdf_words[i:i + len(words)]
            if [w[5] for w in run] != words:
                continue
            rows = [w for w in run if abs(w[2] - run[0][2]) > 1]  # the words wrapped
            assert rows, f"not wrapped: {line!r}"
            start = run[0][1] - (len(line) - len(line.lstrip(" "))) * advance
            assert rows[0][1] >= start + (len(line) - len(line.lstrip(" ")) + 3.5) * advance, \
                f"{line!r} goes on at {rows[0][1]:.0f} pt, its line starts at {start:.0f} pt"
            checked += 1
            break
    assert checked >= 3, checked
