"""The one wording of a widget's stand-in, and what it becomes where there is no widget.

A widget's ``<p class="nb-widget-fallback">`` says "An interactive X stands here when
JavaScript is on: ..." and then what the widget shows. A notebook (``notebook.py``), the
PDF and the EPUB (``bookfiles/paper.py``) have no widgets: there the same text says where
the widget is instead, "An interactive X is on this chapter's web page, ADDRESS: ...".
"""

import re

from .blocks import BlockSyntaxError

_STANDS_HERE = re.compile(r"\sstands\s+here\s+when\s+JavaScript\s+is\s+on:")


def stand_in_elsewhere(text, link, where):
    """A widget's stand-in ``text`` saying that the widget is on the chapter's web page,
    ``link`` (in the output's markup); ``BlockSyntaxError`` (a ``ValueError``) naming
    ``where`` for a stand-in not in the one wording."""
    text, count = _STANDS_HERE.subn(lambda _: f" is on this chapter's web page, {link}:",
                                    text, count=1)
    if count != 1:
        raise BlockSyntaxError(f"{where}: a widget's stand-in should say 'An interactive ... "
                               f"stands here when JavaScript is on: ...', not {text[:80]!r}")
    return text
