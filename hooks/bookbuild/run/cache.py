"""Where a chain's results are kept between builds, and the key they are kept under.

A chain's key (:func:`chain_key`) is its code, the names it exports, and the
environment key (:func:`environment_key`): every file of nnbook and of the build, found
by listing their folders, and the versions of Python and of the libraries. Whatever can
change a figure or a printed number is in the key, so a cached result is never stale;
anything else (the prose around the blocks) is not, so a prose edit reuses everything.
"""

import hashlib
import json
import sys
from dataclasses import dataclass, field, fields
from importlib import metadata
from pathlib import Path

from ..config import LIBRARIES
from ..figures.draw import Drawing


@dataclass
class FenceResult:
    """What one fence gave when its chain ran: its printed output, the values it exports
    (name -> JSON text, ``exports.py``), and its figure drawn (a
    ``figures.draw.Drawing``), or None when it draws none."""

    output: str
    exports: dict = field(default_factory=dict)
    drawing: Drawing | None = None


def source_files(folders):
    """Every file of ``folders``, code or data, as ``(folder, path)`` in a fixed order
    (compiled ``__pycache__`` files aside: they follow the sources)."""
    return [(folder, path) for folder in folders for path in sorted(Path(folder).rglob("*"))
            if path.is_file() and "__pycache__" not in path.relative_to(folder).parts]


def environment_key(sources, libraries=LIBRARIES):
    """Hash of what every figure depends on besides its own code: every file of the
    folders ``sources`` (nnbook's and the build's, see ``config.BuildConfig``), Python's
    version and those of ``libraries``.

    Found by listing the folders, not by a list of files kept by hand: a new module, or a
    change to one that only writes results (``exports.py``), keys the cache too. (The
    data files a page reads are declared on the page and join its own key.)
    """
    digest = hashlib.sha256()
    for folder, path in source_files(sources):
        name = Path(folder).name + "/" + path.relative_to(folder).as_posix()
        digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(sys.version.encode())
    for dist in libraries:
        try:
            digest.update(f"{dist}=={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist} absent".encode())
    return digest.hexdigest()


def chain_key(chain, env_key):
    text = env_key + "\0" + chain.code
    names = [" ".join(fence.exports) for fence in chain.fences]
    if any(names):  # what a chain exports is part of its results
        text += "\0export " + "\0".join(names)
    return hashlib.sha256(text.encode()).hexdigest()


class FigureCache:
    """Each chain's results on disk, by chain key: an index with each fence's result,
    field by field, and a file for each field of bytes (a figure's two SVGs).
    ``enabled=False`` ignores it."""

    def __init__(self, folder, enabled=True):
        self.folder, self.enabled = Path(folder), enabled

    def get(self, key):
        index = self.folder / f"{key}.json"
        if not (self.enabled and index.exists()):
            return None
        try:
            return [FenceResult(**{**entry, "drawing": self._load(entry["drawing"])})
                    for entry in json.loads(index.read_text())]
        except (FileNotFoundError, KeyError, TypeError):  # a missing file, an older index
            return None

    def put(self, key, results):
        self.folder.mkdir(parents=True, exist_ok=True)
        entries = [{**{f.name: getattr(result, f.name) for f in fields(FenceResult)},
                    "drawing": self._dump(result.drawing, f"{key}-{i}")}
                   for i, result in enumerate(results)]
        (self.folder / f"{key}.json").write_text(json.dumps(entries))

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
