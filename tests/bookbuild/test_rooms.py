"""The build's rooms and their one-way arrows: the core does not know MkDocs.

Every import of every module of ``hooks/bookbuild`` (at the top or inside a function) is
read with ``ast``, relative imports resolved, and checked against the arrows MAINTAINING.md
draws: only ``mkdocs_glue`` imports MkDocs, Material, pymdownx or mkdocs-jupyter, and no
room imports one that stands above it. The widgets' ES modules are checked the same way,
from their import lines (``test_the_widgets_import_what_they_use_and_arrows_point_one_way``).
"""

import ast
import re

import pytest

from ..browser.widgets import is_widget
from ..paths import ROOT

HOOKS = ROOT / "hooks"
FRAMEWORK = {"mkdocs", "material", "pymdownx", "mkdocs_jupyter"}
BASE = {"config", "errors"}  # what every part of the build may use
# The rooms each part may import besides its own modules and BASE: the arrows point into
# the core, never out of it. "top" is the build's conductor (pipeline, site_files).
ARROWS = {
    "page": set(),
    "figures": set(),
    "run": {"figures"},
    "checks": {"page", "run", "figures"},
    "maths": set(),
    "top": {"page", "run", "figures", "checks", "maths"},
    "mkdocs_glue": {"top", "page", "run", "figures", "checks", "maths"},
    "face": {"mkdocs_glue", "page"},  # what it names, on first use
}


def imported(path):
    """The absolute names of the modules the file ``path`` imports."""
    package = path.relative_to(HOOKS).with_suffix("").parts[:-1]
    if path.name == "__init__.py":
        package = path.relative_to(HOOKS).parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = list(package[:len(package) - node.level + 1]) if node.level else []
            module = ".".join(base + ([node.module] if node.module else []))
            # "from . import x" may name a module x: both are counted.
            names |= {module} | {f"{module}.{alias.name}" for alias in node.names}
    return names


def room_of(name):
    """The room of a module of the build (``bookbuild.run.cache`` -> ``run``); the
    package itself is its public face."""
    parts = name.split(".")
    if parts[0] != "bookbuild":
        return None
    if parts == ["bookbuild"]:
        return "face"
    if len(parts) > 1 and parts[1] in ARROWS:
        return parts[1]
    return "base" if len(parts) > 1 and parts[1] in BASE else "top"


MODULES = sorted((HOOKS / "bookbuild").rglob("*.py"))


def _name(path):
    return ".".join(path.relative_to(HOOKS).with_suffix("").parts).removesuffix(".__init__")


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_the_core_imports_nothing_of_mkdocs_and_arrows_point_one_way(path):
    room = room_of(_name(path))
    names = imported(path) - {"bookbuild"}  # "from . import x": the package, not its face
    if room not in ("mkdocs_glue", "face"):
        assert not {name.split(".")[0] for name in names} & FRAMEWORK, names
    rooms = {room_of(name) for name in names} - {None, "base", room}
    allowed = set() if room == "base" else ARROWS[room]
    assert rooms <= allowed, f"{_name(path)} ({room}) imports {sorted(rooms - allowed)}"


def test_the_check_sees_the_imports_it_must_refuse():
    """The glue's own imports are found: the same imports in the core would fail."""
    glue = HOOKS / "bookbuild" / "mkdocs_glue"
    assert {"pymdownx.highlight", "material.plugins.search.plugin"} <= imported(
        glue / "serve_cache.py")
    assert "mkdocs_jupyter" in imported(glue / "lab_run.py")  # inside a method
    assert {"bookbuild.errors", "bookbuild.page.notebook"} <= imported(glue / "labs.py")
    assert room_of("bookbuild.mkdocs_glue.labs") == "mkdocs_glue"
    assert "mkdocs_glue" not in ARROWS["top"]


def test_the_book_files_use_the_build_s_public_face_only():
    """The PDF and the EPUB are made from the built site: of the build they use only its
    public face (here the one wording of a widget's stand-in), and MkDocs the plugin by
    its entry point there."""
    import bookbuild

    face = {"bookbuild"} | {f"bookbuild.{name}" for name in bookbuild.__all__}
    for path in sorted((HOOKS / "bookfiles").rglob("*.py")):
        used = {name for name in imported(path) if name.split(".")[0] == "bookbuild"}
        assert used <= face, (path.name, used - face)
        assert not {name.split(".")[0] for name in imported(path)} & FRAMEWORK
    assert (HOOKS / "pyproject.toml").read_text(encoding="utf-8").count(
        '"bookbuild:BookPlugin"') == 1
    for name in bookbuild.__all__:
        assert getattr(bookbuild, name).__name__ == name


# The widgets' rooms (docs/javascripts, ES modules): the page's one module imports the
# widgets and the kit; a widget imports its own model, the kit, the number format and the
# shared maths (a digit widget the digits' room too), never another widget; a model
# (widgets/NAME/model.js) imports the maths, the number format and the digits' room, and
# whatever it imports, followed all the way, never reaches the kit, which builds the page;
# the kit imports the number format; the digits' room the kit and the maths; the format
# and the maths import nothing. No module reads another's window global.
SCRIPTS = ROOT / "docs" / "javascripts"
WIDGET_ARROWS = {"widgets.js": "widget kit", "widget": "model kit format maths digits",
                 "model": "maths format digits", "kit": "format", "digits": "kit maths",
                 "format": "", "maths": ""}


def widget_room(path):
    if is_widget(path):
        return "widget"
    if path.name == "model.js":
        return "model"
    return {"widgets.js": "widgets.js", "common.js": "kit", "format.js": "format",
            "nn.js": "maths"}.get(path.name, "digits" if path.parent.name == "digits"
                                  else "unknown")


def script_imports(path):
    """The modules the script at ``path`` imports, as paths."""
    text = path.read_text(encoding="utf-8")
    names = re.findall(r'^import\s[^;]*?\bfrom\s+"([^"]+)";', text, re.M | re.S)
    names += re.findall(r'^import\s+"([^"]+)";', text, re.M)
    return [(path.parent / name).resolve() for name in names]


def _script_id(path):
    return f"{path.parent.name}/{path.name}" if path.name == "model.js" else path.name


@pytest.mark.parametrize("path", [SCRIPTS / "widgets.js", *sorted(
    (SCRIPTS / "widgets").rglob("*.js"))], ids=_script_id)
def test_the_widgets_import_what_they_use_and_arrows_point_one_way(path):
    text = path.read_text(encoding="utf-8")
    targets = script_imports(path)
    rooms = {widget_room(target) for target in targets}
    allowed = set(WIDGET_ARROWS[widget_room(path)].split())
    assert rooms <= allowed, f"{path.name} imports {sorted(rooms - allowed)}"
    assert all(target.is_file() for target in targets), targets
    models = [target for target in targets if widget_room(target) == "model"]
    assert all(target.parent.name == path.stem for target in models), \
        f"{path.name} imports another widget's model: {models}"
    if widget_room(path) == "model":  # off the page, all the way down
        seen, todo = set(), list(targets)
        while todo:
            target = todo.pop()
            assert widget_room(target) != "kit", f"{_script_id(path)} reaches the kit"
            if target not in seen:
                seen.add(target)
                todo += script_imports(target)
    assert not re.search(r"window\.nnbook(Kit|NN)\b", text), "import it instead"


def test_the_tests_take_their_helpers_from_modules_never_from_a_conftest():
    """A conftest holds fixtures and hooks, which pytest finds by itself; what a test
    imports (paths, helpers, data) stands in a module of its own (``tests/paths.py``,
    a folder's ``helpers.py``)."""
    found = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module or ""] + [a.name for a in node.names]
                     if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            if any(name.split(".")[-1] == "conftest" for name in names):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []


def test_the_build_s_tests_stand_in_its_rooms():
    """``tests/bookbuild/`` mirrors ``hooks/bookbuild/``: a folder per room, named as the
    room, and none for what is no room; the conductor's and the base's tests at its top."""
    tests = ROOT / "tests" / "bookbuild"
    folders = {path.name for path in tests.iterdir()
               if path.is_dir() and path.name != "__pycache__"}
    rooms = set(ARROWS) - {"top", "face"}
    assert folders == rooms, (sorted(folders - rooms), sorted(rooms - folders))
    for room in rooms:
        assert list((tests / room).glob("test_*.py")), f"no tests of {room}/"
