"""Lab code and its printed output stay inside their boxes at common window widths.

The notebook code box of a lab is narrower than a week page's (about 640 px at 1280 px), so
lines wrap there (overrides/assets/stylesheets/extra.css) instead of running past the edge.
Headless Chromium, with the fixtures of tests/test_browser.py.
"""

from pathlib import Path

import pytest

from tests.test_browser import browser, page, server  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parent.parent
LABS = sorted(p.relative_to(ROOT / "docs" / "en").with_suffix("").as_posix() + "/"
              for p in (ROOT / "docs" / "en").glob("course-*/lab-*.py"))
OVERFLOWING = """() => [...document.querySelectorAll(
    'article .jp-InputArea pre, article .jp-OutputArea pre')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right
               > document.querySelector('article').getBoundingClientRect().right + 1)
  .map(e => e.innerText.split('\\n').reduce((a, l) => l.length > a.length ? l : a, ''))"""


@pytest.mark.parametrize("lab", LABS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lab_code_lines_fit_their_box(page, server, lang, lab):
    """At a desktop, a laptop and a phone width (the page is loaded once and resized:
    the layout follows the viewport)."""
    page.goto(server + ("zh/" if lang == "zh" else "") + lab)
    page.wait_for_load_state("networkidle")
    assert page.locator("article .jp-InputArea pre").count() >= 5, lab
    for width in (1280, 1024, 390):
        page.set_viewport_size({"width": width, "height": 900})
        assert page.evaluate(OVERFLOWING) == [], (lab, width)
