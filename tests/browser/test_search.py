"""The site's search finds what the reader sees: words, and numbers typed without commas."""

import pytest



@pytest.mark.parametrize("query, page_title", [
    ("gradient", "Gradient descent"),
    ("13002", "A network is a function"),  # the page writes 13,002
])
def test_search_finds_the_page(open_page, query, page_title):
    with open_page("", "input.md-search__input") as page:
        box = page.locator("input.md-search__input")
        box.click()
        page.wait_for_timeout(1000)  # the search worker loads its index
        box.type(query, delay=30)
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15000)
        titles = [t.strip() for t in page.locator(".md-search-result__article h1")
                  .all_inner_texts()]
        assert any(page_title in t for t in titles), titles
        assert "\\(" not in page.locator(".md-search-result").inner_text()
