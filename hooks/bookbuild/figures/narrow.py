"""A wide figure drawn again for a phone's column, its text at the size it was written.

A figure wider than a phone's column (``PHONE_COLUMN``) shrinks there, text and all: a
6.4-inch figure's 9-point tick labels come out at 7 px. Where its smallest text would be
under ``LEGIBLE`` px, the same matplotlib figure is drawn a second time, as wide as the
column, its fonts at their size in points: the plots get narrower, the text does not.
How it is laid out there is decided first (``plan.py``), from what the wide drawing
measured (:func:`describe`), then applied once (:func:`apply`): a row of panels reflowed
on the figure's own grid, which matplotlib's constrained layout then places, the legend
of a single plot below it, titles and named ticks too wide for their room broken into
lines, crowded numbers on a row of ticks thinned. ``draw.py`` draws it and keeps it if
every text reads; if not, it plans a little wider on a new copy of the wide figure; then
nothing: the phone shrinks the wide drawing as before (texts placed by hand for the
wide plot, a contour's labels). The site serves that drawing to a phone
(``markup.figure_html``) and the wide one elsewhere."""

import math
import re

from ..config import PHONE_COLUMN
from . import hidden, plan

# The smallest figure text a reader is asked to read in the column, in CSS px (the body
# text is 16 px).
LEGIBLE = 9.0
PX_PER_INCH = 96  # CSS pixels; matplotlib's SVG is in points, 72 to the inch
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
    grids, axes placed by hand)."""
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
    return cells, grid.nrows, grid.ncols


def _on_one_grid(fig):
    """Whether every panel of ``fig`` stands on the figure's own grid (whatever its
    ratios), none on a grid nested in a cell (as a colorbar made beside a panel puts
    its panel): constrained layout can place such panels anew."""
    from matplotlib.gridspec import GridSpec

    return all(isinstance(ax.get_subplotspec().get_gridspec(), GridSpec)
               if ax.get_subplotspec() is not None else ax.get_label() == "<colorbar>"
               for ax in fig.axes)


def _reflow(fig, rows, columns):
    """Place the row of panels of ``fig`` on a grid of ``rows`` and ``columns``, row
    after row in their reading order: the layout engine then places them."""
    cells, _, _ = _grid(fig)
    used = sorted(cells.items(), key=lambda item: item[1])
    grid = fig.add_gridspec(rows, columns)
    for n, (ax, _) in enumerate(used):
        ax.set_subplotspec(grid[n // columns, n % columns])
        if n % columns == 0:  # a panel now first in its row shows its y tick labels
            ax.yaxis.set_tick_params(which="both", labelleft=True)
        if n + columns >= len(used):  # and one now last in its column, its x tick labels
            ax.xaxis.set_tick_params(which="both", labelbottom=True)


def _titles(fig, ax):
    """The figure's title (``ax`` None) or a panel's three titles, each a ``Text``."""
    return [hidden.suptitle(fig)] if ax is None else hidden.axes_titles(ax)


def _legend_below(fig):
    """The legend of a figure of one plot, placed inside it for a wide drawing, moved
    below it: in a plot as narrow as a phone's column the same legend covers twice the
    share of the plot, and with it the marks the author kept it off. Return the new
    legend, or None."""
    plots = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    legend = plots[0].get_legend() if len(plots) == 1 else None
    if legend is None or hidden.anchored_by_hand(legend):  # none, or placed by hand
        return None
    title = legend.get_title()
    labels = [text.get_text() for text in legend.get_texts()]
    # The plot's own artists where the legend was made of them: a legend's handles are
    # its drawn copies, which lose an error bar's style (its line dashed, its markers).
    handles, own = plots[0].get_legend_handles_labels()
    if own != labels:  # the author gave the handles: their copies, as drawn
        handles = legend.legend_handles
    below = fig.legend(handles, labels,
                       loc="outside lower center", fontsize=legend.prop.get_size_in_points(),
                       title=title.get_text() or None, title_fontsize=title.get_fontsize())
    legend.remove()
    return below


def _without_idle_height(fig, laid_out=False):
    """Take from the height of ``fig`` (laid out by constrained layout) the room its
    panels cannot use. A panel that keeps its shape (a square map, an image) is as tall
    as the column's width allows, whatever height its row gets: the rest of the row
    would stay blank, a gap between rows or above a legend moved below. A row's blank is
    what its fullest panel leaves (the height the layout gave the plot, less the
    panel's drawn height, labels and title and all). The layout shares a change of
    height among the rows by their height ratios, so the figure gives up only what
    leaves every row its panels' height; nothing changes on a grid with spans.
    ``laid_out``: the layout has placed the panels in the figure's size already."""
    found = _grid(fig)
    if found is None:
        return
    cells, rows = found[0], found[1]
    ratios = next(iter(cells)).get_subplotspec().get_gridspec().get_height_ratios()
    ratios = ratios or [1] * rows
    for n in range(4):  # the layout places the panels again in the new height
        if n or not laid_out:
            fig.draw_without_rendering()
        renderer = fig.canvas.get_renderer()
        height = fig.get_size_inches()[1]
        idle = [math.inf] * rows
        for ax, (row, _) in cells.items():
            blank = (ax.get_position(original=True).height * height
                     - ax.get_tightbbox(renderer).height / fig.dpi)
            idle[row] = min(idle[row], max(blank, 0.0))
        # Half a pixel a row kept: a panel a hair too short would be narrowed by it.
        spare = min((row_idle - 0.5 / PX_PER_INCH) * sum(ratios) / ratio
                    for row_idle, ratio in zip(idle, ratios))
        if spare * PX_PER_INCH < 2:
            return
        fig.set_size_inches(fig.get_size_inches()[0], height - spare)


def _drawn_width(fig):
    """The width in inches of ``fig`` as saved: its drawn box with the saving's pad."""
    import matplotlib

    fig.draw_without_rendering()
    box = fig.get_tightbbox(fig.canvas.get_renderer())
    pad = matplotlib.rcParams["savefig.pad_inches"]
    return box.width + 2 * pad


def _ticks(ax, renderer):
    """The x ticks of ``ax`` a plan may change, as :class:`plan.Ticks`: names, or ticks
    placed by hand; None for matplotlib's own numbers or an axis not drawn."""
    from matplotlib.ticker import FixedLocator

    if not (ax.axison and ax.xaxis.get_visible()):
        return None
    shown = ax.get_xticklabels()
    labels = tuple(label.get_text() for label in shown)
    if any(label.get_rotation() for label in shown):  # turned by their author to fit
        return None
    if not labels or not (plan.names(labels)
                          or isinstance(ax.xaxis.get_major_locator(), FixedLocator)):
        return None
    plot = ax.get_window_extent(renderer)
    boxes = [label.get_window_extent(renderer) if label.get_visible() and label.get_text()
             else None for label in shown]
    return plan.Ticks(
        positions=tuple(ax.get_xticks()), labels=labels,
        widths=tuple(box.width / ax.figure.dpi if box else 0.0 for box in boxes),
        centres=tuple((box.x0 + box.x1 - 2 * plot.x0) / 2 / plot.width if box else 0.0
                      for box in boxes))


def _text(title, renderer):
    """A title as ``(text, width in inches)``; an empty text where none is shown."""
    if title is None or not title.get_visible() or not title.get_text():
        return ("", 0.0)
    return title.get_text(), title.get_window_extent(renderer).width / title.figure.dpi


def _fit_width(fig, width):
    """Make the drawn box of ``fig``, labels and all, ``width`` inches wide, as the
    layout measures it: not wider (the phone would shrink it), 2 px narrower at most.
    Where a wider figure no longer widens the box (panels that keep their shape, as tall
    as their rows allow), the box stays narrower; where the layout jumps between a box
    too wide and one too narrow (a tick label more or less), the narrower is kept.
    Return whether the layout has placed the panels in the size the figure is left."""
    aim, last, fits = width - 0.5 / PX_PER_INCH, None, None
    for _ in range(4):
        drawn, figure = _drawn_width(fig), fig.get_size_inches()
        if 0 <= (width - drawn) * PX_PER_INCH < 2:
            return True
        if drawn < width:
            fits = figure[0]
            if last is not None and abs(drawn - last[1]) < abs(figure[0] - last[0]) / 4:
                return True
        fig.set_size_inches(max(figure[0] + aim - drawn, width / 2), figure[1])
        last = figure[0], drawn
    if fits is not None:
        fig.set_size_inches(fits, fig.get_size_inches()[1])
    return False


def describe(fig):
    """What :func:`plan.plan` needs of ``fig``, measured as it was last drawn (wide)."""
    from matplotlib.layout_engine import (
        ConstrainedLayoutEngine,
        PlaceHolderLayoutEngine,
    )

    renderer = fig.canvas.get_renderer()
    width = fig.get_size_inches()[0]
    found = _grid(fig)
    cells = found[0] if found else {}
    ratios = None
    if found:
        ratios = next(iter(cells)).get_subplotspec().get_gridspec().get_width_ratios()
    panels = []
    for ax in fig.axes:
        cell = cells.get(ax)
        share = ax.get_position().width  # the plot's share of its column, or the figure
        if cell is not None:
            column = width * ((ratios[cell[1]] / sum(ratios)) if ratios else 1 / found[2])
            share = min(1.0, share * width / column)
        panels.append(plan.Panel(cell=cell, plot_share=share, ticks=_ticks(ax, renderer),
                                 titles=tuple(_text(t, renderer) for t in _titles(fig, ax))))
    plots = [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]
    legend = plots[0].get_legend() if len(plots) == 1 else None
    engine = fig.get_layout_engine()
    title = _text(hidden.suptitle(fig), renderer)
    return plan.Wide(
        size=tuple(fig.get_size_inches()), grid=found and found[1:], panels=tuple(panels),
        width_ratios=ratios and tuple(ratios),
        constrained=isinstance(engine, ConstrainedLayoutEngine),
        relayable=_on_one_grid(fig) and isinstance(engine, (type(None),
                                                            PlaceHolderLayoutEngine)),
        legend=legend is not None and not hidden.anchored_by_hand(legend),
        title=title if title[0] else None)


def apply(fig, planned):
    """Lay ``fig`` out as ``planned`` (:func:`plan.plan` of its :func:`describe`), once:
    then make its drawn box as wide as the plan's width, labels and all, and take from
    its height what its panels cannot use, both as the layout measures them."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine

    if planned.columns is not None:
        _reflow(fig, planned.rows, planned.columns)
    if planned.relay:
        try:  # matplotlib's layout places the panels and their labels in the new size
            fig.set_layout_engine("constrained")
        except RuntimeError:  # a colorbar made for another layout
            pass
    constrained = isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    below = _legend_below(fig) if planned.legend_below and constrained else None
    title = hidden.suptitle(fig)
    if title is not None and constrained:
        # Placed by hand above a wide figure's panels (y=1.02): the layout places it, as
        # when suptitle is given no y (which resets what these keep to its defaults).
        fig.suptitle(title.get_text(), x=title.get_position()[0], ha=title.get_ha(),
                     va=title.get_va(), rotation=title.get_rotation(),
                     fontsize=title.get_fontsize(), fontweight=title.get_fontweight())
    width, height = planned.size
    if below is not None:  # the plot keeps its height, the legend takes its own
        height += below.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi
    fig.set_size_inches(width, height)
    for n, ax in enumerate([None, *fig.axes], start=-1):
        for k, title in enumerate(_titles(fig, ax)):
            lines = planned.titles.get((None if ax is None else n, k))
            if lines is not None:  # the layout makes room for the lines it measures
                title.set_text(lines)
            elif title is not None and "$" not in title.get_text():
                title.set_wrap(True)  # matplotlib breaks it at the figure's edge
    for n, (positions, labels) in planned.ticks.items():
        fig.axes[n].set_xticks(positions, labels)
    laid_out = _fit_width(fig, width)
    if constrained:  # last: the panels' widths are those the phone shows
        _without_idle_height(fig, laid_out)


# The widths tried, in CSS px: the column's, then a little wider (shrunk a little on the
# phone) for a figure whose texts the column's width piles up.
WIDTHS = (PHONE_COLUMN, round(PHONE_COLUMN * 1.25), round(PHONE_COLUMN * 1.5))
