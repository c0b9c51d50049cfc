"""Every page with Python blocks as a Jupyter notebook, made at build time.

``chapter_notebook`` turns a chapter's Markdown into an ``.ipynb`` with jupytext:
prose becomes markdown cells and each ```` ```python ```` block a code cell, in order. The
Markdown is first made plain for Jupyter, from the page's blocks (``blocks.py``, never
the raw text again): HTML comments go (a figure directive leaves its caption, an
expected-output marker a label), a widget becomes a note that says what it shows and
where, admonitions become a bold title over their dedented body (so the code of a
``??? success "Solution"`` block is a code cell too), maths ``\\(…\\)``/``\\[…\\]`` becomes
``$…$``/``$$…$$``, and links to other pages point to the site. A first cell says how to
install nnbook.
"""

import html
import itertools
import posixpath
import re

import jupytext
import nbformat

from . import directives, marks
from .blocks import Admonition, Blank, Comment, Fence, Heading, Widget
from .model import parse_page, with_body
from .stand_ins import stand_in_elsewhere

# A relative link: to a page (``.md``) or to a file the site serves (the data, say).
_MD_LINK = re.compile(r"\]\((?!https?:|mailto:|#|/)([^)\s#]+)(#[^)\s]*)?\)")
_INLINE_CODE = re.compile(r"(`+).*?\1", re.S)


def notebook_uri(page):
    """Where the notebook of ``page`` (a docs-relative ``.md`` path) is published."""
    return "notebooks/" + posixpath.splitext(page)[0] + ".ipynb"


def _page_url(page, site_url):
    stem = posixpath.splitext(page)[0]
    path = "" if stem == "index" else (stem[: -len("/index")] if stem.endswith("/index")
                                        else stem) + "/"
    return site_url.rstrip("/") + "/" + path


def _flatten_admonitions(lines):
    """``!!! kind "Title"`` + 4-space-indented body -> ``**Title**`` + the dedented body.

    ``lines`` are ``(text, block)`` pairs, each line with the page block it comes from,
    so that the same pairs come out with the boxes' bodies dedented."""
    out, i = [], 0
    while i < len(lines):
        line, title_block = lines[i]
        if not isinstance(title_block, Admonition):
            out.append(lines[i])
            i += 1
            continue
        indent, title = title_block.indent, title_block.title
        body, i = [], i + 1
        while i < len(lines) and (not lines[i][0].strip()
                                  or lines[i][0].startswith(indent + "    ")):
            text, block = lines[i]
            body.append((text[len(indent) + 4:] if text.strip() else "\n", block))
            i += 1
        while body and not body[-1][0].strip():
            body.pop()
        out.append(("\n", None))
        if title:
            out.append((f"{indent}**{title}**\n\n", None))
        out.extend((indent + text if text.strip() else text, block)
                   for text, block in _flatten_admonitions(body))
        out.append(("\n", None))
    return out


def _maths_to_dollars(text):
    """``\\(x\\)`` -> ``$x$`` and ``\\[x\\]`` -> ``$$x$$``, outside inline code."""
    pieces, pos = [], 0
    for match in _INLINE_CODE.finditer(text):
        pieces += [_swap_delimiters(text[pos:match.start()]), match.group(0)]
        pos = match.end()
    pieces.append(_swap_delimiters(text[pos:]))
    return "".join(pieces)


def _swap_delimiters(text):
    text = re.sub(r"(?<!\\)\\\[(.*?)(?<!\\)\\\]", r"$$\1$$", text, flags=re.S)
    return re.sub(r"(?<!\\)\\\((.*?)(?<!\\)\\\)", r"$\1$", text, flags=re.S)


def links_to_site(text, folder, site_url, page=None):
    """Relative Markdown links of ``text`` made absolute on the site: a notebook on disk has
    no pages beside it. ``folder`` is where the links start from: a chapter's folder in
    docs/ (links to ``.md`` files), or a lab page's URL (links to pages' URLs). A link of
    a query only (``?tr-lr=30``, a chapter's "try it") goes to the ``page`` itself (its
    path in docs/), or to the lab page ``folder``."""
    def absolute(match):
        link = match.group(1)
        if link.startswith("?"):
            base = (_page_url(page, site_url) if page is not None
                    else site_url.rstrip("/") + "/" + folder + "/")
            return f"]({base}{link}{match.group(2) or ''})"
        target = posixpath.normpath(posixpath.join(folder, link))
        if target.endswith(".md"):
            url = _page_url(target, site_url)
        else:  # a file, or a page's URL ("." is the home page)
            path = "" if target == "." else target + ("/" if link.endswith("/") else "")
            url = site_url.rstrip("/") + "/" + path
        return f"]({url}{match.group(2) or ''})"
    return _MD_LINK.sub(absolute, text)


def _widget_note(widget_html, page, site_url):
    """A widget needs the page's JavaScript: in a notebook, its stand-in says where it is."""
    fallback = re.search(r'<p class="nb-widget-fallback">(.*?)</p>', widget_html, re.S)
    text = " ".join(re.sub(r"<[^>]+>", "", fallback.group(1) if fallback else "").split())
    url = _page_url(page, site_url)
    return "> " + stand_in_elsewhere(text, f"[{url}]({url})", page)


_AUTOREF = re.compile(r"\[([^\]\n]+)\]\[(?:nnbook(?:\.\w+)*)?\]")


def _drop_api_references(text):
    """``[`nnbook.Dense`][nnbook.Dense]`` (a site cross-reference) -> ``nnbook.Dense``."""
    return _AUTOREF.sub(r"\1", text)


def _jupyter_text(block, page, site_url):
    """What ``block`` becomes in the notebook, or None to keep it: a figure directive
    leaves its caption, an expected-output marker a label, every other comment goes, a
    widget says what it shows and where."""
    if isinstance(block, directives.Figure):
        return f"{block.indent}*Figure: {block.caption}*\n"
    if isinstance(block, directives.Marker) and block.keyword.startswith("expected-output"):
        return f"{block.indent}*Expected output:*\n\n"
    if isinstance(block, Comment):
        return ""
    if isinstance(block, Widget):
        return block.indent + _widget_note(block.text, page, site_url) + "\n"
    return None


def prepare_markdown(markdown, page, site_url="", model=None):
    """The chapter's Markdown made plain for Jupyter (see the module docstring); ``model``
    is its ``model.Page`` if already parsed."""
    model = model or parse_page(markdown, page)
    texts = {block: text for block in model.blocks
             if (text := _jupyter_text(block, page, site_url)) is not None}
    for fence in model.fences:  # a number marked as the machine's: with its window
        if fence.expected is not None and marks.MARK.search(fence.expected.text):
            block = fence.expected.block
            texts[block] = (with_body(block, marks.shown(fence.expected.text))
                            + f"\n{block.indent}*{marks.note(fence.expected.text)}*\n")
    lines = [(line, block) for block, text in model.pieces(texts)
             for line in text.splitlines(keepends=True)]
    out = []
    for is_fence, run in itertools.groupby(
            _flatten_admonitions(lines), key=lambda p: isinstance(p[1], Fence)):
        text = "".join(line for line, _ in run)
        if not is_fence:
            text = links_to_site(_maths_to_dollars(_drop_api_references(text)),
                                  posixpath.dirname(page), site_url, page)
            text = re.sub(r"\n{3,}", "\n\n", text)
        out.append(text)
    return "".join(out)


def install_text(title, page, site_url="", repo_url=""):
    """The first cell: what this notebook is and how to install nnbook (with the extra
    ``book``: what every chapter imports)."""
    clone = '`pip install -e ".[book]"` in a clone of the book\'s repository'
    if repo_url:
        install = (f':\n\n    pip install "nnbook[book] @ git+{repo_url.rstrip("/")}"\n\n'
                   f"(or {clone}).")
    else:
        install = f": {clone}."
    return (
        f"This notebook is the page [{title}]({_page_url(page, site_url)}) of the book "
        "*Opening the black box*, generated from its text. Run the cells from top to "
        "bottom: each code cell prints its results or draws its figure, and the solutions "
        "of the exercises are code cells too.\n\n"
        "**First install nnbook**, the book's package, with matplotlib and scikit-learn"
        f"{install} In Jupyter, `%pip install ...` in a cell installs into the notebook's "
        "kernel."
    )


def chapter_notebook(markdown, page, *, site_url="", repo_url="", model=None):
    """Return the ``.ipynb`` text of a chapter: jupytext's Markdown reader on the prepared
    text. ``model`` is the page's ``model.Page`` if already parsed. (Under ``mkdocs
    serve``, ``pipeline.Book`` remembers the notebooks of unchanged pages.)"""
    return _notebook(markdown, page, site_url, repo_url,
                     model or parse_page(markdown, page))


def _notebook(markdown, page, site_url, repo_url, model):
    title = next((block.title for block in model.blocks
                  if isinstance(block, Heading) and block.level == 1
                  and not block.indent),
                 posixpath.splitext(posixpath.basename(page))[0])
    nb = jupytext.reads(prepare_markdown(markdown, page, site_url, model), fmt="md")
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(
        install_text(title, page, site_url, repo_url)))
    stem = re.sub(r"[^A-Za-z0-9]+", "-", posixpath.splitext(page)[0]).strip("-")
    for number, cell in enumerate(nb.cells, start=1):
        cell.metadata = {}
        cell.id = f"{stem}-{number}"[-64:]  # fixed ids: the same bytes on every build
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nb.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"},
    }
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validate(nb)
    return nbformat.writes(nb) + "\n"


def button_html(href, label):
    """The "download the notebook" button of chapters and labs alike."""
    return (f'<p><a class="md-button" href="{html.escape(href)}" '
            f'download="{html.escape(posixpath.basename(href))}">{html.escape(label)}</a></p>')


def download_button(model, texts, href, label):
    """Put the download button right after the page's H1 (at the top without one): in
    ``texts``, the site's texts of ``model``'s blocks (see ``model.Page.rewrite``)."""
    button = button_html(href, label) + "\n"
    blocks = model.blocks
    for i, block in enumerate(blocks):
        if isinstance(block, Heading) and block.level == 1 and not block.indent:
            blank = "" if i + 1 < len(blocks) and isinstance(blocks[i + 1], Blank) \
                else "\n"
            texts[block] = texts.get(block, block.text) + "\n" + button + blank
            return texts
    if blocks:
        texts[blocks[0]] = button + "\n" + texts.get(blocks[0], blocks[0].text)
    return texts
