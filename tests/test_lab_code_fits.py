"""Lab code and its printed output stay inside their boxes at common window widths.

The notebook code box of a lab is narrower than a week page's (about 640 px at 1280 px), so
lines wrap there (overrides/assets/stylesheets/extra.css) instead of running past the edge.
Headless Chromium, with the fixtures of tests/test_browser.py.
"""

import pytest

from tests.test_browser import browser, page, server  # noqa: F401 (fixtures)

LABS = ["course-1/lab-logistic-regression/", "course-1/lab-deep-network/",
        "course-2/lab-optimizers-batch-norm/", "course-3/lab-mismatched-data/"]
OVERFLOWING = """() => [...document.querySelectorAll(
    'article .jp-InputArea pre, article .jp-OutputArea pre')]
  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right
               > document.querySelector('article').getBoundingClientRect().right + 1)
  .map(e => e.innerText.split('\\n').reduce((a, l) => l.length > a.length ? l : a, ''))"""


@pytest.mark.parametrize("width", [1280, 1024, 390])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_lab_code_lines_fit_their_box(page, server, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    for lab in LABS:
        page.goto(server + ("zh/" if lang == "zh" else "") + lab)
        page.wait_for_load_state("networkidle")
        assert page.locator("article .jp-InputArea pre").count() >= 5, lab
        assert page.evaluate(OVERFLOWING) == [], (lab, width)
