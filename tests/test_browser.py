"""The built site in headless Chromium (Debian's package, driven by Playwright).

Math is typeset, the language switcher keeps the reader on the same page, a
Chinese query finds the Chinese page, nothing is logged as an error, and no
request leaves the local server. Skipped, with the reason, only when no
Chromium is installed and this is not CI; under CI a missing Chromium fails.
"""

import functools
import hashlib
import re
import http.server
import os
import shutil
import threading
from pathlib import Path

import axe_playwright_python
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
WEEK2 = "course-1/week-2/"
LAB = "course-1/lab-logistic-regression/"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server(built_site):
    assert built_site.returncode == 0, built_site.log[-2000:]
    handler = functools.partial(QuietHandler, directory=str(built_site.path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have Chromium (.ci/run installs Debian's chromium package)")
        pytest.skip("no Chromium on this machine: install Debian's chromium package to run this test")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, server):
    page = watched_page(browser, server)
    yield page
    assert page.problems == []
    page.context.close()


def watched_page(browser, server):
    """A page in a new context that records console errors, page errors and any
    request for something that is not on the local server in ``page.problems``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.problems = []

    def on_console(msg):
        if msg.type == "error":
            page.problems.append(f"console error: {msg.text}")

    def on_request(request):
        if not request.url.startswith((server, "data:", "blob:", "about:")):
            page.problems.append(f"request left the site: {request.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on("request", on_request)
    return page


def wait_for_math(page):
    page.wait_for_function(
        "() => { const all = document.querySelectorAll('article .arithmatex');"
        " return all.length > 0 && [...all].every(e => e.querySelector('mjx-container')); }",
        timeout=30000)


def prose_text(page):
    """The article's visible text outside code blocks."""
    return page.evaluate(
        "() => { const a = document.querySelector('article').cloneNode(true);"
        " a.querySelectorAll('pre, code, mjx-container').forEach(e => e.remove());"
        " return a.innerText; }")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_math_is_typeset(page, server, lang):
    page.goto(server + ("" if lang == "en" else "zh/") + WEEK2)
    wait_for_math(page)
    text = prose_text(page)
    for raw in ("$", "\\(", "\\[", "\\frac"):
        assert raw not in text
    assert page.locator("article mjx-container[display='true']").count() >= 10


def switch_language(page, lang):
    page.hover(".md-header__option .md-select")
    page.click(f"a.md-select__link[hreflang='{lang}']")


@pytest.mark.parametrize("path", [WEEK2, LAB, ""])
def test_language_switcher_keeps_the_page(page, server, path):
    page.goto(server + path)
    switch_language(page, "zh")
    page.wait_for_url(server + "zh/" + path)
    assert page.locator("html").get_attribute("lang").startswith("zh")
    switch_language(page, "en")
    page.wait_for_url(server + path)


def test_switcher_after_instant_navigation(page, server):
    page.goto(server + "course-1/")
    page.click(f"article a[href$='week-2/']")
    page.wait_for_url(server + WEEK2)
    wait_for_math(page)  # math is typeset after instant navigation too
    switch_language(page, "zh")
    page.wait_for_url(server + "zh/" + WEEK2)


def search(page, query):
    """Type a query into the header's search box; return the result links.

    Material runs a query on a key press (``fill`` alone only sets the text) and
    its index loads in a web worker after the page: wait for the network to
    settle, and type again if the first query came before the index was ready.
    The results of an earlier query on the same page are cleared first.
    """
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a")
    if results.count():
        box.fill("")
        box.press("End")
        results.first.wait_for(state="detached", timeout=10000)
    for _ in range(3):
        box.fill(query)
        box.press("End")
        try:
            results.first.wait_for(timeout=10000)
            break
        except PlaywrightTimeoutError:
            continue
    return [results.nth(i).get_attribute("href") for i in range(results.count())]


def test_chinese_search_finds_the_chinese_page(page, server):
    page.goto(server + "zh/")
    hrefs = search(page, "梯度下降")
    assert any(f"zh/{WEEK2}" in href for href in hrefs), hrefs
    assert all("/zh/" in href for href in hrefs), hrefs


def test_english_search_finds_the_english_page(page, server):
    page.goto(server)
    hrefs = search(page, "broadcasting")
    assert any(WEEK2 in href for href in hrefs), hrefs
    assert not any("/zh/" in href for href in hrefs), hrefs


def test_lab_math_and_figures_render(page, server):
    page.goto(server + "zh/" + LAB)
    page.wait_for_function("() => document.querySelectorAll('.jp-RenderedMarkdown mjx-container').length > 0",
                           timeout=30000)
    assert page.locator(".jp-RenderedSVG img").count() >= 2


# --- accessibility: axe-core (WCAG 2 A and AA) on every page ------------------

AXE_JS = Path(axe_playwright_python.__file__).parent / "axe.min.js"
WCAG = {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}
# Code blocks and typeset math look the same on every page: their colours come from
# the site's one stylesheet (code: by highlighting class) and MathJax inherits the
# prose's colour. They are checked on a few sample pages (code_samples), whose code
# between them uses every highlighting class of the site; elsewhere, the rest.
SAME_EVERYWHERE = [["pre"], [".highlight-ipynb"], ["mjx-container"]]
RUN = """([context, options]) => axe.run(context, options).then(result => result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => `${v.id}: ${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")}`))"""
# Material's two palettes, switched in place, without its colour transitions
PALETTE = """scheme => {
    document.head.insertAdjacentHTML("beforeend",
        "<style>*, *::before, *::after { transition: none !important; }</style>");
    document.body.setAttribute("data-md-color-scheme", scheme);
}"""
AXE_CACHE = ROOT / ".cache" / "axe"
CODE_BLOCK = re.compile(r'<div class="(language-[\w-]+ highlight|highlight-ipynb)[^"]*"[^>]*>(.*?)</pre>', re.S)
TOKEN = re.compile(r'<span class="([\w-]+)"')


def source_pages(lang):
    """The built page of every source page of a language (known before the build)."""
    pages = []
    for source in sorted((ROOT / "docs" / lang).rglob("*")):
        if source.suffix in (".md", ".py") and source.name != "conftest.py":
            stem = source.relative_to(ROOT / "docs" / lang).with_suffix("").as_posix()
            pages.append("index.html" if stem == "index" else
                         stem.removesuffix("/index") + "/index.html")
    return pages


def serious_violations(page, sample):
    """axe-core's serious and critical WCAG 2 A/AA violations on the open page: every
    rule in the light palette (one run: axe lays out its grid of the page once for all
    rules); the colour rules again in the dark palette."""
    colours = {"runOnly": {"type": "rule", "values": ["color-contrast", "link-in-text-block"]},
               "resultTypes": ["violations"]}
    every_rule = {"runOnly": WCAG, "resultTypes": ["violations"]}
    context = {"exclude": [] if sample else SAME_EVERYWHERE}
    found = []
    for scheme, options in (("default", every_rule), ("slate", colours)):
        page.evaluate(PALETTE, scheme)
        found += [f"{scheme}: {v}" for v in page.evaluate(RUN, [context, options])]
    return found


@pytest.fixture(scope="module")
def axe_page(browser):
    """One tab for every page this worker checks with axe-core, opened on each in turn.
    axe-core is added to every document the tab opens, before the page's own scripts
    (an init script: no 500 KB evaluate per page). Reusing the tab reuses its renderer,
    which has compiled axe-core, Material's bundle and MathJax already: about a fifth
    less CPU per page than a new context each. Nothing else carries over: the site's
    local and session storage are cleared before each page is loaded afresh."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(path=str(AXE_JS))
    tab = {}

    def open_page(server):
        if "page" not in tab or tab["page"].is_closed():
            tab["page"] = context.new_page()
        elif tab["page"].url.startswith(server):
            tab["page"].evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
        return tab["page"]

    yield open_page
    context.close()


@functools.lru_cache(maxsize=None)
def assets_digest(root):
    """Hash of a built language's stylesheets and scripts."""
    digest = hashlib.sha256()
    for asset in sorted(root.glob("assets/**/*")):
        if asset.suffix in (".css", ".js") and asset.is_file():
            digest.update(asset.name.encode() + asset.read_bytes())
    return digest.hexdigest()


def axe_key(built_site, lang, path, sample, browser_version):
    """What axe's verdict on a page depends on: the page, the site's styles and
    scripts, this test's code, axe-core and the browser."""
    digest = hashlib.sha256((built_site.root(lang) / path).read_bytes())
    digest.update(assets_digest(built_site.root(lang)).encode())
    for part in (Path(__file__).read_bytes(), AXE_JS.read_bytes(), browser_version.encode(),
                 b"sample" if sample else b""):
        digest.update(part)
    return digest.hexdigest()[:24]


def highlight_classes(built_site, lang, page):
    """The syntax-highlighting classes of a page's code: {(kind of code block, class)}."""
    html = (built_site.root(lang) / page).read_text(encoding="utf-8")
    return {(kind.split()[-1], cls) for kind, code in CODE_BLOCK.findall(html)
            for cls in TOKEN.findall(code)}


@pytest.fixture(scope="session")
def code_samples(built_site):
    """{lang: pages whose code blocks together use every highlighting class of the
    language's site}, picked greedily, biggest contribution first."""
    samples = {}
    for lang in ("en", "zh"):
        classes = {page: highlight_classes(built_site, lang, page) for page in built_site.pages(lang)}
        todo, chosen = set().union(*classes.values()), []
        while todo:
            best = max(sorted(classes), key=lambda page: len(classes[page] & todo))
            chosen.append(best)
            todo -= classes[best]
        assert {kind for page in chosen for kind, _ in classes[page]} == {"highlight", "highlight-ipynb"}
        samples[lang] = chosen
    return samples


def test_every_built_page_is_checked(built_site):
    for lang in ("en", "zh"):
        assert set(source_pages(lang)) | {"404.html"} == set(built_site.pages(lang))


@pytest.mark.parametrize("lang,path", [(lang, path) for lang in ("en", "zh")
                                       for path in source_pages(lang)])
def test_no_serious_accessibility_violation(axe_page, browser, server, built_site, code_samples,
                                            lang, path):
    """axe-core finds nothing serious, in either palette. A page whose HTML, styles
    and scripts are byte for byte those of a page that passed before (same axe-core,
    same browser) has the same verdict: it is recorded, not checked again."""
    sample = path in code_samples[lang]
    key = axe_key(built_site, lang, path, sample, browser.version)
    passed = AXE_CACHE / f"{lang}-{path.replace('/', '_')}-{key}"
    if passed.is_file():
        return
    page = axe_page(server)
    page.goto(server + ("" if lang == "en" else "zh/") + path.removesuffix("index.html"))
    page.wait_for_function(  # math typeset: what the reader sees is what is checked
        "() => [...document.querySelectorAll('.arithmatex')].every(e => e.querySelector('mjx-container'))",
        timeout=30000)
    found = serious_violations(page, sample)
    assert not found, found
    for old in AXE_CACHE.glob(f"{lang}-{path.replace('/', '_')}-*"):
        old.unlink()
    AXE_CACHE.mkdir(parents=True, exist_ok=True)
    passed.write_text("passed\n")
