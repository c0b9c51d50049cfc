"""Every number a page's prose quotes is printed by its code, shown in its figures, or
listed with a reason.

The numbers checked are the ones a reader takes as results: decimals (0.018), percentages
(97.5%), counts with a thousands separator (1,348), and numbers with a unit or a "×"
(30.5 points, 2 s, 288 times, 8 × 8). Plain small integers ("two layers", "seed 0") are
not. The prose includes the alt texts and captions of figures, and leaves out inline code
and link targets. A quoted number is backed when the blocks of its own section (the
``##`` section it stands in, subsections included: ``sections.py``), or of a section
its paragraph links to (``[the table above](#the-table)``), as they run,

- print it (the output the tests compare with the page),
- show it in a figure (a tick label, an annotation, a title), or
- write it as a literal of their code (a set-up the reader sees: a learning rate, a grade),

possibly rounded: "29 points" is backed by a printed 29.2. A block of another section
does not back it: that its output rounds to the number may be a coincidence (a 0.982 of
one table is not the "0.98" of another's sentence). Other numbers are listed in a
``<!-- numbers`` comment of the page with the reason they need no output, or, for the
seeds' own figures that every page may quote, in the home page's ``<!-- numbers book``.
"""

import ast
import functools
import io
import re
import tokenize
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal

from ..page import marks
from . import sections

UNIT = r"%|×|times\b|points?\b|ms\b|µs\b|s\b|seconds?\b|minutes?\b|min\b|[kKMG]B\b|px\b"
NUMBER = re.compile(
    r"(?<![\w.,^{}_\\/#])"  # not inside a word, a longer number, an index or a TeX command
    r"(?P<value>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+)"
    r"(?!\d)(?![.,]\d)(?!\s*\^)"  # the whole number, and not the base of a power
    rf"(?P<unit>\s?(?:{UNIT}))?"
)
_TIMES_BEFORE = re.compile(r"(?:×|\\times)\s*$")
# A power of ten: 3.39e-05, 2.2 × 10^{-16}, 1.8 \times 10^{308} (a Unicode minus too).
_POWER = re.compile(r"(?<![\w.])(?P<mantissa>\d+(?:\.\d+)?)(?:e|\s*(?:×|\\times)\s*10\^)"
                    r"\{?(?P<exponent>[+−-]?\d+)\}?")


def _written_out(match):
    """The number of a power-of-ten match, keeping the precision of its mantissa."""
    return str(Decimal(match["mantissa"]).scaleb(int(match["exponent"].replace("−", "-"))))

def _visible(line):
    """The prose of a Markdown line: without inline code, link targets and HTML tags."""
    line = re.sub(r"`[^`]*`", " ", line)
    line = re.sub(r"\]\([^)]*\)|\]\[[^\]]*\]", "]", line)
    return re.sub(r"<[^>]*>", " ", line)


def quoted_numbers(page):
    """``(line, text as written, value)`` of every number the prose of ``page`` (a
    ``page_model.Page``) quotes."""
    found, in_tag = [], False
    for lineno, line in page.prose:
        if in_tag:  # the attributes of an HTML tag written over several lines
            if ">" not in line:
                continue
            line, in_tag = line.split(">", 1)[1], False
        if re.search(r"<[a-zA-Z][^>]*$", line):
            line, in_tag = line[:line.rindex("<")], True
        text = _visible(line)
        for match in _POWER.finditer(text):  # 2.2 × 10^{-16}, 6.3e-04: one number each
            found.append((lineno, match.group(0), _written_out(match)))
        text = _POWER.sub(" ", text)
        for match in NUMBER.finditer(text):
            value = match["value"]
            if ("," in value or "." in value or match["unit"]
                    or _TIMES_BEFORE.search(text[:match.start()])):
                found.append((lineno, match.group(0).strip(), value))
    return found


def numbers_in(text):
    """Every number written in ``text``, without thousands separators; a number in
    scientific notation (3.39e-05) both written out (0.0000339) and as its mantissa."""
    written = [_written_out(m) for m in _POWER.finditer(text)]
    return written + [m["value"].replace(",", "") for m in NUMBER.finditer(text)]


# Tokenizing every block is most of the check's time; under ``make serve`` a rebuild
# checks the same blocks again.
@functools.lru_cache(maxsize=4096)
def code_literals(code):
    """Every number literal of Python ``code``, strings' numbers included (a tuple)."""
    found = []
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.NUMBER and not token.string.lower().endswith("j"):
            found.extend(numbers_in(str(ast.literal_eval(token.string))))
        elif token.type == tokenize.STRING:  # f"cost of answering 0.1 for every digit"
            found.extend(numbers_in(token.string))
    return tuple(found)


def is_backed(value, sources, percent=False):
    """``value`` (as quoted) is one of ``sources`` (numbers as strings or ``Decimal``), or
    one of them rounded to the places quoted; a percentage may also be a fraction of them
    (97.5% and 0.975)."""
    quoted = Decimal(value.replace(",", ""))
    sources = [s if isinstance(s, Decimal) else Decimal(s) for s in sources]
    for target in [quoted] + ([quoted / 100] if percent else []):
        place = Decimal(1).scaleb(target.as_tuple().exponent)  # the last place quoted
        for source in sources:
            if source == target or (
                    source.as_tuple().exponent < target.as_tuple().exponent
                    and any(source.quantize(place, rounding) == target
                            for rounding in (ROUND_HALF_EVEN, ROUND_HALF_UP))):
                return True
    return False


def _fence_sources(fence, shown):
    """The numbers one fence backs: what it printed and drew (``shown``, texts), the
    literals of its code, and the ends of the windows its output fence gives numbers
    that depend on the machine (``page/marks.py``), which the reader is shown."""
    texts = [shown] if isinstance(shown, str) else list(shown)
    found = {n for text in texts for n in numbers_in(text)} | set(code_literals(fence.code))
    if fence.expected is not None:
        found |= {f"{end:g}" for mark in marks.marks(fence.expected.text)
                  for end in (mark.low, mark.high)}
    return {Decimal(n) for n in found}


def _shown(fence):
    """What a fence printed and drew when the build ran it (``page_model.Fence.result``)."""
    drawing = fence.result.drawing
    return [fence.result.output, *(drawing.texts if drawing else [])]


def unbacked(page, shown=None, book_numbers=None):
    """The quoted numbers of ``page`` that nothing backs, as ``"line N: text"``, with
    where on the page a block does show them (the section a link would name).

    A number is backed by the fences of its own section (``sections.standing``: the
    ``##`` section it stands in, subsections included) and of the sections its
    paragraph links to (``[the table](#the-table)``): what they print, draw and write as
    literals. A number that only another section shows is a coincidence until the prose
    names that section. A number listed in the page's ``<!-- numbers`` needs nothing, nor
    one of ``book_numbers`` (number -> reason), the book's ``<!-- numbers book``.
    ``shown`` is, for each fence of ``page.fences`` in order, what it printed and drew
    (a text or a list of texts); by default, each fence's result (``page_model.Fence``).
    """
    fences = page.fences
    shown = [_shown(fence) for fence in fences] if shown is None else shown
    backs = [(fence.lineno, _fence_sources(fence, texts)) for fence, texts in zip(fences, shown)]
    parts = sections.of(page)

    def sources(section_list):
        return set().union(*(found for lineno, found in backs
                             if any(s.holds(lineno) for s in section_list)))

    allowed = {**(book_numbers or {}), **page.book_numbers, **page.numbers}
    missing = []
    for lineno, text, value in quoted_numbers(page):
        if value in allowed or text in allowed:
            continue
        percent = text.endswith("%")
        own = [sections.standing(parts, lineno),
               *sections.linked(page, parts, lineno)]
        if is_backed(value, sources(own), percent):
            continue
        elsewhere = list(dict.fromkeys(sections.innermost(parts, at).name
                                       for at, found in backs
                                       if is_backed(value, found, percent)))
        missing.append(f"line {lineno}: {text}" + _shown_in(elsewhere))
    return missing


def _shown_in(names, most=3):
    """Where else on the page a number is shown: the first ``most`` sections by name."""
    if not names:
        return ""
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return f" (shown in {', '.join(names[:most])}{more})"
