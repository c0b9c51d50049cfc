"""What a page's author tells the build in HTML comments: one grammar, one table.

A directive is an HTML comment that starts a line, on one line or as a block of entries
closed by ``-->`` on a line of its own::

    <!-- export digit_net digit_samples -->

    <!-- figure
    alt: What the figure shows, for readers who cannot see it.
    caption: The caption under the figure (Markdown allowed).
    code: folded
    -->

:data:`READERS` maps each directive's name to the function that reads it; the markers of
pytest-codeblocks (``<!--pytest-codeblocks:cont-->`` and the expected outputs) are rows
too, since the build reads them the way the tests do. A reader takes the comment's
block, the words after the name and the entries of a block directive (``(line, text)``),
and returns the block typed (a :class:`Figure`, a :class:`Marker`, ...). **A new directive
is one row**: a subclass of :class:`Directive` for what it says, a reader, its name in the
table; ``model.py`` says where it may stand.

Which comments are directives. A comment is read as one when its first word is alone
on the comment's first line (a block: ``<!-- figure``), names a tool with a colon inside
it (``pytest-codeblocks:cont``) or starts with ``pytest``, or is a name of the table or
close to one, in any case (``<!-- Export x -->``, ``<!-- numbrs``). That word must then
be a name of the table: anything else fails the build with the page and the line, so a
misspelt directive never passes silently as a note (a misspelt ``data`` would leave its
files out of the figure cache's key). Any other comment is an author's note, written as
a sentence (``<!-- Shown once the PDF is made. -->``): kept in the site's HTML, left out
of the notebook.
"""

import difflib
import re
from dataclasses import dataclass, field

from .blocks import BlockSyntaxError, Comment


class Directive(Comment):
    """A comment that tells the build something."""


@dataclass(eq=False)
class Marker(Directive):
    """A pytest-codeblocks marker: ``cont`` joins the next python fence to the previous
    one; ``expected-output`` makes the next fence the previous block's printed output
    (compared without white space for ``expected-output-ignore-whitespace``)."""

    keyword: str


@dataclass(eq=False)
class Figure(Directive):
    """``<!-- figure``, right after the python fence that draws the figure. ``code:
    folded`` puts the figure first on the site and its block under it, collapsed."""

    alt: str
    caption: str
    folded: bool = False


@dataclass(eq=False)
class Numbers(Directive):
    """``<!-- numbers``: the numbers the prose quotes that no block prints, each with the
    reason (``number: reason``; see ``checks/prose_numbers.py``); ``<!-- numbers book``
    (on the home page): numbers that every page of the book may quote."""

    reasons: dict = field(default_factory=dict)
    book: bool = False


@dataclass(eq=False)
class Data(Directive):
    """``<!-- data``: the files the page's blocks read, one a line from the repository's
    root; their bytes join the key of each chain that reads them: every chain of the
    page, or only the chain of the python fence the comment comes right after."""

    files: list = field(default_factory=list)


@dataclass(eq=False)
class Export(Directive):
    """``<!-- export NAME ... -->`` right after a python fence: values of its namespace
    published as JSON for the page's widgets (``run/exports.py``)."""

    names: tuple = ()


_FIGURE_OPTIONS = {"code": ("folded",)}


def _same_place(comment):
    return comment.start, comment.end, comment.lines, comment.indent


def _needs(kind, comment, page, args, entries, block):
    """Check the comment's form: a one-line directive, or a block without arguments."""
    if block and (args or len(comment.lines) < 2 or comment.lines[-1].strip() != "-->"):
        raise BlockSyntaxError(f"{page}:{comment.lineno}: the {kind} directive is a block: "
                               f"'<!-- {kind}' alone on its line, then its entries, then "
                               "'-->' alone on its line")
    if not block and (entries or len(comment.lines) > 1):
        raise BlockSyntaxError(f"{page}:{comment.lineno}: the {kind} directive is one line: "
                               f"'<!-- {kind} ... -->'")


def read_figure(comment, page, args, entries):
    _needs("figure", comment, page, args, entries, block=True)
    values, key = {}, None
    for lineno, text in entries:
        match = re.match(r"^(\w+):\s*(.*)$", text)
        name = match.group(1) if match else None
        if name in _FIGURE_OPTIONS:
            if match.group(2) not in _FIGURE_OPTIONS[name]:
                raise BlockSyntaxError(
                    f"{page}:{lineno}: figure directive '{name}:' takes "
                    f"{' or '.join(_FIGURE_OPTIONS[name])}, got {match.group(2)!r}")
            values[name], key = match.group(2), None
        elif name in ("alt", "caption"):
            key, values[name] = name, match.group(2)
        elif key is not None:
            values[key] += " " + text  # a long value goes on over the next lines
        else:
            raise BlockSyntaxError(f"{page}:{lineno}: figure directive lines must start "
                                   f"with 'alt:', 'caption:' or 'code:', got {text!r}")
    for name in ("alt", "caption"):
        if not values.get(name, "").strip():
            raise BlockSyntaxError(
                f"{page}:{comment.lineno}: figure directive needs a non-empty '{name}:'")
    return Figure(*_same_place(comment), values["alt"].strip(), values["caption"].strip(),
                  folded="code" in values)


def read_numbers(comment, page, args, entries):
    book = args == ["book"]
    _needs("numbers", comment, page, [] if book else args, entries, block=True)
    reasons = {}
    for lineno, text in entries:
        number, colon, reason = text.partition(": ")
        if not (colon and reason.strip()):
            raise BlockSyntaxError(
                f"{page}:{lineno}: a numbers comment lists 'number: the reason it is not "
                f"printed', got {text!r}")
        reasons[number.strip('"')] = reason.strip()
    return Numbers(*_same_place(comment), reasons, book)


def read_data(comment, page, args, entries):
    _needs("data", comment, page, args, entries, block=True)
    return Data(*_same_place(comment), [text for _, text in entries])


def read_export(comment, page, args, entries):
    _needs("export", comment, page, args, entries, block=False)
    if not args or not all(re.match(r"^[A-Za-z_]\w*$", name) for name in args):
        raise BlockSyntaxError(
            f"{page}:{comment.lineno}: an export comment names Python variables, "
            f"'<!-- export name ... -->', got {comment.text.strip()!r}")
    return Export(*_same_place(comment), tuple(args))


def _marker(keyword):
    def read_marker(comment, page, args, entries):
        _needs(f"pytest-codeblocks:{keyword}", comment, page, args, entries, block=False)
        return Marker(*_same_place(comment), keyword)
    return read_marker


READERS = {
    "figure": read_figure,
    "numbers": read_numbers,
    "data": read_data,
    "export": read_export,
    "pytest-codeblocks:cont": _marker("cont"),
    "pytest-codeblocks:expected-output": _marker("expected-output"),
    "pytest-codeblocks:expected-output-ignore-whitespace":
        _marker("expected-output-ignore-whitespace"),
}


def _looks_like_a_directive(word, alone):
    plain = word.lower()
    return bool(alone or re.search(r":\S", word) or plain.startswith("pytest")
                or difflib.get_close_matches(plain, READERS, n=1, cutoff=0.8))


def read(comment, page="<page>"):
    """The directive that ``comment`` (a ``page_blocks.Comment``) is, or the comment
    itself when it is an author's note (see the module's docstring)."""
    first = comment.lines[0].split("<!--", 1)[1]
    closed = "-->" in first
    words = first.split("-->", 1)[0].strip(" \t\n-").split()
    if not words:
        return comment
    word = words[0].rstrip("-")
    if not _looks_like_a_directive(word, alone=len(words) == 1 and not closed):
        return comment
    reader = READERS.get(word)
    if reader is None:
        close = difflib.get_close_matches(word.lower(), READERS, n=1, cutoff=0.6)
        raise BlockSyntaxError(
            f"{page}:{comment.lineno}: unknown directive {word!r}"
            + (f" (did you mean {close[0]!r}?)" if close else "")
            + ": the directives are " + ", ".join(READERS))
    entries = [(n + 1, line.strip()) for n, line in
               enumerate(comment.lines[1:-1], comment.start + 1) if line.strip()]
    return reader(comment, page, words[1:], entries)
