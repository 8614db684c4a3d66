// The Weft gateway console: plain JavaScript, no library, nothing from the internet.
// Pages: #tasks, #task/ID (a live DAG, redrawn as its subtasks' states change), #engines,
// #proposals, #rollouts, #masters. Every page reads the gateway's JSON views under /console/api/.
"use strict";

const COLOURS = {
  PENDING: ["#f1f3f5", "#868e96"], READY: ["#fff3bf", "#f08c00"], RUNNING: ["#fff3bf", "#f08c00"],
  COMPLETED: ["#d3f9d8", "#2f9e44"], FAILED: ["#ffe3e3", "#e03131"], SKIPPED: ["#f8f9fa", "#adb5bd"]
};
const SVG = "http://www.w3.org/2000/svg";
let timer = null;
let token = 0; // the latest navigation: an older page's late answer is not shown over it

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

function svg(tag, attrs, ...children) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return e;
}

function status(text) {
  return el("span", { class: "status status-" + text }, text);
}

function table(headers, rows) {
  const t = el("table", {}, el("tr", {}, ...headers.map(h => el("th", {}, h))));
  for (const r of rows) t.append(el("tr", {}, ...r.map(c => el("td", {}, c))));
  return t;
}

async function get(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(path + ": HTTP " + r.status);
  return r.json();
}

function show(t, page, ...nodes) {
  if (t !== token) return false;
  const main = document.getElementById("main");
  main.replaceChildren(...nodes);
  main.dataset.page = page;
  document.getElementById("updated").textContent = "updated " + new Date().toISOString().substring(11, 19) + " UTC";
  return true;
}

async function tasksPage(t) {
  const tasks = await get("/console/api/tasks");
  const parts = [];
  for (const s of ["RUNNING", "COMPLETED", "FAILED"]) {
    const items = tasks[s] || [];
    const count = (tasks.counts || {})[s] ?? items.length;
    const shown = items.length < Number.parseInt(count, 10) || String(count).endsWith("+")
      ? ", newest " + items.length + " shown" : "";
    parts.push(el("h2", {}, s + " (" + count + shown + ")"));
    parts.push(items.length === 0 ? el("p", { class: "muted" }, "none") : table(
      ["task", "definition", "owner", "status", "updated"],
      items.map(t => [el("a", { href: "#task/" + encodeURIComponent(t.taskId), class: "task-link" }, t.taskId),
        t.definitionId, t.ownerMsp, status(t.status), t.updatedAt || ""])));
  }
  show(t, "tasks", ...parts);
}

// Layers by longest path from the roots; nodes of a layer stacked in name order.
function layout(nodes) {
  const byName = new Map(nodes.map(n => [n.name, n]));
  const depth = new Map();
  const visit = (n, seen) => {
    if (depth.has(n.name)) return depth.get(n.name);
    if (seen.has(n.name)) return 0;
    seen.add(n.name);
    let d = 0;
    for (const p of n.dependsOn || []) if (byName.has(p)) d = Math.max(d, visit(byName.get(p), seen) + 1);
    depth.set(n.name, d);
    return d;
  };
  nodes.forEach(n => visit(n, new Set()));
  const layers = [];
  for (const n of [...nodes].sort((a, b) => a.name.localeCompare(b.name))) {
    const d = depth.get(n.name);
    (layers[d] = layers[d] || []).push(n);
  }
  const pos = new Map();
  const W = 170, H = 54, GX = 70, GY = 24;
  layers.forEach((layer, i) => layer.forEach((n, j) => pos.set(n.name, { x: 20 + i * (W + GX), y: 20 + j * (H + GY) })));
  const width = 40 + layers.length * (W + GX) - GX;
  const height = 40 + Math.max(1, ...layers.map(l => l.length)) * (H + GY) - GY;
  return { pos, W, H, width, height };
}

function drawDag(task) {
  const { pos, W, H, width, height } = layout(task.nodes);
  const root = svg("svg", { id: "dag", width, height, viewBox: "0 0 " + width + " " + height });
  root.append(svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5,
    markerWidth: 8, markerHeight: 8, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: "#868e96" }))));
  for (const e of task.edges) {
    const a = pos.get(e.from), b = pos.get(e.to);
    if (!a || !b) continue;
    const x1 = a.x + W, y1 = a.y + H / 2, x2 = b.x, y2 = b.y + H / 2, mx = (x1 + x2) / 2;
    root.append(svg("path", { class: "edge", d: `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}` }));
  }
  for (const n of task.nodes) {
    const p = pos.get(n.name);
    const [fill, stroke] = COLOURS[n.status] || ["#e7f5ff", "#1c7ed6"];
    const g = svg("g", { class: "node", "data-subtask": n.name, "data-status": n.status || "", transform: `translate(${p.x},${p.y})` });
    g.append(svg("rect", { width: W, height: H, fill, stroke }));
    g.append(svg("text", { x: 8, y: 18, "font-weight": "bold" }, n.name));
    g.append(svg("text", { x: 8, y: 33 }, n.operation || ""));
    g.append(svg("text", { x: 8, y: 47, fill: stroke }, (n.status || "") + (n.attempt > 1 ? " (attempt " + n.attempt + ")" : "")));
    root.append(g);
  }
  return root;
}

async function taskPage(t, id) {
  const task = await get("/console/api/task?id=" + encodeURIComponent(id));
  if (task.error) {
    show(t, "task", el("p", { class: "error" }, task.error));
    return;
  }
  show(t, "task", el("h2", {}, "task ", el("span", { id: "task-id" }, task.taskId), " ",
      el("span", { id: "task-status", class: "status status-" + task.status }, task.status)),
    el("p", { class: "muted" }, "definition " + task.definitionId + " · owner " + task.owner + " · updated " + (task.updatedAt || "")),
    drawDag(task),
    table(["subtask", "operation", "participants", "depends on", "state", "attempt"],
      task.nodes.map(n => [n.name, n.operation, (n.participants || []).join(", "), (n.dependsOn || []).join(", "),
        status(n.status || ""), n.attempt])));
  // Live: the task is read again every second until it ends; each read redraws the DAG.
  if (t === token && task.status === "RUNNING") timer = setTimeout(() => route(), 1000);
}

async function enginesPage(t) {
  const engines = await get("/console/api/engines");
  show(t, "engines", el("h2", {}, "Engines (" + engines.length + ")"), engines.length === 0 ? el("p", { class: "muted" }, "none") :
    table(["engine", "available", "units"], engines.map(e => [e.name, e.available ? "yes" : "no: " + e.why,
      table(["unit", "operations", "available"], e.units.map(u => [u.name, (u.operations || []).join(", "),
        u.available ? "yes" : "no: " + u.why]))])));
}

async function proposalsPage(t) {
  const rows = await get("/console/api/proposals");
  show(t, "proposals", el("h2", {}, "Proposals (" + rows.length + ")"), rows.length === 0 ? el("p", { class: "muted" }, "none") :
    table(["proposal", "operation", "status", "proposer", "votes"], rows.map(r => {
      const p = r.proposal, op = p.operation || {};
      const votes = Array.isArray(r.votes) ? r.votes : [];
      return [p.id, (op.type || "") + " " + (op.target || ""), status(p.status), p.proposerMsp || p.proposer || "",
        votes.length === 0 ? el("span", { class: "muted" }, "none") :
          table(["voter", "choice"], votes.map(v => [v.voter, status(v.choice)]))];
    })));
}

function versions(policy) {
  const out = [];
  for (const key of ["oldVersion", "newVersion"]) {
    const v = policy[key];
    if (v) out.push(key.replace("Version", "") + ": " + (v.label || "") + (v.chaincode ? " (" + v.chaincode + ")" : "") +
      (v.orgs ? " on " + v.orgs.join(", ") : ""));
  }
  return out.join("; ");
}

function traffic(policy) {
  const c = policy.classes || {}, parts = [];
  const where = t => t === "NEW" ? "new" : t === "OLD" ? "old" : (t || "-");
  if (policy.phase) parts.push("phase " + policy.phase);
  parts.push("test → " + where(c.test), "gray → " + where(c.gray), "production → " + where(c.production));
  if (policy.gray && policy.gray.weightBps != null) parts.push("regular traffic " + policy.gray.weightBps / 100 + "% to gray");
  return parts.join(", ");
}

async function rolloutsPage(t) {
  const policies = await get("/console/api/rollouts");
  const items = Array.isArray(policies) ? policies : (policies.items || []);
  show(t, "rollouts", el("h2", {}, "Rollouts (" + items.length + ")"), items.length === 0 ? el("p", { class: "muted" }, "none") :
    table(["route", "kind", "versions", "where traffic goes", "revision", "updated"], items.map(p => [p.name, p.kind || "",
      versions(p), traffic(p), p.revision == null ? "" : p.revision, p.updatedAt || ""])));
}

async function mastersPage(t) {
  const masters = await get("/console/api/masters");
  const items = Array.isArray(masters) ? masters : (masters.items || masters.masters || []);
  show(t, "masters", el("h2", {}, "Cluster masters (" + items.length + ")"), masters.error ? el("p", { class: "muted" }, masters.error) :
    items.length === 0 ? el("p", { class: "muted" }, "no cluster") :
    table(["organisation", "cluster", "master", "epoch", "since"], items.map(m => [m.mspId || "", m.cluster || "",
      m.memberId || el("span", { class: "muted" }, "none"), m.epoch == null ? "" : m.epoch, m.since || ""])));
}

async function route() {
  clearTimeout(timer);
  const t = ++token;
  const hash = decodeURIComponent(location.hash.replace(/^#/, "")) || "tasks";
  const page = hash.split("/")[0];
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.page === (page === "task" ? "tasks" : page));
  try {
    if (page === "task") await taskPage(t, hash.substring(5));
    else if (page === "engines") await enginesPage(t);
    else if (page === "proposals") await proposalsPage(t);
    else if (page === "rollouts") await rolloutsPage(t);
    else if (page === "masters") await mastersPage(t);
    else if (await tasksPage(t) !== false && t === token) timer = setTimeout(() => route(), 3000);
  } catch (e) {
    if (show(t, "error", el("p", { class: "error" }, String(e.message || e)))) timer = setTimeout(() => route(), 3000);
  }
}

window.addEventListener("hashchange", route);
route();
