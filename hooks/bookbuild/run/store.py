"""The committed store of the book's results: computed once, shipped with the book.

A chain's result is what it printed, what it exports and each figure it left as computed
(not yet drawn): the build draws the figures from it at any width and in any palette
without running the chain again. ``store/`` at the book's root holds a current result for
every chain, and is committed, so that a fresh clone computes only what changed (Quarto's
``_freeze``; unlike it, every test run checks the store instead of trusting it):

``manifest.tsv``
    One line per chain, sorted by key: the chain's key (``key.chain_key``), its result's
    id, the seconds its last run took (the runner starts the longest first), and where
    the chain starts (``learning/digits.md:1686``), for the reader of a diff.
``results/<id>.json``
    The result as text: each fence's printed output, its exports (name -> JSON text) and
    the file of its figure, if it left one.
``results/<sha>.fig``
    A figure as computed: the matplotlib ``Figure`` pickled (cloudpickle, which also
    keeps a block's own functions, such as a tick formatter), gzipped without a date.

Every name is the SHA-256 of the file's bytes (a result's, of its JSON): an entry whose
bytes no longer give its name (corrupt, truncated, edited by hand) is named in
:attr:`Store.problems` and computed again, never used. Writing the same result again
writes the same bytes.
"""

import gzip
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FenceResult:
    """What one fence gave when its chain ran: its printed output, the values it exports
    (name -> JSON text, ``exports.py``) and the figure it left open, pickled
    (``execute.pickled``), or None. ``drawing`` is that figure drawn for the site
    (``figures.draw.Drawing``), which the build adds: it is not part of the result."""

    output: str
    exports: dict = field(default_factory=dict)
    figure: bytes | None = None
    drawing: object = None


def _sha(data):
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One line of the manifest."""

    key: str
    result: str
    seconds: float
    where: str

    def line(self):
        return f"{self.key}\t{self.result}\t{self.seconds:.1f}\t{self.where}\n"


class Store:
    """The store in ``folder``: read when made, written by :meth:`save`.

    Parameters
    ----------
    folder : path
        ``store/`` at the book's root.
    """

    def __init__(self, folder):
        self.folder = Path(folder)
        self.results = self.folder / "results"
        self.entries = {}
        self.problems = []  # one sentence per entry found unusable
        self._changed = False
        manifest = self.folder / "manifest.tsv"
        if manifest.exists():
            for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
                fields = line.split("\t")
                try:
                    entry = Entry(fields[0], fields[1], float(fields[2]), fields[3])
                except (IndexError, ValueError):
                    self.problems.append(f"store/manifest.tsv:{number}: not a manifest line")
                    self._changed = True
                    continue
                self.entries[entry.key] = entry

    def seconds(self, where):
        """The seconds the last run of the chain at ``where`` took (whatever its key
        then), or None: the runner starts the longest first."""
        found = [e.seconds for e in self.entries.values() if e.where == where]
        return max(found) if found else None

    def get(self, key):
        """The chain's results (a :class:`FenceResult` per fence), or None when the store
        has none or its files are not those it wrote (then said in :attr:`problems`)."""
        entry = self.entries.get(key)
        if entry is None:
            return None
        try:
            text = (self.results / f"{entry.result}.json").read_bytes()
            if _sha(text) != entry.result:
                raise ValueError("its bytes are not those the store wrote")
            results = []
            for fence in json.loads(text):
                figure = None
                if fence["figure"] is not None:
                    packed = (self.results / f"{fence['figure']}.fig").read_bytes()
                    if _sha(packed) != fence["figure"]:
                        raise ValueError(f"its figure {fence['figure']}.fig is corrupt")
                    figure = gzip.decompress(packed)
                results.append(FenceResult(fence["output"], fence["exports"], figure))
            return results
        except (OSError, ValueError, KeyError, TypeError, EOFError, gzip.BadGzipFile) as error:
            self.problems.append(f"{entry.where}: the stored result {entry.result[:12]} "
                                 f"cannot be used ({error}); it is computed again")
            return None

    def put(self, key, results, seconds, where):
        """Keep ``results`` (:class:`FenceResult` list) as the chain ``key``'s."""
        self.results.mkdir(parents=True, exist_ok=True)
        fences = []
        for result in results:
            name = None
            if result.figure is not None:
                packed = gzip.compress(result.figure, compresslevel=9, mtime=0)
                name = _sha(packed)
                _write(self.results / f"{name}.fig", packed)
            fences.append({"output": result.output, "exports": result.exports,
                           "figure": name})
        text = (json.dumps(fences, indent=1, sort_keys=True, ensure_ascii=False)
                + "\n").encode("utf-8")
        _write(self.results / f"{_sha(text)}.json", text)
        self.entries[key] = Entry(key, _sha(text), seconds, where)
        self._changed = True

    def locate(self, key, where):
        """Say that the chain ``key`` now starts at ``where``: a moved chain keeps its
        result, and the manifest says where it is (for the reader, and for
        :meth:`seconds`)."""
        entry = self.entries[key]
        if entry.where != where:
            self.entries[key] = Entry(key, entry.result, entry.seconds, where)
            self._changed = True

    def unused(self, keys):
        """The entries no chain of ``keys`` uses."""
        return [entry for key, entry in sorted(self.entries.items()) if key not in keys]

    def prune(self, keys):
        """Forget the entries no chain of ``keys`` uses, and every file no entry names."""
        for entry in self.unused(keys):
            del self.entries[entry.key]
            self._changed = True
        if not self.results.is_dir():
            return
        named = set()
        for entry in self.entries.values():
            named.add(f"{entry.result}.json")
            try:
                fences = json.loads((self.results / f"{entry.result}.json").read_bytes())
                named |= {f"{f['figure']}.fig" for f in fences if f["figure"]}
            except (OSError, ValueError, KeyError, TypeError):
                pass
        for path in self.results.iterdir():
            if path.name not in named:
                path.unlink()

    def save(self):
        """Write the manifest, sorted, if anything changed."""
        if not self._changed:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        lines = [entry.line() for _, entry in sorted(self.entries.items())]
        (self.folder / "manifest.tsv").write_text("".join(lines), encoding="utf-8")
        self._changed = False


def _write(path, data):
    """Write ``data`` unless the file holds it already (a result is named by its bytes)."""
    if not (path.exists() and path.read_bytes() == data):
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
