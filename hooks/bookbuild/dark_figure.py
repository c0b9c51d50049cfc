"""The dark-palette version of a drawn figure: the same figure, its greys turned over.

A figure is drawn once, in the book's light style; the site shows it as is in the light
palette and, in the dark one, saved a second time after :func:`recolour`: the background
becomes transparent (the page's slate shows through) and every grey, black and white of
the texts, axes, grid, lines and patches takes the mirrored lightness, so black text
becomes light and a light grid dark. Colours (the Okabe–Ito palette of the lines) and
images (colour maps, photographs) keep theirs: they carry data. Texts written on an image
(a heatmap's values) keep their colours too, chosen for contrast with the cells beneath.
"""

import numpy as np

# Mirrored lightness: black -> 0.93 (the light text of the slate palette), white -> 0.12
# (close to the slate background, hsl(225, 15%, 14%)).
_DARKEST, _LIGHTEST = 0.93, 0.12


def dark_grey(rgba):
    """``rgba`` with its lightness mirrored if it is a grey (black and white included);
    any other colour unchanged."""
    r, g, b, a = rgba
    if max(r, g, b) - min(r, g, b) > 0.02:
        return (r, g, b, a)
    level = _DARKEST + (_LIGHTEST - _DARKEST) * (r + g + b) / 3
    return (level, level, level, a)


def _recolour_array(colours):
    colours = np.asarray(colours)
    if colours.size == 0:
        return colours
    return np.array([dark_grey(tuple(c)) for c in colours])


def _on_an_image(text, renderer, image_axes):
    box = text.get_window_extent(renderer)
    x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return any(ax.bbox.contains(x, y) for ax in image_axes)


def recolour(fig):
    """Turn the greys of ``fig`` over for the dark palette (see the module docstring)."""
    from matplotlib.collections import Collection, QuadMesh
    from matplotlib.colors import to_rgba
    from matplotlib.image import AxesImage
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    from matplotlib.text import Text

    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    image_axes = [ax for ax in fig.axes
                  if ax.images or any(isinstance(c, QuadMesh) for c in ax.collections)]
    backgrounds = {fig.patch, *(ax.patch for ax in fig.axes)}
    for artist in fig.findobj():
        if artist in backgrounds:
            artist.set_facecolor("none")
        elif isinstance(artist, (AxesImage, QuadMesh)):
            continue
        elif isinstance(artist, Text):
            if not _on_an_image(artist, renderer, image_axes):
                artist.set_color(dark_grey(to_rgba(artist.get_color())))
            box = artist.get_bbox_patch()
            if box is not None:
                box.set_facecolor(dark_grey(to_rgba(box.get_facecolor())))
                box.set_edgecolor(dark_grey(to_rgba(box.get_edgecolor())))
        elif isinstance(artist, Line2D):
            artist.set_color(dark_grey(to_rgba(artist.get_color())))
            for get, set_ in ((artist.get_markerfacecolor, artist.set_markerfacecolor),
                              (artist.get_markeredgecolor, artist.set_markeredgecolor)):
                colour = get()
                if not (isinstance(colour, str) and colour == "none"):
                    set_(dark_grey(to_rgba(colour)))
        elif isinstance(artist, Patch):
            artist.set_facecolor(dark_grey(to_rgba(artist.get_facecolor())))
            artist.set_edgecolor(dark_grey(to_rgba(artist.get_edgecolor())))
        elif isinstance(artist, Collection) and artist.get_array() is None:  # not a colour map
            artist.set_facecolor(_recolour_array(artist.get_facecolor()))
            artist.set_edgecolor(_recolour_array(artist.get_edgecolor()))


def both_palettes(fig):
    """``fig`` as deterministic SVG for each palette: ``(light, dark)``, the dark one
    recoloured (:func:`recolour`) on a transparent background. ``fig`` stays recoloured."""
    from nnbook.plotting import svg_bytes

    light = svg_bytes(fig)
    recolour(fig)
    return light, svg_bytes(fig, transparent=True)
