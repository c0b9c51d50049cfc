"""A page's sections, their ids, and the sections a paragraph links to.

A section is the text under a heading down to the next heading of the same or a higher
level, its subsections included: the prose that opens a section often quotes what its
subsections print. Lines before the first heading belong to the whole page, and a line
stands in its ``##`` section (:func:`standing`). A heading's id is the one MkDocs gives
it (``markdown``'s ``toc`` extension, as ``mkdocs.yml`` configures it: its default
slugify, ``_1``, ``_2``... after a repeated id, or an explicit ``{#id}``), so that a
link ``[the table above](#the-table)`` names it.
"""

import html
import re
from dataclasses import dataclass

from markdown.extensions.toc import slugify

from ..page.blocks import Heading

# A link to a heading of the same page: [text](#id); a link to another page's heading
# ([text](page.md#id)) names a section this check does not see, and backs nothing.
_SAME_PAGE_LINK = re.compile(r"\]\(#([^)\s]+)\)")
_EXPLICIT_ID = re.compile(r"\{[^}]*#([\w-]+)[^}]*\}\s*$")
_ATTRIBUTES = re.compile(r"\{[^}]*\}\s*$")
# The first line of a list's item: a list is one block of prose, but each item says its
# own thing, and a link in one of them names what that item quotes.
_ITEM = re.compile(r"\s*(?:[-*+]|\d+[.)])\s")


@dataclass(frozen=True)
class Section:
    """Lines ``[start, end)`` of a page (0-based) under a heading (``None``: the whole
    page), and the heading's level (0 for the page) and id."""

    heading: Heading | None
    level: int
    id: str
    start: int
    end: int

    def holds(self, lineno):
        """Whether the 1-based line ``lineno`` is in the section."""
        return self.start < lineno <= self.end

    @property
    def name(self):
        """How an error message names it: ``## Title (#id)``."""
        if self.heading is None:
            return "the page"
        title = _ATTRIBUTES.sub("", self.heading.title).strip()
        return f"{'#' * self.level} {title} (#{self.id})"


def heading_text(title):
    """The text of a heading as the rendered page shows it: without inline code's
    backquotes, link targets, emphasis marks and attributes."""
    title = _ATTRIBUTES.sub("", title)
    title = re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]",
                   lambda m: m[1] if m[1] is not None else m[2], title)
    title = re.sub(r"`+", "", title)
    return html.unescape(re.sub(r"<[^>]*>", "", title)).strip()


def of(page):
    """Every :class:`Section` of ``page`` (a ``model.Page``): the whole page first,
    then one per heading, in order."""
    blocks = page.blocks
    end = blocks[-1].end if blocks else 0
    headings = [b for b in blocks if isinstance(b, Heading)]
    found, used = [Section(None, 0, "", 0, end)], {}
    for i, heading in enumerate(headings):
        explicit = _EXPLICIT_ID.search(heading.title)
        ident = explicit[1] if explicit else slugify(heading_text(heading.title), "-")
        if ident in used:  # toc's unique(): the second "Results" is "results_1"
            used[ident] += 1
            ident = f"{ident}_{used[ident]}"
        used.setdefault(ident, 0)
        stop = next((h.start for h in headings[i + 1:] if h.level <= heading.level), end)
        found.append(Section(heading, heading.level, ident, heading.start, stop))
    return found


def standing(sections, lineno):
    """The section the 1-based line ``lineno`` stands in: the ``##`` section holding it,
    with all its subsections (a ``###`` often discusses what its section's blocks print),
    or, before the first ``##``, the whole page."""
    return max((s for s in sections if s.holds(lineno) and s.level <= 2),
               key=lambda s: s.level)


def innermost(sections, lineno):
    """The smallest of ``sections`` that holds the 1-based line ``lineno``."""
    return max((s for s in sections if s.holds(lineno)), key=lambda s: s.level)


def _paragraph(block, lineno):
    """The text of ``block`` that holds the 1-based line ``lineno``: the whole paragraph,
    or, in a list, the item that line belongs to."""
    at = lineno - 1 - block.start
    starts = [k for k, line in enumerate(block.lines) if _ITEM.match(line)]
    first = max((k for k in starts if k <= at), default=0)
    last = min((k for k in starts if k > at), default=len(block.lines))
    return "".join(block.lines[first:last])


def linked(page, sections, lineno):
    """The sections that the paragraph (or the list's item) holding line ``lineno``
    links to."""
    block = next((b for b in page.blocks if b.start < lineno <= b.end), None)
    text = _paragraph(block, lineno) if block is not None else ""
    ids = set(_SAME_PAGE_LINK.findall(text))
    return [s for s in sections if s.heading is not None and s.id in ids]
