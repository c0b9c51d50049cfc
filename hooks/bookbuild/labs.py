"""The labs: notebooks in docs/labs/ that mkdocs-jupyter runs and renders at build time.

``fit_lab_html`` adapts mkdocs-jupyter's HTML to the site: it removes the MathJax 2 and
mermaid scripts it injects (the site has its own MathJax 3, and MathJax 2's configuration
throws when instant navigation re-runs it), marks the maths of markdown cells the way
``pymdownx.arithmatex`` does, gives each figure the alt text stored in its cell's metadata
(``"alt"``), folds each solution into a collapsed block as in the chapters, lets the
keyboard reach code that scrolls, and adds a download button under the title.
``lab_download`` points the downloaded notebook's links to the site.
``configure_labs`` has the labs' kernels draw each figure for both palettes
(``lab_figures.py``) and keys mkdocs-jupyter's cache on nnbook's source.
"""

import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from pathlib import Path

import nbformat

from . import notebooks


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


def lab_alt_texts(notebook_text):
    """The alt text of each code cell's figures, by cell id, from the cells' metadata."""
    nb = json.loads(notebook_text)
    return {cell.get("id"): cell["metadata"]["alt"] for cell in nb["cells"]
            if cell["cell_type"] == "code" and cell.get("metadata", {}).get("alt")}


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


def fit_lab_html(content, alt_texts, href, label):
    """Return the lab's HTML fitted to the site, and what the build must fail on: the ids
    of cells whose figures have no alt text, and of solution headings that do not start a
    cell."""
    content = _MERMAID.sub("", _MATHJAX2.sub("", content))
    content = _MARKDOWN_CELL.sub(
        lambda m: m.group(1) + _mark_maths(m.group(2)) + m.group(3), content)
    pieces = _CELL_ID.split(content)  # [before, id1, html1, id2, html2, ...]
    missing = []
    for k in range(1, len(pieces), 2):
        cell_id, body = pieces[k], pieces[k + 1]
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
    button = notebooks.button_html(href, label)
    content = re.sub(r"(</h1>)", lambda m: m.group(1) + button, content, count=1)
    return content, missing, stray


def lab_download(notebook_text, folder, site_url):
    """The lab's notebook as readers download it: its relative links, written from the
    lab page's URL (``folder``, as ``labs/name``), point to the site, as in the chapters'
    notebooks; nothing else changes."""
    nb = nbformat.reads(notebook_text, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = notebooks.links_to_site(cell.source, folder, site_url)
    return nbformat.writes(nb) + "\n"


def _prepend_path(variable, path):
    paths = os.environ.get(variable, "").split(os.pathsep)
    if path not in paths:
        os.environ[variable] = os.pathsep.join([path] + [p for p in paths if p])


def configure_labs(config, root, env_key, enabled=True):
    """Set up mkdocs-jupyter: kernels that draw figures for both palettes, quietly, and
    a cache keyed on nnbook.

    The nbconvert config in ``hooks/jupyter`` loads ``lab_figures`` (from ``hooks``, put on
    the kernels' path) into each kernel and stops the kernel from logging a warning about
    its local TCP connection into the build's output. mkdocs-jupyter's own cache key is
    the notebook and its options only: after a change to nnbook a lab would show stale
    outputs. So each environment key (nnbook's source, the library versions), with the
    kernels' extension and configuration, gets its own cache folder, and older ones go.
    """
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None:
        return
    jupyter_config = root / "hooks" / "jupyter"
    _prepend_path("JUPYTER_CONFIG_PATH", str(jupyter_config))
    _prepend_path("PYTHONPATH", str(root / "hooks"))
    digest = hashlib.sha256(env_key.encode())
    for path in (Path(__file__).with_name("lab_figures.py"),
                 jupyter_config / "jupyter_nbconvert_config.json"):
        digest.update(path.read_bytes() if path.exists() else b"")
    key = digest.hexdigest()[:16]
    folder = root / ".cache" / "labs"
    # Without the cache, a folder of this build's own: the labs still hand their HTML
    # over through it (``start_labs``), and nothing of an earlier build is reused.
    plugin.config["cache"] = True
    if enabled:
        plugin.config["cache_dir"] = str(folder / key)
    else:
        plugin.config["cache_dir"] = tempfile.mkdtemp(prefix="nnbook-labs-")
        _temporary.append(plugin.config["cache_dir"])
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name != key and old.is_dir():
                shutil.rmtree(old, ignore_errors=True)  # another build may use it


# The plugin's options that its rendering passes on to ``convert.nb2html``.
_NB2HTML_OPTIONS = ("kernel_name", "theme", "allow_errors", "show_input", "no_input",
                    "no_prompt", "remove_tag_config", "highlight_extra_classes",
                    "include_requirejs", "custom_mathjax_url")


def start_labs(config, files):
    """Run the labs now, one kernel at a time in a thread, while the chapters' blocks run
    in their processes: the build's wall time is then the longer of the two, not their sum.

    Each lab's HTML goes into mkdocs-jupyter's cache under the key the plugin computes, so
    that rendering the page later finds it. A lab that fails here is left to the plugin,
    which runs it again and reports the error as it always does. Returns a function that
    waits for the thread.
    """
    plugin = config.plugins.get("mkdocs-jupyter")
    if plugin is None or not plugin.config["execute"] or plugin.config["execute_ignore"]:
        return lambda: None
    from concurrent.futures import ThreadPoolExecutor

    from mkdocs_jupyter import convert, plugin as jupyter_plugin

    options = plugin.config
    labs = [file.abs_src_path for file in files if plugin.should_include(file)]

    def run(path):
        cache = jupyter_plugin._get_cache_path(
            options["cache_dir"], jupyter_plugin._compute_cache_key(path, options, True))
        if cache.exists():
            return
        try:
            body = convert.nb2html(path, execute=True,
                                   **{name: options[name] for name in _NB2HTML_OPTIONS})
        except Exception:  # the plugin runs the lab again and reports the error
            return
        toc_tokens, title = jupyter_plugin._get_nb_toc_tokens(path, options["toc_depth"])
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens,
                                     "title": title}), encoding="utf-8")

    pool = ThreadPoolExecutor(1)
    futures = [pool.submit(run, path) for path in labs]

    def wait():
        for future in futures:
            future.result()
        pool.shutdown()
    return wait


_temporary = []  # the cache folders of builds without the cache, removed when they end


def end_build():
    """Remove the cache folder of a build without the cache, whether it failed or not."""
    while _temporary:
        shutil.rmtree(_temporary.pop(), ignore_errors=True)
