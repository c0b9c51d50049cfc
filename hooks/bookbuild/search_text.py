"""The search index holds what the reader sees: maths as text, no "¶", numbers findable.

MkDocs' search plugin indexes a page's HTML before MathJax runs, so its entries (and the
result snippets) show TeX: ``\\(\\eta = 0.1\\)``. ``plain_maths`` turns each formula into
the text it displays, near enough for searching and reading: symbols as Unicode (η, ∂,
Σ, ≤), ``\\frac{a}{b}`` as ``a/b``, sub- and superscripts as ``_`` and ``^``. Headings of
the labs keep nbconvert's "¶" anchors: they go. A number written with thousands
separators ("13,002") is also indexed without them ("13002"), as readers type it, in a
hidden span that the result snippets do not show.
"""

import json
import re
import unicodedata

_SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "Delta": "Δ", "epsilon": "ε",
    "varepsilon": "ε", "eta": "η", "theta": "θ", "lambda": "λ", "Lambda": "Λ", "mu": "μ",
    "pi": "π", "rho": "ρ", "sigma": "σ", "Sigma": "Σ", "tau": "τ", "phi": "φ", "ell": "ℓ",
    "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π", "infty": "∞", "cdot": "·",
    "times": "×", "odot": "⊙", "pm": "±", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥",
    "ne": "≠", "approx": "≈", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "mapsto": "↦", "in": "∈", "top": "ᵀ", "dots": "…", "ldots": "…", "cdots": "⋯",
    "vdots": "⋮", "ddots": "⋱", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈", "rceil": "⌉",
    "lVert": "‖", "rVert": "‖", "lvert": "|", "rvert": "|", "sqrt": "√", "quad": " ",
    "qquad": " ", "log": "log", "exp": "exp", "max": "max", "min": "min", "arg": "arg",
    "lim": "lim", "sin": "sin", "cos": "cos", "tanh": "tanh", "mathrm": "", "mathbf": "",
    "boldsymbol": "", "text": "", "mathcal": "", "mathbb": "", "operatorname": "",
}
_ACCENTS = {"hat": "\u0302", "bar": "\u0304", "tilde": "\u0303", "vec": "\u20d7"}
_DROPPED = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "left", "right",
            "displaystyle", "limits", "nolimits"}
_MATHS = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")


def plain_maths(tex):
    """The text a TeX formula shows, e.g. ``\\frac{\\partial C}{\\partial w_{jk}}`` ->
    ``∂C/∂w_jk``."""
    text, _ = _convert(tex, 0, closing=None)
    text = re.sub(r"\s*([=<>≤≥≈→←↦])\s*", r" \1 ", text)
    return unicodedata.normalize("NFC", " ".join(text.split()))  # ŷ as one character


def _argument(tex, i):
    """The converted argument at ``i`` (a {group} or one character), and where it ends."""
    while i < len(tex) and tex[i].isspace():
        i += 1
    if i < len(tex) and tex[i] == "{":
        return _convert(tex, i + 1, closing="}")
    if i < len(tex) and tex[i] == "\\":
        return _convert(tex[: _command_end(tex, i)], i, closing=None)[0], _command_end(tex, i)
    return tex[i:i + 1], i + 1


def _command_end(tex, i):
    j = i + 1
    while j < len(tex) and tex[j].isalpha():
        j += 1
    return max(j, i + 2)


def _group(part):
    return part if re.fullmatch(r"[\w∂.ᵀ^()]+", part) else f"({part})"


def _convert(tex, i, closing):
    out = []
    while i < len(tex):
        char = tex[i]
        if char == closing:
            return "".join(out), i + 1
        if char == "{":
            inner, i = _convert(tex, i + 1, closing="}")
            out.append(inner)
        elif char in "_^":
            inner, i = _argument(tex, i + 1)
            out.append(char + (inner if len(inner) <= 1 or inner.startswith("(") else inner))
        elif char == "&":
            out.append(" ")
            i += 1
        elif char == "\\":
            end = _command_end(tex, i)
            name, i = tex[i + 1:end], end
            if name in ("frac", "dfrac", "tfrac"):
                top, i = _argument(tex, i)
                bottom, i = _argument(tex, i)
                out.append(f"{_group(top)}/{_group(bottom)}")
            elif name in _ACCENTS:
                inner, i = _argument(tex, i)
                out.append(inner + _ACCENTS[name])
            elif name == "sqrt":
                inner, i = _argument(tex, i)
                out.append("√" + _group(inner))
            elif name == "underbrace":
                inner, i = _argument(tex, i)
                if tex[i:i + 1] == "_":  # its label, under the brace
                    label, i = _argument(tex, i + 1)
                    inner += f" ({label})"
                out.append(inner)
            elif name in ("begin", "end"):
                _, i = _argument(tex, i)  # the environment's name
                out.append(" ")
            elif name in _DROPPED or not name.isalpha():  # sizes, spaces, \\ (new row)
                out.append(" ")
            else:
                out.append(_SYMBOLS.get(name, name))
                rest = tex[i:].lstrip(" ")
                if rest[:1].isalnum() or rest[:1] == "{":  # a space that ended the name
                    i = len(tex) - len(rest)
        else:
            out.append(char)
            i += 1
    return "".join(out), i


def plain_text(html, numbers_as_typed=True):
    """An index entry's text or title with its maths as text, without "¶", and (for a
    text: a title takes no markup) each number that has thousands separators also
    written without them."""
    html = _MATHS.sub(lambda m: plain_maths(m[1] or m[2]), html).replace("¶", "")
    if not numbers_as_typed:
        return html
    return _THOUSANDS.sub(
        lambda m: f'{m[0]}<span hidden> {m[0].replace(",", "")}</span>', html)


def rewrite_index(path):
    """Rewrite MkDocs' ``search_index.json`` at ``path`` with :func:`plain_text`."""
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["title"] = plain_text(doc.get("title", ""), numbers_as_typed=False)
        doc["text"] = plain_text(doc.get("text", ""))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
