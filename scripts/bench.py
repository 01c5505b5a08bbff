"""Benchmark: build times, the PDF books, what each figure module and lab costs, edit-to-reload
under ``mkdocs serve``, the test suite, and loop against vectorized kernels.

Run with ``make bench``. "Cold" empties the caches first, so every figure is
drawn and every lab executed; "warm" rebuilds with nothing changed. The cold
build's jobs are listed with the time each took (``.cache/timings.json``). Under
``mkdocs serve``, a page and two snippets are saved (a comment appended, then
removed) and the time until the served site shows the rebuilt version is taken:
that is when the browser reloads. The test suite is timed as ``make test`` runs it.
"""

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(ROOT))
EPOCH = re.compile(rb"livereload\((\d+),")
EDITS = [  # (what, file, line appended)
    ("save a page (English)", "docs/en/course-1/week-2.md", "\n<!-- bench -->\n"),
    ("save a page (Chinese)", "docs/zh/course-1/week-2.md", "\n<!-- bench -->\n"),
    ("save snippets/ml_strategy.py", "snippets/ml_strategy.py", "\n# bench\n"),
    ("save snippets/activations.py", "snippets/activations.py", "\n# bench\n"),
]


def timed(cmd):
    start = time.perf_counter()
    subprocess.run(cmd, cwd=ROOT, env=ENV, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def epoch(url):
    """The site version ``mkdocs serve`` serves (it waits while a build runs)."""
    with urllib.request.urlopen(url, timeout=600) as response:
        return int(EPOCH.search(response.read()).group(1))


def wait_for_new_epoch(url, old, limit=600):
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            now = epoch(url)
            if now != old:
                return now
        except OSError:
            pass
        time.sleep(0.2)
    raise TimeoutError(f"{url} was not rebuilt within {limit} s")


def reload_times():
    """{edit: seconds from saving the file until the rebuilt site is served}."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/course-1/week-2/"
    serve = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload",
                              "--dev-addr", f"127.0.0.1:{port}"], cwd=ROOT, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times = {}
    try:
        current = wait_for_new_epoch(url, None)
        for what, name, line in EDITS:
            path = ROOT / name
            original = path.read_bytes()
            start = time.perf_counter()
            try:
                path.write_bytes(original + line.encode())
                current = wait_for_new_epoch(url, current)
                times[what] = time.perf_counter() - start
            finally:
                path.write_bytes(original)
            current = wait_for_new_epoch(url, current)  # back to the sources as they were
    finally:
        serve.terminate()
        serve.wait()
    return times


def main():
    from snippets.cnn import time_conv_loop_vs_vectorized
    from snippets.logistic_regression import time_loop_vs_vectorized

    with tempfile.TemporaryDirectory() as out:
        build = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", out]
        for cache in (ROOT / ".cache").glob("*"):  # every build cache; not the fetched
            if cache.name != "pyodide":               # Pyodide files (make pyodide)
                shutil.rmtree(cache) if cache.is_dir() else cache.unlink()
        cold = timed(build)
        jobs = json.loads((ROOT / ".cache" / "timings.json").read_text(encoding="utf-8"))
        warm = statistics.median(timed(build) for _ in range(3))
        # make pdf's second step on that site: printed (no PDF cache), then unchanged
        book = [sys.executable, "-m", "hooks.pdf", out]
        shutil.rmtree(ROOT / ".cache" / "pdf", ignore_errors=True)
        pdf_cold = timed(book)
        pdf_warm = timed(book)
    reloads = reload_times()
    suite = [sys.executable, "-m", "pytest", "-q", "-n", "2", "--cov", "--cov-fail-under=100"]
    first = timed(suite)  # its build draws the figures again, under coverage (conftest.py)
    tests = statistics.median(timed(suite) for _ in range(2))
    kernels = time_loop_vs_vectorized(n=1_000_000, n_x=20, m=5_000, repeats=3)
    # Course 4: the week-1 layer (loop and vectorized), and a realistic layer (vectorized)
    small = time_conv_loop_vs_vectorized(m=4, n_H=16, n_C_prev=8, n_C=8, repeats=3)
    layer = time_conv_loop_vs_vectorized(m=16, n_H=32, n_C_prev=16, n_C=32, repeats=5, loop=False)

    print(f"{'what':<52}{'time':>10}")
    print(f"{'build, cold (no caches; both languages)':<52}{cold:>9.1f}s")
    for name, seconds in sorted(jobs.items(), key=lambda item: -item[1]):
        print(f"{'  of which, in parallel: ' + name:<52}{seconds:>9.1f}s")
    print(f"{'build, warm (nothing changed; median of 3)':<52}{warm:>9.1f}s")
    print(f"{'make pdf after the build: both books printed':<52}{pdf_cold:>9.1f}s")
    print(f"{'make pdf after the build: pages unchanged (cached)':<52}{pdf_warm:>9.1f}s")
    for what, seconds in reloads.items():
        print(f"{'serve: ' + what + ' -> reload':<52}{seconds:>9.1f}s")
    print(f"{'test suite, first run after a plain build':<52}{first:>9.1f}s")
    print(f"{'test suite (make test, warm caches; median of 2)':<52}{tests:>9.1f}s")
    for name, label in (("dot", "dot product, n = 1 000 000"),
                        ("propagate", "propagate, n_x = 20, m = 5000")):
        loop, vec = kernels[name]
        print(f"{label + ': loop':<52}{loop * 1e3:>8.2f}ms")
        print(f"{label + ': vectorized':<52}{vec * 1e3:>8.2f}ms   speed-up x{loop / vec:,.0f}")
    label = "conv_forward, 4 x 16x16x8, 8 filters 3x3"
    print(f"{label + ': loop':<52}{small['loop'] * 1e3:>8.2f}ms")
    print(f"{label + ': vectorized':<52}{small['vectorized'] * 1e3:>8.2f}ms"
          f"   speed-up x{small['loop'] / small['vectorized']:,.0f}")
    label = "conv, 16 x 32x32x16, 32 filters 3x3 (1 thread)"
    print(f"{label + ': forward':<52}{layer['vectorized'] * 1e3:>8.2f}ms")
    print(f"{label + ': backward':<52}{layer['backward'] * 1e3:>8.2f}ms")


if __name__ == "__main__":
    main()
