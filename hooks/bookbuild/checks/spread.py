"""The machines' spread: each marked number as every floating-point environment printed it.

``make test-fp`` runs the book in every environment of this processor and, when every
block prints its page's output, writes what each printed in place of each mark
(``page/marks.py``) to ``benchmarks/spread.json`` (``python -m bookbuild run --spread``),
a committed file like the speed measurements beside it. An entry is an output line with
marks (of a lab, ``line`` is its code cell's number)::

    {"page": "learning/digits.md", "line": 1473,
     "text": "... mean {{95.49 in 95..96}}% ...",
     "printed": {"OpenBLAS Prescott": ["95.47"], ...}}

A run of some pages replaces their entries and keeps the others'; a run of one chain
of a page replaces that chain's, moves the page's others to the lines that now read
their text, and drops those that no line reads any more (a changed window). The famous
numbers chapter draws its figure of the spread from the file.
"""

import json

from ..page import marks


def marked_lines(chains, printed=None):
    """``[((line, text), [number, ...]), ...]``: each line with marks of the output fences
    of ``chains`` (its line on the page, its text) and the numbers printed in its marks.
    What a chain printed is its fences' results, or ``printed``, what each fence printed
    in order, as ``report.stale_chains`` takes it. An output that differs from its page
    outside the marks gives nothing."""
    found, outputs = [], iter(printed or ())
    for chain in chains:
        got = None if printed is None else [next(outputs) for _ in chain.fences]
        for fence, shown in chain.shown(got):
            found += [((_first_line(fence) + n, text), numbers)
                      for n, text, numbers in _lines(fence.expected.text, shown)]
    return found


def _first_line(fence):
    """The page's line of the first line of ``fence``'s output fence."""
    return fence.expected.block.lineno + 1


def _lines(expected, shown):
    """``(n, text, numbers)`` for each line ``n`` (from 0) with marks of the output
    ``expected``, and the numbers ``shown`` prints in them; nothing when ``shown`` differs
    outside the marks."""
    if marks.printed_numbers(expected, shown) is None:
        return []
    return [(n, text, [value for _, value in numbers]) for n, (text, line) in
            enumerate(zip(expected.splitlines(), shown.splitlines(), strict=True))
            if (numbers := marks.printed_numbers(text, line))]


def lab_lines(job, printed):
    """As :func:`marked_lines`, for a lab (``run/rounding.LabJob``) and what its cells
    printed: the line is the code cell's number (from 1)."""
    return [((n, text), numbers)
            for n, (expected, shown) in enumerate(zip(job.prints, printed), 1)
            if expected is not None for _, text, numbers in _lines(expected, shown)]


def entries(jobs, outputs_by_environment):
    """The file's entries for ``jobs`` (``run/rounding.PageJob`` or ``LabJob``), from what
    each environment printed: ``{name: [printed per job]}``."""
    lines = {}
    for name, outputs in outputs_by_environment.items():
        for job, printed in zip(jobs, outputs, strict=True):
            found = (lab_lines(job, printed) if hasattr(job, "prints")
                     else marked_lines(job.chains, printed))
            for (line, text), numbers in found:
                entry = lines.setdefault((job.page, line), {
                    "page": job.page, "line": line, "text": text, "printed": {}})
                entry["printed"][name] = numbers
    return [lines[where] for where in sorted(lines)]


def _marked(chains):
    """``{(line, text)}``: the lines with marks of the output fences of ``chains``."""
    return {(_first_line(fence) + n, text)
            for chain in chains for fence in chain.fences if fence.expected
            for n, text in enumerate(fence.expected.text.splitlines()) if marks.marks(text)}


def marked_texts(job):
    """``{(line, text)}`` of the marked lines of a job's page or lab, as the file keys
    them (a lab's line is its code cell's number)."""
    if hasattr(job, "prints"):
        return {(n, text) for n, expected in enumerate(job.prints, 1) if expected is not None
                for text in expected.splitlines() if marks.marks(text)}
    return _marked(job.chains)


def kept(jobs, whole, pages=()):
    """Which of the file's entries a run of ``jobs`` keeps: ``{page: None}`` (none) for
    each page run ``whole`` (a set of page names); for a page run a chain at a time, the
    ``(line, text)`` of its other marked lines, from ``pages``, the jobs of every chain of
    those pages (:func:`write` keeps each entry at the line that now reads its text)."""
    found = {job.page: None for job in jobs if job.page in whole}
    for page in {job.page for job in jobs} - set(found):
        found[page] = (_marked(chain for job in pages if job.page == page for chain in job.chains)
                       - _marked(chain for job in jobs if job.page == page
                                 for chain in job.chains))
    return found


def _moved(entries, lines):
    """The ``entries`` of one page that its marked ``lines`` (``{(line, text)}``) still
    read, each at its line now: prose added above a chain moves its lines, a changed window
    leaves its old entry no line to read."""
    found = {}
    for entry in entries:
        where = [line for line, text in lines if text == entry["text"]]
        line = entry["line"] if entry["line"] in where else where[0] if len(where) == 1 else None
        if line is not None:
            found.setdefault(line, {**entry, "line": line})  # one entry a line
    return list(found.values())


def write(path, new, environments, keeping):
    """Write ``new`` entries to the JSON file ``path``, with those of its entries that
    ``keeping`` (:func:`kept`) keeps, and every entry of a page it does not name;
    ``environments`` are ``(name, description)`` of the run. The file's list of
    environments describes every
    one its entries were printed in: those the file described, in its order, then the
    run's others (a run of some pages on another processor may lack some of the file's
    environments, or have more)."""
    old = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    still = [entry for entry in old.get("entries", []) if entry["page"] not in keeping]
    for page, lines in keeping.items():
        still += _moved([entry for entry in old.get("entries", []) if entry["page"] == page],
                        lines or set())
    entries = sorted(still + new, key=lambda e: (e["page"], e["line"]))
    described = {e["name"]: e["description"] for e in old.get("environments", [])}
    for name, description in environments:
        described.setdefault(name, description)
    used = {name for entry in entries for name in entry.get("printed", {})}
    used.update(name for name, _ in environments)
    data = {"environments": [{"name": name, "description": description}
                             for name, description in described.items() if name in used],
            "entries": entries}
    partial = path.with_suffix(".partial")  # never a half-written file under the name
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    partial.replace(path)
