"""The PDF and the EPUB of the built site (``make book-files`` makes them)."""

import html
import re
import subprocess
import zipfile

import pytest
from bs4 import BeautifulSoup

from bookfiles import kept, pdf
from bookfiles.__main__ import NAME

from ..paths import SITE


def _made(suffix):
    path = SITE / f"{NAME}.{suffix}"
    if not path.exists():
        raise pytest.UsageError(f"no {path.name} in {SITE}: run 'make book-files' first")
    return path


@pytest.fixture(scope="session")
def pdf_path():
    return _made("pdf")


@pytest.fixture(scope="session")
def pdf_pages(pdf_path):
    """The PDF's text, page by page (pdftotext -layout)."""
    return pdf.pdf_text(pdf_path).split("\f")[:-1]


@pytest.fixture(scope="session")
def pdf_words(pdf_path):
    """Every word of the PDF with its box, in points: (page, x0, y0, x1, y1, text)."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(pdf_path), "-"], check=True,
                           capture_output=True, text=True).stdout
    words, page = [], 0
    for line in boxes.splitlines():
        if "<page " in line:
            page += 1
        word = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                         r'yMax="([\d.]+)">([^<]*)</word>', line)
        if word:
            words.append((page, *map(float, word.groups()[:4]), html.unescape(word.group(5))))
    return words


@pytest.fixture(scope="session")
def epub_path():
    return _made("epub")


@pytest.fixture(scope="session")
def epub_zip(epub_path):
    with zipfile.ZipFile(epub_path) as book:
        yield book


@pytest.fixture(scope="session")
def book():
    """The combined document the files were made from: (body, entries), as bookfiles
    kept it (made again if the site changed since)."""
    return kept.combined(SITE)


@pytest.fixture(scope="session")
def book_soup(book):
    """That document, parsed."""
    return BeautifulSoup(book[0], "html.parser")
