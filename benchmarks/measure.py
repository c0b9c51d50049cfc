"""Time one case, check its implementations agree, compare with its targets."""

import time

import numpy as np

import conv_bench
import convnet_bench
import dense_bench
from cases import EPOCH, WHY_MISSED
from settings import busy_cores, threads, usable_cores
from timing import interleaved, ratios, summary

NAMES = {"nnbook": "nnbook", "per_example": "per-example loop", "bare_numpy": "bare numpy",
         "same_work": "same-work loop", "torch": "PyTorch (CPU)"}
TORCH_MISSING = "skipped: PyTorch is not installed"


def _compare(case, times, scale, unit):
    """Results, speedups and targets of one case from the raw times of each implementation."""
    wanted = case.get("implementations", NAMES)  # a case may leave PyTorch out
    results = {name: (summary(times[name], scale) if name in times else None)
               for name in NAMES if name in times or name == "torch" in wanted}
    speedups = {f"{name}/nnbook": ratios(times, name, "nnbook")
                for name in times if name != "nnbook"}
    if "bare_numpy" in times:  # how far batching alone goes, whatever the library
        speedups["per_example/bare_numpy"] = ratios(times, "per_example", "bare_numpy")
    if "same_work" in times:  # what nnbook's promises cost, without the library
        speedups["bare_numpy/same_work"] = ratios(times, "bare_numpy", "same_work")
    targets, notes = [], []
    for other, at_least, text in case["targets"]:
        key = f"{other}/nnbook"
        if key not in speedups:
            targets.append({"target": text, "speedup": key, "at_least": at_least,
                            "median": None, "met": None, "status": TORCH_MISSING})
            continue
        median = speedups[key]["median"]
        met = median >= at_least
        targets.append({"target": text, "speedup": key, "at_least": at_least,
                        "median": median, "met": met})
        if not met:
            notes.append(
                f"{case['title']}: target '{text}' missed: speedup {median:.2f} against "
                f"{NAMES[other]} (needs {at_least:.2f}), short by a factor "
                f"{at_least / median:.2f}. {WHY_MISSED.get((case['id'], other), '')}"
                f"{SAME_RUN[other](speedups) if other in SAME_RUN else ''}".strip())
    torch = ("measured" if "torch" in times else TORCH_MISSING if "torch" in wanted
             else "not part of this case")
    return {"unit": unit, "results": results, "speedups": speedups, "targets": targets,
            "notes": notes, "torch": torch}


def _floor(speedups):
    # The same run's bare numpy loop: how much of a miss is nnbook's, how much batching's.
    if "per_example/bare_numpy" not in speedups:
        return ""
    floor = speedups["per_example/bare_numpy"]["median"]
    cost = 1 / speedups["bare_numpy/nnbook"]["median"]
    return (f" Measured in the same run: the bare numpy loop, the same batched step with no "
            f"library around it, is {floor:.2f}x faster than the per-example loop, and "
            f"nnbook takes {cost:.2f}x the bare loop's time.")


def _promised(speedups):
    # The same run's same-work loop: how much of a miss is nnbook's arithmetic, how much
    # the library around it.
    if "bare_numpy/same_work" not in speedups:
        return ""
    work = 1 / speedups["bare_numpy/same_work"]["median"]
    library = speedups["same_work/nnbook"]["median"]
    return (f" Measured in the same run: the same-work loop, nnbook's arithmetic with no "
            f"library around it, takes {work:.2f}x the bare loop's time, and nnbook "
            f"{1 / library:.2f}x the same-work loop's.")


# What a miss against an implementation adds from the same run's other speedups.
SAME_RUN = {"per_example": _floor, "bare_numpy": _promised}


def _timed(case, runs, torch, args):
    """Every implementation of ``runs`` timed with BLAS limited to ``args.threads`` and
    at the libraries' default, interleaved in the same rounds (so that the ratio of the
    two settings is taken repeat by repeat), with other processes
    spinning on every core but one if the case asks (``load``). Returns the times of each setting and, per
    implementation, its time at the default over its time limited."""
    both = {}
    for name, run in runs.items():
        both[name] = run  # the default: the pools as the libraries start them
        both[name + "@limited"] = lambda run=run: _limited(run, args.threads, torch)
    with busy_cores(_busy(case)):
        times = interleaved(both, args.repeats, args.warmup)
    default = {name: times[name] for name in runs}
    limited = {name: times[name + "@limited"] for name in runs}
    return limited, default, {name: ratios(times, name, name + "@limited") for name in runs}


def _busy(case):
    return usable_cores() - 1 if case.get("load") else 0


def _limited(run, n, torch):
    with threads(n, torch):
        run()


def _both_settings(case, times, scale, unit):
    """The report's entry of a case: the limited setting's results as the book's tables
    read them, and ``default_threads``, the same at the libraries' default."""
    limited, default, default_over_limited = times
    out = _compare(case, limited, scale, unit)
    at_default = _compare(case, default, scale, unit)
    out["default_threads"] = {key: at_default[key] for key in ("results", "speedups", "targets")}
    out["default_over_limited"] = default_over_limited
    return out


def measure_dense(case, torch, args):
    print(f"bench: {case['title']} ...", flush=True)
    X, Y = dense_bench.make_data(EPOCH, case["sizes"][0], case["sizes"][-1], case["seed"])
    runs, check = dense_bench.setup(case, torch, X, Y)
    runs = {name: run for name, run in runs.items() if name in case.get("implementations", runs)}
    times = _timed(case, runs, torch, args)
    scale = EPOCH / case["examples_timed"]
    out = {key: case[key] for key in ("id", "title", "short", "sizes", "batch_size",
                                      "examples_timed")}
    out.update(kind=case.get("kind", "dense"), start=case.get("start", "nnbook"),
               busy_cores=_busy(case), activation="sigmoid", cost="squared error",
               eta=case["eta"],
               nnbook_lr=case["eta"] * case["sizes"][-1] / 2, torch_loss="MSELoss(reduction='mean')",
               mini_batches_timed=-(-case["examples_timed"] // case["batch_size"]),
               epoch_examples=EPOCH,
               scale_to_epoch=scale, same_training=check)
    out.update(_both_settings(case, times, scale, "seconds per epoch of 50,000 examples"))
    out["full_epoch_nnbook_seconds"] = _full_epoch(case, X, Y)
    return out


def _full_epoch(case, X, Y):
    # One real epoch over all 50,000 examples, once: a check on the scaling of the others.
    run = dense_bench.NnbookRun(case["sizes"], case["eta"], case["batch_size"], case["seed"],
                                case.get("start", "nnbook"))
    rng = np.random.default_rng(3)
    start = time.perf_counter()
    run.train(X, Y, rng)
    return time.perf_counter() - start


def measure_conv(case, torch, args):
    print(f"bench: {case['title']} ...", flush=True)
    runs, check = conv_bench.setup(case, torch)
    times = _timed(case, runs, torch, args)
    out = {key: case[key] for key in ("id", "title", "short", "x", "filters", "padding")}
    out.update(kind="conv", dtype="float64", agreement_with_torch=check)
    out.update(_both_settings(case, times, 1.0, "seconds per forward + backward"))
    return out


def measure_convnet(case, torch, args, data):
    """One epoch of the chapter's network on ``data`` (images (N, 1, 28, 28), labels)."""
    print(f"bench: {case['title']} ...", flush=True)
    X, y = data
    n_timed = case["examples_timed"]
    runs, check = convnet_bench.setup(case, torch, X[:n_timed], y[:n_timed])
    times = _timed(case, runs, torch, args)
    out = {key: case[key] for key in ("id", "title", "short", "lr", "batch_size",
                                      "examples_timed")}
    out.update(kind="convnet", dtype="float64", layers=repr(convnet_bench.nnbook_model(0)),
               loss="cross-entropy (nnbook.CrossEntropy, torch CrossEntropyLoss)",
               optimizer="Adam", epoch_examples=len(X),
               mini_batches_timed=-(-n_timed // case["batch_size"]),
               scale_to_epoch=len(X) / n_timed, same_training=check)
    out.update(_both_settings(case, times, len(X) / n_timed,
                              f"seconds per epoch of {len(X):,} images"))
    return out


def print_summary(report):
    for case in report["cases"]:
        print(f"\n{case['title']}  ({case['unit']}, median [min-max])")
        for name, r in case["results"].items():
            shown = TORCH_MISSING if r is None else \
                f"{r['median']:.4g} [{r['min']:.4g}-{r['max']:.4g}]"
            print(f"  {NAMES[name]:18} {shown}")
        for t in case["targets"]:
            verdict = t.get("status") or (f"speedup {t['median']:.2f} (needs {t['at_least']:.2f})"
                                          f": {'met' if t['met'] else 'MISSED'}")
            print(f"  target: nnbook {t['target']}: {verdict}")
    for note in report["notes"]:
        print("note:", note)
