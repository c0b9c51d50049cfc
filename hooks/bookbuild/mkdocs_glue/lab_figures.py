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
``1-dark.svg``), loaded lazily: inline, both palettes' images of every figure came with
the page (megabytes of text on the convolution lab).
"""

import base64
import html
import re

from ..figures.draw import draw
from ..figures.markup import svg_size

# A figure as figure_html writes it, once labs.fit_lab_html has given it its alt text.
_INLINE = re.compile(r'<img\b([^>]*?)\ssrc="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)'
                     r'#only-(light|dark)"([^>]*)>')


def figure_html(fig):
    """Two ``<img>``: ``fig`` for the light palette, then recoloured for the dark one."""
    drawing = draw(fig)
    return "".join(
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode("ascii")}'
        f'#only-{palette}">'
        for svg, palette in ((drawing.svg, "light"), (drawing.svg_dark, "dark")))


def as_files(content, folder, publish):
    """``content`` (a lab's HTML) with each inline figure replaced by a file of ``folder``:
    ``publish(uri, svg)`` adds the file to the site and returns its address from the page.
    The k-th figure is ``k.svg`` in the light palette and ``k-dark.svg`` in the dark one."""
    counts = {"light": 0, "dark": 0}

    def to_file(match):
        before, data, palette, after = match.groups()
        counts[palette] += 1
        svg = base64.b64decode(data)
        name = f"{counts[palette]}{'-dark' if palette == 'dark' else ''}.svg"
        href = html.escape(publish(f"{folder}/{name}", svg))
        size = svg_size(svg)
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        return f'<img{before} src="{href}#only-{palette}"{dims} loading="lazy"{after}>'
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
