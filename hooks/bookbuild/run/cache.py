"""The local cache of the figures drawn (``.cache/drawings``, never committed).

:class:`DrawingCache` keeps each figure as drawn for the site, under the drawing's key
(the figure's bytes and the code that draws it, ``key.drawing_key``): a rebuild after a
prose edit draws nothing, and one after an edit to the drawing code draws every figure
from the stored results (``store.py``) without running a chain.
"""

import json
from dataclasses import fields
from pathlib import Path

from ..figures.draw import Drawing


class DrawingCache:
    """The figures drawn for the site, on disk, by drawing key (``key.drawing_key`` and
    the figure's bytes): a rebuild after a prose edit draws nothing. Each drawing's
    fields in an index, and a file for each field of bytes (its SVGs). ``enabled=False``
    ignores it."""

    def __init__(self, folder, enabled=True):
        self.folder, self.enabled = Path(folder), enabled

    def get(self, key):
        index = self.folder / f"{key}.json"
        if not (self.enabled and index.exists()):
            return None
        try:
            return self._load(json.loads(index.read_text()))
        except (FileNotFoundError, KeyError, TypeError, ValueError):  # a file gone, an older index
            return None

    def put(self, key, drawing):
        if not self.enabled:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{key}.json").write_text(json.dumps(self._dump(drawing, key)))

    def _dump(self, drawing, stem):
        """A :class:`Drawing`'s fields as JSON; each of bytes written to a file, named."""
        if drawing is None:
            return None
        entry = {}
        for name in (f.name for f in fields(Drawing)):
            value = getattr(drawing, name)
            if isinstance(value, bytes):
                (self.folder / f"{stem}-{name}.svg").write_bytes(value)
                value = f"{stem}-{name}.svg"
            entry[name] = value
        return entry

    def _load(self, entry):
        """The :class:`Drawing` that :meth:`_dump` wrote as ``entry``."""
        if entry is None:
            return None
        return Drawing(**{name: (self.folder / value).read_bytes()
                          if name in _FILES and value is not None else value
                          for name, value in entry.items()})


# The fields of a drawing kept as files beside the index.
_FILES = {f.name for f in fields(Drawing) if f.type in (bytes, bytes | None)}
