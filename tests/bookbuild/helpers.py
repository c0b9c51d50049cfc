"""The build tests' helpers: small books built in a folder of their own, by the book's
plugin, and the processes that build them."""

import os
import subprocess
import sys
import textwrap

import yaml

from ..paths import ROOT


def write_mini_book(tmp_path, pages, config="markdown_extensions: [md_in_html, attr_list]\n",
                    nav=None):
    """A small book in ``tmp_path`` built by the book's plugin (``book``, added after the
    plugins ``config`` names, as in ``mkdocs.yml``), with MathJax, MNIST's file and theme
    overrides: ``pages`` maps paths under docs/ to their text (Markdown, or a notebook's
    bytes). The plugin is the installed build (``bookbuild``), and it imports nnbook, as
    the book's own build does."""
    for name, text in pages.items():
        path = tmp_path / "docs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.write_bytes if isinstance(text, bytes) else path.write_text)(text)
    for name in ("node_modules", "package-lock.json", ".cache/data", "overrides"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).symlink_to(ROOT / name)
    settings = yaml.safe_load(config) or {}
    settings = {"site_name": "t", "nav": nav or list(pages), **settings,
                "plugins": [*settings.get("plugins", ["search"]), "book"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(settings, sort_keys=False))


# The small book's page: two chains, the first of two blocks (the second continues it)
# drawing a figure, the second printing what its output fence shows.
SMALL_PAGE = textwrap.dedent("""\
    # A page

    ```python
    import matplotlib.pyplot as plt
    x = [1, 2, 3]
    ```

    Some prose.

    <!--pytest-codeblocks:cont-->
    ```python
    plt.plot(x)
    plt.show()
    ```

    <!-- figure
    alt: A rising line through three points,
      drawn in blue.
    caption: A line.
    -->

    ```python
    print(1)
    ```

    <!--pytest-codeblocks:expected-output-->
    ```text
    1
    ```
    """)


class SmallBook:
    """A two-page book, ``index.md`` and ``page.md``, in a folder of its own
    (:func:`write_mini_book`), built by a strict ``mkdocs build`` without the cache."""

    def __init__(self, root):
        self.root = root

    def write(self, page=SMALL_PAGE, home="# Home\n", **config):
        write_mini_book(self.root, {"index.md": home, "page.md": page}, **config)

    def build(self, page=SMALL_PAGE, **kwargs):
        """Write the book and build it; the finished process."""
        self.write(page, **kwargs)
        return mkdocs_build(self.root, timeout=120)

    def html(self, page="page/index.html"):
        return (self.root / "site" / page).read_text()


def build_small_book(root, page=SMALL_PAGE, **kwargs):
    """Write and build a :class:`SmallBook` in ``root``; the finished process."""
    return SmallBook(root).build(page, **kwargs)


def run_python(cwd, *args, timeout=300):
    """``python *args`` in ``cwd`` without the figure cache; the finished process."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", NNBOOK_FIGURE_CACHE="off")
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=timeout)


def mkdocs_build(cwd, timeout=300):
    """A strict build of the book in ``cwd``; the finished process."""
    return run_python(cwd, "-m", "mkdocs", "build", "--strict", timeout=timeout)
