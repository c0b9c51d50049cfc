"""The labs of a build run: mkdocs-jupyter set up, the labs run beside the chains.

The labs (``docs/labs/*.ipynb``) run in Jupyter kernels that load ``lab_figures`` and so
draw each figure for both palettes; their outputs are cached by the environment key, like
the chapters' figures; and they run in a thread while the chapters' chains run in their
processes. ``labs.py`` fits the HTML that mkdocs-jupyter makes of them to the site.
"""

import json
import os
import shutil
import tempfile
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
    """The labs of one build: mkdocs-jupyter set up, the labs run, and what the build
    leaves behind removed.

    mkdocs-jupyter's own cache key is the notebook and its options only: after a change
    to nnbook a lab would show stale outputs. So each environment key (``env_key``: every
    file of nnbook and of the build, the library versions) gets its own cache folder in
    ``folder``, and older ones go. Without the cache (``enabled=False``) the build gets a
    folder of its own: the labs still hand their HTML over through it (:meth:`start`),
    and nothing of an earlier build is reused; :meth:`end` removes it.

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
        self._temporary = []  # this build's own cache folder, when the cache is off

    def configure(self):
        """Set up the plugin: kernels that draw figures for both palettes, quietly, and
        a cache keyed on the environment."""
        if self.plugin is None:
            return
        _prepend_path("JUPYTER_CONFIG_PATH", str(JUPYTER_CONFIG))
        key = self.env_key[:16]
        self.plugin.config["cache"] = True
        if self.enabled:
            self.plugin.config["cache_dir"] = str(self.folder / key)
        else:
            self.plugin.config["cache_dir"] = tempfile.mkdtemp(prefix="nnbook-labs-")
            self._temporary.append(self.plugin.config["cache_dir"])
        if self.folder.is_dir():
            for old in self.folder.iterdir():
                if old.name != key and old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)  # another build may use it

    def start(self, files):
        """Run the labs now, one kernel at a time in a thread, while the chapters' blocks
        run in their processes: the build's wall time is then the longer of the two, not
        their sum.

        Each lab's HTML goes into mkdocs-jupyter's cache under the key the plugin
        computes, so that rendering the page later finds it. A lab that fails here is left
        to the plugin, which runs it again and reports the error as it always does.
        Returns a function that waits for the thread.
        """
        plugin = self.plugin
        if plugin is None or not plugin.config["execute"] or plugin.config["execute_ignore"]:
            return lambda: None
        from concurrent.futures import ThreadPoolExecutor

        from mkdocs_jupyter import convert, plugin as jupyter_plugin

        options = plugin.config
        labs = [file.abs_src_path for file in files if plugin.should_include(file)]

        def run(path):
            cache = jupyter_plugin._get_cache_path(
                options["cache_dir"], jupyter_plugin._compute_cache_key(path, options, True))
            if cache.exists():
                return
            try:
                body = convert.nb2html(path, execute=True,
                                       **{name: options[name] for name in _NB2HTML_OPTIONS})
            except Exception:  # the plugin runs the lab again and reports the error
                return
            toc_tokens, title = jupyter_plugin._get_nb_toc_tokens(path, options["toc_depth"])
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps({"content": body, "toc_tokens": toc_tokens,
                                         "title": title}), encoding="utf-8")

        pool = ThreadPoolExecutor(1)
        futures = [pool.submit(run, path) for path in labs]

        def wait():
            for future in futures:
                future.result()
            pool.shutdown()
        return wait

    def end(self):
        """Remove the cache folder of a build without the cache, whether it failed or not."""
        while self._temporary:
            shutil.rmtree(self._temporary.pop(), ignore_errors=True)
