"""The widgets' index page (docs/widgets.md): one row for every widget of the book, linked
to the section where it stands; the home page links to it, and its count is right."""

import re

from ..paths import ROOT

DOCS = ROOT / "docs"
INDEX = DOCS / "widgets.md"
NUMBER_WORDS = {9: "nine", 10: "ten", 11: "eleven", 12: "twelve"}


def slug(heading):
    """A heading's anchor as the site makes it (MkDocs' toc: lower case, no punctuation)."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).strip().replace(" ", "-")


def widgets_in_the_book():
    """{widget name: "page.md#section"} for each widget placed in a page of docs/."""
    found = {}
    for path in sorted(DOCS.rglob("*.md")):
        heading = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if match := re.match(r"^#{2,4} (.*)", line):
                heading = match.group(1)
            if match := re.search(r'data-widget="([\w-]+)"', line):
                found[match.group(1)] = f"{path.relative_to(DOCS).as_posix()}#{slug(heading)}"
    return found


def rows():
    """The index's table rows after its heading: (name, link)."""
    return re.findall(r"^\| (?!Widget \|)([^|]+?) \| \[[^\]]+\]\(([^)]+)\) \|",
                      INDEX.read_text(encoding="utf-8"), re.M)


def test_every_widget_has_one_row_linked_to_its_section():
    book = widgets_in_the_book()
    links = [link for _, link in rows()]
    assert sorted(links) == sorted(book.values()), (links, book)
    assert len(set(links)) == len(links)


def test_the_index_counts_them_and_the_home_page_links_to_it():
    n = len(widgets_in_the_book())
    text = INDEX.read_text(encoding="utf-8")
    home = (DOCS / "index.md").read_text(encoding="utf-8")
    assert f"hold {NUMBER_WORDS[n]} small programs" in text
    assert "](widgets.md)" in home and f"{NUMBER_WORDS[n]} small programs" in home
    assert "  - Widgets: widgets.md\n" in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
