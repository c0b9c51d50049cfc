"""The dark-palette version of a drawn figure: the same figure, its greys turned over.

A figure is drawn once, in the book's light style; the site shows it as is in the light
palette and, in the dark one, with its colours changed in the light SVG (drawing it again
would cost as much as the first drawing): the background becomes transparent (the page's
slate shows through) and every grey, black and white of the texts, axes, grid, lines and
patches takes the mirrored lightness, so black text becomes light and a light grid dark.
Colours (the Okabe–Ito palette of the lines) and images (colour maps, photographs) keep
theirs: they carry data. A text keeps its colours where turned over it would not stand
out from what lies under it and kept it does better: a heatmap's values, chosen for
contrast with the cells beneath, or a dark text on a pale coloured patch (a highlighted
cell or box, whose colour is kept), where a light text would vanish.

Before the light SVG is written, the artists that are not simply turned over get a
``gid``, which matplotlib writes as the ``id`` of the SVG group that holds them: the
backgrounds, what keeps its colours, and the texts (each decided once the figure is
drawn, by ``colours``). Every other colour of the file is turned over. ``draw.py`` calls
:func:`mark` before the one draw, :func:`decide_texts` in it, and :func:`dark_svg` after.
"""

import re

from . import colours

# Mirrored lightness: black -> 0.93 (the light text of the slate palette), white -> 0.12
# (close to the slate background, hsl(225, 15%, 14%)).
_DARKEST, _LIGHTEST = 0.93, 0.12
SLATE = (0.119, 0.1295, 0.161)  # the dark page behind a figure, hsl(225, 15%, 14%)
_GID = "dark-figure-"  # the prefix of the gids given here
_TAG = re.compile(r"<(/?)(\w+)\b([^>]*)>")  # matplotlib's SVG has no ">" in attributes
_ID = re.compile(r'\bid="([^"]*)"')
_STYLE = re.compile(r'\bstyle="([^"]*)"')
_COLOUR = re.compile(r"\b(fill|stroke): (#[0-9a-f]{6})")


def dark_grey(rgba):
    """``rgba`` with its lightness mirrored if it is a grey (black and white included);
    any other colour unchanged."""
    r, g, b, a = rgba
    if max(r, g, b) - min(r, g, b) > 0.02:
        return (r, g, b, a)
    level = _DARKEST + (_LIGHTEST - _DARKEST) * (r + g + b) / 3
    return (level, level, level, a)


def _dark_hex(colour):
    from matplotlib.colors import rgb2hex, to_rgba

    return rgb2hex(dark_grey(to_rgba(colour)))


def mark(fig):
    """Give a gid to each artist the dark palette treats apart; return ``{gid: role}``
    with the roles "background", "keep", and "text" for a text, its box and an
    annotation's arrow (decided after drawing)."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.text import Text

    roles = {}

    def mark(artist, role):
        if artist.get_gid() is None:
            artist.set_gid(f"{_GID}{len(roles)}")
        roles[artist.get_gid()] = role

    backgrounds = {fig.patch, *(ax.patch for ax in fig.axes)}
    for artist in fig.findobj():
        if artist in backgrounds:
            mark(artist, "background")
        elif isinstance(artist, AxesImage) or (isinstance(artist, Collection)
                                               and artist.get_array() is not None):
            mark(artist, "keep")  # a colour map: its colours are data
        elif isinstance(artist, Text):
            arrow = getattr(artist, "arrow_patch", None)
            for part in (artist, artist.get_bbox_patch(), arrow):
                if part is not None:
                    mark(part, "text")
    return roles


def unmark(fig):
    """Take back the gids :func:`mark` gave, to mark ``fig`` anew once it has changed."""
    for artist in fig.findobj():
        if (artist.get_gid() or "").startswith(_GID):
            artist.set_gid(None)


def palette(roles):
    """The dark palette as ``colours`` measures it, by the ``roles`` of the
    marked artists (see :func:`mark`); an artist without one is turned over."""
    def shown(artist, rgba):
        role = roles.get(artist.get_gid(), "mirror")
        if role == "background":
            return (*rgba[:3], 0.0)
        return tuple(rgba) if role == "keep" else dark_grey(rgba)

    return colours.Palette("dark", SLATE, shown)


def decide_texts(backdrops, roles):
    """``{gid: role}`` with each "text" role decided, "keep" or "mirror", on the figure
    as ``backdrops`` (``colours.Backdrops``) measured it. A text (with its box,
    which keeps the contrast it gives the text) or an annotation's arrow is turned over
    like the rest of the figure, unless it would then stand out from what lies under it
    by less than ``colours.MIN_CONTRAST`` and keeping its colours does better."""
    decided = dict(roles)
    dark = palette(decided)

    def best(artist, gids, owner=None):
        decided.update(dict.fromkeys(gids, "mirror"))
        mirrored = backdrops.contrast(artist, dark, owner)
        if mirrored < colours.MIN_CONTRAST:
            decided.update(dict.fromkeys(gids, "keep"))
            if backdrops.contrast(artist, dark, owner) <= mirrored:
                decided.update(dict.fromkeys(gids, "mirror"))

    # In drawing order: a text may lie on the box of a text decided before it.
    for text in backdrops.texts():
        if roles.get(text.get_gid()) == "text":
            box, arrow = text.get_bbox_patch(), getattr(text, "arrow_patch", None)
            best(text, [text.get_gid()] + ([box.get_gid()] if box is not None else []))
            if arrow is not None:
                best(arrow, [arrow.get_gid()], owner=text)
    return {gid: "mirror" if role == "text" else role  # not drawn
            for gid, role in decided.items()}


def _dark_style(style, role):
    if role == "background":
        return re.sub(r"\bfill: #[0-9a-f]{6}", "fill: none", style)
    return _COLOUR.sub(lambda m: f"{m[1]}: {_dark_hex(m[2])}", style)


def _with_fill(attributes, fill):
    """The attributes of a tag with ``fill`` as the default its content inherits."""
    style = _STYLE.search(attributes)
    if style is None:
        return f'{attributes} style="fill: {fill}"'
    if re.search(r"(^|;\s*)fill:", style[1]):
        return attributes
    return attributes.replace(style[0], f'style="fill: {fill}; {style[1]}"')


def dark_svg(svg, roles):
    """The light SVG ``svg`` (bytes) recoloured for the dark palette, by the ``roles``
    of its marked groups (see :func:`mark`); what a group holds takes its role."""
    stack = ["mirror"]  # the role of each open group
    # matplotlib leaves a black fill out (SVG's default), so the dark default fill is
    # given to the whole figure, and black back to a group that keeps its colours.
    default_fill = {"mirror": _dark_hex("black"), "keep": "#000000"}

    def recolour_tag(match):
        closing, tag, attributes = match[1], match[2], match[3]
        if closing or tag not in ("svg", "g") or attributes.rstrip().endswith("/"):
            if closing and tag == "g":
                stack.pop()
            if closing or stack[-1] == "keep":
                return match[0]
            return "<" + tag + _STYLE.sub(lambda m: f'style="{_dark_style(m[1], stack[-1])}"',
                                          attributes) + ">"
        gid = _ID.search(attributes) if tag == "g" else None
        role = roles.get(gid[1], stack[-1]) if gid else stack[-1]
        if tag == "g":
            stack.append(role)
        if role != "keep":
            attributes = _STYLE.sub(lambda m: f'style="{_dark_style(m[1], role)}"', attributes)
        if role in default_fill and (tag == "svg" or role != stack[-2]):
            attributes = _with_fill(attributes, default_fill[role])
        return f"<{tag}{attributes}>"

    return _TAG.sub(recolour_tag, svg.decode("utf-8")).encode("utf-8")

