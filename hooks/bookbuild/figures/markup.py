"""A figure of a page as the site shows it: its two images, alt text and caption.

The light figure and the dark one, of which Material shows the one that fits the
palette (``#only-light``, ``#only-dark``), each linking to itself: a click or a tap opens
it in the lightbox (mkdocs-glightbox's ``glightbox`` links), on the palette's background,
where a phone pinch-zooms it. Each figure is a gallery of its own, so that a swipe pans
it instead of going to the other palette's copy. The caption is Markdown
(``md_in_html``). Both images load lazily: the browser fetches the one the palette
shows when it nears the screen, and never the other (hidden, it is never near).
"""

import html
import re


def svg_size(svg):
    """The SVG's width and height in CSS pixels (matplotlib writes points), or None."""
    head = svg[:600].decode("ascii", "replace")
    width = re.search(r'width="([\d.]+)pt"', head)
    height = re.search(r'height="([\d.]+)pt"', head)
    if not (width and height):
        return None
    return round(float(width.group(1)) * 4 / 3), round(float(height.group(1)) * 4 / 3)


# A phone's column for a figure (a 390 px screen less the theme's margins): a wider
# figure shrinks there, text and all, and says that a tap enlarges it (book.css).
PHONE_COLUMN = 358


def figure_html(drawn, url):
    """The ``<figure>`` of ``drawn`` (a ``pipeline.Drawn``); ``url(uri)`` is the address
    of a published file relative to the page."""
    size = svg_size(drawn.svg)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    alt, pad = html.escape(drawn.figure.alt), drawn.figure.indent
    images = [(drawn.uri, "#only-light" if drawn.svg_dark is not None else "")]
    if drawn.svg_dark is not None:
        images.append((drawn.uri_dark, "#only-dark"))
    imgs = "".join(
        f'{pad}<a class="glightbox nb-figure-zoom" href="{html.escape(url(uri))}"'
        f' data-type="image" data-gallery="{html.escape(uri)}" data-alt="{alt}">'
        f'<img src="{html.escape(url(uri))}{palette}" alt="{alt}"{dims} loading="lazy">'
        '</a>\n'
        for uri, palette in images)
    shrinks = " nb-figure-shrinks" if size and size[0] > PHONE_COLUMN else ""
    return (
        f'{pad}<figure class="nb-figure{shrinks}" markdown="1">\n{imgs}'
        f'{pad}<figcaption markdown="span">{drawn.figure.caption}</figcaption>\n'
        f"{pad}</figure>\n"
    )
