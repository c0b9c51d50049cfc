"""Local addresses in the book files: a link a reader of the PDF or the EPUB cannot open.

A test build is made for ``http://127.0.0.1:8765/`` (the browser tests serve it there),
and the PDF is printed from a server on 127.0.0.1: a link written from either into a book
file would send its reader to their own machine. The files carry the site's published
address, or none (``contents.published_url``); :func:`in_book_files` checks the files
made, their text and their links (the PDF's link annotations sit in compressed streams).
"""

import re
import zipfile
import zlib
from pathlib import Path

# http(s) to the loopback, a wildcard address or a name of this machine, any port.
LOCAL = re.compile(
    r"https?://(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[::1?\]|[\w-]+\.local)"
    r"(?::\d+)?(?:/[^\s\"'<>()\\]*)?", re.I)


def local_addresses(text):
    """Every local address in ``text`` (str or bytes), in order, as str."""
    if isinstance(text, bytes):
        text = text.decode("latin-1")
    return [match.group(0) for match in LOCAL.finditer(text)]


def pdf_bytes(path):
    """The PDF's bytes, with every Flate stream (object streams too) decompressed."""
    data = Path(path).read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        end = data.find(b"endstream", match.end())
        try:
            parts.append(zlib.decompress(data[match.end():end]))
        except zlib.error:
            pass  # an image or a font: not Flate, or not structure
    return b"\n".join(parts)


def in_book_files(pdf=None, epub=None):
    """``["file: address", ...]``: each local address of the PDF and of every file of
    the EPUB."""
    found = []
    if pdf is not None:
        found += [f"{Path(pdf).name}: {a}" for a in local_addresses(pdf_bytes(pdf))]
    if epub is not None:
        with zipfile.ZipFile(epub) as book:
            for name in book.namelist():
                found += [f"{Path(epub).name}/{name}: {a}"
                          for a in local_addresses(book.read(name))]
    return found
