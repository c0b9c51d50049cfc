"""Under ``mkdocs serve``: what a rebuild reuses, and that it changes nothing."""

import textwrap

from ..helpers import SMALL_PAGE, run_python

SERVE_SCRIPT = textwrap.dedent("""\
    import sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def make(site, command):
        config = load_config("mkdocs.yml", site_dir=site)
        config.plugins.on_startup(command=command, dirty=False)
        build(config)
        return config.plugins["book"]  # the book's plugin: its serve cache

    def main(command):
        if command == "build":
            make("site-build", "build")
            return
        make("site-serve", "serve")  # first build: nothing to reuse yet
        page = open("docs/page.md").read()
        open("docs/page.md", "w").write(page.replace("Some prose.", "Other prose.")
                                        .replace("x = [1, 2, 3]", "x = [1, 2, 4]"))
        book = make("site-serve", "serve")  # the rebuild after an edit, as under serve
        print(book.serve.enabled, book.serve.stats["blocks_reused"],
              book.serve.stats["pages_reused"], len(book.serve.notebooks))

    if __name__ == "__main__":  # the build's worker processes import this module again
        main(sys.argv[1])
    """)


def test_serve_rebuild_reuses_unchanged_work_and_matches_a_clean_build(small_book):
    """Under serve, highlighting and search entries are reused only where nothing changed:
    the rebuild after an edit equals a clean build of the edited book, byte for byte."""
    small_book.write(
        SMALL_PAGE, home="# Home\n\n## A section\n\n```python\nprint('home')\n```\n",
        config="site_url: http://127.0.0.1/\ntheme: material\nplugins: [search]\n"
               "markdown_extensions: [md_in_html, attr_list, pymdownx.superfences,\n"
               "  {pymdownx.highlight: {anchor_linenums: true}}]\n")
    root = small_book.root
    (root / "script.py").write_text(SERVE_SCRIPT)
    served = run_python(root, "script.py", "serve")
    assert served.returncode == 0, served.stderr
    enabled, blocks_reused, pages_reused, notebooks = served.stdout.split()
    # page.md's edited block is new; its three other blocks (one is the expected output)
    # and the home page's block are reused, and the home page's search entries. The
    # notebooks of both versions of page.md are remembered (the home page has none).
    assert (enabled, int(blocks_reused), int(pages_reused), int(notebooks)) == (
        "True", 4, 1, 2)
    built = run_python(root, "script.py", "build")
    assert built.returncode == 0, built.stderr

    def files(site):
        return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and not p.name.endswith(".gz")}

    serve_site, build_site = files(root / "site-serve"), files(root / "site-build")
    assert serve_site.keys() == build_site.keys()
    changed = [str(p) for p in serve_site if serve_site[p] != build_site[p]]
    assert changed == []
    assert "Other prose." in (root / "site-build" / "page" / "index.html").read_text()
