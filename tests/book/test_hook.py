"""The build hook: block parsing, figure rendering, the cache, and errors that name the page."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

from bookbuild import page_model
from bookbuild import block_runner, pipeline

from .conftest import ROOT, mkdocs_build, run_python, write_mini_book

PAGE = textwrap.dedent("""\
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


def test_parse_chains_and_figures():
    chains = page_model.parse(PAGE, "page.md")
    assert [len(c.fences) for c in chains] == [2, 1]
    assert chains[0].fences[1].cont
    figure = chains[0].fences[1].figure
    assert figure.alt == "A rising line through three points, drawn in blue."
    assert figure.caption == "A line."
    assert chains[0].fences[0].lineno == 3
    assert page_model.figure_directives(PAGE) == [figure]


def test_the_chains_that_train_run_first_most_epochs_then_longest_first():
    page = "".join(f"```python\n{code}\n```\n\n" for code in [
        "x = 1", "nnbook.fit(model)", "y = 2", "for seed in range(5):\n    nnbook.fit(model)",
        "nnbook.fit(m, epochs=30)", "for seed in range(5):\n    nnbook.fit(m, epochs=5)"])
    chains = page_model.parse(page, "page.md")
    todo = {f"key{n}": (chain, "page.md", "page.md") for n, chain in enumerate(chains)}
    assert block_runner._longest_first(todo) == ["key4", "key5", "key3", "key1", "key0",
                                                 "key2"]


@pytest.mark.parametrize("text, message", [
    ("Prose\n\n<!-- figure\nalt: x\ncaption: y\n-->\n", "must come right after"),
    ("```python\npass\n```\n<!-- figure\nalt: x\n-->\n", "non-empty 'caption:'"),
    ("```python\npass\n```\n<!-- figure\nalt: x\ncaption: y\n", "not closed"),
    ("```python\npass\n```\n<!-- figure\ntitle: x\n-->\n", "must start with"),
    ("```text\nx\n```\n<!--pytest-codeblocks:cont-->\n```python\npass\n```\n", "cont must"),
])
def test_parse_errors_name_the_page_and_line(text, message):
    with pytest.raises(page_model.BlockSyntaxError, match=message) as info:
        page_model.parse(text, "chapter.md")
    assert str(info.value).startswith("chapter.md:")


def test_render_draws_then_reuses_then_redraws(tmp_path):
    cache = block_runner.FigureCache(tmp_path)
    chains = page_model.parse(PAGE, "page.md")
    first = block_runner.Stats()
    results = block_runner.render_page(chains, "page.md", "page.md", cache, "env-1", first)
    svgs = [r.svg for r in results if r.svg is not None]
    assert len(svgs) == 1 and svgs[0].startswith(b"<?xml")
    assert [r.output for r in results] == ["", "", "1\n"]  # one result per fence
    assert "2.00" in results[1].texts  # the figure's tick labels
    assert (first.drawn, first.reused, first.chains_run) == (1, 0, 2)

    # A prose-only edit leaves every chain's code, so every figure is reused, with the
    # printed outputs and figure texts.
    edited = page_model.parse(PAGE.replace("Some prose.", "Other words."), "page.md")
    second = block_runner.Stats()
    assert block_runner.render_page(edited, "page.md", "page.md", cache, "env-1", second) == results
    assert (second.drawn, second.reused, second.chains_run) == (0, 1, 0)

    # A change of nnbook (another environment key) draws again.
    third = block_runner.Stats()
    block_runner.render_page(chains, "page.md", "page.md", cache, "env-2", third)
    assert third.drawn == 1


def test_environment_key_follows_nnbook_sources(tmp_path):
    (tmp_path / "nnbook").mkdir()
    module = tmp_path / "nnbook" / "layer.py"
    module.write_text("x = 1\n")
    before = block_runner.environment_key(tmp_path)
    assert block_runner.environment_key(tmp_path) == before
    module.write_text("x = 2\n")
    assert block_runner.environment_key(tmp_path) != before


@pytest.mark.parametrize("code, message", [
    ("x = 1\n1 / 0\n", r"page\.md: the python block at line 1 raised ZeroDivisionError"),
    ("import matplotlib.pyplot as plt\nplt.plot([1])\n", "no '<!-- figure' directive"),
    ("import matplotlib.pyplot as plt\nplt.figure()\nplt.figure()\n", "2 figures open"),
])
def test_block_errors(code, message):
    chains = page_model.parse(f"```python\n{code}```\n", "page.md")
    with pytest.raises(block_runner.BlockError, match=message):
        block_runner.run_chain(chains[0], "page.md", "page.md")


def test_traceback_gives_the_markdown_line():
    chains = page_model.parse("# T\n\n```python\nx = 1\ny = undefined_name\n```\n", "page.md")
    with pytest.raises(block_runner.BlockError) as info:
        block_runner.run_chain(chains[0], "docs/page.md", "docs/page.md")
    assert 'File "docs/page.md", line 5' in str(info.value)


def test_figure_directive_without_figure():
    chains = page_model.parse("```python\nx = 1\n```\n<!-- figure\nalt: a\ncaption: b\n-->\n")
    with pytest.raises(block_runner.BlockError, match="draws no figure"):
        block_runner.run_chain(chains[0], "page.md", "page.md")


def test_a_folded_figure_comes_first_and_its_block_collapsed_under_it():
    from bookbuild import pipeline

    folded = PAGE.replace("caption: A line.\n", "caption: A line.\ncode: folded\n")
    book = pipeline.Book(ROOT, cache_enabled=False)
    book.add_page("page.md", folded)
    markdown = book.page_markdown("page.md", folded, lambda drawn: f"[{drawn.uri}]\n")
    assert textwrap.dedent("""\
        Some prose.

        [figures/page/1.svg]

        ??? example "Code of the figure"

            <p class="nb-cont">Continues the previous block.</p>

            ```python
            plt.plot(x)
            plt.show()
            ```

        """) in markdown
    with pytest.raises(page_model.BlockSyntaxError, match="takes folded, got 'open'"):
        page_model.parse_page(folded.replace("code: folded", "code: open"), "page.md")


def _write_mini_book(tmp_path, page, home="# Home\n", **config):
    """A two-page book, index.md and page.md (see conftest.write_mini_book)."""
    write_mini_book(tmp_path, {"index.md": home, "page.md": page}, **config)


def _mini_book(tmp_path, page):
    """Build a mini book (see _write_mini_book) strictly; return the finished process."""
    _write_mini_book(tmp_path, page)
    return mkdocs_build(tmp_path, timeout=120)


def test_a_raising_block_fails_the_build_naming_page_and_block(tmp_path):
    result = _mini_book(tmp_path, "# P\n\n```python\nraise RuntimeError('boom')\n```\n")
    assert result.returncode != 0
    assert "page.md: the python block at line 3 raised RuntimeError: boom" in result.stderr


def test_a_raising_block_in_a_worker_process_names_page_and_block(tmp_path):
    (tmp_path / "nnbook").symlink_to(ROOT / "nnbook")
    book = pipeline.Book(tmp_path, cache_enabled=False)
    pages = [("a.md", "# A\n\n```python\nx = 1\n```\n"),
             ("b.md", "# B\n\n```python\ny = 2\n```\n\n```python\n1 / 0\n```\n")]
    with pytest.raises(block_runner.BlockError,
                       match="b.md: the python block at line 7 raised ZeroDivisionError"):
        book.add_pages(pages, jobs=2)


@pytest.mark.parametrize("page, heading, line", [
    ("# P\n\n```python\nprint(f'{0.9753:.1%}')\n```\n\n"
     "<!--pytest-codeblocks:expected-output-->\n```text\n97.5%\n```\n\n"
     "Right on 97.5% of the digits, in 4.2 s.\n",
     "numbers of the prose that no block prints or draws", "page.md: line 12: 4.2 s"),
    ("# P\n\n```python\nimport matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n"
     "ax.text(0.2, 0.5, 'Emma')\nax.text(0.21, 0.5, 'Jules')\nplt.show()\n```\n\n"
     "<!-- figure\nalt: Two names.\ncaption: Names.\n-->\n",
     "texts of figures that a reader cannot read",
     "page.md: line 3: 'Emma' and 'Jules' are written over each other"),
    ("# P\n\n```python\nx = 2\n```\n\n<!--pytest-codeblocks:cont-->\n```python\n"
     "print(x + 1)\n```\n\n<!--pytest-codeblocks:expected-output-->\n```text\n4\n```\n\n"
     "It prints 97.5%.\n\n```python\nprint(f'{0.9753:.1%}')\n```\n",
     "printed outputs that differ from the page",
     "page.md: line 8: the page shows\n4\nbut the chain prints\n3\n"),
], ids=["unbacked number", "unreadable figure text", "stale output"])
def test_what_a_reader_cannot_trust_fails_the_build_naming_page_and_line(tmp_path, page,
                                                                         heading, line):
    result = _mini_book(tmp_path, page)
    assert result.returncode != 0
    assert heading in result.stderr
    found = result.stderr.split(heading)[1]
    assert line in found
    assert "97.5%" not in found  # a printed number is backed


def test_the_build_places_the_figure_with_alt_and_caption(tmp_path):
    result = _mini_book(tmp_path, PAGE)
    assert result.returncode == 0, result.stderr
    assert "figures: 1 drawn, 0 reused" in result.stderr
    html = (tmp_path / "site" / "page" / "index.html").read_text()
    assert 'src="../figures/page/1.svg#only-light"' in html
    assert 'src="../figures/page/1-dark.svg#only-dark"' in html
    assert 'alt="A rising line through three points, drawn in blue."' in html
    assert "<figcaption>A line.</figcaption>" in html
    assert html.count('<p class="nb-cont">Continues the previous block.</p>') == 1
    light, dark = ((tmp_path / "site" / "figures" / "page" / name).read_text()
                   for name in ("1.svg", "1-dark.svg"))
    assert "fill: #ffffff" in light and "fill: #ffffff" not in dark  # transparent
    assert "#333333" in light and "#333333" not in dark  # the ticks' grey, turned over
    assert (tmp_path / "site" / "javascripts" / "mathjax" / "tex-chtml.js").exists()


@pytest.mark.parametrize("marker, shown, stale", [
    ("expected-output", "a 1\nb 2\n", False),  # the whole chain's output, both blocks
    ("expected-output", "a 1\n", True),  # the block's own output alone is not enough
    ("expected-output", "a 1\nb  2\n", True),  # exact, like pytest-codeblocks
    ("expected-output-ignore-whitespace", "a1 b  2\n", False),
    ("expected-output-ignore-whitespace", "a1 b3\n", True),
])
def test_a_chain_prints_what_its_output_fence_shows(marker, shown, stale):
    page = (f"# P\n\n```python\nprint('a', 1)\n```\n\n<!--pytest-codeblocks:{marker}-->\n"
            f"```text\n{shown}```\n\n<!--pytest-codeblocks:cont-->\n```python\n"
            "print('b', 2)\n```\n")
    book = pipeline.Book(ROOT, cache_enabled=False)
    book.add_page("p.md", page)
    found = book.stale_outputs()
    assert bool(found) == stale, found
    if stale:
        assert found[0].startswith("p.md: line 3: the page shows\n")


DRAW_SCRIPT = textwrap.dedent("""\
    import hashlib, json, sys
    from pathlib import Path

    if __name__ == "__main__":  # the worker processes import this module again
        sys.path[:0] = [sys.argv[1], str(Path(sys.argv[1]) / "hooks")]
        from bookbuild import pipeline
        root, jobs, pages = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
        book = pipeline.Book(root, cache_enabled=False)
        built = book.add_pages([(p, (root / "docs" / p).read_text()) for p in pages],
                               jobs=jobs)
        print(json.dumps({d.uri: [hashlib.sha256(d.svg).hexdigest(),
                                  hashlib.sha256(d.svg_dark).hexdigest()]
                          for page in built for d in page.figures}))
    """)

# Four pages with every kind of figure the book draws (lines, images, contours, 3-D
# surfaces, annotations), 26 figures: more pages, or the trainings of Parts III and IV,
# would multiply the time of the test and check nothing more about how a figure is written.
SAMPLE = ("representations/activations.md", "representations/network.md",
          "error-and-descent/gradient-descent.md", "error-and-descent/losses.md")


def test_two_processes_draw_byte_identical_figures(tmp_path):
    """The same pages drawn in two processes, with different hash seeds, one running the
    chains itself and one on two worker processes, give the same bytes."""
    pages = list(SAMPLE)
    script = tmp_path / "draw.py"
    script.write_text(DRAW_SCRIPT)
    runs = [subprocess.Popen(  # at the same time
        [sys.executable, str(script), str(ROOT), str(jobs), *pages], cwd=tmp_path,
        env=dict(os.environ, PYTHONHASHSEED=str(seed)), stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True) for seed, jobs in ((1, 1), (2, 2))]
    outputs = []
    for run in runs:
        stdout, stderr = run.communicate(timeout=600)
        assert run.returncode == 0, stderr
        outputs.append(json.loads(stdout))
    assert len(outputs[0]) >= 20
    assert outputs[0] == outputs[1]


SERVE_SCRIPT = textwrap.dedent("""\
    import sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    def make(site, command):
        config = load_config("mkdocs.yml", site_dir=site)
        config.plugins.on_startup(command=command, dirty=False)
        build(config)

    def main(command):
        if command == "build":
            make("site-build", "build")
            return
        make("site-serve", "serve")  # first build: nothing to reuse yet
        page = open("docs/page.md").read()
        open("docs/page.md", "w").write(page.replace("Some prose.", "Other prose.")
                                        .replace("x = [1, 2, 3]", "x = [1, 2, 4]"))
        make("site-serve", "serve")  # the rebuild after an edit, as under mkdocs serve
        from bookbuild import serve_cache
        print(serve_cache.enabled(), serve_cache.stats["blocks_reused"],
              serve_cache.stats["pages_reused"])

    if __name__ == "__main__":  # the build's worker processes import this module again
        main(sys.argv[1])
    """)


def test_serve_rebuild_reuses_unchanged_work_and_matches_a_clean_build(tmp_path):
    """Under serve, highlighting and search entries are reused only where nothing changed:
    the rebuild after an edit equals a clean build of the edited book, byte for byte."""
    _write_mini_book(
        tmp_path, PAGE, home="# Home\n\n## A section\n\n```python\nprint('home')\n```\n",
        config="site_url: http://127.0.0.1/\ntheme: material\nplugins: [search]\n"
               "markdown_extensions: [md_in_html, attr_list, pymdownx.superfences,\n"
               "  {pymdownx.highlight: {anchor_linenums: true}}]\n")
    (tmp_path / "script.py").write_text(SERVE_SCRIPT)
    served = run_python(tmp_path, "script.py", "serve")
    assert served.returncode == 0, served.stderr
    enabled, blocks_reused, pages_reused = served.stdout.split()
    # page.md's edited block is new; its three other blocks (one is the expected output)
    # and the home page's block are reused, and the home page's search entries.
    assert (enabled, int(blocks_reused), int(pages_reused)) == ("True", 4, 1)
    built = run_python(tmp_path, "script.py", "build")
    assert built.returncode == 0, built.stderr

    def files(site):
        return {p.relative_to(site): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and not p.name.endswith(".gz")}

    serve_site, build_site = files(tmp_path / "site-serve"), files(tmp_path / "site-build")
    assert serve_site.keys() == build_site.keys()
    changed = [str(p) for p in serve_site if serve_site[p] != build_site[p]]
    assert changed == []
    assert "Other prose." in (tmp_path / "site-build" / "page" / "index.html").read_text()


PARSE_COUNT_SCRIPT = textwrap.dedent("""\
    import collections
    import sys

    sys.path.insert(0, "hooks")
    from bookbuild import page_model
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    calls = collections.Counter()
    parse_page = page_model.parse_page

    def counted(markdown, page="<page>"):
        calls[page] += 1
        return parse_page(markdown, page)

    page_model.parse_page = counted
    if __name__ == "__main__":  # the build's worker processes import this module again
        build(load_config("mkdocs.yml"))
        print(sorted(calls.items()))
    """)


def test_each_page_is_parsed_once_per_build(tmp_path):
    # Figures, numbers, notebooks and the page's HTML all read one page model.
    _write_mini_book(tmp_path, PAGE)
    (tmp_path / "count.py").write_text(PARSE_COUNT_SCRIPT)
    done = run_python(tmp_path, "count.py", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('index.md', 1), ('page.md', 1)]"
    assert (tmp_path / "site" / "notebooks" / "page.ipynb").exists()


@pytest.mark.parametrize("repo_url", ["https://github.com/someone/nnbook", ""])
def test_every_page_links_to_the_issue_tracker_when_the_repository_is_known(tmp_path,
                                                                           repo_url):
    _write_mini_book(tmp_path, "# A page\n\nNo code here.\n", config=(
        "theme: {name: material, custom_dir: overrides, font: false}\n"
        f"site_url: https://example.org/book/\nrepo_url: '{repo_url}'\n"))
    done = mkdocs_build(tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    for page, url in [("page/index.html", "https%3A//example.org/book/page/"),
                      ("index.html", "https%3A//example.org/book/")]:
        html = (tmp_path / "site" / page).read_text()
        if repo_url:
            assert ('<a href="https://github.com/someone/nnbook/issues/new?title='
                    in html), page
            assert f"body=Page%3A%20{url}%0A%0A" in html, page
            assert ">Report a problem with this page</a>" in html
        else:
            assert "Report a problem" not in html
