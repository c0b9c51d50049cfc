"""Refresh the printed tables of the book's page from a new benchmarks/report.json.

The page docs/appendix/performance.md prints its tables from the report with python
blocks; each output is shown under its block in an expected-output ``text`` fence, which
the book's tests compare with what the block prints. After a new report those fences are
stale, so ``make bench`` runs the page's blocks again, with the build's own parser and
runner (``hooks/bookbuild/``), and writes the outputs in: the page and the report stay in
sync, and a report committed without its page fails the tests.

Usage (from the repository root): ``python benchmarks/sync_page.py``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "appendix" / "performance.md"


def sync(path=PAGE):
    """Rewrite the body of every expected-output fence of ``path``; return how many."""
    sys.path[:0] = [str(ROOT), str(ROOT / "hooks")]
    from bookbuild import block_runner, page_model

    text = path.read_text(encoding="utf-8")
    src = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name
    previous = os.getcwd()
    os.chdir(ROOT)  # the blocks read benchmarks/report.json, like the build and the tests
    try:
        fills = []
        for chain in page_model.parse_page(text, src).chains:
            printed = ""  # a chain is one block to the tests: its outputs run on
            for fence, result in zip(chain.fences, block_runner.run_chain(chain, src, src)):
                printed += result.output
                if fence.expected_lines:
                    fills.append((fence.expected_lines, printed))
    finally:
        os.chdir(previous)
    lines = text.splitlines(keepends=True)
    for (first, end, indent), printed in reversed(fills):
        lines[first:end] = [indent + line if line.strip() else line
                            for line in printed.splitlines(keepends=True)]
    path.write_text("".join(lines), encoding="utf-8")
    return len(fills)


if __name__ == "__main__":
    print(f"sync_page: {sync()} printed outputs refreshed in {PAGE.relative_to(ROOT)}")
