"""MkDocs hook: one site per language, built and served as one.

``mkdocs.yml`` builds the English site from ``docs/en`` into ``site/``;
``mkdocs.zh.yml`` inherits it and builds the Chinese site from ``docs/zh`` into
``site/zh/``. Each language is a plain MkDocs project with its own navigation,
theme language and search index, so notebooks render through mkdocs-jupyter
in both (mkdocs-static-i18n and mkdocs-jupyter do not work together).

This hook
- builds the Chinese site right after the English one, so ``mkdocs build`` and
  ``mkdocs serve`` always produce both;
- under ``mkdocs serve``, also watches ``docs/zh``, ``mkdocs.zh.yml``,
  ``snippets`` and ``overrides`` for live reload;
- gives every page a link to the same page in the other language, used by the
  language switcher (``overrides/partials/alternate.html``);
- joins Chinese lines that a source file wraps mid-sentence (a line break
  between two Chinese characters would otherwise show as a space);
- keeps jieba (Chinese search segmentation) from printing its start-up
  messages on every build.
"""

import logging
import os
import re
from pathlib import Path

import jieba
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"
log = logging.getLogger("mkdocs.hooks.i18n")
CJK = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
jieba.setLogLevel(logging.WARNING)  # it logs at DEBUG by default


def alternates(page_url, lang):
    """Links from a page to the same page in every language, relative to the page."""
    up = "../" * page_url.count("/")  # from the page back to its language's root
    if lang != DEFAULT:
        up += "../"  # from /zh/ back to the site root
    return [
        {"lang": code, "name": name, "current": code == lang,
         "link": up + ("" if code == DEFAULT else f"{code}/") + page_url}
        for code, name in LANGUAGES.items()
    ]


def join_cjk_lines(markdown):
    """Join a line to the previous one when the break falls between two CJK
    characters inside running text (not in code fences, not after a heading)."""
    out, in_fence = [], False
    for line in markdown.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("```", "~~~")):
            in_fence = not in_fence
        elif (not in_fence and out and CJK.match(stripped[:1])
              and CJK.match(out[-1][-1:]) and not out[-1].lstrip().startswith("#")):
            out[-1] += stripped
            continue
        out.append(line)
    return "\n".join(out)


def on_page_markdown(markdown, page, config, files):
    return join_cjk_lines(markdown) if config.theme["language"] != DEFAULT else markdown


def on_page_context(context, page, config, nav):
    context["page_alternates"] = alternates(page.url, config.theme["language"])
    return context


def on_post_build(config):
    if config.theme["language"] != DEFAULT:
        return
    zh = load_config(str(ROOT / "mkdocs.zh.yml"),
                     site_dir=os.path.join(config.site_dir, "zh"),
                     site_url=(config.site_url or "").rstrip("/") + "/zh/",
                     strict=config.strict)
    log.info("Building the Chinese site into %s", zh.site_dir)
    build(zh, dirty=False)


def on_serve(server, config, builder):
    for path in ("docs/zh", "mkdocs.zh.yml", "snippets", "overrides", "hooks"):
        server.watch(str(ROOT / path))
    return server
