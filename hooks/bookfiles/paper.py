"""What a page of the web shows that a book cannot, rewritten for the PDF and the EPUB.

- An exercise's solution is folded under it on the web; a book cannot fold, so the
  solutions move to the end of their chapter, under "Solutions", and each exercise says
  where its solution is (as the labs already do).
- A widget's static stand-in says, in one wording, "An interactive X stands here when
  JavaScript is on: ..."; in the book it says where the widget is instead: "An interactive
  X is on this chapter's web page, ADDRESS: ...".
"""

import html
import re

from bookbuild.page.stand_ins import stand_in_elsewhere
from bs4 import BeautifulSoup

_EXERCISE = re.compile(r"Exercise (\d+)\.$")


def _fragment(markup):
    return BeautifulSoup(markup, "html.parser")


def solutions_to_end(article, where):
    """Move each exercise's solution (a folded ``details.success`` right after the
    exercise's ``**Exercise N.**`` paragraph) to a "Solutions" section at the article's
    end. Returns how many were moved; raises ValueError for a solution with no exercise."""
    moved = []
    for details in article.select("details.success"):
        summary = details.find("summary")
        if summary is None or summary.get_text(strip=True) != "Solution":
            continue
        exercise = details.find_previous_sibling("p")
        label = exercise.find("strong") if exercise is not None else None
        number = _EXERCISE.match(label.get_text(strip=True)) if label is not None else None
        if number is None:
            raise ValueError(f"{where}: a solution that does not follow an '**Exercise N.**' "
                             "paragraph")
        number = number.group(1)
        anchor = f"book-solution-{number}"  # prefixed by the page's key with the others
        details.replace_with(_fragment(
            f'<p class="book-solution-link"><a href="#{anchor}">Solution {number}</a>: at '
            "the end of the chapter.</p>"))
        summary.decompose()
        moved.append((number, anchor, details))
    if moved:
        article.append(_fragment('<h2 id="book-solutions">Solutions</h2>'))
        for number, anchor, details in moved:
            article.append(_fragment(f'<h3 id="{anchor}">Exercise {number}</h3>'))
            # The solution's content, without its box: a section of the chapter now.
            for child in list(details.contents):
                article.append(child.extract())
    return len(moved)


def widget_stand_ins(article, page_url, where):
    """Rewrite each widget's stand-in to say where the widget is: ``page_url``."""
    for fallback in article.select("div.nb-widget .nb-widget-fallback"):
        address = html.escape(page_url)
        text = stand_in_elsewhere(fallback.decode_contents(),
                                  f'<a href="{address}">{address}</a>', where)
        fallback.clear()
        fallback.append(_fragment(text))

