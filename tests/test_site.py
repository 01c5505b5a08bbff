"""The built site: strict build, both languages page for page, snippets, figures,
labs, offline assets, search, the language switcher, and page code that runs."""

import ast
import functools
import json
import posixpath
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
import lxml.html

ROOT = Path(__file__).resolve().parent.parent
DOCS = {lang: ROOT / "docs" / lang for lang in ("en", "zh")}
LANGS = tuple(DOCS)
INCLUDE = re.compile(r'^\s*--8<--\s+"([^":]+)(?::([\w-]+))?"\s*$', re.M)
CJK = re.compile(r"[\u4e00-\u9fff]")
LAB = "course-1/lab-logistic-regression/index.html"
WEEK2 = "course-1/week-2/index.html"
FOREIGN = re.compile(r"^(https?:)?//", re.I)


@functools.lru_cache(maxsize=None)
def soup(site, lang, page):
    """The parsed built page, an lxml element (parsed once per session; tests only read it)."""
    return lxml.html.document_fromstring((site.root(lang) / page).read_text(encoding="utf-8"))


def select(element, css):
    """Elements under ``element`` that match the CSS selector ``css``, in document order."""
    return element.cssselect(css)


def select_one(element, css):
    """The first element under ``element`` matching ``css``, or None."""
    found = element.cssselect(css)
    return found[0] if found else None


def sources(lang):
    root = DOCS[lang]
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def python_blocks(page_soup):
    """Text of the page's Python code blocks, in page order (what the copy button copies)."""
    return [select_one(div, "code").text_content()
            for div in select(page_soup, "div.language-python.highlight")]


def resolve(page, href):
    """Resolve a relative link found on built ``page`` to a path under its language root."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return target + "/index.html" if href.split("#")[0].endswith("/") else target


# --- the build --------------------------------------------------------------

def test_strict_build_succeeds_without_warnings(built_site):
    assert built_site.returncode == 0, built_site.log[-3000:]
    mkdocs_warnings = [line for line in built_site.log.splitlines()
                       if re.match(r"^(WARNING|ERROR)\s+-", line)]
    assert mkdocs_warnings == []
    # nothing but MkDocs' own log lines (no chatter from jieba or the notebook kernels)
    stray = [line for line in built_site.log.splitlines()
             if line.strip() and not re.match(r"^(INFO|DEBUG)\s+-", line)]
    assert stray == []


def test_every_page_exists_in_both_languages(built_site):
    assert sources("en") == sources("zh")
    assert built_site.pages("en") == built_site.pages("zh")
    assert WEEK2 in built_site.pages("en") and LAB in built_site.pages("zh")


def test_every_included_snippet_region_exists():
    includes = [(page, m.group(1), m.group(2)) for lang in LANGS
                for page in DOCS[lang].rglob("*.md")
                for m in INCLUDE.finditer(page.read_text(encoding="utf-8"))]
    assert includes, "the pages include no snippets at all"
    for page, path, section in includes:
        text = (ROOT / path).read_text(encoding="utf-8")
        if section:
            assert f"# --8<-- [start:{section}]" in text, f"{page}: {path}:{section}"
            assert f"# --8<-- [end:{section}]" in text, f"{page}: {path}:{section}"


def test_snippet_regions_appear_verbatim_on_the_built_page(built_site):
    from snippets import logistic_regression

    source = Path(logistic_regression.__file__).read_text(encoding="utf-8")
    region = source.split("# --8<-- [start:propagate]\n")[1].split("# --8<-- [end:propagate]")[0]
    for lang in LANGS:
        assert any(region.strip() in block for block in python_blocks(soup(built_site, lang, WEEK2)))


# --- both languages move together ------------------------------------------

def test_languages_have_the_same_structure(built_site):
    for page in built_site.pages("en"):
        if page != "404.html":
            check_same_structure(built_site, page)


def check_same_structure(built_site, page):
    en, zh = soup(built_site, "en", page), soup(built_site, "zh", page)
    article = {lang: select_one(s, "article") for lang, s in (("en", en), ("zh", zh))}
    selectors = ["h2", "figure img", "div.highlight", "table", "div.arithmatex", ".jp-Cell"]
    if re.fullmatch(r"course-\d/week-\d/index.html", page) and not is_outline("en", page):
        # a written week: every inline formula too
        selectors.append(".arithmatex")
    for selector in selectors:
        assert len(select(article["en"], selector)) == len(select(article["zh"], selector)), (
            page, selector)
    titled = {lang: [d.text_content() for d in select(a, "div.highlight")
                     if select_one(d, ".filename") is not None]
              for lang, a in article.items()}
    assert titled["en"] == titled["zh"], page  # included snippets are identical
    assert CJK.search(article["zh"].text_content()) and not CJK.search(
        select_one(article["en"], "h1").text_content())


def test_glossary_rows_match_across_languages(built_site):
    rows = {}
    for lang in LANGS:
        table = select_one(soup(built_site, lang, "glossary/index.html"), "article table")
        rows[lang] = [[td.text_content().strip() for td in select(tr, "td")][:2]
                      for tr in select(table, "tbody tr")]
    assert rows["en"] == rows["zh"] and len(rows["en"]) >= 60
    assert all(zh for _, zh in rows["en"])  # some terms stay Latin in Chinese (Adam, ReLU)
    terms = dict(rows["en"])
    for english, chinese in (("gradient descent", "梯度下降"), ("backpropagation", "反向传播"),
                             ("regularization", "正则化"), ("batch normalization", "批归一化")):
        assert terms[next(t for t in terms if t.lower() == english)] == chinese


def test_every_erratum_names_an_existing_test_in_both_languages():
    """Errata entries name their proof as tests/test_errata_cN.py::test_name; the two
    languages name the same tests in the same order, and every errata test is named."""
    named = {lang: re.findall(r"`(tests/test_errata_c\d\.py)::(test_\w+)`",
                              (DOCS[lang] / "errata.md").read_text(encoding="utf-8"))
             for lang in LANGS}
    assert named["en"] == named["zh"] and len(named["en"]) >= 40
    assert len(set(named["en"])) == len(named["en"])  # one test per entry
    defined = {(path.relative_to(ROOT).as_posix(), node.name)
               for path in sorted(ROOT.glob("tests/test_errata_c*.py"))
               for node in ast.parse(path.read_text(encoding="utf-8")).body
               if isinstance(node, ast.FunctionDef) and node.name.startswith("test_")}
    assert set(named["en"]) == defined


def is_outline(lang, page):
    """Whether the source of a built page carries the skeleton's ``outline: true``."""
    source = DOCS[lang] / (page[: -len("/index.html")] + ".md")
    return source.is_file() and source.read_text(encoding="utf-8").startswith("---\noutline: true\n")


def test_outline_banner_exactly_on_outline_pages(built_site):
    written = 0
    for lang in LANGS:
        for page in built_site.pages(lang):
            if re.fullmatch(r"course-\d/week-\d/index.html", page):
                notice = select_one(soup(built_site, lang, page), ".outline-notice")
                assert (notice is not None) == is_outline(lang, page), (lang, page)
                assert is_outline(lang, page) == is_outline("en", page), page  # both move together
                written += not is_outline(lang, page)
    assert written >= 2 and not is_outline("en", WEEK2)


# --- figures and labs ---------------------------------------------------------

def test_every_referenced_image_exists(built_site):
    checked = 0
    for lang in LANGS:
        for page in built_site.pages(lang):
            for img in select(soup(built_site, lang, page), "article img"):
                src = img.get("src")
                if src.startswith("data:"):
                    continue
                assert not FOREIGN.match(src), (page, src)
                assert (built_site.root(lang) / resolve(page, src)).is_file(), (lang, page, src)
                checked += 1
    assert checked >= 8


def test_figures_are_drawn_in_the_page_language(built_site):
    for lang in LANGS:
        figures = sorted((built_site.root(lang) / "figures").glob("*.svg"))
        assert len(figures) >= 4
        for svg in figures:
            has_cjk = bool(CJK.search(svg.read_text(encoding="utf-8")))
            assert not (lang == "en" and has_cjk), svg
    week2 = [img.get("src") for img in select(soup(built_site, "zh", WEEK2), "figure img")]
    assert len(week2) == 4


PAGE_BUDGET = 1_000_000  # bytes: a page's HTML plus the figures it shows
FIGURE_BUDGET = 300_000  # bytes: one figure file


def page_weight(built_site, lang, page):
    """Bytes a reader downloads for ``page`` besides the shared theme and math assets:
    its HTML (with the images inlined in it) and every figure file it shows."""
    root = built_site.root(lang)
    files = {resolve(page, img.get("src")) for img in select(soup(built_site, lang, page), "img")
             if not img.get("src").startswith("data:")}
    return (root / page).stat().st_size + sum((root / f).stat().st_size for f in files)


def test_every_page_and_figure_is_within_its_weight_budget(built_site):
    heavy = {}
    for lang in LANGS:
        for page in built_site.pages(lang):
            weight = page_weight(built_site, lang, page)
            if weight > PAGE_BUDGET:
                heavy[f"{lang}/{page}"] = weight
        for svg in (built_site.root(lang) / "figures").glob("*.svg"):
            if svg.stat().st_size > FIGURE_BUDGET:
                heavy[f"{lang}/figures/{svg.name}"] = svg.stat().st_size
    assert not heavy, heavy
    # the measure counts what a page shows: a figure page weighs more than its HTML
    week = "course-1/week-4/index.html"
    assert page_weight(built_site, "en", week) > (built_site.root("en") / week).stat().st_size


def test_dense_figure_parts_are_embedded_images_and_text_stays_text(built_site):
    svg = (built_site.root("zh") / "figures" / "c1w4-flower-boundaries.svg").read_text(
        encoding="utf-8")
    assert "<image" in svg and "data:image/png;base64" in svg  # the regions and points
    assert "<text" in svg and CJK.search(svg)  # titles and labels: text, in Chinese


def test_every_figure_has_alt_text_in_the_page_language(built_site):
    checked = 0
    for lang in LANGS:
        for page in built_site.pages(lang):
            for img in select(soup(built_site, lang, page), "article img"):
                alt = (img.get("alt") or "").strip()
                assert alt and "No description" not in alt, (lang, page, img.get("src")[:60])
                assert bool(CJK.search(alt)) == (lang == "zh"), (lang, page, alt)
                checked += 1
    assert checked >= 40


def lab_pages(built_site, lang):
    return [p for p in built_site.pages(lang) if re.search(r"/lab-[\w-]+/index.html$", p)]


def test_labs_render_with_executed_outputs_in_both_languages(built_site):
    assert LAB in lab_pages(built_site, "en")
    assert lab_pages(built_site, "en") == lab_pages(built_site, "zh")
    for lang in LANGS:
        for page in lab_pages(built_site, lang):
            lab = soup(built_site, lang, page)
            assert select(lab, ".jp-Cell") and select(lab, ".jp-OutputArea-output"), (lang, page)
            assert select(lab, ".jp-RenderedSVG img, .jp-RenderedImage img"), (lang, page)
            assert not select(lab, "[data-mime-type='application/vnd.jupyter.stderr']"), (lang, page)
            assert "Traceback" not in lab.text_content(), (lang, page)
            stem = page.split("/")[-2]
            for suffix in (".py", ".ipynb"):  # downloadable, and linked from the page
                assert (built_site.root(lang) / page).with_name(stem + suffix).is_file()
                assert select_one(lab, f"a.lab-download[href='{stem}{suffix}']") is not None, (
                    lang, page)
            if lang == "zh":  # a break inside Chinese text would show as a space
                for cell in select(lab, ".jp-MarkdownCell"):
                    text = lxml.html.tostring(cell, encoding="unicode")
                    assert not re.search(r"[\u4e00-\u9fff，。：；、]\n[\u4e00-\u9fff]", text), page
            notebook = json.loads((built_site.root(lang) / page).with_name(stem + ".ipynb").read_text())
            assert notebook["nbformat"] == 4 and len(notebook["cells"]) >= 5
    assert "train accuracy" in soup(built_site, "en", LAB).text_content()
    assert "训练集准确率" in soup(built_site, "zh", LAB).text_content()


def test_both_languages_of_a_lab_run_the_same_experiment():
    """The code cells of the English and the Chinese lab use the same numbers (sizes,
    seeds, hyperparameters) and call the same functions; only text may differ."""
    def fingerprint(path):
        cells = [c.source for c in jupytext.read(path).cells if c.cell_type == "code"]
        code = "\n".join(line for line in "\n".join(cells).splitlines()
                         if not line.lstrip().startswith("%"))  # IPython magics
        nodes = list(ast.walk(ast.parse(code)))
        numbers = sorted(n.value for n in nodes if isinstance(n, ast.Constant)
                         and type(n.value) in (int, float))
        called = {ast.unparse(n.func) for n in nodes if isinstance(n, ast.Call)}
        return numbers, called

    labs = sorted(DOCS["en"].glob("course-*/lab-*.py"))
    assert len(labs) >= 4
    for lab in labs:
        en, zh = fingerprint(lab), fingerprint(DOCS["zh"] / lab.relative_to(DOCS["en"]))
        assert en[0] == zh[0], f"{lab.name}: numbers differ"
        assert en[1] == zh[1], f"{lab.name}: {en[1] ^ zh[1]}"


def test_every_finished_course_has_a_lab(built_site):
    """A course none of whose weeks is still an outline offers at least one lab."""
    finished = [d.name for d in sorted(DOCS["en"].glob("course-*"))
                if not any("outline: true" in w.read_text(encoding="utf-8")
                           for w in d.glob("week-*.md"))]
    assert {"course-1", "course-2", "course-3"} <= set(finished)
    for course in finished:
        labs = [p for p in lab_pages(built_site, "en") if p.startswith(course + "/")]
        assert labs, f"{course} has no lab"


# --- offline ------------------------------------------------------------------

def test_no_page_loads_anything_from_another_origin(built_site):
    for lang in LANGS:
        for page in built_site.pages(lang):
            s = soup(built_site, lang, page)
            for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"),
                              ("iframe", "src"), ("source", "src"), ("video", "src")):
                for el in s.iter(tag):
                    url = el.get(attr) or ""
                    if tag == "link" and set((el.get("rel") or "").split()) <= {"canonical",
                                                                                 "alternate"}:
                        continue  # links for crawlers, not loaded by the browser
                    assert not FOREIGN.match(url), (lang, page, tag, url)
            for style in s.iter("style"):
                assert not re.search(r"url\(\s*['\"]?(https?:)?//", style.text_content()), (
                    lang, page)
    for css in built_site.path.rglob("*.css"):
        assert not re.search(r"(@import|url\()\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css


def test_math_is_served_by_the_site(built_site):
    for lang in LANGS:
        s = soup(built_site, lang, WEEK2)
        scripts = [el.get("src") for el in select(s, "script[src]")]
        mathjax = [src for src in scripts if src.endswith("assets/mathjax/tex-chtml.js")]
        assert mathjax, scripts
        assert (built_site.root(lang) / resolve(WEEK2, mathjax[0])).is_file()
        assert len(select(s, ".arithmatex")) > 40
    fonts = list((built_site.path / "assets/mathjax/output/chtml/fonts/woff-v2").glob("*.woff"))
    assert len(fonts) > 20


# --- search and the language switcher ----------------------------------------

def test_each_language_has_its_own_search_index(built_site):
    en = json.loads((built_site.path / "search/search_index.json").read_text(encoding="utf-8"))
    zh = json.loads((built_site.path / "zh/search/search_index.json").read_text(encoding="utf-8"))
    assert en["config"]["lang"] == ["en"] and zh["config"]["lang"] == ["zh"]
    assert "\\u200b" in zh["config"]["separator"]  # the regex escape, read by the browser
    assert not any(CJK.search(d["title"]) for d in en["docs"])
    week2 = [d for d in zh["docs"] if d["location"].startswith("course-1/week-2/")]
    assert any("梯度下降" in d["text"].replace("\u200b", "") for d in week2)
    assert any("\u200b" in d["text"] for d in week2)  # jieba segmented the Chinese text


@pytest.mark.parametrize("lang", LANGS)
def test_language_switcher_leads_to_the_same_page(built_site, lang):
    other = "zh" if lang == "en" else "en"
    for page in built_site.pages(lang):
        if page == "404.html":
            continue
        links = select(soup(built_site, lang, page), "a.md-select__link")
        assert {a.get("hreflang") for a in links} == set(LANGS)
        href = next(a.get("href") for a in links if a.get("hreflang") == other)
        target = resolve(page, href)
        if lang == "en":
            assert target == f"zh/{page}", (page, href)
        else:
            assert target == f"../{page}", (page, href)


# --- the page's code, as a reader copies it ----------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_code_blocks_run_in_page_order_in_a_fresh_python(built_site, lang, tmp_path):
    """The page's "download all code" file holds every Python block of the page, in
    page order (after a header of comments), and that very file runs in a fresh
    interpreter outside the checkout with only NumPy and Matplotlib. (A file whose
    bytes passed before, with the same Python, NumPy and Matplotlib, is not run again.)"""
    from importlib.metadata import version  # noqa: PLC0415
    import hashlib  # noqa: PLC0415

    ran = 0
    for page in built_site.pages(lang):
        page_soup = soup(built_site, lang, page)
        blocks = python_blocks(page_soup)
        link = select_one(page_soup, "article a.code-download")
        if not blocks:
            assert link is None, (lang, page)
            continue
        assert link is not None and link.get("href") == page.removesuffix("/index.html").replace(
            "/", "-") + ".py", (lang, page)
        download = (built_site.root(lang) / page).parent / link.get("href")
        program = download.read_text(encoding="utf-8")
        header, _, body = program.partition("\n\n")
        assert all(line.startswith("#") for line in header.splitlines()), download
        assert page.removesuffix("index.html") in header and link.get("href") in header
        assert body == "\n\n".join(block.rstrip("\n") + "\n" for block in blocks), download
        imported = {alias.name.split(".")[0] for node in ast.walk(ast.parse(program))
                    if isinstance(node, ast.Import) for alias in node.names}
        imported |= {node.module.split(".")[0] for node in ast.walk(ast.parse(program))
                     if isinstance(node, ast.ImportFrom) and node.module}
        assert imported <= {"numpy", "matplotlib"} | set(sys.stdlib_module_names), imported
        digest = hashlib.sha256(program.encode() + sys.version.encode())
        for package in ("numpy", "matplotlib"):
            digest.update(f"{package}={version(package)}".encode())
        passed = ROOT / ".cache" / "fresh" / f"{lang}-{link.get('href')}-{digest.hexdigest()[:24]}"
        ran += 1
        if passed.is_file():
            continue
        shutil.copyfile(download, tmp_path / download.name)
        proc = subprocess.run(
            [sys.executable, "-I", "-c",
             "import importlib.util, runpy, sys\n"
             "assert importlib.util.find_spec('snippets') is None\n"
             "runpy.run_path(sys.argv[1], run_name='__main__')", download.name],
            cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, f"{lang}/{page}:\n{proc.stderr[-2000:]}"
        for old in passed.parent.glob(f"{lang}-{link.get('href')}-*"):
            old.unlink()
        passed.parent.mkdir(parents=True, exist_ok=True)
        passed.write_text("passed\n")
    assert ran >= 1


@pytest.mark.parametrize("lang", LANGS)
def test_top_level_definitions_in_code_blocks_are_separated_by_two_blank_lines(built_site, lang):
    """Regions included one after another keep PEP 8 spacing, as a reader would paste them."""
    crowded = []
    for page in built_site.pages(lang):
        for block in python_blocks(soup(built_site, lang, page)):
            lines = block.splitlines()
            for i, line in enumerate(lines[1:], start=1):
                before = lines[i - 1].lstrip()
                if (re.match(r"(def|class) |@", line) and not before.startswith(("@", "#"))
                        and (i < 2 or before or lines[i - 2].strip())):
                    crowded.append(f"{page}: {line[:40]}")
    assert not crowded, crowded[:10]


def test_course_index_marks_exactly_the_outline_weeks():
    for lang, marker in (("en", "(outline)"), ("zh", "（提纲）")):
        for index in sorted(DOCS[lang].glob("course-*/index.md")):
            weeks = re.findall(r"^- \[[^\]]+\]\((week-\d)\.md\).*$", index.read_text(encoding="utf-8"), re.M)
            lines = {m.group(1): m.group(0) for m in re.finditer(
                r"^- \[[^\]]+\]\((week-\d)\.md\).*$", index.read_text(encoding="utf-8"), re.M)}
            assert weeks, index
            for week, line in lines.items():
                page = f"{index.parent.name}/{week}/index.html"
                assert line.endswith(marker) == is_outline(lang, page), (lang, index, week)
