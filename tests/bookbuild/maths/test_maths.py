"""The maths room: formulas typeset at build time by MathJax 4 in Node, as SVG with their
MathML, cached; a display formula too wide for a phone also broken into lines."""

import re

import pytest

from bookbuild.maths import engine, markup

from ...paths import ROOT

MATHJAX = ROOT / "node_modules" / "mathjax"
# Backpropagation calculus's chain rule, written out: far wider than a phone's column.
LONG = (r"\frac{\partial C_0}{\partial w^{(L)}} = \frac{\partial z^{(L)}}{\partial w^{(L)}}"
        r" \frac{\partial a^{(L)}}{\partial z^{(L)}} \frac{\partial C_0}{\partial a^{(L)}}"
        r" = a^{(L-1)} \sigma'(z^{(L)}) \, 2 (a^{(L)} - y)")
PAGE = ('<p>A weight <span class="arithmatex">\\(w_{jk} &lt; 0\\)</span> and</p>\n'
        '<div class="arithmatex">\\[z = \\sum_k w_{jk} a_k + b_j\\]</div>\n'
        f'<div class="arithmatex">\\[{LONG}\\]</div>\n')


@pytest.fixture(scope="module")
def typesetter(tmp_path_factory):
    maths = engine.Typesetter(MATHJAX, tmp_path_factory.mktemp("maths") / "maths.json")
    yield maths
    maths.close()


def test_a_page_arrives_typeset_with_its_mathml_and_no_tex(typesetter):
    html, count = markup.typeset_page(PAGE, typesetter)
    assert count == 3
    assert "\\(" not in html and "\\[" not in html
    assert html.count('<span class="arithmatex"><mjx-container') == 1
    assert html.count('<div class="arithmatex"><mjx-container') == 2
    # Drawn in the text's colour, so in both palettes; hidden from screen readers, which
    # read the MathML beside it, whose TeX is the formula's.
    assert 'fill="currentColor"' in html and 'aria-hidden="true"' in html
    assert html.count("<mjx-assistive-mml") == html.count("<mjx-container")
    # The TeX, kept once per formula, on its MathML (where the EPUB reads it).
    assert re.findall(r'<math [^>]*data-latex="([^"]*)"', html)[:2] == [
        "w_{jk} &lt; 0", "z = \\sum_k w_{jk} a_k + b_j"]
    assert html.count("data-latex=") == 3 + 1  # the long formula comes twice
    visible = re.sub(r"<mjx-assistive-mml.*?</mjx-assistive-mml>", "", html, flags=re.S)
    assert "&lt; 0" not in visible and "data-latex" not in visible
    assert "data-mjx-error" not in html
    # Each glyph defined once for the page, before the first formula; every use finds it.
    assert html.count("<defs>") == 1
    assert html.index('<svg class="nb-glyphs"') < html.index("<mjx-container")
    glyphs = re.findall(r'<path id="([^"]+)"', html)
    assert len(glyphs) == len(set(glyphs)) and html.count("<use ") > len(glyphs)
    assert set(re.findall(r'<use xlink:href="#([^"]+)"', html)) == set(glyphs)


def test_the_mathml_keeps_the_formula_s_own_tex_for_the_epub(typesetter):
    """MathJax's own data-latex is rebuilt from the pieces: "\\qquad a" lost its space."""
    tex = r"z = b, \qquad a = \sigma(z) \le 1"
    html = typesetter.svg(tex, display=True)
    assert re.findall(r'data-latex="([^"]*)"', html) == [tex.replace("<", "&lt;")]


def test_a_formula_too_wide_for_a_phone_also_comes_broken_into_lines(typesetter):
    short = markup.typeset_formula(typesetter, "z = w a + b", display=True)
    assert "nb-broken" not in short and markup.width_px(short) < markup.BREAK_WIDTH
    both = markup.typeset_formula(typesetter, LONG, display=True)
    whole, broken = re.findall(r"<mjx-container.*?</mjx-container>", both, re.S)
    assert 'class="MathJax nb-unbroken"' in whole and 'class="MathJax nb-broken"' in broken
    assert markup.width_px(whole) > markup.BREAK_WIDTH >= markup.width_px(broken)
    # Broken into lines, the formula is taller.
    heights = [float(re.search(r'height="([\d.]+)ex"', c).group(1)) for c in (whole, broken)]
    assert heights[1] > 1.5 * heights[0]


def test_equations_side_by_side_stand_one_under_the_other_on_a_phone(typesetter):
    """Split at a \\qquad between equations, not inside a group, an environment or a
    \\left...\\right; a word between two equations goes with the one after it."""
    assert markup.stacked(r"a = 1, \qquad b = 2") == r"\begin{gathered}a = 1, \\ b = 2\end{gathered}"
    assert markup.stacked(r"u = v, \qquad \text{so} \qquad w = 0.") == (
        r"\begin{gathered}u = v, \\ \text{so} \quad w = 0.\end{gathered}")
    for one in (r"a = \frac{1 \qquad 2}{3}", r"\begin{aligned} a &= b \qquad c \end{aligned}",
                r"\left( a \qquad b \right)", r"\max x \qquad \text{(over the entries)}"):
        assert markup.stacked(one) is None, one
    # MathJax's own breaks would leave the second equation's left side on the first line.
    side_by_side = (r"\operatorname{MSE} = \frac{1}{N} \sum_{i=1}^{N} (\hat y_i - y_i)^2, \qquad"
                    r" \operatorname{MAE} = \frac{1}{N} \sum_{i=1}^{N} |\hat y_i - y_i|")
    both = markup.typeset_formula(typesetter, side_by_side, display=True)
    whole, phone = re.findall(r"<mjx-container.*?</mjx-container>", both, re.S)
    assert markup.width_px(phone) <= markup.BREAK_WIDTH < markup.width_px(whole)
    assert "gathered" in re.search(r'data-latex="([^"]*)"', phone).group(1)


def test_tex_that_mathjax_cannot_read_stops_the_build_quoting_it(typesetter):
    with pytest.raises(engine.TexError, match=r"\\frac\{a\}\{.*Missing close brace"):
        typesetter.svg(r"\frac{a}{", display=False)
    with pytest.raises(engine.TexError, match="Misplaced &$"):
        typesetter.svg(r"a & b", display=False)


def test_the_next_build_asks_node_only_for_new_formulas(tmp_path):
    cache = tmp_path / "maths.json"
    first = engine.Typesetter(MATHJAX, cache)
    html, _ = markup.typeset_page(PAGE, first)
    first.close()
    assert first.asked >= 4  # three formulas and the long one broken
    again = engine.Typesetter(MATHJAX, cache)
    assert markup.typeset_page(PAGE, again) == (html, 3)
    assert again.asked == 0
    again.close()


def test_the_stylesheet_hides_the_mathml_and_lays_out_the_svg(typesetter):
    css = typesetter.stylesheet()
    assert "mjx-assistive-mml" in css and 'mjx-container[jax="SVG"]' in css


def test_the_built_page_carries_its_maths_typeset_and_no_maths_engine(small_book):
    page = ("# P\n\nA weight $w_{jk} < 0$, and the sum\n\n$$\nz_j = \\sum_k w_{jk} a_k + b_j\n"
            f"$$\n\nand the chain rule\n\n$$\n{LONG}\n$$\n")
    result = small_book.build(page, config=(
        "markdown_extensions: [md_in_html, attr_list, {pymdownx.arithmatex: {generic: true}}]\n"
        "extra_css: [stylesheets/mathjax.css]\n"))
    assert result.returncode == 0, result.stderr
    html = small_book.html()
    assert html.count('<span class="arithmatex"><mjx-container') == 1
    assert html.count('<div class="arithmatex"><mjx-container') == 2
    assert html.count("nb-broken") == 1  # the chain rule, broken into lines for phones
    content = html[html.index("<h1"):html.rindex("</mjx-container>")]
    assert "\\(" not in content and "\\[" not in content and "$" not in content
    assert not re.search(r"<script[^>]*mathjax", html, re.I), "no maths engine loaded"
    css = (small_book.root / "site" / "stylesheets" / "mathjax.css").read_text()
    assert "mjx-assistive-mml" in css
    assert '<link href="../stylesheets/mathjax.css" rel="stylesheet">' in html


def test_a_tex_error_stops_the_build_naming_the_page(small_book):
    result = small_book.build("# P\n\nA broken $\\frac{a}{$ formula.\n", config=(
        "markdown_extensions: [{pymdownx.arithmatex: {generic: true}}]\n"))
    assert result.returncode != 0
    assert "page.md: MathJax cannot read the formula" in result.stderr
