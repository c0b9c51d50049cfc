"""The labs' figures in both palettes, like the chapters'.

The runner runs a lab's cells and draws each figure a cell shows as the chapters' are
(``figures/draw.py``); ``lab_run.with_outputs`` gives the cell that drawing as HTML
instead of a PNG: two SVG images marked ``#only-light`` and ``#only-dark``, of which the
theme shows the one of the palette; ``labs.fit_lab_html`` gives both images the cell's
alt text. The notebook readers download is not touched: in their own Jupyter a figure
is the usual PNG.

A notebook's output holds its figures as ``data:`` URIs; :func:`as_files` then moves
them out into files, as the chapters' (``figures/labs/<lab>/1.svg`` and ``1-dark.svg``,
and a phone's ``1-narrow.svg``), loaded lazily and enlarged as the chapters' are:
inline, both palettes' images of every figure came with the page (megabytes of text on
the convolution lab).
"""

import base64
import re

from ..figures.markup import svg_size, zoomable

# A figure as figure_html writes it, once labs.fit_lab_html has given it its alt text.
_INLINE = re.compile(r'<img\b([^>]*?)\ssrc="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)'
                     r'#only-(light|dark)"([^>]*)>')
_NARROW = re.compile(r'\sdata-narrow="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
_ALT = re.compile(r'\salt="([^"]*)"')


def _uri(svg):
    return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}"


def figure_html(drawing):
    """Two ``<img>``: the figure's ``drawing`` (``figures.draw.Drawing``) for the light
    palette, then for the dark one, each with its drawing for a phone's column
    (``data-narrow``) where it has one."""
    return "".join(
        f'<img src="{_uri(svg)}#only-{palette}"'
        + (f' data-narrow="{_uri(narrow)}"' if narrow else "") + ">"
        for svg, narrow, palette in ((drawing.svg, drawing.narrow, "light"),
                                     (drawing.svg_dark, drawing.narrow_dark, "dark")))


def as_files(content, folder, publish):
    """``content`` (a lab's HTML) with each inline figure replaced by a file of ``folder``,
    written as a chapter's figure (``markup.zoomable``): ``publish(uri, svg)`` adds the
    file to the site and returns its address from the page. The k-th figure is ``k.svg``
    in the light palette and ``k-dark.svg`` in the dark one, and ``k-narrow.svg`` and
    ``k-narrow-dark.svg`` for a phone where it has them."""
    counts = {"light": 0, "dark": 0}

    def to_file(match):
        before, data, palette, after = match.groups()
        counts[palette] += 1
        dark = "-dark" if palette == "dark" else ""
        uri, svg = f"{folder}/{counts[palette]}{dark}.svg", base64.b64decode(data)
        narrow = _NARROW.search(before + after)
        if narrow:
            small = base64.b64decode(narrow[1])
            narrow = (publish(f"{folder}/{counts[palette]}-narrow{dark}.svg", small),
                      svg_size(small))
        alt = _ALT.search(before + after)
        return zoomable(publish(uri, svg), f"#only-{palette}", alt[1] if alt else "",
                        svg_size(svg), narrow, uri)
    return _INLINE.sub(to_file, content)
