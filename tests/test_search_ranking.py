"""Search in the built site, as a reader uses it (headless Chromium, see tests/test_browser.py).

The errata, glossary and notation pages mention nearly every term of the course, so without a
lower search boost (their front matter) they came first for queries such as "Adam" or 梯度消失.
A query for a topic must land on the week that teaches it. And a Chinese query is highlighted
on the result page by its own words (overrides/assets/javascripts/search-highlight.js), not by
the fragments of the index that matched it (批归一化 used to highlight a lone 一).
"""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.test_browser import browser, page, search, server, watched_page  # noqa: F401 (fixtures)

REFERENCE = ("errata/", "glossary/", "notation/")

TEACHING = [  # (language, query, the pages that teach it: the first result must be one of them)
    ("en", "Adam", {"course-2/week-2/"}),
    ("en", "F1 score", {"course-3/week-1/"}),
    # Course 2 teaches vanishing gradients in deep networks, Course 5 Week 1 in RNNs
    ("en", "vanishing gradients", {"course-2/week-1/", "course-5/week-1/"}),
    ("en", "Xavier", {"course-2/week-1/"}),
    ("en", "dropout", {"course-2/week-1/"}),
    ("en", "error analysis", {"course-3/week-2/"}),
    ("zh", "反向传播", {"zh/course-1/week-3/", "zh/course-1/week-4/"}),
    ("zh", "梯度消失", {"zh/course-2/week-1/"}),
    ("zh", "随机失活", {"zh/course-2/week-1/"}),
    ("zh", "精确率", {"zh/course-3/week-1/"}),
    ("zh", "数据不匹配", {"zh/course-3/week-2/"}),
    # 偏差 is both the bias of bias/variance and the bias of bias correction; Material's
    # in-browser segmentation of the query also matches 偏 alone, so Course 5 Week 2's
    # lesson on debiasing embeddings (去偏) is a lesson on bias too
    ("zh", "偏差", {"zh/course-2/week-1/", "zh/course-2/week-2/", "zh/course-3/week-1/",
                  "zh/course-3/week-2/", "zh/course-5/week-2/"}),
]


def path_of(href, server):
    return urlparse(href).path.removeprefix(urlparse(server).path)


@pytest.fixture(scope="module")
def home(browser, server):
    """home(lang): the home page of a language, opened once for all its queries (each
    load builds the search index in the browser again)."""
    opened = {}

    def open_home(lang):
        if lang not in opened:
            opened[lang] = watched_page(browser, server)
            opened[lang].goto(server + ("zh/" if lang == "zh" else ""))
        return opened[lang]

    yield open_home
    for page in opened.values():
        assert page.problems == []
        page.context.close()


@pytest.mark.parametrize("lang,query,pages", TEACHING, ids=[q for _, q, _ in TEACHING])
def test_a_topic_query_lands_on_the_week_that_teaches_it(home, server, lang, query, pages):
    hrefs = search(home(lang), query)
    assert hrefs, query
    first = path_of(hrefs[0], server)
    assert first in pages, (query, [path_of(h, server) for h in hrefs[:6]])


@pytest.mark.parametrize("lang,query,expected", [("en", "Adaption", "errata/"),
                                                ("zh", "Adaption", "zh/errata/")])
def test_a_query_only_the_errata_answer_still_finds_them(home, server, lang, query, expected):
    hrefs = [path_of(h, server) for h in search(home(lang), query)]
    assert hrefs and hrefs[0] == expected, hrefs


def test_chinese_query_is_highlighted_by_its_own_words(page, server):
    page.goto(server + "zh/")
    query = "批归一化"
    search(page, query)
    link = page.locator(".md-search-result__item a[href*='course-2/week-3/']").first
    link.click()
    page.wait_for_url("**/zh/course-2/week-3/**")
    assert parse_qs(urlparse(page.url).query)["h"] == [query]
    marks = page.locator("article mark[data-md-highlight]")
    marks.first.wait_for(timeout=10000)
    texts = set(marks.all_inner_texts())
    assert texts == {query}, texts
