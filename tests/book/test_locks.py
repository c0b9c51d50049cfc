"""The lock files pin packages from the package indexes, never from a local path."""

from ..paths import ROOT


def test_requirements_lock_names_no_local_path():
    lines = (ROOT / "requirements.lock").read_text().splitlines()
    local = [line for line in lines if "file:" in line or " @ /" in line]
    assert local == [], "requirements.lock pins a local path (run make lock, which strips it)"
    assert any(line.startswith("numpy==") for line in lines)


def test_package_lock_resolves_from_the_registry():
    text = (ROOT / "package-lock.json").read_text()
    assert '"file:' not in text
    assert '"node_modules/mathjax": {\n      "version": "4.1.3"' in text
