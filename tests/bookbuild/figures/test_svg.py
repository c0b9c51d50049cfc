"""svg_bytes: the same bytes every run, cropped as savefig crops, drawn once."""

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from bookbuild.figures.svg import _clip_ids, _cropped, svg_bytes  # noqa: E402
from nnbook.plotting import style  # noqa: E402

SIZE = re.compile(rb'width="([\d.]+)pt" height="([\d.]+)pt"')


def _figure(layout):
    fig, ax = plt.subplots(layout=layout)
    ax.plot([0, 1], [0, 1])
    ax.set_title("a title")
    ax.legend(["a legend outside the plot"], loc="upper left", bbox_to_anchor=(1, 1))
    return fig


@pytest.fixture(params=[None, "constrained"])
def fig(request):
    with matplotlib.rc_context(style()):
        fig = _figure(request.param)
        yield fig
    plt.close(fig)


@pytest.mark.parametrize("layout", [None, "constrained"])
def test_the_same_bytes_every_run_and_the_figure_left_as_it_was(layout):
    # "Every run": the same figure made again. (A constrained layout run twice on one
    # figure moves by a hair, with savefig too: the book saves each figure once.)
    with matplotlib.rc_context(style()):
        first, again = _figure(layout), _figure(layout)
        canvas, dpi, face = first.canvas, first.dpi, first.get_facecolor()
        assert svg_bytes(first) == svg_bytes(again)
        assert b"<dc:date>" not in svg_bytes(first)
        assert (first.canvas, first.dpi, first.get_facecolor()) == (canvas, dpi, face)
    plt.close("all")


def test_a_panel_placed_a_bit_apart_gives_the_same_bytes():
    """matplotlib names a clip path by its rectangle to the last bit, which constrained
    layout leaves to where memory put its solver's variables (a narrowed figure drawn
    after others came out with other names): the bytes name it as the file writes it."""
    def panel(x):
        with matplotlib.rc_context(style()):
            fig, ax = plt.subplots()
            ax.set_position([x, 0.1, 0.5, 0.5])
            ax.plot([0, 1])
            drawn = svg_bytes(fig)
        plt.close(fig)
        return drawn

    x = 0.2
    assert panel(x) == panel(x + 2e-16) != panel(x + 1e-3)
    ids = re.findall(rb'<clipPath id="(\w+)"', panel(x))
    assert ids and all(re.search(rb'url\(#' + i + rb'\)', panel(x)) for i in ids)


def test_clip_paths_written_alike_keep_names_of_their_own():
    svg = (b'<g clip-path="url(#pa)"/><g clip-path="url(#pb)"/><defs>'
           b'<clipPath id="pa"><rect x="1"/></clipPath>'
           b'<clipPath id="pb"><rect x="1"/></clipPath></defs>')
    named = _clip_ids(svg)
    ids = re.findall(rb'<clipPath id="(\w+)"', named)
    assert len(set(ids)) == 2 and re.findall(rb"url\(#(\w+)\)", named) == ids


def test_cropped_as_savefig_crops_tight_or_whole(fig):
    saved = io.BytesIO()
    fig.savefig(saved, format="svg", bbox_inches="tight")
    tight = [float(v) for v in SIZE.search(saved.getvalue()).groups()]
    ours = [float(v) for v in SIZE.search(svg_bytes(fig)).groups()]  # the style: tight
    assert ours == pytest.approx(tight, abs=0.01)
    with matplotlib.rc_context({"savefig.bbox": None}):  # matplotlib's "standard"
        assert SIZE.search(svg_bytes(fig)).groups() == (b"460.8", b"259.2")


def test_a_box_is_cropped_from_the_top_and_a_box_without_area_is_refused():
    svg = b'<svg width="460.8pt" height="259.2pt" viewBox="0 0 460.8 259.2">'
    box = _cropped(svg, Bbox.from_bounds(1, 1, 2, 1.5), 3.6)
    assert SIZE.search(box).groups() == (b"144", b"108")
    assert b'viewBox="72 79.2 144 108"' in box  # from the top: (3.6 - 2.5) × 72 points
    for bounds in [(1, 1, 0, 1.5), (1, 1, 2, -1), (float("nan"), 1, 2, 1)]:
        with pytest.raises(ValueError, match="the figure's drawn box has no area"):
            _cropped(svg, Bbox.from_bounds(*bounds), 3.6)


def test_when_drawn_sees_the_one_draw(fig):
    calls = []
    svg_bytes(fig, when_drawn=calls.append)
    assert len(calls) == 1 and hasattr(calls[0], "draw_path")


def test_not_a_figure():
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure, got Axes"):
        svg_bytes(plt.subplots()[1])
    plt.close("all")


@pytest.mark.parametrize("corners", [[[0, 0], [float("nan"), 1]], [[0, 0], [float("inf"), 1]],
                                     [[1, 1], [0, 2]], [[0, 0], [1, 0]], [[0, 0], [1e308, 1]],
                                     [[0, 0], [1e-320, 1]]])
def test_a_crop_without_an_area_is_refused(corners):
    # It would be written into the SVG: a viewBox of NaN, inf, a negative or a zero width.
    fig, ax = plt.subplots(figsize=(1, 1))
    svg = svg_bytes(fig)
    plt.close(fig)
    with pytest.raises(ValueError, match="has no area to save"):
        _cropped(svg, Bbox(corners), 1.0)
