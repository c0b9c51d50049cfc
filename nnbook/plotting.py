"""The book's figure style and deterministic SVG output.

Figures are drawn in this light style; the book's site also shows each one, in its dark
palette, with the greys turned over and a transparent background. Colours come from a palette that stays distinct
for readers with the common colour-vision deficiencies (Okabe–Ito).

matplotlib is an optional dependency (``pip install nnbook[plot]``): it is imported only
when these functions are called.
"""

import io
import math

from ._checks import check_bool

# Okabe & Ito (2008), "Color Universal Design": distinguishable with deuteranopia and
# protanopia, and dark enough for lines on white.
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
"""The colours of the lines, in the order they are drawn (blue, vermilion, green, ...)."""

STYLE = {
    "figure.figsize": (6.4, 3.6),
    "figure.dpi": 100,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "axes.edgecolor": "#333333",
    "axes.labelcolor": "#1a1a1a",
    "axes.titlesize": 11,
    "axes.labelsize": 10,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": None,  # filled in by use_style (needs matplotlib's cycler)
    "xtick.color": "#333333",
    "ytick.color": "#333333",
    "xtick.labelsize": 9,
    "ytick.labelsize": 9,
    "legend.fontsize": 9,
    "legend.frameon": False,
    "lines.linewidth": 2.0,
    "font.family": "DejaVu Sans",  # ships with matplotlib: same glyphs on every machine
    "image.cmap": "viridis",
    "savefig.bbox": "tight",
    "savefig.facecolor": "white",
    # Deterministic SVG: fixed ids and no creation date, so two builds are byte-identical.
    "svg.hashsalt": "nnbook",
    "svg.fonttype": "path",
}


def style():
    """Return the book's rcParams as a dict (for ``matplotlib.rc_context``)."""
    from cycler import cycler

    params = dict(STYLE)
    params["axes.prop_cycle"] = cycler(color=PALETTE)
    return params


def use_style():
    """Apply the book's figure style to matplotlib, so your figures look like the book's."""
    import matplotlib

    matplotlib.rcParams.update(style())


def svg_bytes(fig, transparent=False, bbox_inches=None, *, when_drawn=None):
    """Return ``fig`` as SVG bytes that are identical from one run to the next.

    matplotlib writes a creation date into the metadata and random ids into the file
    unless told otherwise; both are fixed here. ``transparent=True`` leaves out the
    figure's own background, around the axes; the axes keep theirs (white in the book's
    style) unless set to ``'none'``, e.g. ``ax.set_facecolor('none')``. ``bbox_inches``:
    the part of the figure saved, as in ``savefig``: ``"tight"`` (cropped to what is
    drawn, with ``savefig.pad_inches`` around it), ``"standard"`` (the whole figure) or
    a ``Bbox`` in inches; by default ``savefig.bbox``, ``"tight"`` in the book's style.

    The figure is drawn once, whole, and cropped by the SVG's size and ``viewBox``
    (``savefig`` draws it twice to crop it: to measure, then to write).
    ``when_drawn(renderer)``, if given, is called at the end of that draw, when every
    text is where the file has it.
    """
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure
    from matplotlib.transforms import BboxBase

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    if when_drawn is not None and not callable(when_drawn):
        raise TypeError(f"when_drawn must be callable or None, got "
                        f"{type(when_drawn).__name__}")
    transparent = check_bool(transparent, "transparent")
    rc = matplotlib.rcParams
    if bbox_inches is None:
        bbox_inches = rc["savefig.bbox"] or "standard"  # matplotlib stores "standard" as None
    if isinstance(bbox_inches, str):
        if bbox_inches not in ("tight", "standard"):
            raise ValueError(f"bbox_inches must be 'tight', 'standard' or a Bbox, got "
                             f"{bbox_inches!r}")
    elif not isinstance(bbox_inches, BboxBase):
        raise TypeError(f"bbox_inches must be 'tight', 'standard' or a Bbox, got "
                        f"{type(bbox_inches).__name__}")
    elif not (all(math.isfinite(float(v) * 72) for v in bbox_inches.bounds)
              and float(min(bbox_inches.width, bbox_inches.height)) * 72 >= 1e-6):
        # The SVG's width, height and viewBox, in points to 6 decimals: a part of the
        # figure with an area.
        raise ValueError(f"bbox_inches must have a finite width and height of at least "
                         f"1e-6 points, got bounds {tuple(map(float, bbox_inches.bounds))}")
    tight = bbox_inches == "tight"
    crop = {"box": None if isinstance(bbox_inches, str) else bbox_inches}

    def drawn(event):  # the crop, and the caller's measures, where the draw put everything
        if tight:
            crop["box"] = fig.get_tightbbox(event.renderer).padded(rc["savefig.pad_inches"])
        if when_drawn is not None:
            when_drawn(event.renderer)

    colours = {"facecolor": "none" if transparent else rc["savefig.facecolor"],
               "edgecolor": rc["savefig.edgecolor"]}
    kept = {"facecolor": fig.get_facecolor(), "edgecolor": fig.get_edgecolor()}
    canvas, dpi = fig.canvas, fig.dpi
    callback = fig.canvas.mpl_connect("draw_event", drawn)
    buffer = io.BytesIO()
    try:
        for name, colour in colours.items():
            if not (isinstance(colour, str) and colour == "auto"):
                getattr(fig, f"set_{name}")(colour)
        with matplotlib.rc_context({"svg.hashsalt": "nnbook"}):
            FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None})
    finally:
        fig.set_canvas(canvas)  # print_svg drew on an SVG canvas, at 72 dpi
        fig.dpi = dpi
        fig.canvas.mpl_disconnect(callback)
        fig.set_facecolor(kept["facecolor"])
        fig.set_edgecolor(kept["edgecolor"])
    svg = buffer.getvalue()
    return svg if crop["box"] is None else _cropped(svg, crop["box"], fig.get_size_inches()[1])


def _cropped(svg, box, height):
    """The SVG of a whole figure ``height`` inches high, cropped to ``box`` (inches from
    the figure's lower left corner) by its size and viewBox: matplotlib's SVG units are
    points, measured down from the top."""
    import re

    def points(value):  # as matplotlib writes numbers
        return f"{value * 72:f}".rstrip("0").rstrip(".")

    view = (f'width="{points(box.width)}pt" height="{points(box.height)}pt" '
            f'viewBox="{points(box.x0)} {points(height - box.y1)} {points(box.width)} '
            f'{points(box.height)}"')
    svg, count = re.subn(rb'width="[\d.]+pt" height="[\d.]+pt" viewBox="[\d. ]+"',
                         view.encode(), svg, count=1)
    if count != 1:
        raise ValueError("matplotlib's SVG has no width, height and viewBox to crop")
    return svg
