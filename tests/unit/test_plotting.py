"""svg_bytes: the same bytes every run, cropped as savefig crops, clear errors."""

import io
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from nnbook.plotting import style, svg_bytes  # noqa: E402

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
        assert b"<dc:date>" not in svg_bytes(first, transparent=True)
        assert (first.canvas, first.dpi, first.get_facecolor()) == (canvas, dpi, face)
    plt.close("all")


def test_tight_standard_and_a_box(fig):
    saved = io.BytesIO()
    fig.savefig(saved, format="svg", bbox_inches="tight")
    tight = [float(v) for v in SIZE.search(saved.getvalue()).groups()]
    ours = [float(v) for v in SIZE.search(svg_bytes(fig)).groups()]  # the style: tight
    assert ours == pytest.approx(tight, abs=0.01)
    assert SIZE.search(svg_bytes(fig, bbox_inches="standard")).groups() == (b"460.8", b"259.2")
    box = svg_bytes(fig, bbox_inches=Bbox.from_bounds(1, 1, 2, 1.5))
    assert SIZE.search(box).groups() == (b"144", b"108")
    assert b'viewBox="72 79.2 144 108"' in box  # from the top: (3.6 - 2.5) × 72 points


def test_when_drawn_sees_the_one_draw(fig):
    calls = []
    svg_bytes(fig, when_drawn=calls.append)
    assert len(calls) == 1 and hasattr(calls[0], "draw_path")


@pytest.mark.parametrize("kwargs, error, message", [
    ({"bbox_inches": "tigth"}, ValueError, "'tight', 'standard' or a Bbox, got 'tigth'"),
    ({"bbox_inches": (0, 0, 1, 1)}, TypeError, "or a Bbox, got tuple"),
    ({"when_drawn": 3}, TypeError, "when_drawn must be callable or None, got int"),
])
def test_bad_arguments(fig, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        svg_bytes(fig, **kwargs)


def test_not_a_figure():
    with pytest.raises(TypeError, match="fig must be a matplotlib Figure, got Axes"):
        svg_bytes(plt.subplots()[1])
    plt.close("all")


@pytest.mark.parametrize("corners", [[[0, 0], [float("nan"), 1]], [[0, 0], [float("inf"), 1]],
                                     [[1, 1], [0, 2]], [[0, 0], [1, 0]], [[0, 0], [1e308, 1]],
                                     [[0, 0], [1e-320, 1]]])
def test_a_crop_without_an_area_is_refused(corners):
    # It was written into the SVG: a viewBox of NaN, inf, a negative or a zero width.
    fig, ax = plt.subplots(figsize=(1, 1))
    with pytest.raises(ValueError, match="bbox_inches must have a finite width and height"):
        svg_bytes(fig, bbox_inches=Bbox(corners))
    plt.close(fig)
