"""The check that every number the prose quotes is printed, drawn, or listed with a reason
(``hooks/bookbuild/checks/prose_numbers.py``; the build runs it on every page with what
the blocks printed and drew)."""

import pytest

from bookbuild.page import model
from bookbuild.checks import prose_numbers, sections

from ...paths import ROOT


def _quoted(markdown):
    return [text for _, text, _ in prose_numbers.quoted_numbers(model.parse_page(markdown))]


@pytest.mark.parametrize("text, quoted", [
    ("It reached 97.5% on the test set.", ["97.5%"]),
    ("A fall of 30.5 points in one epoch, 1,348 images.", ["30.5 points", "1,348"]),
    ("Images of 8 × 8 pixels; 288 times stronger; took 2 s.", ["8 ×", "8", "288 times", "2 s"]),
    ("Two layers, seed 0, chapter 3, `lr=0.5`, [link](page.md#1.5).", []),
    (r"The weight \(w_{1,784}\), \(2.2 \times 10^{-16}\), 6.3e-04.",
     [r"2.2 \times 10^{-16}", "6.3e-04"]),
    ('<div data-points="0.5,1.25;\n2.5,3.75">\n</div>\nThen 4.5.', ["4.5"]),
])
def test_the_quoted_numbers_are_found(text, quoted):
    assert _quoted(text + "\n") == quoted


@pytest.mark.parametrize("value, printed, backed", [
    ("97.5", "97.5%", True),
    ("29", "largest fall: 29.2 points", True),      # rounded as quoted
    ("29.2", "largest fall: 29 points", False),     # more places than printed
    ("0.00003", "cost 3.39e-05", True),
    ("0.0000000000000002", "eps 2.220e-16", True),
    ("1,348", "training set: 1348 images", True),
    ("0.9997", "dC/dz -0.9997", True),              # the sign is prose
    ("0.7", "momentum 0.71", True),
    ("0.8", "momentum 0.71", False),
])
def test_a_quoted_number_is_backed_by_what_rounds_to_it(value, printed, backed):
    assert prose_numbers.is_backed(value, prose_numbers.numbers_in(printed)) == backed


def test_a_percentage_is_backed_by_a_fraction():
    assert prose_numbers.is_backed("85", ["0.85"], percent=True)
    assert not prose_numbers.is_backed("85", ["0.85"])


def test_a_power_of_ten_keeps_its_precision():
    quoted = prose_numbers.quoted_numbers(model.parse_page("about \\(1.8 \\times 10^{308}\\)\n"))
    assert [value for _, _, value in quoted] == ["1.8E+308"]
    assert prose_numbers.is_backed("1.8E+308", prose_numbers.numbers_in("1.798e+308"))


def test_alt_texts_are_prose_and_code_is_not():
    page = ("```python\nimport matplotlib.pyplot as plt\nplt.plot([0.25])\nplt.show()\n```\n"
            "<!-- figure\nalt: One point at 0.25.\ncaption: A point, 1.5 units up.\n-->\n")
    assert _quoted(page) == ["0.25", "1.5"]


PAGE = """\
<!-- numbers
9.8: the acceleration of gravity, a constant of the example
-->

```python
g = 9.8
print(f"{0.97532:.1%}")
```

<!--pytest-codeblocks:expected-output-->
```text
97.5%
```

It is right on 97.5%, about 98%, of the digits, with g = 9.8 and a drawn 0.25, not 96.1%;
it took 1.5 s.
"""


def test_an_unbacked_number_is_reported():
    page = model.parse_page(PAGE)
    assert page.numbers == {"9.8": "the acceleration of gravity, a constant of the example"}
    shown = [["97.5%\n", "0.25"]]  # what the one block printed, what its figure showed
    assert prose_numbers.unbacked(page, shown) == ["line 15: 96.1%", "line 16: 1.5 s"]
    assert prose_numbers.unbacked(page, [["97.5%\n"]]) == [
        "line 15: 0.25", "line 15: 96.1%", "line 16: 1.5 s"]


def test_the_window_of_a_number_that_depends_on_the_machine_backs_the_prose():
    """A window the output fence gives (``page/marks.py``) is shown to the reader: the
    prose may say "between 95.5% and 96.5%"; not another number."""
    page = model.parse_page(PAGE.replace("97.5%\n```", "{{97.5 in 95.5..98}}%\n```")
                                 .replace("not 96.1%", "between 95.5% and 98%, not 96.1%"))
    assert prose_numbers.unbacked(page, [["97.5%\n", "0.25"]]) == [
        "line 15: 96.1%", "line 16: 1.5 s"]


def test_a_numbers_comment_gives_reasons():
    with pytest.raises(model.BlockSyntaxError, match="number: the reason"):
        model.parse_page("<!-- numbers\n9.8\n-->\n", "page.md")
    with pytest.raises(model.BlockSyntaxError, match="not closed"):
        model.parse_page("<!-- numbers\n9.8: gravity\n", "page.md")


@pytest.mark.parametrize("name", ["README.md", "MAINTAINING.md"])
def test_the_repositorys_pages_quote_only_what_they_print(name):
    # Not pages of the site; their blocks' outputs are the ones they show.
    page = model.parse_page((ROOT / name).read_text(encoding="utf-8"), name)
    shown = [fence.expected_output or "" for fence in page.fences]
    home = model.parse_page((ROOT / "docs" / "index.md").read_text(encoding="utf-8"))
    assert prose_numbers.unbacked(page, shown, book_numbers=home.book_numbers) == []


SECTIONS = """\
# Digits

The network is sure of 0.98 or more of its answers.

## Training

```python
print("accuracy 0.982")
```

It is right on 0.98 or more of the test images.

### Detail

```python
print("confidence 0.4375")
```

### What it shows

0.4375 of them, and 0.982 (both printed above).

## Confidence

```python
print("confidence 0.5")
```

Each output is sure of its image, with an activation of 0.98 or more.

## Discussion

Each output is sure, 0.98 or more ([the training above](#training)); 0.44 at least
(as in [the detail](#detail)).
"""


def _shown_by_code(page):
    """What each fence of ``page`` would print: the text of its print calls."""
    return [fence.code for fence in page.fences]


def test_a_number_is_backed_by_its_own_section_with_its_subsections():
    page = model.parse_page(SECTIONS)
    missing = " ".join(prose_numbers.unbacked(page, _shown_by_code(page)))
    assert "line 3" not in missing   # the page's opening: all its sections
    assert "line 11" not in missing  # printed right above, in ## Training
    assert "line 21" not in missing  # a ### of ## Training: the whole ## backs it


def test_the_section_of_a_line_is_its_level_two_section():
    page = model.parse_page(SECTIONS)
    parts = sections.of(page)
    assert [sections.standing(parts, n).id for n in (3, 11, 21, 29)] == [
        "digits", "training", "training", "confidence"]
    assert sections.innermost(parts, 21).id == "what-it-shows"


def test_a_number_only_another_section_shows_is_not_backed():
    # The coincidence: the 0.982 of an unrelated table matched "0.98 or more".
    page = model.parse_page(SECTIONS)
    assert prose_numbers.unbacked(page, _shown_by_code(page)) == [
        "line 29: 0.98 (shown in ## Training (#training))"]


def test_a_link_to_a_section_backs_what_it_shows():
    page = model.parse_page(SECTIONS)
    assert not any(m.startswith(("line 33", "line 34"))
                   for m in prose_numbers.unbacked(page, _shown_by_code(page)))
    unlinked = model.parse_page(SECTIONS.replace("](#training)", "]").replace(
        "](#detail)", "]"))
    assert prose_numbers.unbacked(unlinked, _shown_by_code(unlinked))[1:] == [
        "line 33: 0.98 (shown in ## Training (#training))",
        "line 33: 0.44 (shown in ### Detail (#detail))"]


def test_a_link_to_another_page_backs_nothing():
    page = model.parse_page(SECTIONS.replace("](#training)", "](other.md#training)"))
    assert "line 33: 0.98 (shown in ## Training (#training))" in prose_numbers.unbacked(
        page, _shown_by_code(page))


def test_code_literals_back_only_their_section():
    page = model.parse_page("# P\n\n## Set-up\n\n```python\nrate = 0.003\n```\n\n"
                                 "## Training\n\nA rate of 0.003.\n")
    assert prose_numbers.unbacked(page, [[""]]) == [
        "line 11: 0.003 (shown in ## Set-up (#set-up))"]


def test_a_link_in_one_item_of_a_list_backs_only_that_item():
    page = model.parse_page(
        "# P\n\n## Training\n\n```python\nprint(0.982)\n```\n\n## Summary\n\n"
        "- Trained, 0.98 ([Training](#training)).\n- Another 0.98, named nowhere.\n")
    assert prose_numbers.unbacked(page, _shown_by_code(page)) == [
        "line 12: 0.98 (shown in ## Training (#training))"]


def test_the_books_own_numbers_are_listed_once_for_every_page():
    """``<!-- numbers book`` (the home page's) lists what every page may quote unprinted;
    a page's own ``<!-- numbers`` serves that page only."""
    home = model.parse_page("<!-- numbers book\n50,000: MNIST's training images\n-->\n"
                                 "<!-- numbers\n11.5: a file's size in MB\n-->\n", "index.md")
    assert home.book_numbers == {"50,000": "MNIST's training images"}
    assert home.numbers == {"11.5": "a file's size in MB"}
    page = model.parse_page("# P\n\nIt learns from 50,000 images of 11.5 MB.\n", "p.md")
    assert prose_numbers.unbacked(page, []) == ["line 3: 50,000", "line 3: 11.5 MB"]
    assert prose_numbers.unbacked(page, [], book_numbers=home.book_numbers) == [
        "line 3: 11.5 MB"]
    with pytest.raises(model.BlockSyntaxError, match="is a block"):
        model.parse_page("<!-- numbers pages\n9.8: gravity\n-->\n", "page.md")
