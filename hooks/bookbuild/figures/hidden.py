"""The private attributes of matplotlib that the build touches: here only, each with why
no public way serves. Read:

- A figure's title as its ``Text``: ``Figure.get_suptitle`` gives its string only, and
  the title's size and place must be measured and changed.
- An axes' left and right titles as ``Text``: ``Axes.get_title(loc=...)`` gives strings
  only; the centre one is the public ``Axes.title``.
- Whether a legend was anchored by hand: ``Legend.get_bbox_to_anchor`` gives the axes'
  box when it was not, so the two cannot be told apart.

Written: matplotlib's three caches of unit paths for the process, which it shares
between figures (``Path.unit_rectangle``, ``unit_regular_polygon``,
``unit_regular_star``). ``Axes.bar``, ``axvspan`` and ``axhspan`` change the unit
rectangle (its ``_interpolation_steps`` set to 100 or 180), and every later rectangle and
square or diamond marker carries it; the polygons and stars are held weakly, so whether
two markers of a figure share one path depends on when the cycle collector last ran. A
chain's figure would then be kept as different bytes for the same code, depending on what
ran before it in the process and when; each chain starts with new caches, the polygons'
and stars' held for the chain. No public call resets them.
"""

from matplotlib.path import Path


def suptitle(fig):
    """The figure's title, a ``Text``, or None."""
    return fig._suptitle


def axes_titles(ax):
    """The axes' three titles (centre, left, right), each a ``Text``."""
    return [ax.title, ax._left_title, ax._right_title]


def anchored_by_hand(legend):
    """Whether the legend's author gave it ``bbox_to_anchor``."""
    return legend._bbox_to_anchor is not None


def fresh_unit_paths():
    """New caches of matplotlib's unit paths: the next figures get new ones, and the
    polygons and stars made from now on stay cached until the next call."""
    Path._unit_rectangle = None
    Path._unit_regular_polygons = {}
    Path._unit_regular_stars = {}
