"""Refresh the printed tables of the book's page from a new benchmarks/report.json.

The page docs/appendix/performance.md prints its tables from the report with python
blocks; each output is shown under its block in an expected-output ``text`` fence, which
the book's tests compare with what the block prints. After a new report those fences are
stale, so ``make bench`` runs the page's blocks again, with the build's own parser and
runner (``hooks/bookbuild/page/`` and ``run/``), and writes the outputs in: the page and
the report stay in sync, and a report committed without its page fails the tests.

Usage (from the repository root): ``python benchmarks/sync_page.py``.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "appendix" / "performance.md"


def sync(path=PAGE):
    """Rewrite the body of every expected-output fence of ``path``; return how many."""
    from bookbuild.page import model as page_model
    from bookbuild.run import data_folder, execute

    text = path.read_text(encoding="utf-8")
    src = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    page = page_model.parse_page(text, src)
    # The blocks read report.json in the book's data folder (NNBOOK_DATA, for their runs
    # only), as in the build: the copy there is brought up to date with the new report first.
    folder = data_folder.OUT.parent
    data_folder.copy_measurements(ROOT, folder)
    for chain in page.chains:
        for fence, result in zip(chain.fences, execute.run_chain(chain, src, src, folder)):
            fence.result = result
    path.write_text(page_model.with_printed_outputs(page), encoding="utf-8")
    return sum(fence.expected is not None for fence in page.fences)


if __name__ == "__main__":
    print(f"sync_page: {sync()} printed outputs refreshed in {PAGE.relative_to(ROOT)}")
