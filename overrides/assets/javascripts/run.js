// Run buttons: every Python code block of a page, and every code cell of a lab,
// can be edited and run in the page, offline (Python is Pyodide, served by the
// site: hooks/pyodide.py). Nothing is loaded until the first press of a Run
// button; then run-worker.js starts Pyodide in a web worker.
//
// One Python session per page: the page's blocks share one namespace, as when
// its downloaded script runs. Pressing Run on a block brings the session up to
// date through that block: every block from the first one that has not yet run
// in its current text (never run, or edited since), down to the pressed block,
// runs again in page order; the blocks above that one are not run again. A block
// that raises stops the run there. Opening another page starts a new session.
"use strict";

(() => {
  const TEXT = {
    en: {
      run: "Run",
      output: "Output",
      code: "Python code, editable: change it, then press Run",
      loading: "Loading Python (the first run only: up to {mb} MB from this site, a few seconds)…",
      running: "Running…",
      runningOther: "Running block {n}…",
      stopped: "Not run: block {n} above raised an error.",
      failed: "Python could not be loaded: {message}",
      figure: "Figure {n} drawn by this code",
      done: "Done in {s} s.",
      nothing: "(no output)",
    },
    zh: {
      run: "运行",
      output: "输出",
      code: "Python 代码，可编辑：修改后按“运行”",
      loading: "正在加载 Python（仅首次运行：从本站下载最多 {mb} MB，需要几秒）……",
      running: "正在运行……",
      runningOther: "正在运行第 {n} 个代码块……",
      stopped: "未运行：上面的第 {n} 个代码块出错。",
      failed: "无法加载 Python：{message}",
      figure: "这段代码绘制的第 {n} 张图",
      done: "用时 {s} 秒。",
      nothing: "（没有输出）",
    },
  };
  const settingsElement = document.getElementById("__run");
  if (!settingsElement || typeof Worker === "undefined") return;
  const raw = JSON.parse(settingsElement.textContent);
  // resolved now, against the first page: instant navigation keeps this script
  const base = new URL(raw.base.replace(/\/?$/, "/"), location.href);
  const settings = {
    runtime: new URL(raw.runtime, base).href,
    snippets: new URL(raw.snippets, base).href,
    imports: raw.imports,
  };
  const text = TEXT[raw.lang] || TEXT.en;
  const say = (key, values = {}) => text[key].replace(/\{(\w+)\}/g, (_, k) => values[k]);
  const workerUrl = new URL("run-worker.js", document.currentScript.src).href;

  let worker = null;
  let nextId = 0;
  let sessions = 0;
  let queue = Promise.resolve();
  const pending = new Map();

  function call(message) {
    if (!worker) {
      worker = new Worker(workerUrl);
      worker.onmessage = (event) => {
        const resolve = pending.get(event.data.id);
        pending.delete(event.data.id);
        if (resolve) resolve(event.data);
      };
      worker.onerror = (event) => {  // the worker itself failed: start afresh next time
        event.preventDefault();
        worker.terminate();
        worker = null;
        for (const resolve of pending.values()) resolve({ failed: event.message || "worker error" });
        pending.clear();
      };
    }
    const id = ++nextId;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      worker.postMessage({ id, settings, ...message });
    });
  }

  // state: "waiting" (queued or Python loading), "running", "ok", "error" (the
  // code raised), "stopped" (an earlier block raised), "failed" (no Python)
  function show(block, state, { status = "", body = "", figures = [] } = {}) {
    const region = block.output;
    region.dataset.state = state;
    region.replaceChildren();
    if (status) {
      const p = document.createElement("p");
      p.className = "run-output__status";
      p.textContent = status;
      region.append(p);
    }
    if (body) {
      const pre = document.createElement("pre");
      pre.className = "run-output__text";
      pre.tabIndex = 0;  // long output scrolls: reachable from the keyboard
      pre.textContent = body;
      region.append(pre);
    }
    figures.forEach((svg, i) => {
      const img = document.createElement("img");
      img.className = "run-output__figure";
      img.alt = say("figure", { n: i + 1 });
      img.src = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      region.append(img);
    });
  }

  // The code as the reader sees it: text, and a line break for each <br> or new
  // line block (what editing may leave in the element instead of "\n").
  function codeText(root) {
    let out = "";
    const walk = (node) => {
      for (const child of node.childNodes) {
        if (child.nodeType === Node.TEXT_NODE) {
          out += child.data;
        } else if (child.nodeName === "BR") {
          out += "\n";
        } else if (child.nodeType === Node.ELEMENT_NODE) {
          if (/^(DIV|P)$/.test(child.nodeName) && out && !out.endsWith("\n")) out += "\n";
          walk(child);
        }
      }
    };
    walk(root);
    return out;
  }

  function codeOf(block, current) {
    // IPython magics (%config, !pip) are not Python: they become comments
    const code = codeText(block.editor);
    return current.notebook ? code.replace(/^(\s*)([%!])/gm, "$1# $2") : code;
  }

  async function runThrough(current, target) {
    const blocks = current.blocks;
    let first = target;
    for (let i = 0; i < target; i++) {
      if (blocks[i].ran !== codeText(blocks[i].editor)) { first = i; break; }
    }
    for (let i = first; i <= target; i++) {
      const block = blocks[i];
      const status = worker === null ? say("loading", { mb: current.mb }) : say("running");
      show(block, "running", { status });
      if (i !== target) show(blocks[target], "waiting", { status: worker === null ? status : say("runningOther", { n: i + 1 }) });
      const source = codeText(block.editor);
      const reply = await call({ session: current.session, code: codeOf(block, current),
                                 name: `<block ${i + 1}>`, notebook: current.notebook });
      if (reply.failed) {
        if (i !== target) show(block, "waiting");
        show(blocks[target], "failed", { status: say("failed", { message: reply.failed }) });
        return;
      }
      block.ran = reply.ok ? source : null;
      if (block.cellOutput) block.cellOutput.hidden = true;  // the build's output gives way
      const empty = !reply.text && !reply.figures.length;
      show(block, reply.ok ? "ok" : "error", {
        status: say("done", { s: reply.seconds.toFixed(2) }) + (empty ? " " + say("nothing") : ""),
        body: reply.text,
        figures: reply.figures,
      });
      if (!reply.ok) {
        if (i !== target) show(blocks[target], "stopped", { status: say("stopped", { n: i + 1 }) });
        return;
      }
    }
  }

  function press(current, index) {
    const block = current.blocks[index];
    block.button.setAttribute("aria-busy", "true");
    queue = queue.then(() => runThrough(current, index)).finally(() => {
      block.button.removeAttribute("aria-busy");
    });
  }

  function editable(element) {
    try {
      element.contentEditable = "plaintext-only";  // typing Enter inserts a newline
    } catch {
      element.contentEditable = "true";
    }
    element.spellcheck = false;
    element.setAttribute("role", "textbox");
    element.setAttribute("aria-multiline", "true");
    element.setAttribute("aria-label", text.code);
    element.classList.add("run-editable");
  }

  function setup() {
    const article = document.querySelector("article.md-content__inner") || document.querySelector("article");
    if (!article || article.dataset.run) return;
    article.dataset.run = "ready";
    const notebook = article.querySelector(".jupyter-wrapper") !== null;
    const editors = notebook
      ? [...article.querySelectorAll(".jp-CodeCell .jp-InputArea .highlight-ipynb.hl-python > pre")]
      : [...article.querySelectorAll("div.language-python.highlight > pre > code")];
    const current = { session: ++sessions, notebook, blocks: [], mb: Math.round(raw.bytes / 1e6) };
    editors.forEach((editor, index) => {
      const anchor = notebook ? editor.closest(".jp-Cell-inputWrapper") : editor.closest("div.highlight");
      const cell = notebook ? editor.closest(".jp-CodeCell") : null;
      const bar = document.createElement("div");
      bar.className = "run-bar";
      const button = document.createElement("button");
      button.type = "button";
      button.className = "run-button";
      button.textContent = text.run;
      const output = document.createElement("div");
      output.className = "run-output";
      output.setAttribute("role", "status");
      output.setAttribute("aria-label", text.output);
      bar.append(button);
      anchor.after(bar, output);
      editable(editor);
      const block = { editor, button, output, ran: undefined,
                      cellOutput: cell && cell.querySelector(".jp-Cell-outputWrapper") };
      current.blocks.push(block);
      button.addEventListener("click", () => press(current, index));
      editor.addEventListener("keydown", (event) => {  // Shift+Enter runs, as in Jupyter
        if (event.key === "Enter" && event.shiftKey) {
          event.preventDefault();
          press(current, index);
        }
      });
    });
  }

  if (typeof document$ !== "undefined") {
    document$.subscribe(() => setup());  // the first page, and every instant navigation
  } else {
    setup();
  }
})();
