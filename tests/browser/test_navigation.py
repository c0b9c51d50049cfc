"""Moving through the site: after instant navigation each page's maths comes typeset with
it, once, and no maths engine is ever loaded; a tab chosen in one set of tabs is chosen
in every set of the page, by mouse or by keyboard."""

import pytest

from .helpers import SITE, wait_for_typeset_maths


def _math_state(page):
    return page.evaluate(
        "[...document.querySelectorAll('.arithmatex')]"
        ".map(e => [...e.querySelectorAll('mjx-container')]"
            ".filter(c => c.getClientRects().length).length)")


@pytest.mark.skipif(not (SITE / "representations" / "grades" / "index.html").exists(),
                    reason="the grades chapter is not in this build")
def test_maths_after_instant_navigation(open_page, base_url):
    # networkidle: instant navigation starts once the theme has fetched the sitemap.
    with open_page("", wait_until="networkidle") as page:
        # Follow the link in the prose: instant navigation swaps the content, no full load.
        page.evaluate("window.__same_document = true")
        page.click("article a[href$='representations/grades/']")
        # navigation.tracking may carry a heading's #hash along: compare without it.
        page.wait_for_url(lambda url: url.split("#")[0].endswith("/representations/grades/"))
        wait_for_typeset_maths(page)
        assert page.evaluate("window.__same_document === true"), "page was fully reloaded"
        counts = _math_state(page)
        assert counts and set(counts) == {1}, counts
        # And back: the home page has no maths, the chapter again typeset once.
        page.go_back()
        page.wait_for_url(lambda url: url.split("#")[0] == base_url)
        # The home page has no maths: wait until it is swapped in before going forward.
        page.wait_for_function("() => document.querySelectorAll('.arithmatex').length === 0")
        page.go_forward()
        wait_for_typeset_maths(page)
        assert set(_math_state(page)) == {1}
        assert page.locator("[data-mjx-error]").count() == 0
        assert page.evaluate("typeof window.MathJax") == "undefined"
        assert page.errors == []


# The label of the chosen tab in each set of tabs of the page.
CHOSEN_TABS = """() => [...document.querySelectorAll('.tabbed-set')].map(set => {
  const inputs = [...set.querySelectorAll(':scope > input')];
  return set.querySelectorAll('.tabbed-labels label')[
    inputs.findIndex(input => input.checked)].textContent.trim();
})"""


def test_a_tab_chosen_in_one_set_is_chosen_in_all(open_page):
    """The side-by-side networks: nnbook's tab first in the three sets; choosing PyTorch
    in the first set, and Keras in the last by keyboard, chooses them in every set."""
    with open_page("framework/keras/") as page:
        assert page.evaluate(CHOSEN_TABS) == ["nnbook"] * 3
        page.locator(".tabbed-labels label", has_text="PyTorch").first.click()
        page.wait_for_function(f"({CHOSEN_TABS})().every(label => label === 'PyTorch')")
        # By keyboard: Tab reaches a set's chosen tab, and an arrow moves to the next.
        page.locator(".tabbed-set").last.locator(":scope > input:checked").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"({CHOSEN_TABS})().every(label => label === 'Keras')")
        assert page.errors == []
