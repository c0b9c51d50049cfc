"""The labs' figures in both palettes, like the chapters': an IPython extension.

mkdocs-jupyter runs each lab in a Jupyter kernel, which loads this extension (the build's
kernel configuration in ``jupyter/``). A matplotlib figure the lab shows is then
displayed as HTML instead of a PNG: the figure drawn as the chapters' are
(``figures/draw.py``), two SVG images marked ``#only-light`` and ``#only-dark``, of which
the theme shows the one of the palette; ``labs.fit_lab_html`` gives both images the
cell's alt text. The notebook readers download is not touched: in their
own Jupyter a figure is the usual PNG.

The kernel can only write its figures into the page, as ``data:`` URIs; :func:`as_files`
then moves them out into files, as the chapters' (``figures/labs/<lab>/1.svg`` and
``1-dark.svg``, and a phone's ``1-narrow.svg``), loaded lazily and enlarged as the
chapters' are: inline, both palettes' images of every figure came with the page
(megabytes of text on the convolution lab).
"""

import base64
import re

from ..figures.draw import draw
from ..figures.markup import svg_size, zoomable

# A figure as figure_html writes it, once labs.fit_lab_html has given it its alt text.
_INLINE = re.compile(r'<img\b([^>]*?)\ssrc="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)'
                     r'#only-(light|dark)"([^>]*)>')
_NARROW = re.compile(r'\sdata-narrow="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"')
_ALT = re.compile(r'\salt="([^"]*)"')


def _uri(svg):
    return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}"


def figure_html(fig):
    """Two ``<img>``: ``fig`` for the light palette, then recoloured for the dark one,
    each with its drawing for a phone's column (``data-narrow``) where it has one."""
    drawing = draw(fig)
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


def _show(fig):
    from IPython.display import publish_display_data

    publish_display_data({"text/html": figure_html(fig)})


def load_ipython_extension(ipython):
    from matplotlib.figure import Figure

    # The formatter of objects that display themselves: "%matplotlib inline" and
    # "%config InlineBackend" reset those of each mime type, not this one, and the PNG
    # nobody would see is not drawn.
    ipython.display_formatter.ipython_display_formatter.for_type(Figure, _show)
