"""The cache's key: every file of nnbook and of the build's rooms that make a result,
so that no cached figure, output or lab is stale after a change to any of them; a change
to a check of the results does not draw the book again."""

import os
import shutil
from pathlib import Path

import pytest

from bookbuild import pipeline
from bookbuild.mkdocs_glue import lab_run
from bookbuild.run import cache
from bookbuild.config import BuildConfig, default_sources

from .conftest import SMALL_PAGE

SOURCES = default_sources()  # nnbook's folder and the build's rooms that make a result
FILES = [path.relative_to(folder.parent).as_posix()
         for folder, path in cache.source_files(SOURCES)]


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of nnbook and of the build, and its key before any change."""
    root = tmp_path_factory.mktemp("tree")
    for folder in SOURCES:
        shutil.copytree(folder, root / folder.name,
                        ignore=shutil.ignore_patterns("__pycache__"))
    copies = tuple(root / folder.name for folder in SOURCES)
    return root, copies, cache.environment_key(copies)


def test_the_sources_are_nnbook_and_the_rooms_that_make_results_and_every_file_is_listed():
    assert [folder.name for folder in SOURCES] == ["nnbook", "page", "run", "figures",
                                                   "mkdocs_glue"]
    for name in ("nnbook/__init__.py", "run/cache.py", "run/exports.py", "figures/draw.py",
                 "page/model.py", "mkdocs_glue/lab_figures.py",
                 "mkdocs_glue/jupyter/jupyter_nbconvert_config.json"):
        assert name in FILES
    assert not any("__pycache__" in name for name in FILES)
    assert not any(name.startswith("checks/") for name in FILES)  # they only read results


def test_the_key_is_the_files_not_where_they_are(tree):
    root, copies, key = tree
    assert cache.environment_key(copies) == key
    assert cache.environment_key(SOURCES) == key  # the copy is the real tree


@pytest.mark.parametrize("name", FILES)
def test_changing_any_file_of_nnbook_or_of_the_build_changes_the_key(tree, name):
    root, copies, key = tree
    path = root / name
    original = path.read_bytes()
    try:
        path.write_bytes(original + b"\n")
        assert cache.environment_key(copies) != key
    finally:
        path.write_bytes(original)
    assert cache.environment_key(copies) == key


def test_a_new_file_changes_the_key_and_compiled_files_do_not(tree):
    root, copies, key = tree
    compiled = root / "run" / "__pycache__" / "x.cpython.pyc"
    compiled.parent.mkdir(exist_ok=True)
    compiled.write_bytes(b"compiled")
    assert cache.environment_key(copies) == key
    new = root / "nnbook" / "new_module.py"
    new.write_text("x = 1\n")
    try:
        assert cache.environment_key(copies) != key
    finally:
        new.unlink()


def test_a_cached_build_is_drawn_again_after_a_change_to_the_build(tree, tmp_path):
    """A real cached build: the second reuses the first's figure; after a change to
    exports.py (a module that only writes results) the figure is drawn again."""
    root, copies, _ = tree
    settings = BuildConfig(tmp_path, figure_cache=True, sources=copies)

    def build():
        book = pipeline.Book(settings)
        book.add_pages([("page.md", SMALL_PAGE)])
        return book.stats.drawn, book.stats.reused

    assert build() == (1, 0)
    assert build() == (0, 1)
    exports = root / "run" / "exports.py"
    original = exports.read_bytes()
    try:
        exports.write_bytes(original + b"# another export format\n")
        assert build() == (1, 0)
    finally:
        exports.write_bytes(original)


def test_the_figure_cache_off_reuses_nothing(tmp_path):
    settings = BuildConfig(tmp_path, figure_cache=False)
    for _ in range(2):
        book = pipeline.Book(settings)
        book.add_pages([("page.md", SMALL_PAGE)])
        assert (book.stats.drawn, book.stats.reused) == (1, 0)


class Plugin:
    """mkdocs-jupyter's plugin as the labs see it: its options."""

    def __init__(self):
        self.config = {"cache": False, "cache_dir": ".cache/mkdocs-jupyter"}


def test_the_labs_cache_is_keyed_on_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "")  # configure sets it
    folder = tmp_path / ".cache" / "labs"
    (folder / "old-environment").mkdir(parents=True)
    plugin = Plugin()
    lab_run.Labs(plugin, "0123456789abcdef0123", folder).configure()
    assert plugin.config["cache"] is True
    assert plugin.config["cache_dir"] == str(folder / "0123456789abcdef")
    assert not (folder / "old-environment").exists()
    # The kernels load the build's extension from the installed package: its
    # configuration is found there, and nothing is put on the kernels' path.
    assert os.environ["JUPYTER_CONFIG_PATH"] == str(lab_run.JUPYTER_CONFIG)
    assert (lab_run.JUPYTER_CONFIG / "jupyter_nbconvert_config.json").is_file()
    # Without the cache: a folder of the build's own, outside .cache, gone at its end.
    labs = lab_run.Labs(plugin, "fedcba9876543210", folder, enabled=False)
    labs.configure()
    own = Path(plugin.config["cache_dir"])
    assert own.is_dir() and not own.is_relative_to(tmp_path) and not any(own.iterdir())
    labs.end()
    assert not own.exists()


def test_a_book_computes_the_key_once_for_its_chains_and_its_labs(tmp_path, monkeypatch):
    calls = []
    monkeypatch.setattr(cache, "environment_key",
                        lambda sources: calls.append(sources) or "f" * 64)
    monkeypatch.setenv("JUPYTER_CONFIG_PATH", "")
    plugin = Plugin()
    book = pipeline.Book(BuildConfig(tmp_path))
    # As the MkDocs hook makes the labs: with the book's key, not one of their own.
    lab_run.Labs(plugin, book.env_key, tmp_path / ".cache" / "labs").configure()
    book.add_pages([("a.md", "# A\n\n```python\nx = 1\n```\n")])
    assert len(calls) == 1
    assert plugin.config["cache_dir"].endswith("f" * 16)
