"""The book as a PDF: the combined document printed by Chromium, its maths typeset by the build.

Chromium prints twice from one loaded page: the first print tells on which page each part
and chapter starts (``pdftotext``), the contents page gets those numbers (its length does
not change, so neither do the pages), and the second print is the book. The first print is
untagged and has no outline: those are added to the pages, they do not move their text,
and they take two fifths of a print's time. Chromium writes each tag (over a hundred thousand
of them) as an object of its own, uncompressed: :func:`pack` packs them into compressed
object streams, which readers of PDF 1.5 and later open, at about half the size.
"""

import html
import re
import subprocess
from pathlib import Path

from . import contents, cover, serve
from .chromium import CHROMIUM_ARGS
from .chromium import find as find_chromium

HERE = Path(__file__).parent
PRINT_PATH = "/__book__/print.html"
A4_MM = (210, 297)
SIDE_MM = 17  # the left and right margins
MARGIN = {"top": "18mm", "bottom": "20mm", "left": f"{SIDE_MM}mm", "right": f"{SIDE_MM}mm"}
WIDTH_PX = round((A4_MM[0] - 2 * SIDE_MM) / 25.4 * 96)  # the text's width, in CSS pixels
FOOTER = ('<div style="width:100%;font-size:8pt;text-align:center;color:#555">'
          '<span class="pageNumber"></span></div>')

# What is wider than the text (a long formula, a wide table or figure) is scaled to fit:
# on paper nothing can scroll.
FIT_WIDE = """() => {
  let scaled = 0;
  for (const el of document.querySelectorAll(
      'mjx-container[display="true"], .md-typeset table, .jupyter-wrapper table, figure img')) {
    const room = el.parentElement.clientWidth, need = el.scrollWidth;
    if (need > room + 1) { el.style.zoom = (room / need).toFixed(3); scaled += 1; }
  }
  return scaled;
}"""

FILL_PAGES = """(numbers) => {
  for (const [key, number] of Object.entries(numbers)) {
    document.querySelector(`[data-contents-for="${key}"] .page`).textContent = number;
  }
}"""


def _site_head(site):
    """The site's stylesheets, from its home page, as links from the site's root."""
    head = contents.home(site).head
    links = [f'<link rel="stylesheet" href="/{link["href"]}">'
             for link in head.find_all("link", rel="stylesheet")]
    return "\n".join(links)


def contents_html(entries):
    """The contents page: one line per part and chapter, page numbers filled later."""
    lines = []
    for level, title, key in entries:
        kind = "part" if level == 0 else "chapter"
        lines.append(f'<li class="{kind}" data-contents-for="{key}"><a href="#{key}">'
                     f'<span class="title">{html.escape(title)}</span>'
                     f'<span class="page"></span></a></li>')
    return ('<section class="book-contents"><h1 id="contents">Contents</h1><ol>'
            + "\n".join(lines) + '</ol><p class="book-note">The API reference of nnbook is '
            "on the book's web site only: it is generated from the docstrings, beside the "
            "source.</p></section>")


def document(site, book, body, entries):
    """The print document: cover, contents, the book; the site's CSS (the pages' maths
    came typeset, as SVG)."""
    return f"""<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><title>{html.escape(book.title)}</title>
{_site_head(site)}
<style>{(HERE / "print.css").read_text(encoding="utf-8")}</style>
</head>
<body data-md-color-scheme="default">
<div class="md-content" data-md-component="content">
<article class="md-content__inner md-typeset">
{cover.cover_html(book)}
{contents_html(entries)}
{body}
</article></div>
</body></html>""".encode("utf-8")


def _normal(text):
    return re.sub(r"\s+", " ", text).strip()


def start_pages(pdf_text, entries):
    """Page number (from 1) on which each entry starts: the first page, after the previous
    entry's, whose first lines hold its title. Raises ValueError when one is not found."""
    pages = pdf_text.split("\f")
    numbers, page = {}, 0
    for _, title, key in entries:
        title = _normal(title)
        while page < len(pages):
            lines = [_normal(line) for line in pages[page].splitlines() if line.strip()]
            if lines and (lines[0] == title or (
                    title.startswith(lines[0]) and " ".join(lines[:2]).startswith(title))):
                break
            page += 1
        else:
            raise ValueError(f"the PDF has no page that starts with {title!r}")
        numbers[key] = page + 1
    return numbers


def pdf_text(path):
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def make(site, out, book, body, entries):
    """Print the book (``contents.combine``'s body and entries) to ``out``."""
    from playwright.sync_api import sync_playwright

    pages = {PRINT_PATH: document(site, book, body, entries)}
    options = dict(format="A4", margin=MARGIN, print_background=True, tagged=True,
                   outline=True, display_header_footer=True, header_template="<span></span>",
                   footer_template=FOOTER)
    out = Path(out)
    with serve.serving(site, pages=pages) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=find_chromium(),
                                             args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH_PX, "height": 1000})
            outside = []  # the book is made offline: nothing may come from elsewhere

            def only_the_site(route):
                if route.request.url.startswith((url, "data:")):
                    return route.continue_()
                outside.append(route.request.url)
                return route.abort()

            page.route("**/*", only_the_site)
            page.emulate_media(media="print", color_scheme="light")
            page.goto(url + PRINT_PATH.lstrip("/"), wait_until="load", timeout=120_000)
            page.evaluate(FIT_WIDE)
            if outside:
                raise RuntimeError(f"the print document asked for {outside[:3]}: the book "
                                   "must be made from the built site alone")
            out.write_bytes(page.pdf(**dict(options, tagged=False, outline=False)))
            page.evaluate(FILL_PAGES, start_pages(pdf_text(out), entries))
            out.write_bytes(page.pdf(**options))
        finally:
            browser.close()
    pack(out)


def pack(path):
    """Write the PDF at ``path`` again with its objects in compressed object streams
    (qpdf's, through pikepdf): the same pages, text, tags, links and outline."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as document:
        document.save(path, object_stream_mode=pikepdf.ObjectStreamMode.generate)
