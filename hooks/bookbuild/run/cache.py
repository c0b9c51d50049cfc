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
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from ..config import LIBRARIES


@dataclass
class FenceResult:
    """What one fence gave when its chain ran: its figure (SVG bytes or None), its
    printed output, the texts shown in its figure (titles, labels, annotations), and its
    figure for the dark palette."""

    svg: bytes | None
    output: str
    texts: list = field(default_factory=list)
    svg_dark: bytes | None = None  # the same figure for the dark palette (dark_figure.py)
    unreadable: list = field(default_factory=list)  # figure_text.problems of the figure
    exports: dict = field(default_factory=dict)  # name -> JSON text (exports.py)
    # The greys (black, grey, white) its marks show only in the light palette
    # (figure_greys.greys_lost): its caption and alt text may not name them.
    greys_lost: list = field(default_factory=list)


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
    """Each chain's results on disk, by chain key: two SVG files per figure (light and
    dark), and an index with each fence's printed output and figure texts. ``enabled=False`` ignores it."""

    def __init__(self, folder, enabled=True):
        self.folder, self.enabled = Path(folder), enabled

    def get(self, key):
        index = self.folder / f"{key}.json"
        if not (self.enabled and index.exists()):
            return None
        def read(name):
            return None if name is None else (self.folder / name).read_bytes()

        try:
            return [FenceResult(read(e["svg"]), e["output"], e["texts"], read(e["svg_dark"]),
                                e["unreadable"], e.get("exports", {}), e["greys_lost"])
                    for e in json.loads(index.read_text())]
        except (FileNotFoundError, KeyError, TypeError):  # a missing file, an older index
            return None

    def put(self, key, results):
        self.folder.mkdir(parents=True, exist_ok=True)
        entries = []
        for i, result in enumerate(results):
            names = {}
            for kind, svg, suffix in (("svg", result.svg, ""),
                                      ("svg_dark", result.svg_dark, "-dark")):
                names[kind] = None if svg is None else f"{key}-{i}{suffix}.svg"
                if svg is not None:
                    (self.folder / names[kind]).write_bytes(svg)
            entries.append({**names, "output": result.output, "texts": result.texts,
                            "unreadable": result.unreadable, "exports": result.exports,
                            "greys_lost": result.greys_lost})
        (self.folder / f"{key}.json").write_text(json.dumps(entries))
