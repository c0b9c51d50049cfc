"""What a page of the web shows that a book cannot, rewritten for the PDF and the EPUB.

- An exercise's solution is folded under it on the web; a book cannot fold, so the
  solutions move to the end of their chapter, under "Solutions", and each exercise says
  where its solution is (as the labs already do).
- A widget's static stand-in says, in one wording, "An interactive X stands here when
  JavaScript is on: ..."; in the book it says where the widget is instead: "An interactive
  X is on this chapter's web page, ADDRESS: ..." (without the address in the files of a
  site built for a local address: there is none to give).
- A figure's drawing code is folded under it on the web ("Code of the figure"); in the
  book the ninety blocks would interrupt the prose, so they move to an appendix, "Code
  of the figures", and each figure says where its code is.
- A set of tabs (the same program in nnbook, PyTorch and Keras) shows one tab at a time
  on the web; a book shows every tab, one after the other, each under its label.
- A line of code longer than the page wraps past its own indentation, with a mark in the
  margin of each wrapped part (print.css, epub.css): Python's structure stays visible.
"""

import html
import re

from bookbuild import stand_in_elsewhere
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


def tabs_to_sections(article):
    """Replace each set of tabs (pymdownx.tabbed) by its tabs one after the other, each
    under its label in bold (kept with what follows it on the page, print.css). Returns
    how many sets were opened."""
    sets = article.select("div.tabbed-set")
    for tabs in sets:
        labels = [label.get_text(strip=True) for label in tabs.select(".tabbed-labels label")]
        blocks = tabs.select(".tabbed-content > .tabbed-block")
        sections = []
        for label, block in zip(labels, blocks, strict=True):
            sections.append(_fragment(
                f'<p class="book-tab"><strong>{html.escape(label)}</strong></p>'))
            sections.extend(child.extract() for child in list(block.contents))
        tabs.replace_with(*sections)
    return len(sets)


def widget_stand_ins(article, page_url, where):
    """Rewrite each widget's stand-in to say where the widget is: ``page_url``, or only
    "this chapter's web page" when it is empty (a site with no published address)."""
    for fallback in article.select("div.nb-widget .nb-widget-fallback"):
        address = html.escape(page_url)
        link = f'<a href="{address}">{address}</a>' if page_url else _NO_ADDRESS
        text = stand_in_elsewhere(fallback.decode_contents(), link, where)
        fallback.clear()
        fallback.append(_fragment(text.replace(f", {_NO_ADDRESS}", "")))


_NO_ADDRESS = "\N{NO-BREAK SPACE}"  # stands for the missing address, then goes
FIGURE_CODE = "Code of the figure"
FIGURE_CODE_TITLE = "Code of the figures"


def figure_code_out(article, key):
    """Take each figure's folded code (a ``details`` titled ``FIGURE_CODE``) out of
    ``article``, the page ``key``'s; in its place a line links to it in the appendix.

    Returns ``[(anchor, caption, details)]`` in order: the figure's caption (markup, its
    maths too), and the box without its title, for :func:`figure_code_appendix`."""
    moved = []
    for details in article.find_all("details"):
        summary = details.find("summary")
        if summary is None or summary.get_text(strip=True) != FIGURE_CODE:
            continue
        figure = details.find_previous_sibling("figure")
        caption = figure.find("figcaption") if figure is not None else None
        anchor = f"{key}--figure-code-{len(moved) + 1}"
        details.replace_with(_fragment(
            f'<p class="book-figure-code"><a href="#{anchor}">{FIGURE_CODE}</a>: in the '
            f"appendix <em>{FIGURE_CODE_TITLE}</em>.</p>"))
        summary.decompose()
        moved.append((anchor, caption.decode_contents() if caption else "", details))
    return moved


def figure_code_appendix(key, chapters):
    """The appendix of the figures' code: ``chapters`` lists ``(title, moved)`` in the
    book's order, ``moved`` as :func:`figure_code_out` returns it. One heading per
    chapter, one per figure (its number in the chapter), its caption, then its code."""
    out = _fragment(f'<h1 id="{key}">{FIGURE_CODE_TITLE}</h1><p>The code that draws each '
                    "figure of the book, chapter by chapter. On the web site it is folded "
                    "under its figure.</p>")
    for title, moved in chapters:
        if not moved:
            continue
        out.append(_fragment(f"<h2>{html.escape(title)}</h2>"))
        for number, (anchor, caption, details) in enumerate(moved, start=1):
            out.append(_fragment(f'<h3 id="{anchor}">Figure {number}</h3>'
                                 + (f'<p class="book-caption">{caption}</p>' if caption
                                    else "")))
            for child in list(details.contents):
                out.append(child.extract())
    return str(out)


def hanging_lines(code):
    """``code`` (the inside of a ``<pre><code>``, highlighted or not) with each line in a
    ``span.line`` whose hanging indent is its own indentation and four characters more:
    a line too long for the page wraps there. A highlighted token that spans lines (a
    docstring) is closed at each line's end and opened again on the next, so that every
    line is whole markup; the newlines stay, for a reader who copies the code."""
    out, open_tags = [], []  # the tags open at the start of the line, outermost first
    for line in code.split("\n"):
        body = "".join(open_tags) + line
        for tag in _TAG.finditer(line):
            if tag.group(1):
                open_tags.pop()
            elif not tag.group(3):
                open_tags.append(tag.group(0))
        body += "".join(f"</{_TAG.match(tag).group(2)}>" for tag in reversed(open_tags))
        text = html.unescape(re.sub(r"<[^>]*>", "", line))
        depth = len(text) - len(text.lstrip(" "))
        out.append(f'<span class="line" style="padding-left: {depth + 4}ch; '
                   f'text-indent: -{depth + 4}ch">{body}</span>' if text.strip() else body)
    return "\n".join(out)


_TAG = re.compile(r"<(/?)(\w+)\b[^>]*?(/?)>")
