"""Find the texts of a figure that a reader cannot read: piled on each other, cut off, or
too faint for what lies under them.

After a figure is drawn, every visible text (titles, labels, tick labels, legends,
annotations) has a box on the canvas. Two boxes that overlap by more than a sliver are
texts written over each other; a box that leaves the canvas is cut off in the saved
image (unless it is saved with a tight bounding box); a text inside a plot that sticks
out of its frame is crossed by the axis line. In each palette the site shows the figure
in, a text must stand out from what lies under it (``colours``): a contrast of at
least 3:1.
"""

from itertools import combinations

import matplotlib
import numpy as np

from . import colours, hidden

SLIVER = 0.72  # points two boxes may share, for the glyphs' margins: 1 pixel at 100 dpi


def _overlap(a, b):
    """How far two boxes overlap along each axis, in pixels (negative: apart)."""
    return min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)


def _corners(text, box, renderer):
    """The four corners of the text's own rectangle: ``box`` (upright, around it) when
    the text is level or vertical, else its turned rectangle, which has the same centre."""
    angle = np.deg2rad(text.get_rotation())
    if np.isclose(np.sin(2 * angle), 0.0):
        return np.array([[box.x0, box.y0], [box.x1, box.y0], [box.x1, box.y1], [box.x0, box.y1]])
    turned = text.get_rotation()
    text.set_rotation(0)
    flat = text.get_window_extent(renderer)
    text.set_rotation(turned)
    along = np.array([np.cos(angle), np.sin(angle)]) * flat.width / 2
    across = np.array([-np.sin(angle), np.cos(angle)]) * flat.height / 2
    centre = np.array([(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2])
    return np.array([centre - along - across, centre + along - across,
                     centre + along + across, centre - along + across])


def _written_over(a, b, sliver):
    """Whether two rectangles (corners) share more than a sliver: no edge direction of
    either separates them (the separating axis theorem)."""
    for corners in (a, b):
        for edge in (corners[1] - corners[0], corners[3] - corners[0]):
            normal = np.array([-edge[1], edge[0]]) / np.hypot(*edge)
            pa, pb = a @ normal, b @ normal
            if min(pa.max(), pb.max()) - max(pa.min(), pb.min()) <= sliver:
                return False
    return True


def _in_a_plot(text, box):
    """Whether ``text`` is written in a plot area (not a tick label, axis label, title
    or legend, which stand outside or have their own frame)."""
    axes = text.axes
    if axes is None or not axes.axison:  # no frame is drawn
        return False
    legend = axes.get_legend()
    outside = {*hidden.axes_titles(axes), axes.xaxis.label, axes.yaxis.label}
    if legend is not None:
        outside |= {*legend.texts, legend.get_title()}
    ticks = {*axes.get_xticklabels(), *axes.get_yticklabels()}
    return text not in outside and text not in ticks and box.overlaps(axes.bbox)


def _undrawn_tick_labels(fig):
    """The labels of ticks outside their axis's view, and every text of an axis that is
    not drawn (``ax.axis("off")``): they exist but are not drawn."""
    from matplotlib.text import Text

    hidden = set()
    for axes in fig.axes:
        for axis in (axes.xaxis, axes.yaxis):
            if not (axes.axison and axis.get_visible()):
                hidden |= set(axis.findobj(Text))
                continue
            low, high = sorted(axis.get_view_interval())
            span = (high - low) * 1e-9  # a tick on the limit is drawn
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not low - span <= tick.get_loc() <= high + span:
                    hidden |= {tick.label1, tick.label2}
    return hidden


def _faint(texts, palettes, backdrops):
    """A sentence for each of ``texts`` that stands out from what lies under it by less
    than ``colours.MIN_CONTRAST`` in one of ``palettes``, as ``backdrops``
    (``colours.Backdrops``) measured it."""
    drawn = {id(text) for text in backdrops.texts()}
    found = []
    for text in texts:
        if id(text) not in drawn:  # an axis that is not drawn
            continue
        for palette in palettes:
            ratio = backdrops.contrast(text, palette)
            if ratio < colours.MIN_CONTRAST:
                found.append(f"{text.get_text()!r} stands out from what lies under it by "
                             f"{ratio:.1f}:1 in the {palette.name} palette (at least "
                             f"{colours.MIN_CONTRAST:g}:1)")
    return found


def unreadable(fig, renderer, palettes, backdrops):
    """A sentence for each text of ``fig`` that a reader cannot read (see the module
    docstring), measured with the ``renderer`` that has just drawn it (in a
    ``draw_event``: while saving, texts are where the saved file has them): written over
    another, cut off, across a plot's frame, or standing out from what ``backdrops``
    (``colours.Backdrops``) finds under it by less than 3:1 in one of ``palettes``
    (``colours.Palette``). ``draw.py`` calls it in the draw that writes the figure."""
    from matplotlib.text import Text

    sliver = renderer.points_to_pixels(SLIVER)  # in this renderer's pixels
    hidden = _undrawn_tick_labels(fig)
    boxes = [(t, backdrops.box(t)) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip() and t.get_alpha() != 0
             and t not in hidden]
    found = []
    corners = {t: _corners(t, box, renderer) for t, box in boxes}
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        # Upright boxes apart (the usual case): the texts inside them are apart too.
        if min(_overlap(box_a, box_b)) > sliver and _written_over(corners[a], corners[b],
                                                                  sliver):
            found.append(f"{a.get_text()!r} and {b.get_text()!r} are written over each other")
    # A tight bounding box (the book's style) saves whatever lies beyond the canvas.
    canvas = None if matplotlib.rcParams["savefig.bbox"] == "tight" else fig.bbox
    for text, box in boxes:
        if canvas is not None and (box.x0 < canvas.x0 - sliver or box.x1 > canvas.x1 + sliver
                                   or box.y0 < canvas.y0 - sliver
                                   or box.y1 > canvas.y1 + sliver):
            found.append(f"{text.get_text()!r} is cut off by the edge of the figure")
        elif _in_a_plot(text, box):
            frame = text.axes.bbox
            dx, dy = _overlap(box, frame)
            if dx < box.width - sliver or dy < box.height - sliver:
                found.append(f"{text.get_text()!r} sticks out of the frame of its plot")
    return found + _faint([text for text, _ in boxes], palettes, backdrops)
