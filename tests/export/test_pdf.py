"""The PDF: every part and chapter in the nav's order, maths typeset, every figure, A4."""

import re
import subprocess
import zlib

import pytest

from .conftest import pdf


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
    listed = re.findall(r"^\s*(\S.*?)\s{2,}(\d+)\s*$", page, flags=re.M)
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


def test_pages_are_a4_with_nothing_past_the_margins(pdf_path):
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf_path)], check=True,
                          capture_output=True, text=True).stdout
    sizes = {(float(w), float(h)) for w, h in re.findall(r"size:\s+([\d.]+) x ([\d.]+) pts",
                                                          info)}
    # Chromium rounds the page to its own units: A4 within a point and a half.
    assert sizes and all(abs(w - A4[0]) < 1.5 and abs(h - A4[1]) < 1.5 for w, h in sizes), sizes
    width = max(w for w, _ in sizes)
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], check=True,
                           capture_output=True, text=True).stdout
    words = re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)"[^>]*>([^<]*)',
                       boxes)
    assert len(words) > 50_000
    outside = [(word, float(x0), float(x1)) for x0, x1, word in words
               if float(x0) < SIDE - 1 or float(x1) > width - SIDE + 1]
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
