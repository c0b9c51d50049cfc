"""The private attributes of matplotlib that the build touches: here only, each with why
no public way serves. Read:

- A figure's title as its ``Text``: ``Figure.get_suptitle`` gives its string only, and
  the title's size and place must be measured and changed.
- An axes' left and right titles as ``Text``: ``Axes.get_title(loc=...)`` gives strings
  only; the centre one is the public ``Axes.title``.
- Whether a legend was anchored by hand: ``Legend.get_bbox_to_anchor`` gives the axes'
  box when it was not, so the two cannot be told apart.

None is written.
"""


def suptitle(fig):
    """The figure's title, a ``Text``, or None."""
    return fig._suptitle


def axes_titles(ax):
    """The axes' three titles (centre, left, right), each a ``Text``."""
    return [ax.title, ax._left_title, ax._right_title]


def anchored_by_hand(legend):
    """Whether the legend's author gave it ``bbox_to_anchor``."""
    return legend._bbox_to_anchor is not None

