"""The PDF: a cover, every part and chapter in the nav's order, maths typeset, every figure,
A4, code at a readable size, solutions after their chapter, nothing only a screen can do."""

import re
import subprocess
import zlib

import pytest

from bookfiles import cover

from .conftest import SITE, pdf

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


def _streams(path):
    """The PDF's bytes, with every Flate stream (object streams too) decompressed."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(data[match.end():end]))
        except zlib.error:
            pass  # an image or a font: not Flate, or not structure
    return b"\n".join(parts)


def test_every_part_and_chapter_starts_a_page_in_the_navs_order(pdf_pages, book):
    _, entries = book
    starts = iter(_first_line(page) for page in pdf_pages)
    for _, title, _ in entries:  # in order: each on a page after the previous one's
        assert _normal(title) in starts, f"no page after the previous one starts with {title}"


def test_the_contents_page_gives_the_page_each_one_starts_on(pdf_pages, book):
    _, entries = book
    page = next(p for p in pdf_pages if _first_line(p) == "Contents")
    listed = re.findall(r"^[ \t]*(\S.*?)[ \t]{2,}(\d+)[ \t]*$", page, flags=re.M)
    assert [title for title, _ in listed] == [_normal(t) for _, t, _ in entries]
    for title, number in listed:
        assert _first_line(pdf_pages[int(number) - 1]) == title, f"{title}: page {number}"


def test_no_formula_is_left_as_tex(pdf_pages, book_soup):
    """TeX in the PDF's text only where the book shows code (figure labels are TeX)."""
    code = " ".join(pre.get_text() for pre in book_soup.find_all("pre"))
    text = "".join(pdf_pages)
    for command in TEX:
        assert text.count(command) <= code.count(command), command


def test_every_figure_is_in_the_pdf_with_its_alt_text(pdf_path, book_soup):
    images = book_soup.find_all("img")
    assert images and all(img.get("alt") for img in images)
    structure = _streams(pdf_path)
    figures = re.findall(rb"/S /Figure\s*/Alt", structure)
    assert len(figures) >= len(images), "tagged figures with an alt text"


def test_links_between_chapters_stay_inside_the_pdf(pdf_path, book, book_soup):
    """The contents page and the chapters' cross-references jump to places in the PDF."""
    _, entries = book
    structure = _streams(pdf_path)
    used = re.findall(rb"/Dest /([^\s/\]>]+)", structure)
    table = re.search(rb"/Dests (\d+) 0 R", structure).group(1)
    places = re.search(rb"\n" + table + rb" 0 obj\s*<<(.*?)>>\s*endobj", structure, re.S)
    defined = set(re.findall(rb"/([^\s/\[]+)\s*\[", places.group(1)))
    assert used and set(used) <= defined, sorted(set(used) - defined)[:5]
    keys = {key.encode() for _, _, key in entries}
    assert keys <= set(used), "the contents page links to every part and chapter"
    inside = book_soup.select('a[href^="#"]')
    assert len(used) >= len(inside) + len(entries), "a PDF link for every link of the book"


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
    book = cover.about(SITE)
    front = _normal(pdf_pages[0])
    for text in (book.title, book.subtitle, book.author, book.version, book.url):
        assert _normal(text) in front, text
    assert re.fullmatch(r"Version \d+\.\d+\.\d+(, \d+ [A-Z][a-z]+ \d{4})?", book.version)


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
            "point at", "drag the", "move the slider"]


def test_no_instruction_that_only_a_screen_can_follow(pdf_pages, book_soup):
    """Each widget says where it is instead ("An interactive X is on this chapter's web
    page, ADDRESS: ..."), and no page asks for a click or JavaScript."""
    text = _normal(" ".join(pdf_pages))
    for phrase in WEB_ONLY:
        assert phrase.lower() not in text.lower(), phrase
    widgets = book_soup.select("div.nb-widget")
    assert widgets
    assert text.count("is on this chapter's web page, http") == len(widgets)
