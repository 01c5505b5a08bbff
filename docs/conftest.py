"""pytest-markdown-docs settings for the pages under docs/.

Python fences on a page are run the way a reader would run them: in page
order, in one namespace, with each ``--8<-- "file:section"`` line replaced by
that section of the snippet module, exactly as pymdownx.snippets does when the
site is built. The page's code runs once, as one test: the first fence carries
the code of all of them (with blank lines keeping each fence's line numbers in
tracebacks), the others are marked ``notest``. (pytest-markdown-docs's own
``continuation`` would re-run every earlier fence for each fence.)
"""

from pathlib import Path

from markdown import Markdown
from markdown_it import MarkdownIt

ROOT = Path(__file__).resolve().parent.parent
# Labs are notebooks, executed by the site build (and checked by tests/test_site.py).
collect_ignore_glob = ["*/course-*/lab-*.py"]


def expand_snippets(code):
    """Replace ``--8<--`` include lines with the snippet text they name."""
    md = Markdown(extensions=["pymdownx.snippets"], extension_configs={
        "pymdownx.snippets": {"base_path": [str(ROOT)], "check_paths": True,
                              "dedent_subsections": True}})
    return "\n".join(md.preprocessors["snippet"].run(code.splitlines())) + "\n"


def page_order(state):
    fences = [t for t in state.tokens
              if t.type == "fence" and t.info.split()[:1] == ["python"] and t.map]
    if not fences:
        return
    program = ""
    for fence in fences:
        padding = max(0, fence.map[0] + 1 - program.count("\n"))
        program += "\n" * padding + expand_snippets(fence.content)
        fence.info += " notest"
    first = fences[0]
    first.content = program[first.map[0] + 1:]  # the plugin adds the fence's own offset
    first.info = first.info.removesuffix(" notest")


def pytest_markdown_docs_markdown_it():
    md = MarkdownIt("commonmark")
    md.core.ruler.push("page_order_snippets", page_order)
    return md
