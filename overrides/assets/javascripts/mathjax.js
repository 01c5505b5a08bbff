// MathJax 3 settings for the whole site (MathJax itself is served from
// assets/mathjax/, see hooks/offline.py). Only two kinds of element hold math:
// pymdownx.arithmatex output (.arithmatex, delimited by \( \) and \[ \]) and
// the Markdown cells of notebook pages (.jp-RenderedMarkdown, with $ and $$).
// Typesetting just those elements leaves every other "$" on a page alone.
window.MathJax = {
  tex: {
    inlineMath: [["\\(", "\\)"], ["$", "$"]],
    displayMath: [["\\[", "\\]"], ["$$", "$$"]],
    processEscapes: true,
    processEnvironments: true,
  },
  startup: {
    typeset: false, // typesetting happens through document$ below
  },
};

// Material's instant navigation swaps page content without a reload:
// typeset every page it shows, the first one included.
document$.subscribe(() => {
  MathJax.startup.promise.then(() => {
    MathJax.startup.output.clearCache();
    MathJax.typesetClear();
    MathJax.texReset();
    return MathJax.typesetPromise(
      Array.from(document.querySelectorAll(".arithmatex, .jp-RenderedMarkdown")));
  });
});
