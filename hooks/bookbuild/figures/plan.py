"""How a wide figure is laid out for a phone's column, decided before anything is drawn.

:func:`plan` reads a :class:`Wide`, what the wide drawing measured of the figure (its
size, its grid, its titles' and ticks' widths in inches), and returns a :class:`Plan`
for a column ``width`` inches wide: pure arithmetic, tested without matplotlib.
``narrow.py`` measures the ``Wide`` and applies the plan once.

- A row of panels too narrow side by side goes into fewer columns and more rows, in
  reading order, each panel about as wide as it was (at least ``WIDEST_ROW``), or one
  per row where their widths differ. A grid of several rows keeps its rows and columns
  (they may mean something: its alt text says so).
- Each panel's height shrinks as the square root of its width's share: its labels take
  the same room as before.
- The legend of a single plot goes below it, and the figure grows by its height.
- A title wider than its room (the figure's, or its panel's column) breaks into lines
  at its spaces, as do a panel's named ticks wider than their share of the plot; numbers
  placed by hand as ticks that would touch keep every other one. matplotlib wraps any
  other title at the figure's edge.
"""

import itertools
import math
import re
import textwrap
from dataclasses import dataclass, field

WIDEST_ROW = 2.4  # inches: a panel at least this wide keeps a row of its own on a phone
_GAP = 2 / 96  # inches between two tick labels (2 CSS px), below which they touch
_HELD = "\x00"  # a space that does not break a line


@dataclass(frozen=True)
class Ticks:
    """A row of x ticks :func:`plan` may change: names, or numbers placed by hand.
    ``centres`` is where each label's box is centred, as a share of the plot's width
    from its left edge, and ``widths`` each box's width in inches, as the wide drawing
    measured them."""

    positions: tuple
    labels: tuple
    widths: tuple
    centres: tuple


@dataclass(frozen=True)
class Panel:
    """One axes of the figure: its ``cell`` on the figure's grid ``(row, column)`` (None
    for a colorbar or a panel placed by hand), its titles as ``(text, width in
    inches)`` (empty text for a missing one), the share of its grid cell its plot takes
    (``plot_share``; of the figure without a cell), and its :class:`Ticks` (or None:
    matplotlib's own numbers, or labels turned by their author)."""

    cell: tuple | None
    titles: tuple = ()
    plot_share: float = 1.0
    ticks: Ticks | None = None


@dataclass(frozen=True)
class Wide:
    """What :func:`plan` needs of a figure, as the wide drawing measured it (inches).

    ``grid`` is the shape of the one grid of single cells every panel stands on (None
    otherwise); ``width_ratios`` its columns' ratios (None: equal); ``constrained``
    whether matplotlib's constrained layout places its panels, ``relayable`` whether it
    can be set to (every panel on the figure's own grid, and no layout engine, or one
    done once for the wide size);
    ``legend`` whether its single plot has a legend placed by the layout, not anchored
    by hand; ``title`` the figure's title ``(text, width)`` or None."""

    size: tuple
    grid: tuple | None
    panels: tuple
    width_ratios: tuple | None = None
    constrained: bool = False
    relayable: bool = False
    legend: bool = False
    title: tuple | None = None


@dataclass(frozen=True)
class Plan:
    """The narrow layout: the figure's ``size`` in inches (before its legend's height),
    the ``columns`` of its reflowed grid (None: as it was), whether matplotlib's
    constrained layout is set (``relay``) and the legend moved below (``legend_below``),
    and the new texts of titles (``titles``: ``{(panel index or None, title index):
    text}``) and ticks (``ticks``: ``{panel index: (positions, labels)}``). A title
    not broken is left to matplotlib to wrap at the figure's edge."""

    size: tuple
    columns: int | None = None
    rows: int | None = None
    relay: bool = False
    legend_below: bool = False
    titles: dict = field(default_factory=dict)
    ticks: dict = field(default_factory=dict)

def reflowed(wide, width):
    """``(columns, rows)`` of the row of panels of ``wide`` laid out again for a figure
    ``width`` inches wide, or None where nothing moves: a grid of several rows, or a row
    that fits."""
    if wide.grid is None or wide.grid[0] > 1:
        return None
    columns = wide.grid[1]
    panel = wide.size[0] / columns
    fit = max(1, min(columns, math.floor(width / min(panel, WIDEST_ROW))))
    if wide.width_ratios is not None and len(set(wide.width_ratios)) > 1 and fit > 1:
        fit = 1  # panels of different widths: one per row, each as wide as the figure
    if fit >= columns:
        return None
    used = sum(panel.cell is not None for panel in wide.panels)
    return fit, math.ceil(used / fit)


def column(wide, panel, width, columns):
    """The width in inches of the column of ``panel`` in a figure ``width`` inches wide
    whose grid has ``columns``: its share of the grid's width ratios (an equal share on
    a reflowed grid, the whole width for a panel placed by hand)."""
    if panel.cell is None:
        return width
    if columns != wide.grid[1] or wide.width_ratios is None:
        return width / columns
    return width * wide.width_ratios[panel.cell[1]] / sum(wide.width_ratios)


def lines(text, room, wide):
    """``text`` broken at its spaces into lines that fit ``room`` inches, drawn ``wide``
    inches on one line; None where it fits or where that would leave a word or two per
    line."""
    longest = max(len(line) for line in text.split("\n"))
    chars = int(longest * 0.92 * room / wide) if wide > 0 else 0
    if chars < 12 or wide <= 0.92 * room:
        return None
    # Never inside a formula ($...$): its spaces held while the lines are filled.
    held = re.sub(r"\$[^$]*\$", lambda m: m[0].replace(" ", _HELD), text)
    return "\n".join(textwrap.fill(line, chars, break_long_words=False,
                                    break_on_hyphens=False)
                      for line in held.split("\n")).replace(_HELD, " ")


def names(labels):
    """Whether tick labels are names (categories: "shifted 3 pixels"), not numbers:
    words in each, a space in one."""
    return any(" " in text for text in labels) and all(
        re.search(r"[A-Za-z]{2}", text) and "$" not in text for text in labels)


def crowded(ticks, plot):
    """Whether two neighbouring labels of ``ticks`` touch in a plot ``plot`` inches wide
    (each keeps its width, its place moves with the plot's)."""
    boxes = sorted((plot * centre - width / 2, plot * centre + width / 2)
                   for centre, width in zip(ticks.centres, ticks.widths) if width > 0)
    return any(a[1] + _GAP > b[0] for a, b in itertools.pairwise(boxes))


def _broken_ticks(ticks, plot):
    """New ``(positions, labels)`` for ``ticks`` in a plot ``plot`` inches wide, or None:
    names wider than their share broken into lines (a name's share of the plot, of
    which ``lines`` fills 0.92: 0.8 of it, a space between); numbers that touch, every
    other one (names are all kept: each stands for its own bar)."""
    if not names(ticks.labels):
        if crowded(ticks, plot):
            return ticks.positions[::2], ticks.labels[::2]
        return None
    share = plot / len(ticks.labels) * 0.8 / 0.92
    broken = [lines(text, share, width) for text, width in zip(ticks.labels, ticks.widths)]
    if not any(broken):
        return None
    return ticks.positions, tuple(new or old for new, old in zip(broken, ticks.labels))


def plan(wide, width):
    """The :class:`Plan` of ``wide`` for a column ``width`` inches wide."""
    reflow = reflowed(wide, width)
    rows, columns = wide.grid or (1, 1)
    new_columns, new_rows = reflow or (columns, rows)
    constrained = wide.constrained or wide.relayable
    panel_width, panel_height = wide.size[0] / columns, wide.size[1] / rows
    height = panel_height * min(1.0, math.sqrt(width / new_columns / panel_width))
    titles, ticks = {}, {}
    if wide.title is not None and wide.title[1] > width:
        titles[None, 0] = lines(wide.title[0], width, wide.title[1])
    for n, panel in enumerate(wide.panels):
        room = column(wide, panel, width, new_columns)
        # A title above the plot, which its tick labels leave narrower than its column
        # (a square image narrower still), is broken to the plot's width, but only where
        # it is wider than its column: there it would run into its neighbour's. One with
        # a formula, wider than the plot: matplotlib would break it inside the formula.
        plot = room * panel.plot_share
        for k, (text, drawn) in enumerate(panel.titles):
            if text and drawn > (plot if "$" in text else room):
                titles[n, k] = lines(text, plot, drawn)
        if panel.ticks is not None and (found := _broken_ticks(panel.ticks, plot)):
            ticks[n] = found
    titles = {where: text for where, text in titles.items() if text is not None}
    return Plan(size=(width, new_rows * height), columns=reflow and reflow[0],
                rows=reflow and reflow[1], relay=wide.relayable,
                legend_below=constrained and wide.legend, titles=titles, ticks=ticks)
