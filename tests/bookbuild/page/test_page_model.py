"""The page model: a page cut once into blocks (``page/blocks.py``), its chains of python
fences with what belongs to each, and the one function that writes a page back."""

import random
from types import SimpleNamespace

import pytest

from bookbuild.page import blocks, model

from ...book.pages import book_files
from ..helpers import SMALL_PAGE
from ...paths import ROOT

PAGE = SMALL_PAGE  # a page with a chain of two fences, a figure, an expected output


def test_parse_chains_and_figures():
    chains = model.parse(PAGE, "page.md")
    assert [len(c.fences) for c in chains] == [2, 1]
    assert chains[0].fences[1].cont
    figure = chains[0].fences[1].figure
    assert figure.alt == "A rising line through three points, drawn in blue."
    assert figure.caption == "A line."
    assert chains[0].fences[0].lineno == 3
    assert chains[1].fences[0].expected_output == "1\n"
    # Blocks are compared by identity (a block is one place of one page): compare values.
    assert [vars(f) for f in model.figure_directives(PAGE)] == [vars(figure)]


@pytest.mark.parametrize("text, message", [
    ("Prose\n\n<!-- figure\nalt: x\ncaption: y\n-->\n", "must come right after"),
    ("```python\npass\n```\nProse\n<!-- export x -->\n", "must come right after"),
    ("```python\npass\n```\n<!-- figure\nalt: x\n-->\n", "non-empty 'caption:'"),
    ("```python\npass\n```\n<!-- figure\nalt: x\ncaption: y\n", "not closed"),
    ("```python\npass\n```\n<!-- figure\ntitle: x\n-->\n", "must start with"),
    ("```python\npass\n```\n<!-- figure\nalt: x\ncaption: y -->\n", "is a block"),
    ("```python\npass\n```\n<!-- figure\nalt: x\ncaption: y\ncode: open\n-->\n",
     "takes folded, got 'open'"),
    ("```text\nx\n```\n<!--pytest-codeblocks:cont-->\n```python\npass\n```\n", "cont must"),
    ("<!--pytest-codeblocks:expected-output-->\n```text\n1\n```\n", "must follow a"),
    ("```python\npass\n", "code fence is not closed"),
    ('<div class="nb-widget">\n<div>\n</div>\n', "widget's <div> is not closed"),
])
def test_parse_errors_name_the_page_and_line(text, message):
    with pytest.raises(model.BlockSyntaxError, match=message) as info:
        model.parse(text, "chapter.md")
    assert str(info.value).startswith("chapter.md:")


def test_each_fence_carries_its_figure_export_and_expected_output():
    page = model.parse_page(PAGE.replace("-->\n\n```python\nprint(1)",
                                              "-->\n\n```python\nprint(1)\n```\n"
                                              "<!-- export y -->\n\n```python\nprint(2)"))
    first, second, third, fourth = page.fences
    assert first.figure is None and second.figure.caption == "A line."
    assert third.exports == ("y",) and third.expected is None
    assert fourth.expected.text == "1\n" and fourth.lineno == 27
    assert second.lines == (9, 14)  # from its cont marker to its closing fence


# ---- Every page is its blocks, and is written back from them --------------------------

PIECES = [
    "Prose with a number, 2.5 s.\n", "\n", "## A section\n",
    "```python\nx = 1\n```\n", "```python\n# not a heading\nprint(x)\n```\n",
    "<!--pytest-codeblocks:cont-->\n", "<!--pytest-codeblocks:expected-output-->\n",
    "```text\n1\n```\n", "~~~~markdown\n```python\n~~~~\n", "<!-- numbers\n9.8: gravity\n-->\n",
    "<!-- data\nbenchmarks/report.json\n-->\n", "<!-- An author's note. -->\n",
    '!!! note "A box"\n', '??? success "Solution"\n    Text in a box.\n',
    '<div class="nb-widget" data-widget="w">\n<div class="inner"><div>x</div></div>\n</div>\n',
    "<!--\nA note\non lines\n-->\n", "    indented text\n",
]


@pytest.mark.parametrize("seed", range(40))
def test_random_pages_are_their_blocks_joined(seed):
    """Any interleaving of prose, fences, markers, directives, notes, boxes and widgets
    is cut into blocks that give the page back byte for byte, each block a run of whole
    lines right after the one before."""
    rng = random.Random(seed)
    text = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 30)))
    cut = blocks.tokenise(text, "random.md")
    assert "".join(b.text for b in cut) == text
    assert [b.start for b in cut] == [0] + [b.end for b in cut[:-1]]
    assert all(len(b.lines) == b.end - b.start for b in cut)
    try:
        page = model.parse_page(text, "random.md")
    except model.BlockSyntaxError as error:  # a marker before the wrong fence, ...
        assert str(error).startswith("random.md:")
        return
    assert page.rewrite({}) == text


def test_a_nested_widget_is_one_block_and_a_fence_hides_what_it_holds():
    cut = blocks.tokenise(PIECES[14] + "after\n" + PIECES[8])
    assert [type(b).__name__ for b in cut] == ["Widget", "Prose", "Fence"]
    assert cut[0].end == 3 and cut[2].info == "markdown"


@pytest.mark.parametrize("path", book_files(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_synced_outputs_leave_a_page_whose_outputs_are_current_unchanged(path):
    """``with_printed_outputs`` writes into each output fence what its chain printed; a
    page whose chains print what it shows comes back the same, byte for byte."""
    text = path.read_text(encoding="utf-8")
    page = model.parse_page(text, path.name)
    for fence in page.fences:  # each prints what its output fence shows
        fence.result = SimpleNamespace(output=fence.expected_output or "")
    assert model.with_printed_outputs(page) == text


def test_synced_outputs_are_the_whole_chains_indented_as_the_fence():
    page = model.parse_page(
        "```python\nx = 1\n```\n<!--pytest-codeblocks:expected-output-->\n```text\nold\n```\n"
        "<!--pytest-codeblocks:cont-->\n```python\nprint(x)\n```\n\n"
        '??? note "Box"\n    ```python\n    print(2)\n    ```\n'
        "    <!--pytest-codeblocks:expected-output-->\n    ```text\n    old\n    ```\n")
    for fence, output in zip(page.fences, ["a\n", "b\n\nc\n", "2\n"]):
        fence.result = SimpleNamespace(output=output)
    synced = model.with_printed_outputs(page)
    assert "```text\na\nb\n\nc\n```\n" in synced  # the chain's output, blank line bare
    assert "    ```text\n    2\n    ```\n" in synced


# --- numbers marked as the machine's ------------------------------------------------------

MARKED = ("```python\nprint('x')\n```\n<!--pytest-codeblocks:expected-output-->\n"
          "```text\nbest of three: {{96.12 in 95.5..96.5}}%, seeds {{3 in 1..5}}\n```\n")


@pytest.mark.parametrize("printed, problems", [
    ("best of three: 96.12%, seeds 3\n", []),
    ("best of three: 95.50%, seeds 5\n", []),  # the window's ends are in it
    ("best of three: 95.49%, seeds 3\n",
     ["95.49 is outside its window 95.5..96.5 (the page shows 96.12)"]),
    ("best of three: 96.1%, seeds 3\n", None),  # other decimals: the format changed
    ("best of 3: 96.12%, seeds 3\n", None),  # the text outside the marks changed
    ("best of three: 96.12%, seeds 3.0\n", None),
])
def test_a_marked_number_may_differ_within_its_window_and_nothing_else(printed, problems):
    [fence] = model.parse_page(MARKED, "page.md").fences
    assert fence.expected.problems(printed) == problems
    assert fence.expected.shows(printed) == (problems == [])


@pytest.mark.parametrize("wrong, message", [
    ("96.5..95.5", r"the window .* empty"),
    ("95.5-96.5", r"\{\{96\.12 in 95\.5-96\.5\}\} is not a mark"),
    ("95.5..", r".* is not a mark: write \{\{number in low\.\.high\}\}"),
])
def test_a_marked_number_needs_a_window_low_to_high(wrong, message):
    with pytest.raises(blocks.BlockSyntaxError, match=r"page\.md:5: " + message):
        model.parse_page(MARKED.replace("95.5..96.5", wrong), "page.md")


def test_the_site_shows_the_printed_number_marked_and_the_notebook_its_window():
    from bookbuild.page import marks, notebook

    page = model.parse_page(MARKED, "page.md")
    page.fences[0].result = SimpleNamespace(output="best of three: 95.87%, seeds 4\n")
    synced = model.with_printed_outputs(page)
    assert "best of three: {{95.87 in 95.5..96.5}}%, seeds {{4 in 1..5}}\n" in synced
    html = marks.html("<code>best of three: {{95.87 in 95.5..96.5}}%</code>")
    assert html == ('<code>best of three: <span class="nb-machine" title="depends on the '
                    'machine: every set-up tested prints from 95.5 to 96.5">95.87</span>%'
                    "</code>")
    text = notebook.prepare_markdown(MARKED, "page.md")
    assert "best of three: 96.12%, seeds 3\n```\n" in text
    assert ("*Depends on the machine; in brackets, the range every set-up tested prints: "
            "96.12 (95.5 to 96.5); 3 (1 to 5).*") in text
    shared = marks.note("a {{1.0e-07 in 1e-9..1e-4}} b {{2 in 0..3}} c {{2.7e-07 in 1e-9..1e-4}}")
    assert shared.endswith(": 1.0e-07, 2.7e-07 (1e-09 to 0.0001); 2 (0 to 3).")


@pytest.mark.parametrize("printed, problems", [
    ("float32: 2.7e-07\n", []),
    ("float32: 9.5e-05\n", []),
    ("float32: 1.2e-04\n", ["1.2e-04 is outside its window 1e-09..0.0001 "
                            "(the page shows 2.7e-07)"]),
    ("float32: 2.7e-7\n", []),  # Python writes two digits; the pattern takes any
    ("float32: 0.00000027\n", None),  # no exponent: the format changed
    ("float32: 2.70e-07\n", None),
])
def test_a_marked_number_may_have_an_exponent(printed, problems):
    page = MARKED.replace("best of three: {{96.12 in 95.5..96.5}}%, seeds {{3 in 1..5}}",
                          "float32: {{2.7e-07 in 1e-9..1e-4}}")
    [fence] = model.parse_page(page, "page.md").fences
    assert fence.expected.problems(printed) == problems


def test_a_data_comment_after_a_fence_is_its_chain_s_and_elsewhere_the_page_s():
    page = model.parse_page(
        "<!-- data\nall.json\n-->\n\n```python\nx = 1\n```\n<!-- data\nmine.json\n-->\n"
        "<!-- figure\nalt: a\ncaption: b\n-->\n\n```python\ny = 2\n```\n\nSome prose.\n\n"
        "<!-- data\nalso-all.json\n-->\n", "page.md")
    first, second = page.chains
    assert page.data == ["all.json", "also-all.json"]
    assert first.data == ["mine.json"] and second.data == []
    assert first.fences[0].figure is not None  # a figure may still follow
