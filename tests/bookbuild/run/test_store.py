"""The committed store of results: what it keeps, that it is never stale and never
trusted: a build that checks it (make test) fails on a chain it lacks a result for, a
result no chain uses, and an entry whose bytes are not those the store wrote, naming the
page and line; a build that writes it brings it up to date."""

import json
import re

import pytest

from bookbuild import pipeline
from bookbuild.config import BuildConfig
from bookbuild.errors import BuildError
from bookbuild.run import store

from ..helpers import SMALL_PAGE
from ...paths import ROOT

RESULTS = [store.FenceResult("", {}), store.FenceResult("", {"w": "[1.5]"}, b"figure"),
           store.FenceResult("1\n")]


def test_a_result_comes_back_as_it_went_in_and_the_same_result_writes_the_same_bytes(
        tmp_path):
    kept = store.Store(tmp_path)
    kept.put("k1", RESULTS, 2.5, "page.md:3")
    kept.save()
    files = {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    again = store.Store(tmp_path)
    assert again.get("k1") == RESULTS and again.problems == []
    assert again.seconds("page.md:3") == 2.5 and again.seconds("page.md:9") is None
    again.put("k1", RESULTS, 2.5, "page.md:3")
    again.save()
    assert {p.name: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == files
    manifest = (tmp_path / "manifest.tsv").read_text()
    assert manifest.startswith("k1\t") and manifest.endswith("\t2.5\tpage.md:3\n")
    # Text where it can be: the outputs and exports read in the result's JSON.
    [result] = [p for p in (tmp_path / "results").iterdir() if p.suffix == ".json"]
    assert json.loads(result.read_text())[1]["exports"] == {"w": "[1.5]"}


@pytest.mark.parametrize("spoil", ["edit", "truncate", "remove"])
@pytest.mark.parametrize("suffix", [".json", ".fig"])
def test_an_entry_whose_bytes_are_not_the_store_s_is_named_and_not_used(tmp_path, spoil,
                                                                        suffix):
    kept = store.Store(tmp_path)
    kept.put("k1", RESULTS, 1.0, "page.md:3")
    kept.save()
    [path] = [p for p in (tmp_path / "results").iterdir() if p.suffix == suffix]
    if spoil == "edit":
        path.write_bytes(path.read_bytes().replace(b"1\\n", b"2\\n").replace(b"\x00", b"\x01"))
    elif spoil == "truncate":
        path.write_bytes(path.read_bytes()[:-5])
    else:
        path.unlink()
    again = store.Store(tmp_path)
    assert again.get("k1") is None
    assert len(again.problems) == 1 and again.problems[0].startswith("page.md:3: ")


def test_a_line_of_the_manifest_that_is_not_one_is_named(tmp_path):
    (tmp_path / "manifest.tsv").write_text("k1\tabc\n")
    assert store.Store(tmp_path).problems == ["store/manifest.tsv:1: not a manifest line"]


def test_prune_forgets_unused_entries_and_their_files(tmp_path):
    kept = store.Store(tmp_path)
    kept.put("k1", RESULTS, 1.0, "page.md:3")
    kept.put("k2", [store.FenceResult("2\n")], 1.0, "page.md:9")
    assert [e.where for e in kept.unused({"k1"})] == ["page.md:9"]
    kept.prune({"k1"})
    kept.save()
    assert sorted(store.Store(tmp_path).entries) == ["k1"]
    assert len(list((tmp_path / "results").iterdir())) == 2  # k1's JSON and its figure


def _build(root, page, mode):
    book = pipeline.Book(BuildConfig(root, store=mode))
    book.add_pages([("page.md", page)])
    book.check()
    return book


NUMBERED = SMALL_PAGE.replace("print(1)\n```\n", "print(1)\n```\n\n"
                              "<!--pytest-codeblocks:expected-output-->\n```text\n1\n```\n")


def test_a_checking_build_fails_on_an_edited_a_dropped_and_a_new_chain(tmp_path):
    written = _build(tmp_path, NUMBERED, "write")
    assert written.stats.chains_run == 2
    assert _build(tmp_path, NUMBERED, "check").stats.chains_run == 0  # up to date
    # An edited chain: its new code has no result (the old one is used by none).
    edited = NUMBERED.replace("print(1)", "print(1 + 0)")
    with pytest.raises(BuildError) as error:
        _build(tmp_path, edited, "check")
    assert "page.md:22: no current result in the store" in str(error.value)
    assert "page.md:22: a result no chain uses" in str(error.value)
    assert "make build" in str(error.value)
    # A dropped chain: its result is used by none.
    dropped = NUMBERED[:NUMBERED.index("```python\nprint(1)")]
    with pytest.raises(BuildError, match=r"page\.md:22: a result no chain uses"):
        _build(tmp_path, dropped, "check")
    # The store is not changed by a checking build; a writing one brings it up to date.
    assert _build(tmp_path, NUMBERED, "check").stats.chains_run == 0
    _build(tmp_path, dropped, "write")
    assert len(store.Store(tmp_path / "store").entries) == 1
    _build(tmp_path, dropped, "check")


def test_a_chain_moved_down_its_page_or_to_another_keeps_its_result(tmp_path):
    """Prose added above a chain, or the chain carried to another page (a chapter
    split in two), changes no result: nothing runs, and a writing build says in the
    manifest where the chain now starts."""
    _build(tmp_path, NUMBERED, "write")
    book = pipeline.Book(BuildConfig(tmp_path, store="write"))
    book.add_pages([("other.md", "Prose.\n\n" + NUMBERED)])
    book.check()
    assert book.stats.chains_run == 0
    wheres = sorted(e.where for e in store.Store(tmp_path / "store").entries.values())
    assert wheres == ["other.md:24", "other.md:5"]


def test_a_block_split_in_two_is_another_chain(tmp_path):
    """The same code cut into two blocks gives its results one per block: its key is
    not the unsplit chain's, and a checking build says it has no result."""
    whole = "```python\nx = 1\nprint(x)\n```\n"
    split = ("```python\nx = 1\n```\n\n"
             "<!--pytest-codeblocks:cont-->\n```python\nprint(x)\n```\n")
    _build(tmp_path, whole, "write")
    with pytest.raises(BuildError, match=r"page\.md:1: no current result in the store"):
        _build(tmp_path, split, "check")
    assert _build(tmp_path, split, "write").stats.chains_run == 1


def test_a_changed_print_in_the_store_is_refused_and_computed_again(tmp_path):
    _build(tmp_path, NUMBERED, "write")
    results = tmp_path / "store" / "results"
    [printed] = [p for p in results.glob("*.json") if '"1\\n"' in p.read_text()]
    printed.write_text(printed.read_text().replace('"1\\n"', '"2\\n"'))
    with pytest.raises(BuildError) as error:
        _build(tmp_path, NUMBERED, "check")
    assert "page.md:22: the stored result" in str(error.value)
    # A writing build computes it again, and the page's output is what it printed.
    book = _build(tmp_path, NUMBERED, "write")
    assert book.stats.chains_run == 1 and book.pages["page.md"].model.fences[-1].result.output == "1\n"
    _build(tmp_path, NUMBERED, "check")


@pytest.mark.parametrize("page", ["learning/digits.md", "learning/famous-numbers.md"])
def test_the_digits_chapters_give_their_run_time_as_the_store_keeps_it(page):
    """The time each digits chapter tells its reader to expect is its blocks' time in the
    committed store, to a fifth (a recomputed store times them again), and its longest
    block's is more than it says, by less than a third."""
    kept = store.Store(ROOT / "store")
    seconds = [e.seconds for e in kept.entries.values() if e.where.startswith(f"{page}:")]
    text = " ".join((ROOT / "docs" / page).read_text().split())
    total, longest, unit = re.search(r"its blocks took (\d+) minutes in all, .* the "
                                     r"longest alone took more than (\d+) (minutes|seconds)\.",
                                     text).groups()
    total, longest = int(total), int(longest) * (60 if unit == "minutes" else 1)
    assert abs(total - sum(seconds) / 60) <= 0.2 * total, (total, sum(seconds) / 60)
    assert longest <= max(seconds) < 4 / 3 * longest, (longest, max(seconds))
