"""The keys: a chain's result is keyed by what can change it (its code, nnbook's code, its
data, the libraries, Python, the BLAS threads) and nothing else, so that no stored result
is stale and no edit of a docstring, of the prose or of the drawing code runs a chain; a
drawing by its figure and the drawing code; the labs by every file of nnbook and of the
build's rooms that make a result."""

import ast
import os
import shutil
from pathlib import Path

import pytest

from bookbuild import pipeline
from bookbuild.config import BuildConfig, default_sources
from bookbuild.mkdocs_glue import lab_run
from bookbuild.run import key

from ..helpers import SMALL_PAGE

NNBOOK = default_sources()[0]
FIGURES = BuildConfig(Path(".")).figures_code
MODULES = sorted(path.name for path in NNBOOK.glob("*.py"))


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    """A copy of nnbook and of the drawing code, and their keys before any change."""
    root = tmp_path_factory.mktemp("tree")
    for folder in (NNBOOK, FIGURES):
        shutil.copytree(folder, root / folder.name, ignore=shutil.ignore_patterns("__pycache__"))
    nnbook, figures = root / NNBOOK.name, root / FIGURES.name
    return nnbook, figures, key.compute_key(nnbook), key.drawing_key(nnbook, figures)


@pytest.fixture
def edit():
    """Edit a file for one test: ``edit(path, change)`` with ``change(text) -> text``."""
    saved = {}

    def change(path, how):
        saved.setdefault(path, path.read_text(encoding="utf-8"))
        path.write_text(how(saved[path]), encoding="utf-8")

    yield change
    for path, text in saved.items():
        path.write_text(text, encoding="utf-8")


def test_the_key_is_the_files_not_where_they_are(tree):
    nnbook, figures, compute, drawing = tree
    assert key.compute_key(NNBOOK) == compute
    assert key.drawing_key(NNBOOK, FIGURES) == drawing


def _docstring_edited(text):
    """The module's docstring and every comment changed; the code as it was."""
    tree = ast.parse(text)
    doc = ast.get_docstring(tree, clean=False)
    if doc:
        text = text.replace(doc, doc + " Said otherwise.", 1)
    return "# a comment\n" + text.replace("\n#", "\n# and more\n#", 1)


@pytest.mark.parametrize("module", MODULES)
def test_a_docstring_or_a_comment_of_nnbook_changes_no_result_and_code_does(tree, edit,
                                                                           module):
    nnbook, figures, compute, drawing = tree
    edit(nnbook / module, _docstring_edited)
    assert key.compute_key(nnbook) == compute
    edit(nnbook / module, lambda text: text + "\n_ANOTHER = 1\n")
    assert key.compute_key(nnbook) != compute
    assert key.drawing_key(nnbook, figures) != drawing  # the plotting style is nnbook's


def test_a_new_module_changes_the_key_and_compiled_files_do_not(tree):
    nnbook, figures, compute, _ = tree
    compiled = nnbook / "__pycache__" / "x.cpython.pyc"
    compiled.parent.mkdir(exist_ok=True)
    compiled.write_bytes(b"compiled")
    assert key.compute_key(nnbook) == compute
    new = nnbook / "new_module.py"
    new.write_text("x = 1\n")
    try:
        assert key.compute_key(nnbook) != compute
    finally:
        new.unlink()


def test_the_drawing_code_keys_drawings_and_no_result(tree, edit):
    nnbook, figures, compute, drawing = tree
    edit(figures / "draw.py", lambda text: text + "\n_ANOTHER = 1\n")
    assert key.drawing_key(nnbook, figures) != drawing
    assert key.compute_key(nnbook) == compute


def test_a_data_file_rewritten_keys_its_chains_again_in_the_same_process(tmp_path):
    """The digest is kept while the file stays (``make serve``), not after an edit."""
    data = tmp_path / "grades.csv"
    data.write_text("1,2\n")
    first = key.data_digest(tmp_path, ["grades.csv"])
    assert key.data_digest(tmp_path, ["grades.csv"]) == first
    data.write_text("1,2,3\n")
    assert key.data_digest(tmp_path, ["grades.csv"]) not in (first, "")
    data.unlink()
    with pytest.raises(FileNotFoundError, match="grades.csv"):
        key.data_digest(tmp_path, ["grades.csv"])


def test_a_file_s_reading_is_kept_for_its_newest_version_only(tmp_path):
    """Under ``make serve`` a file read again after an edit replaces its old reading
    rather than adding to it: a file put back as it was is read again."""
    path, reads = tmp_path / "module.py", []

    @key._while_unchanged
    def read(paths):
        reads.append(paths[0].read_text())
        return reads[-1]

    path.write_text("x = 1\n")
    first = os.stat(path).st_mtime_ns
    assert read((path,)) == read((path,)) == "x = 1\n" and len(reads) == 1
    path.write_text("x = 22\n")
    assert read((path,)) == "x = 22\n" and len(reads) == 2
    path.write_text("x = 1\n")
    os.utime(path, ns=(first, first))  # as it was: size and time
    assert read((path,)) == "x = 1\n" and len(reads) == 3


@pytest.mark.parametrize("name", key.RUN_SETTINGS)
def test_the_blas_threads_key_the_results(tree, name):
    _, _, compute, _ = tree
    environ = {k: v for k, v in os.environ.items() if k not in key.RUN_SETTINGS}
    assert key.compute_key(NNBOOK, environ={**environ, name: "2"}) != key.compute_key(
        NNBOOK, environ={**environ, name: "1"})


def test_the_libraries_versions_and_python_s_key_the_results(monkeypatch):
    before = key.compute_key(NNBOOK)
    assert "numpy" in key.LIBRARIES and "torch" in key.LIBRARIES
    monkeypatch.setattr(key, "versions", lambda libraries: ["numpy==0.0"])
    assert key.compute_key(NNBOOK) != before
    monkeypatch.undo()
    monkeypatch.setattr(key.sys, "version_info", (3, 99, 0))
    assert key.compute_key(NNBOOK) != before


def test_a_build_after_an_edit_of_the_drawing_code_draws_and_runs_nothing_else(
        tree, tmp_path, monkeypatch):
    """A real build: the second reuses everything; after a change to the drawing code,
    the figure is drawn again from the stored result and no chain runs."""
    nnbook, figures, _, _ = tree
    monkeypatch.setattr(BuildConfig, "figures_code", property(lambda self: figures))
    settings = BuildConfig(tmp_path, sources=(nnbook,))

    def build():
        book = pipeline.Book(settings)
        book.add_pages([("page.md", SMALL_PAGE)])
        return book.stats.chains_run, book.stats.drawn, book.stats.reused

    assert build() == (2, 1, 0)
    assert build() == (0, 0, 1)
    draw = figures / "draw.py"
    original = draw.read_bytes()
    try:
        draw.write_bytes(original + b"\n_ANOTHER = 1\n")
        assert build() == (0, 1, 0)
    finally:
        draw.write_bytes(original)


def test_the_store_off_and_the_figure_cache_off_reuse_nothing(tmp_path):
    settings = BuildConfig(tmp_path, figure_cache=False, store="off")
    for _ in range(2):
        book = pipeline.Book(settings)
        book.add_pages([("page.md", SMALL_PAGE)])
        assert (book.stats.chains_run, book.stats.drawn, book.stats.reused) == (2, 1, 0)
    assert not (tmp_path / "store").exists()


def _lab(*codes):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lab")] + [
        nbformat.v4.new_code_cell(code) for code in codes]
    return nbformat.writes(nb)


def test_a_lab_runs_as_one_chain_of_its_cells_and_its_result_is_stored(tmp_path):
    """A lab's code cells run in one namespace, as Jupyter runs them, and its result is
    kept in the store like a chapter's: the next build runs nothing. Each cell prints as
    a notebook shows it (its last line's value too), IPython's magics left out."""
    lab = _lab("%matplotlib inline\nx = 2\nprint('x is', x)", "x + 1", "x;")
    for run in (1, 0):
        book = pipeline.Book(BuildConfig(tmp_path))
        book.add_pages([], labs=[("labs/lab.ipynb", lab)])
        assert book.stats.chains_run == run
        assert [r.output for r in book.labs["labs/lab.ipynb"]] == ["x is 2\n", "3\n", ""]
    assert (tmp_path / "store" / "manifest.tsv").read_text().endswith("\tlabs/lab.ipynb:2\n")


class Plugin:
    """mkdocs-jupyter's plugin as the labs see it: its options."""

    def __init__(self):
        self.config = {"cache": True, **{name: None for name in lab_run._NB2HTML_OPTIONS}}


def test_a_labs_html_is_kept_under_its_outputs_and_the_plugins_options(tmp_path,
                                                                        monkeypatch):
    from mkdocs_jupyter import convert

    rendered = []
    monkeypatch.setattr(convert, "nb2html", lambda path, execute, **options: rendered.append(
        (Path(path).read_text(), execute)) or f"<p>{len(rendered)}</p>")
    plugin = Plugin()
    labs = lab_run.Labs(plugin, tmp_path / "labs")
    labs.configure()
    assert plugin.config["cache"] is False  # its key is the notebook without outputs
    assert labs.html("lab", "{1}") == "<p>1</p>" and rendered == [("{1}", False)]
    assert labs.html("lab", "{1}") == "<p>1</p>" and len(rendered) == 1  # kept
    assert labs.html("lab", "{2}") == "<p>2</p>"  # other outputs: rendered again
    assert len(list((tmp_path / "labs").glob("lab-*.html"))) == 1  # the older one gone
    plugin.config["no_prompt"] = True
    assert labs.html("lab", "{2}") == "<p>3</p>"
    off = lab_run.Labs(plugin, tmp_path / "off", enabled=False)
    assert off.html("lab", "{2}") == "<p>4</p>" and not (tmp_path / "off").exists()


def test_the_code_that_runs_a_chain_keys_results_and_the_code_around_it_does_not(
        tmp_path, monkeypatch):
    """``run/execute.py`` runs a chain: an edit there runs every chain again; the
    scheduler, the store and the drawing around it (``run/runner.py``, ...) change no
    result."""
    for name in ("execute.py", "exports.py", "runner.py", "queue.py", "store.py"):
        shutil.copy(key.RUNNING / name, tmp_path / name)
    monkeypatch.setattr(key, "RUNNING", tmp_path)
    before = key.compute_key(NNBOOK)
    for name in ("runner.py", "queue.py", "store.py"):
        (tmp_path / name).write_text((tmp_path / name).read_text() + "\n_ANOTHER = 1\n")
    assert key.compute_key(NNBOOK) == before
    (tmp_path / "execute.py").write_text((tmp_path / "execute.py").read_text() + "\nX = 1\n")
    assert key.compute_key(NNBOOK) != before
