"""The book's cover: title, subtitle, author, version and web address, for both files.

What the cover says comes from the built site (its home page's title, description,
author and published address: none for a site built for a local address) and from the
installed nnbook (the version); the date is the last commit's (SOURCE_DATE_EPOCH, set by
make), so that a rebuild gives the same cover. The PDF's cover is a page of HTML; the
EPUB's is an SVG image of the same page.
"""

import dataclasses
import datetime
import html
import importlib.metadata
import os
import textwrap

from . import contents

# The site's primary colour (indigo), and the light tint of its text on the cover.
INK, PAPER, TINT = "#283593", "#ffffff", "#c5cae9"
# A network of four layers, drawn on the cover: (x, number of neurons) per layer.
LAYERS = ((300, 4), (650, 6), (950, 6), (1300, 3))


@dataclasses.dataclass(frozen=True)
class About:
    title: str
    subtitle: str
    author: str
    version: str
    url: str


def about(site):
    """What the cover says, from the built site ``site``."""
    head = contents.home(site).head
    date = os.environ.get("SOURCE_DATE_EPOCH")
    version = f"Version {importlib.metadata.version('nnbook')}"
    if date:
        day = datetime.datetime.fromtimestamp(int(date), datetime.timezone.utc)
        version += f", {day.day} {day:%B %Y}"
    return About(title=head.title.get_text(strip=True),
                 subtitle=head.find("meta", attrs={"name": "description"})["content"],
                 author=head.find("meta", attrs={"name": "author"})["content"],
                 version=version, url=contents.published_url(site))


def network_svg(y0=0, ring=TINT):
    """The cover's drawing (SVG elements, 1600 x 800 from ``y0``): a small network."""
    layers = [[(x, y0 + 400 + (i - (n - 1) / 2) * 130) for i in range(n)]
              for x, n in LAYERS]
    lines = [f'<line x1="{a:.0f}" y1="{b:.0f}" x2="{c:.0f}" y2="{d:.0f}"/>'
             for left, right in zip(layers, layers[1:]) for a, b in left for c, d in right]
    dots = [f'<circle cx="{x:.0f}" cy="{y:.0f}" r="34"/>' for layer in layers
            for x, y in layer]
    return (f'<g stroke="{TINT}" stroke-width="3" opacity="0.6">' + "".join(lines)
            + f'</g><g fill="{PAPER}" stroke="{ring}" stroke-width="6">' + "".join(dots)
            + "</g>")


def _lines(text, width, x, y, size, **attrs):
    """``text`` wrapped at ``width`` characters, as SVG text lines from ``y`` down."""
    extra = "".join(f' {name.replace("_", "-")}="{value}"' for name, value in attrs.items())
    rows = textwrap.wrap(text, width)
    return "".join(f'<text x="{x}" y="{y + i * size * 1.25:.0f}" font-size="{size}"{extra}>'
                   f"{html.escape(row)}</text>" for i, row in enumerate(rows))


def cover_svg(book):
    """The EPUB's cover image, 1600 x 2400: the same page as the PDF's cover."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1600 2400" width="1600" '
        f'height="2400" font-family="sans-serif"><rect width="1600" height="2400" '
        f'fill="{INK}"/>' + network_svg(y0=1050)
        + _lines(book.title, 13, 160, 420, 150, fill=PAPER, font_weight="bold")
        + _lines(book.subtitle, 40, 160, 820, 64, fill=TINT)
        + _lines(book.author, 40, 160, 2050, 60, fill=PAPER)
        + _lines(book.version, 50, 160, 2150, 48, fill=TINT)
        + _lines(book.url, 50, 160, 2240, 48, fill=TINT) + "</svg>\n")


def cover_html(book):
    """The PDF's first page."""
    return (f'<section class="book-cover"><h1>{html.escape(book.title)}</h1>'
            f'<p class="book-subtitle">{html.escape(book.subtitle)}</p>'
            f'<svg class="book-drawing" viewBox="0 0 1600 800" aria-hidden="true">'
            f"{network_svg(ring=INK)}</svg>"
            f'<p class="book-author">{html.escape(book.author)}</p>'
            f'<p class="book-version">{html.escape(book.version)}'
            + (f'<br><a href="{html.escape(book.url)}">{html.escape(book.url)}</a>'
               if book.url else "") + "</p></section>")
