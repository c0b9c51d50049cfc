"""The book's build, whatever drives it: each page parsed once, its blocks run once.

A :class:`Book` is made once per build. For each page, :meth:`Book.add_page` parses the
Markdown into a page model (``page_model.Page``) and runs its chains of blocks
(``block_runner``, with the cache); every later step reads that model, and
:meth:`Book.unbacked_numbers` checks the numbers the prose quotes (``prose_numbers``). :meth:`Book.page_markdown` then puts each figure where its directive
stands, found by its place in the model, and :meth:`Book.notebook` writes the page as a
notebook. Nothing here imports MkDocs: ``book.py`` is the thin MkDocs hook that calls it,
and another engine would call the same three methods (see the README).
"""

import hashlib
import re
import posixpath
from dataclasses import dataclass
from pathlib import Path

from . import block_runner, notebooks, page_model, prose_numbers

_CONT = page_model.marker_lines("cont")


@dataclass
class Drawn:
    """One figure of a page: its directive, its two SVGs and where they are published."""

    figure: page_model.Figure
    svg: bytes
    svg_dark: bytes | None
    uri: str

    @property
    def uri_dark(self):
        return self.uri[: -len(".svg")] + "-dark.svg"


@dataclass
class BuiltPage:
    """One page of a build: its source, its model, and what its blocks gave."""

    src: str  # the page's path in docs/, e.g. "learning/digits.md"
    markdown: str
    model: page_model.Page
    results: list  # one block_runner.FenceResult per fence of the model, in order

    @property
    def figures(self):
        """A :class:`Drawn` for each figure, matched by its fence; the figures of
        ``learning/digits.md`` are ``figures/learning/digits/1.svg``, ``2.svg``, ...
        (``1-dark.svg``, ... for the dark palette)."""
        stem = posixpath.splitext(self.src)[0]
        drawn = [(fence.figure, result) for fence, result
                 in zip(self.model.fences, self.results) if result.svg is not None]
        return [Drawn(figure, result.svg, result.svg_dark, f"figures/{stem}/{n}.svg")
                for n, (figure, result) in enumerate(drawn, start=1)]

    @property
    def exports(self):
        """``(uri, JSON text)`` of each exported value, published next to the page:
        ``learning/digits.md`` exports ``digit_net`` as ``learning/digits/digit_net.json``."""
        stem = posixpath.splitext(self.src)[0]
        return [(f"{stem}/{name}.json", text) for result in self.results
                for name, text in result.exports.items()]

    @property
    def notebook_uri(self):
        return notebooks.notebook_uri(self.src) if self.model.chains else None


def _folded(lines, indent):
    """A fence's lines in a collapsed "Code of the figure" box (pymdownx.details)."""
    return [f'{indent}??? example "Code of the figure"\n\n',
            *(f"{indent}    {line[len(indent):]}" if line.strip() else line for line in lines),
            "\n"]


class Book:
    """The state of one build: the figure cache, the statistics, and the built pages."""

    def __init__(self, root, *, cache_enabled=True, site_url="", repo_url=""):
        self.root = Path(root)
        self.cache = block_runner.FigureCache(self.root / ".cache" / "figures",
                                              enabled=cache_enabled)
        self.env_key = block_runner.environment_key(self.root)
        self.stats = block_runner.Stats()
        self.site_url, self.repo_url = site_url, repo_url
        self.pages = {}

    def add_page(self, src, markdown):
        """Parse and run one page; raise ``page_model.BlockSyntaxError`` or
        ``block_runner.BlockError`` with the page and line when something is wrong."""
        return self.add_pages([(src, markdown)])[0]

    def add_pages(self, sources, jobs=1):
        """Parse and run many pages, given as ``(src, markdown)``: the chains not in the
        cache run on ``jobs`` processes. Return their :class:`BuiltPage`, in order."""
        models = [(src, markdown, page_model.parse_page(markdown, src))
                  for src, markdown in sources]
        runs = [(model.chains, src, f"docs/{src}", self.env_key + self._data_key(src, model))
                for src, _, model in models]
        all_results = block_runner.render_pages(runs, self.cache, self.stats, jobs=jobs)
        built = []
        for (src, markdown, model), results in zip(models, all_results):
            built.append(BuiltPage(src, markdown, model, results))
            self.pages[src] = built[-1]
        return built

    def _data_key(self, src, model):
        """The bytes of the data files the page declares (``<!-- data``), so that a new
        file redraws the page's figures."""
        digest = hashlib.sha256()
        for name in model.data:
            path = self.root / name
            if not path.is_file():
                raise page_model.BlockSyntaxError(
                    f"{src}: the data file {name} declared by the page does not exist")
            digest.update(name.encode() + b"\0" + path.read_bytes())
        return digest.hexdigest() if model.data else ""

    def unreadable_texts(self):
        """``"page: line N: problem"`` for each text of a figure that cannot be read
        (``figure_text``): written over another, cut off, or across a plot's frame."""
        return [f"{page.src}: line {fence.lineno}: {problem}"
                for page in self.pages.values()
                for fence, result in zip(page.model.fences, page.results)
                for problem in result.unreadable]

    def stale_outputs(self):
        """``"page: line N: ..."`` for every chain whose printed output differs from the
        output fence the page shows (``stale_chains``)."""
        return [f"{page.src}: {problem}" for page in self.pages.values()
                for problem in stale_chains(page.model.chains,
                                            [result.output for result in page.results])]

    def unbacked_numbers(self):
        """``"page: line N: number"`` for every quoted number that nothing backs."""
        found = []
        for page in self.pages.values():
            shown = [text for r in page.results for text in [r.output, *r.texts]]
            missing = prose_numbers.unbacked(page.model, shown)
            if missing:
                found.append(f"{page.src}: " + ", ".join(missing))
        return found

    def notebook(self, src):
        """The page as a notebook (``.ipynb`` text), from its model."""
        page = self.pages[src]
        return notebooks.chapter_notebook(page.markdown, src, site_url=self.site_url,
                                          repo_url=self.repo_url, model=page.model)

    def page_markdown(self, src, markdown, figure_html, notebook_href=None, label=""):
        """The page's Markdown for the site: each figure directive replaced by
        ``figure_html(drawn)`` (a :class:`Drawn`), continued blocks marked, and a download
        button for the notebook under the title."""
        page = self.pages.get(src)
        if page is None or markdown != page.markdown:  # changed since add_page: parse again
            page = self.add_page(src, markdown)
        lines = markdown.splitlines(keepends=True)
        fence_of = {id(fence.figure): fence for fence in page.model.fences}
        # Replace from the end so that earlier line numbers stay valid.
        for drawn in reversed(page.figures):
            figure = drawn.figure
            if figure.folded:  # the figure, then its block collapsed under it
                first, end = fence_of[id(figure)].lines
                lines[first:figure.end] = [figure_html(drawn), "\n",
                                           *_folded(lines[first:end], figure.indent)]
            else:
                lines[figure.start:figure.end] = [figure_html(drawn)]
        markdown = _CONT.sub(r'\1<p class="nb-cont">Continues the previous block.</p>\n\n',
                             "".join(lines))
        if notebook_href:
            markdown = notebooks.download_button(markdown, notebook_href, label)
        return markdown


def stale_chains(chains, printed):
    """``"line N: ..."`` for every chain whose printed output differs from the output
    fence the page shows; ``printed`` holds what each fence of ``chains`` printed, in
    order. Like pytest-codeblocks, the output of the whole chain is compared with its one
    expected output, exactly (or without whitespace where the page says
    ``expected-output-ignore-whitespace``)."""
    found, outputs = [], iter(printed)
    for chain in chains:
        got = "".join(next(outputs) for _ in chain.fences)
        for fence in chain.fences:
            if fence.expected_output is None:
                continue
            expected, shown = fence.expected_output, got
            if fence.expected_ignore_whitespace:
                expected, shown = (re.sub(r"\s+", "", t) for t in (expected, shown))
            if expected != shown:
                found.append(f"line {fence.lineno}: the page shows\n"
                             f"{fence.expected_output}but the chain prints\n{got}")
    return found
