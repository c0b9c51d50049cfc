"""The book's blocks under every floating-point environment this machine can run.

``make test`` runs the blocks in two environments: the default one (the build) and one
other (``rounding.py``). Before a change to a printed number lands, ``make test-fp`` runs
them under all of them, so that a number that depends on rounding is found here and not
on a reader's machine:

- every OpenBLAS kernel the processor can execute: the names OpenBLAS knows, from the
  oldest to the newest, each tried in a fresh Python; names that load the same kernel
  count once, and a name the processor cannot run (it crashes or falls back) is left out;
- numpy's dispatched SIMD paths stepped down, one level at a time, to its baseline.

Jobs are one page in one environment (pytest-codeblocks, with ``rounding.py`` as plugin,
which checks that the switches took effect), the longest first (the times of the last
run, kept in ``.cache/test-fp/``), as many at a time as there are cores. At the end a
table gives each environment and its time, then every block that printed something else,
with the environments it did so in. Exit status 1 if one did.

    python tests/every_kernel.py              every environment, every page
    python tests/every_kernel.py --list       the environments only
    python tests/every_kernel.py PAGE.md ...  these pages only
"""

import json
import os
import platform
import re
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.rounding import environment, probe, without_switches  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TIMES = ROOT / ".cache" / "test-fp" / "seconds.json"
# The kernels of OpenBLAS's DYNAMIC_ARCH builds, oldest first, as OPENBLAS_CORETYPE names
# them: the processor decides which of them run.
KERNELS = {
    "x86_64": ["Prescott", "Core2", "Nehalem", "Barcelona", "Sandybridge", "Bulldozer",
               "Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"],
    "aarch64": ["ARMV8", "CortexA53", "CortexA57", "ThunderX2T99", "NeoverseN1",
                "NeoverseV1", "NeoverseN2", "A64FX", "ARMV9SME"],
}
KERNELS["AMD64"], KERNELS["arm64"] = KERNELS["x86_64"], KERNELS["aarch64"]
FAILED = re.compile(r"^FAILED (\S+?::line \d+)")


@dataclass
class Environment:
    name: str  # short, for the table
    description: str
    env: dict


def kernels(default):
    """``{kernel: [names that load it]}`` for the kernels this processor runs."""
    found = {}
    for name in KERNELS.get(platform.machine(), []):
        try:
            loaded = probe({**without_switches(os.environ), "OPENBLAS_CORETYPE": name})
        except subprocess.CalledProcessError:  # an instruction this processor lacks
            continue
        found.setdefault(loaded["kernel"], []).append(name)
    found.setdefault(default["kernel"], [])
    return found


def environments():
    """Every environment to run: each kernel with numpy's paths as found, then the
    default kernel with numpy's paths turned off from the top down to its baseline."""
    default = probe(without_switches(os.environ))
    runs = []
    if default["kernel"]:
        for kernel, names in kernels(default).items():
            forced = None if kernel == default["kernel"] else names[0]
            env, description = environment(forced, (), default)
            if forced and kernel != forced:
                description = description.replace(forced, f"{forced} (OpenBLAS calls it "
                                                          f"{kernel})", 1)
            if len(names) > 1:
                description += f"; also loaded by {', '.join(names[1:])}"
            runs.append(Environment(f"OpenBLAS {forced or kernel}", description, env))
    else:
        env, description = environment(None, (), default)
        runs.append(Environment("default", description, env))
    found = default["simd"].get("found", [])
    seen = {tuple(default["dispatched"])}
    for level in range(len(found) - 1, -1, -1):  # the highest level off first
        off = found[level:]
        env, description = environment(None, off, default)
        dispatched = tuple(probe(env)["dispatched"])
        if dispatched in seen:  # the same loops as a level above: nothing new to run
            continue
        seen.add(dispatched)
        top = f"up to {found[level - 1]}" if level else "baseline"
        runs.append(Environment(f"numpy SIMD {top}", description, env))
    return runs


def pages(given):
    """The files whose ```python blocks run: the book's pages and the README."""
    if given:
        return [Path(p).resolve() for p in given]
    return [p for p in [*sorted((ROOT / "docs").rglob("*.md")), ROOT / "README.md"]
            if "```python" in p.read_text(encoding="utf-8")]


def job_environment(environment):
    """The variables a job of ``environment`` runs with: one BLAS thread, as the build's
    blocks (the number of threads can change a product's last bits)."""
    return {**environment.env, "OPENBLAS_NUM_THREADS": "1", "MPLBACKEND": "Agg"}


def run(job):
    """Run one page's blocks in one environment; return the blocks that failed."""
    environment, page = job
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.rounding", "-p", "no:cacheprovider",
         "-q", "-rf", "--codeblocks", os.path.relpath(page, ROOT)],
        cwd=ROOT, env=job_environment(environment), capture_output=True, text=True)
    failed = [m[1] for m in map(FAILED.match, done.stdout.splitlines()) if m]
    if done.returncode not in (0, 1) or (done.returncode == 1 and not failed):
        failed = [f"{os.path.relpath(page, ROOT)} (pytest exited {done.returncode}: "
                  f"{(done.stdout + done.stderr).strip().splitlines()[-1:]})"]
    return failed, time.monotonic() - start


def main(args):
    runs = environments()
    print(f"{len(runs)} floating-point environments:")
    for r in runs:
        print(f"  {r.name:28s}{r.description}")
    if "--list" in args:
        return 0
    seconds = json.loads(TIMES.read_text()) if TIMES.exists() else {}
    todo = pages(args)
    # The longest pages first, so that none starts late and runs alone at the end.
    todo.sort(key=lambda p: -seconds.get(os.path.relpath(p, ROOT),
                                         p.read_text(encoding="utf-8").count("fit(")))
    jobs = [(r, p) for p in todo for r in runs]
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=cores) as pool:
        results = list(pool.map(run, jobs))
    differs, spent, longest = {}, {}, {}
    for (r, page), (failed, took) in zip(jobs, results):
        key = os.path.relpath(page, ROOT)
        longest[key] = max(took, longest.get(key, 0))
        spent[r.name] = spent.get(r.name, 0) + took
        for block in failed:
            differs.setdefault(block, []).append(r.name)
    TIMES.parent.mkdir(parents=True, exist_ok=True)
    TIMES.write_text(json.dumps({**seconds, **longest}, indent=1, sort_keys=True))
    print(f"\n{len(todo)} files in {len(runs)} environments, {len(jobs)} jobs on {cores} "
          f"cores: {time.monotonic() - start:.0f} s")
    print("\nenvironment                  seconds  blocks that print something else")
    for r in runs:
        n = sum(r.name in names for names in differs.values())
        print(f"  {r.name:28s}{spent[r.name]:7.0f}  {n}")
    if differs:
        print("\nThese blocks print another output than the page's, or fail:")
        for block, names in sorted(differs.items()):
            print(f"FAILED {block} under {', '.join(names)}")
        return 1
    print("\nEvery block prints the page's output in every environment.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
