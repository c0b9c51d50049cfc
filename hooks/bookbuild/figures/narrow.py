"""A wide figure drawn again for a phone's column, its text at the size it was written.

A figure wider than a phone's column (``PHONE_COLUMN``) shrinks there, text and all: a
6.4-inch figure's 9-point tick labels come out at 7 px. Where its smallest text would be
under ``LEGIBLE`` px, the same matplotlib figure is drawn a second time, as wide as the
column, its fonts at their size in points: the plots get narrower, the text does not.
A row of panels too narrow side by side is laid out again in fewer columns and more rows
(:func:`reflow`, on the figure's own grid), which the layout engine then places; a
title wider than the column breaks into lines. Where that still piles texts up (a
legend beside the plot, a contour's labels placed for the wide plot), a little wider
is tried, then nothing: the phone shrinks the wide drawing as before. The site
serves that drawing to a phone (``markup.figure_html``) and the wide one elsewhere.
"""

import math
import re

from ..config import PHONE_COLUMN
# The smallest figure text a reader is asked to read in the column, in CSS px (the body
# text is 16 px).
LEGIBLE = 9.0
PX_PER_INCH = 96  # CSS pixels; matplotlib's SVG is in points, 72 to the inch
_WIDEST_ROW = 2.4  # inches: a panel at least this wide keeps a row of its own on a phone
_TEXT_SCALE = re.compile(rb'<g [^>]*transform="[^"]*scale\(([\d.]+) -\1\)"')
_WIDTH = re.compile(rb'<svg[^>]*\swidth="([\d.]+)pt"')


def column_text(svg):
    """The smallest text of ``svg`` (matplotlib's, its glyphs as paths) in CSS px when
    it is shown in a phone's column: its size in points, shrunk with the figure if the
    figure is wider than the column. None if it has no text. The browser tests measure
    the same way (``tests/browser/helpers.py``)."""
    sizes = [float(m) * 100 for m in _TEXT_SCALE.findall(svg)]
    width = _WIDTH.search(svg[:2000])
    if not sizes or width is None:
        return None
    width_px = float(width[1]) * 4 / 3
    return min(sizes) * 4 / 3 * min(1.0, PHONE_COLUMN / width_px)


def wanted(svg):
    """Whether a figure drawn as ``svg`` needs a narrow version: its smallest text is
    under LEGIBLE px in a phone's column and it is wider than the column."""
    text = column_text(svg)
    width = _WIDTH.search(svg[:2000])
    return (text is not None and text < LEGIBLE
            and float(width[1]) * 4 / 3 > PHONE_COLUMN + 1)


def _grid(fig):
    """The figure's panels as ``{axes: (row, column)}`` on one grid of single cells,
    and that grid's shape; None when the panels are not laid out so (spans, nested
    grids, axes placed by hand, a grid with ratios)."""
    cells, grid = {}, None
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is None:
            if ax.get_label() == "<colorbar>":  # placed by the layout beside its plot
                continue
            return None
        gridspec = spec.get_gridspec()
        if grid is None:
            grid = gridspec
        if gridspec is not grid or spec.num1 != spec.num2 and spec.num2 is not None:
            return None
        cells[ax] = divmod(spec.num1, grid.ncols)
    if grid is None or len(set(cells.values())) != len(cells):
        return None
    ratios = (grid.get_width_ratios(), grid.get_height_ratios())
    if any(r is not None and len(set(r)) > 1 for r in ratios):
        return None
    return cells, grid.nrows, grid.ncols


def reflow(fig, width):
    """Lay the row of panels of ``fig`` out again for a figure ``width`` inches wide, in as
    many columns as keep each panel about as wide as it was (at least ``_WIDEST_ROW``
    inches, or its own width when narrower), row after row in their reading order.
    Return ``(rows, columns)`` before and after, or None when nothing moves."""
    found = _grid(fig)
    if found is None:
        return None
    cells, rows, columns = found
    if rows > 1:  # a grid's rows and columns may mean something (its alt text says so)
        return None
    panel = fig.get_size_inches()[0] / columns
    fit = max(1, min(columns, math.floor(width / min(panel, _WIDEST_ROW))))
    if fit >= columns:
        return None
    used = sorted(cells.items(), key=lambda item: item[1])
    new_rows = math.ceil(len(used) / fit)
    grid = fig.add_gridspec(new_rows, fit)
    for n, (ax, _) in enumerate(used):
        ax.set_subplotspec(grid[n // fit, n % fit])
        if n % fit == 0:  # a panel now first in its row shows its y tick labels
            ax.yaxis.set_tick_params(which="both", labelleft=True)
        if n + fit >= len(used):  # and one now last in its column, its x tick labels
            ax.xaxis.set_tick_params(which="both", labelbottom=True)
    return (rows, columns), (new_rows, fit)


def _drawn_width(fig):
    """The width in inches of ``fig`` as saved: its drawn box with the saving's pad."""
    import matplotlib

    fig.draw_without_rendering()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return box.width + 2 * pad


def narrow(fig, size, column=PHONE_COLUMN):
    """Make ``fig``, drawn once already at ``size`` (inches), ``column`` CSS px wide as
    saved: its panels reflowed where side by side they would be too narrow, each panel's
    height shrunk less than its width (its labels take the same room as before), its
    fonts untouched. The figure is changed in place; it may be narrowed again."""
    width, height = size
    target = column / PX_PER_INCH
    moved = reflow(fig, target)
    (rows, columns), (new_rows, new_columns) = moved or ((1, 1), (1, 1))
    if fig.get_layout_engine() is None and _grid(fig) is not None:
        try:  # matplotlib's layout places the panels and their labels in the new size
            fig.set_layout_engine("constrained")
        except RuntimeError:  # a colorbar made for another layout
            pass
    # A title wider than the column breaks into lines at its spaces, as matplotlib
    # breaks a text that would leave the figure.
    for title in [fig._suptitle, *(ax.title for ax in fig.axes)]:
        if title is not None:
            title.set_wrap(True)
    panel = width / columns, height / rows
    panel_height = panel[1] * min(1.0, math.sqrt(target / new_columns / panel[0]))
    fig.set_size_inches(target, new_rows * panel_height)
    for _ in range(3):  # the drawn box, labels and all, as wide as the column
        drawn = _drawn_width(fig)
        if abs(drawn - target) * PX_PER_INCH < 2:
            break
        fig.set_size_inches(max(fig.get_size_inches()[0] + target - drawn, target / 2),
                            fig.get_size_inches()[1])


# The widths tried, in CSS px: the column's, then a little wider (shrunk a little on the
# phone) for a figure whose texts the column's width piles up.
WIDTHS = (PHONE_COLUMN, round(PHONE_COLUMN * 1.25), round(PHONE_COLUMN * 1.5))
