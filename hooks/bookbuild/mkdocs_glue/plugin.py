"""The book's MkDocs plugin (``book`` in ``mkdocs.yml``): MkDocs' events turned into calls
of the build, and back.

The build itself does not import MkDocs: ``pipeline.Book`` holds the state of one build,
made from its settings (``config.BuildConfig``: ``mkdocs.yml``'s addresses and the
environment's switches). Here each event becomes a call of that Book or of the other
glue modules (the labs, the serve cache, the search text, the lightbox's markup), each
file the build makes a MkDocs ``File``, and each ``BuildError`` a ``PluginError`` with
the build's message (any other error is a bug, and keeps its traceback). MkDocs keeps
one instance for the whole of ``mkdocs serve`` (it has ``on_startup``): the serve cache
lives on it, the current build's Book and labs beside it.

- ``on_pre_build``: the settings read, the Book made, the labs set up (``lab_run.py``).
- ``on_files``: the data folder and MathJax's stylesheet; every page parsed once, and its
  blocks and the labs' cells run, or their results taken from the store; each page's
  figures, exported values and notebook published; the build stops on what a reader
  could not trust.
- ``on_pre_page``: a lab's page rendered from its results.
- ``on_page_markdown``: each figure where its directive stands, and the notebook's
  download button.
- ``on_page_content``: a lab's HTML fitted to the site (``labs.py``); the page's numbers
  marked as the machine's; the site's controls kept out of the search index
  (``search_text.py``); the page given back as a fragment once the lightbox plugin has
  linked its images (``lightbox.py``).
- ``on_post_page``: the page's maths typeset as SVG by MathJax in Node; a lab's
  downloaded copy linked to the site.
- ``on_post_build``: the search index gets the formulas as the text they show; MathJax's
  process stops.
"""

import contextlib
import logging
import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File

from ..config import NOTEBOOK_LABEL, BuildConfig
from ..errors import BuildError
from ..page import marks
from ..pipeline import Book
from . import lab_run, labs, lightbox, search_text, serve_cache

log = logging.getLogger("mkdocs.plugins.book")


@contextlib.contextmanager
def _stops():
    """What stops the build with a message for the author (where, and what to do)."""
    try:
        yield
    except BuildError as error:
        raise PluginError(str(error)) from error


class BookPlugin(BasePlugin):
    def __init__(self):
        self.serve = serve_cache.ServeCache()  # as long as the process: serve's rebuilds
        self.book = None  # the current build's state, made by on_pre_build
        self.labs = None  # the current build's labs, made by on_pre_build

    def on_startup(self, command, dirty):
        if command == "serve":  # rebuilds after each edit: remember highlighting and search
            self.serve.enable()

    def on_pre_build(self, config):
        # mkdocs serve keeps this process: forget nnbook so that edits to it are picked up.
        for name in [m for m in sys.modules if m == "nnbook" or m.startswith("nnbook.")]:
            del sys.modules[name]
        self.serve.new_build()
        with _stops():
            settings = BuildConfig.read(config.config_file_path, site_url=config.site_url,
                                        repo_url=config.repo_url)
        self.book = Book(settings, notebooks=self.serve.notebooks if self.serve.enabled
                         else None)
        self.labs = lab_run.Labs(config.plugins.get("mkdocs-jupyter"),
                                 settings.cache_dir / "labs", enabled=settings.figure_cache)
        self.labs.configure()

    @event_priority(50)  # early: the figures must exist before anything indexes the files
    def on_files(self, files, config):
        book = self.book
        with _stops():
            for uri, path in book.make_site_files():
                files.append(File.generated(config, uri, abs_src_path=str(path)))
            uri, css = book.maths_stylesheet()
            files.append(File.generated(config, uri, content=css))
            pages = [(file.src_uri, file.content_string)
                     for file in files.documentation_pages() if file.src_uri.endswith(".md")]
            book.add_pages(pages, jobs=book.config.jobs, progress=log.info,
                           labs=self.labs.sources(files))
            for uri, content in book.published_files():
                files.append(File.generated(config, uri, content=content))
            book.check()
        summary, timings = book.summary()
        for line in timings:  # shown by mkdocs build --verbose
            log.debug(line)
        log.info(summary)
        return files

    @event_priority(-10)  # after mkdocs-jupyter has made a lab's page its own
    def on_pre_page(self, page, config, files):
        with _stops():  # a lab's page from its results
            self.labs.render(page, self.book.labs.get(page.file.src_uri))
        return page

    def on_page_markdown(self, markdown, page, config, files):
        src = page.file.src_uri
        built = self.book.pages.get(src)
        if built is None and not src.endswith(".md"):
            return markdown  # a lab: mkdocs-jupyter's page

        def url(uri):  # a published file's address, relative to this page
            return files.get_file_from_path(uri).url_relative_to(page.file)

        href = url(built.notebook_uri) if built is not None and built.notebook_uri else None
        with _stops():
            return self.book.page_markdown(src, markdown, url, href, NOTEBOOK_LABEL)

    @event_priority(10)  # before glightbox links the images: a lab's figures are files first
    def _page_content(self, content, page, config, files):
        """A lab rendered by mkdocs-jupyter: the site's maths markup, alt texts, a download
        button, its figures as files. Every page: its numbers marked as the machine's
        shown so (``page/marks.py``), its controls marked for the search plugin, which
        removes the marks."""
        if page.file.src_uri.endswith(".ipynb"):
            def publish(uri, svg):  # a lab's figure: MkDocs copies the files after this event
                files.append(figure := File.generated(config, uri, content=svg))
                return figure.url_relative_to(page.file)

            with _stops():
                content = labs.fit_lab_page(content, Path(page.file.abs_src_path).read_text(
                    encoding="utf-8"), page.file.src_uri, NOTEBOOK_LABEL, publish)
        content = marks.html(content)  # the numbers marked as the machine's
        return (search_text.mark_unindexed(content) if search_text.removes_marks(config)
                else content)

    @event_priority(-100)  # after glightbox, before the search plugin reads the page
    def _page_fragment(self, content, page, config, files):
        return lightbox.fragment(content)

    on_page_content = CombinedEvent(_page_content, _page_fragment)

    @event_priority(-50)  # after mkdocs-jupyter has copied the lab's notebook beside its page
    def on_post_page(self, output, page, config):
        # The maths typeset after the search plugin has read the page (it indexes the TeX,
        # which search_text.py then turns into the text a reader sees).
        with _stops():
            output = self.book.typeset(page.file.src_uri, output)
        if page.file.src_uri.endswith(".ipynb"):
            copy = Path(page.file.abs_dest_path).parent / Path(page.file.abs_src_path).name
            if copy.exists():
                copy.write_text(labs.lab_download(copy.read_text(encoding="utf-8"),
                                                  posixpath.dirname(page.file.url),
                                                  config.site_url or ""), encoding="utf-8")
        return output

    def on_shutdown(self):
        # mkdocs serve stops: give pymdownx and the search plugin their own functions back
        # and forget what was remembered.
        self.serve.disable()

    def on_build_error(self, error):
        if self.book is not None:
            self.book.close()

    def on_post_build(self, config):
        self.book.close()  # MathJax's process, and its answers kept for the next build
        index = Path(config.site_dir) / "search" / "search_index.json"
        if index.exists():  # what the reader sees: maths as text, numbers as typed
            search_text.rewrite_index(index)
        if self.serve.enabled:
            log.info(self.serve.summary())
