"""The check of figures' texts: piled on each other, cut off, or crossed by a plot's frame."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from bookbuild import figure_text  # noqa: E402


@pytest.fixture
def ax():
    fig, ax = plt.subplots(figsize=(4, 3), layout="constrained")
    ax.plot([0, 1], [0, 1], label="a line")
    ax.set(xlabel="x", ylabel="y", title="A clean figure")
    ax.legend(loc="lower right")
    yield ax
    plt.close(fig)


def _drawn(ax):
    ax.figure.canvas.draw()
    return figure_text.problems(ax.figure)


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


def test_turned_labels_are_measured_as_turned(ax):
    ax.set_xticks([0, 0.5, 1], ["Mathématiques", "Physique", "Informatique"], rotation=30,
                  ha="right")
    assert _drawn(ax) == []
    ax.set_xticks([0, 0.05, 1], ["Mathématiques", "Physique", "Informatique"], rotation=30,
                  ha="right")
    assert _drawn(ax) == ["'Mathématiques' and 'Physique' are written over each other"]
