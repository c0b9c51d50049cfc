"""MkDocs hook of the book: MathJax from the site itself, and figures drawn at build time.

- ``on_files`` copies MathJax from ``node_modules/mathjax`` (installed by ``npm ci``,
  never committed) into the build, then runs every chapter's Python blocks (see
  ``figures.py``) and adds the SVG figures they draw as generated files.
- Every number the prose quotes must be printed or drawn by the page's blocks, or listed
  with a reason (``prose_numbers.py``); the build fails otherwise.
- ``on_page_markdown`` puts each figure, with its alt text and caption, where the
  chapter's ``<!-- figure`` directive stands.
- Notebooks (``notebooks.py``): each page with Python blocks is also published as
  ``notebooks/<page>.ipynb``, with a download button under its title.
- Under ``mkdocs serve`` (``serve_cache.py``), code highlighting and search entries of
  unchanged blocks and pages are reused from the previous rebuild.
- Labs (``labs.py``): mkdocs-jupyter runs ``docs/labs/*.ipynb``; ``on_page_content`` fits
  its HTML to the site, and their outputs are cached by nnbook's source like the figures.
"""

import html
import logging
import posixpath
import re
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

import blocks
import figures
import labs
import notebooks
import prose_numbers
import serve_cache

log = logging.getLogger("mkdocs.hooks.book")

# What of MathJax's es5 folder the site needs: the TeX-to-CHTML bundle, its fonts, and
# what it loads on demand (TeX extensions, the accessibility menu and speech rules).
MATHJAX_PARTS = ("tex-chtml.js", "input", "output/chtml", "a11y", "ui", "sre")
_figures_by_page = {}
_notebook_by_page = {}
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
    return config


def on_pre_build(config):
    # mkdocs serve keeps this process: forget nnbook so that edits to it are picked up.
    for name in [m for m in sys.modules if m == "nnbook" or m.startswith("nnbook.")]:
        del sys.modules[name]
    serve_cache.stats.update(blocks_reused=0, pages_reused=0)
    labs.configure_labs(config, _root(config), figures.environment_key(_root(config)),
                        enabled=figures.cache_enabled())


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


@event_priority(50)  # early: the figures must exist before anything indexes the files
def on_files(files, config):
    _add_mathjax(files, config)
    root = _root(config)
    cache = figures.FigureCache(root / ".cache" / "figures", enabled=figures.cache_enabled())
    env_key = figures.environment_key(root)
    stats = figures.Stats()
    _figures_by_page.clear()
    _notebook_by_page.clear()
    unbacked = []  # every page's unbacked numbers, reported together
    for file in list(files.documentation_pages()):
        page = file.src_uri
        try:
            model = blocks.parse_page(file.content_string, page)
            results = figures.render_page(
                model.chains, page, f"docs/{page}", cache, env_key, stats
            )
        except (blocks.BlockSyntaxError, figures.BlockError) as error:
            raise PluginError(str(error)) from error
        missing = prose_numbers.unbacked(model, [t for r in results for t in [r.output, *r.texts]])
        if missing:
            unbacked.append(f"{page}: " + ", ".join(missing))
        chains = model.chains
        svgs = [r.svg for r in results if r.svg is not None]
        stem = posixpath.splitext(page)[0]
        _figures_by_page[page] = []
        for number, svg in enumerate(svgs, start=1):
            generated = File.generated(config, f"figures/{stem}/{number}.svg", content=svg)
            files.append(generated)
            _figures_by_page[page].append((generated, svg))
        if chains:  # the page as a notebook: prose and code cells, in order
            _notebook_by_page[page] = notebooks.notebook_uri(page)
            files.append(File.generated(
                config, _notebook_by_page[page], content=notebooks.chapter_notebook(
                    file.content_string, page, site_url=config.site_url or "",
                    repo_url=config.repo_url or "")))
    if unbacked:
        raise PluginError(
            "numbers of the prose that no block prints or draws:\n  " + "\n  ".join(unbacked)
            + "\nPrint them, or list each in a '<!-- numbers' comment of its page with the "
            "reason it needs no output.")
    slowest = sorted(stats.timings, reverse=True)[:3]
    log.info(
        "figures: %d drawn, %d reused from the cache; %d code chains run in %.1f s%s",
        stats.drawn, stats.reused, stats.chains_run, stats.seconds,
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


def _figure_html(figure, file, page, svg):
    size = _svg_size(svg)
    dims = f' width="{size[0]}" height="{size[1]}"' if size else ""
    src = file.url_relative_to(page.file)
    pad = figure.indent
    return (
        f'{pad}<figure class="nb-figure" markdown="1">\n'
        f'{pad}<img src="{html.escape(src)}" alt="{html.escape(figure.alt)}"{dims}>\n'
        f'{pad}<figcaption markdown="span">{figure.caption}</figcaption>\n'
        f"{pad}</figure>\n"
    )


_CONT = re.compile(r"^([ \t]*)<!--[-\s]*pytest-codeblocks:cont[-\s]*-->[ \t]*$", re.M)


def _mark_continued_blocks(markdown):
    """Tell the reader which blocks continue the one before (they share its variables)."""
    return _CONT.sub(
        r'\1<p class="nb-cont">Continues the previous block.</p>\n', markdown
    )


def on_page_markdown(markdown, page, config, files):
    src = page.file.src_uri
    directives = blocks.figure_directives(markdown, src)
    drawn = _figures_by_page.get(src, [])
    if len(directives) != len(drawn):
        raise PluginError(
            f"{src}: {len(directives)} figure directives but {len(drawn)} figures drawn"
        )
    lines = markdown.splitlines(keepends=True)
    # Replace from the end so that earlier line numbers stay valid.
    for figure, (file, svg) in reversed(list(zip(directives, drawn))):
        lines[figure.start:figure.end] = [_figure_html(figure, file, page, svg)]
    markdown = _mark_continued_blocks("".join(lines))
    if src in _notebook_by_page:
        href = posixpath.relpath(_notebook_by_page[src], posixpath.dirname(src) or ".")
        markdown = notebooks.download_button(markdown, href, NOTEBOOK_LABEL)
    return markdown


def on_page_content(content, page, config, files):
    """A lab rendered by mkdocs-jupyter: the site's MathJax, alt texts, a download button."""
    if not page.file.src_uri.endswith(".ipynb"):
        return content
    source = Path(page.file.abs_src_path)
    content, missing = labs.fit_lab_html(
        content, labs.lab_alt_texts(source.read_text(encoding="utf-8")), source.name,
        NOTEBOOK_LABEL)
    if missing:
        raise PluginError(
            f"{page.file.src_uri}: the figures of cells {', '.join(missing)} have no alt "
            'text: give each such code cell a metadata entry "alt" saying what it shows'
        )
    return content



def on_post_build(config):
    if serve_cache.enabled():
        log.info("serve: %d code blocks and %d pages' search entries reused from the last build",
                 serve_cache.stats["blocks_reused"], serve_cache.stats["pages_reused"])
