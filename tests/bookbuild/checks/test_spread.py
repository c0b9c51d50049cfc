"""The machines' spread file (checks/spread.py): what a run of some pages keeps."""

import collections
import json

from bookbuild import __main__ as command
from bookbuild.checks import spread

from ...paths import ROOT


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


def test_every_marked_number_of_the_book_has_its_one_entry_in_the_spread_file():
    """Every window the book marks was measured by ``make test-fp``: each marked line of a
    page, a lab or the repository's documents has one entry of its text in
    ``benchmarks/spread.json``, and each entry is a line the book marks now. A new marked
    line, or a window changed, needs ``make test-fp`` on its page (MAINTAINING.md).
    Lines are compared by text only: prose added above moves them, and the next run of
    the page or the chain puts each entry at its line."""
    data = json.loads((ROOT / "benchmarks" / "spread.json").read_text(encoding="utf-8"))
    marked = collections.defaultdict(collections.Counter)
    for job in command.jobs(ROOT, []):
        marked[job.page].update(text for _, text in spread.marked_texts(job))
    measured = collections.defaultdict(collections.Counter)
    for entry in data["entries"]:
        measured[entry["page"]][entry["text"]] += 1
    unmeasured = [f"{page}: {text}" for page, texts in marked.items()
                  for text in texts - measured[page]]
    gone = [f"{page}: {text}" for page, texts in measured.items()
            for text in texts - marked[page]]
    assert unmeasured == [], "marked, with no entry (run make test-fp on the page):\n" + \
        "\n".join(unmeasured)
    assert gone == [], "entries no page marks any more (make test-fp on the page drops " \
        "them):\n" + "\n".join(gone)
