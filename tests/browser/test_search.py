"""The site's search finds what the reader sees: words, and numbers typed without commas;
and its index holds the book's text, not TeX, entities or buttons' words.

A query is typed into the search box as a reader types it; "the first result" is the
entry with the highest score in the first result (a page, with its best sections).
"""

import html
import json
import re
from urllib.parse import urlsplit

import pytest

from .helpers import SITE

# The first result's address, relative to the site: the highest score among the links
# that the first result shows (not those folded under "more on this page").
FIRST_RESULT = """() => {
  const item = document.querySelector('.md-search-result__item');
  if (!item) return null;
  const links = [...item.querySelectorAll('a.md-search-result__link')]
    .filter(a => !a.closest('details'))
    .map(a => [Number(a.querySelector('article').dataset.mdScore), a.href]);
  links.sort((a, b) => b[0] - a[0]);
  return links[0][1];
}"""

# The words the shown results were found for (their "h" parameter): the results belong
# to the whole query once its last word is among them, not to a prefix typed on the way.
RESULTS_FOR = """(word) => [...document.querySelectorAll('.md-search-result__link')]
  .some(a => (new URL(a.href).searchParams.get('h') || '').split(' ').includes(word))"""


def _search(page, query):
    """Type ``query`` into the search box; return the addresses of the links the first
    three results show (best first within each), once they answer the whole query."""
    box = page.locator("input.md-search__input")
    box.click()
    box.type(query, delay=20)
    last = re.findall(r"[\w-]+", query.lower())[-1]
    page.wait_for_function(RESULTS_FOR, arg=last, timeout=20000)
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')]
      .slice(0, 3).flatMap(item => [...item.querySelectorAll('a.md-search-result__link')]
        .filter(a => !a.closest('details')).map(a => a.href))""")


def _address(url, base_url):
    """``url`` relative to the site, without the query: ``learning/digits/#summary``."""
    parts = urlsplit(url)
    path = parts.path[len(urlsplit(base_url).path):]
    return path + (f"#{parts.fragment}" if parts.fragment else "")


@pytest.mark.parametrize("query, first", [
    ("softmax", "representations/activations/#softmax-from-scores-to-probabilities"),
    # Both sections about it have the words in their heading; the famous-numbers chapter's says
    # them more often in its text.
    ("learning rate", "learning/famous-numbers/#choosing-the-learning-rates"),
    ("backpropagation", "learning/backprop-intuition/"),
    ("Adam", "error-and-descent/sgd-adam/"),
    # Words asked for together (quotes: every word must be there) find the section that
    # says them; without quotes, see test_found_among_the_first_results.
    ('"confusion matrix"', "learning/digits/#which-digits-it-confuses"),
    ("confusion matrix", "learning/digits/#which-digits-it-confuses"),
    # The section that measures it, though three chapters name it.
    ("vanishing gradient", "learning/backprop-calculus/#vanishing-gradients"),
])
def test_first_result(open_page, base_url, query, first):
    with open_page("", "input.md-search__input") as page:
        _search(page, query)
        assert _address(page.evaluate(FIRST_RESULT), base_url) == first
        assert "\\(" not in page.locator(".md-search-result").inner_text()


@pytest.mark.parametrize("query, found", [
    ("gradient", "error-and-descent/gradient-descent/"),
    ("13002", "representations/network/"),  # the page writes 13,002
])
def test_found_among_the_first_results(open_page, base_url, query, found):
    with open_page("", "input.md-search__input") as page:
        shown = [_address(url, base_url) for url in _search(page, query)]
        assert found in shown, shown


def test_the_index_is_fetched_when_search_is_used(open_page, base_url):
    """A page view does not fetch the search index (the whole book's text): the first
    use of the search box does, and its results come (search-on-use.js)."""
    asked = []
    with open_page() as page:
        page.on("request", lambda request: asked.append(request.url))
        page.goto(base_url + "representations/tensors/", wait_until="load")
        page.wait_for_load_state("networkidle")  # the theme asked for it at once, before
        assert not [u for u in asked if u.endswith("search/search_index.json")], asked
        assert _search(page, "softmax"), "no result"
        assert [u for u in asked if u.endswith("search/search_index.json")]


def _index():
    return json.loads((SITE / "search" / "search_index.json").read_text(encoding="utf-8"))


# What the index must not hold: entity leftovers of maths decoded as TeX ("z gt; 0",
# "1 amp; 0"), entities escaped twice, TeX outside code, the copy buttons' notice, the
# download button, the notes over continued blocks and the API's folded source code. In
# code, a backslash is the code's own ("\n", a figure's label "$\\ell$"), as the block
# shows it.
LEFTOVERS = {
    "entity without &": re.compile(r"(?<!&)\b(?:amp|lt|gt|quot);"),
    "entity escaped twice": re.compile(r"&amp;(?:amp|lt|gt|quot|#\d+);"),
    "TeX": re.compile(r"\\[A-Za-z]+|\\[()\[\]]|\$\$"),
    "control": re.compile(r"Copied!|<p>Download as a Jupyter notebook</p>|<p>Continues the "
                          r"previous block\.</p>|Source code in"),
}


def _outside_code(text):
    text = re.sub(r"<pre>.*?</pre>", " ", text, flags=re.S)
    return re.sub(r"<code>.*?</code>", " ", text, flags=re.S)


def test_the_index_holds_clean_text():
    found = []
    for doc in _index()["docs"]:
        for part in (doc["title"], doc["text"]):
            for what, pattern in LEFTOVERS.items():
                text = part if what.startswith("entity") else _outside_code(part)
                found += [f"{doc['location']}: {what}: "
                          f"{text[max(m.start() - 30, 0):m.end() + 30]!r}"
                          for m in pattern.finditer(text)]
    assert found == [], "\n".join(found[:20])


def test_a_page_s_title_heads_its_first_entry():
    """The index's entry of a chapter holds its title and first section: a page whose
    HTML came to the search plugin as a whole document (as the lightbox plugin writes it)
    got an entry of its own for its title, which moved results down. (A lab's notebook
    comes as cells, each a document: its title has its own entry.)"""
    split = []
    for doc in _index()["docs"]:
        if "#" in doc["location"] or doc["location"].startswith("labs/"):
            continue
        page = SITE / doc["location"] / "index.html"
        if not page.exists():
            continue
        title = re.search(r'<h1 id="([^"]+)"', page.read_text(encoding="utf-8"))
        if title and any(d["location"] == f"{doc['location']}#{title.group(1)}"
                         for d in _index()["docs"]):
            split.append(doc["location"] or "/")
    assert split == []


def test_the_pages_keep_no_search_marks():
    """The marks that keep the controls out of the index are removed from the pages."""
    marked = [str(p.relative_to(SITE)) for p in SITE.rglob("*.html")
              if "data-search-exclude" in p.read_text(encoding="utf-8")]
    assert marked == []


def _index_text(location):
    """The index's text of the page at ``location`` (``learning/digits/``), all sections."""
    return " ".join(doc["text"] + " " + doc["title"] for doc in _index()["docs"]
                    if doc["location"].split("#")[0] == location)


def test_every_entry_of_the_index_points_at_a_place_of_its_page():
    """A result links to a page and a section: both exist in the built site."""
    missing = []
    for doc in _index()["docs"]:
        path, _, anchor = doc["location"].partition("#")
        page = SITE / path / "index.html"
        if not page.exists():
            missing.append(doc["location"])
        elif anchor and f'id="{anchor}"' not in page.read_text(encoding="utf-8"):
            missing.append(doc["location"])
    assert missing == []


def test_every_formula_of_a_chapter_is_in_the_index_as_the_text_it_shows():
    """Each formula of a page's Markdown (found as the site's Markdown finds it) is in the
    index's text of that page, as ``plain_maths`` writes it: the index is rewritten after
    the build, and a formula it lost would be found by no search."""
    import markdown
    from bs4 import BeautifulSoup
    from mkdocs.config import load_config

    from bookbuild.mkdocs_glue.search_text import plain_maths

    config = load_config(str(SITE.parent / "mkdocs.yml"))
    lost, counted = [], 0
    for source in sorted((SITE.parent / "docs").rglob("*.md")):
        location = source.relative_to(SITE.parent / "docs").with_suffix("").as_posix() + "/"
        location = "" if location == "index/" else location
        if location.startswith("api/"):  # the API pages index their docstrings
            continue
        # Spaces aside, and what is indexed but not shown (a number without its commas).
        text = re.sub(r"\s+|<span hidden>.*?</span>", "", _index_text(location))
        page = BeautifulSoup(markdown.markdown(
            source.read_text(encoding="utf-8"), extensions=config.markdown_extensions,
            extension_configs=config.mdx_configs), "html.parser")
        for maths in page.select(".arithmatex"):
            tex = re.fullmatch(r"\\[(\[](.*)\\[)\]]", maths.get_text(), re.S).group(1)
            counted += 1
            shown = plain_maths(tex)  # in the index's text, as HTML (< as &lt;)
            if html.escape(re.sub(r"\s+", "", shown), quote=False) not in text:
                lost.append(f"{location}: {shown}")
    assert counted > 2000
    assert lost == [], f"{len(lost)} of {counted}: {lost[:10]}"
