// Wide tables scroll sideways inside the wrapper Material puts around them.
// Make each wrapper focusable, so that a keyboard can reach and scroll it
// (WCAG 2.1.1; axe-core's rule "scrollable-region-focusable"). Material wraps
// the tables while it mounts the page, after this subscription runs: wait a tick.
document$.subscribe(() => setTimeout(() => {
  for (const wrapper of document.querySelectorAll(".md-typeset__scrollwrap")) {
    wrapper.setAttribute("tabindex", "0")
  }
}, 0))
