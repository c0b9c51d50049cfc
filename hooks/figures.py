"""Run a chapter's Python blocks and draw the figures they make, with a cache.

Each chain of blocks (see ``blocks.py``) runs in a fresh namespace, fence by fence, in the
book's figure style with the Agg backend. After each fence, an open matplotlib figure is
saved as deterministic SVG and closed. A block that raises stops the build, naming the
page and the line.

The cache key of a chain is its code plus everything that can change its result:
nnbook's source, this module's source and the library versions. So a prose-only edit
reuses every figure, and a change in nnbook/ redraws them all.
"""

import contextlib
import hashlib
import io
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


class BlockError(RuntimeError):
    """A book block raised, drew a figure without a directive, or the reverse."""


@dataclass
class Stats:
    drawn: int = 0
    reused: int = 0
    chains_run: int = 0
    seconds: float = 0.0
    timings: list = field(default_factory=list)  # (seconds, page, line) per chain run


def environment_key(root):
    """Hash of what every figure depends on besides its own code."""
    digest = hashlib.sha256()
    # The data files pages read at build time count too (the performance appendix draws
    # benchmarks/report.json): a new report redraws its figures.
    data = [p for p in [root / "benchmarks" / "report.json"] if p.exists()]
    for path in sorted((root / "nnbook").rglob("*.py")) + data + [Path(__file__)]:
        digest.update(path.relative_to(root).as_posix().encode() if path.is_relative_to(root)
                      else path.name.encode())
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    for dist in ("numpy", "matplotlib", "scikit-learn"):
        try:
            digest.update(f"{dist}=={metadata.version(dist)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{dist} absent".encode())
    return digest.hexdigest()


class FigureCache:
    """SVGs of each chain's figures on disk, by chain key; ``enabled=False`` ignores it."""

    def __init__(self, folder, enabled=True):
        self.folder, self.enabled = Path(folder), enabled

    def get(self, key):
        index = self.folder / f"{key}.json"
        if not (self.enabled and index.exists()):
            return None
        names = json.loads(index.read_text())
        try:
            return [None if n is None else (self.folder / n).read_bytes() for n in names]
        except FileNotFoundError:
            return None

    def put(self, key, svgs):
        self.folder.mkdir(parents=True, exist_ok=True)
        names = []
        for i, svg in enumerate(svgs):
            if svg is None:
                names.append(None)
            else:
                names.append(f"{key}-{i}.svg")
                (self.folder / names[-1]).write_bytes(svg)
        (self.folder / f"{key}.json").write_text(json.dumps(names))


def chain_key(chain, env_key):
    return hashlib.sha256((env_key + "\0" + chain.code).encode()).hexdigest()


@contextlib.contextmanager
def _book_matplotlib():
    """Agg backend, the book's style, and a plt.show() that leaves the figure for us."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    from nnbook.plotting import style

    show = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        with matplotlib.rc_context(style()):
            yield plt
    finally:
        plt.show = show
        plt.close("all")


@dataclass
class FenceResult:
    """What one fence gave when its chain ran: its figure (SVG bytes or None) and its
    printed output."""

    svg: bytes | None
    output: str


def run_chain(chain, page, src_path):
    """Run one chain; return one :class:`FenceResult` per fence.

    Lines in tracebacks are the Markdown file's own line numbers.
    """
    from nnbook.plotting import svg_bytes

    results = []
    namespace = {"__name__": "__main__"}
    with _book_matplotlib() as plt:
        for fence in chain.fences:
            # Pad with newlines so that tracebacks give the line in the .md file.
            code = "\n" * fence.lineno + fence.code
            try:
                compiled = compile(code, src_path, "exec")
                with contextlib.redirect_stdout(io.StringIO()) as printed:
                    exec(compiled, namespace)
            except Exception as error:  # noqa: BLE001 - reported with the page and line
                tb = traceback.format_exception(type(error), error, error.__traceback__)
                relevant = [t for t in tb if src_path in t] or tb[-3:]
                raise BlockError(
                    f"{page}: the python block at line {fence.lineno} raised "
                    f"{type(error).__name__}: {error}\n" + "".join(relevant).rstrip()
                ) from error
            numbers = plt.get_fignums()
            if len(numbers) > 1:
                raise BlockError(
                    f"{page}: the python block at line {fence.lineno} left {len(numbers)} "
                    "figures open; draw one figure per block (subplots for panels)"
                )
            if numbers and fence.figure is None:
                raise BlockError(
                    f"{page}: the python block at line {fence.lineno} draws a figure but "
                    "no '<!-- figure' directive with alt and caption follows it"
                )
            if not numbers and fence.figure is not None:
                raise BlockError(
                    f"{page}: a figure directive follows the python block at line "
                    f"{fence.lineno}, but that block draws no figure"
                )
            svg = None
            if numbers:
                fig = plt.figure(numbers[0])
                svg = svg_bytes(fig)
                plt.close(fig)
            results.append(FenceResult(svg, printed.getvalue()))
    return results


def render_page(chains, page, src_path, cache, env_key, stats):
    """Return the SVGs of a page's figures in order, running chains not in the cache."""
    figures = []
    for chain in chains:
        key = chain_key(chain, env_key)
        svgs = cache.get(key)
        if svgs is None:
            start = time.perf_counter()
            svgs = [result.svg for result in run_chain(chain, page, src_path)]
            elapsed = time.perf_counter() - start
            stats.seconds += elapsed
            stats.chains_run += 1
            stats.drawn += sum(s is not None for s in svgs)
            stats.timings.append((elapsed, page, chain.fences[0].lineno))
            cache.put(key, svgs)
        else:
            stats.reused += sum(s is not None for s in svgs)
        figures.extend(s for s in svgs if s is not None)
    return figures


def cache_enabled():
    """The cache is on unless NNBOOK_FIGURE_CACHE is 0/off/false (for cold builds)."""
    return os.environ.get("NNBOOK_FIGURE_CACHE", "1").lower() not in ("0", "off", "false", "no")
