"""MkDocs hook of the book: MkDocs' events turned into calls of the build, and back.

MkDocs loads this file by its path; the build itself is the package ``bookbuild``
(installed by ``make setup`` from ``hooks/pyproject.toml``), whose core does not import
MkDocs: ``pipeline.Book`` holds the state of one build, made from its settings
(``config.BuildConfig``: ``mkdocs.yml``'s addresses and the environment's switches).
Here each event becomes a call of that Book or of the MkDocs glue
(``bookbuild/mkdocs_glue/``: the labs, the serve cache, the search text), each file the
build makes a MkDocs ``File``, and each ``BuildError`` a ``PluginError`` with the build's
message (any other error is a bug, and keeps its traceback).

- ``on_pre_build``: the settings read, the Book made, the labs set up (``lab_run.py``).
- ``on_files``: the data folder (``site_files.py``) and MathJax's stylesheet; every page parsed once
  and its blocks run, while the labs run in a thread; each page's figures, exported values
  and notebook published; the build stops on what a reader could not trust
  (``checks/report.py``).
- ``on_page_markdown``: each figure where its directive stands (``figures/markup.py``),
  and the notebook's download button.
- ``on_page_content``, ``on_post_page``: a lab's HTML fitted to the site, and the links
  of its downloaded copy pointing to the site (``labs.py``); the site's controls (copy
  and download buttons, source folds) kept out of the search index (``search_text.py``);
  the page given back as a fragment once the lightbox plugin has linked its images.
- ``on_post_page``: the page's maths typeset as SVG by MathJax in Node (``maths/``).
- ``on_post_build``: the search index gets the formulas as the text they show
  (``search_text.py``); MathJax's process stops.
- Under ``mkdocs serve``, the rebuilds reuse unchanged work (``serve_cache.py``).
"""

import contextlib
import logging
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import File

from bookbuild import pipeline
from bookbuild.config import NOTEBOOK_LABEL, BuildConfig
from bookbuild.errors import BuildError
from bookbuild.mkdocs_glue import lab_run, labs, search_text, serve_cache
from bookbuild.page import marks

log = logging.getLogger("mkdocs.hooks.book")
_serve = serve_cache.ServeCache()  # as long as the process: mkdocs serve's rebuilds
_book = None  # the current build's state: a pipeline.Book, made by on_pre_build
_labs = None  # the current build's labs: a lab_run.Labs, made by on_pre_build


@contextlib.contextmanager
def _stops():
    """What stops the build with a message for the author (where, and what to do)."""
    try:
        yield
    except BuildError as error:
        raise PluginError(str(error)) from error


def on_startup(command, dirty):
    if command == "serve":  # rebuilds after each edit: remember highlighting and search
        _serve.enable()


def on_pre_build(config):
    global _book, _labs
    # mkdocs serve keeps this process: forget nnbook so that edits to it are picked up.
    for name in [m for m in sys.modules if m == "nnbook" or m.startswith("nnbook.")]:
        del sys.modules[name]
    _serve.new_build()
    with _stops():
        settings = BuildConfig.read(config.config_file_path, site_url=config.site_url,
                                    repo_url=config.repo_url)
    _book = pipeline.Book(settings, notebooks=_serve.notebooks if _serve.enabled else None)
    _labs = lab_run.Labs(config.plugins.get("mkdocs-jupyter"), _book.env_key,
                         settings.cache_dir / "labs", enabled=settings.figure_cache)
    _labs.configure()


@event_priority(50)  # early: the figures must exist before anything indexes the files
def on_files(files, config):
    with _stops():
        for uri, path in _book.make_site_files():
            files.append(File.generated(config, uri, abs_src_path=str(path)))
        uri, css = _book.maths_stylesheet()
        files.append(File.generated(config, uri, content=css))
        pages = [(file.src_uri, file.content_string) for file in files.documentation_pages()
                 if file.src_uri.endswith(".md")]
        labs_done = _labs.start(files)  # in a thread, beside the chains
        try:
            _book.add_pages(pages, jobs=_book.config.jobs, progress=log.info)
        finally:
            labs_done()
        for uri, content in _book.published_files():
            files.append(File.generated(config, uri, content=content))
        _book.check()
    summary, timings = _book.summary()
    for line in timings:  # shown by mkdocs build --verbose
        log.debug(line)
    log.info(summary)
    return files


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    built = _book.pages.get(src)
    if built is None and not src.endswith(".md"):
        return markdown  # a lab: mkdocs-jupyter's page

    def url(uri):  # a published file's address, relative to this page
        return files.get_file_from_path(uri).url_relative_to(page.file)

    href = url(built.notebook_uri) if built is not None and built.notebook_uri else None
    with _stops():
        return _book.page_markdown(src, markdown, url, href, NOTEBOOK_LABEL)


@event_priority(10)  # before glightbox links the images: a lab's figures are files first
def _page_content(content, page, config, files):
    """A lab rendered by mkdocs-jupyter: the site's maths markup, alt texts, a download button,
    its figures as files. Every page: its numbers marked as the machine's shown so
    (``page/marks.py``), its controls marked for the search plugin, which removes the
    marks."""
    if page.file.src_uri.endswith(".ipynb"):
        def publish(uri, svg):  # a lab's figure: MkDocs copies the files after this event
            files.append(figure := File.generated(config, uri, content=svg))
            return figure.url_relative_to(page.file)

        with _stops():
            content = labs.fit_lab_page(content, Path(page.file.abs_src_path).read_text(
                encoding="utf-8"), page.file.src_uri, NOTEBOOK_LABEL, publish)
    content = marks.html(content)  # the numbers marked as the machine's
    return search_text.mark_unindexed(content) if _material_search(config) else content


_DOCUMENT = re.compile(r"\A<html><head></head><body>(.*)</body></html>\Z", re.S)


@event_priority(-100)  # after glightbox, before the search plugin reads the page
def _page_fragment(content, page, config, files):
    """The page's HTML as the fragment it was: mkdocs-glightbox gives it back as a whole
    document (its parser's), and the search plugin then cut the page's first section
    off its title (the index's entries changed, and with them the ranking). The links
    it makes (an image of a page's Markdown: the figures, a chapter's or a lab's, come
    with theirs, ``markup.zoomable``) get the image's alt."""
    whole = _DOCUMENT.match(content)
    content = whole.group(1) if whole else content
    # The images it linked give the lightbox's image their alt text.
    return _LINKED_IMAGE.sub(r'<a class="glightbox"\1 data-alt="\3">\2', content)


_LINKED_IMAGE = re.compile(r'<a class="glightbox"([^>]*)>(<img alt="([^"]*)")')


on_page_content = CombinedEvent(_page_content, _page_fragment)


def _material_search(config):  # the search plugin that skips and removes the marks
    return any(type(plugin).__module__.startswith("material.plugins.search")
               for plugin in config.plugins.values())


@event_priority(-50)  # after mkdocs-jupyter has copied the lab's notebook next to its page
def on_post_page(output, page, config):
    # The maths typeset after the search plugin has read the page (it indexes the TeX,
    # which search_text.py then turns into the text a reader sees).
    with _stops():
        output = _book.typeset(page.file.src_uri, output)
    if page.file.src_uri.endswith(".ipynb"):
        copy = Path(page.file.abs_dest_path).parent / Path(page.file.abs_src_path).name
        if copy.exists():
            copy.write_text(labs.lab_download(copy.read_text(encoding="utf-8"),
                                              posixpath.dirname(page.file.url),
                                              config.site_url or ""), encoding="utf-8")
    return output


def on_shutdown():
    # mkdocs serve stops: give pymdownx and the search plugin their own functions back
    # and forget what was remembered.
    _serve.disable()


def on_build_error(error):
    if _labs is not None:
        _labs.end()
    if _book is not None:
        _book.close()


def on_post_build(config):
    _labs.end()
    _book.close()  # MathJax's process, and its answers kept for the next build
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():  # what the reader sees: maths as text, numbers as typed
        search_text.rewrite_index(index)
    if _serve.enabled:
        log.info(_serve.summary())
