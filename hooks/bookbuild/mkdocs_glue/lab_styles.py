"""A lab's styles, cut to the rules that can match it.

mkdocs-jupyter inlines the whole of JupyterLab's style sheet in every lab page: about
570 kB, most of it for JupyterLab's own widgets (Blueprint's ``bp3-``, Lumino's ``lm-``
and ``p-``, ``jp-``, CodeMirror's). A phone styles every element of the page against
each of those rules: on the slowed phone of the browser tests that took about a second
per lab. No JupyterLab script runs on the page, so a rule that needs one of those
classes, and the lab's HTML has none, can never match: it goes. Every other rule stays
(a class of the theme's, a tag, a variable), as written, but for JupyterLab's variables
for ``.jupyter-wrapper :root``, which nothing matches.
"""

import functools
import re

import tinycss2

# The classes only JupyterLab's own markup has: nbconvert writes those a lab uses.
_JUPYTER_CLASS = re.compile(r"(?:bp3-|jp-|lm-|p-|CodeMirror|cm-|ansi-)")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_STYLE = re.compile(r"(<style[^>]*>)(.*?)(</style>)", re.S)
# A selector's parts that need no class to match: :not(.x) matches without one, and
# :is(.a, .b) with either; an attribute's value is not a class.
_NEEDS_NO_CLASS = re.compile(r":(?:not|is|where|has)\(|\[")
_ROOT_INSIDE = re.compile(r"\S\s*[\s>+~]\s*:root\b")


def _top_level(text, at):
    """``text`` cut at the separator ``at`` outside brackets."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        if char == at and not depth:
            parts.append(text[start:i])
            start = i + 1
    return [*parts, text[start:]]


def _required(selector):
    """The part of ``selector`` whose classes an element must have to match."""
    out, depth, i = [], 0, 0
    while i < len(selector):
        found = _NEEDS_NO_CLASS.match(selector, i)
        if found and not depth:
            depth, i = 1, found.end()
            continue
        char = selector[i]
        if depth:
            depth += (char in "([") - (char in ")]")
        else:
            out.append(char)
        i += 1
    return "".join(out)


def _can_match(selector, classes):
    if _ROOT_INSIDE.search(selector):  # the root element is inside no other
        return False
    return all(name in classes or not _JUPYTER_CLASS.match(name)
               for name in _CLASS.findall(_required(selector)))


def _kept(rules, classes):
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [s.strip() for s in _top_level(tinycss2.serialize(rule.prelude), ",")]
            kept = [s for s in selectors if _can_match(s, classes)]
            if kept:
                yield f"{', '.join(kept)} {{{tinycss2.serialize(rule.content)}}}"
        elif rule.type == "at-rule" and rule.lower_at_keyword in ("media", "supports"):
            inner = list(_kept(tinycss2.parse_blocks_contents(
                rule.content or [], skip_comments=True, skip_whitespace=True), classes))
            if inner:
                yield f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}"
        elif rule.type == "at-rule":
            yield tinycss2.serialize([rule])


def used_styles(content):
    """``content`` (a lab's HTML) with each of its style sheets cut to the rules that can
    match it."""
    markup = _STYLE.sub("", content)
    classes = frozenset(name for found in re.findall(r'class="([^"]*)"', markup)
                        for name in found.split())
    return _STYLE.sub(lambda m: m.group(1) + _cut(m.group(2), classes) + m.group(3), content)


# Every lab inlines the same sheets, and a rebuild under ``make serve`` (one process)
# cuts them again for the same classes: kept, a rebuild parses none.
@functools.lru_cache(maxsize=64)
def _cut(sheet, classes):
    rules = tinycss2.parse_stylesheet(sheet, skip_comments=True, skip_whitespace=True)
    return "\n".join(_kept(rules, classes))
