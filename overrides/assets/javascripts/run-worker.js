// The Python of the Run buttons (run.js): Pyodide in a web worker, so that the
// page stays responsive while code runs. Started on the first press of a Run
// button; everything it loads comes from the site (hooks/pyodide.py).
//
// Messages in: {id, type: "run", settings, session, code, name, notebook}.
// Messages out: {id, ok, text, figures: [SVG text], seconds} or {id, failed: message}.
"use strict";

const PRELUDE = String.raw`
import contextlib, io, os, sys, traceback, warnings
sys.path.insert(0, "/home/pyodide/notes")  # the site's snippets/, unpacked
os.environ["MPLBACKEND"] = "AGG"  # figures are drawn to files, then shown under the block
warnings.filterwarnings("ignore", message="FigureCanvasAgg is non-interactive")
# the figures' text is drawn by the browser (SVG text, its own fonts, Chinese included):
# that Matplotlib's own font has no Chinese glyphs does not matter
warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from (current )?font")
from pyodide.code import eval_code_async, find_imports

_sessions = {}


def _dl_imports(code):
    try:
        return find_imports(code)
    except SyntaxError:
        return []


def _dl_figures():
    plt = sys.modules.get("matplotlib.pyplot")
    if plt is None:
        return []
    svgs = []
    for number in plt.get_fignums():
        buffer = io.StringIO()
        with plt.rc_context({"svg.fonttype": "none"}):  # text stays text: the browser's fonts
            plt.figure(number).savefig(buffer, format="svg", bbox_inches="tight")
        svgs.append(buffer.getvalue())
    plt.close("all")
    return svgs


def _dl_error(error, name):
    tb = error.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != name:
        tb = tb.tb_next  # leave out the frames of this runner
    return "".join(traceback.format_exception(type(error), error, tb))


async def _dl_run(session, code, name, notebook):
    namespace = _sessions.setdefault(session, {"__name__": "__main__"})
    out, ok = io.StringIO(), True
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            value = await eval_code_async(code, namespace, filename=name,
                                          return_mode="last_expr" if notebook else "none")
            if value is not None:
                print(repr(value))
        except BaseException as error:  # SystemExit and KeyboardInterrupt as well
            ok = False
            out.write(_dl_error(error, name))
    return ok, out.getvalue(), _dl_figures()
`;

let ready = null;
let loadErrors = [];
let matplotlibImported = false;

function start(settings) {
  importScripts(settings.runtime + "pyodide.js");
  return (async () => {
    const pyodide = await loadPyodide({ indexURL: settings.runtime });
    const response = await fetch(settings.snippets);
    if (!response.ok) throw new Error(`${settings.snippets}: ${response.status}`);
    pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/home/pyodide/notes" });
    await pyodide.loadPackage(["numpy"], { messageCallback() {}, errorCallback: (m) => loadErrors.push(m) });
    pyodide.runPython(PRELUDE);
    return pyodide;
  })();
}

async function packagesFor(pyodide, settings, code) {
  const found = pyodide.globals.get("_dl_imports")(code);
  const names = found.toJs();
  found.destroy();
  const wanted = new Set();
  for (const name of names) {
    if (settings.imports[name]) wanted.add(settings.imports[name]);
    if (name === "snippets") ["numpy", "matplotlib"].forEach((p) => wanted.add(p));
  }
  if (wanted.size) {
    await pyodide.loadPackage([...wanted], { messageCallback() {}, errorCallback: (m) => loadErrors.push(m) });
    if (wanted.has("matplotlib") && !matplotlibImported) {
      // the first import builds Matplotlib's font cache and says so: not the block's output
      pyodide.runPython("import matplotlib.pyplot");
      matplotlibImported = true;
    }
  }
}

self.onmessage = async (event) => {
  const { id, settings, session, code, name, notebook } = event.data;
  let pyodide;
  try {
    ready = ready || start(settings);
    pyodide = await ready;
  } catch (error) {
    ready = null;  // Python could not be loaded: the next press tries again
    self.postMessage({ id, failed: String((error && error.message) || error) });
    return;
  }
  try {
    const began = performance.now();
    loadErrors = [];
    await packagesFor(pyodide, settings, code);
    const result = await pyodide.globals.get("_dl_run")(session, code, name, notebook);
    const [ok, text, figures] = result.toJs();
    result.destroy();
    const problems = loadErrors.length ? loadErrors.join("\n") + "\n" : "";
    self.postMessage({ id, ok, text: problems + text, figures, seconds: (performance.now() - began) / 1000 });
  } catch (error) {
    self.postMessage({ id, failed: String((error && error.message) || error) });
  }
};
