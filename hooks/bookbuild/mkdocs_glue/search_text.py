"""The search index holds what the reader sees: maths as text, no "¶", no buttons' words,
numbers findable.

MkDocs' search plugin (the material theme's) reads each page's HTML after
``on_page_content``, keeps its text as HTML (``&``, ``<``, ``>`` escaped once) and splits it
into sections at the headings; ``search/search_index.json`` is written after the build.
Two steps here, neither of which changes a page:

- :func:`mark_unindexed`, on each page's HTML before the plugin reads it: the elements that
  are the site's controls, not the book's text, get ``data-search-exclude``, which the
  plugin skips and then removes from the page: the labs' copy buttons ("Copied!", and the
  hidden copy of each cell's code, which indexed every cell twice), the notebook download
  button, the "Continues the previous block." notes, and the API pages'
  folded source code (the docstring above it is indexed; the source repeats it with its
  TeX raw, ``$\\sigma(z)$``).
- :func:`rewrite_index`, on the written index: the plugin indexes the HTML before the maths
  is typeset, so its entries (and the result snippets) show TeX: ``\\(\\eta = 0.1\\)``.
  ``plain_maths`` turns each formula into the text it displays, near enough for searching
  and reading: symbols as Unicode, as the page shows them (η, ∂, Σ, ≤),
  ``\\frac{a}{b}`` as ``a/b``, sub- and superscripts as ``_`` and ``^``, a matrix's rows
  or a case split's lines separated by ``;``. A formula's TeX arrives HTML-escaped
  (``z &gt; 0``): it is decoded before and escaped again after, so that ``&`` (a column of
  an alignment) and ``<`` are read as TeX, not as entities. The names of the Greek letters
  an entry's formulas use ("sigma", "eta") are indexed too, as a reader types them. Headings
  of the labs keep nbconvert's "¶" anchors: they go. A number written with thousands
  separators ("13,002") is also indexed without them ("13002"), as readers type it. What is
  indexed but not shown sits in a hidden span that the result snippets do not show.
"""

import html
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
# A matrix shows its delimiters; its rows (and a case split's lines) end with "\\".
_DELIMITERS = {"pmatrix": "()", "bmatrix": "[]", "vmatrix": "||", "Vmatrix": "‖‖"}
_GREEK = re.compile(r"\\(?:var)?(alpha|beta|gamma|delta|epsilon|eta|theta|lambda|mu|pi|rho"
                    r"|sigma|tau|phi)(?![A-Za-z])", re.I)
_MATHS = re.compile(r"\\\((.+?)\\\)|\\\[(.+?)\\\]", re.S)
_THOUSANDS = re.compile(r"(?<![\d,.])\d{1,3}(?:,\d{3})+(?![\d,])")

# The site's controls, by tag and class (None: any), which the index leaves out.
_CONTROLS = (
    ("clipboard-copy", None),  # a lab cell's copy button: its hidden notice "Copied!"
    ("div", "clipboard-copy-txt"),  # and the hidden copy of the cell's code it copies
    ("a", "md-button"),  # the download button of the page's notebook (with download=)
    ("p", "nb-cont"),  # "Continues the previous block.", over a continued block
    ("details", "mkdocstrings-source"),  # an API entry's source, its docstring raw
)
_START_TAG = re.compile(r"<([a-zA-Z][\w-]*)((?:\s+[^\s\"'>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'"
                        r"|[^\s\"'>]+))?)*)\s*/?>")
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
# What the search plugin skips, and then removes from the page: the page stays the same.
EXCLUDED = ' data-search-exclude="control"'


def plain_maths(tex):
    """The text a TeX formula shows, e.g. ``\\frac{\\partial C}{\\partial w_{jk}}`` ->
    ``∂C/∂w_jk``."""
    text, _ = _convert(tex, 0, closing=None)
    text = re.sub(r"\s*([=<>≤≥≈→←↦])\s*", r" \1 ", text)
    text = re.sub(r"\s*;(?:\s*;)*", "; ", text).strip(" ;")
    text = re.sub(r"([(\[]) +| +([)\],.])", r"\1\2", text)  # no space inside brackets
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
            if inner != "ᵀ":  # a transpose is written as one sign: Wᵀ
                inner = char + (f"({inner})" if re.search(r"\s", inner) else inner)
            out.append(inner)
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
                environment, i = _argument(tex, i)
                if name == "end":  # no row separator before the end
                    out[:] = ["".join(out).rstrip(" ;")]
                pair = _DELIMITERS.get(environment, "  ")
                out.append(f" {pair[0]}" if name == "begin" else f"{pair[1]} ")
            elif name == "\\":  # a new row, and the space after it: \\[4pt]
                out.append("; ")
                if tex[i:i + 1] == "[":
                    i = tex.find("]", i) + 1 or len(tex)
            elif name in _DROPPED:  # sizes of brackets: the bracket stays
                pass
            elif not name.isalpha():  # spaces: \, \; \quad
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


def plain_text(text, as_typed=True):
    """An index entry's text or title (HTML, as the search plugin writes it) with its
    maths as text, without "¶", and, for a text (a title takes no markup), what readers
    type but the page does not show, hidden: each number that has thousands separators
    written without them, and the names of the Greek letters of its formulas."""
    names = []

    def maths(match):
        tex = html.unescape(match[1] or match[2])  # once: the plugin escaped the TeX
        names.extend(n.lower() for n in _GREEK.findall(tex) if n.lower() not in names)
        return html.escape(plain_maths(tex), quote=False)

    text = _MATHS.sub(maths, text).replace("¶", "")
    if not as_typed:
        return text
    text = _THOUSANDS.sub(lambda m: f'{m[0]}{_hidden(m[0].replace(",", ""))}', text)
    return text + _hidden(" ".join(names)) if names else text


def _hidden(words):
    return f"<span hidden> {words}</span>"


def removes_marks(config):
    """Whether the build's search plugin is the material theme's, which skips the marks of
    :func:`mark_unindexed` and removes them (MkDocs' own would leave them in the page)."""
    return any(type(plugin).__module__.startswith("material.plugins.search")
               for plugin in config.plugins.values())


def mark_unindexed(page_html):
    """The page's HTML with each of the site's controls (``_CONTROLS``) marked
    ``data-search-exclude``: the search plugin leaves them out of the index, then removes
    the mark from the page (``EXCLUDED``, the only change, undone)."""
    def mark(match):
        tag, attributes = match[1].lower(), match[2]
        found = _CLASS.search(attributes)
        classes = next(filter(None, found.groups()), "").split() if found else []
        for name, kind in _CONTROLS:
            if tag == name and (kind is None or kind in classes):
                if tag == "a" and not re.search(r"\sdownload\b", attributes):
                    return match[0]  # a button that leads on: "Start reading"
                return f"<{match[1]}{EXCLUDED}{match[0][len(match[1]) + 1:]}"
        return match[0]

    return _START_TAG.sub(mark, page_html)


def rewrite_index(path):
    """Rewrite MkDocs' ``search_index.json`` at ``path`` with :func:`plain_text`."""
    index = json.loads(path.read_text(encoding="utf-8"))
    for doc in index["docs"]:
        doc["title"] = plain_text(doc.get("title", ""), as_typed=False)
        doc["text"] = plain_text(doc.get("text", ""))
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")),
                    encoding="utf-8")
