"""The book's build, whatever drives it: each page parsed once, its blocks run once.

A :class:`Book` is made once per build, from its settings (``config.BuildConfig``), and
holds all of its state. It is the one module that calls every room of the core, in the
order of the data: :meth:`Book.add_pages` parses each page's Markdown into a model
(``page/``) and runs its chains of blocks with the cache (``run/``), which draws each
figure (``figures/``); every later step reads that model. :meth:`Book.check` checks what
the pages show against what their blocks gave (``checks/``); :meth:`Book.page_markdown`
puts each figure where its directive stands, and :meth:`Book.notebook` writes the page as
a notebook. :meth:`Book.typeset` gives a built page its maths typeset (``maths/``: one
MathJax process for the build, closed by :meth:`Book.close`). Nothing here imports
MkDocs: the book's MkDocs plugin (``mkdocs_glue/plugin.py``) calls these methods and
drives the rest of the glue (the labs, the serve cache, the search text) itself; another
engine would call the same methods (see MAINTAINING.md).
"""

import posixpath
from dataclasses import InitVar, dataclass

from . import site_files
from .checks import report
from .figures import markup
from .figures.draw import Drawing
from .maths.engine import TexError, Typesetter
from .maths.markup import typeset_page
from .page import directives, marks, notebook
from .page.lab import lab_chain
from .page.model import BlockSyntaxError, Page, parse_page, printed_fences
from .run import cache, key
from .run.runner import Stats, render_pages
from .run.store import Store


@dataclass
class Drawn:
    """One figure of a page: its directive, its drawing and where it is published."""

    figure: directives.Figure
    drawing: Drawing
    uri: str

    @property
    def svg(self):
        return self.drawing.svg

    @property
    def svg_dark(self):
        return self.drawing.svg_dark

    @property
    def uri_dark(self):
        return self.uri[: -len(".svg")] + "-dark.svg"

    def images(self):
        """``(uri, svg)`` of each image of the figure: light, dark, and the narrow
        light and dark ones a phone is given (``1-narrow.svg``, ``1-narrow-dark.svg``)
        where it has them."""
        stem, drawing = self.uri[: -len(".svg")], self.drawing
        return [(uri, svg) for uri, svg in (
            (self.uri, drawing.svg), (self.uri_dark, drawing.svg_dark),
            (f"{stem}-narrow.svg", drawing.narrow),
            (f"{stem}-narrow-dark.svg", drawing.narrow_dark)) if svg is not None]


@dataclass
class BuiltPage:
    """One page of a build: its source, its model, and what its blocks gave."""

    src: str  # the page's path in docs/, e.g. "learning/digits.md"
    markdown: str
    model: Page
    results: InitVar[list]  # one runner.FenceResult per fence of the model, in order

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
        drawing = [fence for fence in self.model.fences if fence.result.drawing is not None]
        return [Drawn(fence.figure, fence.result.drawing, f"figures/{stem}/{n}.svg")
                for n, fence in enumerate(drawing, start=1)]

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
        return notebook.notebook_uri(self.src)


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

    Attributes
    ----------
    compute_key, draw_key : str
        What every chain's result depends on besides its own code and data
        (``key.compute_key``), and every drawing besides its figure (``key.drawing_key``),
        computed once per build.
    store, drawings, stats, pages, labs
        The committed store of results (None when ``config.store`` is ``"off"``), the
        local cache of drawings, the statistics, each built page by source, and each
        lab's results by source (a ``FenceResult`` per code cell, figures drawn).
    """

    def __init__(self, config, *, notebooks=None):
        self.config = config
        self.root = config.root
        self.site_url, self.repo_url = config.site_url, config.repo_url
        nnbook = config.sources[0]
        self.compute_key = key.compute_key(nnbook)
        self.draw_key = key.drawing_key(nnbook, config.figures_code)
        self.store = (None if config.store == "off"
                      else Store(config.store_folder))
        self.drawings = cache.DrawingCache(config.cache_dir / "drawings",
                                           enabled=config.figure_cache)
        self._keys = set()  # the keys of the chains of the pages built
        self.stats = Stats()
        self.notebooks = {} if notebooks is None else notebooks
        self.pages = {}
        self.labs = {}
        self._data = None  # the data folder's files, once made (make_data)
        self._maths = None  # the MathJax process and its cache, once asked (maths)

    def make_data(self):
        """Make or bring up to date, once per build, the files of the book's data folder
        (``config.data_folder``; ``site_files.make_data``): all of MNIST, and the
        measurements of the performance page when the book has them. Return their paths.
        The site serves them, and the blocks of a page that declares data (``<!-- data``)
        read them: :meth:`add_pages` makes them before such a page runs."""
        if self._data is None:
            self._data = site_files.make_data(self.config)
        return self._data

    def make_site_files(self):
        """``(uri, path)`` of the files the site serves besides its pages: the data
        folder's (:meth:`make_data`)."""
        return [("data/" + path.name, path) for path in self.make_data()]

    @property
    def maths(self):
        """The build's MathJax (``maths.engine.Typesetter``), started when first asked;
        its answers kept in ``.cache/`` while the figure cache is on."""
        if self._maths is None:
            cache_file = self.config.cache_dir / "maths.json" if self.config.figure_cache else None
            self._maths = Typesetter(self.config.mathjax, cache_file)
        return self._maths

    def maths_stylesheet(self):
        """``(uri, css)``: MathJax's CSS for the typeset maths, which every page links."""
        return site_files.MATHS_STYLESHEET, self.maths.stylesheet()

    def typeset(self, src, page_html):
        """The built page ``src`` with its formulas typeset (``maths.markup``)."""
        try:
            return typeset_page(page_html, self.maths)[0]
        except TexError as error:
            raise TexError(f"{src}: {error}") from error

    def close(self):
        """End the build: stop MathJax's process and keep its answers for the next one."""
        if self._maths is not None:
            self._maths.close()
            self._maths = None

    def published_files(self):
        """``(uri, content)`` of what the built pages publish: each figure in both
        palettes (and narrow for a phone), the values the widgets fetch (``run/exports.py``), each page's notebook."""
        found = []
        for page in self.pages.values():
            for drawn in page.figures:
                found.extend(drawn.images())
            found.extend(page.exports)
            if page.notebook_uri:
                found.append((page.notebook_uri, self.notebook(page.src)))
        return found

    def check(self):
        """Once every page is built: bring the store up to date (``"write"``: forget
        what no chain uses) or check it (``"check"``); then raise ``errors.BuildError``
        if the store is out of date or a page shows what its blocks do not back
        (``report.check``)."""
        if self.store is not None and self.config.store == "write":
            self.store.prune(self._keys)
            self.store.save()
        report.check(self)

    def store_problems(self):
        """What makes the committed store out of date, one line each, where the build
        checks it (``config.store == "check"``): results it lacks or cannot use, and
        results no chain uses."""
        if self.store is None or self.config.store != "check":
            return []
        return (self.store.problems
                + [f"{where}: no current result in the store" for where in self.stats.missing]
                + [f"{entry.where}: a result no chain uses ({entry.key[:12]})"
                   for entry in self.store.unused(self._keys)])

    def summary(self):
        """The lines the build logs: the statistics, and each chain's time (debug)."""
        return report.summary(self.stats, self.config.jobs), report.timings(self.stats)

    def add_page(self, src, markdown):
        """Parse and run one page; raise ``BlockSyntaxError`` or
        ``execute.BlockError`` with the page and line when something is wrong."""
        return self.add_pages([(src, markdown)])[0]

    def add_pages(self, sources, jobs=1, progress=None, labs=()):
        """Parse and run many pages, given as ``(src, markdown)``, and labs, as ``(src,
        notebook text)``: the chains not in the store run on ``jobs`` processes
        (``config.jobs`` for the whole book), and ``progress(line)`` hears of each as
        it ends. Return the pages' :class:`BuiltPage`, in order; each lab's results go
        to :attr:`labs`."""
        models = [(src, markdown, parse_page(markdown, src))
                  for src, markdown in sources]
        if any(model.data or any(c.data for c in model.chains) for _, _, model in models):
            self.make_data()  # before the blocks that read them run
        runs = []
        for src, _, model in models:
            runs.append(self._run(src, model.chains, [model.data + c.data for c in model.chains]))
        for src, text in labs:  # a lab: one chain of its code cells, reading no data file
            runs.append(self._run(src, [lab_chain(text)], [[]]))
        all_results = render_pages(
            runs, self.store, self.drawings, self.draw_key, self.stats, jobs=jobs,
            data_folder=self.config.data_folder, write=self.config.store == "write",
            progress=progress)
        if self.store is not None and self.config.store == "write":
            self.store.save()
        built = []
        for (src, markdown, model), results in zip(models, all_results):
            built.append(BuiltPage(src, markdown, model, results))
            self.pages[src] = built[-1]
        for (src, _), results in zip(labs, all_results[len(models):]):
            self.labs[src] = results
        return built

    def _run(self, src, chains, data):
        """What :func:`runner.render_pages` is given for the chains of ``src``, each with
        the data files it reads (``data``), and their keys noted as used."""
        keys = [key.chain_key(chain, self.compute_key, self._data_key(src, names))
                for chain, names in zip(chains, data, strict=True)]
        self._keys.update(keys)
        return chains, src, f"docs/{src}", keys

    def _data_key(self, src, names):
        """The bytes of the data files ``names`` a chain reads (``<!-- data``), so that a
        new file computes it again."""
        try:
            return key.data_digest(self.root, names)
        except FileNotFoundError as error:
            raise BlockSyntaxError(f"{src}: {error}") from error

    def notebook(self, src):
        """The page as a notebook (``.ipynb`` text), from its model."""
        page = self.pages[src]
        key = (page.markdown, src, self.site_url, self.repo_url)
        if key not in self.notebooks:  # under serve, kept from an earlier build
            self.notebooks[key] = notebook.chapter_notebook(
                page.markdown, src, site_url=self.site_url, repo_url=self.repo_url,
                model=page.model)
        return self.notebooks[key]

    def page_markdown(self, src, markdown, url, notebook_href=None, label=""):
        """The page's Markdown for the site: each figure directive replaced by its
        ``<figure>`` (``figures/markup.py``; ``url(uri)`` is the address of a published
        file from the page), continued blocks marked, a number marked as the machine's
        as the build printed it (``page/marks.py``, whose ``html`` marks it in the
        HTML), and a download button for the notebook under the title."""
        page = self.pages.get(src)
        if page is None or markdown != page.markdown:  # changed since add_page: parse again
            page = self.add_page(src, markdown)
        model = page.model
        # Paragraphs with a class (attr_list), not raw HTML: Markdown reads raw HTML as a
        # block only at the top of a page, and would wrap it in a <p> inside a tab.
        # The other markers are the tests' business: inside a tab or a solution, Markdown
        # would show each as an empty paragraph.
        texts = {block: (f"{block.indent}Continues the previous block.\n"
                         f"{block.indent}{{: .nb-cont }}\n\n"
                         if block.keyword == "cont" else "")
                 for block in model.blocks if isinstance(block, directives.Marker)}
        # A number marked as the machine's: the one the build printed; under the output,
        # each one's window, for readers with no pointer to hover and on paper.
        for block, text in printed_fences(model, marked_only=True).items():
            said = marks.note(text)  # the numbers as the build printed them
            texts[block] = f"{text}\n{block.indent}{said}\n{block.indent}{{: .nb-machine-note }}\n"
        fence_of = {fence.figure: fence for fence in model.fences}
        for drawn in page.figures:
            figure = drawn.figure
            if figure.folded:  # the figure, then its block collapsed under it
                fence = fence_of[figure]
                code = model.between(fence.marker or fence.block, fence.block)
                folded = _folded(model.rewrite(texts, code), figure.indent)
                for block in model.between(code[0], figure):
                    texts[block] = ""
                texts[figure] = markup.figure_html(drawn, url) + "\n" + folded
            else:
                texts[figure] = markup.figure_html(drawn, url)
        if notebook_href:
            notebook.download_button(model, texts, notebook_href, label)
        return model.rewrite(texts)
