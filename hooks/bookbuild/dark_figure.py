"""The dark-palette version of a drawn figure: the same figure, its greys turned over.

A figure is drawn once, in the book's light style; the site shows it as is in the light
palette and, in the dark one, with its colours changed in the light SVG (drawing it again
would cost as much as the first drawing): the background becomes transparent (the page's
slate shows through) and every grey, black and white of the texts, axes, grid, lines and
patches takes the mirrored lightness, so black text becomes light and a light grid dark.
Colours (the Okabe–Ito palette of the lines) and images (colour maps, photographs) keep
theirs: they carry data. Texts written on an image (a heatmap's values) keep their
colours too, chosen for contrast with the cells beneath.

Before the light SVG is written, the artists that are not simply turned over get a
``gid``, which matplotlib writes as the ``id`` of the SVG group that holds them: the
backgrounds, what keeps its colours, and the texts that may lie on an image (decided once
the figure is drawn). Every other colour of the file is turned over.
"""

import re

# Mirrored lightness: black -> 0.93 (the light text of the slate palette), white -> 0.12
# (close to the slate background, hsl(225, 15%, 14%)).
_DARKEST, _LIGHTEST = 0.93, 0.12
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


def _on_an_image(text, renderer, image_axes):
    box = text.get_window_extent(renderer)
    x, y = (box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2
    return any(ax.bbox.contains(x, y) for ax in image_axes)


def _image_axes(fig):
    from matplotlib.collections import QuadMesh

    return [ax for ax in fig.axes
            if ax.images or any(isinstance(c, QuadMesh) for c in ax.collections)]


def _mark(fig):
    """Give a gid to each artist the dark palette treats apart; return ``{gid: role}``
    with the roles "background", "keep", "mirror", "text" (decided after drawing) and
    ``("like", gid)`` for a text's box and an annotation's arrow."""
    from matplotlib.collections import Collection
    from matplotlib.image import AxesImage
    from matplotlib.text import Text

    roles = {}

    def mark(artist, role):
        if artist.get_gid() is None:
            artist.set_gid(f"{_GID}{len(roles)}")
        roles[artist.get_gid()] = role

    has_images = bool(_image_axes(fig))
    backgrounds = {fig.patch, *(ax.patch for ax in fig.axes)}
    for artist in fig.findobj():
        if artist in backgrounds:
            mark(artist, "background")
        elif isinstance(artist, AxesImage) or (isinstance(artist, Collection)
                                               and artist.get_array() is not None):
            mark(artist, "keep")  # a colour map: its colours are data
        elif isinstance(artist, Text) and has_images:
            mark(artist, "text")
            # A text's box and an annotation's arrow go with the text: a box on an image
            # keeps the contrast it gives its text.
            for part in (artist.get_bbox_patch(), getattr(artist, "arrow_patch", None)):
                if part is not None:
                    mark(part, ("like", artist.get_gid()))
    return roles


def _decide_texts(fig, roles, renderer):
    """``{gid: role}`` with each "text" role decided, "keep" for a text on an image,
    else "mirror", as ``renderer`` has just drawn ``fig``."""
    from matplotlib.text import Text

    decided = dict(roles)
    image_axes = _image_axes(fig)
    for text in fig.findobj(Text):
        if roles.get(text.get_gid()) == "text":
            decided[text.get_gid()] = ("keep" if _on_an_image(text, renderer, image_axes)
                                       else "mirror")
    for gid, role in roles.items():
        if isinstance(role, tuple):  # ("like", the gid of a text)
            decided[gid] = decided[role[1]]
    return decided


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
    of its marked groups (see :func:`_mark`); what a group holds takes its role."""
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


def both_palettes(fig, when_drawn=None):
    """``fig`` as deterministic SVG for each palette: ``(light, dark)``, the dark one
    recoloured (see the module docstring) on a transparent background.

    Where a text lies is measured in the one draw of the light SVG (``svg_bytes``), with
    its renderer; ``when_drawn(renderer)``, if given, is called there too."""
    from nnbook.plotting import svg_bytes

    marked = _mark(fig)
    seen = {}

    def drawn(renderer):
        seen["roles"] = _decide_texts(fig, marked, renderer)
        if when_drawn is not None:
            when_drawn(renderer)

    light = svg_bytes(fig, when_drawn=drawn)
    return light, dark_svg(light, seen.get("roles", marked))  # no draw: nothing shown
