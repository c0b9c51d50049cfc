"""The page's HTML as mkdocs-glightbox leaves it, made a fragment again.

The lightbox plugin gives the page back as a whole document (its parser's), and the
search plugin then cut the page's first section off its title (the index's entries
changed, and with them the ranking). The links it makes (an image of a page's Markdown:
the figures, a chapter's or a lab's, come with theirs, ``figures/markup.zoomable``) get
the image's alt, which the lightbox shows.
"""

import re

_DOCUMENT = re.compile(r"\A<html><head></head><body>(.*)</body></html>\Z", re.S)
_LINKED_IMAGE = re.compile(r'<a class="glightbox"([^>]*)>(<img alt="([^"]*)")')


def fragment(content):
    """``content``, a page's HTML after the lightbox plugin, as the fragment it was."""
    whole = _DOCUMENT.match(content)
    content = whole.group(1) if whole else content
    return _LINKED_IMAGE.sub(r'<a class="glightbox"\1 data-alt="\3">\2', content)
