"""The book as an EPUB 3: the combined document converted by pandoc, maths as MathML.

Before pandoc: each formula is its TeX again (the site's pages carry it typeset as SVG,
with its TeX in its MathML), collapsed blocks become admonitions (pandoc drops ``<details>``), and a
chapter's headings move one level down so that parts hold chapters in the reader's table
of contents; a box's title is bold. After pandoc: each figure gets its alt text back
(pandoc 2 writes the caption there) and its caption is read out again, each chapter's file
its title, each line of code a hanging indent.
"""

import base64
import os
import re
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

from bs4 import BeautifulSoup

from . import cover, paper

HERE = Path(__file__).parent
# The book's own identifier (a fixed UUID: the same book from one build to the next).
IDENTIFIER = "urn:uuid:3f1c9a52-6a0e-4d0e-9b1f-6e2f4b1c0d11"
# What a reading app files the book under (the Library of Congress's headings).
SUBJECTS = ("Neural networks (Computer science)", "Machine learning", "Mathematics")
LICENSE = HERE.parents[1] / "LICENSE"


def rights(license_file=LICENSE):
    """The book's rights, from the repository's licence: its copyright line and name."""
    lines = [line.strip() for line in license_file.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    holder = next(line for line in lines if line.startswith("Copyright"))
    return f"{holder}. {lines[0]}."
_IMG = re.compile(r"<img\b[^>]*>")


def _maths_as_tex(soup):
    """Each formula, typeset by the build as SVG, back to the TeX it was made from (its
    MathML's ``data-latex``), which pandoc writes as MathML; a display formula's copy
    broken into lines for phones, and the glyphs the SVGs share, are dropped."""
    for container in soup.select("mjx-container.nb-broken, svg.nb-glyphs"):
        container.decompose()
    for container in soup.select("mjx-container"):
        tex = container.find("math")["data-latex"]
        display = container.get("display") == "true"
        container.replace_with(f"\\[{tex}\\]" if display else f"\\({tex}\\)")


def epub_html(body, images):
    """The combined document (``contents.combine``'s body) as pandoc reads it best; the
    labs' inline images are written as files into the folder ``images``."""
    soup = BeautifulSoup(body, "html.parser")
    for tag in soup.select("style"):
        tag.decompose()
    _maths_as_tex(soup)
    # A lab's cells are nested boxes: pandoc starts a chapter's file only at a heading
    # outside any box.
    for box in soup.select(".jupyter-wrapper, .jupyter-wrapper div"):
        box.unwrap()
    for details in soup.find_all("details"):
        details.name = "div"
        details["class"] = ["admonition"] + details.get("class", [])
        del details["open"]
        summary = details.find("summary")
        if summary is not None:
            summary.name = "p"
            summary["class"] = ["admonition-title"]
    # pandoc keeps no class of a paragraph: a box's title is bold by its own markup.
    for title in soup.select("p.admonition-title"):
        strong = soup.new_tag("strong")
        strong.extend(list(title.contents))
        title.append(strong)
    for number, img in enumerate(soup.find_all("img")):
        if img.get("alt"):
            img["data-alt"] = img["alt"]
        img["src"] = img["src"].lstrip("/")
        inline = re.match(r"data:image/(\w+)(?:\+xml)?;base64,", img["src"])
        if inline:  # pandoc reads a file six times faster than base64 in its input
            name = f"{images.name}/{number}.{inline.group(1)}"
            (images.parent / name).write_bytes(base64.b64decode(img["src"][inline.end():]))
            img["src"] = name
    for chapter in soup.select("section.book-chapter"):
        for level in range(5, 0, -1):
            for heading in chapter.find_all(f"h{level}"):
                heading.name = f"h{level + 1}"
    return str(soup)


def _dated(env):
    """pandoc stamps the EPUB with the time: SOURCE_DATE_EPOCH (the last commit's time,
    from make) keeps two builds of the same book identical."""
    return {"SOURCE_DATE_EPOCH": "0", **env}


def _fix_alt(xhtml):
    """Each image's alt text from its data-alt (pandoc writes a figure's caption as its
    alt text, and hides the caption from screen readers)."""
    def fix(match):
        img = match.group(0)
        alt = re.search(r'\sdata-alt="([^"]*)"', img)
        if alt is None:
            return img
        img = re.sub(r'\s(?:data-)?alt="[^"]*"', "", img)
        return img.replace("<img", f'<img alt="{alt.group(1)}"', 1)

    return _IMG.sub(fix, xhtml).replace('<figcaption aria-hidden="true">', "<figcaption>")


_PRE = re.compile(r"<pre><code>(.*?)</code></pre>", re.S)
_HEADING = re.compile(r"<h([12])\b[^>]*>(.*?)</h\1>", re.S)


def _hanging_lines(xhtml):
    """Each line of code in a box of its own, so that a line too long for the reader's
    screen wraps indented past its own indentation (CSS ``.line``, ``paper``'s lines:
    pandoc keeps no span of the document's)."""
    return _PRE.sub(lambda match: "<pre><code>" + paper.hanging_lines(match.group(1))
                    + "</code></pre>", xhtml)


def _titled(xhtml):
    """A chapter's file titled by its heading (pandoc titles it 'ch007.xhtml')."""
    heading = _HEADING.search(xhtml)
    if heading is None or not re.search(r"<title>ch\d+\.xhtml</title>", xhtml):
        return xhtml
    title = " ".join(re.sub(r"<[^>]+>", "", heading.group(2)).split())
    return re.sub(r"<title>ch\d+\.xhtml</title>", f"<title>{title}</title>", xhtml, count=1)


def _fit_svg(svg):
    """A matplotlib SVG as EPUB 3 wants it: no external DTD, a ``d`` on every path (the
    empty glyph of a space has none), no id twice (an image drawn twice has one id)."""
    svg = re.sub(r"<!DOCTYPE svg[^>]*>\n?", "", svg)
    svg = re.sub(r"<path (?![^>]*\bd=)", '<path d="" ', svg)
    seen = {}

    def unique(match):
        name = match.group(1)
        seen[name] = seen.get(name, 0) + 1
        return f'id="{name}"' if seen[name] == 1 else f'id="{name}-{seen[name]}"'

    return re.sub(r'\bid="([^"]+)"', unique, svg)


def _rewrite(epub):
    """Fit the XHTML (figures' alt texts) and the SVG figures, in place; the mimetype
    stays first and stored, every file dated alike."""
    with zipfile.ZipFile(epub) as old:
        items = [(info, old.read(info)) for info in old.infolist()]
    # The files' times: SOURCE_DATE_EPOCH's, so that a rebuild gives the same bytes.
    stamp = time.gmtime(max(int(_dated(os.environ)["SOURCE_DATE_EPOCH"]), 315532800))[:6]
    with zipfile.ZipFile(epub, "w") as new:
        for info, data in items:
            info.date_time = stamp
            if info.filename.endswith(".xhtml"):
                data = _hanging_lines(_titled(_fix_alt(data.decode("utf-8")))).encode("utf-8")
            elif info.filename.endswith(".svg"):
                data = _fit_svg(data.decode("utf-8")).encode("utf-8")
            new.writestr(info, data, compress_type=info.compress_type)


def make(site, out, book, body, language="en"):
    """Write the book (``contents.combine``'s body; ``book``, its ``cover.About``) to
    ``out`` as an EPUB."""
    with tempfile.TemporaryDirectory() as tmp:
        images = Path(tmp) / "images"
        images.mkdir()
        text = epub_html(body, images)
        source = Path(tmp) / "book.html"
        source.write_text(f"<html><body>{text}</body></html>", encoding="utf-8")
        front = Path(tmp) / "cover.svg"
        front.write_text(cover.cover_svg(book), encoding="utf-8")
        done = subprocess.run(
            ["pandoc", "--from=html+tex_math_single_backslash", "--to=epub3", "--mathml",
             f"--resource-path={site}{os.pathsep}{tmp}", "--epub-chapter-level=2", "--toc-depth=2",
             f"--css={HERE / 'epub.css'}", f"--epub-cover-image={front}",
             "--metadata", f"title={book.title}", "--metadata", f"subtitle={book.subtitle}",
             "--metadata", f"author={book.author}", "--metadata", f"lang={language}",
             "--metadata", f"identifier={IDENTIFIER}",
             "--metadata", f"description={book.subtitle}", "--metadata", f"publisher={book.author}",
             "--metadata", f"rights={rights()}",
             *(arg for subject in SUBJECTS for arg in ("--metadata", f"subject={subject}")),
             f"--output={out}", str(source)],
            capture_output=True, text=True, env=_dated(os.environ))
    if done.returncode != 0 or "Could not convert TeX math" in done.stderr:
        raise RuntimeError(f"pandoc failed:\n{done.stderr}")
    _rewrite(out)
