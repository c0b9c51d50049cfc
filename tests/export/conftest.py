"""The PDF and the EPUB of the built site (``make book-files`` makes them)."""

import os
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from bookfiles import contents, pdf
from bookfiles.__main__ import NAME

ROOT = Path(__file__).resolve().parents[2]
SITE = Path(os.environ.get("NNBOOK_SITE_DIR", ROOT / "site"))


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
def epub_path():
    return _made("epub")


@pytest.fixture(scope="session")
def epub_zip(epub_path):
    with zipfile.ZipFile(epub_path) as book:
        yield book


@pytest.fixture(scope="session")
def book():
    """The combined document the files were made from: (body, entries)."""
    return contents.combine(SITE)


@pytest.fixture(scope="session")
def book_soup(book):
    """That document, parsed."""
    return BeautifulSoup(book[0], "html.parser")
