// Accessibility fix found by axe-core (scrollable-region-focusable): a region that scrolls sideways (a wide
// notebook cell or table) must be reachable by keyboard, so it gets tabindex="0" when it has nothing focusable.
(function () {
  "use strict";
  function fix() {
    document.querySelectorAll(".md-typeset__scrollwrap, .highlight-ipynb, .jp-OutputArea-output, .md-typeset pre").forEach((el) => {
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex") && !el.querySelector("a, button, input, [tabindex]")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => setTimeout(fix, 0));
  else window.addEventListener("load", fix);
})();
