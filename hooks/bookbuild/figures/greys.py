"""Which greys a figure shows only in the light palette: what its caption may not name.

The dark palette turns the greys of a figure over (``dark.py``): a black curve
becomes light, a white patch dark. A caption or alt text that says "the thick black
curve" then describes what only the light palette shows. :func:`greys_lost` finds, in the
draw that writes the figure, the greys (black, grey, white) that one of its marks shows
in the light palette and not in the dark one; the build fails when the figure's caption
or alt text names one of them (``checks/report.greys_named``).
"""

import numpy as np

GREYS = ("black", "grey", "white")  # the names of colours that a palette may turn over


def grey_names(rgba):
    """The name in :data:`GREYS` of each colour of ``rgba`` (N×4) that is a grey, black
    and white included, else ``None``; fully transparent colours have none."""
    rgba = np.atleast_2d(np.asarray(rgba, dtype=float))
    level = rgba[:, :3].mean(axis=1)
    # What a reader calls grey: a little wider than the exact greys the dark palette
    # turns over (dark.dark_grey), so a near-white cell of a colour map is white.
    grey = (np.ptp(rgba[:, :3], axis=1) <= 0.06) & (rgba[:, 3] > 0)
    names = np.where(level <= 0.2, "black", np.where(level >= 0.9, "white", "grey"))
    return [name if is_grey else None for name, is_grey in zip(names, grey)]


def _paints(artist):
    """The RGBA colours (N×4) that ``artist`` draws with: its faces, edges, line and
    markers, or a sample of an image's pixels."""
    from matplotlib.collections import Collection
    from matplotlib.colors import to_rgba
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    colours = []
    if isinstance(artist, Patch):
        colours = [artist.get_facecolor()] if artist.get_fill() else []
        colours += [artist.get_edgecolor()] if artist.get_linewidth() > 0 else []
    elif isinstance(artist, Line2D):
        alpha = artist.get_alpha()
        if artist.get_linestyle() not in ("None", "none", "", " ") and artist.get_linewidth():
            colours.append(to_rgba(artist.get_color(), alpha))
        if artist.get_marker() not in (None, "None", "none", "", " "):
            colours += [to_rgba(artist.get_markerfacecolor(), alpha),
                        to_rgba(artist.get_markeredgecolor(), alpha)]
    elif isinstance(artist, Collection):
        colours = list(artist.get_facecolor())
        if np.max(artist.get_linewidth(), initial=0) > 0:
            colours += list(artist.get_edgecolor())
    elif isinstance(artist, AxesImage):
        data = artist.get_array()
        step = max(1, int(np.sqrt(data.shape[0] * data.shape[1] / 4096)))
        colours = list(np.asarray(artist.to_rgba(data[::step, ::step])).reshape(-1, 4))
    return np.unique(np.asarray(colours, dtype=float).reshape(-1, 4), axis=0)


def _decorations(order):
    """The ids of what frames the plots of a figure, not its data: backgrounds, spines,
    axes with their ticks, grid lines and tick labels."""
    from matplotlib.axis import Axis
    from matplotlib.spines import Spine

    found = set()
    for artist in order:
        if isinstance(artist, (Axis, Spine)):
            found |= {id(part) for part in artist.findobj()}
        for name in ("patch", "legendPatch"):
            found.add(id(getattr(artist, name, None)))
    return found


def greys_lost(order, palettes):
    """The names of :data:`GREYS` that a mark of a figure (one of its artists, in
    drawing ``order``, not a text nor what frames the plots, but an annotation's arrow)
    shows in the first of ``palettes`` and not in another: a caption that names that
    grey describes the first palette only."""
    from matplotlib.text import Text

    lost, decorations = set(), _decorations(order)
    for artist in order:
        if isinstance(artist, Text):
            artist = getattr(artist, "arrow_patch", None)
        if artist is None or id(artist) in decorations:
            continue
        colours = _paints(artist)
        if len(colours):
            names = [{n for n in grey_names([p.shown(artist, c) for c in colours]) if n}
                     for p in palettes]
            lost |= names[0] - set.intersection(*names)
    return [name for name in GREYS if name in lost]
