"""The combined document the book files were made from, kept for the tests that read it.

``contents.combine`` takes half a minute, and the export tests need what it gave the PDF
and the EPUB. ``python -m bookfiles`` keeps it beside the site (``path``), with the
fingerprint of what it was combined from: the site's pages and the code that combines
them. :func:`combined` gives it back while the fingerprint is the same, and combines the
site again otherwise, so a kept document is never one of another site or another code.
"""

import hashlib
import json
import re
import sys
import warnings
from pathlib import Path

import bs4

from . import contents

# The home page's download line: each file's size (filled by ``__main__.fill_sizes`` once
# the files are made, its kind the second group) and the line's tag (hidden until then).
# The fingerprint reads the line as the build writes it, so that filling it changes no
# fingerprint: the combined document leaves the line out.
SIZE = re.compile(r'(<span data-book-size="(\w+)">)[^<]*(</span>)')
LINE = re.compile(r'(<p class="book-files")(?: hidden(?:="")?)?>')


def path(site):
    """Where the document of ``site`` is kept: the cache folder beside it."""
    site = Path(site).resolve()
    return site.parent / ".cache" / "book" / f"{site.name}-combined.json"


def fingerprint(site):
    """A hash of every page of ``site`` (the home page's download line as built) and of
    the code that combines them: this package's modules, the HTML parser's version and
    Python's (whose ``html.parser`` it uses)."""
    digest = hashlib.sha256(f"{bs4.__version__} {sys.version}".encode())
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.read_bytes())
    for page in sorted(Path(site).rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if page.name == "index.html" and page.parent == Path(site):
            text = LINE.sub(r"\1 hidden>", SIZE.sub(r"\1\3", text))
        digest.update(page.relative_to(site).as_posix().encode() + b"\0")
        digest.update(text.encode("utf-8"))
    return digest.hexdigest()


def keep(site, body, entries):
    """Keep ``contents.combine(site)``'s ``body`` and ``entries``."""
    target = path(site)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps({"fingerprint": fingerprint(site), "body": body,
                                  "entries": entries}), encoding="utf-8")


def combined(site):
    """``contents.combine(site)``: the kept document while it is the site's, else made."""
    file = path(site)
    try:
        kept = json.loads(file.read_text(encoding="utf-8"))
        if kept["fingerprint"] == fingerprint(site):
            return kept["body"], [tuple(entry) for entry in kept["entries"]]
    except FileNotFoundError:  # none kept
        pass
    except (OSError, ValueError, KeyError, TypeError) as error:  # cut short, hand-edited
        warnings.warn(f"{file} cannot be read ({error!r}): the site is combined again",
                      stacklevel=2)
    return contents.combine(site)
