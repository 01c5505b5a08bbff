"""MkDocs hook: one site per language, built and served as one.

``mkdocs.yml`` builds the English site from ``docs/en`` into ``site/``;
``mkdocs.zh.yml`` inherits it and builds the Chinese site from ``docs/zh`` into
``site/zh/``. Each language is a plain MkDocs project with its own navigation,
theme language and search index, so notebooks render through mkdocs-jupyter
in both (mkdocs-static-i18n and mkdocs-jupyter do not work together).

This hook
- builds the Chinese site while the English one builds, in a second process
  (``python -m hooks.i18n``, started with the English build and told to go once
  that one has emptied the site directory and the shared figures and labs are
  computed), so
  ``mkdocs build`` and ``mkdocs serve`` always produce both, on two cores at once;
- under ``mkdocs serve``, also watches ``docs/zh``, ``mkdocs.zh.yml``,
  ``snippets``, ``overrides`` and ``hooks`` for live reload, and rebuilds only
  the language whose pages changed: a change under ``docs/zh`` (or to
  ``mkdocs.zh.yml``) rebuilds the Chinese site alone, a change under ``docs/en``
  the English site alone (the Chinese output is kept), anything else both;
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
import subprocess
import sys
import threading
from pathlib import Path

import jieba
import watchdog.events
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = {"en": "English", "zh": "中文"}
DEFAULT = "en"
KEPT = ".zh-kept"  # hidden: MkDocs does not clean it away
log = logging.getLogger("mkdocs.hooks.i18n")
state = {"build_zh": True, "zh": None}  # this English build: build Chinese too? its process
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


def chinese_config(site_dir, site_url, strict):
    """The Chinese site's configuration, built into ``site_dir``."""
    return load_config(str(ROOT / "mkdocs.zh.yml"), site_dir=site_dir,
                       site_url=site_url, strict=strict)


def zh_args(config):
    """Where the Chinese site goes, at which address, how strictly."""
    return [os.path.join(config.site_dir, "zh"),
            (config.site_url or "").rstrip("/") + "/zh/", "strict" if config.strict else ""]


def on_pre_build(config):
    kept, zh_dir = Path(config.site_dir) / KEPT, Path(config.site_dir) / "zh"
    if config.theme["language"] == DEFAULT and not state["build_zh"] and zh_dir.is_dir():
        zh_dir.rename(kept)  # this build leaves the Chinese site as it is


def on_config(config):
    """Start the Chinese build's process now, so that its start-up (the interpreter,
    MkDocs, the plugins, its configuration) overlaps the English build's; it waits
    for ``on_files`` before building."""
    if config.theme["language"] == DEFAULT and state["build_zh"]:
        level = logging.getLogger("mkdocs").getEffectiveLevel()
        state["zh"] = subprocess.Popen(
            [sys.executable, "-m", "hooks.i18n", *zh_args(config), str(level)],
            cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, env=dict(os.environ, PYTHONPATH=os.pathsep.join(
                [str(ROOT)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p])))
    return config


def on_files(files, config):
    """Let the Chinese build go: the site directory is clean, figures and labs computed."""
    if state["zh"] is not None:
        log.info("Building the Chinese site into %s, alongside", zh_args(config)[0])
        state["zh"].stdin.write("go\n")
        state["zh"].stdin.close()
    return files


def on_build_error(error):
    """The English build failed: the Chinese one does not start (or is stopped)."""
    proc, state["zh"] = state["zh"], None
    if proc is not None:
        if not proc.stdin.closed:
            proc.stdin.close()  # end of input before "go": it exits without building
        else:
            proc.kill()
        proc.stdout.read()
        proc.wait()


def on_post_build(config):
    if config.theme["language"] != DEFAULT:
        return
    kept = Path(config.site_dir) / KEPT
    if kept.is_dir():
        kept.rename(Path(config.site_dir) / "zh")
    proc, state["zh"] = state["zh"], None
    if proc is not None:
        output = proc.stdout.read()
        proc.wait()
        sys.stderr.write(output)  # the Chinese build's log, after the English one's
        if proc.returncode:
            raise PluginError("building the Chinese site failed (its log is above)")


def languages_for(changed):
    """Which languages a change to the files ``changed`` (absolute paths) affects."""
    langs = set()
    for path in map(Path, changed):
        if path.is_relative_to(ROOT / "docs" / "zh") or path == ROOT / "mkdocs.zh.yml":
            langs.add("zh")
        elif path.is_relative_to(ROOT / "docs" / "en"):
            langs.add("en")
        else:
            return {"en", "zh"}
    return langs or {"en", "zh"}


def on_serve(server, config, builder):
    changed, lock = set(), threading.Lock()

    def record(event):
        if not event.is_directory:
            with lock:
                changed.update(p for p in (event.src_path, getattr(event, "dest_path", ""))
                               if p)

    handler = watchdog.events.FileSystemEventHandler()
    handler.on_any_event = record
    for path in ("docs/en", "docs/zh", "snippets", "overrides", "hooks"):
        server.watch(str(ROOT / path))
        server.observer.schedule(handler, str(ROOT / path), recursive=True)
    server.watch(str(ROOT / "mkdocs.zh.yml"))
    server.observer.schedule(handler, str(ROOT), recursive=False)  # the two .yml files

    def rebuild():
        with lock:
            langs = languages_for(changed)
            changed.clear()
        if langs == {"zh"}:
            log.info("Rebuilding the Chinese site only")
            build(chinese_config(*zh_args(config)[:2], False), dirty=False)
            return
        state["build_zh"] = "zh" in langs
        try:
            builder()
        finally:
            state["build_zh"] = True

    server.builder = rebuild
    return server


if __name__ == "__main__":  # the Chinese build, started by on_files
    site_dir, site_url, strict, level = sys.argv[1:]
    handler = logging.StreamHandler(sys.stdout)  # MkDocs' own log format
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(int(level))
    zh_config = chinese_config(site_dir, site_url, bool(strict))
    if sys.stdin.readline().strip() == "go":  # from the English build's on_files
        build(zh_config, dirty=False)
