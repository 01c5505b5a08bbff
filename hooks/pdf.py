"""The notes as a book: ``site/pdf/dl-notes-en.pdf`` and ``site/pdf/dl-notes-zh.pdf``.

``make pdf`` builds the site, then runs ``python -m hooks.pdf site``. For each
language this module

1. joins the article of every page of the built site, in the order of the
   language's navigation (home, notation, glossary, the courses with their weeks
   and labs; the errata last, as an appendix), into one HTML document, the
   *book*, with a title page and a table of contents. Headings move down one
   level inside a course (course index ``h1``, its weeks and labs ``h2``, their
   sections ``h3``...), every ``id`` gets its page's prefix, and every link to a
   page or a section of the book becomes a link inside the book (links to
   anything else, such as downloads, point to ``site_url``);
2. serves the built site on 127.0.0.1 and prints the book with headless Chromium
   (Debian's ``chromium``, driven by Playwright, with the browser test's flags):
   MathJax (served by the site) typesets the math first (without the hidden
   MathML copy it adds for screen readers: that copy never reaches the PDF, the
   typeset formulas it marks ``aria-hidden`` were missing from the text PDFium
   extracts, and it cost about a sixth of the printing time), the print stylesheet
   (``overrides/assets/stylesheets/extra.css``) wraps code and keeps figures
   whole, Chromium keeps SVG figures as vectors, embeds the (subset) fonts,
   turns the book's links into links inside the PDF, writes the outline from the
   headings (courses > weeks > sections) and numbers the pages in the footer.
   Every request the page makes is recorded; one that is not for the local server is
   aborted and reported (``make pdf`` fails; ``tests/test_pdf.py`` checks the record);
3. repairs the text layer: Chromium (Skia) maps each glyph of a font back to the
   *first* code point that the font's ``cmap`` gives it, so a CJK font that draws
   网 and the Kangxi radical ⽹ (U+2F79) with one glyph makes the PDF say ⽹,
   which no search for 网 finds. Each font's ``/ToUnicode`` map is rewritten
   with pypdf: a radical (U+2E80-U+2FDF) becomes the unified ideograph that the
   same glyph draws (by the system font's own ``cmap``, else by NFKC).

Why this route: mkdocs-print-site-plugin would add a print page to every build
of both sites (more to build and test on each ``make build``/``serve``, a page
outside the navigation that the page-for-page tests would have to special-case,
and its support for mkdocs-jupyter pages is partial); printing each page on its
own and merging them with pypdf restarts page numbers, and needs links between
pages and the outline rebuilt by hand. One book per language, printed in one go,
gets numbering, internal links and an outline from Chromium itself, and keeps
``mkdocs build`` unchanged.

The PDF is cached in ``.cache/pdf`` under a hash of everything it is made
from: the book's HTML (hence every page's content), the bytes of every
stylesheet, script and image it loads, this module and the versions of
Chromium, Playwright and pypdf. A rebuild that changes none of them copies the
PDF instead of printing it again.
"""

import asyncio
import functools
import hashlib
import html
import http.server
import json
import posixpath
import re
import shutil
import subprocess
import sys
import threading
import unicodedata
import zlib
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "pdf"
CONFIGS = {"en": "mkdocs.yml", "zh": "mkdocs.zh.yml"}
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEXT = {
    "en": {"contents": "Contents", "subtitle": "Executable notes on the Deep Learning "
           "Specialization: every formula checked by code, every code block a tested NumPy "
           "function.", "appendix": "Appendix"},
    "zh": {"contents": "目录", "subtitle": "深度学习专项课程的可执行笔记：每个公式都由代码验证，"
           "每段代码都是经过测试的 NumPy 函数。", "appendix": "附录"},
}
RADICALS = re.compile("[\u2e80-\u2fdf]")
MATHJAX = """window.MathJax = {
  tex: {inlineMath: [["\\\\(", "\\\\)"], ["$", "$"]], displayMath: [["\\\\[", "\\\\]"], ["$$", "$$"]],
        processEscapes: true, processEnvironments: true},
  options: {enableAssistiveMml: false, menuOptions: {settings: {assistiveMml: false}}},
  startup: {typeset: false, ready() {
    MathJax.startup.defaultReady();
    MathJax.startup.promise
      .then(() => MathJax.typesetPromise(
        Array.from(document.querySelectorAll(".arithmatex, .jp-RenderedMarkdown"))))
      .then(() => { window.bookTypeset = "done"; },
            error => { window.bookTypeset = "failed: " + error; });
  }},
};"""
BOOK_CSS = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
html { font-size: 125%; }
body { margin: 0; }
.md-typeset { font-size: 0.72rem; }
.book-title { break-after: page; padding-top: 30vh; text-align: center; }
.book-title .name { font-size: 2.4rem; font-weight: 700; margin-bottom: 1rem; }
.book-toc { break-after: page; }
.book-toc ol { list-style: none; padding-left: 1.2em; }
.book-toc a { text-decoration: none !important; color: inherit !important; }
.book-page { break-before: page; }
.book-page.in-course { break-before: page; }
"""


def nav_files(lang):
    """[(section title or None, [source path, ...]), ...] in the language's nav order."""
    config = language_config(lang)

    def files(items):
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            if isinstance(value, list):
                yield from files(value)
            else:
                yield value

    return [(next(iter(s)), list(files(next(iter(s.values()))))) for s in config["nav"]]


def language_config(lang):
    """The language's MkDocs configuration file, read as YAML (``INHERIT`` applied)."""

    from mkdocs.utils.yaml import get_yaml_loader, yaml_load  # noqa: PLC0415

    class Loader(get_yaml_loader()):
        """Reads ``!relative`` (a Markdown extension's setting) as a plain string."""

    Loader.add_constructor("!relative", lambda loader, node: "!relative")
    with open(ROOT / CONFIGS[lang], "rb") as f:
        return yaml_load(f, Loader)




def site_url():
    """``site_url`` of ``mkdocs.yml``: the one place the site's address is set."""
    return language_config("en")["site_url"]


def built_path(source):
    """The built page of a nav entry: ``course-1/week-2.md`` -> ``course-1/week-2/index.html``."""
    stem = posixpath.splitext(source)[0]
    if stem == "index" or stem.endswith("/index"):
        return stem + ".html"
    return stem + "/index.html"


def anchor(path):
    """The book's id for the built page ``path``."""
    stem = path.removesuffix("index.html").strip("/")
    return "p-" + (stem.replace("/", "-") or "home")


def book_order(lang):
    """[(built page, heading shift), ...]: Home pages, courses, errata last."""
    order, last = [], []
    for i, (_, sources) in enumerate(nav_files(lang)):
        for source in sources:
            page = built_path(source)
            entry = (page, 1 if i and not source.endswith("/index.md") else 0)
            (last if source == "errata.md" else order).append(entry)
    return order + last


def resolve(page, href):
    """A relative link on built ``page`` as (path under the language root, fragment)."""
    path, _, fragment = href.partition("#")
    if not path:
        return page, fragment
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if path.endswith("/") or target in (".", ""):
        target = posixpath.join(target, "index.html") if target not in (".", "") else "index.html"
    return target, fragment


HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def is_junk(el):
    """Whether a page's element stays out of the book: permalinks, buttons, line
    anchors of code, the source-file footer, scripts, tags."""
    classes = el.get("class") or ()
    return (el.name == "a" and ("md-content__button" in classes or "headerlink" in classes
                                or "anchor-link" in classes
                                or el.get("id", "").startswith("__codelineno"))
            or "md-source-file" in classes or el.name == "script"
            or el.name == "button" and "md-clipboard" in classes
            or el.name == "nav" and "md-tags" in classes)


def book_html(site_dir, lang):
    """(the book's HTML, [absolute server paths of the stylesheets and images it uses])."""
    from bs4 import BeautifulSoup  # noqa: PLC0415

    root = Path(site_dir) / ("" if lang == "en" else lang)
    base = "/" if lang == "en" else f"/{lang}/"
    url = site_url().rstrip("/") + base
    order = book_order(lang)
    pages = {page for page, _ in order}
    styles, images, sections, toc = [], [], [], []
    html_lang, site_name = lang, language_config(lang)["site_name"]
    for page, shift in order:
        soup = BeautifulSoup((root / page).read_text(encoding="utf-8"), "html.parser")
        html_lang = soup.html.get("lang", lang)
        for link in soup.select("link[rel=stylesheet]"):
            href = base + resolve(page, link["href"])[0]
            if href not in styles:
                styles.append(href)
        article = soup.select_one("article")
        # one walk over the article's elements, not a CSS selector each (soupsieve
        # took half the time of joining the book)
        for junk in [el for el in article.find_all(True) if is_junk(el)]:
            junk.decompose()
        prefix, title = anchor(page), None
        for el in article.find_all(True):
            if el.has_attr("id"):
                el["id"] = f"{prefix}--{el['id']}"
            if el.name == "a" and el.has_attr("href"):
                href = el["href"]
                if not (re.match(r"^[a-z][a-z0-9+.-]*:", href, re.I) or href.startswith("//")):
                    target, fragment = resolve(page, href)
                    if target in pages:
                        el["href"] = "#" + anchor(target) + (f"--{fragment}" if fragment else "")
                    else:  # a download or another language: where the site is published
                        el["href"] = url + target + (f"#{fragment}" if fragment else "")
            elif el.name == "img" and el.has_attr("src") and not el["src"].startswith("data:"):
                el["src"] = base + resolve(page, el["src"])[0]
                images.append(el["src"])
            elif el.name in HEADINGS:
                if shift:
                    el.name = f"h{min(int(el.name[1]) + shift, 6)}"
                if title is None and el.name in ("h1", "h2"):
                    title = el
        name = title.get_text(" ", strip=True) if title else page
        toc.append((shift, prefix, name))
        classes = "book-page in-course" if shift else "book-page"
        sections.append(f'<section class="{classes}" id="{prefix}">{article.decode_contents()}</section>')
    text = TEXT.get(lang, TEXT["en"])
    toc_items, open_sub = [], False
    for shift, prefix, name in toc:
        if shift and not open_sub:
            toc_items.append("<ol>")
            open_sub = True
        elif not shift and open_sub:
            toc_items.append("</ol></li>")
            open_sub = False
        elif open_sub or toc_items:
            toc_items.append("</li>")
        toc_items.append(f'<li><a href="#{prefix}">{html.escape(name)}</a>')
    toc_items.append("</li></ol></li>" if open_sub else "</li>")
    links = "\n".join(f'<link rel="stylesheet" href="{href}">' for href in styles)
    document = f"""<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8">
<title>{html.escape(site_name)}</title>
{links}
<style>{BOOK_CSS}</style>
<script>{MATHJAX}</script>
<script src="{base}assets/mathjax/tex-chtml.js"></script>
</head>
<body dir="ltr" data-md-color-scheme="default" data-md-color-primary="indigo" data-md-color-accent="deep-orange">
<div class="md-container"><main class="md-main"><div class="md-main__inner md-grid">
<div class="md-content"><article class="md-content__inner md-typeset">
<div class="book-title"><div class="name">{html.escape(site_name)}</div>
<p>{html.escape(text["subtitle"])}</p><p>{html.escape(url)}</p></div>
<nav class="book-toc"><h1 id="book-contents">{text["contents"]}</h1><ol>{"".join(toc_items)}</ol></nav>
{"".join(sections)}
</article></div></div></main></div>
</body></html>"""
    return document, styles + [f"{base}assets/mathjax/tex-chtml.js"] + images


def chromium_version():
    out = subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip()


def cached_book_html(site_dir, lang, cache_dir=None):
    """``book_html``, kept in the cache beside the PDF, under the PDF's key: the pages
    are joined once for a given set of built pages."""
    key = cache_key(site_dir, lang)
    path = Path(cache_dir or CACHE) / f"{lang}-{key}.book.json"
    if path.is_file():
        document, assets = json.loads(path.read_text(encoding="utf-8"))
        return document, assets
    document, assets = book_html(site_dir, lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps([document, assets]), encoding="utf-8")
    partial.replace(path)
    return document, assets


def cache_key(site_dir, lang):
    """Hash of what the book is made from (see the module's docstring): the bytes of
    its pages in order, of the language's figures, stylesheets and MathJax, this
    module, and the versions of Chromium, Playwright and pypdf. Cheap: nothing is parsed."""
    root = Path(site_dir) / ("" if lang == "en" else lang)
    digest = hashlib.sha256(lang.encode())
    files = [root / page for page, _ in book_order(lang)]
    files += sorted((root / "figures").glob("*")) + sorted(
        (Path(site_dir) / "assets" / "stylesheets").glob("*.css")) + sorted(
        (root / "assets" / "stylesheets").glob("*.css"))
    files += [Path(site_dir) / "assets" / "mathjax" / "tex-chtml.js"]
    for path in files:
        digest.update(path.relative_to(site_dir).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    digest.update(Path(__file__).read_bytes())
    digest.update(chromium_version().encode())
    for package in ("playwright", "pypdf"):
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()[:24]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site's files, and the books from memory (``documents``: {URL path:
    HTML}), so that nothing is written into the site while other readers list it."""

    documents = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        document = self.documents.get(self.path.split("?")[0])
        if document is None:
            return super().do_GET()
        body = document.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


def serve(site_dir, documents=None):
    """Serve ``site_dir`` (and ``documents``, {URL path: HTML}) on 127.0.0.1; return
    (server, its base URL)."""
    handler = functools.partial(type("Handler", (QuietHandler,), {"documents": documents or {}}),
                                directory=str(site_dir))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
          '<span class="pageNumber"></span> / <span class="totalPages"></span></div>')


async def print_book(browser, origin, book_url, out):
    """Print one book; return the requests made: {"local": n, "foreign": [url, ...]}."""
    context = await browser.new_context()
    page = await context.new_page()
    record = {"local": 0, "foreign": []}

    async def route(r):
        if r.request.url.startswith(origin + "/") or r.request.url.startswith("data:"):
            record["local"] += 1
            await r.continue_()
        else:
            record["foreign"].append(r.request.url)
            await r.abort()

    await page.route("**/*", route)
    await page.goto(book_url, wait_until="load", timeout=600_000)
    await page.wait_for_function("() => window.bookTypeset", timeout=600_000)
    state = await page.evaluate("() => window.bookTypeset")
    if state != "done":
        raise RuntimeError(f"MathJax: {state}")
    await page.evaluate("() => document.fonts.ready.then(() => true)")
    await page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                   display_header_footer=True, header_template="<span></span>",
                   footer_template=FOOTER, prefer_css_page_size=True)
    await context.close()
    return record


def cmap_groups(path, offset):
    """[(first code, last code, first glyph), ...] of the Unicode (3, 10) format 12
    subtable of the ``cmap`` table at ``offset`` in the font file ``path``; read with
    ``struct``: fontTools takes a second to decode each of a CJK font's (65,000 codes)."""
    import struct  # noqa: PLC0415

    with open(path, "rb") as f:
        f.seek(offset)
        _, count = struct.unpack(">HH", f.read(4))
        records = [struct.unpack(">HHI", f.read(8)) for _ in range(count)]
        for platform, encoding, start in records:
            f.seek(offset + start)
            if (platform, encoding) == (3, 10) and struct.unpack(">H", f.read(2))[0] == 12:
                _, _, _, groups = struct.unpack(">HIII", f.read(14))
                return list(struct.iter_unpack(">III", f.read(12 * groups)))
    return None


def best_cmap_groups(face, path):
    """``cmap_groups`` of a fontTools face, or its ``getBestCmap()`` as one-code groups."""
    groups = cmap_groups(path, face.reader.tables["cmap"].offset) if "cmap" in face.reader else None
    if groups is None:
        groups = [(code, code, face.getGlyphID(name))
                  for code, name in sorted((face.getBestCmap() or {}).items())]
    return groups


@functools.lru_cache(maxsize=None)
def system_cjk_map():
    """{radical code point: unified ideograph drawn by the same glyph}, from the
    CJK fonts Chromium uses here (Noto CJK), by their ``cmap``; NFKC otherwise."""
    mapping = {}
    fonts = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True,
                           check=False).stdout.split()
    from fontTools.ttLib import TTCollection, TTFont  # noqa: PLC0415

    paths = sorted({f.rstrip(":") for f in fonts}, key=lambda f: ("Regular" not in f, f))
    cmaps = []
    for path in paths[:2]:
        try:
            font = TTCollection(path, lazy=True) if path.endswith(".ttc") else TTFont(path, lazy=True)
            with font:
                cmaps += [best_cmap_groups(face, path) for face in getattr(font, "fonts", [font])]
        except Exception:  # noqa: BLE001 (an unreadable font is simply not used)
            continue
    for groups in cmaps:
        radicals = {}  # glyph: [radical code points it draws]
        for first, last, glyph in groups:
            for code in range(max(first, 0x2E80), min(last, 0x2FDF) + 1):
                radicals.setdefault(glyph + code - first, []).append(code)
        by_glyph = {}  # a radical's glyph: the first ideograph that draws it
        for first, last, glyph in groups:
            if last < 0x3400 or 0x9FFF < first and last < 0xF900 or first > 0xFAFF:
                continue
            if first == last:  # most groups of a CJK font: one code
                if glyph in radicals:
                    by_glyph.setdefault(glyph, first)
                continue
            for code in range(first, last + 1):
                if (0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF) and (
                        glyph + code - first in radicals):
                    by_glyph.setdefault(glyph + code - first, code)
        for glyph, codes in radicals.items():
            for code in codes:
                if glyph in by_glyph:
                    mapping.setdefault(code, by_glyph[glyph])
    for code in range(0x2E80, 0x2FE0):
        nfkc = unicodedata.normalize("NFKC", chr(code))
        if code not in mapping and nfkc != chr(code) and len(nfkc) == 1:
            mapping[code] = ord(nfkc)
    return mapping


HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
BLOCK = re.compile(rb"\d+\s+begin(bfchar|bfrange)\s*(.*?)end\1", re.S)
PAIR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")
RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(?:<([0-9A-Fa-f]+)>|\[([^\]]*)\])")


def utf16(hex_string):
    raw = bytes.fromhex(hex_string.decode())
    return raw.decode("utf-16-be", errors="surrogatepass")


def parse_cmap(data):
    """{source code (hex, as written): Unicode text} of a ``/ToUnicode`` CMap."""
    mapping = {}
    for kind, body in BLOCK.findall(data):
        if kind == b"bfchar":
            mapping.update((code, utf16(text)) for code, text in PAIR.findall(body))
            continue
        for lo, second, third, array in RANGE.findall(body):
            width, start, stop = len(lo), int(lo, 16), int(second, 16)
            if array:
                targets = [utf16(h) for h in HEX.findall(array)]
            else:
                first = utf16(third)
                targets = [first[:-1] + chr(ord(first[-1]) + i) for i in range(stop - start + 1)]
            for i, text in zip(range(start, stop + 1), targets):
                mapping[f"{i:0{width}X}".encode()] = text
    return mapping


def fix_cmap(data):
    """A ``/ToUnicode`` CMap with every radical replaced (see the module's
    docstring), written again as ``bfchar`` entries; (data, whether it changed)."""
    mapping = parse_cmap(data)
    if not any(RADICALS.search(text) for text in mapping.values()):
        return data, False
    radicals = system_cjk_map()
    fixed = {code: "".join(chr(radicals.get(ord(c), ord(c))) if RADICALS.match(c) else c
                           for c in text) for code, text in mapping.items()}
    entries = [b"<" + code + b"> <" + text.encode("utf-16-be").hex().upper().encode() + b">"
               for code, text in sorted(fixed.items())]
    blocks = b"".join(f"{len(entries[i:i + 100])} beginbfchar\n".encode()
                      + b"\n".join(entries[i:i + 100]) + b"\nendbfchar\n"
                      for i in range(0, len(entries), 100))
    head = data[:BLOCK.search(data).start()]
    tail = data[data.rindex(b"endcmap"):]
    return head + blocks + tail, True


TO_UNICODE = re.compile(rb"/ToUnicode\s+(\d+)\s+(\d+)\s+R\b")


def font_streams(reader):
    """{object number: (generation, ToUnicode stream)} of every font of the PDF that
    ``reader`` (pypdf) opened: on the pages and in the form XObjects they draw
    (figures, math). Found by their references in the file's bytes, not by walking
    the pages: Chromium writes every object plainly (no object streams), and the
    tagged book has some 100,000 objects, which pypdf takes seconds to parse."""
    from pypdf.generic import IndirectObject  # noqa: PLC0415

    data = reader.stream.getvalue()
    if b"/ObjStm" in data:
        raise ValueError("a PDF with object streams: its fonts may be compressed")
    return {int(number): (int(generation), IndirectObject(int(number), int(generation),
                                                            reader).get_object())
            for number, generation in TO_UNICODE.findall(data)}


def repair_text(path):
    """Rewrite the radicals of the fonts' ToUnicode maps (see the module's docstring)
    as an incremental update appended to the file: only the changed maps are written,
    so a PDF of a thousand pages is repaired in seconds. Returns how many changed."""
    from pypdf import PdfReader  # noqa: PLC0415

    data = Path(path).read_bytes()
    reader = PdfReader(path, strict=True)  # (not strict: it reads every object's header)
    changed = {}
    for number, (generation, stream) in font_streams(reader).items():
        fixed, did = fix_cmap(stream.get_data())
        if did:
            changed[number] = (generation, zlib.compress(fixed))
    if not changed:
        return 0
    previous = int(data[data.rindex(b"startxref") + 9:].split()[0])
    out, offsets = bytearray(b"\n"), {}
    for number, (generation, body) in sorted(changed.items()):
        offsets[number] = len(data) + len(out)
        out += (f"{number} {generation} obj\n<< /Length {len(body)} /Filter /FlateDecode >>\n"
                "stream\n").encode() + body + b"\nendstream\nendobj\n"
    xref = len(data) + len(out)
    out += b"xref\n"
    for number, (generation, _) in sorted(changed.items()):
        out += f"{number} 1\n{offsets[number]:010d} {generation:05d} n \n".encode()
    trailer = reader.trailer
    info = f" /Info {trailer.raw_get('/Info').idnum} 0 R" if "/Info" in trailer else ""
    out += (f"trailer\n<< /Size {trailer['/Size']} /Root {trailer.raw_get('/Root').idnum} 0 R"
            f"{info} /Prev {previous} >>\nstartxref\n{xref}\n%%EOF\n").encode()
    with open(path, "ab") as f:
        f.write(out)
    return len(changed)


def make_pdfs(site_dir, langs=("en", "zh"), cache_dir=CACHE):
    """Write ``<site_dir>/pdf/dl-notes-<lang>.pdf``; return {lang: record}, where a
    record says whether it was printed or taken from the cache, and the requests made
    while it was printed: {"printed": bool, "key": ..., "local": n, "foreign": [...]}."""
    site_dir, cache_dir = Path(site_dir), Path(cache_dir)
    out_dir = site_dir / "pdf"
    out_dir.mkdir(parents=True, exist_ok=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    todo, records = {}, {}
    for lang in langs:
        key = cache_key(site_dir, lang)
        cached, meta = cache_dir / f"{lang}-{key}.pdf", cache_dir / f"{lang}-{key}.json"
        if cached.is_file() and meta.is_file():
            records[lang] = dict(json.loads(meta.read_text()), printed=False)
        else:
            document, _ = cached_book_html(site_dir, lang, cache_dir)
            book = out_dir / f".book-{lang}.html"  # its address: served, never written
            todo[lang] = (book, key, cached, meta, document)
    if todo:
        httpd, origin = serve(site_dir, {"/" + book.relative_to(site_dir).as_posix(): document
                                         for book, _, _, _, document in todo.values()})
        try:
            asyncio.run(print_all(origin, site_dir, todo, records))
        finally:
            httpd.shutdown()
            httpd.server_close()
    for lang in langs:
        key = records[lang]["key"]
        shutil.copyfile(cache_dir / f"{lang}-{key}.pdf", out_dir / f"dl-notes-{lang}.pdf")
        for old in cache_dir.glob(f"{lang}-*"):
            if old.name.split(".")[0] != f"{lang}-{key}":  # the PDF, its record, its book
                old.unlink()
    return records


async def print_all(origin, site_dir, todo, records):
    from playwright.async_api import async_playwright  # noqa: PLC0415

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            async def one(lang, book, key, cached, meta, document):
                partial = cached.with_suffix(".partial")
                url = origin + "/" + book.relative_to(site_dir).as_posix()
                record = await print_book(browser, origin, url, partial)
                await asyncio.to_thread(repair_text, partial)
                record = dict(record, key=key)
                meta.write_text(json.dumps(record))
                partial.replace(cached)
                records[lang] = dict(record, printed=True)

            await asyncio.gather(*(one(lang, *args) for lang, args in todo.items()))
        finally:
            await browser.close()


def main(site_dir="site"):
    records = make_pdfs(site_dir)
    foreign = {lang: r["foreign"] for lang, r in records.items() if r["foreign"]}
    for lang, record in records.items():
        state = "printed" if record["printed"] else "unchanged (cached)"
        print(f"{site_dir}/pdf/dl-notes-{lang}.pdf: {state}")
    if foreign:
        sys.exit(f"requests to other origins while printing: {foreign}")


if __name__ == "__main__":
    main(*sys.argv[1:])
