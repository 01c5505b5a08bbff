"""The Run buttons (hooks/pyodide.py, overrides/assets/javascripts/run.js) in headless Chromium.

From the built site on 127.0.0.1, in each language: no Pyodide file is requested
before the first press; every Python block has a keyboard-usable Run button named
in the page's language; pressing Run on a page's last block (a week page of every
course, between the two languages, and course 1 week 2 in both) runs all its blocks in
one Pyodide session and prints what CPython prints for the page's downloaded script
(run here in a subprocess; numbers may differ only in their last printed digit,
and NumPy's default integer is int32 in Pyodide, 32-bit WebAssembly); a
figure appears under the plotting block of course 1 week 2; an edited block runs as
edited, the unchanged blocks above it are not run again; the first cells of a lab run
with ``from snippets... import`` (their output is the one the build's executed
notebook shows); the buttons and output regions pass axe-core in both palettes; and
no request leaves the local origin (any other is aborted and fails the test).

One browser page per language, moving between the site's pages by Material's
instant navigation, so Pyodide starts once per language. A verdict is cached by
the bytes it depends on (the visited pages, their scripts, the site's styles and
scripts, this file, the browser, CPython, NumPy and Matplotlib), like the axe verdicts
of tests/test_browser.py.
"""

import hashlib
import math
import re
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

import pytest

from hooks.downloads import python_blocks, script_name
from tests.test_browser import AXE_JS, PALETTE, RUN as AXE_RUN, WCAG, assets_digest, browser, server  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "run-in-page"
RUN = {"en": "Run", "zh": "运行"}
PLOTTING = "course-1/week-2/"  # its block after the training example draws the cost curve
WEEKS = {  # a week page of every course; both languages for the plotting page (the two
    # languages' tests run on the two cores at once: the pages are shared between them)
    "en": [PLOTTING, "course-2/week-3/", "course-3/week-1/"],
    "zh": [PLOTTING, "course-4/week-3/", "course-5/week-3/"],
}
LAB = "course-1/lab-logistic-regression/"
LAB_CELLS = 3  # the imports (from snippets...), the data set, standardization
DONE = "(i) => ['ok', 'error', 'stopped', 'failed'].includes(document.querySelectorAll('.run-output')[i]?.dataset.state)"
NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
# Pyodide is 32-bit WebAssembly: NumPy's default integer there is int32, not int64
# (np.intp), so a NumPy integer prints as np.int32(970) where CPython prints np.int64(970)
DEFAULT_INT = re.compile(r"\bint(?:32|64)\b")


def same_printed_output(got, expected):
    """Whether two printouts say the same: the same words and the same numbers, each
    number equal up to one unit of the last digit the less precise of the two prints
    (or 1e-6 relative). Spacing may differ (NumPy pads array columns to the widest number)."""
    got, expected = DEFAULT_INT.sub("int", got), DEFAULT_INT.sub("int", expected)
    if NUMBER.sub("#", got).split() != NUMBER.sub("#", expected).split():
        return False
    for a, b in zip(NUMBER.findall(got), NUMBER.findall(expected)):
        decimals = [len(x.split("e")[0].split("E")[0].partition(".")[2]) for x in (a, b) if "." in x]
        ulp = 1.5 * 10.0 ** -min(decimals) if decimals else 0.0
        if not math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=max(ulp, 1e-12)):
            return False
    return True


def test_same_printed_output_allows_only_float_formatting():
    assert same_printed_output("[-0.  0.]\n", "[0. 0.]")
    assert same_printed_output("x 0.26894142 1.0e-05", "x 0.268941421 1e-05")
    assert same_printed_output("acc 0.88", "acc 0.88\n")
    assert not same_printed_output("acc 0.88", "acc 0.90")
    assert not same_printed_output("acc 0.88", "loss 0.88")
    assert not same_printed_output("3 items", "4 items")
    assert not same_printed_output("1 2", "1 2 3")
    assert same_printed_output("[np.int32(970)] int32", "[np.int64(970)] int64")
    assert not same_printed_output("np.float32(1.5)", "np.float64(1.5)")


def local_path(built_site, lang, path):
    return built_site.root(lang) / path / "index.html"


def page_script(built_site, lang, path):
    return local_path(built_site, lang, path).parent / script_name(path)


def start_cpython(script, tmp_path):
    """The page's downloaded script in a fresh interpreter (as in tests/test_site.py),
    stdout and stderr in one stream, unbuffered (as the page shows them)."""
    work = tmp_path / script.stem
    work.mkdir()
    (work / script.name).write_bytes(script.read_bytes())
    return subprocess.Popen(
        [sys.executable, "-I", "-u", "-c", "import runpy, sys\n"
         "runpy.run_path(sys.argv[1], run_name='__main__')", script.name],
        cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def verdict_key(built_site, lang, browser_version):
    digest = hashlib.sha256(assets_digest(built_site.root(lang)).encode())
    for path in WEEKS[lang] + [LAB]:
        digest.update(local_path(built_site, lang, path).read_bytes())
        if path != LAB:
            digest.update(page_script(built_site, lang, path).read_bytes())
    for part in (Path(__file__).read_bytes(), browser_version.encode(), sys.version.encode(),
                 version("numpy").encode(), version("matplotlib").encode()):
        digest.update(part)
    return digest.hexdigest()[:24]


def new_page(browser, server):  # noqa: F811
    """A browser page that aborts, and records, every request to another origin."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests, page.problems = [], []

    def route(route):
        url = route.request.url
        if url.startswith(server) and url.endswith("/sitemap.xml"):
            # Material's instant navigation follows only links that its sitemap lists; it
            # matches them by protocol and host, not port: on a server with a port (this
            # one, or `make serve`) it falls back to full page loads. Give it the port.
            page.requests.append(url)
            response = route.fetch()
            route.fulfill(response=response, body=re.sub(
                r"https?://[^/<]+/", server, response.text()))
        elif url.startswith((server, "data:", "blob:")):
            page.requests.append(url)
            route.continue_()
        else:
            page.problems.append(f"request left the site: {url}")
            route.abort()

    context.route("**/*", route)
    # (a worker's own requests, such as Pyodide's, are routed by the context as well)
    page.on("console", lambda msg: msg.type == "error" and page.problems.append(
        f"console error: {msg.text}"))
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    return context, page


def go(page, url):
    """Open ``url`` with Material's instant navigation (the worker, and Python, stay)."""
    page.evaluate("""url => { window.__previous = document.querySelector("article");
        const a = document.createElement("a"); a.href = url;
        document.querySelector("article").append(a); a.click(); }""", url)
    page.wait_for_function("""() => { const a = document.querySelector("article");
        return a && a !== window.__previous && a.dataset.run === "ready"; }""", timeout=30000)


def run_block(page, index, keyboard=False):
    """Press the Run button of block ``index``; wait until it ran; return its state."""
    button = page.locator("button.run-button").nth(index)
    if keyboard:
        button.focus()
        page.keyboard.press("Enter")
    else:
        button.click()
    page.wait_for_function(DONE, arg=index, timeout=180000)
    return page.locator(".run-output").nth(index).get_attribute("data-state")


def outputs(page):
    """[(state, printed text)] of every block of the open page."""
    return page.evaluate("""() => [...document.querySelectorAll(".run-output")].map(r =>
        [r.dataset.state || "", [...r.querySelectorAll("pre")].map(p => p.textContent).join("")])""")


def check_week(page, built_site, lang, path, expected, keyboard=False):
    """Run the last block of a week page; return the seconds it took."""
    blocks = python_blocks(local_path(built_site, lang, path).read_text(encoding="utf-8"))
    buttons = page.get_by_role("button", name=RUN[lang], exact=True)
    assert buttons.count() == len(blocks) == page.locator("button.run-button").count() > 0, path
    start = time.monotonic()
    state = run_block(page, len(blocks) - 1, keyboard=keyboard)
    seconds = time.monotonic() - start
    ran = outputs(page)
    assert state == "ok" and all(s == "ok" for s, _ in ran), (path, ran)
    printed = "".join(text for _, text in ran)
    assert same_printed_output(printed, expected), f"{lang}/{path}:\n{printed}\n--- CPython:\n{expected}"
    return seconds


def run_ui_violations(page):
    """axe-core's serious and critical WCAG 2 A/AA violations in the Run buttons, the
    editable code and the output regions (with their text and figure): every rule in the
    light palette, the colour rules in both. (tests/test_browser.py checks whole pages.)"""
    page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    everything = {"include": [[".run-bar"], [".run-output"], [".run-editable"]]}
    others = {"runOnly": WCAG, "resultTypes": ["violations"],
              "rules": {"color-contrast": {"enabled": False}}}
    found = page.evaluate(AXE_RUN, [everything, others])
    # the code's colours are checked on whole pages (tests/test_browser.py): here the rest
    added = {"include": [[".run-bar"], [".run-output"]]}
    colours = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
    for scheme in ("default", "slate"):
        page.evaluate(PALETTE, scheme)
        found += [f"{scheme}: {v}" for v in page.evaluate(AXE_RUN, [added, colours])]
    return found


def check_plotting_and_editing(page):
    """The plotting block shows one figure; an edited block runs as edited."""
    figures = page.locator(".run-output img.run-output__figure")
    assert figures.count() == 1
    assert figures.first.evaluate("img => img.decode().then(() => img.naturalWidth)") > 100
    first = page.locator(".run-output").nth(0).inner_html()
    editor = page.locator(".run-editable").nth(1)
    assert editor.get_attribute("role") == "textbox" and editor.get_attribute("aria-label")
    editor.fill("print(sum(range(7)) * 2)\n")
    assert run_block(page, 1) == "ok"
    assert outputs(page)[1][1] == "42\n"
    assert page.locator(".run-output").nth(0).inner_html() == first  # not run again
    editor.fill("print(undefined_name)\n")
    assert run_block(page, 1) == "error"
    assert "NameError" in outputs(page)[1][1] and "<block 2>" in outputs(page)[1][1]


def check_lab(page, lang):
    """The lab's first cells run (snippets imported); their printed output is the build's."""
    stored = page.evaluate("""n => [...document.querySelectorAll(".jp-CodeCell")].filter(c => c.id)
        .slice(0, n).map(c => [...c.querySelectorAll(".jp-Cell-outputWrapper .jp-RenderedText pre")]
        .map(p => p.textContent).join(""))""", LAB_CELLS)
    cells = page.locator(".jp-CodeCell[id]").count()
    assert page.get_by_role("button", name=RUN[lang], exact=True).count() == cells >= LAB_CELLS
    assert run_block(page, LAB_CELLS - 1) == "ok", outputs(page)
    ran = outputs(page)[:LAB_CELLS]
    assert all(state == "ok" for state, _ in ran), ran
    for (_, got), expected in zip(ran, stored):
        assert same_printed_output(got, expected), (got, expected)
    assert any(stored), stored


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_code_runs_in_the_page_as_in_python(browser, server, built_site, lang, tmp_path):  # noqa: F811
    key = verdict_key(built_site, lang, browser.version)
    passed = CACHE / f"{lang}-{key}"
    if passed.is_file():
        return
    cpython = {path: start_cpython(page_script(built_site, lang, path), tmp_path) for path in WEEKS[lang]}
    context, page = new_page(browser, server)
    prefix = server + ("" if lang == "en" else "zh/")
    page.goto(prefix + PLOTTING)
    page.wait_for_load_state("networkidle")
    lazy = [url for url in page.requests if "/pyodide/" in url or "run-worker" in url]
    assert lazy == [], lazy  # nothing of Python before the first press
    expected = {path: proc.communicate(timeout=300)[0] for path, proc in cpython.items()}
    assert all(proc.returncode == 0 for proc in cpython.values()), expected
    seconds = check_week(page, built_site, lang, PLOTTING, expected[PLOTTING], keyboard=True)
    assert any(url.endswith("/pyodide/pyodide.asm.wasm") for url in page.requests)
    check_plotting_and_editing(page)
    if lang == "en":  # (the other language's are the same elements with other words)
        found = run_ui_violations(page)  # the buttons, editable code, outputs (text, error, figure)
        assert not found, found
    for path in WEEKS[lang][1:]:
        go(page, prefix + path)
        check_week(page, built_site, lang, path, expected[path])
    go(page, prefix + LAB)
    check_lab(page, lang)
    assert page.problems == [], page.problems
    context.close()
    print(f"{lang}: first press to the last block's output of {PLOTTING}: {seconds:.1f} s")
    for old in CACHE.glob(f"{lang}-*"):
        old.unlink()
    CACHE.mkdir(parents=True, exist_ok=True)
    passed.write_text("passed\n")
