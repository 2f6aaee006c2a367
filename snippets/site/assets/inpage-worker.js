// The in-page tools' Web Worker: loads Pyodide and the handbook's Python (snippets.site.page_tools), then answers
// {id, op, args} with {id, answer, ms}; ms is the time spent inside the worker (performance.now()).
// Everything comes from this site: the runtime sits next to this file (copied from the npm package at build time).
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);

const ready = (async () => {
  const started = performance.now();
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", here).href, fullStdLib: false });
  const response = await fetch(new URL("handbook-py.zip", here));
  if (!response.ok) throw new Error(`handbook-py.zip: HTTP ${response.status}`);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/home/pyodide/handbook" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/handbook')");
  const tools = pyodide.pyimport("snippets.site.page_tools");
  tools.call("check", JSON.stringify({ text: "warm up" }));  // reads and compiles the rules once
  return { tools, ms: performance.now() - started };
})();

ready.then(
  ({ ms }) => postMessage({ ready: true, ms }),
  (err) => postMessage({ ready: false, error: String(err && err.message || err) }),
);

onmessage = async (event) => {
  const { id, op, args } = event.data;
  try {
    const { tools } = await ready;
    const started = performance.now();
    const answer = JSON.parse(tools.call(op, JSON.stringify(args || {})));
    postMessage({ id, answer, ms: performance.now() - started });
  } catch (err) {
    postMessage({ id, answer: { ok: false, error: String(err && err.message || err) } });
  }
};
