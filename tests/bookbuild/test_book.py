"""A build of the book (``pipeline.Book``, driven by the book's MkDocs plugin): figures placed,
what a reader could not trust stopping the build with page and line, each page parsed
once, the state of a build held by its Book."""

import os
import re
import textwrap

import pytest

from bookbuild import errors, pipeline
from bookbuild.checks import report
from bookbuild.page import model
from bookbuild.config import BuildConfig

from .helpers import SMALL_PAGE, run_python
from ..paths import ROOT


def _book():
    return pipeline.Book(BuildConfig(ROOT, figure_cache=False, store="off"))


def test_a_folded_figure_comes_first_and_its_block_collapsed_under_it():
    folded = SMALL_PAGE.replace("caption: A line.\n", "caption: A line.\ncode: folded\n")
    book = _book()
    book.add_page("page.md", folded)
    markdown = book.page_markdown("page.md", folded, lambda uri: f"../{uri}")
    # The figure's markup (figures/markup.py), its files' addresses from the page ...
    figure = markdown.index('<figure class="nb-figure')
    assert markdown.index("Some prose.") < figure
    assert '<img src="../figures/page/1.svg#only-light"' in markdown[figure:]
    assert '<img src="../figures/page/1-dark.svg#only-dark"' in markdown[figure:]
    assert 'srcset="../figures/page/1-narrow.svg"' in markdown[figure:]
    # ... then the code that drew it, collapsed.
    assert textwrap.dedent("""\
        </figure>

        ??? example "Code of the figure"

            Continues the previous block.
            {: .nb-cont }

            ```python
            plt.plot(x)
            plt.show()
            ```

        """) in markdown
    # The tests' markers stay out of the site: in a box they would be empty paragraphs.
    assert "pytest-codeblocks" not in markdown
    with pytest.raises(model.BlockSyntaxError, match="takes folded, got 'open'"):
        model.parse_page(folded.replace("code: folded", "code: open"), "page.md")


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
    book = _book()
    book.add_page("p.md", page)
    found = report.stale_outputs(book.pages.values())
    assert bool(found) == stale, found
    if stale:
        assert found[0].startswith("p.md: line 3: the page shows\n")
        with pytest.raises(errors.BuildError, match="printed outputs that differ"):
            book.check()
    else:
        book.check()


def test_a_book_publishes_its_figures_exports_and_notebooks_and_logs_its_work():
    book = _book()
    book.add_pages([("page.md", SMALL_PAGE), ("prose.md", "# Prose\n\nNo code.\n")])
    uris = [uri for uri, _ in book.published_files()]
    # A 6.4-inch figure comes drawn for a phone's column too (figures/narrow.py).
    assert uris == ["figures/page/1.svg", "figures/page/1-dark.svg",
                    "figures/page/1-narrow.svg", "figures/page/1-narrow-dark.svg",
                    "notebooks/page.ipynb"]
    summary, timings = book.summary()
    assert summary.startswith("figures: 1 drawn, 0 reused from the cache; 2 code chains run")
    assert len(timings) == 2 and timings[0].startswith("chain page.md:")


def test_the_build_places_the_figure_with_alt_and_caption(small_book):
    result = small_book.build()
    assert result.returncode == 0, result.stderr
    assert "figures: 1 drawn, 0 reused" in result.stderr
    html = small_book.html()
    assert 'src="../figures/page/1.svg#only-light"' in html
    assert 'src="../figures/page/1-dark.svg#only-dark"' in html
    # A phone gets the narrow drawing: the image is the picture's own child, no link of
    # the lightbox's between them.
    assert re.findall(r'<picture><source media="[^"]+" srcset="([^"]+)"[^>]*><img src="([^"]+)"',
                      html) == [("../figures/page/1-narrow.svg", "../figures/page/1.svg#only-light"),
                                ("../figures/page/1-narrow-dark.svg",
                                 "../figures/page/1-dark.svg#only-dark")]
    assert 'alt="A rising line through three points, drawn in blue."' in html
    assert "<figcaption>A line.</figcaption>" in html
    assert html.count('<p class="nb-cont">Continues the previous block.</p>') == 1
    light, dark = ((small_book.root / "site" / "figures" / "page" / name).read_text()
                   for name in ("1.svg", "1-dark.svg"))
    assert "fill: #ffffff" in light and "fill: #ffffff" not in dark  # transparent
    assert "#333333" in light and "#333333" not in dark  # the ticks' grey, turned over
    assert not (small_book.root / "site" / "javascripts" / "mathjax").exists()


def test_a_raising_block_fails_the_build_naming_page_and_block(small_book):
    result = small_book.build("# P\n\n```python\nraise RuntimeError('boom')\n```\n")
    assert result.returncode != 0
    assert "page.md: the python block at line 3 raised RuntimeError: boom" in result.stderr


@pytest.mark.parametrize("page, heading, line", [
    ("# P\n\n```python\nprint(f'{0.9753:.1%}')\n```\n\n"
     "<!--pytest-codeblocks:expected-output-->\n```text\n97.5%\n```\n\n"
     "Right on 97.5% of the digits, in 4.2 s.\n",
     "numbers of the prose that no block of their section prints or draws",
     "page.md: line 12: 4.2 s"),
    ("# P\n\n## A\n\n```python\nprint(0.982)\n```\n\n"
     "<!--pytest-codeblocks:expected-output-->\n```text\n0.982\n```\n\n"
     "## B\n\nSure of 0.98 or more.\n",
     "numbers of the prose that no block of their section prints or draws",
     "page.md: line 16: 0.98 (shown in ## A (#a))"),
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
], ids=["unbacked number", "number another section prints", "unreadable figure text",
        "stale output"])
def test_what_a_reader_cannot_trust_fails_the_build_naming_page_and_line(small_book, page,
                                                                         heading, line):
    result = small_book.build(page)
    assert result.returncode != 0
    assert heading in result.stderr
    found = result.stderr.split(heading)[1]
    assert line in found
    assert "97.5%" not in found  # a printed number is backed


def test_a_wrong_setting_fails_the_build_naming_it(small_book, monkeypatch):
    monkeypatch.setenv("NNBOOK_BUILD_JOBS", "many")
    done = small_book.build()
    assert done.returncode != 0
    assert "NNBOOK_BUILD_JOBS must be a whole number >= 1, got 'many'" in done.stderr


PARSE_COUNT_SCRIPT = textwrap.dedent("""\
    import collections

    from bookbuild.page import model
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    calls = collections.Counter()
    parse_page = model.parse_page

    def counted(markdown, page="<page>"):
        calls[page] += 1
        return parse_page(markdown, page)

    model.parse_page = counted
    if __name__ == "__main__":  # the build's worker processes import this module again
        build(load_config("mkdocs.yml"))
        print(sorted(calls.items()))
    """)


def test_each_page_is_parsed_once_per_build(small_book):
    # Figures, numbers, notebooks and the page's HTML all read one page model.
    small_book.write()
    (small_book.root / "count.py").write_text(PARSE_COUNT_SCRIPT)
    done = run_python(small_book.root, "count.py", timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[('index.md', 1), ('page.md', 1)]"
    assert (small_book.root / "site" / "notebooks" / "page.ipynb").exists()


@pytest.mark.parametrize("repo_url", ["https://github.com/someone/nnbook", ""])
def test_every_page_links_to_the_issue_tracker_when_the_repository_is_known(small_book,
                                                                           repo_url):
    done = small_book.build("# A page\n\nNo code here.\n", config=(
        "theme: {name: material, custom_dir: overrides, font: false}\n"
        f"site_url: https://example.org/book/\nrepo_url: '{repo_url}'\n"))
    assert done.returncode == 0, done.stderr
    for page, url in [("page/index.html", "https%3A//example.org/book/page/"),
                      ("index.html", "https%3A//example.org/book/")]:
        html = small_book.html(page)
        if repo_url:
            assert ('<a href="https://github.com/someone/nnbook/issues/new?title='
                    in html), page
            assert f"body=Page%3A%20{url}%0A%0A" in html, page
            assert ">Report a problem with this page</a>" in html
        else:
            assert "Report a problem" not in html


def test_a_page_that_declares_data_gets_the_data_folder_made_and_no_step_sets_the_environment(
        tmp_path, monkeypatch):
    """No hidden order: the blocks of a page that declares data read the data folder as
    this build made it, whether or not the site's files were listed first, and neither
    step leaves NNBOOK_DATA in the process."""
    monkeypatch.setenv("NNBOOK_DATA", "the reader's own")
    for name in ("node_modules", "package-lock.json"):
        (tmp_path / name).symlink_to(ROOT / name)
    (tmp_path / ".cache" / "data").mkdir(parents=True)
    (tmp_path / ".cache" / "data" / "mnist.npz").symlink_to(ROOT / ".cache" / "data" /
                                                            "mnist.npz")
    (tmp_path / "benchmarks").mkdir()
    (tmp_path / "benchmarks" / "report.json").write_text('{"new": true}\n')
    (tmp_path / "benchmarks" / "spread.json").write_text('{"entries": []}\n')
    page = ("# P\n\n<!-- data\nbenchmarks/report.json\n-->\n\n```python\nimport os\n"
            "from pathlib import Path\n"
            "print((Path(os.environ['NNBOOK_DATA']) / 'report.json').read_text())\n```\n")
    book = pipeline.Book(BuildConfig(tmp_path, figure_cache=False))
    [built] = book.add_pages([("p.md", page)])
    assert built.model.fences[0].result.output == '{"new": true}\n\n'
    assert os.environ["NNBOOK_DATA"] == "the reader's own"
    served = dict(book.make_site_files())
    assert served["data/report.json"] == tmp_path / ".cache" / "data" / "report.json"
    assert served["data/spread.json"] == tmp_path / ".cache" / "data" / "spread.json"
    assert "data/mnist.npz" in served and not [u for u in served if "mathjax" in u]
    assert os.environ["NNBOOK_DATA"] == "the reader's own"


def test_only_a_build_error_stops_the_build_with_its_message_and_a_bug_keeps_its_traceback():
    from mkdocs.exceptions import PluginError

    from bookbuild.mkdocs_glue import plugin
    for stop in (errors.BuildError("a page: what to do"),
                 model.BlockSyntaxError("a page: what to do")):
        with pytest.raises(PluginError, match="a page: what to do"), plugin._stops():
            raise stop
    with pytest.raises(ValueError, match="a bug") as info, plugin._stops():
        raise ValueError("a bug")
    assert not isinstance(info.value, PluginError)


def test_a_number_marked_as_the_machine_s_is_shown_as_printed_and_marked(small_book):
    """The site shows the number the build printed (here not the one the page shows),
    in a span whose title gives its window, and the window again under the output for
    readers who cannot hover (a phone, a screen reader, paper); the search index has
    the number."""
    page = ("# P\n\n```python\nprint(f'accuracy {0.1 + 0.2:.2f} after 3 epochs')\n```\n\n"
            "<!--pytest-codeblocks:expected-output-->\n"
            "```text\naccuracy {{0.35 in 0.25..0.4}} after 3 epochs\n```\n")
    result = small_book.build(page)
    assert result.returncode == 0, result.stderr
    html = small_book.html()
    assert ('accuracy <span class="nb-machine" title="depends on the machine: every set-up '
            'tested prints from 0.25 to 0.4">0.30</span> after 3 epochs') in html
    assert "{{" not in html
    assert ('<p class="nb-machine-note">Depends on the machine; in brackets, the range every '
            "set-up tested prints: 0.30 (0.25 to 0.4).</p>") in html
    index = (small_book.root / "site" / "search" / "search_index.json").read_text()
    assert "accuracy 0.30 after 3 epochs" in index
