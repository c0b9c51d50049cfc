"""What a reader sees of a drawn figure in each palette: what lies under each text, and
how well the text stands out from it.

The site shows each figure in two palettes (``dark.py``). A :class:`Palette` says
how one shows it: the page behind the figure, and the colour it gives each artist drawn
in the book's light style. What lies under a text is the stack of filled artists drawn
before it under its centre (a patch, a cell of a mesh, a pixel of an image, the text's
own box), laid over the page in the order matplotlib draws them: its backdrop
(:class:`Backdrops`). A text's contrast with its backdrop is WCAG 2's.
"""

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np

# WCAG 2's least contrast for large text and for the parts of a graphic (1.4.3, 1.4.11).
# Figure texts are labels of a graphic, which the reader can enlarge (a tap opens the
# figure full size); the 4.5:1 of body text would flag a dark blue label on white.
MIN_CONTRAST = 3.0


def _as_drawn(artist, rgba):
    return tuple(rgba)


@dataclass(frozen=True)
class Palette:
    """How the site shows a figure: ``page``, the RGB behind its transparent parts, and
    ``shown(artist, rgba)``, the RGBA the palette paints with where ``artist`` is drawn
    with ``rgba``."""

    name: str
    page: tuple
    shown: object = _as_drawn


LIGHT = Palette("light", (1.0, 1.0, 1.0))


def luminance(rgb):
    """WCAG 2's relative luminance of sRGB colours (the last axis: R, G, B[, A])."""
    c = np.asarray(rgb, dtype=float)[..., :3]
    c = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    return c @ np.array([0.2126, 0.7152, 0.0722])


def contrast(a, b):
    """WCAG 2's contrast ratio of two opaque colours, from 1 to 21."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def over(rgb, rgba):
    """The opaque colour of ``rgba`` painted over ``rgb``."""
    alpha = rgba[3]
    return tuple(alpha * np.asarray(rgba[:3], float) + (1 - alpha) * np.asarray(rgb[:3]))


def drawing_order(fig):
    """The artists of ``fig`` that are drawn, in the order matplotlib draws them: a
    figure's, an axes' or a legend's background first, then the children by zorder (a
    stable sort); a hidden axes (``axis("off")``) draws neither frame nor axis."""
    from matplotlib.axes import Axes
    from matplotlib.axis import Axis
    from matplotlib.legend import Legend
    from matplotlib.spines import Spine

    order = []

    def walk(artist):
        order.append(artist)
        children = [c for c in artist.get_children() if c.get_visible()]
        if isinstance(artist, Axes) and not artist.axison:
            children = [c for c in children if not isinstance(c, (Axis, Spine))
                        and c is not artist.patch]
        background = (artist.legendPatch if isinstance(artist, Legend)
                      else getattr(artist, "patch", None))
        if any(c is background for c in children):
            children.remove(background)
            if getattr(artist, "get_frame_on", lambda: True)():  # no frame: not drawn
                order.append(background)
        for child in sorted(children, key=lambda c: c.get_zorder()):
            walk(child)

    walk(fig)
    return order


def _fills(artist):
    """Whether ``artist`` paints an area (a text may lie on it)."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.patches import Patch

    if isinstance(artist, Patch):
        return artist.get_fill() and artist.get_facecolor()[3] > 0
    if isinstance(artist, Collection):
        faces = artist.get_facecolor()
        return len(faces) > 0 and np.max(faces[:, 3]) > 0
    return isinstance(artist, AxesImage)


def _paint_at(artist, x, y):
    """The RGBA that a filled ``artist`` paints at the canvas pixel (x, y), or None."""
    from matplotlib.collections import Collection
    from matplotlib.patches import Patch

    clip = artist.get_clip_box()
    if artist.get_clip_on() and clip is not None and not clip.contains(x, y):
        return None
    point = SimpleNamespace(x=x, y=y)  # what contains() and get_cursor_data() read
    if isinstance(artist, Patch):
        return artist.get_facecolor() if artist.contains_point((x, y), radius=0) else None
    if isinstance(artist, Collection):
        radius = artist.get_pickradius()
        artist.set_pickradius(0)  # inside a path, not within a few points of it
        try:
            inside, found = artist.contains(point)
        finally:
            artist.set_pickradius(radius)
        faces = artist.get_facecolor()
        return tuple(faces[found["ind"][-1] % len(faces)]) if inside else None
    value = artist.get_cursor_data(point)  # an image's pixel
    if value is None or np.ma.is_masked(value):
        return None
    if np.ndim(value):  # an RGB(A) image: its own colours
        value = np.asarray(value, dtype=float) / (255 if value.dtype.kind in "ui" else 1)
        rgba = (*value[:3], value[3] if len(value) > 3 else 1.0)
    else:
        rgba = artist.to_rgba(value)  # through its norm and colour map
    alpha = artist.get_alpha()
    return rgba if alpha is None else (*rgba[:3], rgba[3] * alpha)


class Backdrops:
    """What lies under each text of ``fig``, as ``renderer`` has just drawn it (in a
    ``draw_event``: artists are where the saved file has them)."""

    def __init__(self, fig, renderer):
        self.renderer = renderer
        self.order = drawing_order(fig)
        self._place = {id(artist): i for i, artist in enumerate(self.order)}
        self._boxes, self._layers = {}, {}  # id(text) -> its box, its layers: measured once
        self._filled = []
        for i, artist in enumerate(self.order):
            if _fills(artist):
                try:
                    extent = artist.get_window_extent(renderer)
                except (AttributeError, TypeError, ValueError):  # no extent: test each text
                    extent = None
                self._filled.append((i, artist, extent))

    def box(self, text):
        """The window extent of ``text``."""
        if id(text) not in self._boxes:
            self._boxes[id(text)] = text.get_window_extent(self.renderer)
        return self._boxes[id(text)]

    def layers(self, artist, owner=None):
        """``[(artist, rgba), ...]``: the filled artists under the centre of ``artist``
        (a text's box, or the middle of an annotation's arrow, drawn with its ``owner``),
        the lowest first, with the colour each paints there in the light style."""
        from matplotlib.text import Annotation, Text

        if id(artist) in self._layers:
            return self._layers[id(artist)]
        if isinstance(artist, Text):  # an annotation's own extent holds its arrow
            box = (Text.get_window_extent(artist, self.renderer)
                   if isinstance(artist, Annotation) else self.box(artist))
            x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
        else:
            x, y = np.mean(artist.get_transform().transform(artist.get_path().vertices),
                           axis=0)
        before = self._place.get(id(owner or artist), len(self.order))
        found = []
        for i, under, extent in self._filled:
            if i < before and (extent is None or extent.contains(x, y)):
                rgba = _paint_at(under, x, y)
                if rgba is not None:
                    found.append((under, rgba))
        patch = artist.get_bbox_patch() if isinstance(artist, Text) else None
        if patch is not None and _fills(patch):  # drawn with the text, right under it
            found.append((patch, patch.get_facecolor()))
        self._layers[id(artist)] = found
        return found

    def contrast(self, artist, palette, owner=None):
        """The contrast of a text's colour, or an arrow's (see :meth:`layers`), with what
        lies under it in ``palette``."""
        from matplotlib.colors import to_rgba
        from matplotlib.text import Text

        backdrop = palette.page
        for under, rgba in self.layers(artist, owner):
            backdrop = over(backdrop, palette.shown(under, rgba))
        colour = (to_rgba(artist.get_color(), artist.get_alpha())
                  if isinstance(artist, Text) else artist.get_edgecolor())
        return contrast(over(backdrop, palette.shown(artist, colour)), backdrop)

    def texts(self):
        """The texts that are drawn, in the order they are."""
        from matplotlib.text import Text

        return [a for a in self.order if isinstance(a, Text)]
