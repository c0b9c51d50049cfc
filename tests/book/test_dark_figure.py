"""The dark-palette figure: greys turned over, colours and images kept."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from bookbuild.dark_figure import dark_grey, recolour  # noqa: E402


def test_greys_are_mirrored_and_colours_kept():
    assert dark_grey((0, 0, 0, 1)) == (0.93, 0.93, 0.93, 1)
    assert dark_grey((1, 1, 1, 0.5))[:3] == (0.12, 0.12, 0.12)
    blue = to_rgba("#0072B2")
    assert dark_grey(blue) == blue


def test_a_figure_turns_dark_but_keeps_its_data():
    fig, (plot, heatmap) = plt.subplots(1, 2)
    line, = plot.plot([0, 1], [0, 1], color="#0072B2")
    label = plot.set_xlabel("x", color="#1a1a1a")
    heatmap.imshow(np.eye(2), cmap="viridis")
    on_cell = heatmap.text(0, 0, "1", color="white", ha="center", va="center")
    recolour(fig)
    assert fig.patch.get_facecolor()[3] == 0 and plot.patch.get_facecolor()[3] == 0
    assert to_rgba(label.get_color())[0] > 0.8  # light text on the dark page
    assert to_rgba(line.get_color()) == to_rgba("#0072B2")
    assert to_rgba(on_cell.get_color()) == (1, 1, 1, 1)  # written on the image: kept
    plt.close(fig)


def test_a_lab_kernel_shows_each_figure_for_both_palettes():
    """The labs' extension, loaded in IPython, survives the labs' own figure settings."""
    import base64
    import re

    from IPython.core.interactiveshell import InteractiveShell
    from IPython.core.pylabtools import select_figure_formats
    from IPython.display import display
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    try:
        shell.extension_manager.load_extension("bookbuild.lab_figures")
        # What "%config InlineBackend.figure_formats" does: reset the figure formatters.
        select_figure_formats(shell, {"retina"})
        fig, ax = plt.subplots()
        ax.plot([0, 1], [0, 1])
        ax.set_xlabel("x")
        with capture_output() as captured:
            display(fig)
        plt.close(fig)
    finally:
        InteractiveShell.clear_instance()
    [shown] = [output.data for output in captured.outputs]
    assert list(shown) == ["text/html"]  # no PNG besides
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"#]+)#only-(\w+)">',
                        shown["text/html"])
    assert [palette for _, palette in images] == ["light", "dark"]
    light, dark = (base64.b64decode(svg) for svg, _ in images)
    assert b"<svg" in light and light != dark
    assert b"fill: #ffffff" in light and b"fill: #ffffff" not in dark  # the white card
