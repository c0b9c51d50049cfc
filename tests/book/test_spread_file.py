"""The committed spread file (``benchmarks/spread.json``, written by ``make test-fp``)
holds the book's marked numbers as every floating-point environment printed them: the
famous numbers chapter draws it, and each window on a page rests on it."""

import collections
import json

from bookbuild import __main__ as command
from bookbuild.checks import spread

from ..paths import ROOT


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
    assert unmeasured == [], "\n".join(["marked, with no entry (run make test-fp on the "
                                        "page):", *unmeasured])
    assert gone == [], "\n".join(["entries no page marks any more (make test-fp on the page "
                                  "drops them):", *gone])
