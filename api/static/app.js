// citykg explorer: a single page over the REST API (the same endpoints dashboards use).
// Views live in the URL hash: #/ overview, #/search?q=&type=, #/entity/<id>, #/paths?from=&to=&hops=,
// #/doc/<id>?start=&end=&s=&t=. No framework; Cytoscape.js (vendored) draws the graphs.

const TYPE_COLORS = {
  Ministry: "#1f5fa8",
  City: "#2a9d57",
  Program: "#d9822b",
  Company: "#8e44ad",
  Organization: "#c0392b",
  Certification: "#a67c00",
  Person: "#56687a",
};
const OTHER_COLOR = "#7f8c8d";
const NEIGHBOR_PAGE = 100; // neighbours per request (well under any CITYKG_MAX_LIMIT)
const NEIGHBOR_MAX = 600; // neighbours drawn at most around one entity
const EXPAND_LIMIT = 50; // neighbours added when a node is expanded
const EVIDENCE_PAGE = 10;
const EXAMPLE_PATH = { from: "국토교통부", to: "LG CNS", hops: 4 };

const timings = { marks: {}, longtasks: [] };
window.citykg = { timings }; // read by the browser tests; harmless for users
// Main-thread tasks over 50 ms (how long the page could not answer a key or a click).
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) timings.longtasks.push({ at: Math.round(e.startTime), ms: Math.round(e.duration) });
  }).observe({ type: "longtask", buffered: true });
} catch {
  // not every browser reports long tasks
}

// --------------------------------------------------------------------------- small helpers

const $ = (sel, root = document) => root.querySelector(sel);

function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
  return el;
}

const enc = encodeURIComponent;
const color = (type) => TYPE_COLORS[type] || OTHER_COLOR;
const badge = (type) => h("span", { class: "badge", style: `background:${color(type)}` }, type || "?");
const entityHref = (id) => `#/entity/${enc(id)}`;
const entityLink = (ref) => h("a", { href: entityHref(ref.id) }, ref.name || ref.id);
const fmtConf = (c) => (typeof c === "number" ? c.toFixed(2) : "–");
const mark = (name) => {
  performance.mark(`citykg:${name}`);
  timings.marks[name] = Math.round(performance.now());
};

function debounce(fn, ms) {
  let t;
  return (...args) => {
    clearTimeout(t);
    t = setTimeout(() => fn(...args), ms);
  };
}

// --------------------------------------------------------------------------- the API

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(path, params = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== "") url.searchParams.set(k, v);
  }
  let res;
  try {
    res = await fetch(url, { headers: { Accept: "application/json" } });
  } catch {
    throw new ApiError(0, "network", "Cannot reach the citykg API: is `citykg serve` still running? Reload the page once it is.");
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    body = null;
  }
  if (!res.ok) {
    const err = body && body.error;
    throw new ApiError(res.status, (err && err.code) || `http_${res.status}`, (err && err.message) || `${res.status} ${res.statusText}`);
  }
  return body;
}

const entityCache = new Map();
function entityDetail(id) {
  if (!entityCache.has(id)) {
    const p = api(`/entities/${enc(id)}`).catch((e) => {
      entityCache.delete(id);
      throw e;
    });
    entityCache.set(id, p);
  }
  return entityCache.get(id);
}

function errorBox(e, what) {
  let title = "Something went wrong";
  if (e instanceof ApiError) {
    if (e.status === 0) title = "The API cannot be reached";
    else if (e.status === 404) title = "Not found";
    else if (e.status === 503) title = "The graph store is unavailable (503)";
    else if (e.status >= 500) title = `The API failed (${e.status})`;
    else title = `The API refused the request (${e.status})`;
  }
  return h("div", { class: "error", role: "alert" }, h("strong", {}, what ? `${title}: ${what}` : title), e.message);
}

// --------------------------------------------------------------------------- highlighting names

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function termsOf(entity) {
  const names = [entity.name, ...(entity.aliases || [])].filter((n) => n && n.length >= 2);
  return [...new Set(names)].sort((a, b) => b.length - a.length);
}

// `text` as nodes with every name or alias of each entity in `marks` ([{terms, cls}]) in a <mark>.
function highlight(text, marks) {
  const spans = [];
  for (const { terms, cls } of marks) {
    if (!terms.length) continue;
    // Korean spacing varies (스마트도시 인증 / 스마트 도시 인증): any spacing between characters matches.
    const pattern = terms.map((t) => [...t.replace(/\s+/g, "")].map(escapeRe).join("\\s*")).join("|");
    const re = new RegExp(pattern, "gi");
    for (const m of text.matchAll(re)) spans.push([m.index, m.index + m[0].length, cls]);
  }
  spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  const out = [];
  let at = 0;
  for (const [s, e, cls] of spans) {
    if (s < at) continue;
    if (s > at) out.push(text.slice(at, s));
    out.push(h("mark", { class: cls }, text.slice(s, e)));
    at = e;
  }
  out.push(text.slice(at));
  return out;
}

async function nameMarks(sourceId, targetId) {
  const [s, t] = await Promise.all([entityDetail(sourceId).catch(() => null), entityDetail(targetId).catch(() => null)]);
  return [
    { terms: s ? termsOf(s) : [], cls: "src" },
    { terms: t ? termsOf(t) : [], cls: "tgt" },
  ];
}

// --------------------------------------------------------------------------- the evidence panel

// Fill `panel` with the evidence of one relation, a page at a time; `edge` = {source, target, type} refs.
async function showEvidence(panel, edge, live) {
  const title = h(
    "h2",
    { id: "evidence-title" },
    h("mark", { class: "src" }, edge.source.name),
    ` —${edge.type}→ `,
    h("mark", { class: "tgt" }, edge.target.name),
  );
  const list = h("ul", { class: "evidence-list" });
  const more = h("div");
  const summary = h("p", { class: "meta" }, "Loading evidence…");
  panel.replaceChildren(title, summary, list, more);
  panel.setAttribute("aria-labelledby", "evidence-title");
  panel.dataset.state = "loading";
  const marks = nameMarks(edge.source.id, edge.target.id);

  async function page(offset) {
    const [res, mk] = await Promise.all([
      api("/evidence", { source: edge.source.id, type: edge.type, target: edge.target.id, limit: EVIDENCE_PAGE, offset }),
      marks,
    ]);
    if (!live()) return;
    summary.textContent = `${res.total} evidence sentence${res.total === 1 ? "" : "s"}, oldest first; the names of both ends are highlighted where a sentence uses them.`;
    for (const ev of res.items) {
      const q = new URLSearchParams({ start: ev.start ?? "", end: ev.end ?? "", s: edge.source.id, t: edge.target.id });
      list.append(
        h(
          "li",
          {},
          h("blockquote", {}, highlight(ev.text || "", mk)),
          h(
            "div",
            { class: "meta" },
            [ev.title || ev.doc_id, ev.date, ev.publisher].filter(Boolean).join(" · "),
            " · ",
            h("a", { href: `#/doc/${enc(ev.doc_id)}?${q}` }, "read in the document"),
          ),
        ),
      );
    }
    more.replaceChildren();
    if (res.next_offset !== null && res.next_offset !== undefined) {
      const left = res.total - res.next_offset;
      more.append(
        h("button", { type: "button", class: "secondary", onclick: () => page(res.next_offset).catch(fail) }, `More (${left} left)`),
      );
    }
    panel.dataset.state = "ready";
  }
  function fail(e) {
    if (!live()) return;
    summary.replaceChildren(errorBox(e, "evidence"));
    panel.dataset.state = "error";
  }
  await page(0).catch(fail);
}

// --------------------------------------------------------------------------- search box

const typeSelect = $("#qtype");
for (const t of Object.keys(TYPE_COLORS)) typeSelect.append(h("option", { value: t }, t));

const box = $("#q");
const suggest = $("#suggest");
let suggestSeq = 0;
let active = -1;

function closeSuggest() {
  suggest.hidden = true;
  box.setAttribute("aria-expanded", "false");
  box.removeAttribute("aria-activedescendant");
  active = -1;
}

function options() {
  return [...suggest.querySelectorAll('[role="option"]')];
}

function setActive(i) {
  const opts = options();
  if (!opts.length) return;
  active = (i + opts.length) % opts.length;
  opts.forEach((o, j) => o.setAttribute("aria-selected", String(j === active)));
  box.setAttribute("aria-activedescendant", opts[active].id);
  opts[active].scrollIntoView({ block: "nearest" });
}

function matchedAlias(item, q) {
  const k = q.toLowerCase();
  if ((item.name || "").toLowerCase().includes(k)) return null;
  return (item.aliases || []).find((a) => a.toLowerCase().includes(k)) || null;
}

const runSuggest = debounce(async () => {
  const q = box.value.trim();
  const seq = ++suggestSeq;
  if (!q) return closeSuggest();
  let items;
  try {
    items = (await api("/entities", { q, type: typeSelect.value, limit: 8 })).items;
  } catch (e) {
    if (seq !== suggestSeq) return;
    suggest.replaceChildren(h("li", { class: "note" }, `Search failed: ${e.message}`));
    suggest.hidden = false;
    return;
  }
  if (seq !== suggestSeq) return;
  active = -1;
  suggest.replaceChildren(
    ...(items.length
      ? items.map((it, i) => {
          const alias = matchedAlias(it, q);
          return h(
            "li",
            { role: "option", id: `opt-${i}`, "aria-selected": "false", "data-id": it.id, onmousedown: (ev) => ev.preventDefault(), onclick: () => go(entityHref(it.id)) },
            badge(it.type),
            h("span", {}, it.name),
            alias ? h("span", { class: "alias" }, `(${alias})`) : null,
          );
        })
      : [h("li", { class: "note", id: "no-match" }, `No entity matches “${q}”${typeSelect.value ? ` among ${typeSelect.value}` : ""}.`)]),
  );
  suggest.hidden = false;
  box.setAttribute("aria-expanded", "true");
}, 180);

box.addEventListener("input", runSuggest);
typeSelect.addEventListener("change", () => box.value.trim() && runSuggest());
box.addEventListener("keydown", (ev) => {
  if (ev.key === "ArrowDown") {
    ev.preventDefault();
    if (suggest.hidden) runSuggest();
    else setActive(active + 1);
  } else if (ev.key === "ArrowUp") {
    ev.preventDefault();
    setActive(active - 1);
  } else if (ev.key === "Escape") {
    closeSuggest();
  } else if (ev.key === "Enter" && active >= 0 && !suggest.hidden) {
    ev.preventDefault();
    go(entityHref(options()[active].dataset.id));
  }
});
box.addEventListener("blur", () => setTimeout(closeSuggest, 150));
$("#search-form").addEventListener("submit", (ev) => {
  ev.preventDefault();
  const q = new URLSearchParams({ q: box.value.trim(), type: typeSelect.value });
  go(`#/search?${q}`);
});
document.addEventListener("keydown", (ev) => {
  const typing = ["INPUT", "SELECT", "TEXTAREA"].includes(document.activeElement?.tagName);
  if (ev.key === "/" && !typing) {
    ev.preventDefault();
    box.focus();
  }
});

function go(hash) {
  closeSuggest();
  if (location.hash === hash) route();
  else location.hash = hash;
}

// --------------------------------------------------------------------------- views

function setState(view, state) {
  document.body.dataset.view = view;
  document.body.dataset.state = state;
}

function section(title, ...children) {
  return h("section", { class: "card" }, h("h2", {}, title), ...children);
}

function barChart(perYear) {
  const years = Object.keys(perYear).sort();
  const max = Math.max(1, ...years.map((y) => perYear[y]));
  const w = 560;
  const ht = 200;
  const pad = 28;
  const bw = Math.min(90, (w - pad) / Math.max(1, years.length) - 10);
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${ht}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Relations first stated per year: ${years.map((y) => `${y}: ${perYear[y]}`).join(", ")}`);
  const el = (tag, attrs, text) => {
    const e = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    svg.append(e);
  };
  years.forEach((y, i) => {
    const v = perYear[y];
    const bh = ((ht - 2 * pad) * v) / max;
    const x = pad + i * (bw + 10);
    el("rect", { x, y: ht - pad - bh, width: bw, height: bh, rx: 3 });
    el("text", { x: x + bw / 2, y: ht - pad - bh - 5, "text-anchor": "middle" }, String(v));
    el("text", { x: x + bw / 2, y: ht - pad + 16, "text-anchor": "middle" }, y);
  });
  el("line", { x1: pad - 4, x2: w, y1: ht - pad, y2: ht - pad, stroke: "#9aa5b1" });
  return h("div", { class: "chart" }, svg);
}

function publisherLabel(pub) {
  if (!pub) return null;
  if (typeof pub === "object") return pub.name;
  return pub.includes(":") ? pub.split(":").slice(1).join(":").replaceAll("_", " ") : pub;
}

async function viewOverview(main, live) {
  const [stats, docs] = await Promise.all([api("/stats", { top: 10 }), api("/documents", { limit: 8 })]);
  if (!live()) return;
  if (!stats.nodes) {
    main.replaceChildren(
      h("h1", {}, "citykg explorer"),
      h(
        "div",
        { class: "empty", role: "status" },
        h("strong", {}, "The graph is empty. "),
        "Load documents first: ",
        h("code", {}, "citykg ingest <folder>"),
        " (or ",
        h("code", {}, "make run"),
        " for the sample corpus), then reload this page.",
      ),
    );
    return;
  }
  const entityTypes = Object.entries(stats.labels)
    .filter(([l]) => l !== "Entity" && l !== "Document")
    .sort((a, b) => b[1] - a[1]);
  const relTypes = Object.entries(stats.relationship_types).filter(([t]) => !["MENTIONS", "PUBLISHED_BY"].includes(t));
  const ex = new URLSearchParams({ from: EXAMPLE_PATH.from, to: EXAMPLE_PATH.to, hops: EXAMPLE_PATH.hops });
  main.replaceChildren(
    h("h1", {}, "Korean smart-city policy graph"),
    h(
      "p",
      { class: "muted" },
      `${stats.labels.Entity ?? 0} entities, ${stats.labels.Document ?? 0} documents. Search above, or start here: `,
      h("a", { class: "example", id: "example-path", href: `#/paths?${ex}` }, `${EXAMPLE_PATH.from} → ${EXAMPLE_PATH.to}`),
    ),
    h(
      "div",
      { class: "grid two" },
      section(
        "Entities by type",
        h(
          "ul",
          { class: "chips", id: "type-counts" },
          entityTypes.map(([t, n]) =>
            h("li", {}, h("a", { href: `#/search?${new URLSearchParams({ type: t })}` }, h("span", { class: "dot", style: `background:${color(t)}` }), t, h("span", { class: "count" }, n))),
          ),
        ),
        h("h2", { style: "margin-top:1rem" }, "Relations by type"),
        h("ul", { class: "chips" }, relTypes.map(([t, n]) => h("li", {}, h("span", { class: "chip" }, h("span", { class: "rel" }, t), h("span", { class: "count" }, n))))),
      ),
      section("Relations per year (first stated)", Object.keys(stats.relations_per_year).length ? barChart(stats.relations_per_year) : h("p", { class: "muted" }, "No dated relations yet.")),
      section(
        "Top entities by PageRank",
        h(
          "ol",
          { class: "ranked", id: "top-pagerank" },
          stats.top_by_pagerank.map((e) => h("li", {}, badge(e.type), " ", entityLink(e), h("span", { class: "muted" }, ` ${e.pagerank.toFixed(3)}`))),
        ),
      ),
      section(
        "Recent documents",
        h(
          "ul",
          { class: "docs", id: "recent-docs" },
          docs.items.map((d) =>
            h("li", {}, h("a", { href: `#/doc/${enc(d.id)}` }, d.title || d.id), h("div", { class: "meta" }, [d.date || "undated", publisherLabel(d.publisher), `${d.entity_count} entities`].filter(Boolean).join(" · "))),
          ),
        ),
      ),
    ),
  );
  mark("ready");
}

async function viewSearch(main, params, live) {
  const q = (params.get("q") || "").trim();
  const type = params.get("type") || "";
  const offset = Number(params.get("offset") || 0);
  box.value = q;
  typeSelect.value = type;
  const res = await api("/entities", { q, type, limit: 50, offset });
  if (!live()) return;
  const what = [q && `“${q}”`, type].filter(Boolean).join(" among ") || "all entities";
  const next = new URLSearchParams({ q, type, offset: res.next_offset ?? "" });
  main.replaceChildren(
    h("h1", {}, q ? `Search: ${what}` : type ? `${type}: most connected first` : "All entities"),
    res.items.length
      ? h(
          "ul",
          { class: "docs", id: "search-results" },
          res.items.map((it) => h("li", {}, badge(it.type), " ", entityLink(it), it.aliases.length ? h("span", { class: "muted" }, ` (${it.aliases.join(", ")})`) : null)),
        )
      : h(
          "div",
          { class: "empty", role: "status", id: "no-results" },
          `No entity matches ${what}. Try part of a name (세종), an alias (국토부) or Latin letters (LG CNS).`,
        ),
    res.next_offset !== null ? h("p", {}, h("a", { href: `#/search?${next}` }, "Next page →")) : null,
  );
}

// --------------------------------------------------------------------------- entity view and its graph

let cytoscapeLoad = null;
function loadCytoscape() {
  if (window.cytoscape) return Promise.resolve(window.cytoscape);
  cytoscapeLoad ??= new Promise((resolve, reject) => {
    const s = h("script", { src: "/static/vendor/cytoscape/cytoscape.min.js" });
    s.onload = () => resolve(window.cytoscape);
    s.onerror = () => {
      cytoscapeLoad = null;
      reject(new ApiError(0, "asset", "The graph library could not be loaded; reload the page."));
    };
    document.head.append(s);
  });
  return cytoscapeLoad;
}

async function allNeighbors(id) {
  const edges = [];
  let offset = 0;
  let truncated = false;
  while (offset !== null && offset !== undefined) {
    const res = await api(`/entities/${enc(id)}/neighbors`, { limit: NEIGHBOR_PAGE, offset });
    edges.push(...res.edges);
    offset = res.next_offset;
    if (edges.length >= NEIGHBOR_MAX && offset !== null) {
      truncated = true;
      break;
    }
  }
  return { edges, truncated };
}

const edgeKey = (s, type, t) => `${s}|${type}|${t}`;

function edgeElements(center, edges) {
  const nodes = new Map();
  const links = [];
  for (const e of edges) {
    const n = e.neighbor;
    if (!nodes.has(n.id)) nodes.set(n.id, { data: { id: n.id, label: n.name || n.id, type: n.type, color: color(n.type) } });
    const [s, t] = e.direction === "out" ? [center, n.id] : [n.id, center];
    links.push({ data: { id: edgeKey(s, e.type, t), source: s, target: t, type: e.type, count: e.count || 1 } });
  }
  return { nodes: [...nodes.values()], links };
}

const GRAPH_STYLE = [
  {
    selector: "node",
    style: {
      "background-color": "data(color)",
      label: "data(label)",
      "font-family": '"Noto Sans KR Variable", "Noto Sans CJK KR", sans-serif',
      "font-size": 11,
      color: "#1d2430",
      "text-valign": "bottom",
      "text-margin-y": 3,
      "text-outline-color": "#fff",
      "text-outline-width": 2,
      "min-zoomed-font-size": 7,
      width: 18,
      height: 18,
    },
  },
  { selector: "node.center", style: { width: 34, height: 34, "font-size": 14, "font-weight": 700, "border-width": 3, "border-color": "#1d2430" } },
  { selector: "node.expanded", style: { "border-width": 2, "border-color": "#1d2430", "border-style": "double" } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#f0a500" } },
  {
    selector: "edge",
    style: {
      width: "mapData(count, 1, 10, 1.5, 5)",
      "line-color": "#9aa5b1",
      "target-arrow-color": "#9aa5b1",
      "target-arrow-shape": "triangle",
      "curve-style": "bezier",
      label: "data(type)",
      "font-size": 8,
      color: "#4b5563",
      "text-rotation": "autorotate",
      "text-background-color": "#fff",
      "text-background-opacity": 0.85,
      "text-background-padding": 1,
      "min-zoomed-font-size": 7,
    },
  },
  { selector: "edge:selected", style: { "line-color": "#f0a500", "target-arrow-color": "#f0a500", width: 5 } },
];

// Positions for `count` new nodes around `pos`, on an arc facing away from `from` (the middle of
// the graph), so that an expanded neighbour's own neighbours land outside the ring, not on it.
function arcPositions(pos, from, count) {
  const base = Math.atan2(pos.y - from.y, pos.x - from.x) || 0;
  const spread = Math.min(Math.PI * 1.2, 0.35 * Math.max(1, count - 1));
  const radius = 110 + count * 7;
  return Array.from({ length: count }, (_, i) => {
    const a = count === 1 ? base : base - spread / 2 + (spread * i) / (count - 1);
    return { x: pos.x + radius * Math.cos(a), y: pos.y + radius * Math.sin(a) };
  });
}

async function drawGraph(container, entity, edges, onEdge, onNode, live) {
  const cytoscape = await loadCytoscape();
  const { nodes, links } = edgeElements(entity.id, edges);
  // Load the font subsets the labels need before drawing: a canvas does not redraw when they arrive.
  const labels = [entity.name, ...nodes.map((n) => n.data.label)].join("");
  await Promise.race([document.fonts.load('11px "Noto Sans KR Variable"', labels).catch(() => null), new Promise((r) => setTimeout(r, 800))]);
  if (!live()) return null; // the reader has moved on
  const t0 = performance.now();
  const big = nodes.length > 120;
  // A neighbourhood is a star: the entity in the middle, its neighbours around it grouped by type
  // (colours together), each at an angle of its own, every other one on an outer ring so that the
  // labels of neighbours clear each other and no two edges lie on one line.
  nodes.sort((a, b) => (a.data.type || "").localeCompare(b.data.type || "") || a.data.label.localeCompare(b.data.label, "ko"));
  const n = nodes.length;
  const twoRings = n > 12;
  const spacing = big ? 34 : 64; // px between neighbours on one ring
  const inner = Math.max(130, ((twoRings ? n / 2 : n) * spacing) / (2 * Math.PI));
  const outer = inner + (big ? 120 : 90);
  nodes.forEach((node, i) => {
    const a = (2 * Math.PI * i) / n - Math.PI / 2;
    const r = twoRings && i % 2 ? outer : inner;
    node.position = { x: r * Math.cos(a), y: r * Math.sin(a) };
  });
  const cy = cytoscape({
    container,
    elements: [{ data: { id: entity.id, label: entity.name, type: entity.type, color: color(entity.type) }, classes: "center", position: { x: 0, y: 0 } }, ...nodes, ...links],
    style: GRAPH_STYLE,
    layout: { name: "preset", fit: true, padding: 20 },
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    minZoom: 0.05,
    maxZoom: 4,
  });
  cy.on("tap", "edge", (ev) => onEdge(ev.target));
  cy.on("tap", "node", (ev) => onNode(ev.target));
  await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  const ms = performance.now() - t0;
  timings.graph = { nodes: cy.nodes().length, edges: cy.edges().length, render_ms: Math.round(ms) };
  mark("graph-rendered");
  window.citykg.cy = cy;
  return cy;
}

async function expandNode(cy, node, info) {
  if (node.hasClass("expanded") || node.hasClass("center")) return;
  node.addClass("expanded");
  info.textContent = `Expanding ${node.data("label")}…`;
  const res = await api(`/entities/${enc(node.id())}/neighbors`, { limit: EXPAND_LIMIT });
  const { nodes, links } = edgeElements(node.id(), res.edges);
  const fresh = nodes.filter((n) => cy.getElementById(n.data.id).empty());
  const pos = arcPositions(node.position(), cy.$("node.center").position(), fresh.length);
  cy.add(fresh.map((n, i) => ({ ...n, position: pos[i] })));
  cy.add(links.filter((l) => cy.getElementById(l.data.id).empty()));
  if (fresh.length) cy.animate({ fit: { eles: cy.elements(), padding: 20 } }, { duration: 250 });
  const more = res.next_offset !== null ? ` (first ${EXPAND_LIMIT} links)` : "";
  info.replaceChildren(
    h("strong", {}, node.data("label")),
    ` (${node.data("type")}): ${fresh.length} new neighbour${fresh.length === 1 ? "" : "s"} added${more}. `,
    h("a", { href: entityHref(node.id()) }, `Open ${node.data("label")}`),
  );
  return fresh.length;
}

async function viewEntity(main, id, live) {
  const [entity, { edges, truncated }] = await Promise.all([api(`/entities/${enc(id)}`), allNeighbors(id)]);
  if (!live()) return;
  entityCache.set(entity.id, Promise.resolve(entity));
  const props = Object.entries(entity.properties || {});
  const pathQ = new URLSearchParams({ from: entity.name });
  const panel = h(
    "aside",
    { class: "card evidence-panel", id: "evidence", tabindex: "-1", "aria-live": "polite" },
    h("h2", {}, "Evidence"),
    h("p", { class: "muted" }, "Click an edge in the graph, or a “read” button in the table, to read the sentences that state it."),
  );
  const info = h("div", { class: "node-info", id: "node-info", "aria-live": "polite" }, edges.length ? "Click a node to expand it; click an edge to read its evidence." : "");
  const cyBox = h("div", { id: "cy", role: "img", "aria-label": `Graph of ${entity.name} and ${edges.length} links; the table below lists the same links.` });
  let cy = null;
  let evidenceSeq = 0;
  const openEvidence = (edge) => {
    const seq = ++evidenceSeq;
    const done = showEvidence(panel, edge, () => live() && seq === evidenceSeq);
    if (window.matchMedia("(max-width: 899px)").matches) panel.scrollIntoView({ block: "start" });
    return done;
  };
  const refOf = (nodeId) => (nodeId === entity.id ? { id: entity.id, name: entity.name } : { id: nodeId, name: cy?.getElementById(nodeId).data("label") || nodeId });

  const rows = edges.map((e) => {
    const [s, t] = e.direction === "out" ? [entity, e.neighbor] : [e.neighbor, entity];
    const n = e.evidence_count ?? e.evidence.length;
    return h(
      "tr",
      {},
      h("td", { class: "rel" }, e.type),
      h("td", {}, e.direction === "out" ? "→" : "←"),
      h("td", {}, badge(e.neighbor.type), " ", entityLink(e.neighbor)),
      h("td", { class: "num" }, e.count ?? "–"),
      h("td", {}, e.first_seen || "–"),
      h("td", {}, e.last_seen || "–"),
      h("td", { class: "num" }, fmtConf(e.confidence)),
      h(
        "td",
        {},
        h(
          "button",
          { type: "button", class: "link", "aria-label": `Read the evidence of ${s.name} ${e.type} ${t.name}`, onclick: () => openEvidence({ source: s, target: t, type: e.type }).then(() => panel.focus()) },
          `read (${n})`,
        ),
      ),
    );
  });

  main.replaceChildren(
    h(
      "section",
      { class: "card", id: "entity-head" },
      h("h1", {}, entity.name, " ", badge(entity.type)),
      h(
        "dl",
        { class: "props" },
        h("dt", {}, "id"),
        h("dd", {}, h("code", {}, entity.id)),
        h("dt", {}, "aliases"),
        h("dd", {}, entity.aliases.length ? entity.aliases.join(", ") : "–"),
        props.map(([k, v]) => [h("dt", {}, k), h("dd", {}, typeof v === "object" ? JSON.stringify(v) : String(v))]),
        h("dt", {}, "links"),
        h("dd", {}, `${entity.degree} relation${entity.degree === 1 ? "" : "s"}, mentioned in ${entity.documents.length} document${entity.documents.length === 1 ? "" : "s"} · `, h("a", { href: `#/paths?${pathQ}` }, "find paths from here")),
      ),
    ),
    h(
      "div",
      { class: "grid graph-and-panel", style: "margin-top:1rem" },
      h(
        "section",
        { class: "card", "aria-label": "Neighbourhood graph" },
        h(
          "div",
          { class: "graph-tools" },
          h("h2", { style: "margin:0" }, "Neighbourhood"),
          h("button", { type: "button", class: "secondary", onclick: () => cy && cy.fit(undefined, 30) }, "Fit"),
          truncated ? h("span", { class: "muted" }, `showing the first ${edges.length} links`) : null,
        ),
        edges.length ? cyBox : h("p", { class: "empty" }, "No relations to other entities yet."),
        info,
        h("ul", { class: "legend", "aria-label": "Colours by entity type" }, Object.keys(TYPE_COLORS).map((t) => h("li", {}, h("span", { class: "dot", style: `background:${color(t)}` }), t))),
      ),
      panel,
    ),
    h(
      "section",
      { class: "card", style: "margin-top:1rem" },
      h("h2", {}, `Relations (${edges.length}${truncated ? "+" : ""})`),
      edges.length
        ? h(
            "div",
            { class: "table-wrap" },
            h(
              "table",
              { id: "relations" },
              h("thead", {}, h("tr", {}, ["Relation", "", "With", "Count", "First seen", "Last seen", "Confidence", "Evidence"].map((c) => h("th", { scope: "col" }, c)))),
              h("tbody", {}, rows),
            ),
          )
        : h("p", { class: "muted" }, "None."),
    ),
    h(
      "section",
      { class: "card", style: "margin-top:1rem" },
      h("h2", {}, "Documents that mention it"),
      entity.documents.length
        ? h(
            "ul",
            { class: "docs", id: "entity-docs" },
            entity.documents.map((d) => {
              const first = d.mentions[0];
              const q = first ? `?${new URLSearchParams({ start: first.start, end: first.end, s: entity.id })}` : "";
              return h("li", {}, h("a", { href: `#/doc/${enc(d.id)}${q}` }, d.title || d.id), h("span", { class: "meta" }, ` ${d.date || "undated"} · ${d.mentions.length} mention${d.mentions.length === 1 ? "" : "s"}`));
            }),
          )
        : h("p", { class: "muted" }, "None."),
    ),
  );
  if (edges.length) {
    cy = await drawGraph(
      cyBox,
      entity,
      edges,
      (edge) => {
        info.textContent = `${refOf(edge.source().id()).name} —${edge.data("type")}→ ${refOf(edge.target().id()).name}`;
        openEvidence({ source: refOf(edge.source().id()), target: refOf(edge.target().id()), type: edge.data("type") });
      },
      (node) => {
        if (node.hasClass("center")) {
          info.textContent = `${entity.name} (${entity.type}): ${edges.length} links.`;
          return;
        }
        expandNode(cy, node, info).catch((e) => info.replaceChildren(errorBox(e, `expanding ${node.data("label")}`)));
      },
      live,
    );
  }
}

// --------------------------------------------------------------------------- paths

async function viewPaths(main, params, live) {
  const from = (params.get("from") || "").trim();
  const to = (params.get("to") || "").trim();
  const hops = Number(params.get("hops") || 4);
  const hopSelect = h("select", { id: "path-hops", name: "hops" }, [1, 2, 3, 4, 5, 6].map((n) => h("option", { value: n, selected: n === hops }, n)));
  const fromIn = h("input", { id: "path-from", name: "from", value: from, required: true, placeholder: "국토교통부" });
  const toIn = h("input", { id: "path-to", name: "to", value: to, required: true, placeholder: "LG CNS" });
  const form = h(
    "form",
    {
      class: "path-form card",
      onsubmit: (ev) => {
        ev.preventDefault();
        go(`#/paths?${new URLSearchParams({ from: fromIn.value.trim(), to: toIn.value.trim(), hops: hopSelect.value })}`);
      },
    },
    h("label", {}, "From", fromIn),
    h("label", {}, "To", toIn),
    h("label", {}, "Hops at most", hopSelect),
    h("button", { type: "submit" }, "Find paths"),
  );
  const results = h("div", { id: "path-results", class: "stack" });
  const panel = h("aside", { class: "card evidence-panel", id: "evidence", tabindex: "-1", "aria-live": "polite" }, h("h2", {}, "Evidence"), h("p", { class: "muted" }, "Choose “all evidence” on a hop to read every sentence that states it."));
  const ex = new URLSearchParams({ from: EXAMPLE_PATH.from, to: EXAMPLE_PATH.to, hops: EXAMPLE_PATH.hops });
  main.replaceChildren(
    h("h1", {}, "Paths between two entities"),
    h("p", { class: "muted" }, "The shortest chains of relations linking two names, each hop with the sentence that states it. Example: ", h("a", { href: `#/paths?${ex}` }, `${EXAMPLE_PATH.from} → ${EXAMPLE_PATH.to}`)),
    form,
    h("div", { class: "grid graph-and-panel", style: "margin-top:1rem" }, results, panel),
  );
  if (!from || !to) {
    results.append(h("p", { class: "muted" }, "Give two names (or ids) and press “Find paths”."));
    return;
  }
  results.append(h("p", { class: "loading" }, "Looking for paths…"));
  // Unknown names are told apart before asking for paths, with what the search does know.
  const known = await Promise.all([from, to].map((n) => api("/entities", { q: n, limit: 1 })));
  if (!live()) return;
  const unknown = [from, to].filter((_, i) => !known[i].items.length);
  if (unknown.length) {
    results.replaceChildren(h("div", { class: "empty", role: "status", id: "path-unknown" }, `No entity matches ${unknown.map((u) => `“${u}”`).join(" or ")}. Check the spelling, or search for part of the name above.`));
    return;
  }
  const res = await api("/paths", { source: from, target: to, max_hops: hops, limit: 5 });
  if (!live()) return;
  const head = h("p", {}, badge(res.source.type), " ", entityLink(res.source), " → ", badge(res.target.type), " ", entityLink(res.target));
  if (!res.paths.length) {
    results.replaceChildren(head, h("div", { class: "empty", role: "status", id: "no-path" }, res.source.id === res.target.id ? "Both names are the same entity." : `No path of at most ${hops} hops. Try a higher hop limit.`));
    return;
  }
  const ids = new Set(res.paths.flatMap((p) => p.hops.flatMap((hp) => [hp.source.id, hp.target.id])));
  await Promise.all([...ids].map((i) => entityDetail(i).catch(() => null)));
  if (!live()) return;
  let evidenceSeq = 0;
  const items = await Promise.all(
    res.paths.map(async (p, i) => {
      // hops keep the direction they are stored in; the chain reads from the source given
      let cur = res.source;
      const nodes = [cur];
      const hopItems = [];
      for (const hp of p.hops) {
        const next = hp.source.id === cur.id ? hp.target : hp.source;
        nodes.push(next);
        cur = next;
        const marks = await nameMarks(hp.source.id, hp.target.id);
        const ev = hp.evidence[0];
        const n = hp.evidence_count ?? hp.evidence.length;
        const q = ev ? new URLSearchParams({ start: ev.start, end: ev.end, s: hp.source.id, t: hp.target.id }) : null;
        hopItems.push(
          h(
            "li",
            {},
            h("div", { class: "hop" }, badge(hp.source.type), entityLink(hp.source), h("span", { class: "rel" }, ` —${hp.type}→ `), badge(hp.target.type), entityLink(hp.target)),
            ev ? h("blockquote", {}, highlight(ev.text || "", marks)) : null,
            h(
              "div",
              { class: "meta" },
              ev ? [ev.date, " · ", h("a", { href: `#/doc/${enc(ev.doc_id)}?${q}` }, "read in the document"), " · "] : null,
              h(
                "button",
                {
                  type: "button",
                  class: "link",
                  onclick: () => {
                    const seq = ++evidenceSeq;
                    showEvidence(panel, hp, () => live() && seq === evidenceSeq).then(() => panel.focus());
                  },
                },
                `all evidence (${n})`,
              ),
            ),
          ),
        );
      }
      return h(
        "section",
        { class: "card path-card" },
        h("h2", {}, `Path ${i + 1}: ${p.length} hop${p.length === 1 ? "" : "s"}`),
        h("div", { class: "chain" }, nodes.map((nd, j) => [j ? "→" : null, h("span", {}, nd.name)])),
        h("ol", { class: "path" }, hopItems),
      );
    }),
  );
  if (!live()) return;
  results.replaceChildren(head, ...items);
}

// --------------------------------------------------------------------------- document

async function viewDocument(main, id, params, live) {
  const [doc, info] = await Promise.all([api(`/documents/${enc(id)}/text`), api(`/documents/${enc(id)}`)]);
  if (!live()) return;
  const start = params.get("start") === null || params.get("start") === "" ? null : Number(params.get("start"));
  const end = params.get("end") === null || params.get("end") === "" ? null : Number(params.get("end"));
  const marks = params.get("s") ? await nameMarks(params.get("s"), params.get("t") || params.get("s")) : [];
  if (!live()) return;
  let body;
  let target = null;
  if (doc.text !== null) {
    const text = doc.text;
    if (start !== null && end !== null && start >= 0 && end <= text.length && start < end) {
      target = h("mark", { class: "span", id: "span", tabindex: "-1" }, highlight(text.slice(start, end), marks));
      body = h("div", { class: "doctext", id: "doc-text" }, text.slice(0, start), target, text.slice(end));
    } else {
      body = h("div", { class: "doctext", id: "doc-text" }, text);
    }
  } else {
    body = h("div", { class: "empty", role: "status", id: "doc-unavailable" }, `The full text cannot be shown: ${doc.text_unavailable}. The sentences extracted from it are listed below.`);
  }
  const rels = (info.relations || []).slice(0, 200);
  main.replaceChildren(
    h(
      "section",
      { class: "card" },
      h("h1", {}, doc.title || doc.doc_id),
      h("p", { class: "meta" }, [doc.date || "undated", doc.publisher, doc.source].filter(Boolean).join(" · ")),
      h("ul", { class: "chips", "aria-label": "Entities mentioned" }, (info.entities || []).slice(0, 80).map((e) => h("li", {}, h("a", { href: entityHref(e.id) }, h("span", { class: "dot", style: `background:${color(e.type)}` }), e.name)))),
    ),
    h("div", { style: "margin-top:1rem" }, body),
    h(
      "details",
      { class: "card", style: "margin-top:1rem", open: doc.text === null },
      h("summary", {}, `Relations extracted from this document (${(info.relations || []).length})`),
      h(
        "ul",
        { class: "evidence-list" },
        rels.map((r) => h("li", {}, h("div", { class: "hop" }, entityLink(r.source), h("span", { class: "rel" }, ` —${r.type}→ `), entityLink(r.target)), r.evidence.map((ev) => h("blockquote", {}, ev.text)))),
      ),
    ),
  );
  if (target) {
    target.scrollIntoView({ block: "center" });
    target.focus({ preventScroll: true });
  }
}

// --------------------------------------------------------------------------- routing

let routeSeq = 0;

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const qi = raw.indexOf("?");
  const path = qi < 0 ? raw : raw.slice(0, qi);
  const query = qi < 0 ? "" : raw.slice(qi + 1);
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(query) };
}

async function route() {
  const seq = ++routeSeq;
  const live = () => seq === routeSeq;
  const { parts, params } = parseHash();
  const main = $("#main");
  const view = { entity: "entity", search: "search", paths: "paths", doc: "document" }[parts[0]] || "overview";
  setState(view, "loading");
  if (window.citykg.cy) {
    window.citykg.cy.destroy(); // the previous view's graph: free it, and never mistake it for the next one
    window.citykg.cy = null;
    timings.graph = null;
  }
  main.replaceChildren(h("p", { class: "loading" }, "Loading…"));
  try {
    if (view === "entity") await viewEntity(main, parts.slice(1).join("/"), live);
    else if (view === "search") await viewSearch(main, params, live);
    else if (view === "paths") await viewPaths(main, params, live);
    else if (view === "document") await viewDocument(main, parts.slice(1).join("/"), params, live);
    else await viewOverview(main, live);
    if (!live()) return;
    setState(view, "ready");
  } catch (e) {
    if (!live()) return;
    const what = { entity: "this entity", document: "this document", paths: "the paths", search: "the search", overview: "the overview" }[view];
    main.replaceChildren(errorBox(e, `cannot show ${what}`), h("p", {}, h("a", { href: "#/" }, "Back to the overview")));
    setState(view, "error");
  }
  document.title = `${$("h1", main)?.textContent || "citykg"} · citykg explorer`;
}

window.addEventListener("hashchange", () => {
  route().then(() => $("#main").focus({ preventScroll: true }));
});
route().then(() => {
  mark("interactive");
  // Fetch the graph library while the reader looks at the overview.
  (window.requestIdleCallback || setTimeout)(() => loadCytoscape().catch(() => null));
});
