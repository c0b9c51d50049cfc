"""A built page's formulas replaced by their typeset SVG: the page arrives with its maths.

``pymdownx.arithmatex`` (generic mode) leaves each formula as its TeX in
``<span class="arithmatex">\\(…\\)</span>`` (inline) or ``<div class="arithmatex">\\[…\\]</div>``
(display); :func:`typeset_page` puts MathJax's ``<mjx-container>`` inside the same
element, so the site's CSS and ``overflow.js`` still find ``.arithmatex``.

A display formula wider than a phone's column (:data:`BREAK_WIDTH`) comes twice: on one
line (``nb-unbroken``) and broken into lines to fit the phone (``nb-broken``); the CSS
shows one of them, by the screen's width (``book.css``). The width of the reader's screen
is not known at build time, and a formula cut into lines on a wide screen reads worse.
"""

import html
import re

from ..config import PHONE_COLUMN

# Where a display formula breaks its lines on a phone, in CSS pixels: a little inside
# the phone's column, so that a broken line does not touch its edge.
BREAK_WIDTH = PHONE_COLUMN - 18
EX = 8  # CSS pixels in one ex of the site's text (typeset.mjs's EX)

_MATHS = re.compile(r'<(span|div) class="arithmatex">\\([(\[])(.*?)\\[)\]]</\1>', re.S)
_WIDTH = re.compile(r'<svg [^>]*?width="([\d.]+)ex"')
_MATHS_DONE = re.compile(r'<(span|div) class="arithmatex"><mjx-container')
_DEFS = re.compile(r"<defs>(.*?)</defs>", re.S)
_PATH = re.compile(r'<path id="([^"]+)" d="([^"]*)"></path>')


def width_px(svg_html):
    """The width of a typeset formula in CSS pixels (its widest SVG)."""
    return max((float(w) for w in _WIDTH.findall(svg_html)), default=0.0) * EX


def _marked(container, mark):
    return container.replace('<mjx-container class="MathJax"',
                             f'<mjx-container class="MathJax {mark}"', 1)


_TOKEN = re.compile(r"\\(?:begin|end|left|right)(?![A-Za-z])|\\qquad(?![A-Za-z])|\\.|[{}]")
_TEXT_ONLY = re.compile(r"\\text\{[^{}]*\}[.,;]?")


def stacked(tex):
    r"""The equations of ``tex`` that stand side by side, apart by ``\qquad`` outside
    any group, environment or ``\left``…``\right``, one under the other (``gathered``);
    None for one. A word between them (``\text{so}``) goes with the equation after it,
    or the last one."""
    pieces, depth, start = [], 0, 0
    for token in _TOKEN.finditer(tex):
        name = token.group()
        if name in ("{", "\\begin", "\\left"):
            depth += 1
        elif name in ("}", "\\end", "\\right"):
            depth -= 1
        elif name == "\\qquad" and depth == 0:
            pieces.append(tex[start:token.start()])
            start = token.end()
    pieces = [p.strip() for p in [*pieces, tex[start:]] if p.strip()]
    lines = []
    for piece in pieces:
        if lines and _TEXT_ONLY.fullmatch(lines[-1]):
            lines[-1] += r" \quad " + piece
        else:
            lines.append(piece)
    if len(lines) > 1 and _TEXT_ONLY.fullmatch(lines[-1]):
        lines[-2:] = [lines[-2] + r" \quad " + lines[-1]]
    if len(lines) < 2:
        return None
    return r"\begin{gathered}" + r" \\ ".join(lines) + r"\end{gathered}"


def typeset_formula(typesetter, tex, display):
    """The markup of one formula, for the inside of its arithmatex element. On a phone,
    equations side by side stand one under the other where that fits (:func:`stacked`);
    else MathJax breaks the lines where it can."""
    whole = typesetter.svg(tex, display)
    if not display or width_px(whole) <= BREAK_WIDTH:
        return whole
    one_under_other = stacked(tex)
    broken = one_under_other and typesetter.svg(one_under_other, display)
    if not broken or width_px(broken) > BREAK_WIDTH:
        broken = typesetter.svg(tex, display, width=BREAK_WIDTH)
    if width_px(broken) >= width_px(whole):  # nowhere to break it: it scrolls
        return whole
    return _marked(whole, "nb-unbroken") + _marked(broken, "nb-broken")


def shared_glyphs(page_html):
    """``page_html`` with each glyph's path defined once: MathJax gives every formula
    the paths of its glyphs (``<defs>``), and a chapter's hundreds of formulas repeat the
    same few letters (it was nine tenths of the page). The paths go into one hidden
    ``<svg class="nb-glyphs">`` before the first formula, inside the page's content, so
    that it comes along when the theme's instant navigation swaps the content in."""
    glyphs = {}

    def take(match):
        for glyph, path in _PATH.findall(match.group(1)):
            if glyphs.setdefault(glyph, path) != path:
                raise ValueError(f"MathJax drew the glyph {glyph} two ways")
        return ""

    page_html = _DEFS.sub(take, page_html)
    if not glyphs:
        return page_html
    defs = "".join(f'<path id="{glyph}" d="{path}"></path>' for glyph, path in glyphs.items())
    first = _MATHS_DONE.search(page_html).start()
    return (page_html[:first] + f'<svg class="nb-glyphs" aria-hidden="true" '
            f'style="display: none"><defs>{defs}</defs></svg>' + page_html[first:])


def typeset_page(page_html, typesetter):
    """``page_html`` with every arithmatex formula typeset, its glyphs defined once
    (:func:`shared_glyphs`); the number typeset."""
    count = 0

    def typeset(match):
        nonlocal count
        tag, opening, tex = match.group(1), match.group(2), html.unescape(match.group(3))
        count += 1
        inner = typeset_formula(typesetter, tex, display=opening == "[")
        return f'<{tag} class="arithmatex">{inner}</{tag}>'

    return shared_glyphs(_MATHS.sub(typeset, page_html)), count
