"""A wide figure drawn again for a phone's column, its text at the size it was written.

A figure wider than a phone's column (``PHONE_COLUMN``) shrinks there, text and all: a
6.4-inch figure's 9-point tick labels come out at 7 px. Where its smallest text would be
under ``LEGIBLE`` px, the same matplotlib figure is drawn a second time, as wide as the
column, its fonts at their size in points: the plots get narrower, the text does not.
A row of panels too narrow side by side is laid out again in fewer columns and more rows
(:func:`reflow`, on the figure's own grid), which the layout engine then places; the
legend of a single plot goes below it. Where texts still pile up, the same width is
tried with its titles and named ticks broken into lines and crowded numbers on a row of
ticks thinned to every other one (:func:`_break_lines`); then a little wider; then
nothing: the phone shrinks the wide drawing as before (texts placed by hand for the
wide plot, a contour's labels). The site serves that drawing to a phone
(``markup.figure_html``) and the wide one elsewhere."""

import math
import re
import textwrap

from ..config import PHONE_COLUMN
from . import hidden
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


def reflow(fig, width):
    """Lay the row of panels of ``fig`` out again for a figure ``width`` inches wide, in as
    many columns as keep each panel about as wide as it was (at least ``_WIDEST_ROW``
    inches, or its own width when narrower; one per row if their widths differ), row
    after row in their reading order. Nothing moves on a grid of several rows (its rows
    and columns may mean something: its alt text says so), nor where the row fits."""
    found = _grid(fig)
    if found is None or found[1] > 1:
        return
    cells, _, columns = found
    panel = fig.get_size_inches()[0] / columns
    fit = max(1, min(columns, math.floor(width / min(panel, _WIDEST_ROW))))
    ratios = next(iter(cells)).get_subplotspec().get_gridspec().get_width_ratios()
    if ratios is not None and len(set(ratios)) > 1 and fit > 1:
        fit = 1  # panels of different widths: one per row, each as wide as the figure
    if fit >= columns:
        return
    used = sorted(cells.items(), key=lambda item: item[1])
    new_rows = math.ceil(len(used) / fit)
    grid = fig.add_gridspec(new_rows, fit)
    for n, (ax, _) in enumerate(used):
        ax.set_subplotspec(grid[n // fit, n % fit])
        if n % fit == 0:  # a panel now first in its row shows its y tick labels
            ax.yaxis.set_tick_params(which="both", labelleft=True)
        if n + fit >= len(used):  # and one now last in its column, its x tick labels
            ax.xaxis.set_tick_params(which="both", labelbottom=True)


def _room(ax, width):
    """The width in inches of the column of ``ax``'s grid, in a figure ``width`` inches
    wide: its share of the grid's width ratios (the whole width for a panel placed by
    hand), or the plot's own where it is narrower."""
    spec = ax.get_subplotspec()
    if spec is None:
        return width
    grid = spec.get_gridspec()
    ratios = grid.get_width_ratios() or [1] * grid.ncols
    column = width * sum(ratios[spec.colspan.start:spec.colspan.stop]) / sum(ratios)
    # A title stands above the plot, which its tick labels leave narrower than its
    # column (and a square image narrower still).
    return min(column, ax.get_position().width * width)


def _titles(fig):
    """``(title, axes)`` for the figure's title (axes None) and each panel's titles."""
    return [(title, ax) for ax in [None, *fig.axes] for title in (
        [hidden.suptitle(fig)] if ax is None else hidden.axes_titles(ax))
        if title is not None]


def _names(labels):
    """Whether tick labels are names (categories: "shifted 3 pixels"), not numbers:
    words in each, a space in one."""
    return any(" " in text for text in labels) and all(
        re.search(r"[A-Za-z]{2}", text) and "$" not in text for text in labels)


def _ticks(ax):
    """``(positions, labels)`` of the x ticks of ``ax`` that :func:`_break_lines` may
    change: names, or ticks placed by hand; None for matplotlib's own numbers or an
    axis not drawn."""
    from matplotlib.ticker import FixedLocator

    if not (ax.axison and ax.xaxis.get_visible()):
        return None
    labels = [label.get_text() for label in ax.get_xticklabels()]
    if labels and (_names(labels)
                   or isinstance(ax.xaxis.get_major_locator(), FixedLocator)):
        return list(ax.get_xticks()), labels
    return None


def texts(fig):
    """A function that gives the titles and the ticks of ``fig`` back the texts (and
    wrapping) they have now."""
    titles = [(title, title.get_text(), title.get_wrap()) for title, _ in _titles(fig)]
    ticks = [(ax, found) for ax in fig.axes if (found := _ticks(ax))]

    def restore():
        for title, text, wrap in titles:
            title.set_text(text)
            title.set_wrap(wrap)
        for ax, (positions, labels) in ticks:
            ax.set_xticks(positions, labels)
    return restore


def _lines(text, room, wide):
    """``text`` broken at its spaces into lines that fit ``room`` inches, drawn ``wide``
    inches on one line; None where that would leave a word or two per line."""
    longest = max(len(line) for line in text.split("\n"))
    chars = int(longest * 0.92 * room / wide)
    if chars < 12 or wide <= 0.92 * room:
        return None
    return "\n".join(textwrap.fill(line, chars) for line in text.split("\n"))


def _crowded(labels, renderer):
    """Whether any two neighbouring labels of a row of ticks touch."""
    boxes = sorted((label.get_window_extent(renderer) for label in labels
                    if label.get_visible() and label.get_text()), key=lambda box: box.x0)
    return any(a.x1 + 2 > b.x0 for a, b in zip(boxes, boxes[1:]))


def _break_lines(fig):
    """Break the figure's title, and each panel's, into lines at its spaces where it is
    wider than the figure or its panel's column, and a panel's named ticks where they
    are wider than the room between them: the layout engine then makes room for the
    lines it measures. Numbers placed by hand as ticks that touch keep every other one
    (names are all kept: each stands for its own bar)."""
    renderer = fig.canvas.get_renderer()
    width = fig.get_size_inches()[0]
    for title, ax in _titles(fig):
        if not title.get_text() or not title.get_visible():
            continue
        lines = _lines(title.get_text(), width if ax is None else _room(ax, width),
                       title.get_window_extent(renderer).width / fig.dpi)
        if lines is not None:
            title.set_text(lines)
    fig.draw_without_rendering()  # the ticks where the narrow size puts them
    for ax in fig.axes:
        found = _ticks(ax)
        if found is None:
            continue
        positions, labels = found
        if not _names(labels):  # numbers placed by hand: every other one, if they touch
            if _crowded(ax.get_xticklabels(), renderer):
                ax.set_xticks(positions[::2], labels[::2])
            continue
        # A name's share of the plot, of which _lines fills 0.92: 0.8 of it, a space between.
        room = _room(ax, width) / len(labels) * 0.8 / 0.92
        broken = [_lines(text, room, label.get_window_extent(renderer).width / fig.dpi)
                  for text, label in zip(labels, ax.get_xticklabels())]
        if any(broken):
            ax.set_xticks(positions, [new or old for new, old in zip(broken, labels)])


_BELOW = "legend moved below its plot"  # the label of a legend _legend_below made


def _legend_below(fig):
    """The legend of a figure of one plot, placed inside it for a wide drawing, moved
    below it: in a plot as narrow as a phone's column the same legend covers twice the
    share of the plot, and with it the marks the author kept it off. Return the new
    legend, or None."""
    moved = [legend for legend in fig.legends if legend.get_label() == _BELOW]
    if moved:  # by an earlier narrowing
        return moved[0]
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
    below.set_label(_BELOW)
    return below


def _without_idle_height(fig):
    """Take from the height of ``fig`` (laid out by constrained layout) the room its
    panels cannot use. A panel that keeps its shape (a square map, an image) is as tall
    as the column's width allows, whatever height its row gets: the rest of the row
    would stay blank, a gap between rows or above a legend moved below. A row's blank is
    what its fullest panel leaves (the height the layout gave the plot, less the
    panel's drawn height, labels and title and all). The layout shares a change of
    height among the rows by their height ratios, so the figure gives up only what
    leaves every row its panels' height; nothing changes on a grid with spans."""
    found = _grid(fig)
    if found is None:
        return
    cells, rows = found[0], found[1]
    ratios = next(iter(cells)).get_subplotspec().get_gridspec().get_height_ratios()
    ratios = ratios or [1] * rows
    for _ in range(4):  # the layout places the panels again in the new height
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


def layout(fig):
    """The size of ``fig`` in inches and its grid's ``(rows, columns)`` ((1, 1) if it has
    none), as drawn wide: what :func:`narrow` starts from, however often it narrows."""
    grid = _grid(fig)
    return fig.get_size_inches().copy(), grid[1:] if grid else (1, 1)


def narrow(fig, wide, column=PHONE_COLUMN, break_lines=False):
    """Make ``fig``, drawn once already as ``wide`` (its :func:`layout` then), ``column``
    CSS px wide as saved: its panels reflowed where side by side they would be too
    narrow, each panel's height shrunk less than its width (its labels take the same
    room as before), its fonts untouched; with ``break_lines``, titles and named ticks
    wider than their room broken into lines and crowded numbers thinned
    (:func:`_break_lines`; :func:`texts` gives them back). The figure is changed in
    place; it may be narrowed again."""
    from matplotlib.layout_engine import ConstrainedLayoutEngine, PlaceHolderLayoutEngine

    (width, height), (rows, columns) = wide
    target = column / PX_PER_INCH
    reflow(fig, target)  # at the first narrowing: then its grid is the new one
    grid = _grid(fig)
    new_rows, new_columns = grid[1:] if grid else (rows, columns)
    # No layout engine, or a layout done once (tight_layout) for the wide size: where
    # every panel stands on a grid, matplotlib's constrained layout places them anew.
    if _on_one_grid(fig) and isinstance(fig.get_layout_engine(),
                                        (type(None), PlaceHolderLayoutEngine)):
        try:  # matplotlib's layout places the panels and their labels in the new size
            fig.set_layout_engine("constrained")
        except RuntimeError:  # a colorbar made for another layout
            pass
    constrained = isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)
    below = _legend_below(fig) if constrained else None  # "outside" needs that layout
    title = hidden.suptitle(fig)
    if title is not None and constrained:
        # Placed by hand above a wide figure's panels (y=1.02): the layout places it, as
        # when suptitle is given no y (which resets what these keep to its defaults).
        fig.suptitle(title.get_text(), x=title.get_position()[0], ha=title.get_ha(),
                     va=title.get_va(), rotation=title.get_rotation(),
                     fontsize=title.get_fontsize(), fontweight=title.get_fontweight())
    panel = width / columns, height / rows
    panel_height = panel[1] * min(1.0, math.sqrt(target / new_columns / panel[0]))
    fig.set_size_inches(target, new_rows * panel_height)
    if below is not None:  # the plot keeps its height, the legend takes its own
        fig.draw_without_rendering()
        legend_height = below.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi
        fig.set_size_inches(target, new_rows * panel_height + legend_height)
    if break_lines:
        _break_lines(fig)
    else:  # matplotlib breaks a title at the figure's edge, unseen by the layout
        for title, _ in _titles(fig):
            title.set_wrap(True)
    for _ in range(3):  # the drawn box, labels and all, as wide as the column
        drawn = _drawn_width(fig)
        if abs(drawn - target) * PX_PER_INCH < 2:
            break
        fig.set_size_inches(max(fig.get_size_inches()[0] + target - drawn, target / 2),
                            fig.get_size_inches()[1])
    if constrained:  # last: the panels' widths are those the phone shows
        _without_idle_height(fig)


# The widths tried, in CSS px: the column's, then a little wider (shrunk a little on the
# phone) for a figure whose texts the column's width piles up.
WIDTHS = (PHONE_COLUMN, round(PHONE_COLUMN * 1.25), round(PHONE_COLUMN * 1.5))
