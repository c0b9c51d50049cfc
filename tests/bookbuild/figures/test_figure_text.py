"""The check of figures' texts: piled on each other, cut off, or crossed by a plot's frame."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

from types import SimpleNamespace  # noqa: E402

from bookbuild.checks import report  # noqa: E402
from bookbuild.figures.draw import draw  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set(xlabel="x", ylabel="y", title="A clean figure")
    ax.legend(loc="lower right")
    yield ax
    plt.close(fig)


def _drawn(ax):
    return draw(ax.figure).unreadable


def test_a_clean_figure_has_no_problem(ax):
    ax.text(0.2, 0.8, "Emma")
    ax.text(0.6, 0.3, "Jules")
    assert _drawn(ax) == []


def test_two_names_at_one_place_are_written_over_each_other(ax):
    ax.text(0.2, 0.8, "Emma")
    ax.text(0.22, 0.8, "Jules")
    assert _drawn(ax) == ["'Emma' and 'Jules' are written over each other"]


def test_a_name_on_the_frame_sticks_out(ax):
    ax.set_xlim(0, 1)
    ax.text(-0.03, 0.5, "Léa")
    assert _drawn(ax) == ["'Léa' sticks out of the frame of its plot"]


def test_a_text_beyond_the_canvas_is_cut_off(ax):
    ax.text(1.5, 0.5, "far away", transform=ax.transAxes)
    assert _drawn(ax) == ["'far away' is cut off by the edge of the figure"]


def test_empty_and_hidden_texts_are_ignored(ax):
    ax.text(0.2, 0.8, "Emma")
    ax.text(0.2, 0.8, "Jules", visible=False)
    ax.text(0.2, 0.8, "  ")
    assert _drawn(ax) == []


def test_the_texts_of_an_axis_not_drawn_are_ignored():
    # Two images stacked tight, their axes turned off: tick labels that were asked for
    # (get_xticklabels makes them) would lie on the title below, but are not drawn.
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(3, 4), layout="constrained")
    for panel in (top, bottom):
        panel.imshow([[0, 1], [1, 0]])
        panel.set_title("an image with a title")
        panel.axis("off")
        panel.get_xticklabels()
    try:
        assert draw(fig).unreadable == []
        top.axis("on")  # drawn, the same labels are measured
        top.set_xticks([0, 1], ["a long tick label", "another long tick label"])
        assert draw(fig).unreadable != []
    finally:
        plt.close(fig)


def test_turned_labels_are_measured_as_turned(ax):
    ax.set_xticks([0, 0.5, 1], ["Mathématiques", "Physique", "Informatique"], rotation=30,
                  ha="right")
    assert _drawn(ax) == []
    ax.set_xticks([0, 0.05, 1], ["Mathématiques", "Physique", "Informatique"], rotation=30,
                  ha="right")
    assert _drawn(ax) == ["'Mathématiques' and 'Physique' are written over each other"]


def test_a_faint_text_is_named_with_its_palette_and_a_clear_one_passes(ax):
    ax.text(0.1, 0.8, "pale", color="#dddddd")   # 1.4:1 on white
    ax.text(0.5, 0.8, "navy", color="#1f3a93")   # a colour, kept: 1.6:1 on the slate
    ax.text(0.1, 0.2, "clear", color="#333333")  # 12.6:1 on white, 9.2:1 turned light
    problems = draw(ax.figure).unreadable
    assert problems == [
        f"{name} stands out from what lies under it by {ratio} in the {palette} palette "
        "(at least 3:1)" for name, ratio, palette in [
            ("'pale'", "1.4:1", "light"), ("'navy'", "1.6:1", "dark")]]


def test_the_contrast_of_a_text_is_measured_with_what_lies_under_it():
    """A pixel of an image, a patch drawn before the text, the text's own box; not a
    patch drawn over the text (that hides it) nor one beside it."""
    fig, ax = plt.subplots(figsize=(5, 2))
    ax.imshow([[1.0, 0.0]], cmap="viridis", vmin=0, vmax=1, extent=(0, 2, 0, 1))
    ax.text(0.5, 0.5, "on yellow", color="white", ha="center", va="center")
    ax.text(1.5, 0.5, "on purple", color="white", ha="center", va="center")
    ax.add_patch(Rectangle((2.2, 0), 0.6, 1, facecolor="#dddddd", zorder=0.5))
    ax.text(2.5, 0.5, "patch", color="white", ha="center", va="center", fontsize=6)
    ax.text(3.5, 0.5, "box", color="#888888", ha="center", va="center",
            bbox={"facecolor": "#999999"})
    ax.add_patch(Rectangle((4.2, 0.1), 0.6, 0.3, facecolor="black", zorder=5))
    ax.add_patch(Rectangle((4.2, 0.6), 0.6, 0.3, facecolor="black"))
    ax.text(4.5, 0.25, "over", ha="center", va="center", fontsize=6)
    ax.text(4.5, 0.5, "beside", ha="center", va="center", fontsize=6)
    ax.set(xlim=(0, 5), ylim=(0, 1))
    problems = draw(fig).unreadable
    plt.close(fig)
    assert problems == [
        f"{name} stands out from what lies under it by {ratio} in the {palette} palette "
        "(at least 3:1)" for name, ratio, palette in [
            ("'on yellow'", "1.3:1", "light"), ("'patch'", "1.4:1", "light"),
            ("'box'", "1.2:1", "light"), ("'box'", "1.2:1", "dark")]]


def test_a_grey_that_only_the_light_figure_shows_may_not_describe_it():
    """A black curve turns light in the dark palette, white dots dark; a grey colour
    map keeps its black and white, and a mid grey stays grey. The frame of the plot
    (axes, ticks, the white plot area) is no mark a caption describes."""
    fig, ax = plt.subplots()
    ax.imshow([[0.0, 1.0]], cmap="gray", extent=(0, 1, 0, 1))
    ax.plot([0, 1], [0, 1], color="#808080")
    assert draw(fig).greys_lost == []
    ax.plot([0, 1], [1, 0], color="black")
    ax.plot([0.5], [0.5], "o", color="white")
    lost = draw(fig).greys_lost
    plt.close(fig)
    assert lost == ["black", "white"]

    figure = SimpleNamespace(alt="A thick black curve on white.",
                             caption="The cost (thick black curve, dashed tangent).")
    fence = SimpleNamespace(lineno=12, figure=figure,
                            result=SimpleNamespace(drawing=SimpleNamespace(
                                greys_lost=["black"])))
    page = SimpleNamespace(src="page.md", model=SimpleNamespace(fences=[fence]))
    assert report.greys_named([page]) == [
        "page.md: line 12: the alt names 'black', which the figure shows only in the "
        "light palette",
        "page.md: line 12: the caption names 'black', which the figure shows only in the "
        "light palette"]
    fence.result.drawing.greys_lost = []
    assert report.greys_named([page]) == []


@pytest.mark.parametrize("caption, named", [
    ("The cost (left) and its slope (right).", ["(left", "(right"]),
    ("Left, the data. Right: the fit; the left panel is noisier.",
     ["Left,", ". Right:", "left panel"]),
    ("The curve on the left, the errors on the right.", ["on the left", "on the right"]),
    # What stands on a side of one drawing is no panel.
    ("Dark on the left side, bright on the right side; moved 3 pixels to the right, "
     "at right angles.", []),
])
def test_a_caption_names_no_panel_by_its_side_where_a_phone_stacks_them(caption, named):
    fence = SimpleNamespace(lineno=7, figure=SimpleNamespace(alt="", caption=caption),
                            result=SimpleNamespace(drawing=SimpleNamespace(restacked=True)))
    page = SimpleNamespace(src="page.md", model=SimpleNamespace(fences=[fence]))
    assert report.panel_sides_named([page]) == [
        f"page.md: line 7: the caption says {side!r}" for side in named]
    fence.result.drawing.restacked = False  # side by side everywhere: left is left
    assert report.panel_sides_named([page]) == []
