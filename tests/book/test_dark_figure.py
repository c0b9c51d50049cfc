"""The dark-palette figure: greys turned over, colours and images kept."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from bookbuild.dark_figure import both_palettes, dark_grey  # noqa: E402


def test_greys_are_mirrored_and_colours_kept():
    assert dark_grey((0, 0, 0, 1)) == (0.93, 0.93, 0.93, 1)
    assert dark_grey((1, 1, 1, 0.5))[:3] == (0.12, 0.12, 0.12)
    blue = to_rgba("#0072B2")
    assert dark_grey(blue) == blue


def _style_of(svg, gid):
    """The style of the first element inside the group ``gid``."""
    text = svg.decode()
    inside = text[text.index(">", text.index(f'id="{gid}"')):]
    return re.search(r'style="([^"]*)"', inside)[1]


def test_a_figure_turns_dark_but_keeps_its_data():
    fig, (plot, heatmap) = plt.subplots(1, 2)
    plot.plot([0, 1], [0, 1], color="#0072B2", gid="line")
    plot.plot([0, 1], [1, 0], "o", color="black", gid="black-dots")
    plot.set_xlabel("x", color="#1a1a1a", gid="label")
    heatmap.imshow(np.eye(2), cmap="viridis")
    heatmap.text(0, 0, "1", color="white", ha="center", va="center", gid="on-cell")
    heatmap.annotate("0", (1, 0), xytext=(1, 1), color="black", gid="boxed",
                     bbox={"facecolor": "white"}, arrowprops={"color": "white"})
    plot.pcolormesh([[0, 1]], cmap="gray", gid="mesh")  # a grey colour map: data
    light, dark = both_palettes(fig)
    assert light != dark
    card = fig.patch.get_gid()
    assert "fill: #ffffff" in _style_of(light, card)  # the figure's white card ...
    assert "fill: none" in _style_of(dark, card)      # ... is transparent in the dark
    assert _style_of(dark, "line") == _style_of(light, "line")  # a colour: kept
    assert _style_of(dark, "label") == "fill: #d8d8d8"  # dark text (#1a1a1a) turned light
    # Black dots: SVG's default fill, which the dark figure sets light for all it holds.
    assert "fill" not in _style_of(light, "black-dots")
    assert _style_of(dark, "black-dots") == "stroke: #ededed"
    assert re.search(r'<svg [^>]*style="fill: #ededed"', dark.decode())
    assert _style_of(dark, "on-cell") == _style_of(light, "on-cell")  # on the image: kept
    # The annotation on the image keeps its white box, black text and white arrow.
    boxed = dark.decode().split('id="boxed"')[1][:3000]
    assert "fill: #ffffff" in boxed and "#ededed" not in boxed

    def mesh(svg):  # what the colour map's group holds
        text = svg.decode()
        start = text.index(">", text.index('id="mesh"'))
        return text[start:text.index("</g>", start)]

    assert mesh(dark) == mesh(light) and "fill: #" in mesh(light)
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

