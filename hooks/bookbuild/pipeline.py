"""The book's build, whatever drives it: each page parsed once, its blocks run once.

A :class:`Book` is made once per build, from its settings (``config.BuildConfig``), and
holds all of its state. For each page, :meth:`Book.add_page` parses the
Markdown into a page model (``page_model.Page``) and runs its chains of blocks
(``block_runner``, with the cache); every later step reads that model, and
:meth:`Book.check` checks what the pages show against what their blocks gave
(``report``). :meth:`Book.page_markdown` then puts each figure where its directive
stands, found by its place in the model, and :meth:`Book.notebook` writes the page as a
notebook. Nothing here imports MkDocs: ``book.py`` is the thin MkDocs hook that calls it,
and another engine would call the same three methods (see the README).
"""

import hashlib
import posixpath
from dataclasses import InitVar, dataclass

from . import site_files
from .checks import report
from .mkdocs_glue import lab_run
from .page import directives, model as page_model, notebook as notebooks
from .run import cache, runner as block_runner


@dataclass
class Drawn:
    """One figure of a page: its directive, its two SVGs and where they are published."""

    figure: directives.Figure
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
    results: InitVar[list]  # one block_runner.FenceResult per fence of the model, in order

    def __post_init__(self, results):
        # The one place where results meet fences by position: the runner gives them in
        # the fences' order. From here on each fence carries its own.
        for fence, result in zip(self.model.fences, results, strict=True):
            fence.result = result

    @property
    def figures(self):
        """A :class:`Drawn` for each figure, with its fence's result; the figures of
        ``learning/digits.md`` are ``figures/learning/digits/1.svg``, ``2.svg``, ...
        (``1-dark.svg``, ... for the dark palette)."""
        stem = posixpath.splitext(self.src)[0]
        drawing = [fence for fence in self.model.fences if fence.result.svg is not None]
        return [Drawn(fence.figure, fence.result.svg, fence.result.svg_dark,
                      f"figures/{stem}/{n}.svg") for n, fence in enumerate(drawing, start=1)]

    @property
    def exports(self):
        """``(uri, JSON text)`` of each exported value, published next to the page:
        ``learning/digits.md`` exports ``digit_net`` as ``learning/digits/digit_net.json``."""
        stem = posixpath.splitext(self.src)[0]
        return [(f"{stem}/{name}.json", text) for fence in self.model.fences
                for name, text in fence.result.exports.items()]

    @property
    def notebook_uri(self):
        """Where the page's notebook is published; None for a page without blocks and for
        the home page, whose one short example is no chapter to follow in Jupyter."""
        if not self.model.chains or self.src == "index.md":
            return None
        return notebooks.notebook_uri(self.src)


def _folded(text, indent):
    """A fence's text in a collapsed "Code of the figure" box (pymdownx.details)."""
    return "".join([f'{indent}??? example "Code of the figure"\n\n',
                    *(f"{indent}    {line[len(indent):]}" if line.strip() else line
                      for line in text.splitlines(keepends=True)), "\n"])


class Book:
    """The state of one build: all of it, so that nothing is left in a module between
    builds.

    Parameters
    ----------
    config : config.BuildConfig
        The build's settings, read once.
    notebooks : dict, optional
        The pages' notebooks by their text and addresses: ``mkdocs serve`` hands each
        build the same one (``serve_cache.ServeCache.notebooks``), so that an unchanged
        page's notebook is not made again.
    labs_plugin : mkdocs-jupyter's plugin, optional
        The plugin that renders the labs (``lab_run.Labs``).

    Attributes
    ----------
    env_key : str
        What every figure depends on besides its own code (``cache.environment_key``),
        computed once per build for the chapters' chains and the labs alike.
    cache, labs, stats, pages
        The figure cache, the labs' run, the statistics, and each built page by source.
    """

    def __init__(self, config, *, notebooks=None, labs_plugin=None):
        self.config = config
        self.root = config.root
        self.site_url, self.repo_url = config.site_url, config.repo_url
        self.env_key = cache.environment_key(config.sources)
        self.cache = cache.FigureCache(config.cache_dir / "figures", enabled=config.figure_cache)
        self.labs = lab_run.Labs(labs_plugin, self.env_key, config.cache_dir / "labs",
                                 enabled=config.figure_cache)
        self.stats = block_runner.Stats()
        self.notebooks = {} if notebooks is None else notebooks
        self.pages = {}

    def site_files(self):
        """``(uri, path)`` of the files the site serves besides its pages (``site_files``)."""
        return site_files.mathjax_files(self.config) + site_files.data_files(self.config)

    def published_files(self):
        """``(uri, content)`` of what the built pages publish: each figure in both
        palettes, the values the widgets fetch (``exports.py``), each page's notebook."""
        found = []
        for page in self.pages.values():
            for drawn in page.figures:
                found.append((drawn.uri, drawn.svg))
                if drawn.svg_dark is not None:
                    found.append((drawn.uri_dark, drawn.svg_dark))
            found.extend(page.exports)
            if page.notebook_uri:
                found.append((page.notebook_uri, self.notebook(page.src)))
        return found

    def check(self):
        """Raise ``errors.BuildError`` if a page shows what its blocks do not back
        (``report.check``)."""
        report.check(self)

    def summary(self):
        """The lines the build logs: the statistics, and each chain's time (debug)."""
        return report.summary(self.stats, self.config.jobs), report.timings(self.stats)

    def close(self):
        """End the build, whether it failed or not: the labs' own folder goes."""
        self.labs.end()

    def add_page(self, src, markdown):
        """Parse and run one page; raise ``page_model.BlockSyntaxError`` or
        ``block_runner.BlockError`` with the page and line when something is wrong."""
        return self.add_pages([(src, markdown)])[0]

    def add_pages(self, sources, jobs=1):
        """Parse and run many pages, given as ``(src, markdown)``: the chains not in the
        cache run on ``jobs`` processes (``config.jobs`` for the whole book). Return their
        :class:`BuiltPage`, in order."""
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

    def notebook(self, src):
        """The page as a notebook (``.ipynb`` text), from its model."""
        page = self.pages[src]
        key = (page.markdown, src, self.site_url, self.repo_url)
        if key not in self.notebooks:  # under serve, kept from an earlier build
            self.notebooks[key] = notebooks.chapter_notebook(
                page.markdown, src, site_url=self.site_url, repo_url=self.repo_url,
                model=page.model)
        return self.notebooks[key]

    def page_markdown(self, src, markdown, figure_html, notebook_href=None, label=""):
        """The page's Markdown for the site: each figure directive replaced by
        ``figure_html(drawn)`` (a :class:`Drawn`), continued blocks marked, and a download
        button for the notebook under the title."""
        page = self.pages.get(src)
        if page is None or markdown != page.markdown:  # changed since add_page: parse again
            page = self.add_page(src, markdown)
        model = page.model
        cont = '<p class="nb-cont">Continues the previous block.</p>\n\n'
        texts = {block: block.indent + cont for block in model.blocks
                 if isinstance(block, directives.Marker) and block.keyword == "cont"}
        fence_of = {fence.figure: fence for fence in model.fences}
        for drawn in page.figures:
            figure = drawn.figure
            if figure.folded:  # the figure, then its block collapsed under it
                fence = fence_of[figure]
                code = model.between(fence.marker or fence.block, fence.block)
                folded = _folded(model.rewrite(texts, code), figure.indent)
                for block in model.between(code[0], figure):
                    texts[block] = ""
                texts[figure] = figure_html(drawn) + "\n" + folded
            else:
                texts[figure] = figure_html(drawn)
        if notebook_href:
            notebooks.download_button(model, texts, notebook_href, label)
        return model.rewrite(texts)
