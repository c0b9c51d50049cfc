"""The labs of a build run: mkdocs-jupyter set up, the labs run beside the chains.

The labs (``docs/labs/*.ipynb``) run in Jupyter kernels that load ``lab_figures`` and so
draw each figure for both palettes; their HTML is cached by the environment key, like
the chapters' figures; and they run in a thread while the chapters' chains run in their
processes, by the plugin's public functions and options only. ``labs.py`` fits that HTML
to the site.
"""

import hashlib
import os
import shutil
from pathlib import Path


def _prepend_path(variable, path):
    paths = os.environ.get(variable, "").split(os.pathsep)
    if path not in paths:
        os.environ[variable] = os.pathsep.join([path] + [p for p in paths if p])


# The nbconvert configuration that loads ``lab_figures`` into each kernel (installed
# with this package, so the kernels import it like any module) and stops the kernel from
# logging a warning about its local TCP connection into the build's output.
JUPYTER_CONFIG = Path(__file__).with_name("jupyter")
# The plugin's options that its rendering passes on to ``convert.nb2html``.
_NB2HTML_OPTIONS = ("kernel_name", "theme", "allow_errors", "show_input", "no_input",
                    "no_prompt", "remove_tag_config", "highlight_extra_classes",
                    "include_requirejs", "custom_mathjax_url")


class Labs:
    """The labs of one build: mkdocs-jupyter set up, the labs run beside the chains, and
    their pages rendered from that run.

    mkdocs-jupyter's own cache key is the notebook and its options only: after a change
    to nnbook a lab would show stale outputs. So its cache is off, and the labs' HTML is
    kept here instead, in a folder of ``folder`` per environment key (``env_key``: every
    file of nnbook and of the build, the library versions), under a key of the notebook
    and the plugin's options; older folders go. Without the cache (``enabled=False``)
    nothing is kept or reused: the build's own run is handed over in memory.

    Parameters
    ----------
    plugin : mkdocs-jupyter's plugin, or None
        The build's plugin (``config.plugins.get("mkdocs-jupyter")``); None: no labs.
    env_key : str
    folder : path
        Where the cache folders of the labs are (``.cache/labs``).
    enabled : bool
    """

    def __init__(self, plugin, env_key, folder, *, enabled=True):
        self.plugin, self.env_key, self.folder = plugin, env_key, Path(folder)
        self.enabled = enabled
        self._html = {}  # a lab's source path -> its HTML, once run

    @property
    def _kept(self):
        return self.folder / self.env_key[:16]

    def configure(self):
        """Set up the plugin: kernels that draw figures for both palettes, quietly, and
        its own cache off (this one is keyed on the environment)."""
        if self.plugin is None:
            return
        _prepend_path("JUPYTER_CONFIG_PATH", str(JUPYTER_CONFIG))
        self.plugin.config["cache"] = False
        if self.folder.is_dir():
            for old in self.folder.iterdir():
                if old != self._kept and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)  # another build may use it

    def _options(self):
        return {name: self.plugin.config[name] for name in _NB2HTML_OPTIONS}

    def _cached(self, path):
        key = hashlib.sha256(Path(path).read_bytes() + repr(sorted(
            self._options().items())).encode()).hexdigest()[:24]
        return self._kept / f"{Path(path).stem}-{key}.html"

    def start(self, files):
        """Run the labs now, one kernel at a time in a thread, while the chapters' blocks
        run in their processes: the build's wall time is then the longer of the two, not
        their sum. A lab that fails here is left to the plugin, which runs it again when
        its page renders and reports the error as it always does. Returns a function
        that waits for the thread.
        """
        plugin = self.plugin
        if plugin is None or not plugin.config["execute"] or plugin.config["execute_ignore"]:
            return lambda: None
        from concurrent.futures import ThreadPoolExecutor

        from mkdocs_jupyter import convert

        def run(path):
            cached = self._cached(path)
            if self.enabled and cached.exists():
                self._html[path] = cached.read_text(encoding="utf-8")
                return
            try:
                body = convert.nb2html(path, execute=True, **self._options())
            except Exception:  # the plugin runs the lab again and reports the error
                return
            self._html[path] = body
            if self.enabled:
                cached.parent.mkdir(parents=True, exist_ok=True)
                partial = cached.with_suffix(".partial")  # never half a file under the name
                partial.write_text(body, encoding="utf-8")
                partial.replace(cached)

        pool = ThreadPoolExecutor(1)
        futures = [pool.submit(run, file.abs_src_path) for file in files
                   if plugin.should_include(file)]

        def wait():
            for future in futures:
                future.result()
            pool.shutdown()
        return wait

    def render(self, page):
        """A lab's page renders from this build's run: its HTML, and the contents and
        title mkdocs-jupyter reads from the notebook. A lab the thread could not run
        keeps the plugin's rendering."""
        path = page.file.abs_src_path
        if self.plugin is None or path not in self._html:
            return
        from mkdocs_jupyter.plugin import get_nb_toc

        html, options = self._html[path], self.plugin.config

        def render(config, files):
            page.content = html
            page.toc, title = get_nb_toc(path, options["toc_depth"])
            if title is not None and not options["ignore_h1_titles"]:
                page.title = title
        page.render = render
