"""Under ``mkdocs serve``, remember the two pure steps that dominate a rebuild.

After a prose edit MkDocs rebuilds every page. Most of that time goes to two steps whose
output depends only on their input: Pygments colouring each code block, and the search
plugin parsing each page's HTML into index entries. Under serve both are remembered by
their whole input, so an unchanged block or page costs a dictionary lookup; anything
changed is computed afresh. ``mkdocs build`` (and so ``make test``) never enables this.
"""

import copy

import pymdownx.highlight
from material.plugins.search.plugin import SearchIndex

_MAX_BLOCKS = 5000  # about ten times the book's code blocks: room for edits, bounded memory
_original = {}
_blocks = {}  # key of (code, lexer, formatter) -> HTML
_pages = {}  # page URL -> (key of the page, its index entries)
stats = {"blocks_reused": 0, "pages_reused": 0}


def _options(options):
    return repr(sorted(options.items()))


def _highlight(code, lexer, formatter, outfile=None):
    # pygments.highlight as pymdownx calls it; lexers and formatters keep their options.
    if outfile is not None:
        return _original["highlight"](code, lexer, formatter, outfile)
    key = (code, type(lexer), _options(lexer.options), type(formatter),
           _options(formatter.options))
    if key in _blocks:
        stats["blocks_reused"] += 1
        return _blocks[key]
    if len(_blocks) >= _MAX_BLOCKS:
        _blocks.clear()
    html = _blocks[key] = _original["highlight"](code, lexer, formatter)
    return html


def _toc_key(items):
    return [(a.id, a.url, a.title, a.level, _toc_key(a.children)) for a in items]


def _add_entry_from_context(self, page):
    key = (page.content, page.title, repr(page.meta), repr(_toc_key(page.toc)), repr(self.config))
    seen = _pages.get(page.url)
    if seen is not None and seen[0] == key:
        stats["pages_reused"] += 1
        self.entries.extend(copy.deepcopy(seen[1]))
        return
    start = len(self.entries)
    _original["add_entry_from_context"](self, page)
    _pages[page.url] = (key, copy.deepcopy(self.entries[start:]))


def enabled():
    return bool(_original)


def enable():
    """Start remembering (idempotent)."""
    if _original:
        return
    _original["highlight"] = pymdownx.highlight.highlight
    _original["add_entry_from_context"] = SearchIndex.add_entry_from_context
    pymdownx.highlight.highlight = _highlight
    SearchIndex.add_entry_from_context = _add_entry_from_context


def disable():
    """Stop remembering and forget everything."""
    if not _original:
        return
    pymdownx.highlight.highlight = _original.pop("highlight")
    SearchIndex.add_entry_from_context = _original.pop("add_entry_from_context")
    _blocks.clear()
    _pages.clear()
    stats.update(blocks_reused=0, pages_reused=0)
