"""Run the book's code blocks under a second floating-point environment.

Readers' machines do not round alike. numpy's wheels bundle OpenBLAS with a kernel for
each kind of processor and pick one at run time, and numpy itself dispatches its loops
(``exp``, sums, ...) to the widest SIMD instructions the processor has. Each choice can
change the last bit of a result; a chaotic computation (a training run at too large a
learning rate, an ``argsort`` of two equal scores) turns that bit into another printed
number. So the book's blocks run twice in ``make test``: in the default environment, and
here with another OpenBLAS kernel (``OPENBLAS_CORETYPE``) and numpy's widest SIMD paths
turned off (``NPY_DISABLE_CPU_FEATURES``), with OpenBLAS's default number of threads.

The other kernel is the most common one after the machine's own: AVX2's (Haswell), or an
older one where that is the machine's. Every kernel, down to the oldest (Prescott), runs
in ``make test-fp`` (``every_kernel.py``) before a printed number changes; here the
second run costs about as much as the first (Prescott with numpy's baseline paths made
the trainings about 40 % longer, for no check that ``make test-fp`` does not make). Its
BLAS threads are the reader's: on an Intel Sapphire Rapids two threads changed the last
bits of a matrix product such as ``(32, 784) @ (784, 100)``, and of a dot product of
100,000 numbers. They cost little here: in one ``make test`` with one thread, this run took
556 CPU-seconds, against 584-587 in two runs with two: within the noise of one run.

Run as a script, this module works out the switches for this machine and starts pytest
with them and with itself as a plugin (``python tests/rounding.py --codeblocks docs``). As a
plugin it checks that the switches took effect, and says that a block whose printed
output differs from the page is sensitive to rounding.
"""

import json
import os
import platform
import subprocess
import sys

import pytest

# The kernels the second run forces, in order of preference: the first that loads another
# kernel than the machine's own.
OTHER_KERNELS = {"x86_64": ["Haswell", "Sandybridge", "Prescott"],
                 "aarch64": ["NeoverseN1", "ARMV8"]}
OTHER_KERNELS["AMD64"], OTHER_KERNELS["arm64"] = OTHER_KERNELS["x86_64"], OTHER_KERNELS["aarch64"]
PROBE = """
import json, numpy, numpy.lib.introspect, threadpoolctl
blas = [i for i in threadpoolctl.threadpool_info() if i.get("internal_api") == "openblas"]
current = {t["current"] for s in numpy.lib.introspect.opt_func_info().values()
           for t in s.values()}
print(json.dumps({"kernel": blas[0]["architecture"] if blas else None,
                  "simd": numpy.show_config(mode="dicts")["SIMD Extensions"],
                  "dispatched": sorted(current)}))
"""


# In make test this run shares the cores with the build and the browser tests, which wait
# for the build: its kernels run this much nicer (make test's NNBOOK_YIELD_NICE; alone,
# there is nothing to yield to), except the longest page's (see rounding_pages.py), which
# would otherwise be left running alone at the end.
YIELD_NICE = int(os.environ.get("NNBOOK_YIELD_NICE", "0"))

# What the second environment sets: the kernel, the SIMD paths and the BLAS threads.
SWITCHES = ("OPENBLAS_CORETYPE", "NPY_DISABLE_CPU_FEATURES", "OPENBLAS_NUM_THREADS",
            "OMP_NUM_THREADS")


def without_switches(environ):
    """A copy of ``environ`` without the variables the second environment sets."""
    return {k: v for k, v in environ.items() if k not in SWITCHES}


def probe(env=None):
    """The OpenBLAS kernel (None without OpenBLAS), numpy's SIMD extensions and the paths
    its loops dispatch to, in a fresh Python started with ``env``."""
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                          text=True, check=True)
    return json.loads(done.stdout)


def environment(kernel=None, simd_off=(), default=None):
    """The environment variables of a run with OpenBLAS's ``kernel`` forced (None: its
    own choice) and numpy's dispatched SIMD paths ``simd_off`` turned off, with a
    one-line description of it. ``default`` is the probe of the default environment."""
    # A reader's Python uses as many BLAS threads as cores: so do these runs.
    env = without_switches(os.environ)
    default = default or probe(env)
    if kernel:
        env["OPENBLAS_CORETYPE"] = kernel
    if simd_off:
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(simd_off)
    # Idle BLAS threads sleep at once instead of spinning: the same sums, but the spinning
    # took a quarter of this run's CPU time from the jobs that share the cores with it.
    env.setdefault("OPENBLAS_THREAD_TIMEOUT", "4")
    env["NNBOOK_ROUNDING_DEFAULT"] = json.dumps(default)
    description = (
        f"OpenBLAS kernel {kernel} instead of {default['kernel']}" if kernel
        else f"OpenBLAS's own kernel, {default['kernel']}" if default["kernel"]
        else "no OpenBLAS to switch (another BLAS is in use)"
    ) + (f"; numpy's SIMD paths {', '.join(simd_off)} off" if simd_off
         else "; numpy's SIMD paths as found")
    return env, description


def other_kernel(default):
    """The kernel the second run forces (see OTHER_KERNELS), or None without OpenBLAS."""
    if not default["kernel"]:
        return None
    base = without_switches(os.environ)
    for name in OTHER_KERNELS.get(platform.machine(), []):
        try:
            if probe({**base, "OPENBLAS_CORETYPE": name})["kernel"] != default["kernel"]:
                return name
        except subprocess.CalledProcessError:  # an instruction this processor lacks
            continue
    return None


def second_environment():
    """The environment variables of the second run, and a one-line description of it:
    another kernel, and numpy's SIMD paths above the lowest it found turned off (all of
    them where it found one)."""
    default = probe(without_switches(os.environ))
    found = default["simd"].get("found", [])
    return environment(other_kernel(default), found[1:] or found, default)


def pytest_configure(config):
    """Check that the switches took effect; otherwise the run would prove nothing."""
    default = json.loads(os.environ["NNBOOK_ROUNDING_DEFAULT"])
    now = probe()  # this run's environment, in a fresh Python like the blocks'
    problems = []
    if os.environ.get("OPENBLAS_CORETYPE") and now["kernel"] == default["kernel"]:
        problems.append(f"OpenBLAS still uses its {now['kernel']} kernel")
    off = set(os.environ.get("NPY_DISABLE_CPU_FEATURES", "").split())
    if off & set(now["dispatched"]):
        problems.append(f"numpy still dispatches to {now['dispatched']}")
    if problems:
        raise pytest.UsageError(
            "the second floating-point environment did not take effect: " + "; ".join(problems))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and call.when == "call" and "Expected output" in str(report.longrepr):
        report.longrepr = (
            f"{item.path.name}, the block at {item.name}: under a second floating-point "
            "environment its printed output differs from the page. If the build (the "
            "default environment) prints the page's output, the result is sensitive to "
            "rounding and another reader's machine would print other numbers: make it "
            "stable (a set-up off the chaotic edge, exact arithmetic for ties; a chaotic "
            "result as bounds the code checks, never just fewer digits). If the build "
            f"fails on it too, the page's output is out of date.\n{report.longrepr}"
        )


if __name__ == "__main__":
    env, description = second_environment()
    print(f"Book blocks under a second floating-point environment: {description}",
          flush=True)
    sys.exit(subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.rounding", "-p", "no:cacheprovider",
         *sys.argv[1:]], env=env).returncode)
