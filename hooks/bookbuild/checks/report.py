"""What a build tells its author: what a reader could not trust, and what it cost.

:func:`check` stops the build when a page shows what its blocks do not back: a printed
output that differs from the page, a text of a figure that cannot be read, a number of
the prose that no block prints or draws. Each is listed with its page and line, and
followed by what to do. :func:`summary` and :func:`timings` are the lines the build logs.
"""

import re

from ..errors import BuildError
from ..figures.greys import GREYS
from . import prose_numbers


# The names of GREYS in a caption or an alt text ("gray" too).
_GREY_NAMES = re.compile(r"\b(" + "|".join(name.replace("grey", "gr[ae]y")
                                             for name in GREYS) + r")\b",
                         re.IGNORECASE)


def stale_chains(chains, printed=None):
    """``"line N: ..."`` for every output fence of ``chains`` that differs from what its
    chain printed for it (``model.Chain.shown``), or shows a number marked as the
    machine's that was printed outside its window (``model.Expected.problems``).
    What a chain printed is its fences' results, or, for the notebooks' run, ``printed``:
    what each fence of ``chains`` printed, in order."""
    found, outputs = [], iter(printed or ())
    for chain in chains:
        got = None if printed is None else [next(outputs) for _ in chain.fences]
        for fence, shown in chain.shown(got):
            problems = fence.expected.problems(shown)
            if problems is None:
                found.append(f"line {fence.lineno}: the page shows\n"
                             f"{fence.expected.text}but the chain prints\n{shown}")
            found += [f"line {fence.lineno}: {problem}" for problem in problems or ()]
    return found


def stale_outputs(pages):
    """``"page: line N: ..."`` for every chain of the built ``pages``
    (``pipeline.BuiltPage``) whose printed output differs from the page's."""
    return [f"{page.src}: {problem}" for page in pages
            for problem in stale_chains(page.model.chains)]


def unreadable_texts(pages):
    """``"page: line N: problem"`` for each text of a figure that cannot be read
    (``figures/text.py``): written over another, cut off, across a plot's frame, or too
    faint for what lies under it."""
    return [f"{page.src}: line {fence.lineno}: {problem}" for page in pages
            for fence in page.model.fences if fence.result.drawing is not None
            for problem in fence.result.drawing.unreadable]


def greys_named(pages):
    """``"page: line N: ..."`` for each figure whose alt text or caption names a grey
    (black, grey, white) that only its light version shows: the dark one turns it into
    another grey (``figures.draw.Drawing.greys_lost``)."""
    found = []
    for page in pages:
        for fence in page.model.fences:
            drawing = fence.result.drawing
            lost = set(drawing.greys_lost if drawing is not None else ())
            for what in ("alt", "caption") if lost else ():
                words = _GREY_NAMES.findall(getattr(fence.figure, what))
                named = {word.lower().replace("gray", "grey") for word in words}
                found += [f"{page.src}: line {fence.lineno}: the {what} names {name!r}, which "
                          "the figure shows only in the light palette"
                          for name in sorted(named & lost)]
    return found


# A panel named by its side: "(left)", "the right panel", "Left, the ...". Whatever
# stands on the left of a drawing ("dark on the left side") is not a panel.
_PANEL_SIDE = re.compile(r"\((left|right)\b|\b(left|right)[- ](panel|plot)s?\b"
                         r"|(^|[.;:]\s+)(left|right)\s*[,:]"
                         r"|\bon the (left|right)\b(?! side| edge)", re.IGNORECASE)


def panel_sides_named(pages):
    """``"page: line N: ..."`` for each figure whose caption names a panel by its side
    although a phone shows its panels one above another (``Drawing.restacked``)."""
    return [f"{page.src}: line {fence.lineno}: the caption says {match.group(0).strip()!r}"
            for page in pages
            for fence in page.model.fences
            if fence.result.drawing is not None and fence.result.drawing.restacked
            for match in _PANEL_SIDE.finditer(fence.figure.caption)]


def unbacked_numbers(pages):
    """``"page: number, ..."`` for every page whose prose quotes a number that no block
    of its section backs (``prose_numbers``), nor a ``<!-- numbers book`` of the book."""
    book = {number: reason for page in pages for number, reason in
            page.model.book_numbers.items()}
    return [f"{page.src}: " + ", ".join(missing) for page in pages
            if (missing := prose_numbers.unbacked(page.model, book_numbers=book))]


# (what lists them, what they are, what to do)
PROBLEMS = (
    (stale_outputs, "printed outputs that differ from the page",
     "The page's output fence must be what its chain of blocks prints: copy the new "
     "output there, or find why the result changed."),
    (unreadable_texts, "texts of figures that a reader cannot read",
     "Move them apart (positions, offsets, a larger figure), inside the plot, or into "
     "the caption; give a faint text another colour, or what lies under it a paler one."),
    (greys_named, "figures described by a grey that their dark version does not show",
     "Name what both palettes show (a thickness, a dash, a shape, a colour of the "
     "palette), or draw it in a colour that the dark palette keeps."),
    (panel_sides_named, "captions that name a panel by its side, where a phone stacks the "
     "panels", "Name the panel by its order (the first plot, the second) or by what it "
     "shows: the side it stands on is the reader's screen's."),
    (unbacked_numbers, "numbers of the prose that no block of their section prints or draws",
     "Print them in their section, link the section that shows them "
     "([the table above](#its-heading)) or move the sentence there, or list each in a "
     "'<!-- numbers' comment of its page with the reason it needs no output."),
)


STALE_STORE = ("The committed store of results (store/) is out of date. Run 'make build' "
               "(or make serve), which computes what it lacks and forgets what no chain "
               "uses, and commit store/.")


def check(book):
    """Raise ``BuildError`` with the first kind of problem ``book`` has, if any."""
    stale = book.store_problems()
    if stale:
        raise BuildError("the store's results:\n  " + "\n  ".join(stale) + "\n" + STALE_STORE)
    for listed, what, advice in PROBLEMS:
        found = listed(book.pages.values())
        if found:
            raise BuildError(f"{what}:\n  " + "\n  ".join(found) + "\n" + advice)


def summary(stats, jobs):
    """One line: the figures drawn and reused, the chains run, and the three slowest."""
    slowest = sorted(stats.timings, reverse=True)[:3]
    return (
        f"figures: {stats.drawn} drawn, {stats.reused} reused from the cache; "
        f"{stats.chains_run} code chains run (the others' results from the store) in "
        f"{stats.seconds:.1f} s on {jobs} process(es)"
        + ("" if not slowest else " (slowest: "
           + ", ".join(f"{page}:{line} {sec:.1f} s" for sec, page, line in slowest) + ")"))


def timings(stats):
    """``page:line ran in N s`` for every chain run, the slowest first."""
    return [f"chain {page}:{line} ran in {sec:.1f} s"
            for sec, page, line in sorted(stats.timings, reverse=True)]
