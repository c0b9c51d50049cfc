"""A wide figure drawn again for a phone's column (``figures/narrow.py``): as wide as the
column, its text at its size in points, a row of panels reflowed, in both palettes; and
its place in the page (``figures/markup.py``) and in the book files."""

import matplotlib

matplotlib.use("Agg")
import re  # noqa: E402

import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from bookbuild.figures import narrow, plan  # noqa: E402
from bookbuild.figures.draw import draw, narrowed  # noqa: E402
from bookbuild.figures.svg import svg_bytes  # noqa: E402
from bookbuild.figures.markup import NARROW_SCREEN, figure_html, svg_size  # noqa: E402
from bookbuild.pipeline import Drawn  # noqa: E402
from bookbuild.page.directives import Figure  # noqa: E402
from nnbook.plotting import style  # noqa: E402


@pytest.fixture(autouse=True)
def book_style():
    with matplotlib.rc_context(style()):
        yield
    plt.close("all")


def _narrow_figure(fig):
    """``fig`` as :func:`draw` narrows it: the figure it lays out for the column (``fig``
    itself or a new copy of it), its plan and its light SVG."""
    found = narrowed(fig, svg_bytes(fig))
    assert found is not None
    return found[:3]


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
    assert drawing.restacked  # a caption may not say which is on the left
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
    assert not drawing.restacked


def test_a_narrow_drawing_that_piles_texts_up_is_not_kept():
    # Six labels placed by hand along the wide plot: at the column's width, or a
    # little wider, they run into each other; the phone gets the wide drawing.
    fig, ax = plt.subplots(figsize=(9.6, 2.4))
    for n in range(6):
        ax.text(n, 0.5, f"label number {n}", ha="center")
    ax.set_xlim(-0.5, 5.5)
    drawing = draw(fig)
    assert drawing.unreadable == [] and narrow.wanted(drawing.svg)
    assert drawing.narrow is None


def test_panels_of_different_widths_are_drawn_one_under_another():
    fig, (left, right) = plt.subplots(1, 2, figsize=(8.4, 3.0),
                                      gridspec_kw={"width_ratios": [1.4, 1]})
    for ax in (left, right):
        ax.plot([0, 1, 2], [0, 1, 4])
        ax.set_title("a panel's title")
    drawing = draw(fig)
    thin = svg_size(drawing.narrow)
    assert abs(thin[0] - narrow.PHONE_COLUMN) <= 2 and thin[1] > thin[0], thin
    assert narrow.column_text(drawing.narrow) == pytest.approx(12.0, abs=0.01)


def test_panels_that_keep_their_shape_leave_no_blank_rows_between_them():
    # Two square maps side by side, stacked in the column: each as tall as the column
    # is wide, and the figure no taller than they need (a row's height shrinks less
    # than its width, which a square cannot use).
    fig, axes = plt.subplots(1, 2, figsize=(9.0, 4.5))
    for n, ax in enumerate(axes):
        ax.plot([0, 1], [n, 1 - n])
        ax.set_aspect("equal")
        ax.set_title(f"map {n}")
    fig, planned, light = _narrow_figure(fig)
    assert planned.columns == 1  # restacked
    height, renderer = fig.get_size_inches()[1], fig.canvas.get_renderer()
    for ax in fig.axes:  # the height the layout gives the plot, against what it draws
        given = ax.get_position(original=True).height * height * fig.dpi
        assert given - ax.get_tightbbox(renderer).height < 3 * fig.dpi / 96
    width, height = svg_size(light)
    assert abs(width - narrow.PHONE_COLUMN) <= 2 and height < 2.6 * width, (width, height)


def _filters_over_maps():
    # A row of small squares over a row of tall images (heights 1 : 2.2), as the
    # convolution lab's filters over the maps they make.
    fig, axes = plt.subplots(2, 4, figsize=(9.2, 4.6),
                             gridspec_kw={"height_ratios": [1, 2.2]}, layout="constrained")
    for ax in axes[0]:
        ax.imshow([[0, 1, 0], [1, 0, 1], [0, 1, 0]])
    for ax in axes[1]:
        ax.imshow([[0, 1]] * 3)
    for ax in axes.flat:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.suptitle("Four filters over the maps they make")
    return fig, axes


def _narrow(fig):
    """``fig``, drawn once already, laid out for a phone's column in place, as the
    build's first width does: its description, planned, applied."""
    column = narrow.PHONE_COLUMN / narrow.PX_PER_INCH  # inches
    narrow.apply(fig, plan.plan(narrow.describe(fig), column))


def _narrowed_widths(fig, axes):
    fig.draw_without_rendering()
    _narrow(fig)
    renderer = fig.canvas.get_renderer()
    return [ax.get_tightbbox(renderer).width for ax in axes.flat], fig.get_size_inches()[1]


def test_rows_of_unequal_heights_each_keep_their_panels_height(monkeypatch):
    """The layout takes a change of height from every row by its ratio: the figure
    gives up only what leaves each row its panels' height, so no panel is narrowed."""
    widths, height = _narrowed_widths(*_filters_over_maps())
    monkeypatch.setattr(narrow, "_without_idle_height", lambda fig, laid_out=False: None)
    untrimmed, untrimmed_height = _narrowed_widths(*_filters_over_maps())
    assert widths == pytest.approx(untrimmed, abs=1.0)  # in px at the figure's dpi
    assert height <= untrimmed_height


def _categories():
    fig, ax = plt.subplots(figsize=(7.2, 3.0))
    ax.bar(range(3), [3, 2, 1])
    names = ["the test digits", "shifted by 3 pixels", "turned by a quarter"]
    ax.set_xticks(range(3), names)
    ax.set_title("The accuracy of each network on three sets of test images, side by side")
    return fig


def test_a_title_and_named_ticks_wider_than_their_room_break_into_lines():
    # As written, the three categories pile up in the column; broken at their spaces,
    # they read.
    drawing = draw(_categories())
    assert drawing.narrow is not None
    assert narrow.column_text(drawing.narrow) == pytest.approx(12.0, abs=0.01)
    ax = _narrow_figure(_categories())[0].axes[0]
    assert "\n" in ax.get_title() and "\n" in ax.get_xticklabels()[1].get_text()


def _wide(**given):
    """A wide figure as ``narrow.describe`` gives it: by default one 7.2 by 3-inch plot."""
    return plan.Wide(**{"size": (7.2, 3.0), "grid": (1, 1),
                        "panels": (plan.Panel(cell=(0, 0), plot_share=0.9),), **given})


def test_a_plan_breaks_what_is_wider_than_its_room_and_nothing_else():
    title = "The accuracy of each network on three sets of test images, side by side"
    names = ("the test digits", "shifted by 3 pixels", "turned by a quarter")
    ticks = plan.Ticks(positions=(0, 1, 2), labels=names, widths=(1.0, 1.2, 1.2),
                       centres=(1 / 6, 1 / 2, 5 / 6))
    panel = plan.Panel(cell=(0, 0), plot_share=0.9, titles=((title, 5.3), ("", 0.0)),
                       ticks=ticks)
    wide = _wide(panels=(panel,))
    phone = plan.plan(wide, 3.7)  # inches: the column
    assert phone.titles[0, 0].count("\n") == 1 and phone.titles[0, 0].replace("\n", " ") == title
    positions, labels = phone.ticks[0]
    assert positions == (0, 1, 2) and all("\n" in label for label in labels)
    assert phone.size[0] == 3.7 and phone.columns is None
    assert plan.plan(wide, 8.0) == plan.Plan(size=(8.0, 3.0))  # it all fits: as written


def test_a_title_breaks_at_its_spaces_but_never_inside_a_formula():
    title = r"desired weight changes $-\partial \ell/\partial w_{3,k}$"
    assert plan.lines(title, 1.5, 3.0) == (
        "desired weight changes\n" r"$-\partial \ell/\partial w_{3,k}$")
    assert plan.lines(title, 3.0, 2.5) is None  # it fits


def test_a_plan_thins_numbers_placed_by_hand_that_would_touch():
    numbers = tuple(str(n) for n in range(1001, 1017))
    ticks = plan.Ticks(positions=tuple(range(16)), labels=numbers, widths=(0.3,) * 16,
                       centres=tuple((n + 0.5) / 16 for n in range(16)))
    wide = _wide(panels=(plan.Panel(cell=(0, 0), plot_share=0.9, ticks=ticks),))
    assert plan.plan(wide, 3.7).ticks[0] == (tuple(range(0, 16, 2)), numbers[::2])
    assert plan.plan(wide, 7.6).ticks == {}  # 0.43 inches apart: they do not touch


def test_a_plan_reflows_a_row_of_panels_and_moves_a_single_plot_s_legend_below():
    row = tuple(plan.Panel(cell=(0, n)) for n in range(3))
    phone = plan.plan(_wide(size=(9.6, 3.4), grid=(1, 3), panels=row), 3.7)
    # One panel a row, each as tall as before (as wide too: 3.2 inches in a column of 3.7).
    assert (phone.columns, phone.rows) == (1, 3) and phone.size == pytest.approx((3.7, 10.2))
    unequal = plan.plan(_wide(size=(8.4, 3.0), grid=(1, 2), panels=row[:2],
                              width_ratios=(1.4, 1)), 3.7)
    assert (unequal.columns, unequal.rows) == (1, 2)
    assert plan.plan(_wide(size=(9.6, 6.0), grid=(2, 3), panels=row), 3.7).columns is None
    single = _wide(legend=True)
    assert not plan.plan(single, 3.7).legend_below  # a layout done once: it stays
    assert plan.plan(_wide(legend=True, relayable=True), 3.7).legend_below
    assert plan.plan(_wide(legend=True, constrained=True), 3.7).legend_below


def _numbered_bars():
    fig, ax = plt.subplots(figsize=(7.6, 2.4))
    ax.bar(range(16), range(16))
    ax.set_xticks(range(16), range(1001, 1017))
    return fig


def test_ticks_placed_by_hand_that_touch_keep_every_other_one():
    drawing = draw(_numbered_bars())
    assert drawing.narrow is not None
    assert narrow.column_text(drawing.narrow) == pytest.approx(12.0, abs=0.01)
    ax = _narrow_figure(_numbered_bars())[0].axes[0]
    assert list(ax.get_xticks()) == list(range(0, 16, 2))


def test_the_legend_of_a_single_plot_goes_below_it_and_the_figure_grows_by_it():
    fig, ax = plt.subplots(figsize=(7.2, 3.4), layout="constrained")
    for n in range(4):
        ax.plot([0, 1], [n, n + 1], label=f"a line with a long name, number {n}")
    ax.legend(loc="upper left")
    fig, _, light = _narrow_figure(fig)
    ax = fig.axes[0]
    assert ax.get_legend() is None and len(fig.legends) == 1
    below = fig.legends[0].get_window_extent()
    plot = ax.get_window_extent()
    assert below.y1 < plot.y0  # under the plot, not over its lines
    thin = svg_size(light)
    assert abs(thin[0] - narrow.PHONE_COLUMN) <= 2
    # The plot keeps about its height (3.4 in shrunk as the square root of the width's
    # share, 96 px to the inch), the legend's is added.
    plot_height = 3.4 * (narrow.PHONE_COLUMN / 96 / 7.2) ** 0.5 * 96
    assert thin[1] > plot_height + below.height * 96 / fig.dpi * 0.9, thin


def test_a_legend_moved_below_keeps_each_entry_s_line_and_markers():
    """Error bars' entries as the wide drawing shows them: dashed with circles, solid
    with squares (the legend's own drawn copies lost both)."""
    fig, ax = plt.subplots(figsize=(7.2, 3.4))
    for dashes, marker in (("--", "o"), ("-", "s")):
        ax.errorbar([1, 2, 3], [1, 2, 3], yerr=0.1, linestyle=dashes, marker=marker,
                    label=f"a series with a long name, {dashes} and {marker}")
    ax.plot([1, 3], [2, 2], ":", label="a dotted line")
    ax.legend(loc="lower right")
    wide = _drawn_lines(ax.get_legend())
    fig, _, _ = _narrow_figure(fig)
    assert fig.axes[0].get_legend() is None and _drawn_lines(fig.legends[0]) == wide
    assert {("--", "none"), ("None", "o"), ("-", "none"), ("None", "s")} <= set(wide)


def _drawn_lines(legend):
    """The line style and marker of each line a legend draws (its entries' samples)."""
    from matplotlib.lines import Line2D

    return [(line.get_linestyle(), line.get_marker()) for line in legend.findobj(Line2D)]


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



def test_a_title_placed_by_hand_is_placed_by_the_layout_and_keeps_its_font():
    """A wide figure's title set at y=1.02 over its panels is given back to the layout
    (as when suptitle is given no y), its size and weight kept."""
    fig, axes = plt.subplots(1, 3, figsize=(9.6, 3.0))
    fig.suptitle("A title set by hand above three panels", y=1.02, fontsize=15,
                 fontweight="bold")
    fig.canvas.draw()
    _narrow(fig)
    title = fig.get_suptitle(), fig.texts[-1]  # broken into lines for the column
    assert title[0].replace("\n", " ") == "A title set by hand above three panels"
    assert title[1].get_fontsize() == 15 and title[1].get_fontweight() == "bold"
    fig.canvas.draw()  # the layout places it: inside the figure, not cut at its top
    assert title[1].get_window_extent().y1 <= fig.bbox.y1 + 0.5


def test_matplotlibs_private_attributes_are_read_in_one_module_and_none_written():
    from pathlib import Path

    import bookbuild

    private = re.compile(r"\.(_suptitle|_left_title|_right_title|_bbox_to_anchor|_fontsize|"
                         r"_autopos|_legend_box|_children|_axstack|_unit_rectangle|"
                         r"_unit_regular_polygons|_unit_regular_stars|_interpolation_steps)\b")
    for path in Path(bookbuild.__file__).parent.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        found = private.findall(text)
        if path.name == "hidden.py" and path.parent.name == "figures":
            assert found and not re.findall(r"\.(_\w+)\s*=[^=]", text)
        else:
            assert not found, f"{path.name}: {found}"
