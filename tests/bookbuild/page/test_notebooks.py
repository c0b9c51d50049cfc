"""Every page with Python blocks as a notebook, and the labs fitted to the site.

The notebooks are made by ``hooks/bookbuild/page/notebook.py``, the code the build hook runs.
``python -m bookbuild run --as-notebooks`` runs each page's chains top to bottom in one
namespace, as its notebook runs them, and checks that they print what the page shows.
"""

import json
import re
import textwrap
from pathlib import Path

import nbformat
import pytest

from bookbuild.page import model
from bookbuild.mkdocs_glue import lab_styles, labs
from bookbuild.page import notebook

from ...book.pages import notebook_pages
from ..helpers import build_small_book, mkdocs_build, write_mini_book
from ...paths import ROOT

PAGES, PAGE_IDS = notebook_pages()

CHAPTER = textwrap.dedent("""\
    # A chapter

    Prose with maths \\(a = \\max(0, z)\\) and a [link](../other/page.md#part), and a
    [file](../data/file.npz) the site serves.

    <div class="nb-widget" data-widget="w" data-points="
      1,2;3,4">
    <p class="nb-widget-fallback"><em>An interactive plot stands here when JavaScript is
    on: sliders for m and b.</em></p>
    </div>

    ```python
    import numpy as np
    print(np.arange(3))
    ```

    <!--pytest-codeblocks:expected-output-->
    ```text
    [0 1 2]
    ```

    <!--pytest-codeblocks:cont-->
    ```python
    x = 2
    ```

    <!-- figure
    alt: Something drawn.
    caption: The caption, kept.
    -->

    \\[
    C = \\tfrac12 (a - y)^2
    \\]

    ## Exercises

    ??? success "Solution"
        Use the value of `x`:

        ```python
        print(x + 1)


        print("after two blank lines")
        ```
    """)


def _notebook(markdown=CHAPTER, page="part/chapter.md", **kwargs):
    return json.loads(notebook.chapter_notebook(markdown, page, **kwargs))


def _sources(nb, kind):
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == kind]


def test_code_cells_are_the_python_blocks_in_order_solutions_included():
    code = _sources(_notebook(), "code")
    assert code == ["import numpy as np\nprint(np.arange(3))", "x = 2",
                    'print(x + 1)\n\n\nprint("after two blank lines")']


def test_markdown_cells_are_plain_for_jupyter():
    text = "\n".join(_sources(_notebook(site_url="https://example.org/book/"), "markdown"))
    assert "<!--" not in text and "pytest-codeblocks" not in text
    assert "*Figure: The caption, kept.*" in text
    assert "alt: Something drawn" not in text
    assert "$a = \\max(0, z)$" in text and "$$\nC = \\tfrac12 (a - y)^2\n$$" in text
    assert "\\(" not in text
    assert "](https://example.org/book/other/page/#part)" in text
    assert "](https://example.org/book/data/file.npz)" in text  # not dead on disk
    assert "*Expected output:*\n\n```text\n[0 1 2]\n```" in text
    assert "**Solution**" in text and "???" not in text
    url = "https://example.org/book/part/chapter/"
    assert (f"> An interactive plot is on this chapter's web page, [{url}]({url}): "
            "sliders for m and b.") in text
    assert "nb-widget" not in text


def test_api_cross_references_become_plain_names():
    text = notebook.prepare_markdown(
        "Use [`nnbook.Dense`][nnbook.Dense] and [`fit`][nnbook.fit], or [`nnbook.ReLU`][].\n",
        "part/chapter.md")
    assert text == "Use `nnbook.Dense` and `fit`, or `nnbook.ReLU`.\n"


@pytest.mark.parametrize("repo_url, install", [
    ("https://github.com/someone/nnbook",
     'pip install "nnbook[book] @ git+https://github.com/someone/nnbook"'),
    ("", 'pip install -e ".[book]"'),
])
def test_the_first_cell_says_how_to_install_nnbook(repo_url, install):
    nb = _notebook(repo_url=repo_url, site_url="https://example.org/book/")
    first = nb["cells"][0]
    assert first["cell_type"] == "markdown"
    assert install in "".join(first["source"])
    assert "[A chapter](https://example.org/book/part/chapter/)" in "".join(first["source"])


def test_notebooks_are_valid_without_outputs_and_the_same_on_every_build():
    text = notebook.chapter_notebook(CHAPTER, "part/chapter.md")
    assert text == notebook.chapter_notebook(CHAPTER, "part/chapter.md")
    nb = nbformat.reads(text, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata.kernelspec.name == "python3"
    assert all(c.outputs == [] and c.execution_count is None
               for c in nb.cells if c.cell_type == "code")


@pytest.mark.parametrize("markdown, before, after", [
    ("# Title\n\nText.\n", "# Title\n\n", "\nText.\n"),
    ("# Title\nText.\n", "# Title\n\n", "\nText.\n"),
    ("```python\n# a comment, not a title\n```\n", "", "\n```python\n"),
])
def test_download_button_goes_under_the_title(markdown, before, after):
    page = model.parse_page(markdown)
    texts = notebook.download_button(page, {}, "../notebooks/a/b.ipynb", "Get it")
    out = page.rewrite(texts)
    assert out.startswith(before + '<p><a class="md-button" href="../notebooks/a/b.ipynb" '
                          'download="b.ipynb">Get it</a></p>\n' + after)


def test_a_widget_with_nested_divs_becomes_one_note():
    widget = ('<div class="nb-widget" data-widget="w">\n<div class="nb-row"><div>Slider</div>'
              '</div>\n<p class="nb-widget-fallback">A slider stands here when JavaScript is '
              'on: 0.5 and b.</p>\n</div>\n\n'
              "After the widget.\n\n")
    page = CHAPTER.replace("## Exercises", widget + "## Exercises")
    text = "\n".join(_sources(_notebook(page, site_url="https://example.org/"), "markdown"))
    assert "div" not in text and "Slider<" not in text
    assert text.count("is on this chapter's web page") == 2
    assert ("> A slider is on this chapter's web page, [https://example.org/part/chapter/]"
            "(https://example.org/part/chapter/): 0.5 and b.\n\nAfter the widget.") in text


@pytest.mark.parametrize("path", PAGES, ids=PAGE_IDS)
def test_every_python_block_becomes_a_code_cell(path):
    """jupytext sees the same blocks as the tests, in the same order (blank lines aside)."""
    text = path.read_text(encoding="utf-8")
    page = path.relative_to(ROOT / "docs").as_posix()
    code = _sources(_notebook(text, page), "code")
    fences = [f.code for chain in model.parse(text, page) for f in chain.fences]

    def lines(source):
        return [line for line in source.splitlines() if line.strip()]

    assert [lines(c) for c in code] == [lines(f) for f in fences]


# ---- Labs -----------------------------------------------------------------------------

LABS = sorted((ROOT / "docs" / "labs").glob("*.ipynb"))


def test_there_are_labs_in_the_nav():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert len(LABS) >= 3
    for lab in LABS:
        assert lab.relative_to(ROOT / "docs").as_posix() in config


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_labs_are_stored_without_outputs(lab):
    """The build runs the labs: committed outputs would be stale, and noise in diffs."""
    nb = nbformat.read(lab, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"cell {cell.id} has stored outputs"
            assert cell.execution_count is None, f"cell {cell.id} has an execution count"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_labs_say_what_their_figures_show(lab):
    nb = nbformat.read(lab, as_version=4)
    source = "".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "%matplotlib inline" in source, "the build's MPLBACKEND=Agg would hide the plots"
    # The site shows SVGs whatever the lab asks: a figure format is a line for nothing.
    assert "InlineBackend" not in source
    for cell in nb.cells:
        if cell.cell_type == "code" and "plt.show()" in cell.source:
            assert len(cell.metadata.get("alt", "")) > 20, f"cell {cell.id} needs an alt text"


LAB_HTML = textwrap.dedent("""\
    <!-- Load mathjax -->
    <script src=""> </script>
    <script type="text/x-mathjax-config">MathJax.Hub.Config({});</script>
    <!-- End of mathjax configuration --><script type="module">
      document.addEventListener("DOMContentLoaded", async () => {
        const diagrams = document.querySelectorAll(".jp-Mermaid > pre.mermaid");
      });
    </script>
    <div class="jp-Cell jp-MarkdownCell" id="cell-id=lab-1">
    <div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" data-mime-type="text/markdown">
    <h1 id="lab">Lab</h1><p>Inline $a &gt; 0$, a price in <code>$5</code>.</p>
    <p>$$
    C = \\sum_j w_j
    $$</p>
    </div></div>
    <div class="jp-Cell jp-CodeCell" id="cell-id=lab-2">
    <div class="highlight-ipynb hl-python"><pre>plt.show()</pre></div>
    <img alt="No description has been provided for this image" class="" src="data:image/png;base64,AAAA"
    >
    </div>
    <div class="jp-Cell jp-CodeCell" id="cell-id=lab-3">
    <img src="data:image/png;base64,BBBB">
    </div>
    """)


def test_lab_html_uses_the_sites_mathjax_and_alt_texts():
    html, missing, stray, _ = labs.fit_lab_html(LAB_HTML, {"lab-2": 'A line & a "dot"'},
                                             "lab.ipynb", "Download")
    assert "MathJax.Hub" not in html and "mermaid" not in html and "<script" not in html
    assert r'<span class="arithmatex">\(a &gt; 0\)</span>' in html
    assert "<code>$5</code>" in html
    assert '<div class="arithmatex">\\[\nC = \\sum_j w_j\n\\]</div>' in html
    assert '<img alt="A line &amp; a &quot;dot&quot;" class=""' in html
    assert missing == ["lab-3"] and stray == []
    assert ('</h1><p><a class="md-button" href="lab.ipynb" download="lab.ipynb">Download</a>'
            in html)
    assert '<div tabindex="0" class="highlight-ipynb' in html


PRINTED_HTML = textwrap.dedent("""\
    <div class="jp-Notebook">
    <div class="jp-Cell jp-CodeCell" id="cell-id=rates">
    <div class="jp-OutputArea-child">
    <div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">
    <pre>lr &lt; 1: 93.5%
    </pre>
    </div>
    </div>
    <div class="jp-OutputArea-child">
    <div class="jp-RenderedText jp-OutputArea-output" data-mime-type="text/plain" tabindex="0">
    <pre>lr = 1: 92.4%
    </pre>
    </div>
    </div>
    </div>
    </div>
    """)


STYLED_LAB = """<style type="text/css">
.jupyter-wrapper .jp-Cell, .jupyter-wrapper .jp-Toolbar {margin: 0}
.jupyter-wrapper .bp3-button:not(.jp-Cell) {color: red}
.jupyter-wrapper :is(.jp-Cell, .lm-Widget) > p {color: blue}
.jupyter-wrapper .jp-Cell:not(.jp-mod-active) {color: green}
.jupyter-wrapper .lm-Widget[data-x=".jp-Cell"] {color: gray}
@media print {.jupyter-wrapper .jp-Toolbar {display: none} .md-typeset table {width: 100%}}
@keyframes spin {to {transform: rotate(1turn)}}
.md-typeset .jupyter-wrapper table {border: 0}
.jupyter-wrapper :root, :root {--jp-ui-font-size0: 10px}
</style><div class="jupyter-wrapper"><div class="jp-Cell">a</div></div>"""


def test_a_labs_styles_keep_the_rules_that_can_match_it():
    # The lab has .jp-Cell and no other class of JupyterLab's: the toolbar's, Blueprint's
    # and Lumino's rules go, and :root inside another element; :not() and :is() ask for no
    # class, and the theme's classes (md-typeset, outside the lab's HTML) stay.
    styles = re.search(r"<style[^>]*>(.*)</style>",
                       lab_styles.used_styles(STYLED_LAB), re.S).group(1)
    rules = [" ".join(rule.split()) for rule in styles.splitlines()]
    assert rules == [
        ".jupyter-wrapper .jp-Cell {margin: 0}",
        ".jupyter-wrapper :is(.jp-Cell, .lm-Widget) > p {color: blue}",
        ".jupyter-wrapper .jp-Cell:not(.jp-mod-active) {color: green}",
        "@media print {.md-typeset table {width: 100%}}",
        "@keyframes spin {to {transform: rotate(1turn)}}",
        ".md-typeset .jupyter-wrapper table {border: 0}",
        ":root {--jp-ui-font-size0: 10px}",
    ]
    assert lab_styles.used_styles(STYLED_LAB).endswith(
        '<div class="jupyter-wrapper"><div class="jp-Cell">a</div></div>')


def test_a_labs_numbers_that_depend_on_the_machine_are_marked_under_their_window():
    """A cell's "prints" marks the numbers that depend on the machine: the site shows
    each as printed, marked (book.py turns the mark into its span), the line that gives
    the windows under the output; a cell that prints otherwise fails the build."""
    from bookbuild.page import marks

    prints = {"rates": "lr < 1: 93.5%\nlr = 1: {{92.9 in 90..95}}%\n"}
    html, _, _, differ = labs.fit_lab_html(PRINTED_HTML, {}, "lab.ipynb", "D", prints)
    assert differ == []
    assert "<pre>lr &lt; 1: 93.5%\n</pre>" in html
    assert "<pre>lr = 1: {{92.4 in 90..95}}%\n</pre>" in html
    assert ('<span class="nb-machine" title="depends on the machine: every set-up tested '
            'prints from 90 to 95">92.4</span>') in marks.html(html)
    note = ('<p class="nb-machine-note">Depends on the machine; in brackets, the range every '
            'set-up tested prints: 92.4 (90 to 95).</p>')
    assert html.index(note) > html.index("92.4")
    assert html.count("<div") == html.count("</div>")
    _, _, _, differ = labs.fit_lab_html(PRINTED_HTML, {}, "lab.ipynb", "D",
                                        {"rates": "lr < 1: 93.5%\nlr = 1: {{92.9 in 93..95}}%\n"})
    assert differ == ["cell rates: 92.4 is outside its window 93..95 (the page shows 92.9)"]
    _, _, _, differ = labs.fit_lab_html(PRINTED_HTML, {}, "lab.ipynb", "D",
                                        {"rates": "lr < 1: 93.5%\n"})
    assert differ == ['cell rates: its "prints" is\nlr < 1: 93.5%\nbut it prints\n'
                      "lr < 1: 93.5%\nlr = 1: 92.4%\n"]


def test_a_labs_figures_become_files_loaded_lazily():
    """A cell's inline figures (lab_figures.figure_html) leave the page for files of
    the lab's figure folder, each with its size, its palette and its alt text, in the
    link that enlarges it; a wide one comes with its drawing for a phone's column, as a
    chapter's figure does (markup.zoomable)."""
    import matplotlib.pyplot as plt

    from bookbuild.config import PHONE_COLUMN
    from bookbuild.figures.markup import NARROW_SCREEN, svg_size
    from bookbuild.figures.draw import draw
    from bookbuild.mkdocs_glue import lab_figures

    cells = ""
    for n, size in enumerate([(3, 2), (8, 2.5)], start=2):
        fig, ax = plt.subplots(figsize=size)
        ax.plot([0, 1], [0, 1])
        inline = lab_figures.figure_html(draw(fig)).replace("<img", '<img alt="A line."')
        plt.close(fig)
        cells += (f'<div class="jp-Cell jp-CodeCell" id="cell-id=lab-{n}">'
                  f"<div class=\"jp-OutputArea-output\">{inline}</div></div>")
    published = {}

    def publish(uri, svg):
        published[uri] = svg
        return "../../" + uri

    html = labs.fit_lab_page(cells, '{"cells": []}', "labs/lab.ipynb", "Download", publish)
    folder = "figures/labs/lab/"
    assert sorted(published) == [folder + name for name in (
        "1-dark.svg", "1.svg", "2-dark.svg", "2-narrow-dark.svg", "2-narrow.svg", "2.svg")]
    assert all(svg.startswith(b"<?xml") for svg in published.values())
    assert "data:" not in html
    links = re.findall(r'<a class="glightbox nb-figure-zoom" href="([^"]+)"[^>]*'
                       r' data-alt="A line.">', html)
    assert links == [f"../../{folder}{name}" for name in ("1.svg", "1-dark.svg", "2.svg",
                                                          "2-dark.svg")]
    images = re.findall(r"<img [^>]*>", html)
    assert images[:2] == [
        f'<img src="../../{folder}1{dark}.svg#only-{palette}" alt="A line."'
        ' width="288" height="192" loading="lazy">'
        for dark, palette in (("", "light"), ("-dark", "dark"))]
    narrow = svg_size(published[folder + "2-narrow.svg"])
    assert narrow[0] <= PHONE_COLUMN + 2
    for dark, palette in (("", "light"), ("-dark", "dark")):
        assert (f'<picture><source media="{NARROW_SCREEN}" srcset="../../{folder}2-narrow'
                f'{dark}.svg" width="{narrow[0]}" height="{narrow[1]}"><img src="../../'
                f'{folder}2{dark}.svg#only-{palette}" alt="A line." width="768" height="240"'
                ' loading="lazy" class="off-glb"></picture>') in html


def _cell(cell_id, inner, kind="Markdown"):
    if kind == "Markdown":
        inner = ('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown jp-MarkdownOutput" '
                 f'data-mime-type="text/markdown">\n{inner}\n</div>')
    return (f'<div class="jp-Cell jp-{kind}Cell jp-Notebook-cell" id="cell-id={cell_id}">\n'
            f'<div class="jp-Cell-inputWrapper">{inner}</div>\n</div>\n')


def _heading(level, anchor, text):
    return (f'<h{level} id="{anchor}">{text}<a class="anchor-link" href="#{anchor}">¶</a>'
            f"</h{level}>")


SOLUTIONS_HTML = (
    '<div class="jupyter-wrapper">\n<div class="jp-Notebook" data-jp-theme-light="true">\n'
    + _cell("s-1", _heading(1, "lab", "Lab"))
    + _cell("s-2", _heading(2, "solutions", "Solutions") + "<p>Try first.</p>")
    + _cell("s-3", _heading(3, "solution-to-exercise-1-a", "Solution to exercise 1: a")
            + "<p>Weights $w$.</p>")
    + _cell("s-4", '<pre>print(1)</pre><img src="data:image/png;base64,AAAA">', "Code")
    + _cell("s-5", "<p>So it is.</p>")
    + _cell("s-6", _heading(3, "solution-to-exercise-2-b", "Solution to exercise 2: b"))
    + _cell("s-7", "<pre>print(2)</pre>", "Code")
    + "</div> <!-- jp-Notebook -->\n</div> <!-- jupyter-wrapper -->\n")


def test_lab_solutions_are_folded_like_the_chapters():
    html, missing, stray, _ = labs.fit_lab_html(SOLUTIONS_HTML, {"s-4": "A figure drawn."},
                                             "lab.ipynb", "Download")
    assert missing == [] and stray == []
    before, first, second = html.split('<details class="success"')
    assert "Try first." in before and "<details" not in before
    assert first.startswith(' id="solution-to-exercise-1-a">\n'
                            "<summary>Solution to exercise 1: a</summary>\n")
    # Everything up to the next solution, figure and alt text included; the heading is
    # the summary, no longer a heading.
    for part in (r"\(w\)", "print(1)", '<img alt="A figure drawn."', "So it is."):
        assert part in first.split("</details>")[0], part
    assert "<h3" not in html
    assert second.startswith(' id="solution-to-exercise-2-b">\n'
                             "<summary>Solution to exercise 2: b</summary>\n")
    assert second.index("print(2)") < second.index("</details>") < second.index(
        "<!-- jp-Notebook -->")
    assert html.count("<div") == html.count("</div>")


def test_a_solution_in_the_middle_of_a_cell_is_reported():
    text = SOLUTIONS_HTML.replace("<p>So it is.</p>", "<p>So it is.</p>" + _heading(
        3, "solution-to-exercise-9-c", "Solution to exercise 9: c"))
    _, _, stray, _ = labs.fit_lab_html(text, {"s-4": "A figure drawn."}, "lab.ipynb", "D")
    assert stray == ["solution-to-exercise-9-c"]


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_each_lab_exercise_has_a_solution_that_starts_a_cell(lab):
    cells = [c.source for c in nbformat.read(lab, as_version=4).cells
             if c.cell_type == "markdown"]
    exercises = re.findall(r"^### Exercise (\d+)", "\n".join(cells), re.M)
    solutions = [re.match(r"### Solution to exercise (\d+)", c) for c in cells]
    assert exercises and exercises == [m.group(1) for m in solutions if m]
    assert "\n".join(cells).count("### Solution to exercise") == len(exercises)


def test_lab_downloads_link_to_the_site():
    """A lab's links are written from its page's URL; the download has no page beside it."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell(
            "See [grades](../../representations/grades/), [home](../../#running) and "
            "[a lab](../other/), [here](#part), [far](https://example.com/x/)."),
        nbformat.v4.new_code_cell("print('[code](../../stays/)')")])
    nb.cells[1].metadata["alt"] = "kept"
    out = nbformat.reads(labs.lab_download(nbformat.writes(nb), "labs/lab",
                                           "https://example.org/book/"), as_version=4)
    assert out.cells[0].source == (
        "See [grades](https://example.org/book/representations/grades/), "
        "[home](https://example.org/book/#running) and "
        "[a lab](https://example.org/book/labs/other/), [here](#part), "
        "[far](https://example.com/x/).")
    assert out.cells[1] == nb.cells[1]


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.name)
def test_downloaded_labs_keep_no_relative_link(lab):
    page_url = "labs/" + lab.stem
    text = labs.lab_download(lab.read_text(encoding="utf-8"), page_url, "https://example.org/")
    markdown = "".join(c.source for c in nbformat.reads(text, as_version=4).cells
                       if c.cell_type == "markdown")
    links = re.findall(r"\]\(([^)]+)\)", markdown)
    assert links and all(link.startswith(("https://", "#")) for link in links), links


def test_the_build_publishes_the_notebook_with_a_button(tmp_path):
    result = build_small_book(tmp_path, "# P\n\nText.\n\n```python\nprint(1)\n```\n")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "page" / "index.html").read_text()
    assert ('<a class="md-button" href="../notebooks/page.ipynb" download="page.ipynb">'
            in html)
    nb = nbformat.read(tmp_path / "site" / "notebooks" / "page.ipynb", as_version=4)
    assert [c.source for c in nb.cells if c.cell_type == "code"] == ["print(1)"]


def _lab_book(tmp_path, code):
    """A mini book with one lab, a title cell and a code cell ``code``."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lab"), nbformat.v4.new_code_cell(code)]
    for number, cell in enumerate(nb.cells, start=1):
        cell.id = f"lab-{number}"
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3",
                              "language": "python"}
    write_mini_book(tmp_path, {"index.md": "# Home\n",
                               "labs/lab.ipynb": nbformat.writes(nb).encode()}, config=(
        "plugins:\n  - mkdocs-jupyter:\n      include: ['labs/*.ipynb']\n"
        "      execute: false\n"))


def test_a_lab_runs_once_per_build_and_its_output_is_shown(tmp_path):
    """The runner runs the lab's cells and its page renders from their results:
    mkdocs-jupyter does not run it again, even in a build without the cache (as every
    test build is)."""
    runs = tmp_path / "runs.txt"
    _lab_book(tmp_path, f"open({str(runs)!r}, 'a').write('ran\\n')\nprint('lab output 42')")
    result = mkdocs_build(tmp_path)
    assert result.returncode == 0, result.stderr
    assert runs.read_text() == "ran\n"
    assert not (tmp_path / ".cache" / "labs").exists()  # nothing kept without the cache
    assert "lab output 42" in (tmp_path / "site" / "labs" / "lab" / "index.html").read_text()


@pytest.mark.parametrize("code, message", [
    ("raise ValueError('lab cell failed')", "lab cell failed"),
    ("%matplotlib inline\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()",
     'labs/lab.ipynb: code cell 2 draws a figure but its metadata gives no "alt" text'),
])
def test_a_lab_that_raises_or_lacks_alt_text_fails_the_build(tmp_path, code, message):
    _lab_book(tmp_path, code)
    result = mkdocs_build(tmp_path)
    assert result.returncode != 0
    assert message in result.stderr
    assert not Path(tmp_path / "site" / "labs" / "lab" / "index.html").exists()


def test_a_widget_stand_in_in_another_wording_is_refused():
    # One wording, rewritten alike for notebooks, the PDF and the EPUB (page/blocks.py).
    page = CHAPTER.replace("stands here when JavaScript is", "shows when scripts run")
    with pytest.raises(ValueError, match="stands here when JavaScript is on"):
        _notebook(page, site_url="https://example.org/")


def test_a_link_of_a_query_only_goes_to_its_page_on_the_site():
    """A chapter's "try it" link (a query and the widget's #id) opens the chapter's page on
    the site from a notebook; a lab's, the lab's page."""
    text = "[try a rate of 30](?tr-lr=30#trainer) and [a page](../learning/digits.md)"
    assert notebook.links_to_site(text, "error-and-descent", "https://b.io/",
                                   "error-and-descent/sgd-adam.md") == (
        "[try a rate of 30](https://b.io/error-and-descent/sgd-adam/?tr-lr=30#trainer) and "
        "[a page](https://b.io/learning/digits/)")
    assert notebook.links_to_site("[x](?a=1)", "labs/train-digits", "https://b.io/") == (
        "[x](https://b.io/labs/train-digits/?a=1)")
