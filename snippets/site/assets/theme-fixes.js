// Accessibility fix found by axe-core (scrollable-region-focusable): a region that scrolls sideways (a wide
// notebook cell or table) must be reachable by keyboard, so it gets tabindex="0" when it has nothing focusable.
// Regions inside a closed <details> are measured when it opens: measuring them at load forces a layout of
// every folded block (the templates page folds some 200).
// The check measures each region (a layout read) and runs in slices of a few milliseconds after the page is
// up, reads first and writes after, so it never makes one long task: measuring every region in one go was up to
// 300 ms of blocking time on a phone (Lighthouse, the playbook pages). <html data-scroll-fixed> says it is done.
(function () {
  "use strict";
  const SCROLLERS = ".md-typeset__scrollwrap, .highlight-ipynb, .jp-OutputArea-output, .md-typeset pre, .md-typeset pre > code";
  const later = (fn) => ("requestIdleCallback" in window ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 50));
  let queue = [];
  let scheduled = false;
  function run() {
    const start = performance.now();
    const found = [];
    while (queue.length && performance.now() - start < 8) {
      const el = queue.shift();
      if (el.closest("details:not([open])") || el.hasAttribute("tabindex")) continue;
      if (el.scrollWidth > el.clientWidth && !el.querySelector("a, button, input, [tabindex]")) found.push(el);
    }
    found.forEach((el) => el.setAttribute("tabindex", "0"));
    if (queue.length) later(run);
    else { scheduled = false; document.documentElement.dataset.scrollFixed = ""; }
  }
  function fix(root) {
    delete document.documentElement.dataset.scrollFixed;
    queue = queue.concat([...root.querySelectorAll(SCROLLERS)]);
    if (!scheduled) { scheduled = true; later(run); }
  }
  document.addEventListener("toggle", (event) => { if (event.target.open) fix(event.target); }, true);
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(() => fix(document));
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
