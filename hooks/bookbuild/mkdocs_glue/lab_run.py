"""The labs of a build: rendered by mkdocs-jupyter from their results, never run by it.

The runner runs a lab's code cells as one chain (``page/lab.py``), its result in the
store like a chapter's, and draws its figures. Here each code cell gets its outputs back
as a Jupyter kernel writes them (the text it printed, then the figure it showed, as
``lab_figures`` gives it for both palettes), and mkdocs-jupyter renders that notebook
without running it, by its public functions and options only. ``labs.py`` fits the HTML
to the site.
"""

import hashlib
import tempfile
from pathlib import Path

import nbformat

from . import lab_figures

# The plugin's options that its rendering passes on to ``convert.nb2html``.
_NB2HTML_OPTIONS = ("kernel_name", "theme", "allow_errors", "show_input", "no_input",
                    "no_prompt", "remove_tag_config", "highlight_extra_classes",
                    "include_requirejs", "custom_mathjax_url")


def with_outputs(notebook_text, results):
    """The notebook ``notebook_text`` (its JSON) with the outputs of its code cells, one
    ``FenceResult`` of ``results`` each, as a kernel that ran it would have written them."""
    nb = nbformat.reads(notebook_text, as_version=4)
    code = [cell for cell in nb.cells if cell.cell_type == "code"]
    for count, (cell, result) in enumerate(zip(code, results, strict=True), 1):
        cell.execution_count, cell.outputs = count, []
        if result.output:
            cell.outputs.append(nbformat.v4.new_output("stream", name="stdout",
                                                       text=result.output))
        if result.drawing is not None:
            cell.outputs.append(nbformat.v4.new_output("display_data", data={
                "text/html": lab_figures.figure_html(result.drawing)}))
    return nbformat.writes(nb)


class Labs:
    """The labs of one build, rendered from their results.

    mkdocs-jupyter's own cache is keyed on the notebook as written, without outputs, so
    it is off; the HTML of each lab is kept in ``folder`` instead (``.cache/labs``),
    under a key of the notebook with its outputs and of the plugin's options: a rebuild
    with the same results renders nothing. ``enabled=False`` keeps nothing.

    Parameters
    ----------
    plugin : mkdocs-jupyter's plugin, or None
        The build's plugin (``config.plugins.get("mkdocs-jupyter")``); None: no labs.
    folder : path
    enabled : bool
    """

    def __init__(self, plugin, folder, *, enabled=True):
        self.plugin, self.folder, self.enabled = plugin, Path(folder), enabled

    def configure(self):
        """Turn the plugin's own cache off (see the class)."""
        if self.plugin is not None:
            self.plugin.config["cache"] = False

    def sources(self, files):
        """``(src, notebook text)`` of each lab among ``files``: what the runner runs."""
        if self.plugin is None:
            return []
        return [(file.src_uri, file.content_string) for file in files
                if self.plugin.should_include(file)]

    def _options(self):
        return {name: self.plugin.config[name] for name in _NB2HTML_OPTIONS}

    def html(self, stem, executed):
        """The HTML of the lab ``stem`` (``train-digits``) from ``executed``, the
        notebook with its outputs (:func:`with_outputs`): kept, or rendered now."""
        from mkdocs_jupyter import convert

        options = self._options()
        key = hashlib.sha256(executed.encode() + repr(sorted(options.items())).encode())
        kept = self.folder / f"{stem}-{key.hexdigest()[:24]}.html"
        if self.enabled and kept.exists():
            return kept.read_text(encoding="utf-8")
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / f"{stem}.ipynb"
            path.write_text(executed, encoding="utf-8")
            body = convert.nb2html(str(path), execute=False, **options)
        if self.enabled:
            self.folder.mkdir(parents=True, exist_ok=True)
            for old in self.folder.glob(f"{stem}-*.html"):  # the same lab's older results
                old.unlink(missing_ok=True)
            partial = kept.with_suffix(".partial")  # never half a file under the name
            partial.write_text(body, encoding="utf-8")
            partial.replace(kept)
        return body

    def render(self, page, results):
        """A lab's page renders from its ``results`` (``Book.labs``): its HTML, and the
        contents and title mkdocs-jupyter reads from the notebook."""
        if self.plugin is None or results is None:
            return
        from mkdocs_jupyter.plugin import get_nb_toc

        path, options = page.file.abs_src_path, self.plugin.config
        html = self.html(Path(path).stem, with_outputs(
            Path(path).read_text(encoding="utf-8"), results))

        def render(config, files):
            page.content = html
            page.toc, title = get_nb_toc(path, options["toc_depth"])
            if title is not None and not options["ignore_h1_titles"]:
                page.title = title
        page.render = render
