"""The search index holds what the reader sees: formulas as text, no buttons' words, numbers
as typed. The examples are entries of the book's own index, as the search plugin writes
them (HTML: ``&``, ``<`` and ``>`` escaped once, TeX included)."""

import json
import re

import pytest
from material.plugins.search.plugin import Parser

from bookbuild.mkdocs_glue.search_text import EXCLUDED, mark_unindexed, plain_maths, plain_text

from ..helpers import mkdocs_build, write_mini_book


@pytest.mark.parametrize("tex, shown", [
    (r"\frac{\partial C}{\partial w^{(l)}_{jk}}", "∂C/∂w^(l)_jk"),
    (r"\theta \leftarrow \theta - \eta\, \nabla C(\theta)", "θ ← θ - η ∇C(θ)"),
    (r"\hat y = \mathbf{w} \cdot \mathbf{x} + b", "ŷ = w · x + b"),
    (r"\tfrac12 \lVert \mathbf{v} \rVert^2", "1/2 ‖ v ‖^2"),
    (r"\underbrace{a + b}_{\text{two}}", "a + b (two)"),
    (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", "(a b; c d)"),
    (r"\sqrt{\hat v} + \epsilon", "√(v̂) + ε"),
    (r"\mathrm{softmax}(z)_i = \dfrac{e^{z_i}}{\sum_j e^{z_j}}",
     "softmax(z)_i = e^z_i/(Σ_j e^z_j)"),
    (r"Z = X W^\top + b", "Z = X Wᵀ + b"),
    # A size of bracket goes, the bracket stays; a subscript with spaces is grouped.
    (r"\sigma(z)\,\bigl(1 - \sigma(z)\bigr)", "σ(z) (1 - σ(z))"),
    (r"\max_{0 \le i < k_H,\ 0 \le j < k_W} x", "max_(0 ≤ i < k_H, 0 ≤ j < k_W) x"),
])
def test_formulas_become_the_text_they_show(tex, shown):
    assert plain_maths(tex) == shown


# Entries of the index before: an entity decoded as TeX left "gt;" and "amp;" behind
# ("1 where z gt; 0", "-1 amp; 0 amp; 1"), and "\\[4pt]" after a row stayed as "[4pt]".
@pytest.mark.parametrize("entry, text", [
    (r"<p>Derivative of ReLU: 1 where \(z &gt; 0\), else 0.</p>",
     "<p>Derivative of ReLU: 1 where z &gt; 0, else 0.</p>"),
    (r"<p>the exact formula:</p> \[ \tanh'(z) = 1 - \tanh^2(z), \qquad \mathrm{ReLU}'(z) = "
     r"\begin{cases} 1 &amp; z &gt; 0 \\ 0 &amp; z &lt; 0 \end{cases} \]",
     "<p>the exact formula:</p> tanh'(z) = 1 - tanh^2(z), ReLU'(z) = 1 z &gt; 0; 0 z &lt; 0"),
    (r"\[ w_{\text{vertical}} = \begin{pmatrix} -1 &amp; 0 &amp; 1 \\ -2 &amp; 0 &amp; 2 \\ "
     r"-1 &amp; 0 &amp; 1 \end{pmatrix}, \qquad w_{\text{horizontal}} = "
     r"w_{\text{vertical}}^\top \]",
     "w_vertical = (-1 0 1; -2 0 2; -1 0 1), w_horizontal = w_verticalᵀ"),
    (r"\[ \begin{aligned} &amp;\text{(BP1)} &amp; \Delta^{(L)} &amp;= \nabla_A C \odot "
     r"\sigma'\big(Z^{(L)}\big)\\[4pt] &amp;\text{(BP2)} &amp; \Delta^{(l)} &amp;= "
     r"\big(\Delta^{(l+1)} W^{(l+1)}\big) \odot \sigma'\big(Z^{(l)}\big) \end{aligned} \]",
     "(BP1) Δ^(L) = ∇_A C ⊙ σ'(Z^(L)); (BP2) Δ^(l) = (Δ^(l+1) W^(l+1)) ⊙ σ'(Z^(l))"
     "<span hidden> delta sigma</span>"),
    # Not maths: code and prose keep their escapes.
    ("<pre>image[ring &amp; ((cols &gt;= 12) | tip)] = 1.0</pre> <p>Adam (Kingma &amp; Ba)</p>",
     "<pre>image[ring &amp; ((cols &gt;= 12) | tip)] = 1.0</pre> <p>Adam (Kingma &amp; Ba)</p>"),
])
def test_entities_are_decoded_once_and_the_tex_goes(entry, text):
    assert plain_text(entry) == text


def test_greek_letters_are_found_by_name_and_numbers_without_commas():
    text = plain_text(r"<p>A rate \(\eta = 0.1\), 13,002 weights, 3.5 and 12,5.</p>¶")
    assert text == ("<p>A rate η = 0.1, 13,002<span hidden> 13002</span> weights, 3.5 and "
                    "12,5.</p><span hidden> eta</span>")
    # A title takes no markup: a hidden span in one stops the theme's search.
    assert plain_text(r"The rate \(\eta\) of 13,002", as_typed=False) == "The rate η of 13,002"


# The site's controls as the book's pages hold them (a lab's cell, an API entry, a
# chapter's continued block), and what must stay.
LAB_CELL = ('<div class="zeroclipboard-container">\n<clipboard-copy ,="" aria-label="Copy to '
            'Clipboard" for="cell-1">\n<div>\n<span class="notice" hidden="">Copied!</span>\n'
            '<svg aria-hidden="true" class="clipboard-copy-icon" height="20"><path d="M0 0">'
            '</path></svg></div></clipboard-copy></div><div class="highlight-ipynb"><pre>'
            '<span class="kn">import</span> numpy</pre></div>\n<div class="clipboard-copy-txt" '
            'id="cell-1">import numpy</div>')
API_ENTRY = ('<p>Rectified linear unit <span class="arithmatex">\\(\\mathrm{ReLU}(z) = \\max(0, '
             'z)\\)</span>.</p>\n<details class="mkdocstrings-source">\n<summary>Source code in '
             '<code>nnbook/functional.py</code></summary>\n<div class="highlight"><pre><code>'
             'def relu(z):\n    r"""Rectified linear unit $\\mathrm{ReLU}(z) = \\max(0, z)$."""'
             '</code></pre></div>\n</details>')
CHAPTER = ('<h1 id="losses">Loss and cost functions</h1>\n<p><a class="md-button" href="../'
           'losses.ipynb" download="losses.ipynb">Download as a Jupyter notebook</a></p>\n'
           '<p><a class="md-button" href="start/">Start reading</a></p>\n<details class='
           '"example">\n<summary>Code of the figure</summary>\n<p><p class="nb-cont">Continues '
           'the previous block.</p></p>\n<pre><code>plt.show()</code></pre></details>')


def _indexed(page_html):
    """The text the search plugin indexes from ``page_html``."""
    parser = Parser()
    parser.feed(page_html)
    parser.close()
    return " ".join("".join(section.title + section.text) for section in parser.data)


@pytest.mark.parametrize("page, gone, kept", [
    (LAB_CELL, ["Copied!", "</pre> import numpy"], ["<pre>import numpy</pre>"]),
    (API_ENTRY, ["Source code in", "$\\mathrm", "def relu"], ["Rectified linear unit"]),
    (CHAPTER, ["Download as a Jupyter", "Continues the previous block"],
     ["Loss and cost functions", "Start reading", "Code of the figure", "plt.show()"]),
])
def test_the_site_s_controls_are_not_indexed_and_the_page_is_unchanged(page, gone, kept):
    marked = mark_unindexed(page)
    for words in gone:
        assert words in _indexed(page) and words not in _indexed(marked), words
    for words in kept:
        assert words in _indexed(marked), words
    # The search plugin removes its attributes from the page with this expression.
    assert marked != page
    assert re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", marked) == page
    assert re.sub(r"\s?data-search-\w+=\"[^\"]+\"", "", EXCLUDED) == ""


def test_the_built_index_has_no_tex_and_no_controls(tmp_path):
    write_mini_book(tmp_path, {"index.md": "# Home\n",
                               "page.md": "# Maths\n\n<!-- numbers\n1,000: an example\n-->\n\n"
                                          "The rate \\(\\eta\\) of 1,000 steps.\n\n"
                                          "```python\nprint(1)\n```\n\n"
                                          "<!--pytest-codeblocks:expected-output-->\n\n"
                                          "```text\n1\n```\n"},
                    config="theme: material\nplugins: [search]\n"
                           "markdown_extensions: [{pymdownx.arithmatex: {generic: true}}]\n")
    done = mkdocs_build(tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\\(" not in text and "η" in text and "1000" in text and "eta" in text
    page = (tmp_path / "site" / "page" / "index.html").read_text()
    assert "Download as a Jupyter notebook" in page and "data-search" not in page
    assert "Download as a Jupyter notebook" not in text
