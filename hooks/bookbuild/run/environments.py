"""The floating-point environments the book's code runs in: values, checked where they run.

Readers' machines do not round alike. numpy's wheels bundle OpenBLAS with a kernel for
each kind of processor and pick one at run time, and numpy dispatches its loops (``exp``,
sums, ...) to the widest SIMD instructions the processor has; each choice can change the
last bit of a result, and a chaotic computation turns that bit into another printed
number. An :class:`Environment` is a name and the variables that make it:

- ``default``: the build's: OpenBLAS's and numpy's own choices, one BLAS thread;
- ``second`` (make test): another OpenBLAS kernel (the most common after this machine's
  own: AVX2's, or an older one), numpy's SIMD paths above its lowest turned off, and
  OpenBLAS's default number of threads, the reader's;
- ``every`` (make test-fp): each kernel this processor runs, from the oldest, then numpy's
  paths stepped down to its baseline, each with one BLAS thread (the second environment
  covers the threads).

A variable must be set before numpy loads: the runner starts a fresh interpreter per
environment with them, and :func:`refuse_unless_in_effect` stops a worker whose switches
did not take effect (a kernel the processor lacks falls back without a word).
"""

import json
import os
import platform
import subprocess
import sys
from dataclasses import dataclass, field

# What an environment may set: the kernel, the SIMD paths and the BLAS threads.
SWITCHES = ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES", "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS")
# OpenBLAS's kernels (DYNAMIC_ARCH builds), oldest first, as OPENBLAS_CORETYPE names them.
KERNELS = {
    "x86_64": ["Prescott", "Core2", "Nehalem", "Barcelona", "Sandybridge", "Bulldozer",
               "Haswell", "Zen", "SkylakeX", "Cooperlake", "SapphireRapids"],
    "aarch64": ["ARMV8", "CortexA53", "CortexA57", "ThunderX2T99", "NeoverseN1",
                "NeoverseV1", "NeoverseN2", "A64FX", "ARMV9SME"],
}
KERNELS["AMD64"], KERNELS["arm64"] = KERNELS["x86_64"], KERNELS["aarch64"]
# The second environment's kernel: the first of these that loads another than the own.
SECOND_KERNELS = {"x86_64": ["Haswell", "Sandybridge", "Prescott"],
                  "aarch64": ["NeoverseN1", "ARMV8"]}
SECOND_KERNELS["AMD64"], SECOND_KERNELS["arm64"] = (SECOND_KERNELS["x86_64"],
                                                    SECOND_KERNELS["aarch64"])
PROBE = """
import json, numpy, numpy.lib.introspect, threadpoolctl
blas = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
current = {t["current"] for s in numpy.lib.introspect.opt_func_info().values()
           for t in s.values()}
print(json.dumps({"kernel": blas[0]["architecture"] if blas else None,
                  "simd": numpy.show_config(mode="dicts")["SIMD Extensions"],
                  "dispatched": sorted(current)}))
"""


@dataclass(frozen=True)
class Environment:
    """A floating-point environment: its name, the variables that make it (on top of the
    caller's environment without :data:`SWITCHES`), a sentence saying what it is, and
    what must hold in it (``kernel`` is not ``default_kernel``; none of ``simd_off`` is
    dispatched)."""

    name: str
    variables: dict = field(default_factory=dict)
    description: str = ""
    default_kernel: str | None = None

    @property
    def slug(self):
        return "".join(c if c.isalnum() else "-" for c in self.name.lower())

    def environ(self, base=None):
        """The whole environment a worker of this environment starts with."""
        base = os.environ if base is None else base
        return {**{k: v for k, v in base.items() if k not in SWITCHES}, **self.variables}


def probe(environ=None):
    """The OpenBLAS kernel (None without OpenBLAS), numpy's SIMD extensions and the paths
    its loops dispatch to, in a fresh Python started with ``environ``."""
    done = subprocess.run([sys.executable, "-c", PROBE], env=environ, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def _bare():
    return Environment("bare").environ()


def default():
    """The build's environment: the processor's own choices, one BLAS thread."""
    found = probe(_bare())
    return Environment("default", {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"},
                       f"OpenBLAS's own kernel, {found['kernel']}; numpy's SIMD paths as "
                       "found; one BLAS thread", found["kernel"])


def _made(name, kernel, simd_off, own, one_thread=False):
    variables = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"} if one_thread else {}
    if kernel:
        variables["OPENBLAS_CORETYPE"] = kernel
    if simd_off:
        variables["NPY_DISABLE_CPU_FEATURES"] = " ".join(simd_off)
    description = (f"OpenBLAS kernel {kernel} instead of {own['kernel']}" if kernel
                   else f"OpenBLAS's own kernel, {own['kernel']}" if own["kernel"]
                   else "no OpenBLAS to switch") + (
        f"; numpy's SIMD paths {', '.join(simd_off)} off" if simd_off
        else "; numpy's SIMD paths as found") + (
        "; one BLAS thread" if one_thread else "; the default BLAS threads")
    return Environment(name, variables, description, own["kernel"])


def second():
    """Another kernel, numpy's SIMD paths above its lowest off (all where it found one),
    the reader's BLAS threads."""
    own = probe(_bare())
    kernel = None
    for name in SECOND_KERNELS.get(platform.machine(), []) if own["kernel"] else []:
        try:
            if probe({**_bare(), "OPENBLAS_CORETYPE": name})["kernel"] != own["kernel"]:
                kernel = name
                break
        except subprocess.CalledProcessError:  # an instruction this processor lacks
            continue
    found = own["simd"].get("found", [])
    return _made("second", kernel, found[1:] or found, own)


def every():
    """Every environment this processor runs: each kernel with numpy's paths as found,
    then the own kernel with numpy's paths turned off from the top down to its
    baseline, each with one BLAS thread."""
    own = probe(_bare())
    runs, loaded = [], {}
    for name in KERNELS.get(platform.machine(), []) if own["kernel"] else []:
        try:
            loaded.setdefault(probe({**_bare(), "OPENBLAS_CORETYPE": name})["kernel"],
                              name)
        except subprocess.CalledProcessError:
            continue
    for kernel, name in loaded.items():
        forced = None if kernel == own["kernel"] else name
        runs.append(_made(f"OpenBLAS {name}", forced, (), own, one_thread=True))
    found = own["simd"].get("found", [])
    seen = {tuple(own["dispatched"])}
    for level in range(len(found) - 1, -1, -1):  # the highest level off first
        made = _made(f"numpy SIMD {f'up to {found[level - 1]}' if level else 'baseline'}",
                     None, found[level:], own, one_thread=True)
        dispatched = tuple(probe(made.environ())["dispatched"])
        if dispatched not in seen:  # new loops to run
            seen.add(dispatched)
            runs.append(made)
    return runs or [_made("default", None, (), own, one_thread=True)]


def named(names):
    """The environments of ``names``, a comma-separated list of default, second, every."""
    made = {"default": lambda: [default()], "second": lambda: [second()], "every": every}
    found = []
    for name in names.split(","):
        if name.strip() not in made:
            raise ValueError(f"an environment is one of {', '.join(made)}, got {name!r}")
        found += made[name.strip()]()
    return found


def refuse_unless_in_effect(environment):
    """In a worker started with ``environment``'s variables, before any job: raise
    RuntimeError if a switch did not take effect (the run would prove nothing)."""
    import numpy.lib.introspect
    import threadpoolctl

    problems = []
    blas = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
    forced = environment.variables.get("OPENBLAS_CORETYPE")
    if forced and blas and blas[0]["architecture"] == environment.default_kernel:
        problems.append(f"OpenBLAS still uses its {environment.default_kernel} kernel")
    off = set(environment.variables.get("NPY_DISABLE_CPU_FEATURES", "").split())
    dispatched = {t["current"] for s in numpy.lib.introspect.opt_func_info().values()
                  for t in s.values()}
    if off & dispatched:
        problems.append(f"numpy still dispatches to {sorted(off & dispatched)}")
    if problems:
        raise RuntimeError(f"the environment {environment.name!r} did not take effect: "
                           + "; ".join(problems))
