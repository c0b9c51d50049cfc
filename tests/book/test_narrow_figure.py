"""A wide figure drawn again for a phone's column (``figures/narrow.py``): as wide as the
column, its text at its size in points, a row of panels reflowed, in both palettes; and
its place in the page (``figures/markup.py``) and in the book files."""

import matplotlib

matplotlib.use("Agg")
import re  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from bookbuild.figures import narrow  # noqa: E402
from bookbuild.figures.draw import draw  # noqa: E402
from bookbuild.figures.markup import NARROW_SCREEN, figure_html, svg_size  # noqa: E402
from bookbuild.pipeline import Drawn  # noqa: E402
from bookbuild.page.directives import Figure  # noqa: E402
from nnbook.plotting import style  # noqa: E402


@pytest.fixture(autouse=True)
def book_style():
    with matplotlib.rc_context(style()):
        yield
    plt.close("all")


def _row_of_panels():
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.4), sharey=True, layout="constrained")
    for n, ax in enumerate(axes):
        ax.plot([0, 1, 2], [0, n, 2 * n], label=f"line {n}")
        ax.set_title(f"panel {n}")
        ax.set_xlabel("x")
    axes[0].set_ylabel("y")
    fig.suptitle("A title that is wider than the column of a phone, by far")
    return fig


def test_a_row_of_panels_is_drawn_again_a_column_wide_its_panels_one_under_another():
    drawing = draw(_row_of_panels())
    wide, thin = svg_size(drawing.svg), svg_size(drawing.narrow)
    assert wide[0] > 800 and narrow.column_text(drawing.svg) < narrow.LEGIBLE
    assert abs(thin[0] - narrow.PHONE_COLUMN) <= 2, thin
    assert thin[1] > 2 * thin[0], thin  # three rows
    # The text keeps its size in points: 9-point tick labels are 12 px in the column.
    assert narrow.column_text(drawing.narrow) == pytest.approx(12.0, abs=0.01)
    # A panel first in its new row shows its y tick labels (sharey hid them in the row).
    texts = (len(narrow._TEXT_SCALE.findall(svg)) for svg in (drawing.svg, drawing.narrow))
    assert next(texts) < next(texts)
    assert drawing.narrow_dark is not None and drawing.narrow_dark != drawing.narrow
    assert "fill: #ffffff" in drawing.narrow.decode()
    assert "fill: #ffffff" not in drawing.narrow_dark.decode()


def test_a_figure_that_reads_in_the_column_is_not_drawn_again():
    fig, ax = plt.subplots(figsize=(3.4, 2.6))
    ax.plot([0, 1], [0, 1])
    drawing = draw(fig)
    assert narrow.column_text(drawing.svg) >= narrow.LEGIBLE
    assert drawing.narrow is None and drawing.narrow_dark is None


def test_a_narrow_drawing_that_piles_texts_up_is_not_kept():
    # Eight long tick labels the wide axis holds side by side: at the column's width,
    # or a little wider, they run into each other; the phone gets the wide drawing.
    fig, ax = plt.subplots(figsize=(9.6, 2.4))
    ax.set_xticks(range(8), [f"label number {n}" for n in range(8)])
    drawing = draw(fig)
    assert drawing.unreadable == [] and narrow.wanted(drawing.svg)
    assert drawing.narrow is None


def test_a_page_gives_a_phone_the_narrow_drawing_and_everything_else_the_wide_one():
    drawing = draw(_row_of_panels())
    figure = Figure(start=0, end=1, lines=[], indent="", alt="Three panels.",
                    caption="Lines.")
    html = figure_html(Drawn(figure, drawing, "figures/page/1.svg"), lambda uri: uri)
    pictures = re.findall(r'<a [^>]*href="([^"]+)"[^>]*><picture><source media="([^"]+)"'
                          r' srcset="([^"]+)"[^>]*><img src="([^"]+)"', html)
    assert pictures == [
        ("figures/page/1.svg", NARROW_SCREEN, "figures/page/1-narrow.svg",
         "figures/page/1.svg#only-light"),
        ("figures/page/1-dark.svg", NARROW_SCREEN, "figures/page/1-narrow-dark.svg",
         "figures/page/1-dark.svg#only-dark")]
    assert len(re.findall(r'<img [^>]*\balt="Three panels."', html)) == 2
    # mkdocs-glightbox leaves the image in its picture (a link between them would make
    # the browser ignore the source): the link is figure_html's.
    assert len(re.findall(r'<picture>[^<]*<source [^>]*><img [^>]*class="off-glb"', html)) == 2

