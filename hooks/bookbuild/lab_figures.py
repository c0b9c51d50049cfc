"""The labs' figures in both palettes, like the chapters': an IPython extension.

mkdocs-jupyter runs each lab in a Jupyter kernel, which loads this extension (the build's
kernel configuration in ``hooks/jupyter``). A matplotlib figure the lab shows is then
displayed as HTML instead of a PNG: the figure drawn twice as by the chapters
(``dark_figure.py``), two SVG images marked ``#only-light`` and ``#only-dark``, of which
the theme shows the one of the palette; ``labs.fit_lab_html`` gives both images the
cell's alt text. The notebook readers download is not touched: in their
own Jupyter a figure is the usual PNG.
"""

import base64

from . import dark_figure


def figure_html(fig):
    """Two ``<img>``: ``fig`` for the light palette, then recoloured for the dark one."""
    return "".join(
        f'<img src="data:image/svg+xml;base64,{base64.b64encode(svg).decode("ascii")}'
        f'#only-{palette}">'
        for svg, palette in zip(dark_figure.both_palettes(fig), ("light", "dark")))


def _show(fig):
    from IPython.display import publish_display_data

    publish_display_data({"text/html": figure_html(fig)})


def load_ipython_extension(ipython):
    from matplotlib.figure import Figure

    # The formatter of objects that display themselves: "%matplotlib inline" and
    # "%config InlineBackend" reset those of each mime type, not this one, and the PNG
    # nobody would see is not drawn.
    ipython.display_formatter.ipython_display_formatter.for_type(Figure, _show)
