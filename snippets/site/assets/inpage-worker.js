// The in-page tools' Web Worker: loads Pyodide and the handbook's Python (snippets.site.page_tools), then answers
// {id, op, args} with {id, answer, ms}; ms is the time spent inside the worker (performance.now()).
// Everything comes from this site: the runtime sits next to this file (copied from the npm package at build time).
import { loadPyodide } from "./pyodide/pyodide.mjs";

const here = new URL("./", import.meta.url);

const ready = (async () => {
  const started = performance.now();
  const steps = {};
  const step = (name, t0) => { steps[name] = Math.round(performance.now() - t0); return performance.now(); };
  let t = started;
  const bundle = fetch(new URL("handbook-py.zip", here));  // in parallel with the runtime
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", here).href, fullStdLib: false });
  t = step("runtime", t);
  const response = await bundle;
  if (!response.ok) throw new Error(`handbook-py.zip: HTTP ${response.status}`);
  pyodide.unpackArchive(await response.arrayBuffer(), "zip", { extractDir: "/home/pyodide/handbook" });
  pyodide.runPython("import sys; sys.path.insert(0, '/home/pyodide/handbook')");
  const tools = pyodide.pyimport("snippets.site.page_tools");
  t = step("import", t);
  tools.call("check", JSON.stringify({ text: "warm up" }));  // reads and compiles the rules once
  step("rules", t);
  return { tools, ms: performance.now() - started, steps };
})();

ready.then(
  ({ ms, steps }) => postMessage({ ready: true, ms, steps }),
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
