// Accessibility fix found by axe-core (scrollable-region-focusable): a region that scrolls sideways (a wide
// notebook cell or table) must be reachable by keyboard, so it gets tabindex="0" when it has nothing focusable.
// Regions inside a closed <details> are measured when it opens: measuring them at load forces a layout of
// every folded block (the templates page folds some 200).
(function () {
  "use strict";
  const SCROLLERS = ".md-typeset__scrollwrap, .highlight-ipynb, .jp-OutputArea-output, .md-typeset pre";
  function fix(root) {
    root.querySelectorAll(SCROLLERS).forEach((el) => {
      if (el.closest("details:not([open])")) return;
      if (el.scrollWidth > el.clientWidth && !el.hasAttribute("tabindex") && !el.querySelector("a, button, input, [tabindex]")) {
        el.setAttribute("tabindex", "0");
      }
    });
  }
  document.addEventListener("toggle", (event) => { if (event.target.open) fix(event.target); }, true);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => setTimeout(() => fix(document), 0));
  else window.addEventListener("load", () => fix(document));
})();

// The template library was one page; each template now lives on its group's page (snippets/templates/page.py).
// An old link or bookmark to messaging/templates/#ID lands on the library's index, which lists every template:
// when the anchor names no element on the page but a link in the content ends in that anchor, go there.
(function () {
  "use strict";
  const id = decodeURIComponent(location.hash.slice(1));
  if (!id || document.getElementById(id)) return;
  const link = [...document.querySelectorAll(".md-content a[href*='#']")]
    .find((a) => decodeURIComponent(a.hash.slice(1)) === id && a.pathname !== location.pathname);
  if (link) location.replace(link.href);
})();
