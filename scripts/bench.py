"""Benchmark: cold and warm build time, test-suite time, loop vs vectorized kernels.

Run with ``make bench``. "Cold" empties the figure and notebook caches first,
so every figure is drawn and every lab executed; "warm" rebuilds with nothing
changed. The test suite is timed as ``make test`` runs it.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    from snippets.logistic_regression import time_loop_vs_vectorized

    with tempfile.TemporaryDirectory() as out:
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", out]
        shutil.rmtree(ROOT / ".cache", ignore_errors=True)
        cold = timed(build)
        warm = timed(build)
    tests = timed([sys.executable, "-m", "pytest", "-q", "--cov", "--cov-fail-under=100"])
    kernels = time_loop_vs_vectorized(n=1_000_000, n_x=20, m=5_000, repeats=3)

    print(f"{'what':<44}{'time':>12}")
    print(f"{'build, cold (no caches; both languages)':<44}{cold:>11.1f}s")
    print(f"{'build, warm (nothing changed)':<44}{warm:>11.1f}s")
    print(f"{'test suite (make test)':<44}{tests:>11.1f}s")
    for name, label in (("dot", "dot product, n = 1 000 000"),
                        ("propagate", "propagate, n_x = 20, m = 5000")):
        loop, vec = kernels[name]
        print(f"{label + ': loop':<44}{loop * 1e3:>10.2f}ms")
        print(f"{label + ': vectorized':<44}{vec * 1e3:>10.2f}ms   speed-up x{loop / vec:,.0f}")


if __name__ == "__main__":
    main()
