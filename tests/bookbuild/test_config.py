"""The build's settings: read once from mkdocs.yml and the environment, checked."""

import os
import tomllib

import pytest

from bookbuild import config
from bookbuild.config import BuildConfig
from bookbuild.errors import BuildError

from ..paths import ROOT


def test_read_takes_the_books_folder_and_addresses_and_the_switches():
    settings = BuildConfig.read(ROOT / "mkdocs.yml", site_url="https://example.org/",
                                repo_url=None, environ={"NNBOOK_FIGURE_CACHE": "off",
                                                        "NNBOOK_BUILD_JOBS": "3"})
    assert settings.root == ROOT
    assert (settings.site_url, settings.repo_url) == ("https://example.org/", "")
    assert (settings.figure_cache, settings.jobs) == (False, 3)
    assert [folder.name for folder in settings.sources] == ["nnbook"]
    assert settings.data_file == ROOT / ".cache" / "data" / "mnist.npz"
    assert settings.mathjax == ROOT / "node_modules" / "mathjax"


def test_unset_switches_mean_the_cache_on_the_store_written_and_a_process_per_cpu():
    settings = BuildConfig.read(ROOT / "mkdocs.yml", environ={})
    assert settings.figure_cache is True
    assert settings.store == "write"
    assert settings.store_folder == ROOT / "store"
    assert settings.jobs == (os.cpu_count() or 1)


@pytest.mark.parametrize("value, mode", [("", "write"), ("check", "check"), (" OFF", "off"),
                                         ("write", "write")])
def test_the_store_switch(value, mode):
    assert BuildConfig.read(ROOT / "mkdocs.yml", environ={"NNBOOK_STORE": value}).store == mode


@pytest.mark.parametrize("value, on", [("1", True), ("ON", True), (" yes", True),
                                       ("", True), ("0", False), ("off", False),
                                       ("False", False), ("no", False)])
def test_the_cache_switch(value, on):
    assert config.figure_cache_from(value) is on


@pytest.mark.parametrize("variable, value, message", [
    ("NNBOOK_FIGURE_CACHE", "maybe", "NNBOOK_FIGURE_CACHE must be one of 1, on, true, yes, "
                                     "0, off, false, no, got 'maybe'"),
    ("NNBOOK_STORE", "read", "NNBOOK_STORE must be one of write, check, off, got 'read'"),
    ("NNBOOK_BUILD_JOBS", "0", "NNBOOK_BUILD_JOBS must be a whole number >= 1, got '0'"),
    ("NNBOOK_BUILD_JOBS", "two", "NNBOOK_BUILD_JOBS must be a whole number >= 1, got 'two'"),
    ("NNBOOK_BUILD_JOBS", "-1", "NNBOOK_BUILD_JOBS must be a whole number >= 1, got '-1'"),
])
def test_a_wrong_switch_is_named_with_what_it_takes(variable, value, message):
    with pytest.raises(BuildError) as info:  # stops the build with the message alone
        BuildConfig.read(ROOT / "mkdocs.yml", environ={variable: value})
    assert str(info.value) == message


@pytest.mark.parametrize("kwargs, error, message", [
    ({"jobs": 0}, ValueError, "jobs must be >= 1, got 0"),
    ({"jobs": 2.0}, TypeError, "jobs must be an int, got float"),
    ({"figure_cache": "off"}, TypeError, "figure_cache must be a bool, got str"),
    ({"store": "on"}, ValueError, "store must be one of ('write', 'check', 'off'), got 'on'"),
    ({"sources": ["no-such-folder"]}, ValueError, "a source folder of the cache key must "
                                                  "exist, got no-such-folder"),
])
def test_wrong_settings_made_in_code_are_named(kwargs, error, message):
    with pytest.raises(error) as info:
        BuildConfig(ROOT, **kwargs)
    assert str(info.value) == message


def test_the_installed_packages_are_the_working_trees_found_without_importing_them():
    # make setup installs both from the clone (editable): its edits are what runs.
    assert config.package_folder("nnbook") == ROOT / "nnbook"
    assert config.package_folder("bookbuild") == ROOT / "hooks" / "bookbuild"
    with pytest.raises(BuildError, match="the package no_such_package is not installed"):
        config.package_folder("no_such_package")


def test_readers_who_install_nnbook_do_not_get_the_build():
    book = tomllib.loads((ROOT / "pyproject.toml").read_text())
    build = tomllib.loads((ROOT / "hooks" / "pyproject.toml").read_text())
    assert book["tool"]["setuptools"]["packages"] == ["nnbook"]
    # Every package of the build, each room of bookbuild too, or an install would miss it.
    folders = sorted(path.parent.relative_to(ROOT / "hooks").as_posix().replace("/", ".")
                     for path in (ROOT / "hooks").glob("book*/**/__init__.py"))
    assert sorted(build["tool"]["setuptools"]["packages"]) == folders
    # What the build imports is pinned with the rest (requirements.lock, nnbook's extras).
    assert build["project"]["dependencies"] == ["nnbook[docs]"]
