"""A page's Markdown cut once into typed blocks of whole lines.

Every line of a page belongs to exactly one block, in order, so the blocks' texts joined
give the page back byte for byte: whatever reads a page (the page model, the numbers of
its prose) or writes one (the site's Markdown, the notebook's, the synced outputs) works
on these blocks and never reads the raw text again.

==============  ===========================================================================
block           its lines
==============  ===========================================================================
``Fence``       a fenced code block, ```` ``` ```` or ``~~~``, any info string and indent,
                from its opening line to its closing one
``Comment``     an HTML comment that starts a line, up to the line of its ``-->``
                (``directives.py`` tells a directive from an author's note)
``Widget``      ``<div class="nb-widget" ...>`` up to the ``</div>`` that closes it,
                nested ``div`` elements counted
``Admonition``  the title line of a box: ``!!! note "Title"``, ``??? success``,
                ``=== "Tab"`` (its body is the lines after it indented four more, read
                as blocks like any others: a fence in a solution is a fence)
``Heading``     ``# Title``, ``## Section``, ...
``Blank``       blank lines
``Prose``       any other lines, a paragraph at a time
==============  ===========================================================================

Only a comment or a widget that starts a line is one: a comment inside a sentence is
prose, as it is to pytest-codeblocks.
"""

import re
from dataclasses import dataclass

from ..errors import BuildError


class BlockSyntaxError(BuildError, ValueError):
    """The Markdown breaks a rule of the book's blocks or directives (page and line said)."""


@dataclass(eq=False)  # compared and hashed by identity: a block is one place of one page
class Block:
    """Lines ``[start, end)`` of a page (0-based), with their line ends."""

    start: int
    end: int
    lines: list
    indent: str  # the white space before the first line's text

    @property
    def text(self):
        return "".join(self.lines)

    @property
    def lineno(self):
        """The 1-based line of its first line, as editors and error messages count."""
        return self.start + 1


class Blank(Block):
    """Blank lines."""


class Prose(Block):
    """Lines of text: a paragraph, a list, a table, a maths display, raw HTML."""


@dataclass(eq=False)
class Heading(Block):
    level: int  # 1 for "# Title"
    title: str


@dataclass(eq=False)
class Admonition(Block):
    title: str | None  # "Solution" in '??? success "Solution"', None without one


class Widget(Block):
    """An interactive widget's ``div``: the page's JavaScript draws it."""


class Comment(Block):
    """An HTML comment: a directive or an author's note (see ``directives.py``)."""


@dataclass(eq=False)
class Fence(Block):
    marker: str  # "```", "~~~~", ...
    info: str  # the text after the marker, as written ("python", " python", ...)

    @property
    def body(self):
        """The code between the fence lines, without the fence's indent."""
        width = len(self.indent)
        return "".join(line[min(width, len(line) - len(line.lstrip())):]
                       for line in self.lines[1:-1])


_FENCE = re.compile(r"^([ \t]*)(`{3,}|~{3,})(.*?)\n?$")
_ADMONITION = re.compile(r'^[ \t]*(?:!!!|\?\?\?\+?|===)\s*(?:[\w-]+)?(?:\s+"([^"]*)")?\s*$')
_HEADING = re.compile(r"^[ \t]*(#{1,6})[ \t]+(.*?)\s*$")
_WIDGET = '<div class="nb-widget"'


def _closing_fence(lines, i, marker):
    """The index of the line that closes the fence opened at line ``i``: the same
    character, at least as many, nothing else; None if none does."""
    for j in range(i + 1, len(lines)):
        closing = lines[j].strip()
        if closing and set(closing) == {marker[0]} and len(closing) >= len(marker):
            return j
    return None


def _last_line(lines, i, page, what, is_end):
    """The index of the first line from ``i`` on for which ``is_end(line, j)`` holds."""
    for j in range(i, len(lines)):
        if is_end(lines[j], j):
            return j
    raise BlockSyntaxError(f"{page}:{i + 1}: {what} is not closed")


def _widget_end(lines, i, page):
    depth = 0

    def closes(line, _):
        nonlocal depth
        depth += len(re.findall(r"<div\b", line)) - line.count("</div>")
        return depth <= 0

    return _last_line(lines, i, page, "the widget's <div>", closes)


def _block_at(lines, i, page):
    """The block that starts at line ``i``: its class, last line index and extra fields."""
    line = lines[i]
    stripped = line.strip()
    fence = _FENCE.match(line)
    if fence:
        j = _closing_fence(lines, i, fence.group(2))
        if j is None:
            raise BlockSyntaxError(f"{page}:{i + 1}: code fence is not closed")
        return Fence, j, {"marker": fence.group(2), "info": fence.group(3)}
    if stripped.startswith("<!--"):
        opening = line.index("<!--") + 4  # "<!-->" does not close the comment it opens

        def closes(text, j):
            return "-->" in text[opening if j == i else 0:]

        return Comment, _last_line(lines, i, page, "the comment (<!--)", closes), {}
    if stripped.startswith(_WIDGET):
        return Widget, _widget_end(lines, i, page), {}
    admonition = _ADMONITION.match(line)
    if admonition:
        return Admonition, i, {"title": admonition.group(1)}
    heading = _HEADING.match(line)
    if heading:
        return Heading, i, {"level": len(heading.group(1)), "title": heading.group(2)}
    return (Blank if not stripped else Prose), i, {}


def tokenise(markdown, page="<page>"):
    """The blocks of ``markdown``, in order; consecutive prose lines and blank lines make
    one block each. Raises :class:`BlockSyntaxError` for a fence, a comment or a widget
    that is not closed."""
    lines = markdown.splitlines(keepends=True)
    blocks, i = [], 0
    while i < len(lines):
        kind, last, fields = _block_at(lines, i, page)
        previous = blocks[-1] if blocks else None
        if kind in (Blank, Prose) and type(previous) is kind:  # the paragraph goes on
            previous.lines.append(lines[i])
            previous.end = i + 1
        else:
            indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())].rstrip("\n")
            blocks.append(kind(i, last + 1, lines[i:last + 1], indent, **fields))
        i = last + 1
    return blocks
