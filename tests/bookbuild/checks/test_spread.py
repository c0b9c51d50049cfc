"""The machines' spread file (checks/spread.py): what a run of some pages keeps."""

import json

from bookbuild.checks import spread


def _entry(page, line, names):
    return {"page": page, "line": line, "text": "x {{1 in 0..2}}",
            "printed": {name: ["1"] for name in names}}


def test_a_run_on_another_processor_keeps_the_environments_the_file_s_entries_name(
        tmp_path):
    """The file was written on a processor with four environments; a run of one page on
    one with three of them (one described otherwise) and one of its own replaces that
    page's entry. The list still describes every environment an entry was printed in, as
    the file described it, then the run's new one; one that no entry names any more
    goes."""
    path = tmp_path / "spread.json"
    old = [("A", "kernel A"), ("B", "kernel B"), ("C", "SIMD up to C, D off"),
           ("gone", "named by the replaced entry only")]
    path.write_text(json.dumps({
        "environments": [{"name": n, "description": d} for n, d in old],
        "entries": [_entry("a.md", 3, ["A", "B", "C"]),
                    _entry("b.md", 5, ["A", "B", "C", "gone"])]}))
    run = [("A", "kernel A"), ("C", "SIMD up to C"), ("E", "kernel E")]
    spread.write(path, [_entry("b.md", 7, ["A", "C", "E"])], run, {"b.md": None})
    data = json.loads(path.read_text())
    assert [e["page"] for e in data["entries"]] == ["a.md", "b.md"]
    assert data["environments"] == [
        {"name": "A", "description": "kernel A"}, {"name": "B", "description": "kernel B"},
        {"name": "C", "description": "SIMD up to C, D off"},
        {"name": "E", "description": "kernel E"}]
    named = {name for entry in data["entries"] for name in entry["printed"]}
    assert named == {e["name"] for e in data["environments"]}
