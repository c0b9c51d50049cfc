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

The dark SVG is then the light one recoloured (``dark.dark_svg``): no second draw. The
chapters' figures (``run/runner.py``) and the labs' (``mkdocs_glue/lab_figures.py``) are
drawn by this one function.
"""

from dataclasses import dataclass, field

from . import colours, dark, greys, svg, text


@dataclass(frozen=True)
class Drawing:
    """A figure drawn for the site, and what was measured in that draw.

    ``svg`` and ``svg_dark`` are its two images (bytes, the same on every build);
    ``texts`` the visible texts (titles, labels, tick labels, annotations), where the
    prose's numbers may be found (``checks/prose_numbers.py``); ``unreadable`` a sentence
    for each text a reader cannot read; ``greys_lost`` the names of the greys (black,
    grey, white) its marks show only in the light palette, which its caption and alt text
    may not name. The cache keeps a drawing field by field (``run/cache.py``).
    """

    svg: bytes
    svg_dark: bytes
    texts: list = field(default_factory=list)
    unreadable: list = field(default_factory=list)
    greys_lost: list = field(default_factory=list)


def draw(fig):
    """``fig`` (a matplotlib ``Figure``) drawn once, in the style active now, as a
    :class:`Drawing`. The figure is left open, its canvas, dpi and colours as they were
    (its artists keep the gids the dark palette gave them). A figure that draws nothing
    (invisible) has nothing measured."""
    from matplotlib.text import Text

    roles = dark.mark(fig)
    measured = {"roles": roles, "unreadable": [], "greys_lost": []}

    def measure(renderer):  # at the end of the one draw
        backdrops = colours.Backdrops(fig, renderer)
        measured["roles"] = dark.decide_texts(backdrops, roles)
        palettes = (colours.LIGHT, dark.palette(measured["roles"]))
        measured["unreadable"] = text.unreadable(fig, renderer, palettes, backdrops)
        measured["greys_lost"] = greys.greys_lost(backdrops.order, palettes)

    light = svg.svg_bytes(fig, when_drawn=measure)
    return Drawing(
        svg=light, svg_dark=dark.dark_svg(light, measured["roles"]),
        texts=[t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text()],
        unreadable=measured["unreadable"], greys_lost=measured["greys_lost"])
