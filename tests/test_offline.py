"""Taking the notes offline: the PDF book of each language (``make pdf``,
``hooks/pdf.py``), self-contained lab downloads (``hooks/standalone.py``), the
print stylesheet, and the GitHub Pages workflow.

The PDFs are made from the test run's build; ``hooks/pdf.py`` caches them by
the bytes of the built pages (and everything else they are made from), so a run
in which no page changed copies them instead of printing them again. Text
extracted from a PDF, and a lab notebook that ran to the end, are cached by the
file's hash the same way (``.cache/offline``).
"""

import fcntl
import hashlib
import http.server
import functools
import json
import re
import shutil
import sys
import tempfile
import threading
from importlib.metadata import version
from pathlib import Path

import jupytext
import nbformat
import pytest
import yaml
import lxml.html

from hooks import pdf, standalone

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "zh")
CACHE = ROOT / ".cache" / "offline"
TEX = re.compile(r"\\(frac|sum|mathbf|left|right|begin|end|hat|partial|sqrt|cdot|quad)\b"
                 r"|\\\(|\\\)|\\\[|\\\]|\$\$")
RADICAL = re.compile("[\u2e80-\u2eff\u2f00-\u2fdf]")


def squash(text):
    return re.sub(r"\s+", "", text)


@functools.lru_cache(maxsize=None)
def titles(site_root):
    """{built page: its h1's text} of one built language."""
    found = {}
    for path in Path(site_root).rglob("index.html"):
        h1 = lxml.html.document_fromstring(path.read_text(encoding="utf-8")).cssselect("article h1")
        if h1:
            for a in h1[0].cssselect("a"):
                a.drop_tree()  # the permalink; its tail text stays
            found[path.relative_to(site_root).as_posix()] = squash(h1[0].text_content())
    return found


def locked(name):
    """An exclusive lock shared by the xdist workers (one prints, the other waits)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    handle = open(CACHE / f"{name}.lock", "w")
    fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


@pytest.fixture(scope="session")
def books(built_site):
    """{lang: record of hooks.pdf.make_pdfs} for the test build's site."""
    assert built_site.returncode == 0, built_site.log[-2000:]
    with locked("pdf"):
        return pdf.make_pdfs(built_site.path)


class Book:
    """A PDF, its outline as (depth, title, page index), and the text of its pages
    (extracted on demand, cached by the PDF's hash). Text and outline are read with
    PDFium (pypdfium2: the whole book in seconds, where pypdf takes about a second a
    page); ``reader`` (pypdf, opened when first used) reads links and fonts."""

    def __init__(self, path):
        import pypdfium2  # noqa: PLC0415

        self.path, self.document = path, pypdfium2.PdfDocument(path)
        self.pages = len(self.document)
        self.digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        # (Chromium drops the space where a long heading wraps: compare squashed)
        self.outline = [(item.level, squash(item.get_title()), item.get_dest().get_index())
                        for item in self.document.get_toc()]
        self.cache = CACHE / f"text-pdfium-{version('pypdfium2')}-{self.digest}.json"
        self.texts = json.loads(self.cache.read_text()) if self.cache.is_file() else {}

    @functools.cached_property
    def reader(self):
        from pypdf import PdfReader  # noqa: PLC0415

        return PdfReader(self.path, strict=True)  # (not strict: it reads every object header)

    def text(self, index):
        key = str(index)
        if key not in self.texts:
            self.texts[key] = self.document[index].get_textpage().get_text_range()
        return self.texts[key]

    def save(self):
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        partial = self.cache.with_suffix(f".{id(self)}.partial")
        partial.write_text(json.dumps(self.texts))
        partial.replace(self.cache)


@pytest.fixture(scope="session")
def book(books, built_site):
    opened = {lang: Book(built_site.path / "pdf" / f"dl-notes-{lang}.pdf") for lang in LANGS}
    yield opened
    for b in opened.values():
        b.save()


def course_pages(lang):
    """[(course index page, [its weeks' and labs' pages])] in the nav's order."""
    courses = []
    for section, sources in pdf.nav_files(lang)[1:]:
        pages = [pdf.built_path(s) for s in sources]
        courses.append((pages[0], pages[1:]))
    return courses


# --- the PDFs ---------------------------------------------------------------------

def test_make_pdf_writes_both_books_and_loads_nothing_from_another_origin(books, built_site):
    for lang in LANGS:
        path = built_site.path / "pdf" / f"dl-notes-{lang}.pdf"
        assert path.is_file() and path.read_bytes().startswith(b"%PDF")
        assert path.stat().st_size > 500_000, path
        # recorded when it was printed: every request went to the local server
        assert books[lang]["foreign"] == [] and books[lang]["local"] > 10, books[lang]
        document, assets = pdf.cached_book_html(built_site.path, lang)  # what was printed
        assert all(a.startswith("/") for a in assets), assets
        assert not re.search(r"""(src|href)=["'](https?:)?//(?!dl-notes)""", document.split(
            "<body", 1)[0])
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^pdf: build\b.*\n\t.*-m hooks\.pdf site$", makefile, re.M)


def test_a_rebuild_with_the_same_pages_does_not_print_again(books, built_site):
    again = pdf.make_pdfs(built_site.path)
    assert all(not r["printed"] for r in again.values())
    assert {lang: r["key"] for lang, r in again.items()} == {
        lang: r["key"] for lang, r in books.items()}


@pytest.mark.parametrize("lang", LANGS)
def test_outline_has_every_course_and_week(book, built_site, lang):
    outline = book[lang].outline
    top = [(title, page) for depth, title, page in outline if depth == 0]
    names = titles(str(built_site.root(lang)))
    for course, weeks in course_pages(lang):
        assert names[course] in [t for t, _ in top], (lang, course)
        start = [t for t, _ in top].index(names[course])
        following = outline[outline.index((0, *top[start])) + 1:]
        children = []
        for depth, title, _ in following:
            if depth == 0:
                break
            if depth == 1:
                children.append(title)
        for week in weeks:
            assert names[week] in children, (lang, week, children)
    for page in ("index.html", "notation/index.html", "glossary/index.html", "errata/index.html"):
        assert names[page] in [t for t, _ in top], (lang, page)
    assert [t for t, _ in top][-1] == names["errata/index.html"]  # the appendix, last
    pages = [p for _, _, p in outline]
    assert pages == sorted(pages)  # in page order
    assert book[lang].pages > 100


@pytest.mark.parametrize("lang", LANGS)
def test_each_week_starts_with_its_title_and_no_tex_is_left(book, built_site, lang):
    b = book[lang]
    names = titles(str(built_site.root(lang)))
    starts = {title: page for depth, title, page in b.outline if depth <= 1}
    checked = 0
    for _, weeks in course_pages(lang):
        for week in weeks:
            page = starts[names[week]]
            text = b.text(page) + b.text(page + 1)
            assert names[week] in squash(text), (lang, week)
            assert not TEX.search(text), (lang, week, TEX.search(text).group(0))
            checked += 1
    # every page of a formula-heavy week: typeset, none of it left as TeX
    first = starts[names["course-1/week-2/index.html"]]
    last = min(p for p in starts.values() if p > first)
    for page in range(first, last):
        assert not TEX.search(b.text(page)), (lang, page, TEX.search(b.text(page)).group(0))
    assert checked >= 20


def test_chinese_extracts_as_real_characters(book, built_site):
    """Searching 神经网络 finds it, and no Kangxi radical (⽹, ⼀) stands in for an
    ideograph: not in any font's ``/ToUnicode`` map (what readers such as pypdf,
    Poppler or pdf.js go by), nor in what pypdf extracts from the first pages.
    (PDFium, which extracts the text of the other tests, maps radicals back to
    ideographs by itself, so it would not see an unrepaired book.)"""
    b = book["zh"]
    starts = [page for depth, _, page in b.outline if depth <= 1]
    read = sorted(set(range(0, 12)) | set(starts) | {p + 1 for p in starts})
    text = "".join(b.text(p) for p in read if p < b.pages)
    assert "神经网络" in text and "梯度下降" in text and "反向传播" in text
    assert not RADICAL.search(text), sorted(set(RADICAL.findall(text)))
    fonts = pdf.font_streams(b.reader)
    assert fonts  # the text has fonts with ToUnicode maps (embedded: Chromium subsets them)
    mapped = "".join(text for _, stream in fonts.values()
                     for text in pdf.parse_cmap(stream.get_data()).values())
    assert all(c in mapped for c in "神经网络梯度下降反向传播")  # the maps are read
    assert not RADICAL.search(mapped), sorted(set(RADICAL.findall(mapped)))
    # the title page, the contents and the home page, as pypdf reads them
    first = "".join(b.reader.pages[p].extract_text() for p in range(0, 4))
    assert "神经网络" in first and "网站" in first, first[:500]
    assert not RADICAL.search(first), sorted(set(RADICAL.findall(first)))


def test_english_book_is_in_english(book, built_site):
    b = book["en"]
    text = "".join(b.text(p) for p in range(0, 8))
    assert "Deep Learning Notes" in text and not re.search(r"[\u4e00-\u9fff]", text)


@pytest.mark.parametrize("lang", LANGS)
def test_pages_are_numbered_and_links_stay_inside(book, lang):
    from pypdf.generic import ArrayObject  # noqa: PLC0415

    b = book[lang]
    n = b.pages
    for index in (1, 5, n // 2, n - 1):
        assert re.search(rf"\b{index + 1} / {n}\s*$", b.text(index).strip()), (lang, index)
    internal = 0
    for index in range(0, min(n, 40)):
        for annot in b.reader.pages[index].get("/Annots") or []:
            annot = annot.get_object()
            if annot.get("/Subtype") != "/Link":
                continue
            dest = annot.get("/Dest")
            if dest is None and "/A" in annot and annot["/A"].get("/S") == "/GoTo":
                dest = annot["/A"]["/D"]
            if dest is not None:
                internal += 1
                if isinstance(dest, ArrayObject):
                    assert dest[0].get_object() in [p.get_object() for p in b.reader.pages]
    # the table of contents alone links every page of the book
    assert internal >= len(pdf.book_order(lang)), (lang, internal)


def test_radicals_in_a_tounicode_map_become_ideographs():
    cmap = (b"begincmap\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n"
            b"2 beginbfchar\n<2E> <2F79>\n<3D> <4E0D>\nendbfchar\n"
            b"2 beginbfrange\n<39> <3B> <4E09>\n<40> <41> [<0041> <2F00>]\nendbfrange\n"
            b"endcmap\nCMapName currentdict /CMap defineresource pop\n")
    fixed, changed = pdf.fix_cmap(cmap)
    assert changed
    assert pdf.parse_cmap(fixed) == {b"2E": "网", b"3D": "不", b"39": "三", b"3A": "上",
                                     b"3B": "下", b"40": "A", b"41": "一"}
    assert pdf.fix_cmap(fixed) == (fixed, False)
    assert fixed.endswith(b"endcmap\nCMapName currentdict /CMap defineresource pop\n")


def test_every_page_links_the_pdf_of_its_language(built_site):
    for lang in LANGS:
        root = built_site.root(lang)
        for page in sorted(p.relative_to(root).as_posix() for p in root.rglob("index.html")
                           if lang == "zh" or not p.relative_to(root).as_posix().startswith("zh/")):
            if page.startswith("pdf/"):
                continue
            page_html = lxml.html.document_fromstring((root / page).read_text(encoding="utf-8"))
            links = page_html.cssselect("article a.pdf-download")
            assert links, (lang, page)
            target = (root / page).parent / links[0].get("href")
            assert target.resolve() == (built_site.path / "pdf" / f"dl-notes-{lang}.pdf").resolve()


# --- lab downloads that run on their own -------------------------------------------

def lab_pages(lang):
    return sorted(p.relative_to(ROOT / "docs" / lang).with_suffix("").as_posix()
                  for p in (ROOT / "docs" / lang).glob("course-*/lab-*.py"))


def test_lab_downloads_inline_the_snippets_they_use(built_site):
    for lang in LANGS:
        for lab in lab_pages(lang):
            folder = built_site.root(lang) / lab
            stem = lab.split("/")[-1]
            notebook = nbformat.read(folder / f"{stem}.ipynb", as_version=4)
            source = jupytext.read(folder / f"{stem}.py")
            code = [c.source for c in notebook.cells if c.cell_type == "code"]
            assert code == [c.source for c in source.cells if c.cell_type == "code"], lab
            added = next(i for i, c in enumerate(code) if "_SNIPPETS = {" in c)
            # just before the first cell that imports snippets
            assert not any(standalone.SNIPPETS_IMPORT.search(c) for c in code[:added]), lab
            assert standalone.SNIPPETS_IMPORT.search(code[added + 1]), (lang, lab)
            inlined = re.findall(r"^    '(snippets/[\w/.]+)':", code[added], re.M)
            for name in inlined:  # exactly the repository's files
                assert (ROOT / name).read_text(encoding="utf-8") in code[added]
            assert "snippets/__init__.py" in inlined and len(inlined) >= 3
            original = jupytext.read(ROOT / "docs" / lang / f"{lab}.py")
            assert [c.source for c in original.cells if c.cell_type == "code"] == (
                code[:added] + code[added + 1:])  # the lab's own cells, unchanged


def lab_cache_entry(lang, lab):
    """The cache entry in which this checkout's build keeps the executed lab."""
    from mkdocs.config import load_config  # noqa: PLC0415

    from hooks import notebooks  # noqa: PLC0415

    config = load_config(str(ROOT / ("mkdocs.yml" if lang == "en" else f"mkdocs.{lang}.yml")))
    notebooks.on_config(config)
    jupyter = config.plugins["mkdocs-jupyter"].config
    plugin = notebooks.mkdocs_jupyter.plugin
    source = ROOT / "docs" / lang / f"{lab}.py"
    return plugin._get_cache_path(jupyter["cache_dir"], plugin._compute_cache_key(str(source), jupyter, True))


@pytest.mark.parametrize("lang,lab", [(lang, lab) for lang in LANGS for lab in lab_pages(lang)])
def test_downloaded_lab_runs_outside_the_repository(built_site, lang, lab):
    """The downloaded notebook imports only NumPy, Matplotlib and the standard library,
    and it ran to the end in a directory outside the repository, in a kernel that could
    not import anything from this checkout: the build executes the download itself
    (``hooks/notebooks.py``, ``run_download``) and the page shows that run; its record,
    kept in the lab's cache entry, says what the kernel saw."""
    assert built_site.returncode == 0, built_site.log[-2000:]
    from hooks import notebooks  # noqa: PLC0415

    stem = lab.split("/")[-1]
    downloaded = nbformat.read(built_site.root(lang) / lab / f"{stem}.ipynb", as_version=4)
    code = "\n".join(c.source for c in downloaded.cells if c.cell_type == "code")
    code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith("%"))
    import ast  # noqa: PLC0415

    imported = {a.name.split(".")[0] for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Import)
                for a in n.names}
    imported |= {n.module.split(".")[0] for n in ast.walk(ast.parse(code))
                 if isinstance(n, ast.ImportFrom) and n.module}
    assert imported <= {"numpy", "matplotlib", "snippets"} | set(sys.stdlib_module_names), imported
    entry = json.loads(lab_cache_entry(lang, lab).read_text(encoding="utf-8"))
    run = entry["download_run"]
    assert run["code"] == notebooks.code_digest(downloaded)  # the very cells offered for download
    assert run["checkout_importable"] is False
    cwd = Path(run["cwd"])
    assert not cwd.is_relative_to(ROOT) and cwd.is_relative_to(tempfile.gettempdir())
    inlined = Path(run["snippets"])  # snippets came from the download's own cell
    assert not inlined.is_relative_to(ROOT) and inlined.is_relative_to(tempfile.gettempdir())
    assert inlined.name == "__init__.py" and inlined.parent.name == "snippets"


# --- print stylesheet ----------------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_printing_a_page_shows_only_the_article(built_site):
    if pdf.shutil.which("chromium") is None:
        pytest.skip("no Chromium on this machine: install Debian's chromium package")
    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    handler = functools.partial(QuietHandler, directory=str(built_site.path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{httpd.server_address[1]}/"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=pdf.CHROMIUM, args=pdf.FLAGS)
            page = browser.new_page()
            foreign = []
            page.on("request", lambda r: None if r.url.startswith((origin, "data:")) else
                    foreign.append(r.url))
            for path in ("zh/course-1/week-4/", "course-1/lab-logistic-regression/"):
                page.goto(origin + path)
                page.emulate_media(media="print")
                hidden = page.evaluate("""() => [".md-header", ".md-tabs", ".md-sidebar--primary",
                    ".md-sidebar--secondary", ".md-footer", ".md-search", ".md-content__button",
                    ".md-clipboard", ".headerlink"].filter(s => document.querySelector(s))
                    .map(s => [s, [...document.querySelectorAll(s)].every(
                        e => getComputedStyle(e).display === "none" || !e.offsetParent)])""")
                assert hidden and all(ok for _, ok in hidden), (path, hidden)
                styles = page.evaluate("""() => ({
                    figure: [...document.querySelectorAll("article figure, .jp-OutputArea-output")]
                        .map(e => getComputedStyle(e).breakInside),
                    code: [...document.querySelectorAll("article pre")]
                        .map(e => getComputedStyle(e).whiteSpace)})""")
                assert styles["figure"] and set(styles["figure"]) == {"avoid"}, (path, styles)
                assert styles["code"] and set(styles["code"]) == {"pre-wrap"}, (path, styles)
                page.emulate_media(media="screen")
                assert page.evaluate("() => getComputedStyle(document.querySelector("
                                     "'.md-header')).display") != "none"
            browser.close()
            assert foreign == []
    finally:
        httpd.shutdown()
        httpd.server_close()


# --- publishing ----------------------------------------------------------------------

def test_pages_workflow_uses_make_targets_that_exist():
    workflow = yaml.safe_load((ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8"))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([\w-]+):", makefile, re.M))
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
    runs = "\n".join(s.get("run", "") for s in steps)
    named = re.findall(r"^\s*make\s+([\w-]+)", runs, re.M)  # commands, not apt's "make" package
    assert {"test", "pdf"} <= set(named) and set(named) <= targets, (named, targets)
    ci = (ROOT / ".ci/run").read_text(encoding="utf-8")
    assert set(re.findall(r"^make\s+([\w-]+)", ci, re.M)) <= set(named)  # what CI runs, too
    assert "python3.11" in runs and "chromium" in runs and "fonts-noto-cjk" in runs
    uses = [s.get("uses", "") for s in steps]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(s.get("with", {}).get("path") == "site" for s in steps)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    # site_url: set once, in mkdocs.yml (the Chinese site derives its own from it)
    assert "site_url" not in (ROOT / "mkdocs.zh.yml").read_text(encoding="utf-8")
    assert len(re.findall(r"^site_url:", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"),
                          re.M)) == 1
