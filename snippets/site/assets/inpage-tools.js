// The in-page tools (message checker, template forms, what-if calculator). The Python behind them runs in a
// Web Worker (inpage-worker.js, Pyodide); this file only wires the forms to it and draws the answers.
// Text a reader types or pastes is only ever put into the page as text nodes (textContent), never as HTML.
(function () {
  "use strict";
  const roots = document.querySelectorAll("[data-inpage-tool]");
  if (!roots.length) return;
  const script = document.currentScript;
  const zh = (document.documentElement.lang || "").toLowerCase().startsWith("zh");
  const T = zh ? {
    loading: "正在浏览器中加载工具（首次约需几秒）…", waiting: "工具将在你开始使用时加载。", ready: "已就绪：检查在你的浏览器中运行，文字不会发送到任何服务器。",
    failed: "工具加载失败：", offline: "这些工具需要通过网站服务器打开（例如 make serve 后访问 http://127.0.0.1:8000）。从磁盘直接打开的离线包无法运行它们；请改用命令行：",
    none: "未发现问题。", findings: (n, e) => `发现 ${n} 个问题，其中 ${e} 个为错误级别。`, empty: "在上方输入或粘贴消息。",
    severity: { error: "错误", warning: "警告", info: "提示" }, why: "原因：", instead: "建议：", detected: "检测到的语言：",
    copy: "复制正文", copySubject: "复制主题", copied: "已复制", incomplete: (names) => `还需填写：${names}。填完后才能复制。`,
    subject: "主题", text: "正文", examples: "用示例值填写", pass: "达标", fail: "未达标", no_data: "窗口内没有订单",
    rate: "比率", target: "目标", status: "状态", headroom: "余量（还能承受的问题订单数）", needed: "恢复达标还需的订单数",
    never: "无法仅靠新增订单恢复", cli: "命令行等价命令：", window: (d) => `窗口：${d} 天`,
  } : {
    loading: "Loading the tool in your browser (a few seconds the first time)…", waiting: "The tool loads when you start using it.", ready: "Ready: the check runs in your browser; nothing you type is sent anywhere.",
    failed: "The tool could not load: ", offline: "These tools need the served site (for example http://127.0.0.1:8000 after make serve). The offline pack opened from disk cannot run them; use the command line instead:",
    none: "No findings.", findings: (n, e) => `${n} finding(s), ${e} at error level.`, empty: "Type or paste a message above.",
    severity: { error: "error", warning: "warning", info: "info" }, why: "Why: ", instead: "Instead: ", detected: "Language: ",
    copy: "Copy message", copySubject: "Copy subject", copied: "Copied", incomplete: (names) => `Still to fill: ${names}. The copy buttons work once every field is filled.`,
    subject: "Subject", text: "Message", examples: "Fill with examples", pass: "pass", fail: "fail", no_data: "no orders in the window",
    rate: "Rate", target: "Target", status: "Status", headroom: "Headroom (problem orders you can still absorb)", needed: "Orders needed to get back to target",
    never: "cannot be reached with more orders alone", cli: "Same on the command line: ", window: (d) => `Window: ${d} days`,
  };
  const pageLang = zh ? "zh" : "en";

  function el(tag, props, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(props || {})) {
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v);
    }
    for (const c of children || []) node.append(c);
    return node;
  }
  function setStatus(root, text, state) {
    const s = root.querySelector(".inpage-status");
    if (s) { s.textContent = text; s.dataset.state = state; }
  }

  if (location.protocol === "file:") {
    roots.forEach((root) => {
      setStatus(root, T.offline + " " + (root.dataset.cli || "python -m snippets --help"), "offline");
      root.querySelectorAll("textarea, input, select, button").forEach((c) => { c.disabled = true; });
    });
    return;
  }

  // --- the worker -------------------------------------------------------------------------------------------
  // Pyodide is megabytes: the worker starts only when a tool is on screen (after the page's own load, once the
  // browser is idle), or at once when the reader touches a tool, or when something asks it a question. A page
  // whose tool is further down never downloads the runtime unless the reader goes there.
  const pending = new Map();
  let nextId = 1;
  let readyResolve, readyReject, worker;
  const ready = new Promise((res, rej) => { readyResolve = res; readyReject = rej; });
  const workerUrl = new URL("inpage-worker.js", script.src);
  function start() {
    if (worker) return;
    worker = new Worker(workerUrl, { type: "module" });
    worker.onmessage = onAnswer;
    worker.onerror = (event) => readyReject(new Error(event.message || "worker error"));
    roots.forEach((root) => { setStatus(root, T.loading, "loading"); root.setAttribute("aria-busy", "true"); });
  }
  const idle = (fn) => ("requestIdleCallback" in window ? requestIdleCallback(fn, { timeout: 1500 }) : setTimeout(fn, 200));
  // After the load event AND after the page's first contentful paint: the runtime must never compete with it.
  const painted = new Promise((resolve) => {
    const done = () => performance.getEntriesByName("first-contentful-paint").length > 0;
    if (done() || !("PerformanceObserver" in window)) return resolve();
    try {
      new PerformanceObserver((list, obs) => { if (done()) { obs.disconnect(); resolve(); } }).observe({ type: "paint", buffered: true });
    } catch (err) { resolve(); }
    setTimeout(resolve, 5000);  // a browser that never reports paints still gets its tool
  });
  const afterLoad = (fn) => {
    const go = () => painted.then(fn);
    document.readyState === "complete" ? go() : window.addEventListener("load", go, { once: true });
  };
  roots.forEach((root) => {
    for (const type of ["focusin", "pointerdown"]) root.addEventListener(type, start, { once: true, passive: true });
  });
  if ("IntersectionObserver" in window) {
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) { seen.disconnect(); afterLoad(() => idle(start)); }
    }, { rootMargin: "200px" });
    roots.forEach((root) => seen.observe(root));
  } else {
    afterLoad(() => idle(start));
  }
  // A link to one template's form (#fill-ID) lands on the form, which starts loading at once.
  const templateRoot = document.querySelector("[data-inpage-tool=template]");
  if (templateRoot) {
    const goTo = () => {
      if (/^#(fill-|template=)/.test(location.hash)) { start(); templateRoot.scrollIntoView({ block: "start" }); }
    };
    afterLoad(goTo);
    window.addEventListener("hashchange", goTo);
  }
  function onAnswer(event) {
    const data = event.data;
    if ("ready" in data) {
      if (data.ready) { window.handbookTools.steps = data.steps; readyResolve(data.ms); } else readyReject(new Error(data.error));
      return;
    }
    const p = pending.get(data.id);
    if (p) { pending.delete(data.id); p({ ...data.answer, ms: data.ms }); }
  }
  function ask(op, args) {
    start();
    return ready.then(() => new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      worker.postMessage({ id, op, args });
    }));
  }
  window.handbookTools = { ask, ready, start };  // for the benchmarks and tests

  function debounce(fn, ms) {
    let timer;
    return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  }
  // Answers may come back out of order; only the latest request of each widget is drawn.
  function latest(fn) {
    let seq = 0;
    return async (...args) => {
      const mine = ++seq;
      const answer = await fn(...args);
      return mine === seq ? answer : null;
    };
  }

  // --- drawing findings -------------------------------------------------------------------------------------
  function drawChecked(container, result) {
    container.replaceChildren();
    if (!result.ok) { container.append(el("p", { class: "inpage-error", role: "alert", text: result.error })); return; }
    const summary = result.findings.length ? T.findings(result.findings.length, result.errors) : T.none;
    container.append(el("p", { class: "inpage-summary", text: summary + (result.language ? "  " + T.detected + result.language : "") }));
    const marked = el("div", { class: "inpage-highlight", "data-testid": "highlight" });
    for (const [piece, idxs] of result.segments) {
      if (!idxs.length) { marked.append(document.createTextNode(piece)); continue; }
      const worst = ["error", "warning", "info"].find((s) => idxs.some((i) => result.findings[i].severity === s));
      marked.append(el("mark", { class: "inpage-mark inpage-" + worst, "data-rules": idxs.map((i) => result.findings[i].rule).join(" "), text: piece }));
    }
    if (result.segments.length) container.append(marked);
    if (!result.findings.length) return;
    const list = el("ol", { class: "inpage-findings" });
    for (const f of result.findings) {
      const item = el("li", { class: "inpage-finding inpage-" + f.severity, "data-rule": f.rule }, [
        el("span", { class: "inpage-badge", text: T.severity[f.severity] }), " ",
        el("strong", { text: f.title }), " ", el("code", { text: f.match }),
        el("p", { text: T.why + f.message }),
      ]);
      if (f.suggestion) item.append(el("p", { text: T.instead + f.suggestion }));
      list.append(item);
    }
    container.append(list);
  }

  // --- message checker ----------------------------------------------------------------------------------------
  function checker(root) {
    const text = root.querySelector("textarea");
    const lang = root.querySelector("select[name=lang]");
    const platform = root.querySelector("select[name=platform]");
    const out = root.querySelector(".inpage-output");
    const run = latest((args) => ask("check", args));
    const update = async () => {
      if (!text.value.trim()) { out.replaceChildren(el("p", { class: "inpage-summary", text: T.empty })); return; }
      const answer = await run({ text: text.value, lang: lang.value === "auto" ? null : lang.value, platform: platform.value, page_lang: pageLang });
      if (answer) { drawChecked(out, answer); root.dataset.checked = String(Number(root.dataset.checked || 0) + 1); }
    };
    const later = debounce(update, 250);
    text.addEventListener("input", later);
    lang.addEventListener("change", update);
    platform.addEventListener("change", update);
    return update;
  }

  // --- template forms -----------------------------------------------------------------------------------------
  async function templateForm(root) {
    const pick = root.querySelector("select[name=template]");
    const lang = root.querySelector("select[name=lang]");
    const platform = root.querySelector("select[name=platform]");
    const fields = root.querySelector(".inpage-fields");
    const out = root.querySelector(".inpage-output");
    const catalogue = await ask("templates", { page_lang: pageLang });
    if (!catalogue.ok) throw new Error(catalogue.error);
    const byId = new Map(catalogue.templates.map((t) => [t.id, t]));
    pick.replaceChildren(...catalogue.templates.map((t) => el("option", { value: t.id, text: t.title })));
    // The buyer languages a template is written in: a letter to the marketplace offers English only.
    const languageNames = new Map([...lang.options].map((o) => [o.value, o.textContent]));
    function drawLanguages() {
      const offered = byId.get(pick.value).languages;
      const keep = offered.includes(lang.value) ? lang.value : offered[0];
      lang.replaceChildren(...offered.map((code) => el("option", { value: code, text: languageNames.get(code) || code })));
      lang.value = keep;
    }
    // fill-template/#fill-ID (the links under each template on the templates page) or #template=ID opens that one.
    function wantedTemplate() {
      let hash = location.hash.slice(1);
      try { hash = decodeURIComponent(hash); } catch { return null; }  // a malformed link opens the default
      const id = hash.startsWith("fill-") ? hash.slice(5) : new URLSearchParams(hash).get("template");
      return id && byId.has(id) ? id : null;
    }
    const values = {};
    const run = latest((args) => ask("fill", args));

    function drawFields() {
      const t = byId.get(pick.value);
      fields.replaceChildren();
      for (const p of t.placeholders) {
        const id = `tpl-${p.name}`;
        const input = el("input", { id, name: p.name, type: "text", autocomplete: "off", placeholder: p.example[lang.value] || "" });
        input.value = values[p.name] || "";
        input.addEventListener("input", () => { values[p.name] = input.value; later(); });
        fields.append(el("div", { class: "inpage-field" }, [
          el("label", { for: id }, [el("code", { text: `{${p.name}}` }), " " + p.meaning]), input]));
      }
    }
    function copyButton(label, textOf, enabled) {
      const button = el("button", { type: "button", class: "inpage-button inpage-copy", text: label });
      button.disabled = !enabled;
      button.addEventListener("click", async () => {
        await navigator.clipboard.writeText(textOf());
        button.textContent = T.copied;
        setTimeout(() => { button.textContent = label; }, 1500);
      });
      return button;
    }
    async function update() {
      const answer = await run({ template_id: pick.value, lang: lang.value, values: { ...values }, platform: platform.value, page_lang: pageLang });
      if (!answer) return;
      out.replaceChildren();
      if (!answer.ok) { out.append(el("p", { class: "inpage-error", role: "alert", text: answer.error })); return; }
      if (!answer.complete) out.append(el("p", { class: "inpage-missing", text: T.incomplete(answer.missing.map((n) => `{${n}}`).join(", ")) }));
      const parts = answer.subject === null ? [["text", answer.text]] : [["subject", answer.subject], ["text", answer.text]];
      for (const [part, s] of parts) {
        const box = el("div", { class: "inpage-part", "data-part": part });
        box.append(el("p", { class: "inpage-part-title" }, [el("strong", { text: part === "subject" ? T.subject : T.text })]));
        box.append(el("pre", { class: "inpage-filled", "data-part": part, text: s }));
        box.append(copyButton(part === "subject" ? T.copySubject : T.copy, () => s, answer.complete));
        const checked = el("div", { class: "inpage-checked" });
        drawChecked(checked, answer.checked[part]);
        box.append(checked);
        out.append(box);
      }
      root.dataset.filled = String(Number(root.dataset.filled || 0) + 1);
    }
    const later = debounce(update, 250);
    root.querySelector("button[name=examples]").addEventListener("click", () => {
      for (const p of byId.get(pick.value).placeholders) values[p.name] = p.example[lang.value];
      drawFields(); update();
    });
    function choose() {
      for (const k of Object.keys(values)) delete values[k];
      drawLanguages(); drawFields(); update();
    }
    pick.addEventListener("change", choose);
    lang.addEventListener("change", () => { drawFields(); update(); });
    platform.addEventListener("change", update);
    window.addEventListener("hashchange", () => {
      const id = wantedTemplate();
      if (!id) return;
      pick.value = id;
      choose();
      root.scrollIntoView({ block: "start" });
      pick.focus({ preventScroll: true });
    });
    const first = wantedTemplate();
    if (first) { pick.value = first; root.scrollIntoView({ block: "start" }); }
    drawLanguages();
    drawFields();
    return update;
  }

  // --- what-if calculator -----------------------------------------------------------------------------------
  async function whatIf(root) {
    const platform = root.querySelector("select[name=platform]");
    const metric = root.querySelector("select[name=metric]");
    const orders = root.querySelector("input[name=orders]");
    const count = root.querySelector("input[name=count]");
    const out = root.querySelector(".inpage-output");
    const catalogue = await ask("metrics", { page_lang: pageLang });
    if (!catalogue.ok) throw new Error(catalogue.error);
    const run = latest((args) => ask("whatif", args));
    function drawMetrics() {
      const rows = catalogue.platforms[platform.value].metrics;
      metric.replaceChildren(...rows.map((m) => el("option", { value: m.id, text: `${m.name} (${m.target})` })));
      drawLabels();
    }
    function drawLabels() {
      const m = catalogue.platforms[platform.value].metrics.find((x) => x.id === metric.value);
      root.querySelector("label[for=whatif-orders]").textContent = `${m.orders_label} (${T.window(m.window_days)})`;
      root.querySelector("label[for=whatif-count]").textContent = m.count_label;
    }
    async function update() {
      const answer = await run({ platform: platform.value, metric_id: metric.value, numerator: count.value, denominator: orders.value });
      if (!answer) return;
      out.replaceChildren();
      if (!answer.ok) { out.append(el("p", { class: "inpage-error", role: "alert", text: answer.error })); return; }
      const m = catalogue.platforms[platform.value].metrics.find((x) => x.id === answer.id);
      const rate = answer.value === null ? "—" : `${(answer.value * 100).toFixed(2)}%`;
      const needed = answer.orders_needed === null ? (answer.headroom === null ? "—" : T.never) : String(answer.orders_needed);
      const rows = [[T.rate, `${rate} (${answer.numerator} / ${answer.denominator})`, "rate"], [T.target, m.target, "target"],
        [T.status, T[answer.status], "status"], [T.headroom, answer.headroom === null ? "—" : String(answer.headroom), "headroom"],
        [T.needed, needed, "needed"]];
      const dl = el("dl", { class: "inpage-result inpage-" + answer.status });
      for (const [k, v, key] of rows) dl.append(el("dt", { text: k }), el("dd", { "data-key": key, text: v }));
      out.append(dl, el("p", {}, [T.cli, el("code", { text: `python -m snippets whatif ${answer.id} --platform ${answer.platform} --orders ${answer.denominator} --count ${answer.numerator}` })]));
      root.dataset.computed = String(Number(root.dataset.computed || 0) + 1);
    }
    const later = debounce(update, 150);
    platform.addEventListener("change", () => { drawMetrics(); update(); });
    metric.addEventListener("change", () => { drawLabels(); update(); });
    orders.addEventListener("input", later);
    count.addEventListener("input", later);
    drawMetrics();
    return update;
  }

  const builders = { check: checker, template: templateForm, whatif: whatIf };
  roots.forEach((root) => {
    if (!worker) setStatus(root, T.waiting, "waiting");
    ready
      .then(() => builders[root.dataset.inpageTool](root))
      .then((update) => {
        setStatus(root, T.ready, "ready");
        root.removeAttribute("aria-busy");
        root.dataset.ready = "true";
        return update();
      })
      .catch((err) => setStatus(root, T.failed + (err && err.message || err), "failed"));
  });
})();
