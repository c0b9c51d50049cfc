"""A page's sections and their ids (``hooks/bookbuild/checks/sections.py``): the ids are
those MkDocs gives the headings, so that a link of the prose names the section it means."""

import re

import markdown

from bookbuild.checks import sections
from bookbuild.page import model

HEADINGS = """\
# The book

## The `Dense` layer

## Results

### 3 × 3 filters, [`nnbook.Conv2D`](../api/layers.md)

## Results

## Its own id { #my-id }

## *Why* &amp; how
"""


def test_the_ids_are_those_mkdocs_gives():
    rendered = markdown.Markdown(extensions=["toc", "attr_list"]).convert(HEADINGS)
    ids = re.findall(r'<h\d id="([^"]+)"', rendered)
    found = sections.of(model.parse_page(HEADINGS))
    assert [s.id for s in found[1:]] == ids
    assert ids[3:5] == ["3-3-filters-nnbookconv2d", "results_1"]


def test_a_section_runs_to_the_next_heading_of_its_level_or_higher():
    found = {s.id: (s.start, s.end) for s in sections.of(model.parse_page(HEADINGS))}
    assert found["results"] == (4, 8)  # with its ### subsection
    assert found["3-3-filters-nnbookconv2d"] == (6, 8)
    assert found["the-book"] == (0, 13)  # the whole page
