"""Run nnbook's speed benchmarks and write benchmarks/report.json.

Usage (from the repository root; ``make bench`` does this with the repository's .venv)::

    python benchmarks/run.py [--threads 1] [--repeats 7] [--max-load 1.0] [--max-wait 1200]
                             [--only CASE_ID ...]

PyTorch is optional: without it the PyTorch columns are skipped with a message.
"""

import argparse
import datetime
import json
import os
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_OUT = HERE / "report.json"


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=int(os.environ.get("BENCH_THREADS", 1)),
                   help="BLAS threads of numpy and PyTorch in the limited setting (default 1); "
                        "every case is also timed at the libraries' default")
    p.add_argument("--repeats", type=int, default=7, help="timed repeats per implementation")
    p.add_argument("--warmup", type=int, default=1, help="untimed rounds before the repeats")
    p.add_argument("--max-load", type=float, default=1.0,
                   help="wait until the 1-minute load average is below this")
    p.add_argument("--max-wait", type=float, default=1200, help="give up waiting after (s)")
    p.add_argument("--quick", action="store_true", help="2 repeats, no waiting: a smoke test")
    p.add_argument("--out", type=Path, default=DEFAULT_OUT,
                   help="the report (the default also refreshes the book page's tables)")
    p.add_argument("--only", action="append", metavar="CASE_ID",
                   help="measure only this case (repeatable); the other cases of the report "
                        "at --out are kept as they were measured")
    args = p.parse_args(argv)
    if args.quick:
        args.repeats, args.max_wait = 2, 0
    return args


def default_threads():
    """Start numpy's BLAS and PyTorch with their own default threads (one per core), as a
    reader's Python does: without the variables that ``make`` sets for the book's runs."""
    from settings import THREAD_VARIABLES

    for var in THREAD_VARIABLES:
        os.environ.pop(var, None)


def wait_for_low_load(max_load, max_wait, poll=30):
    """Sleep until the 1-minute load average is below ``max_load`` or ``max_wait`` passes."""
    start = time.monotonic()
    while True:
        load = os.getloadavg()[0]
        waited = time.monotonic() - start
        if load < max_load or waited >= max_wait:
            return {"threshold_1min": max_load, "waited_seconds": round(waited),
                    "below_threshold_at_start": load < max_load}
        print(f"bench: 1-minute load {load:.2f} >= {max_load}: waiting "
              f"({waited:.0f} s of at most {max_wait:.0f} s)", flush=True)
        time.sleep(min(poll, max(1.0, max_wait - waited)))


def chapter_digits():
    """The convolutional network chapter's training images (N, 1, 28, 28) and labels: the
    50,000 of the official split's training part."""
    from bookbuild.run import data_folder
    from nnbook.datasets import mnist

    train = mnist("train", path=data_folder.ensure())
    return train.images[:, None], train.y


def merge(old, new, order):
    """``new``, a report of some cases only, merged into ``old``: the other cases and
    their notes stay as ``old`` has them, in the order of the case ids ``order``; each
    case keeps its own ``measured`` date and load."""
    titles = {case["title"] for case in new["cases"]}
    cases = {case["id"]: case for case in old["cases"]}
    cases.update({case["id"]: case for case in new["cases"]})
    merged = dict(old)
    merged["cases"] = [cases[i] for i in order if i in cases]
    merged["notes"] = [n for n in old["notes"]
                       if not any(n.startswith(t + ":") for t in titles)] + new["notes"]
    return merged


def main(argv=None):
    args = parse_args(argv)
    default_threads()
    import numpy as np  # noqa: F401  (after the thread variables are gone)

    import nnbook
    from cases import CONV_CASES, CONVNET_CASES, DENSE_CASES, READER_CASES
    from environment import blas, libraries, load_average, machine
    from measure import measure_conv, measure_convnet, measure_dense, print_summary

    every = [(measure_dense, c) for c in DENSE_CASES + READER_CASES]
    every += [(measure_conv, c) for c in CONV_CASES]
    every += [(lambda case, torch, args: measure_convnet(case, torch, args, chapter_digits()), c)
              for c in CONVNET_CASES]
    ids = [case["id"] for _, case in every]
    unknown = set(args.only or []) - set(ids)
    if unknown:
        raise SystemExit(f"bench: no case {sorted(unknown)}; the cases are {ids}")
    chosen = [(measure, case) for measure, case in every
              if not args.only or case["id"] in args.only]

    try:
        import torch
    except ImportError:
        torch = None
        print("bench: PyTorch is not installed: its columns are skipped "
              "(pip install torch to compare)", flush=True)
    import threadpoolctl

    blas_threads = max(pool["num_threads"] for pool in threadpoolctl.threadpool_info()
                       if pool["user_api"] == "blas")
    load = wait_for_low_load(args.max_load, args.max_wait)
    load["before"] = load_average()
    started = time.time()
    cases = [measure(case, torch, args) for measure, case in chosen]
    load["after"] = load_average()
    created = datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")
    for case in cases:
        case["measured"] = {"created": created, "load_average": load}
    report = {
        "created": created,
        "command": "make bench  (.venv/bin/python benchmarks/run.py)",
        "seconds_to_run": round(time.time() - started, 1),
        "machine": machine(),
        "load_average": load,
        "libraries": libraries(torch),
        "nnbook_path": str(Path(nnbook.__file__).parent.relative_to(ROOT)),
        "threads": {"limited": args.threads, "default_blas": blas_threads,
                    "default_torch": torch.get_num_threads() if torch else None},
        "blas": blas(torch),
        "method": {
            "repeats": args.repeats, "warmup_rounds": args.warmup,
            "order": "interleaved: nnbook, nnbook with BLAS threads limited, per_example, "
                     "per_example limited, ..., then nnbook again (one round each)",
            "threads": "each implementation at the libraries' default threads and with "
                       "threads limited (threadpoolctl, torch.set_num_threads) in the same "
                       "rounds; 'results' and 'speedups' are the limited setting's, "
                       "'default_threads' the default's",
            "timer": "time.perf_counter; garbage collector off during each timed run",
            "statistics": "median and min-max over the repeats; a ratio (speedup) is "
                          "t_other / t_nnbook taken repeat by repeat in the same round",
            "epoch": "seconds per epoch = seconds for examples_timed examples x "
                     "50,000 / examples_timed (the same examples for every implementation)",
        },
        "cases": cases,
        "notes": [n for case in cases for n in case.pop("notes")],
    }
    general = []
    if not load["below_threshold_at_start"]:
        general.append(f"The machine stayed busy: the 1-minute load was {load['before'][0]} "
                       "when measuring started.")
    if torch is None:
        general.append("PyTorch was not installed: the PyTorch columns are skipped.")
    if args.only:  # the notes of a case measured on its own say so, and name it
        general = [f"{case['title']}: {note}" for note in general for case in cases]
        report["notes"] = general + report["notes"]
        if not args.out.is_file():
            raise SystemExit(f"bench: --only needs an earlier report at {args.out}")
        report = merge(json.loads(args.out.read_text(encoding="utf-8")), report, ids)
    else:
        report["notes"] = general + report["notes"]
    args.out.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print_summary(report)
    print(f"bench: report written to {args.out}")
    if args.out.resolve() == DEFAULT_OUT:
        from sync_page import PAGE, sync

        print(f"bench: {sync()} printed tables refreshed in {PAGE.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
