"""Make the PDF and the EPUB of a built site, and give their sizes on its home page.

The combined document they are made from is kept for the export tests (``kept``).

    python -m bookfiles SITE_DIR   (installed by ``make setup``; ``make book-files`` runs it)
"""

import argparse
import concurrent.futures
import sys
import time
from pathlib import Path

from . import addresses, contents, cover, epub, kept, pdf

NAME = "opening-the-black-box"


def size_text(path):
    """'12.3 MB' or '850 kB'."""
    size = Path(path).stat().st_size
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.0f} kB"


def fill_sizes(site, files):
    """Write each file's size into the home page's download line (data-book-size)."""
    home = Path(site) / "index.html"
    text = home.read_text(encoding="utf-8")
    kinds = [match[2] for match in kept.SIZE.finditer(text)]
    for kind in files:
        if kinds.count(kind) != 1:
            raise ValueError(f"the home page should have one size of the {kind} to fill, "
                             f"found {kinds.count(kind)}")
    text = kept.SIZE.sub(lambda m: m[1] + size_text(files[m[2]]) + m[3] if m[2] in files
                         else m[0], text)
    # Shown from now on (a second run over the same site finds it shown already).
    # (hidden="" as the lightbox plugin's parser writes the page again)
    text, count = kept.LINE.subn(r"\g<1>>", text)
    if count != 1:
        raise ValueError(f"the home page should have one download line, found {count}")
    home.write_text(text, encoding="utf-8")


def timed(function, *args):
    """``function(*args)`` and the seconds it took."""
    start = time.perf_counter()
    return function(*args), time.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (mkdocs build)")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        sys.exit(f"bookfiles: no built site in {args.site}: run 'mkdocs build' first")
    book = cover.about(args.site)
    files = {"pdf": args.site / f"{NAME}.pdf", "epub": args.site / f"{NAME}.epub"}
    (body, entries), seconds = timed(contents.combine, args.site)
    print(f"bookfiles: {len(entries)} parts and chapters joined in {seconds:.0f} s",
          flush=True)
    kept.keep(args.site, body, entries)  # for the export tests
    # pandoc works while Chromium prints: the two take about the same time.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        epub_done = pool.submit(timed, epub.make, args.site, files["epub"], book, body)
        _, seconds = timed(pdf.make, args.site, files["pdf"], book, body, entries)
        pages = pdf.pdf_text(files["pdf"]).count("\f")
        print(f"bookfiles: {files['pdf'].name}: {pages} pages, {size_text(files['pdf'])}, "
              f"{seconds:.0f} s", flush=True)
        _, seconds = epub_done.result()
    print(f"bookfiles: {files['epub'].name}: {size_text(files['epub'])}, {seconds:.0f} s")
    local = addresses.in_book_files(files["pdf"], files["epub"])
    if local:
        sys.exit("bookfiles: the book files link to local addresses, which their readers "
                 "cannot open:\n  " + "\n  ".join(dict.fromkeys(local)))
    fill_sizes(args.site, files)


if __name__ == "__main__":
    main()
