"""A figure of a page as the site shows it: its two images, alt text and caption.

The light figure and the dark one, of which Material shows the one that fits the
palette (``#only-light``, ``#only-dark``), each linking to itself: a click or a tap opens
it in the lightbox (mkdocs-glightbox's ``glightbox`` links), on the palette's background,
where a phone pinch-zooms it. Each figure is a gallery of its own, so that a swipe pans
it instead of going to the other palette's copy. The caption is Markdown
(``md_in_html``). Both images load lazily: the browser fetches the one the palette
shows when it nears the screen, and never the other (hidden, it is never near).

A wide figure drawn again for a phone's column (``narrow.py``) is the ``<source>`` of a
``<picture>`` around each image, for a screen as narrow as a phone's: the phone loads
the narrow image and nothing else, a laptop the wide one, which printing (a ``screen``
query) and the book files keep too. A tap on a phone opens the image the column shows,
enlarged (``docs/javascripts/lightbox.js``); a click elsewhere, the link's wide one.
"""

import html
import re

from .narrow import PHONE_COLUMN


def svg_size(svg):
    """The SVG's width and height in CSS pixels (matplotlib writes points), or None."""
    head = svg[:600].decode("ascii", "replace")
    width = re.search(r'width="([\d.]+)pt"', head)
    height = re.search(r'height="([\d.]+)pt"', head)
    if not (width and height):
        return None
    return round(float(width.group(1)) * 4 / 3), round(float(height.group(1)) * 4 / 3)


# The screens given a figure's narrow drawing: up to the theme's phone breakpoint, the
# one below which book.css says that a tap enlarges a figure.
NARROW_SCREEN = "screen and (max-width: 44.9375em)"


def figure_html(drawn, url):
    """The ``<figure>`` of ``drawn`` (a ``pipeline.Drawn``); ``url(uri)`` is the address
    of a published file relative to the page."""
    size, drawing = svg_size(drawn.svg), drawn.drawing
    alt, pad = html.escape(drawn.figure.alt), drawn.figure.indent
    uris = {svg: uri for uri, svg in drawn.images()}
    palettes = [(drawing.svg, drawing.narrow, "#only-light")]
    if drawing.svg_dark is None:
        palettes = [(drawing.svg, drawing.narrow, "")]
    else:
        palettes.append((drawing.svg_dark, drawing.narrow_dark, "#only-dark"))
    imgs = "".join(
        pad + zoomable(url(uris[svg]), palette, alt, size,
                       narrow and (url(uris[narrow]), svg_size(narrow)), uris[svg]) + "\n"
        for svg, narrow, palette in palettes)
    shrinks = " nb-figure-shrinks" if size and size[0] > PHONE_COLUMN else ""
    return (
        f'{pad}<figure class="nb-figure{shrinks}" markdown="1">\n{imgs}'
        f'{pad}<figcaption markdown="span">{drawn.figure.caption}</figcaption>\n'
        f"{pad}</figure>\n"
    )


def zoomable(href, palette, alt, size, narrow, gallery):
    """The image of the figure drawn at ``href`` (shown in ``palette``, "#only-light" or
    "#only-dark", or "" for both), in the link that opens it in the lightbox: a gallery
    of its own (``gallery``, unique on the page). ``alt`` is escaped HTML; ``narrow`` is
    the phone's drawing, ``(address, size)``, or None. A chapter's figures and a lab's
    (``mkdocs_glue/lab_figures.py``) are written by this one function."""
    return (f'<a class="glightbox nb-figure-zoom" href="{html.escape(href)}"'
            f' data-type="image" data-gallery="{html.escape(gallery)}" data-alt="{alt}">'
            + _image(href + palette, alt, size, narrow) + "</a>")


def _dims(size):
    return f' width="{size[0]}" height="{size[1]}"' if size else ""


def _image(src, alt, size, narrow):
    """The ``<img>`` of ``src``, in a ``<picture>`` that gives a phone ``narrow`` (its
    address and size) if there is one. There it is marked ``off-glb``: mkdocs-glightbox
    links every image not already a link's child, and would put a link between the
    picture and its image, which then ignores the picture's source."""
    img = f'<img src="{html.escape(src)}" alt="{alt}"{_dims(size)} loading="lazy"'
    if not narrow:
        return img + ">"
    img += ' class="off-glb">'
    return (f'<picture><source media="{NARROW_SCREEN}" srcset="{html.escape(narrow[0])}"'
            f'{_dims(narrow[1])}>{img}</picture>')
