"""A figure as SVG bytes that are identical from one build to the next, drawn once.

matplotlib writes a creation date into the metadata and random ids into the file unless
told otherwise; both are fixed here, and a clip path is named by what the file writes of
it (:func:`_clip_ids`). ``savefig`` draws a figure twice to crop it (to
measure, then to write); :func:`svg_bytes` draws it once, whole, on an SVG canvas, and
crops it by the SVG's size and ``viewBox`` to the box measured in that draw. The figures
room measures everything else in the same draw (``draw.py``). nnbook keeps the style the
figures are drawn in (``nnbook.plotting``); the SVG is the build's business.
"""

import hashlib
import io
import math
import re


def svg_bytes(fig, *, when_drawn=None):
    """``fig`` as deterministic SVG bytes, cropped as ``savefig`` crops it by the
    ``savefig.bbox`` setting: to what is drawn with ``savefig.pad_inches`` around it
    (``"tight"``, the book's style), else whole.

    ``when_drawn(renderer)``, if given, is called at the end of the one draw, when every
    text is where the file has it. The figure is left as it was (canvas, dpi, colours).
    """
    import matplotlib
    from matplotlib.backends.backend_svg import FigureCanvasSVG
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise TypeError(f"fig must be a matplotlib Figure, got {type(fig).__name__}")
    rc = matplotlib.rcParams
    crop = {"box": None}

    def drawn(event):  # the crop, and the caller's measures, where the draw put everything
        if rc["savefig.bbox"] == "tight":
            crop["box"] = fig.get_tightbbox(event.renderer).padded(rc["savefig.pad_inches"])
        if when_drawn is not None:
            when_drawn(event.renderer)

    kept = {"facecolor": fig.get_facecolor(), "edgecolor": fig.get_edgecolor()}
    canvas, dpi = fig.canvas, fig.dpi
    callback = fig.canvas.mpl_connect("draw_event", drawn)
    buffer = io.BytesIO()
    try:
        for name in kept:
            colour = rc[f"savefig.{name}"]
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
    svg = _clip_ids(buffer.getvalue())
    return svg if crop["box"] is None else _cropped(svg, crop["box"], fig.get_size_inches()[1])


_CLIP = re.compile(rb'<clipPath id="(p[0-9a-f]+)">(.*?)</clipPath>', re.S)


def _clip_ids(svg):
    """``svg`` with each clip path named by a hash of its definition as written (to 6
    decimals), not of its rectangle's every bit, as matplotlib names it: constrained
    layout places a panel to within a few units of the last bit, and those bits follow
    where the process's memory put the layout solver's variables. Two clip paths
    written alike are numbered apart."""
    names = {}
    for old, definition in _CLIP.findall(svg):
        new = b"p" + hashlib.sha256(definition).hexdigest()[:10].encode()
        while new in names.values():  # written alike, apart in their last bits
            new += b"x"
        names[old] = new
    if not names:
        return svg
    # Each name where the file defines it (id="…") and where it uses it (url(#…)).
    used = re.compile(rb'(?:(?<=id=")|(?<=url\(#))(' + b"|".join(map(re.escape, names))
                      + rb')(?=[")])')
    return used.sub(lambda m: names[m.group(1)], svg)


def _cropped(svg, box, height):
    """The SVG of a whole figure ``height`` inches high, cropped to ``box`` (inches from
    the figure's lower left corner) by its size and viewBox: matplotlib's SVG units are
    points, measured down from the top."""
    # The SVG's width, height and viewBox are written in points, to 6 decimals.
    if not (all(math.isfinite(float(v) * 72) for v in box.bounds)
            and min(box.width, box.height) * 72 >= 1e-6):
        raise ValueError(f"the figure's drawn box has no area to save, got "
                         f"{tuple(map(float, box.bounds))}")

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
