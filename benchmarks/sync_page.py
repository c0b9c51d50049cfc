"""Refresh the printed tables of the book's page from a new benchmarks/report.json.

The page docs/appendix/performance.md prints its tables from the report with python
blocks; each output is shown under its block in an expected-output ``text`` fence, which
the book's tests compare with what the block prints. After a new report those fences are
stale, so ``make bench`` runs every block of the page again and writes the outputs in:
the page and the report stay in sync, and a report committed without its page fails the
tests.

Usage (from the repository root): ``python benchmarks/sync_page.py``.
"""

import contextlib
import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "appendix" / "performance.md"
MARKER = "<!--pytest-codeblocks:expected-output-->"


def _outputs(path):
    """Run each python block of ``path`` as the tests do; return {first line: stdout}."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from pytest_codeblocks import extract_from_file

    outputs = {}
    for block in extract_from_file(path):
        if block.syntax != "python":
            continue
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block.code, str(path), "exec"), {"__name__": "__main__"})
        plt.close("all")
        outputs[block.lineno] = out.getvalue()
    return outputs


def sync(path=PAGE):
    """Rewrite the body of every expected-output fence of ``path``; return how many."""
    previous = os.getcwd()
    os.chdir(ROOT)  # the blocks read benchmarks/report.json, like the build and the tests
    try:
        outputs = _outputs(path)
    finally:
        os.chdir(previous)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    result, i, count = [], 0, 0
    while i < len(lines):
        result.append(lines[i])
        if lines[i].strip() != MARKER:
            i += 1
            continue
        # The output belongs to the last block that starts before the marker.
        owner = max(start for start in outputs if start < i + 1)
        j = i + 1
        while not lines[j].lstrip().startswith("```"):
            result.append(lines[j])
            j += 1
        result.append(lines[j])  # the opening ```text fence
        k = j + 1
        while not lines[k].lstrip().startswith("```"):
            k += 1
        result.extend(outputs[owner].splitlines(keepends=True))
        result.append(lines[k])  # the closing fence
        i, count = k + 1, count + 1
    path.write_text("".join(result), encoding="utf-8")
    return count


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    print(f"sync_page: {sync()} printed outputs refreshed in {PAGE.relative_to(ROOT)}")
