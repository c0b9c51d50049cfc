"""The one seam between a figure and the build: draw it once, measure it once.

:func:`draw` takes the matplotlib figure a block leaves open and returns a
:class:`Drawing`: the figure as the site shows it in both palettes, and what the checks
need to know of it. Everything is measured in the one draw that writes the light SVG
(``svg.py``), at its end, when every text is where the file has it:

1. what lies under each text (``colours.Backdrops``);
2. which texts keep their colours in the dark palette, where turned over they would not
   stand out (``dark.decide_texts``), hence the dark palette itself;
3. the texts that cannot be read in either palette (``text.unreadable``) and the greys
   that only the light palette shows (``greys.greys_lost``).

The dark SVG is then the light one recoloured (``dark.dark_svg``): no second draw. A
figure whose text a phone's column would shrink below legibility is then laid out for
a phone's column as planned from the wide drawing (``plan.py``, ``narrow.py``) and
drawn and measured once more the same way; it is kept only if every text of it reads. The chapters' figures (``run/runner.py``, which keeps
each as computed and has it drawn by :func:`draw_pickled`) and the labs'
(``mkdocs_glue/lab_figures.py``) are drawn by this one function, in the book's style
(:func:`book_style`).
"""

import contextlib
import pickle
import warnings
from dataclasses import dataclass, field

from . import colours, dark, greys, narrow, plan, svg, text


@dataclass(frozen=True)
class Drawing:
    """A figure drawn for the site, and what was measured in that draw.

    ``svg`` and ``svg_dark`` are its two images (bytes, the same on every build);
    ``texts`` the visible texts (titles, labels, tick labels, annotations), where the
    prose's numbers may be found (``checks/prose_numbers.py``); ``unreadable`` a sentence
    for each text a reader cannot read; ``greys_lost`` the names of the greys (black,
    grey, white) its marks show only in the light palette, which its caption and alt text
    may not name. ``narrow`` and ``narrow_dark`` are the figure drawn again for a
    phone's column (``narrow.py``), or None where the wide one reads there or no
    narrower drawing reads better; ``restacked`` whether that drawing lays out in fewer
    columns panels that stand side by side (then a caption's "left" is not left on a
    phone). The cache keeps a drawing field by field
    (``run/cache.py``).
    """

    svg: bytes
    svg_dark: bytes
    narrow: bytes | None = None
    narrow_dark: bytes | None = None
    texts: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)
    greys_lost: list = field(default_factory=list)
    restacked: bool = False


def _drawn(fig):
    """``fig`` drawn once: its light SVG, dark SVG and what was measured in the draw."""
    roles = dark.mark(fig)
    measured = {"roles": roles, "unreadable": [], "greys_lost": []}

    def measure(renderer):  # at the end of the one draw
        backdrops = colours.Backdrops(fig, renderer)
        measured["roles"] = dark.decide_texts(backdrops, roles)
        palettes = (colours.LIGHT, dark.palette(measured["roles"]))
        measured["unreadable"] = text.unreadable(fig, renderer, palettes, backdrops)
        measured["greys_lost"] = greys.greys_lost(backdrops.order, palettes)

    light = svg.svg_bytes(fig, when_drawn=measure)
    return light, dark.dark_svg(light, measured["roles"]), measured


def narrowed(fig, wide, fresh=None):
    """``fig``, drawn wide as ``wide`` (its light SVG), laid out and drawn for a phone's
    column at the first of ``narrow.WIDTHS`` where every text reads, its smallest is
    larger in the column than the wide drawing's, and matplotlib lays it out without a
    warning (panels too small for their labels): ``(figure, plan, light SVG, dark
    SVG)``; None when the wide one reads there or none does better. The first width's
    plan is applied to ``fig`` itself, each later one to a new copy of the wide figure
    (``fresh()``, by default from ``fig`` pickled before the first)."""
    if not narrow.wanted(wide):
        return None
    described = narrow.describe(fig)
    if fresh is None:
        import cloudpickle

        kept = cloudpickle.dumps(fig)
        fresh = lambda: pickle.loads(kept)  # the wide figure, anew
    for n, column in enumerate(narrow.WIDTHS):
        planned = plan.plan(described, column / narrow.PX_PER_INCH)
        target = fresh() if n else fig
        dark.unmark(target)  # its artists (new tick labels too) are marked anew
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            try:
                narrow.apply(target, planned)
                light, light_dark, measured = _drawn(target)
            except ArithmeticError:  # a layout matplotlib cannot make at this width
                measured = None  # (a grid with a row of no height)
        if (measured is not None and not warned and not measured["unreadable"]
                and narrow.column_text(light) > narrow.column_text(wide)):
            return target, planned, light, light_dark
    return None


def draw(fig, fresh=None):
    """``fig`` (a matplotlib ``Figure``) drawn once, in the style active now, as a
    :class:`Drawing`, and again for a phone's column where it is wide
    (:func:`narrowed`, which may narrow ``fig`` itself and takes a new copy of the
    wide figure from ``fresh()`` where it needs one). The figure is left open, its
    canvas, dpi and colours as they were. A figure that draws nothing (invisible) has
    nothing measured."""
    from matplotlib.text import Text

    light, light_dark, measured = _drawn(fig)
    texts = [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()]
    found = narrowed(fig, light, fresh)
    return Drawing(
        svg=light, svg_dark=light_dark, narrow=found and found[2],
        narrow_dark=found and found[3], texts=texts,
        unreadable=measured["unreadable"], greys_lost=measured["greys_lost"],
        restacked=found is not None and found[1].columns is not None)


@contextlib.contextmanager
def book_style():
    """Agg backend, the book's style (``nnbook.plotting``), and a ``plt.show()`` that
    leaves the figure open: where a chain computes its figures, and where they are
    drawn."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from nnbook.plotting import style

    show = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        with matplotlib.rc_context(style()):
            yield plt
    finally:
        plt.show = show
        plt.close("all")


def draw_pickled(figure):
    """The figure a chain left, kept as bytes (``run/runner.py``), as a :class:`Drawing`."""
    with book_style():
        return draw(pickle.loads(figure), fresh=lambda: pickle.loads(figure))
