"""The directives' grammar: one table of names, an error for a name it does not know."""

import pytest

from bookbuild.page import directives, blocks, model

from ..helpers import build_small_book

FENCE = "# P\n\n```python\nx = 1\n```\n"


@pytest.mark.parametrize("comment, word", [
    ("<!-- figures\nalt: a\ncaption: b\n-->\n", "figures"),
    ("<!-- Figure\nalt: a\ncaption: b\n-->\n", "Figure"),
    ("<!-- numbrs\n9.8: gravity\n-->\n", "numbrs"),
    ("<!-- Data\nbenchmarks/report.json\n-->\n", "Data"),
    ("<!-- dat\nbenchmarks/report.json\n-->\n", "dat"),
    ("<!-- exprot x -->\n", "exprot"),
    ("<!-- Export x -->\n", "Export"),
    ("<!-- aside\nText.\n-->\n", "aside"),
    ("<!--pytest-codeblocks:continue-->\n", "pytest-codeblocks:continue"),
    ("<!-- pytest-codeblocks:cont-inue -->\n", "pytest-codeblocks:cont-inue"),
    ("<!--pytest-codeblocks:skip-->\n", "pytest-codeblocks:skip"),
    ("<!-- pytest.mark.skip -->\n", "pytest.mark.skip"),
])
def test_an_unknown_or_misspelt_directive_names_the_page_and_line(comment, word):
    with pytest.raises(model.BlockSyntaxError) as info:
        model.parse_page(FENCE + "\nText.\n\n" + comment, "part/chapter.md")
    assert str(info.value).startswith(f"part/chapter.md:9: unknown directive {word!r}")


def test_the_error_suggests_the_name_meant():
    with pytest.raises(model.BlockSyntaxError, match="did you mean 'numbers'"):
        model.parse_page("<!-- numbrs\n9.8: gravity\n-->\n")


@pytest.mark.parametrize("note", [
    "<!-- Shown once the PDF and the EPUB are made (python -m bookfiles fills them). -->\n",
    "<!--\nA note over\nseveral lines.\n-->\n",
    "<!-- TODO: say why, later. -->\n",
    "<!-- Note: the figure above is drawn twice. -->\n",
])
def test_an_authors_note_stays_a_note(note):
    page = model.parse_page(FENCE + note, "p.md")
    comment = page.blocks[-1]
    assert type(comment) is blocks.Comment  # not a directive
    assert page.rewrite({}) == FENCE + note


@pytest.mark.parametrize("comment, kind, value", [
    ("<!-- figure\nalt: a\ncaption: b\ncode: folded\n-->\n", directives.Figure,
     lambda d: (d.alt, d.caption, d.folded) == ("a", "b", True)),
    ("<!-- numbers\n9.8: gravity\n-->\n", directives.Numbers,
     lambda d: d.reasons == {"9.8": "gravity"}),
    ("<!-- data\na.json\nb.json\n-->\n", directives.Data,
     lambda d: d.files == ["a.json", "b.json"]),
    ("<!-- export net samples -->\n", directives.Export,
     lambda d: d.names == ("net", "samples")),
    ("<!--pytest-codeblocks:cont-->\n", directives.Marker, lambda d: d.keyword == "cont"),
    ("<!-- pytest-codeblocks:expected-output -->\n", directives.Marker,
     lambda d: d.keyword == "expected-output"),
])
def test_each_row_of_the_table_reads_its_directive(comment, kind, value):
    block, = blocks.tokenise(comment)
    directive = directives.read(block, "p.md")
    assert type(directive) is kind and value(directive)
    assert (directive.start, directive.end, directive.text) == (0, block.end, comment)


def test_a_new_directive_is_one_row_of_the_table(monkeypatch):
    def read_aside(comment, page, args, entries):
        return Aside(*directives._same_place(comment))

    class Aside(directives.Directive):
        pass

    block, = blocks.tokenise("<!-- aside\nText.\n-->\n")
    with pytest.raises(model.BlockSyntaxError, match="unknown directive 'aside'"):
        directives.read(block)
    monkeypatch.setitem(directives.READERS, "aside", read_aside)
    assert type(directives.read(block)) is Aside


@pytest.mark.parametrize("comment, message", [
    ("<!-- figure alt: a -->\n", "p.md:1: the figure directive is a block"),
    ("<!-- numbers 9.8: gravity\n-->\n", "p.md:1: the numbers directive is a block"),
    ("<!-- export a\nb\n-->\n", "p.md:1: the export directive is one line"),
    ("<!--pytest-codeblocks:cont\n-->\n", "the pytest-codeblocks:cont directive is one line"),
])
def test_a_directive_in_the_wrong_form_is_an_error(comment, message):
    with pytest.raises(model.BlockSyntaxError, match=message):
        directives.read(blocks.tokenise(comment)[0], "p.md")


def test_a_misspelt_directive_fails_the_build_naming_page_and_line(tmp_path):
    result = build_small_book(tmp_path, FENCE + "\n<!-- dta\nbenchmarks/report.json\n-->\n")
    assert result.returncode != 0
    assert "page.md:7: unknown directive 'dta'" in result.stderr
