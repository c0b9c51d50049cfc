"""Interleaved repeats: A, B, C, A, B, C, ... so that a change in the machine's load hits
every implementation alike, and ratios are taken repeat by repeat within one run."""

import gc
import statistics
import time


def interleaved(runs, repeats, warmup=1):
    """Time each callable of ``runs`` (name -> f) ``repeats`` times, interleaved.

    ``warmup`` untimed rounds come first (caches, BLAS buffers, lazy imports). Returns
    name -> list of seconds, one per repeat. The garbage collector is off while timing.
    """
    for _ in range(warmup):
        for f in runs.values():
            f()
    times = {name: [] for name in runs}
    for _ in range(repeats):
        for name, f in runs.items():
            gc.collect()
            gc.disable()
            try:
                start = time.perf_counter()
                f()
                times[name].append(time.perf_counter() - start)
            finally:
                gc.enable()
    return times


def summary(values, scale=1.0):
    """Median, min and max of ``values`` times ``scale``, plus the raw values."""
    scaled = [v * scale for v in values]
    return {"median": statistics.median(scaled), "min": min(scaled), "max": max(scaled),
            "values": scaled}


def ratios(times, numerator, denominator):
    """``times[numerator][r] / times[denominator][r]`` per repeat r, summarised.

    A ratio above 1 means ``denominator`` is that many times faster than ``numerator``.
    """
    per_repeat = [a / b for a, b in zip(times[numerator], times[denominator])]
    return summary(per_repeat)
