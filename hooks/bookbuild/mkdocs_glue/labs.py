"""The labs: notebooks in docs/labs/ that mkdocs-jupyter runs and renders at build time.

``fit_lab_html`` adapts mkdocs-jupyter's HTML to the site: it removes the MathJax 2 and
mermaid scripts it injects (the site's maths is typeset at build time, and MathJax 2's
configuration throws when instant navigation re-runs it), marks the maths of markdown
cells the way ``pymdownx.arithmatex`` does (the build then typesets it as a chapter's),
gives each figure the alt text stored in its cell's metadata (``"alt"``), folds each
solution into a collapsed block as in the chapters, lets the keyboard reach code that
scrolls, adds a download button under the title, and cuts JupyterLab's styles to the
rules that can match the lab (``lab_styles.py``);
``fit_lab_page`` then moves its figures out into files (``lab_figures.as_files``).
``lab_download`` points the downloaded notebook's links to the site. ``lab_run.py`` runs
the labs.
"""

import html
import json
import posixpath
import re

import nbformat

from ..errors import BuildError
from ..page import marks
from ..page.notebook import button_html, links_to_site
from . import lab_figures, lab_styles


_MATHJAX2 = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)
_MERMAID = re.compile(r'<script type="module">\s*document\.addEventListener\("DOMContentLoaded", '
                      r'async \(\) => \{\s*const diagrams = .*?</script>', re.S)
_MARKDOWN_CELL = re.compile(
    r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput"[^>]*>)(.*?)'
    r"(</div>)", re.S)
_CODE_OR_TAG = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>|<[^>]+>)", re.S)
_CELL_ID = re.compile(r'id="cell-id=([^"]+)"')
# A figure of a cell's output: nbconvert gives it a placeholder alt text, or none.
_IMG_NO_ALT = re.compile(r'<img(?:\s+alt="No description has been provided for this image")?'
                         r'(?![^>]*\balt=)(?=[^>]*\bsrc="data:image/)')


def _mark_maths(cell_html):
    """``$$…$$`` and ``$…$`` of a rendered markdown cell -> arithmatex's markup."""
    cell_html = re.sub(r"<p>\s*\$\$(.+?)\$\$\s*</p>",
                       r'<div class="arithmatex">\\[\1\\]</div>', cell_html, flags=re.S)
    out = []
    for part in _CODE_OR_TAG.split(cell_html):
        if not part.startswith("<"):
            part = re.sub(r"(?<!\\)\$\$(.+?)(?<!\\)\$\$",
                          r'<span class="arithmatex">\\[\1\\]</span>', part, flags=re.S)
            part = re.sub(r"(?<![\\$])\$(?!\$)(.+?)(?<!\\)\$",
                          r'<span class="arithmatex">\\(\1\\)</span>', part, flags=re.S)
        out.append(part)
    return "".join(out)


def cell_metadata(notebook_text, name):
    """The entry ``name`` of each code cell's metadata that has one, by cell id: "alt",
    the alt text of its figures; "prints", the text it prints when that holds numbers
    that depend on the machine, marked with their windows as an output fence marks them
    (``page/marks.py``)."""
    nb = json.loads(notebook_text)
    return {cell.get("id"): cell["metadata"][name] for cell in nb["cells"]
            if cell["cell_type"] == "code" and cell.get("metadata", {}).get(name)}


# The text a cell prints, in one or more pieces (as its stream was flushed).
_PRINTED = re.compile(r'(<div class="jp-RenderedText jp-OutputArea-output" '
                      r'data-mime-type="text/plain"[^>]*>\s*<pre>)(.*?)(</pre>)', re.S)


def _mark_printed(body, template):
    """A cell's HTML whose printed numbers that depend on the machine are marked, as
    ``template`` (its "prints") marks them, with the line that gives their windows under
    the cell; or a sentence saying how the cell prints otherwise."""
    pieces = list(_PRINTED.finditer(body))
    texts = [html.unescape(m.group(2)) for m in pieces]
    printed = "".join(texts)
    wrong = marks.problems(template, printed, 'its "prints"')
    if wrong:
        return None, "; ".join(wrong)
    spans = marks.printed_spans(template, printed)
    out, end, offset = [], 0, 0
    for match, text in zip(pieces, texts):
        marked, at = [], 0
        for mark, a, b in spans:  # a number printed in one piece, as print writes it
            if offset <= a and b <= offset + len(text):
                marked += [text[at:a - offset], mark.marked(printed[a:b])]
                at = b - offset
        marked.append(text[at:])
        out += [body[end:match.start(2)], html.escape("".join(marked), quote=False)]
        end, offset = match.end(2), offset + len(text)
    note = marks.note(marks.with_printed(template, printed))
    # Under the output that holds the last printed piece (its rendering's div, then its
    # row's, a flex row beside which the line would otherwise sit).
    under = body.index("</div>", body.index("</div>", end) + 6) + len("</div>")
    return ("".join(out) + body[end:under] + f'\n<p class="nb-machine-note">{note}</p>'
            + body[under:]), None


_DIV = re.compile(r"<div\b[^>]*>|</div>")
_SOLUTION = re.compile(r'<h3 id="(solution-to-exercise-[^"]*)">(.*?)'
                       r'<a class="anchor-link"[^>]*>¶</a></h3>\s*', re.S)
_STARTS_A_SOLUTION = re.compile(r'jp-MarkdownOutput"[^>]*>\s*<h3 id="solution-to-exercise-')


def _cells(content):
    """The (start, end) of each cell: the children of the notebook's ``jp-Notebook`` div."""
    start = content.find('<div class="jp-Notebook"')
    if start < 0:
        return []
    spans, depth = [], 0
    for match in _DIV.finditer(content, start):
        if match.group(0) != "</div>":
            depth += 1
            if depth == 2:
                cell_start = match.start()
        else:
            depth -= 1
            if depth == 1:
                spans.append((cell_start, match.end()))
            elif depth == 0:
                break
    return spans


def _collapse_solutions(content):
    """Each "Solution to exercise N" cell and the cells after it, up to the next solution
    or the end, in a collapsed block like a chapter's ``??? success``: its heading becomes
    the summary, and its id the block's (the table of contents links to it). Also returns
    the ids of solution headings that do not start their cell (they could not be folded)."""
    cells = _cells(content)
    firsts = [k for k, (a, b) in enumerate(cells) if _STARTS_A_SOLUTION.search(content[a:b])]
    folded = {_SOLUTION.search(content[cells[k][0]:cells[k][1]]).group(1) for k in firsts}
    stray = [m.group(1) for m in _SOLUTION.finditer(content) if m.group(1) not in folded]
    out, pos = [], 0
    for n, k in enumerate(firsts):
        start = cells[k][0]
        end = cells[firsts[n + 1]][0] if n + 1 < len(firsts) else cells[-1][1]
        block = content[start:end]
        heading = _SOLUTION.search(block)
        out += [content[pos:start],
                f'<details class="success" id="{heading.group(1)}">\n'
                f"<summary>{heading.group(2).strip()}</summary>\n",
                block[:heading.start()], block[heading.end():], "</details>\n"]
        pos = end
    return "".join(out) + content[pos:], stray


def fit_lab_html(content, alt_texts, href, label, prints=None):
    """Return the lab's HTML fitted to the site, and what the build must fail on: the ids
    of cells whose figures have no alt text, and of solution headings that do not start a
    cell, and a sentence for each cell that prints otherwise than its "prints"
    (``prints``: cell id -> the text, with marks)."""
    content = _MERMAID.sub("", _MATHJAX2.sub("", content))
    content = _MARKDOWN_CELL.sub(
        lambda m: m.group(1) + _mark_maths(m.group(2)) + m.group(3), content)
    pieces = _CELL_ID.split(content)  # [before, id1, html1, id2, html2, ...]
    missing, differ = [], []
    for k in range(1, len(pieces), 2):
        cell_id, body = pieces[k], pieces[k + 1]
        if cell_id in (prints or {}):
            marked, problem = _mark_printed(body, prints[cell_id])
            body = marked or body
            differ += [f"cell {cell_id}: {problem}"] if problem else []
        if _IMG_NO_ALT.search(body):
            if cell_id in alt_texts:
                body = _IMG_NO_ALT.sub(f'<img alt="{html.escape(alt_texts[cell_id])}"', body)
            else:
                missing.append(cell_id)
        pieces[k] = f'id="cell-id={cell_id}"'
        pieces[k + 1] = body
    content, stray = _collapse_solutions("".join(pieces))
    # Code wider than the page scrolls: keyboard users must be able to reach it (WCAG).
    content = content.replace('<div class="highlight-ipynb',
                              '<div tabindex="0" class="highlight-ipynb')
    button = button_html(href, label)
    content = re.sub(r"(</h1>)", lambda m: m.group(1) + button, content, count=1)
    return lab_styles.used_styles(content), missing, stray, differ


def fit_lab_page(content, notebook_text, src, label, publish):
    """The HTML of the lab ``src`` (its notebook's text ``notebook_text``) fitted to the
    site (:func:`fit_lab_html`), its figures files of ``figures/<lab>/`` that
    ``publish(uri, svg)`` adds to the site; raise ``BuildError`` when a figure has no alt
    text or a solution cannot be folded."""
    content, missing, stray, differ = fit_lab_html(
        content, cell_metadata(notebook_text, "alt"), posixpath.basename(src), label,
        cell_metadata(notebook_text, "prints"))
    if missing:
        raise BuildError(
            f"{src}: the figures of cells {', '.join(missing)} have no alt text: give each "
            'such code cell a metadata entry "alt" saying what it shows')
    if stray:
        raise BuildError(
            f"{src}: the headings {', '.join(stray)} do not start their markdown cell: "
            "split the cell there, so that the solution can be folded")
    if differ:
        raise BuildError(f"{src}: " + "\n".join(differ))
    return lab_figures.as_files(content, "figures/" + src.removesuffix(".ipynb"), publish)


def lab_download(notebook_text, folder, site_url):
    """The lab's notebook as readers download it: its relative links, written from the
    lab page's URL (``folder``, as ``labs/name``), point to the site, as in the chapters'
    notebooks; nothing else changes."""
    nb = nbformat.reads(notebook_text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = links_to_site(cell.source, folder, site_url)
    return nbformat.writes(nb) + "\n"
