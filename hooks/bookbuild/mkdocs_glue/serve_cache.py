"""Under ``mkdocs serve``, remember the pure steps that dominate a rebuild.

After a prose edit MkDocs rebuilds every page. Most of that time goes to two steps whose
output depends only on their input: Pygments colouring each code block, and the search
plugin parsing each page's HTML into index entries. Under serve both are remembered by
their whole input, so an unchanged block or page costs a dictionary lookup; anything
changed is computed afresh. The pages' notebooks are remembered the same way
(:attr:`ServeCache.notebooks`, which the build's ``pipeline.Book`` fills, by the page's
text and addresses). ``mkdocs build`` (and so
``make test``) never enables this.

One :class:`ServeCache` lives as long as the serve process, across its builds; while
enabled, it stands in for ``pymdownx.highlight.highlight`` and the search index's
``add_entry_from_context`` (functions of those modules, so one cache at a time).
"""

import copy

import pymdownx.highlight
from material.plugins.search.plugin import SearchIndex

_MAX_ENTRIES = 5000  # about ten times the book's code blocks: room for edits, bounded memory
_MAX_NOTEBOOKS = 64  # about three times the pages with blocks


def _options(options):
    return repr(sorted(options.items()))


def _toc_key(items):
    return [(a.id, a.url, a.title, a.level, _toc_key(a.children)) for a in items]


def _remember(memory, key, make):
    """``memory[key]``, made by ``make()`` if it is not there; forget all when full."""
    if key not in memory:
        if len(memory) >= _MAX_ENTRIES:
            memory.clear()
        memory[key] = make()
    return memory[key]


class ServeCache:
    """What the rebuilds of one ``mkdocs serve`` reuse, and how often they did."""

    def __init__(self):
        self._original = {}  # the functions stood in for, while enabled
        self.blocks = {}  # key of (code, lexer, formatter) -> HTML
        self.pages = {}  # page URL -> (key of the page, its index entries)
        self.notebooks = {}  # key of a page's text and addresses -> its notebook's text
        self.stats = {"blocks_reused": 0, "pages_reused": 0}

    @property
    def enabled(self):
        return bool(self._original)

    def _highlight(self, code, lexer, formatter, outfile=None):
        # pygments.highlight as pymdownx calls it; lexers and formatters keep their options.
        if outfile is not None:
            return self._original["highlight"](code, lexer, formatter, outfile)
        key = (code, type(lexer), _options(lexer.options), type(formatter),
               _options(formatter.options))
        if key in self.blocks:
            self.stats["blocks_reused"] += 1
        return _remember(self.blocks, key,
                         lambda: self._original["highlight"](code, lexer, formatter))

    def _add_entry_from_context(self, index, page):
        key = (page.content, page.title, repr(page.meta), repr(_toc_key(page.toc)),
               repr(index.config))
        seen = self.pages.get(page.url)
        if seen is not None and seen[0] == key:
            self.stats["pages_reused"] += 1
            index.entries.extend(copy.deepcopy(seen[1]))
            return
        start = len(index.entries)
        self._original["add_entry_from_context"](index, page)
        self.pages[page.url] = (key, copy.deepcopy(index.entries[start:]))

    def enable(self):
        """Start remembering (idempotent)."""
        if self._original:
            return
        self._original["highlight"] = pymdownx.highlight.highlight
        self._original["add_entry_from_context"] = SearchIndex.add_entry_from_context
        pymdownx.highlight.highlight = self._highlight
        cache = self
        SearchIndex.add_entry_from_context = (
            lambda index, page: cache._add_entry_from_context(index, page))

    def disable(self):
        """Stop remembering and forget everything."""
        if not self._original:
            return
        pymdownx.highlight.highlight = self._original.pop("highlight")
        SearchIndex.add_entry_from_context = self._original.pop("add_entry_from_context")
        for memory in (self.blocks, self.pages, self.notebooks):
            memory.clear()
        self.new_build()

    def new_build(self):
        """Count the reuses of the next build from zero; forget the notebooks when there
        are many more than pages (``pipeline.Book`` fills them)."""
        self.stats.update(blocks_reused=0, pages_reused=0)
        if len(self.notebooks) >= _MAX_NOTEBOOKS:
            self.notebooks.clear()

    def summary(self):
        """The line the build logs after a rebuild under serve."""
        return (f"serve: {self.stats['blocks_reused']} code blocks and "
                f"{self.stats['pages_reused']} pages' search entries reused from the last "
                "build")
