"""The book as one document, read from the built site.

The built pages are the source: their HTML already holds every figure, every printed
output and every formula as the web shows them, so the PDF and the EPUB cannot drift from
the site. ``book_pages`` reads the order from the site's navigation; ``combine`` joins the
pages' articles into one ``<article>``: ids are prefixed by their page's key, so that a
link between chapters becomes a link inside the document, collapsed blocks open, figures
keep their light-palette image, and widgets leave their static stand-in; ``paper``
rewrites what only a screen can show (folded solutions and figure code, widgets, code
wider than the page). Links to the rest of the site (the API reference, notebooks, data)
carry the site's published address, and none when it was built for a local one
(``published_url``): the files never send a reader to a machine of their own.
"""

import dataclasses
import functools
import html
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from . import addresses, paper

# The API reference is generated from the docstrings and reads best on the web, beside
# the source: the files leave it out and say so on their contents page.
LEFT_OUT = ("api/",)
HOME_TITLE = "About this book"


@dataclasses.dataclass(frozen=True)
class Page:
    """One page of the nav: its part (None for the home page), title and URL path."""
    part: str | None
    title: str
    path: str  # from the site's root: "" for the home page, "learning/digits/"

    @property
    def key(self):
        """The page's id in the combined document (and the prefix of its ids)."""
        return "p-" + (self.path.strip("/").replace("/", "-") or "home")

    def html_file(self, site):
        return Path(site) / self.path / "index.html"


@functools.lru_cache(maxsize=4)
def home(site):
    """The site's home page, parsed once: its nav, canonical address, head and title."""
    return BeautifulSoup((Path(site) / "index.html").read_text(encoding="utf-8"),
                         "html.parser")


def _page_path(href):
    """'learning/digits/' from a nav link of the home page ('.' is the home page)."""
    path = urlsplit(urljoin("/", href)).path.lstrip("/")
    return path.removesuffix("index.html")


def book_pages(site):
    """The pages of the nav in order, but those under ``LEFT_OUT``."""
    nav = home(site).select_one("nav.md-nav--primary > ul")
    pages = []

    def walk(items, part):
        for item in items.find_all("li", recursive=False):
            link = item.find("a", class_="md-nav__link", recursive=False)
            if link is not None:
                path = _page_path(link["href"])
                if not path.startswith(LEFT_OUT):
                    title = HOME_TITLE if path == "" else link.get_text(" ", strip=True)
                    pages.append(Page(part, title, path))
                continue
            label = item.find("label", class_="md-nav__link", recursive=False)
            walk(item.find("nav").find("ul"), part or label.get_text(" ", strip=True))

    walk(nav, None)
    return pages


def canonical_url(site):
    """The address the site was built for (its home page's canonical link)."""
    link = home(site).find("link", rel="canonical")
    return link["href"] if link else ""


def published_url(site):
    """The site's address for the book files: its canonical address, or "" when the site
    was built for a local one (a test build's ``http://127.0.0.1:8765/``, which a reader
    of the files cannot open)."""
    url = canonical_url(site)
    return "" if addresses.local_addresses(url) else url


class _Links:
    """Rewrites a page's links and ids for the combined document."""

    def __init__(self, pages, base_url):
        self.keys = {page.path: page.key for page in pages}
        self.base_url = base_url
        self.titles = {}  # a title's id in the document -> its page's key, which it takes

    def to_titles(self, body):
        """``body`` with the links to a page's title (its old id) sent to the page's key."""
        return re.sub(r'href="#([^"]+)"', lambda m: f'href="#{self.titles.get(m[1], m[1])}"',
                      body)

    def href(self, page, href):
        if href.startswith(("mailto:", "http://", "https://")):
            return href
        target = urlsplit(urljoin("/" + page.path, href))
        path = target.path.lstrip("/").removesuffix("index.html")
        if path in self.keys:
            key = self.keys[path]
            return f"#{key}--{target.fragment}" if target.fragment else f"#{key}"
        if not self.base_url:  # a site with no published address: no link
            return None
        # Elsewhere on the site (the API reference, a notebook, a data file): the web.
        return urljoin(self.base_url, target.path.lstrip("/")) + (
            f"#{target.fragment}" if target.fragment else "")


def _article(page, site, links):
    """The page's article, fitted to one document; the site's root-relative image paths."""
    text = page.html_file(site).read_text(encoding="utf-8")
    start = text.index("<article")  # parse the article alone: the rest is the site's frame
    article = BeautifulSoup(text[start:text.index("</article>", start) + 10],
                            "html.parser").find("article")
    # What only the site has (a button, a line about it): not in the book files.
    for tag in article.select("a.headerlink, a.anchor-link, clipboard-copy, script, .nb-report, "
                              ".md-source-file, .book-files, .start-reading, .nb-web-only"):
        tag.decompose()
    for button in article.select("a.md-button"):  # downloads of the page's notebook
        parent = button.parent
        button.decompose()
        if parent.name == "p" and not parent.get_text(strip=True):
            parent.decompose()
    for anchor in article.select('a[id^="__codelineno"]'):  # line anchors of code
        anchor.decompose()
    for img in article.select('img[src$="#only-dark"]'):
        (img.find_parent("a", class_="nb-figure-zoom") or img).decompose()
    for picture in article.find_all("picture"):  # a phone's narrow figure: the wide one
        for source in picture.find_all("source"):
            source.decompose()
        picture.unwrap()
    for img in article.find_all("img"):
        src = img["src"]
        if not src.startswith("data:"):
            src = urlsplit(urljoin("/" + page.path, src)).path
        img["src"] = src.removesuffix("#only-light")
    for zoom in article.select("a.nb-figure-zoom"):  # the web's tap-to-enlarge
        zoom.unwrap()
    for widget in article.select("div.nb-widget"):
        for child in widget.find_all(recursive=False):
            if "nb-widget-fallback" not in child.get("class", []):
                child.decompose()
    paper.widget_stand_ins(article, links.base_url and urljoin(links.base_url, page.path),
                           page.path or "/")
    paper.solutions_to_end(article, page.path or "/")
    paper.tabs_to_sections(article)
    for details in article.find_all("details"):
        details["open"] = ""
    _rename_ids(article, page.key)
    for tag in article.find_all("a", href=True):
        href = links.href(page, tag["href"])
        if href is None:
            tag.unwrap()
        else:
            tag["href"] = href
    for pre in article.find_all("pre"):  # a line too long for the page hangs
        code = pre.find("code") or pre
        # Parsed inside a <pre>, where the parser keeps each space of the indentation.
        lines = BeautifulSoup(f"<pre>{paper.hanging_lines(code.decode_contents())}</pre>",
                              "html.parser").pre
        code.clear()
        code.extend(list(lines.contents))
    heading = article.find("h1")
    if heading is not None:
        if heading.get("id"):  # a link to the title's own anchor lands on the page's
            links.titles[heading["id"]] = page.key
        heading["id"] = page.key
        if page.path == "":
            heading.string = HOME_TITLE
    else:  # a lab: its title is the notebook's first heading
        article.insert(0, BeautifulSoup(f'<h1 id="{page.key}">{html.escape(page.title)}</h1>',
                                        "html.parser"))
    return article


# The attributes that name other elements of the document by id: a list of ids, or one
# reference (a fragment, or CSS's url(#id) in a presentation attribute or a style).
_ID_LISTS = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns",
             "aria-flowto", "aria-activedescendant", "aria-details", "aria-errormessage",
             "for", "headers", "list", "form")
_URL = re.compile(r"url\(\s*(['\"]?)#([^)'\"\s]+)\1\s*\)")


def _rename_ids(article, key):
    """Give every id of the page's article the page's prefix, and every reference to one
    of them with it: a typeset formula's glyphs are ``<use href="#MJX-...">`` of the
    paths in its ``<defs>``, which draw nothing once the two names differ. Links
    (``<a href>``) are :class:`_Links`' work: they may leave the page."""
    ids = {tag["id"] for tag in article.find_all(id=True)}

    def renamed(name):
        return f"{key}--{name}" if name in ids else name

    def in_url(match):
        return f"url({match.group(1)}#{renamed(match.group(2))}{match.group(1)})"

    for tag in article.find_all(True):
        for name, value in list(tag.attrs.items()):
            if name == "id":
                tag["id"] = renamed(value)
            elif name in ("href", "xlink:href") and tag.name != "a":
                if isinstance(value, str) and value.startswith("#"):
                    tag[name] = "#" + renamed(value[1:])
            elif name in _ID_LISTS:
                names = value if isinstance(value, list) else value.split()
                tag[name] = " ".join(renamed(n) for n in names)
            elif isinstance(value, str) and "url(" in value:
                tag[name] = _URL.sub(in_url, value)
    for style in article.find_all("style"):  # an SVG's own stylesheet
        if style.string and "url(" in style.string:
            style.string = _URL.sub(in_url, style.string)


def dangling_references(document):
    """Every in-document reference of ``document`` (parsed HTML) whose id is nowhere in it,
    as ``(tag name, attribute, id)``: fragment links, ``<use>``'s glyphs, ``url(#id)``,
    and the id lists of labels and ARIA."""
    ids = {tag["id"] for tag in document.find_all(id=True)}
    dangling = []
    for tag in document.find_all(True):
        for name, value in tag.attrs.items():
            if name in ("href", "xlink:href") and isinstance(value, str):
                names = [value[1:]] if value.startswith("#") and len(value) > 1 else []
            elif name in _ID_LISTS:
                names = value if isinstance(value, list) else value.split()
            elif isinstance(value, str):
                names = [match.group(2) for match in _URL.finditer(value)]
            else:
                names = []
            dangling.extend((tag.name, name, n) for n in names if n not in ids)
    return dangling


def _part_key(part):
    return "part-" + re.sub(r"[^a-z0-9]+", "-", part.lower()).strip("-")


def combine(site, pages=None):
    """The book as one HTML fragment: per part a part heading, then its pages' articles.

    Returns ``(body, entries)``: ``entries`` lists ``(level, title, id)`` in order, level 0
    for a part and 1 for a page, for a contents page.
    """
    pages = book_pages(site) if pages is None else pages
    links = _Links(pages, published_url(site))
    body, entries, part, figure_code = [], [], None, []
    for page in pages:
        if page.part != part and page.part is not None:
            part = page.part
            key = _part_key(part)
            entries.append((0, part, key))
            body.append(f'<section class="book-part"><h1 id="{key}">{html.escape(part)}</h1>'
                        "</section>")
        entries.append((1, page.title, page.key))
        article = _article(page, site, links)
        figure_code.append((page.title, paper.figure_code_out(article, page.key)))
        body.append(f'<section class="book-chapter">{article.decode_contents()}</section>')
    if any(moved for _, moved in figure_code):  # the last chapter of the appendix
        entries.append((1, paper.FIGURE_CODE_TITLE, FIGURE_CODE_KEY))
        body.append('<section class="book-chapter">'
                    f"{paper.figure_code_appendix(FIGURE_CODE_KEY, figure_code)}</section>")
    return links.to_titles("\n".join(body)), entries


FIGURE_CODE_KEY = "p-figure-code"
