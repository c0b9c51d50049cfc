"""A page as the tests see it: chains of python blocks, each with what belongs to it.

The book writes its blocks by pytest-codeblocks' rules (so that a reader can run a page
with it; ``tests/book/test_fences.py`` keeps the two readings alike): a fence whose info
string is exactly ``python`` is a block; ``<!--pytest-codeblocks:cont-->`` before a
fence joins it to the previous block; ``<!--pytest-codeblocks:expected-output-->``
before a fence makes that fence the previous block's expected output. This module reads
the same rules from the page's blocks (``blocks.py``, cut once, their comments read by
``directives.py``), but keeps each fence apart (a figure belongs to one fence) and
groups joined fences into chains, which run in one namespace like pytest-codeblocks'
joined block.

Each python :class:`Fence` carries what belongs to it: its ``cont`` marker, its figure
directive and export comment (which must come right after it, the export first), its
expected output, and, once the build has run it, its result. ``numbers`` and ``data``
comments may stand anywhere. The page is written back by one function,
:meth:`Page.rewrite`, which gives each block a new text or keeps it: the site's Markdown,
the notebook's and the synced expected outputs (:func:`with_printed_outputs`) are all
made so.
"""

import re
from dataclasses import dataclass, field

from . import blocks, directives, marks
from .blocks import BlockSyntaxError


@dataclass(eq=False)
class Expected:
    """The output fence that the tests compare a chain's printed output with."""

    block: blocks.Fence
    marker: directives.Marker

    @property
    def text(self):
        return self.block.body

    def shows(self, printed):
        """Whether the page shows ``printed``: exactly, as pytest-codeblocks compares, or
        with all white space removed after ``expected-output-ignore-whitespace``; each
        number marked as depending on the machine in its window (``marks.py``)."""
        return self.problems(printed) == []

    def problems(self, printed):
        """``[]`` when the page shows ``printed``; else a sentence for each marked number
        outside its window, or ``None`` when ``printed`` differs elsewhere."""
        text = self.text
        if self.marker.keyword.endswith("ignore-whitespace"):
            text, printed = re.sub(r"\s+", "", text), re.sub(r"\s+", "", printed)
        if not marks.MARK.search(text):
            return [] if text == printed else None
        return marks.outside(text, printed)


@dataclass(eq=False)
class Fence:
    """One ```python fence of a page, and what belongs to it."""

    block: blocks.Fence
    marker: directives.Marker | None = None  # its cont marker
    figure: directives.Figure | None = None
    exports: tuple = ()  # names of its namespace published as JSON after it runs
    data: list = field(default_factory=list)  # files only its chain reads (<!-- data after it)
    expected: Expected | None = None
    result: object = None  # the runner.FenceResult the build gave it

    shows_last_value = False  # a notebook's cell shows its last line's value; a page's block prints
    figure_text = "no '<!-- figure' directive with alt and caption follows it"

    @property
    def code(self):
        return self.block.body

    @property
    def lineno(self):
        """The 1-based line of the opening fence, as pytest-codeblocks reports it."""
        return self.block.lineno

    @property
    def where(self):
        return f"the python block at line {self.lineno}"

    @property
    def cont(self):
        """Joined to the previous python fence."""
        return self.marker is not None

    @property
    def lines(self):
        """Its lines ``(first, end)``, 0-based, from its cont marker if it has one."""
        return (self.marker or self.block).start, self.block.end

    @property
    def expected_output(self):
        return None if self.expected is None else self.expected.text


@dataclass
class Chain:
    """Fences joined by ``cont``: one test item, one namespace."""

    fences: list = field(default_factory=list)

    @property
    def code(self):
        return "".join(f.code for f in self.fences)

    @property
    def fence_code(self):
        """Each fence's code, apart: what the keys of results read, so that the same
        code cut into other blocks is another chain, whose results come one per block."""
        return "\0".join(f.code for f in self.fences)

    @property
    def data(self):
        """The files only this chain reads: the ``<!-- data`` comments right after its
        fences (the page's own, at any other place, are read by every chain)."""
        return [name for fence in self.fences for name in fence.data]

    def shown(self, printed=None):
        """``[(fence, text)]``: each fence with an output fence, and what the chain printed
        that the output shows: from the fence after the previous one with an output
        through its own, and for the last through the chain's end (a chain with one
        output fence shows all it printed, as pytest-codeblocks compares). ``printed``:
        what each fence printed, in order (by default its ``result``, as the build ran it)."""
        printed = [f.result.output for f in self.fences] if printed is None else printed
        owners = [i for i, fence in enumerate(self.fences) if fence.expected is not None]
        found, start = [], 0
        for i in owners:
            end = len(self.fences) if i == owners[-1] else i + 1
            found.append((self.fences[i], "".join(printed[start:end])))
            start = end
        return found


@dataclass
class Page:
    """A page's blocks, its chains of python fences, and its page-wide comments."""

    blocks: list  # every block of the page, in order: blocks and directives types
    chains: list
    numbers: dict = field(default_factory=dict)  # quoted numbers no block prints: reasons
    book_numbers: dict = field(default_factory=dict)  # the same, for every page of the book
    data: list = field(default_factory=list)  # files every block reads, from the repository root

    @property
    def fences(self):
        return [fence for chain in self.chains for fence in chain.fences]

    @property
    def spans(self):
        """Every fence of the page, python or not (``blocks.Fence``)."""
        return [b for b in self.blocks if isinstance(b, blocks.Fence)]

    @property
    def prose(self):
        """``(1-based line, text)`` of the lines a reader reads as text: all but fences,
        blank lines and directives, though with the alt texts and captions of figures."""
        found = []
        for block in self.blocks:
            if (isinstance(block, (blocks.Fence, blocks.Blank))
                    or isinstance(block, directives.Directive)
                    and not isinstance(block, directives.Figure)):
                continue
            found += [(n + 1, line.rstrip("\n")) for n, line in
                      enumerate(block.lines, block.start) if line.strip()]
        return found

    def between(self, first, last):
        """The blocks from ``first`` to ``last``, both included."""
        start = next(i for i, b in enumerate(self.blocks) if b is first)
        end = next(i for i, b in enumerate(self.blocks) if b is last)
        return self.blocks[start:end + 1]

    def pieces(self, texts, part=None):
        """``(block, text)`` for each block (of the page, or of ``part``): its text in
        ``texts`` (a dict keyed by block), else its own."""
        return [(block, texts.get(block, block.text)) for block in part or self.blocks]

    def rewrite(self, texts, part=None):
        """The page (or its ``part``) with each block of ``texts`` (a dict) replaced by
        its text there: the one way the build writes a page."""
        return "".join(text for _, text in self.pieces(texts, part))


def with_body(block, body):
    """The text of the fence ``block`` holding ``body``: its fence lines and indent kept,
    blank lines left blank."""
    lines = [block.indent + line if line.strip() else line
             for line in body.splitlines(keepends=True)]
    return "".join([block.lines[0], *lines, block.lines[-1]])


def printed_fences(page, marked_only=False):
    """``{output fence block: its text showing what its chain printed}`` (each fence's
    ``result`` set); a number marked as the machine's keeps its window. With
    ``marked_only``, only the fences whose marks the chain's output fills."""
    texts = {}
    for chain in page.chains:
        for fence, printed in chain.shown():
            filled = marks.with_printed(fence.expected.text, printed)
            if filled is not None or not marked_only:
                texts[fence.expected.block] = with_body(fence.expected.block,
                                                        filled or printed)
    return texts


def with_printed_outputs(page):
    """The page's Markdown with each expected-output fence showing what its chain printed
    (:func:`printed_fences`)."""
    return page.rewrite(printed_fences(page))


def _right_after(fence, directive, page, what):
    if fence is None:
        raise BlockSyntaxError(f"{page}:{directive.lineno}: {what}")
    return fence


def parse_page(markdown, page="<page>"):
    """Return the :class:`Page` of ``markdown``.

    Raises
    ------
    BlockSyntaxError
        A directive unknown, malformed or out of place, a marker that joins what it
        cannot, a fence or comment not closed; the message starts with ``page:line``.
    """
    read = [directives.read(b, page) if isinstance(b, blocks.Comment) else b
            for b in blocks.tokenise(markdown, page)]
    model = Page(read, [])
    last_python, last_was_python = None, False
    pending = None  # a marker waiting for the next fence
    after = None  # the python fence that an export or figure may follow
    for block in read:
        if isinstance(block, blocks.Blank):
            continue
        previous, after = after, None
        if isinstance(block, directives.Numbers):
            (model.book_numbers if block.book else model.numbers).update(block.reasons)
        elif isinstance(block, directives.Data):  # after a fence: its chain's files only
            (previous.data if previous is not None else model.data).extend(block.files)
            after = previous
        elif isinstance(block, directives.Export):
            after = _right_after(previous, block, page, "an export comment must come right "
                                 "after the ```python block whose variables it publishes")
            after.exports += block.names
        elif isinstance(block, directives.Figure):
            _right_after(previous, block, page, "a figure directive must come right after "
                         "the ```python block that draws the figure").figure = block
        elif isinstance(block, directives.Marker):
            pending = block
        elif isinstance(block, blocks.Fence):
            marker, pending = pending, None
            if marker is not None and marker.keyword.startswith("expected-output"):
                owner = _right_after(last_python, marker, page, "pytest-codeblocks:"
                                     f"{marker.keyword} must follow a ```python block")
                owner.expected = Expected(block, marker)
                try:
                    marks.marks(block.body)
                except ValueError as error:
                    raise BlockSyntaxError(f"{page}:{block.lineno}: {error}") from None
                continue
            python = block.marker[0] == "`" and block.info.strip() == "python"
            if marker is not None and not (python and last_was_python):
                raise BlockSyntaxError(f"{page}:{block.lineno}: pytest-codeblocks:cont must "
                                       "join a ```python fence to a ```python fence")
            last_was_python = python
            if python:
                last_python = after = Fence(block, marker)
                if marker is None:
                    model.chains.append(Chain())
                model.chains[-1].fences.append(last_python)
    return model


def parse(markdown, page="<page>"):
    """Return the chains of python fences of ``markdown`` (those of :func:`parse_page`)."""
    return parse_page(markdown, page).chains


def figure_directives(markdown, page="<page>"):
    """Return every figure directive of ``markdown`` in order."""
    return [fence.figure for fence in parse_page(markdown, page).fences
            if fence.figure is not None]
