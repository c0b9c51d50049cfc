"""The book's figure style: the look of every figure the book draws.

Figures are drawn in this light style; the book's site also shows each one, in its dark
palette, with the greys turned over and a transparent background. Colours come from a
palette that stays distinct for readers with the common colour-vision deficiencies
(Okabe–Ito). ``use_style()`` gives your own figures the book's look.

matplotlib is an optional dependency (``pip install nnbook[plot]``): it is imported only
when these functions are called.
"""


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
    "axes.axisbelow": True,  # the grid behind bars and filled areas, not across them
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
    # Fixed ids in a saved SVG, and paths for glyphs: the same figure, the same file.
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
