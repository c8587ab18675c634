// smv-ui's page: the graph, the live states of the shown run, details, history, search/focus, runs.
"use strict";
const esc = SmvGraph.esc;
const $ = id => document.getElementById(id);
const ui = {layout: null, boxOf: {}, nodes: [], shownRun: null, datasets: {}, selected: null,
            view: {run: "", focus: "", expand: new Set(), collapse: new Set()}, runs: []};

async function api(path, options) {
  const r = await fetch(path, options);
  const body = await r.json();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}

function viewQuery() {
  const v = ui.view;
  return `run=${encodeURIComponent(v.run)}&focus=${encodeURIComponent(v.focus)}&expand=${encodeURIComponent([...v.expand].join(","))}` +
         `&collapse=${encodeURIComponent([...v.collapse].join(","))}`;
}

// ---- states: a dataset event folded as the server folds it (run_history.py)
const STATE_OF_EVENT = {"dataset-started": "running", "dataset-ended": "done", "dataset-failed": "failed"};
function fold(d, e) {
  if (e.event === "dataset-planned") {
    Object.assign(d, e); d.state = e.action === "run" ? "waiting" : "planned-" + e.action; return;
  }
  for (const k of ["rows", "seconds", "path", "dqm", "error", "traceback", "action"]) if (e[k] != null) d[k] = e[k];
  let state = STATE_OF_EVENT[e.event] || d.state;
  if (state === "done" && e.action === "reuse") state = "reused";
  d.state = state; d.urn = e.urn;
}

function paint(urn) {
  const box = ui.boxOf[urn] || urn, el = document.querySelector(`.node[data-urn="${CSS.escape(box)}"]`);
  if (!el) return;
  if (box !== urn) { el.dataset.state = "mixed"; return; }
  const d = ui.datasets[urn] || {};
  el.dataset.state = d.state || "none";
  const sub = [];
  if (d.rows != null) sub.push(`${d.rows} rows`);
  if (d.seconds != null && d.state !== "waiting" && d.state !== "running") sub.push(`${Number(d.seconds).toFixed(1)}s`);
  if (d.state && d.state !== "done") sub.push(d.state);
  el.querySelector(".sub").textContent = sub.join(" · ");
}
function paintAll() { for (const urn of Object.keys(ui.boxOf)) paint(urn); }

// ---- the graph
async function loadLayout() {
  $("status").textContent = "laying out…";
  try {
    ui.layout = await api(`api/layout?${viewQuery()}`);
  } catch (err) {
    $("status").textContent = err.message; setTimeout(loadLayout, 1000); return;
  }
  ui.boxOf = ui.layout.boxOf;
  SmvGraph.draw(ui.layout);
  paintAll();
  if (ui.selected) select(ui.selected, false);
  $("status").textContent = `${Object.keys(ui.boxOf).length} datasets shown` + (ui.shownRun ? ` · run ${ui.shownRun.slice(4, 12)}` : "");
  window.smvReady = window.smvReady || performance.now();
  document.body.dataset.ready = "true";
}

function clickNode(e) {
  const el = e.target.closest(".node");
  if (el) {
    if (el.dataset.kind === "group") { ui.view.expand.add(el.dataset.urn.slice("group:".length)); loadLayout(); }
    else if (el.dataset.kind === "stage") { ui.view.collapse.delete(el.dataset.urn.slice("stage:".length)); ui.view.expand.add(el.dataset.urn.slice("stage:".length)); loadLayout(); }
    else select(el.dataset.urn, true);
    return;
  }
  const cluster = e.target.closest(".cluster text");
  if (cluster) { ui.view.collapse.add(cluster.parentNode.dataset.stage); loadLayout(); }
}

function select(urn, center) {
  ui.selected = urn;
  document.querySelectorAll(".node.selected").forEach(n => n.classList.remove("selected"));
  const el = document.querySelector(`.node[data-urn="${CSS.escape(ui.boxOf[urn] || urn)}"]`);
  if (el) {
    el.classList.add("selected");
    if (center) { const b = ui.layout.boxes.find(b => b.id === el.dataset.urn); if (b) SmvGraph.centerOn(b.x, b.y); }
  }
  $("focus").disabled = false;
  showDetails(urn);
}

// ---- details
function dqmHtml(dqm) {
  if (!dqm) return "<p>No DQM results recorded.</p>";
  const c = dqm.counts || {}, rows = [];
  rows.push(`<dt>records</dt><dd data-dqm="records">${c.records}</dd><dt>parser errors</dt><dd>${c.parserErrors}</dd>`);
  for (const [n, v] of Object.entries(c.ruleFailures || {})) rows.push(`<dt>rule ${esc(n)}</dt><dd data-dqm-rule="${esc(n)}">${v} failed</dd>`);
  for (const [n, v] of Object.entries(c.fixes || {})) rows.push(`<dt>fix ${esc(n)}</dt><dd data-dqm-fix="${esc(n)}">${v} fixed</dd>`);
  for (const p of dqm.policies || []) rows.push(`<dt>${esc(p.name)}</dt><dd class="${p.passed ? "pass" : "fail"}">${p.passed ? "pass" : "FAIL"}: ${esc(p.detail)}</dd>`);
  return `<dl id="dqm">${rows.join("")}</dl>`;
}

function schemaHtml(persisted) {
  const fields = persisted && persisted.schema && persisted.schema.fields;
  if (!fields) return "";
  const rows = fields.map(f => `<tr><td>${esc(f.name)}</td><td>${esc(typeof f.type === "string" ? f.type : JSON.stringify(f.type))}</td>` +
                               `<td>${esc((f.metadata || {}).smvDesc || (f.metadata || {}).description || (f.metadata || {}).comment || "")}</td></tr>`);
  return `<h2>Schema</h2><table><tr><th>column</th><th>type</th><th>description</th></tr>${rows.join("")}</table>`;
}

async function showDetails(urn) {
  let info;
  try { info = await api(`api/dataset?urn=${encodeURIComponent(urn)}`); }
  catch (err) { $("details").innerHTML = `<h2>Details</h2><p>${esc(err.message)}</p>`; return; }
  const n = info.node || {}, shown = ui.datasets[urn], d = shown && shown.state ? shown : (info.latest || {});
  const item = (k, v, id) => v == null || v === "" ? "" : `<dt>${k}</dt><dd${id ? ` id="${id}"` : ""}>${esc(v)}</dd>`;
  $("details").innerHTML = `<h2>${esc(n.fqn || d.fqn || urn)}</h2><dl>` +
    item("state", d.state, "d-state") + item("language", n.language || d.language) + item("stage", n.stage || d.stage) +
    item("description", n.description || d.description) + item("hash", d.hash || "") +
    item("hash of hashes", n.hashOfHashes || d.hashOfHashes) + item("plan", d.action ? `${d.action}: ${d.reason || ""}` : null, "d-plan") +
    item("changed", d.changed, "d-changed") + item("rows", d.rows, "d-rows") +
    item("seconds", d.seconds != null ? Number(d.seconds).toFixed(2) : null) + item("output", d.path, "d-path") + `</dl>` +
    `<p><button id="run-this">Run…</button> <button id="sample-this" ${d.path ? "" : "disabled"}>Sample rows</button></p>` +
    (d.error ? `<h2>Error</h2><pre id="d-error">${esc(d.error)}\n\n${esc(d.traceback || "")}</pre>` : "") +
    `<h2>DQM</h2>${dqmHtml(d.dqm || (info.persisted || {}).dqm)}` + schemaHtml(info.persisted) + `<div id="sample"></div>`;
  $("run-this").onclick = () => startRun(`module:${urn}`);
  $("sample-this").onclick = async () => {
    $("sample").textContent = "reading…";
    try {
      const s = await api(`api/sample?urn=${encodeURIComponent(urn)}&rows=20`);
      $("sample").innerHTML = `<h2>Sample</h2><table id="sample-table"><tr>${s.columns.map(c => `<th>${esc(c)}</th>`).join("")}</tr>` +
        s.rows.map(r => `<tr>${r.map(v => `<td>${esc(v)}</td>`).join("")}</tr>`).join("") + `</table>`;
    } catch (err) { $("sample").textContent = err.message; }
  };
}

// ---- history
function renderHistory() {
  $("run-list").innerHTML = ui.runs.map(r =>
    `<li data-run="${esc(r.runId)}" data-outcome="${esc(r.outcome)}" class="${r.runId === ui.shownRun ? "shown" : ""}">` +
    `${esc((r.time || "").replace("T", " ").slice(0, 19))} · ${esc(r.outcome)}` +
    `${r.seconds != null ? ` · ${Number(r.seconds).toFixed(1)}s` : ""} · ${r.targets.length} target(s)</li>`).join("");
}

// asItWas: draw the graph the run planned (a past run opened from the history), not the app's now
async function showRun(runId, asItWas) {
  const r = await api(`api/runs/${encodeURIComponent(runId)}`);
  ui.shownRun = runId; ui.datasets = r.datasets;
  renderHistory();
  if (asItWas) { ui.view.run = runId; await loadLayout(); } else paintAll();
  if (ui.selected) showDetails(ui.selected);
}

// ---- runs from the page
async function startRun(target) {
  const dry = await api("api/page-runs", {method: "POST", headers: {"Content-Type": "application/json"},
                                          body: JSON.stringify({target, dryRun: true})});
  watchPageRun(dry.id, target);
}

function renderPageRun(r, target) {
  let el = document.querySelector(`.page-run[data-id="${r.id}"]`);
  if (!el) { el = document.createElement("div"); el.className = "page-run"; el.dataset.id = r.id; $("page-run-list").prepend(el); }
  const status = r.running ? "running" : r.cancelled ? "cancelled" : `exit ${r.exitCode}`;
  el.dataset.status = status;
  el.innerHTML = `<p>${r.dryRun ? "dry run" : "run"} of ${esc(r.target)}: <b class="status">${esc(status)}</b> ` +
    (r.running && !r.dryRun ? `<button class="cancel">Cancel</button>` : "") +
    (!r.running && r.dryRun && r.exitCode === 0 ? `<button class="go">Run it</button>` : "") + `</p><pre>${esc(r.output.slice(-40).join("\n"))}</pre>`;
  const cancel = el.querySelector(".cancel"), go = el.querySelector(".go");
  if (cancel) cancel.onclick = () => api(`api/page-runs/${r.id}`, {method: "POST"});
  if (go) go.onclick = async () => {
    const run = await api("api/page-runs", {method: "POST", headers: {"Content-Type": "application/json"},
                                            body: JSON.stringify({target, dryRun: false})});
    watchPageRun(run.id, target);
  };
}

async function watchPageRun(id, target) {
  const r = await api(`api/page-runs/${id}`);
  renderPageRun(r, target);
  if (r.running) setTimeout(() => watchPageRun(id, target), 500);
}

// ---- search and focus
function search() {
  const q = $("search").value.trim().toLowerCase();
  if (!q) { $("results").innerHTML = ""; return; }
  const hits = ui.nodes.filter(n => n.fqn.toLowerCase().includes(q)).slice(0, 50);
  $("results").innerHTML = hits.map(n => `<li data-urn="${esc(n.urn)}">${esc(n.fqn)}</li>`).join("");
}

async function reveal(urn) {
  $("results").innerHTML = "";
  await ensureVisible(urn);
  select(urn, true);
}

async function ensureVisible(urn) {
  const box = ui.boxOf[urn];
  if (box === urn) return;
  const node = ui.nodes.find(n => n.urn === urn);
  if (!box) ui.view.focus = urn;
  else if (box.startsWith("stage:")) { ui.view.collapse.delete(node.stage); ui.view.expand.add(node.stage); }
  else ui.view.expand.add(node.fqn.slice(0, node.fqn.lastIndexOf(".")));
  await loadLayout();
  if (ui.boxOf[urn] !== urn) { ui.view.expand.add(node.fqn.slice(0, node.fqn.lastIndexOf("."))); await loadLayout(); }
}

// ---- live events
function onEvent(e) {
  if (e.event === "note") { $("notes").textContent = e.note; return; }
  if (e.event === "run-started") {
    ui.runs.unshift({runId: e.runId, time: e.time, targets: e.targets || [], outcome: "running", seconds: null});
    ui.shownRun = e.runId; ui.datasets = {}; renderHistory();
    if (ui.view.run) { ui.view.run = ""; loadLayout(); } else paintAll();
    return;
  }
  if (e.event === "run-ended") {
    const r = ui.runs.find(r => r.runId === e.runId);
    if (r) { r.outcome = e.outcome; r.seconds = e.seconds; renderHistory(); }
    return;
  }
  if (e.runId !== ui.shownRun || !e.urn) return;
  fold(ui.datasets[e.urn] = ui.datasets[e.urn] || {}, e);
  paint(e.urn);
  if (e.urn === ui.selected) showDetails(e.urn);
}

async function start() {
  SmvGraph.init($("graph"));
  $("graph").addEventListener("click", clickNode);
  $("search").addEventListener("input", search);
  $("results").addEventListener("click", e => { const li = e.target.closest("li"); if (li) reveal(li.dataset.urn); });
  $("focus").onclick = async () => { ui.view.focus = ui.selected; await loadLayout(); };
  $("reset").onclick = async () => { ui.view = {run: "", focus: "", expand: new Set(), collapse: new Set()}; await loadLayout(); };
  $("run-app").onclick = () => startRun("app");
  $("run-list").addEventListener("click", e => { const li = e.target.closest("li"); if (li) showRun(li.dataset.run, true); });
  const live = new EventSource("api/events");
  live.onmessage = m => onEvent(JSON.parse(m.data));
  const o = await api("api/overview");
  $("app-name").textContent = o.app;
  $("notes").textContent = o.notes.length ? `${o.notes.length} run log line(s) skipped: ${o.notes[o.notes.length - 1]}` : "";
  ui.runs = o.runs; renderHistory();
  if (o.runs.length) await showRun(o.runs[0].runId);
  for (;;) {
    try { ui.nodes = await api("api/nodes"); break; }
    catch (err) { $("status").textContent = err.message; await new Promise(r => setTimeout(r, 500)); }
  }
  await loadLayout();
}
start();
