"""Find a chapter's Python blocks and figure directives, the way the tests see them.

The tests collect blocks with pytest-codeblocks: a fence whose info string is exactly
``python`` is a block; ``<!--pytest-codeblocks:cont-->`` before a fence joins it to the
previous block; ``<!--pytest-codeblocks:expected-output-->`` before a fence makes that
fence the previous block's expected output. This module reads the same rules, but keeps
each fence apart (a figure belongs to one fence) and groups joined fences into chains,
which run in one namespace like the joined block in the tests.

A figure directive is an HTML comment right after a fence that draws a figure::

    <!-- figure
    alt: What the figure shows, for readers who cannot see it.
    caption: The caption under the figure (Markdown allowed).
    code: folded
    -->

``code: folded`` (optional) is for drawing code that is not the lesson: on the site the
figure comes first, and its block follows in a collapsed "Code of the figure" box. The
block still runs where it stands, in the tests and in the notebooks.

A numbers comment lists the numbers the prose quotes that no block prints (see
``prose_numbers.py``), each with the reason; a data comment, the files the page's blocks
read (their bytes join the cache key of its figures)::

    <!-- numbers
    9.8: the acceleration of gravity, the example's constant
    -->

    <!-- data
    benchmarks/report.json
    -->

An export comment right after a fence (before its figure directive, if any) names
variables that the build publishes as JSON for the page's widgets (see ``exports.py``)::

    <!-- export digit_net -->
"""

import re
from dataclasses import dataclass, field

_CODEBLOCKS_COMMENT = re.compile(r"<!--[-\s]*pytest-codeblocks:(.*)-->")
_FENCE_OPEN = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*)$")
_FIGURE_START = re.compile(r"^<!--\s*figure\s*$")
_FIGURE_KEYS = ("alt", "caption")
_FIGURE_OPTIONS = {"code": ("folded",)}
_NUMBERS_START = re.compile(r"^<!--\s*numbers\s*$")
_DATA_START = re.compile(r"^<!--\s*data\s*$")
_EXPORT = re.compile(r"^<!--\s*export\b(.*?)-->$")
_NAME = re.compile(r"^[A-Za-z_]\w*$")


def marker_lines(keyword):
    """A regex of the whole lines ``<!--pytest-codeblocks:<keyword>-->`` (group 1: the
    indent), for replacing them in a page's Markdown."""
    return re.compile(rf"^([ \t]*)<!--[-\s]*pytest-codeblocks:{keyword}[-\s]*-->[ \t]*\n",
                      re.M)


class BlockSyntaxError(ValueError):
    """The Markdown breaks a rule of the book's code blocks or figure directives."""


@dataclass
class Figure:
    """A figure directive: where it stands in the Markdown and what it says."""

    alt: str
    caption: str
    start: int  # 0-based line of "<!-- figure"
    end: int  # 0-based line after "-->"
    indent: str
    folded: bool = False  # its block goes under it, collapsed


@dataclass
class Fence:
    """One ```python fence of a page."""

    code: str
    lineno: int  # 1-based line of the opening fence, as pytest-codeblocks reports it
    cont: bool  # joined to the previous python fence
    lines: tuple = (0, 0)  # 0-based [first, end) in the Markdown, with its cont marker
    figure: Figure | None = None
    expected_output: str | None = None  # the text fence the tests compare its output with
    expected_lines: tuple | None = None  # that fence's body: (first, end) 0-based, indent
    expected_ignore_whitespace: bool = False  # compared with all whitespace removed
    exports: tuple = ()  # names of its namespace published as JSON after it runs


@dataclass
class Span:
    """Any fence of a page (python or not, indented in a box or not): its lines
    ``[start, end)``, 0-based with both fence lines, and its marker and info string."""

    start: int
    end: int
    marker: str  # "```", "~~~~", ...
    info: str  # the text after the marker, as written ("python", " python", ...)


def _fence_end(lines, i, marker):
    """The index after the line that closes the fence opened at line ``i``: the same
    character, at least as many, nothing else."""
    i += 1
    while i < len(lines):
        closing = lines[i].strip()
        if closing and set(closing) == {marker[0]} and len(closing) >= len(marker):
            return i + 1
        i += 1
    return None


@dataclass
class Chain:
    """Fences joined by ``cont``: one test item, one namespace."""

    fences: list = field(default_factory=list)

    @property
    def code(self):
        return "".join(f.code for f in self.fences)


def _read_figure(lines, i, page):
    start, indent = i, lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    values, key = {}, None
    i += 1
    while i < len(lines) and lines[i].strip() != "-->":
        text = lines[i].strip()
        match = re.match(r"^(\w+):\s*(.*)$", text)
        if match and match.group(1) in _FIGURE_OPTIONS:
            name, value = match.groups()
            if value not in _FIGURE_OPTIONS[name]:
                raise BlockSyntaxError(
                    f"{page}:{i + 1}: figure directive '{name}:' takes "
                    f"{' or '.join(_FIGURE_OPTIONS[name])}, got {value!r}"
                )
            values[name] = value
            key = None
        elif match and match.group(1) in _FIGURE_KEYS:
            key = match.group(1)
            values[key] = match.group(2)
        elif text and key is not None:
            values[key] += " " + text  # a long value continues on the next lines
        elif text:
            raise BlockSyntaxError(
                f"{page}:{i + 1}: figure directive lines must start with 'alt:', "
                f"'caption:' or 'code:', got {text!r}"
            )
        i += 1
    if i == len(lines):
        raise BlockSyntaxError(f"{page}:{start + 1}: figure directive is not closed with -->")
    for name in _FIGURE_KEYS:
        if not values.get(name, "").strip():
            raise BlockSyntaxError(
                f"{page}:{start + 1}: figure directive needs a non-empty '{name}:'"
            )
    figure = Figure(values["alt"].strip(), values["caption"].strip(), start, i + 1, indent,
                    folded="code" in values)
    return figure, i + 1


@dataclass
class Page:
    """A page's python fences in chains, and the lines of its prose."""

    chains: list
    prose: list  # (1-based line, text) outside fences and pytest-codeblocks comments
    numbers: dict = field(default_factory=dict)  # quoted numbers no block prints: reasons
    data: list = field(default_factory=list)  # files the blocks read, from the repository root
    spans: list = field(default_factory=list)  # every fence, a Span each

    def in_fence(self, n_lines):
        """For each of the page's ``n_lines`` lines, whether it belongs to a fence."""
        flags = [False] * n_lines
        for span in self.spans:
            flags[span.start:span.end] = [True] * (span.end - span.start)
        return flags

    @property
    def fences(self):
        return [fence for chain in self.chains for fence in chain.fences]


def _comment_lines(lines, i, page, kind):
    """The non-blank lines ``(index, text)`` of the ``<!-- kind`` comment opening at line
    ``i``, and the index of the line after its ``-->``."""
    start, body = i, []
    i += 1
    while i < len(lines) and lines[i].strip() != "-->":
        if lines[i].strip():
            body.append((i, lines[i].strip()))
        i += 1
    if i == len(lines):
        raise BlockSyntaxError(f"{page}:{start + 1}: {kind} comment is not closed with -->")
    return body, i + 1


def _read_numbers(lines, i, page, numbers):
    """Read a ``<!-- numbers`` comment: one ``number: reason`` per line."""
    body, after = _comment_lines(lines, i, page, "numbers")
    for n, text in body:
        number, colon, reason = text.partition(": ")
        if not (colon and reason.strip()):
            raise BlockSyntaxError(
                f"{page}:{n + 1}: a numbers comment lists 'number: the reason it is not "
                f"printed', got {text!r}")
        numbers[number.strip('"')] = reason.strip()
    return after


def _read_data(lines, i, page, data):
    """Read a ``<!-- data`` comment: one file a line, from the repository root."""
    body, after = _comment_lines(lines, i, page, "data")
    data.extend(text for _, text in body)
    return after


def parse(markdown, page="<page>"):
    """Return the chains of python fences of ``markdown`` (those of :func:`parse_page`)."""
    return parse_page(markdown, page).chains


def parse_page(markdown, page="<page>"):
    """Return the :class:`Page` of ``markdown``: its chains of python fences (with their
    figure directives and expected outputs) and its prose lines (figure directives'
    alt texts and captions included).

    Raises
    ------
    BlockSyntaxError
        A figure directive that does not follow a python fence, or is malformed.
    """
    lines = markdown.splitlines(keepends=True)
    prose, numbers, data, spans = [], {}, [], []
    chains, last_python, pending = [], None, None  # pending: cont or expected-output
    pending_line = None  # where the pending marker stands
    previous_was_python_fence, last_syntax = False, None
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped:
            i += 1
            continue
        if _NUMBERS_START.match(stripped):
            i = _read_numbers(lines, i, page, numbers)
            continue
        if _DATA_START.match(stripped):
            i = _read_data(lines, i, page, data)
            continue
        export = _EXPORT.match(stripped)
        if export:
            names = tuple(export.group(1).split())
            if not previous_was_python_fence:
                raise BlockSyntaxError(
                    f"{page}:{i + 1}: an export comment must come right after the "
                    "```python block whose variables it publishes")
            if not names or not all(_NAME.match(n) for n in names):
                raise BlockSyntaxError(
                    f"{page}:{i + 1}: an export comment names Python variables, "
                    f"'<!-- export name ... -->', got {stripped!r}")
            last_python.exports += names
            i += 1
            continue  # a figure directive may still follow
        comment = _CODEBLOCKS_COMMENT.match(stripped)
        opening = _FENCE_OPEN.match(lines[i])
        if not (comment or opening):
            prose.append((i + 1, lines[i].rstrip("\n")))
        if comment:
            keyword = comment.group(1).strip("- ")
            if keyword in ("cont", "expected-output", "expected-output-ignore-whitespace"):
                pending = "cont" if keyword == "cont" else keyword
                pending_line = i
            i += 1
            continue
        if _FIGURE_START.match(stripped):
            if not previous_was_python_fence:
                raise BlockSyntaxError(
                    f"{page}:{i + 1}: a figure directive must come right after the "
                    "```python block that draws the figure"
                )
            start = i
            last_python.figure, i = _read_figure(lines, i, page)
            prose.extend((n + 1, lines[n].rstrip("\n")) for n in range(start + 1, i))
            previous_was_python_fence = False
            continue
        if opening:
            indent, marker, info = len(opening.group(1)), opening.group(2), opening.group(3)
            syntax = info.strip() if marker[0] == "`" else "~" + info.strip()
            lineno, end = i + 1, _fence_end(lines, i, marker)
            if end is None:
                raise BlockSyntaxError(f"{page}:{lineno}: code fence is not closed")
            spans.append(Span(i, end, marker, info.rstrip("\n")))
            body = []
            for line in lines[i + 1:end - 1]:
                cut = min(indent, len(line) - len(line.lstrip()))
                body.append(line[cut:])
            i = end
            kind, pending = pending, None
            previous_was_python_fence = False
            if kind and kind.startswith("expected-output"):
                if last_python is not None:  # the previous block's expected output
                    last_python.expected_output = "".join(body)
                    last_python.expected_lines = (lineno, i - 1, " " * indent)
                    last_python.expected_ignore_whitespace = kind.endswith("whitespace")
                continue
            if kind == "cont" and (syntax != "python" or last_syntax != "python"):
                raise BlockSyntaxError(
                    f"{page}:{lineno}: pytest-codeblocks:cont must join a ```python fence "
                    "to a ```python fence"
                )
            last_syntax = syntax
            if syntax != "python":
                continue
            first = pending_line if kind == "cont" else lineno - 1
            fence = Fence("".join(body), lineno, cont=kind == "cont", lines=(first, i))
            if fence.cont:
                chains[-1].fences.append(fence)
            else:
                chains.append(Chain([fence]))
            last_python, previous_was_python_fence = fence, True
            continue
        previous_was_python_fence = False
        i += 1
    return Page(chains, prose, numbers, data, spans)


def figure_directives(markdown, page="<page>"):
    """Return every figure directive of ``markdown`` in order (for replacing them)."""
    return [fence.figure for chain in parse(markdown, page) for fence in chain.fences
            if fence.figure is not None]
