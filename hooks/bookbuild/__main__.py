"""``python -m bookbuild``: the build's commands. ``data`` makes the data folder (MNIST,
the measurements; ``make setup`` runs it); ``run`` runs the book's code in floating-point
environments:

    python -m bookbuild run --environments second        make test's second environment
    python -m bookbuild run --environments every         make test-fp: every one here
    python -m bookbuild run --environments every PAGE.md ...   these pages only
    python -m bookbuild run --environments every PAGE.md:LINE  the chain that starts there
    python -m bookbuild run --environments every --list  the environments only
    python -m bookbuild run --environments every --spread benchmarks/spread.json   make test-fp

Each chain of the pages with python blocks (and of README.md and MAINTAINING.md) runs apart, as the build
runs it (``--as-notebooks``: each page's chains in order in one namespace, as its
notebook runs them), and must print what the page shows; each lab's cell must print
what it prints in the default environment (its result in the committed store), or, when
its numbers depend on the machine, its "prints" (``run/rounding.py``). Jobs run on one process per
core, the longest first by their last run; a job whose code and environment have not
changed since is not run again. At the end, every block that printed otherwise, with
its page, line and environment; exit status 1 if there is one. With ``--spread``, when
every block prints its page's output, the numbers printed in place of each mark in each
environment are written to that file (``checks/spread.py``).
"""

import argparse
import os
import sys
import time
from pathlib import Path

from .checks import report, spread
from .config import REPOSITORY_PAGES, BuildConfig
from .page import marks
from .page.lab import lab_chain
from .page.model import parse_page
from .run import data_folder, environments, key, rounding
from .run.store import Store

ADVICE = (
    "A block prints otherwise than its page in another floating-point environment: "
    "another reader's machine would print that too. If the build (the default "
    "environment) prints the page's output, the result depends on rounding: print it as "
    "a number marked with the window every environment lands in, or find why it is "
    "chaotic; never change the experiment to steady its digits. If the build fails on it "
    "too, the page's output is out of date.")


def _name(root, path):
    """A page's or a lab's name: its path in docs/, or in the repository."""
    docs = root / "docs"
    return path.relative_to(docs if path.is_relative_to(docs) else root).as_posix()


def _chosen(pages):
    """``(path, line or None)`` of each of ``pages``: a page, a lab, or ``PAGE.md:LINE``,
    the chain of the page whose first block opens at that line."""
    found = []
    for page in map(str, pages):
        path, _, line = page.rpartition(":")
        found.append((Path(path).resolve(), int(line)) if line.isdigit() and path
                     else (Path(page).resolve(), None))
    return found


def jobs(root, pages, as_notebooks=False):
    """The jobs of ``pages`` (all by default: the book's, the repository's and the labs;
    ``PAGE.md:LINE`` for one chain): a job per chain, or per page with ``as_notebooks``,
    and one per lab."""
    docs = root / "docs"
    chosen = _chosen(pages) or [(path, None) for path in [
        *sorted(docs.rglob("*.md")), *(root / name for name in REPOSITORY_PAGES),
        *sorted((docs / "labs").glob("*.ipynb"))]]
    found = []
    for path, line in chosen:
        name = _name(root, path)
        if path.suffix == ".ipynb":
            found.append(rounding.LabJob(name, os.path.relpath(path, root), lab_chain(
                path.read_text(encoding="utf-8")), key.data_digest(root, [])))
            continue
        model = parse_page(path.read_text(encoding="utf-8"), name)
        chains, src_path = model.chains, os.path.relpath(path, root)
        if line is not None:
            if as_notebooks:
                raise SystemExit(f"{name}:{line}: --as-notebooks runs whole pages")
            chains = [chain for chain in chains if chain.fences[0].lineno == line]
            if not chains:
                starts = ", ".join(str(c.fences[0].lineno) for c in model.chains)
                raise SystemExit(f"{name}:{line}: no chain of the page starts there; its "
                                 f"chains start at lines {starts}")
        if as_notebooks and chains:
            data = key.data_digest(root, model.data + [f for c in chains for f in c.data])
            found.append(rounding.PageJob(name, src_path, tuple(chains), data))
        elif chains:
            found += [rounding.PageJob(name, src_path, (chain,),
                                       key.data_digest(root, model.data + chain.data))
                      for chain in chains]
    return found


def lab_references(labs, committed, compute, cache, config):
    """What each lab of ``labs`` prints in the default environment, times aside: its
    result in the committed store, as the build shows it, or computed here (a lab
    changed since the store was brought up to date)."""
    found = []
    for job in labs:
        results = committed.get(key.chain_key(job.chain, compute, job.data))
        found.append(None if results is None else
                     [rounding.DURATION.sub("(a time)", r.output) for r in results])
    todo = [job for job, outputs in zip(labs, found) if outputs is None]
    computed = iter(rounding.run(todo, environments.default(), compute, cache,
                                 config.jobs, config.data_folder)[0])
    return [outputs if outputs is not None else next(computed) for outputs in found]


def lab_differences(job, reference, printed):
    """``"cell N: ..."`` for each code cell of the lab ``job`` that prints otherwise than
    its "prints" (a marked number outside its window, or other text), or, without one,
    otherwise than ``reference``, what the default environment printed."""
    found = []
    for n, (expected, a, b) in enumerate(zip(job.prints or [None] * len(printed),
                                             reference, printed, strict=True), 1):
        if expected is not None:
            found += [f"cell {n}: {problem}"
                      for problem in marks.problems(expected, b, 'its "prints"')]
        elif a != b:
            found.append(f"cell {n}: the default environment prints\n{a}but this one\n{b}")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bookbuild")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("data", help="the data folder: MNIST and the measurements")
    run = commands.add_parser("run", help="the book's code in floating-point environments")
    run.add_argument("--environments", default="second",
                     help="default, second or every, comma-separated (default: second)")
    run.add_argument("--list", action="store_true", help="list the environments only")
    run.add_argument("--as-notebooks", action="store_true",
                     help="each page's chains in order in one namespace, as its notebook")
    run.add_argument("--spread", type=Path, metavar="FILE",
                     help="write each marked number as each environment printed it to FILE")
    run.add_argument("pages", nargs="*", help="Markdown pages or labs (default: all)")
    args = parser.parse_args(argv)
    if args.command == "data":
        return data_folder.make()

    root = Path.cwd()
    config = BuildConfig.read(root / "mkdocs.yml")
    chosen = environments.named(args.environments)
    print(f"{len(chosen)} floating-point environment(s):")
    width = max(len(environment.name) for environment in chosen) + 2
    for environment in chosen:
        print(f"  {environment.name:{width}}{environment.description}")
    if args.list:
        return 0
    todo = jobs(root, args.pages, args.as_notebooks)
    data_folder.copy_measurements(root, config.data_folder)  # as the build does: read there
    compute = key.compute_key(config.sources[0])
    cache = config.cache_dir / "environments"
    committed = Store(config.store_folder)  # its seconds order a first run
    lab_default = lab_references([job for job in todo if isinstance(job, rounding.LabJob)],
                                 committed, compute, cache, config)
    differ, printed_in = [], {}
    for environment in chosen:
        start = time.perf_counter()
        outputs, seconds, count = rounding.run(todo, environment, compute, cache,
                                               config.jobs, config.data_folder,
                                               committed.seconds)
        print(f"{environment.name}: {count} of {len(todo)} jobs run ({seconds:.0f} s of "
              f"their processes), {time.perf_counter() - start:.0f} s", flush=True)
        printed_in[environment.name] = outputs
        references = iter(lab_default or ())
        for job, printed in zip(todo, outputs):
            if isinstance(job, rounding.PageJob):
                stale = report.stale_chains(list(job.chains), printed)
            else:
                stale = lab_differences(job, next(references), printed)
            differ += [f"{job.page}, {line} [{environment.name}]" for line in stale]
    if differ:
        print("\n".join(differ) + "\n" + ADVICE)
        return 1
    print(f"every block prints its page's output in {len(chosen)} environment(s)")
    if args.spread:  # make test-fp: the machines' spread
        entries = spread.entries(todo, printed_in)
        parts = sorted({str(path) for path, line in _chosen(args.pages) if line})
        in_part = jobs(root, parts) if parts else []  # every chain of those pages
        whole = {job.page for job in todo} - {job.page for job in in_part}
        spread.write(args.spread, entries, [(e.name, e.description) for e in chosen],
                     spread.kept(todo, whole, in_part))
        print(f"{args.spread}: {len(entries)} lines with marked numbers")
    return 0


if __name__ == "__main__":
    sys.exit(main())
