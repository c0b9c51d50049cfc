"""The dark-palette figure: greys turned over, colours and images kept."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import re  # noqa: E402

import numpy as np  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402

from matplotlib.patches import Rectangle  # noqa: E402

from bookbuild.figures.dark import dark_grey  # noqa: E402
from bookbuild.figures.draw import draw  # noqa: E402


def both_palettes(fig):
    drawing = draw(fig)
    return drawing.svg, drawing.svg_dark


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
    heatmap.text(0, 1, "0", color="white", ha="center", va="center", gid="on-cell")
    boxed = heatmap.annotate("0", (1, 0), xytext=(1, 1), color="black", gid="boxed",
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
    # White on a dark cell of the image: kept, turned over it would be dark on dark.
    assert _style_of(dark, "on-cell") == _style_of(light, "on-cell")
    # An annotation on the image: its white box turns dark and its text light, as off
    # the image (the box keeps the contrast); its white arrow, on a dark cell, is kept.
    assert _style_of(dark, "boxed").startswith("fill: #1f1f1f; stroke: #ededed")
    arrow = boxed.arrow_patch.get_gid()
    assert "stroke: #ffffff" in _style_of(light, arrow)
    assert _style_of(dark, arrow) == _style_of(light, arrow)

    def mesh(svg):  # what the colour map's group holds
        text = svg.decode()
        start = text.index(">", text.index('id="mesh"'))
        return text[start:text.index("</g>", start)]

    assert mesh(dark) == mesh(light) and "fill: #" in mesh(light)
    plt.close(fig)


def _group(svg, gid):
    return re.search(rf'<g id="{gid}"[^>]*>', svg.decode())[0]


def test_a_dark_text_on_a_pale_patch_keeps_its_colour_and_its_contrast():
    """A highlighted cell keeps its pale colour in the dark palette: the number on it
    stays dark (turned light, it would stand out by 1.3:1); on a plain cell, which turns
    dark, it turns light."""
    fig, ax = plt.subplots(figsize=(2, 1))
    ax.add_patch(Rectangle((0, 0), 1, 1, facecolor="#f6c9a8"))
    ax.add_patch(Rectangle((1, 0), 1, 1, facecolor="white", edgecolor="#333333"))
    ax.text(0.5, 0.5, "4", ha="center", va="center", gid="on-pale")
    ax.text(1.5, 0.5, "5", ha="center", va="center", gid="on-white")
    ax.set(xlim=(0, 2), ylim=(0, 1))
    ax.axis("off")
    drawing = draw(fig)
    dark, problems = drawing.svg_dark, drawing.unreadable
    plt.close(fig)
    assert _group(dark, "on-pale") == '<g id="on-pale" style="fill: #000000">'
    assert _group(dark, "on-white") == '<g id="on-white">'  # the figure's light default
    assert re.search(r'<svg [^>]*style="fill: #ededed"', dark.decode())
    assert problems == []  # both texts stand out by 3:1 or more in both palettes


def test_an_arrow_takes_its_colours_from_where_it_runs_not_from_its_text():
    """A label on a pale box keeps its dark text; its black arrow, which runs over the
    page, turns light like the figure's other lines."""
    fig, ax = plt.subplots(figsize=(3, 1))
    ax.add_patch(Rectangle((0, 0), 1, 1, facecolor="#fbe3d4"))
    label = ax.annotate("label", xy=(2.8, 0.5), xytext=(0.5, 0.5), ha="center",
                        va="center", gid="label",
                        arrowprops={"arrowstyle": "->", "color": "black"})
    ax.set(xlim=(0, 3), ylim=(0, 1))
    ax.axis("off")
    light, dark = both_palettes(fig)
    plt.close(fig)
    assert _group(dark, "label") == '<g id="label" style="fill: #000000">'
    arrow = label.arrow_patch.get_gid()
    assert "stroke: #000000" in _style_of(light, arrow)
    assert "stroke: #ededed" in _style_of(dark, arrow)


def test_a_lab_cell_shows_what_it_printed_then_its_figure_for_both_palettes():
    """A lab's cell gets its outputs back as a kernel writes them: the text, then the
    figure as HTML (no PNG), the light drawing and the dark one."""
    import base64

    import nbformat

    from bookbuild.mkdocs_glue import lab_run
    from bookbuild.run.store import FenceResult

    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    ax.set_xlabel("x")
    drawing = draw(fig)
    plt.close(fig)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Lab"), nbformat.v4.new_code_cell("x = 1"),
                nbformat.v4.new_code_cell("print('hi')\nplt.plot([1])")]
    executed = nbformat.reads(lab_run.with_outputs(nbformat.writes(nb), [
        FenceResult(""), FenceResult("hi\n", drawing=drawing)]), as_version=4)
    first, second = (cell for cell in executed["cells"] if cell["cell_type"] == "code")
    assert first["outputs"] == [] and first["execution_count"] == 1
    text, shown = second["outputs"]
    assert (text["output_type"], text["name"]) == ("stream", "stdout")
    assert text["text"] == "hi\n"
    assert list(shown["data"]) == ["text/html"]  # no PNG besides
    images = re.findall(r'<img src="data:image/svg\+xml;base64,([^"#]+)#only-(\w+)"[^>]*>',
                        shown["data"]["text/html"])
    assert [palette for _, palette in images] == ["light", "dark"]
    light, dark = (base64.b64decode(svg) for svg, _ in images)
    assert b"<svg" in light and light != dark
    assert b"fill: #ffffff" in light and b"fill: #ffffff" not in dark  # the white card

