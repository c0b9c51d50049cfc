"""The search index holds what the reader sees: formulas as text, numbers as typed."""

import json

import pytest

from bookbuild.search_text import plain_maths, plain_text

from .conftest import mkdocs_build, write_mini_book


@pytest.mark.parametrize("tex, shown", [
    (r"\frac{\partial C}{\partial w^{(l)}_{jk}}", "∂C/∂w^(l)_jk"),
    (r"\theta \leftarrow \theta - \eta\, \nabla C(\theta)", "θ ← θ - η ∇C(θ)"),
    (r"\hat y = \mathbf{w} \cdot \mathbf{x} + b", "ŷ = w · x + b"),
    (r"\tfrac12 \lVert \mathbf{v} \rVert^2", "1/2 ‖ v ‖^2"),
    (r"\underbrace{a + b}_{\text{two}}", "a + b (two)"),
    (r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}", "a b c d"),
    (r"\sqrt{\hat v} + \epsilon", "√(v̂) + ε"),
])
def test_formulas_become_the_text_they_show(tex, shown):
    assert plain_maths(tex) == shown


def test_entries_lose_tex_and_pilcrows_and_numbers_are_found_without_commas():
    text = plain_text(r"<p>A rate \(\eta = 0.1\), 13,002 weights, 3.5 and 12,5.</p>¶")
    assert text == ("<p>A rate η = 0.1, 13,002<span hidden> 13002</span> weights, 3.5 and "
                    "12,5.</p>")


def test_the_built_index_has_no_tex(tmp_path):
    write_mini_book(tmp_path, {"index.md": "# Home\n",
                               "page.md": "# Maths\n\n<!-- numbers\n1,000: an example\n-->\n\n"
                                          "The rate \\(\\eta\\) of 1,000 steps.\n"},
                    config="plugins: [search]\n"
                           "markdown_extensions: [{pymdownx.arithmatex: {generic: true}}]\n")
    done = mkdocs_build(tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "\\(" not in text and "η" in text and "1000" in text
