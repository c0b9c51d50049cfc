"""Numbers of a printed output that depend on the machine, each with its window.

A chaotic computation (a training at a high rate, a best-of-many) prints a number whose
last digits follow the rounding of the machine that runs it (OpenBLAS's kernel, numpy's
SIMD paths, the BLAS threads). An output fence marks such a number, and the window every
machine must land in, in place::

    best epoch of the best of three runs: {{96.12 in 95.5..96.5}}%

The rest of the output is compared exactly, as ever; a marked number must be printed
with as many decimals as the page shows, and fall in its window (ends included). The
site shows the number the build printed, marked (``nb-machine``: a dotted underline
and a title that gives the window); the notebook shows the page's number, and a line
under the output gives the window (:func:`note`).
"""

import re
from dataclasses import dataclass

_NUMBER = r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?"  # 95.94, 3, 2.4e-07
MARK = re.compile(rf"\{{\{{\s*({_NUMBER})\s*in\s*({_NUMBER})\s*\.\.\s*({_NUMBER})\s*\}}\}}")
# What a reader is told of a marked number's window: the same words everywhere.
WINDOW = "every set-up tested prints from {low} to {high}"


@dataclass(frozen=True)
class Mark:
    """A marked number: as the page shows it, and its window ``low``..``high``."""

    shown: str
    low: float
    high: float

    @property
    def decimals(self):
        return len(self.shown.partition("e")[0].partition(".")[2])

    def pattern(self):
        """The regex of a number printed like ``shown``: the same count of decimals, and
        an exponent if it has one (as Python's ``e`` format writes it)."""
        digits = r"[-+]?\d+" + (r"\." + r"\d" * self.decimals if self.decimals else "")
        return f"({digits}e[-+]\\d+)" if "e" in self.shown else f"({digits})"

    def window(self):
        return f"{self.low:g}..{self.high:g}"

    def marked(self, number):
        """``number`` marked with this window, as a page writes it."""
        return f"{{{{{number} in {self.window()}}}}}"

    def said(self):
        """The window in words (:data:`WINDOW`)."""
        return WINDOW.format(low=f"{self.low:g}", high=f"{self.high:g}")


def marks(text):
    """The :class:`Mark` list of an output fence's ``text``, in order. A ``{{...}}``
    that is not a mark, or a window low > high, raises ValueError: it would otherwise
    be compared as text, and fail on every machine."""
    for braces in re.finditer(r"\{\{.*?\}\}", text):
        if not MARK.fullmatch(braces.group(0)):
            raise ValueError(f"{braces.group(0)} is not a mark: write "
                             "{{number in low..high}}, such as {{96.12 in 95.5..96.5}}")
    found = []
    for match in MARK.finditer(text):
        shown, low, high = match.group(1), float(match.group(2)), float(match.group(3))
        if not low <= high:
            raise ValueError(f"the window {match.group(0)} is empty: write low..high")
        found.append(Mark(shown, low, high))
    return found


def _pieces(text):
    """The text between the marks, and the marks: ``[str, Mark, str, ..., str]``."""
    pieces, end = [], 0
    for match, mark in zip(MARK.finditer(text), marks(text), strict=True):
        pieces += [text[end:match.start()], mark]
        end = match.end()
    return [*pieces, text[end:]]


def printed_spans(text, printed):
    """``[(mark, start, end)]`` for each mark of ``text`` and where ``printed`` has its
    number, or None when ``printed`` differs from ``text`` outside the marks (or prints
    a marked number with other decimals)."""
    pieces = _pieces(text)
    regex = "".join(piece.pattern() if isinstance(piece, Mark) else re.escape(piece)
                    for piece in pieces)
    match = re.fullmatch(regex, printed, flags=re.DOTALL)
    if match is None:
        return None
    return [(mark, *match.span(n)) for n, mark in
            enumerate((p for p in pieces if isinstance(p, Mark)), 1)]


def printed_numbers(text, printed):
    """``[(mark, value)]`` for each mark of ``text`` and the number ``printed`` has in its
    place, or None as :func:`printed_spans`."""
    spans = printed_spans(text, printed)
    return None if spans is None else [(mark, printed[a:b]) for mark, a, b in spans]


def outside(text, printed):
    """A sentence for each marked number of ``printed`` outside its window (``[]``
    when every one lands in its window); None when ``printed`` differs from ``text``
    outside the marks."""
    numbers = printed_numbers(text, printed)
    if numbers is None:
        return None
    return [f"{value} is outside its window {mark.window()} (the page shows {mark.shown})"
            for mark, value in numbers if not mark.low <= float(value) <= mark.high]


def problems(text, printed, said):
    """A sentence for each way ``printed`` is not what ``text`` shows (``said``, such as
    'its "prints"', names the text): the whole text when it differs outside the marks,
    else each marked number outside its window (``[]``: it shows ``printed``)."""
    wrong = outside(text, printed)
    return [f"{said} is\n{text}but it prints\n{printed}"] if wrong is None else wrong


def shown(text):
    """``text`` with each mark as the number the page shows."""
    return "".join(p.shown if isinstance(p, Mark) else p for p in _pieces(text))


def note(text):
    """A sentence on the marked numbers of ``text`` and their windows, the numbers that
    share a window named together: the line under an output with marks, on the site
    and in the notebooks (where the output shows each number as the page does)."""
    shared = {}
    for mark in marks(text):
        shared.setdefault(f"{mark.low:g} to {mark.high:g}", []).append(mark.shown)
    return ("Depends on the machine; in brackets, the range every set-up tested prints: "
            + "; ".join(f"{', '.join(numbers)} ({window})" for window, numbers in shared.items())
            + ".")


def with_printed(text, printed):
    """``text`` whose marks hold the numbers ``printed`` has in their places, their
    windows kept; None when ``printed`` differs outside the marks, or ``text`` has none."""
    numbers = printed_numbers(text, printed)
    if not numbers:
        return None
    values = iter(value for _, value in numbers)
    return "".join(p.marked(next(values)) if isinstance(p, Mark) else p
                   for p in _pieces(text))


def _span(match):
    [mark] = marks(match.group(0))
    return (f'<span class="nb-machine" title="depends on the machine: {mark.said()}">'
            f"{mark.shown}</span>")


def html(content):
    """A page's HTML with each mark of its code blocks (the output fences, which the
    highlighter leaves as text) as its number in a ``<span class="nb-machine">`` whose
    title gives its window."""
    return MARK.sub(_span, content)
