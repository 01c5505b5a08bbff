"""pytest-markdown-docs settings for the pages under docs/.

Python fences on a page are run the way a reader would run them: in page
order, in one namespace (every fence continues the previous ones), with each
``--8<-- "file:section"`` line replaced by that section of the snippet module,
exactly as pymdownx.snippets does when the site is built.
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
    first = True
    for token in state.tokens:
        if token.type == "fence" and token.info.split()[:1] == ["python"]:
            token.content = expand_snippets(token.content)
            if not first:
                token.info += " continuation"
            first = False


def pytest_markdown_docs_markdown_it():
    md = MarkdownIt("commonmark")
    md.core.ruler.push("page_order_snippets", page_order)
    return md
