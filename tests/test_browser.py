"""The built site in headless Chromium (Debian's package, driven by Playwright).

Math is typeset, the language switcher keeps the reader on the same page, a
Chinese query finds the Chinese page, nothing is logged as an error, and no
request leaves the local server. Skipped, with the reason, only when no
Chromium is installed and this is not CI; under CI a missing Chromium fails.
"""

import functools
import http.server
import os
import shutil
import threading

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

pytestmark = pytest.mark.browser

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
    yield page
    assert page.problems == []
    context.close()


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
    """
    page.wait_for_load_state("networkidle")
    box = page.locator("input.md-search__input")
    results = page.locator(".md-search-result__item a")
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
