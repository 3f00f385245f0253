// Observers' and everyone's reading views: compare two revisions, timeline, consultation
// inputs by cluster, and the dashboard (SVG charts drawn here, no chart library).
import { h, $, userText, field, select, fmtDate, STATUS_LABELS, STATE_LABELS, PHASE_LABELS } from "./dom.js";
import { get, post } from "./api.js";
import { notify, errorText, diffSpans, statusBadge } from "./ui.js";
import { state, enterProcess, isStaff, isDelegate, latestRevision, describeEvent } from "./state.js";
import { processNav, setView, diffBetween } from "./views.js";

const view = () => $("#view");

// ---- compare two revisions --------------------------------------------------------------

export async function compare(processId, docId, q) {
  const render = async () => {
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const revs = doc.revisions;
    if (revs.length === 0) throw new Error("Nothing published yet.");
    const to = Number(q.get("to") ?? revs.at(-1).sequence);
    const from = Number(q.get("from") ?? (revs.length > 1 ? revs.at(-2).sequence : to));
    const mode = q.get("mode") ?? "inline";
    const changedOnly = q.get("changed") !== "0";
    const options = revs.map((r) => [r.sequence, r.label ?? `Revision ${r.sequence}`]);
    const fFrom = select(options, from, { name: "from" });
    const fTo = select(options, to, { name: "to" });
    const fMode = select([["inline", "Inline"], ["side", "Side by side"]], mode, { name: "mode" });
    const fChanged = h("input#changed-only", { type: "checkbox", checked: changedOnly });
    const form = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams({ from: fFrom.value, to: fTo.value, mode: fMode.value, changed: fChanged.checked ? "1" : "0" });
          location.hash = `#/p/${processId}/compare/${docId}?${params}`;
        },
      },
    }, field("From", fFrom), field("To", fTo), field("Layout", fMode),
    h("div.field.check", fChanged, h("label", { for: "changed-only" }, "Changed paragraphs only")),
    h("button", { type: "submit" }, "Compare"));
    const diff = await diffBetween(docId, from, to, changedOnly);
    const c = diff.counts;
    const rows = diff.units.map((u) => {
      const number = u.number_before === u.number_after ? (u.number_after ?? "") : `${u.number_before ?? "—"} → ${u.number_after ?? "—"}`;
      const status = u.status_before === u.status_after ? statusBadge(u.status_after ?? u.status_before)
        : h("span", u.status_before ? statusBadge(u.status_before) : "—", " → ", u.status_after ? statusBadge(u.status_after) : "—");
      if (mode === "side") {
        return h(`tr.change-${u.change}`, h("th", { scope: "row" }, number), h("td", diffSpans(u.spans, { side: "before" })),
          h("td", diffSpans(u.spans, { side: "after" })), h("td", u.change, " ", status));
      }
      return h(`div.unit.change-${u.change}`, { role: "listitem" }, h("span.unit-number", number),
        h("div.unit-body", h("p.unit-text", diffSpans(u.spans)), h("p.unit-meta", h("span.badge", u.change), " ", status)));
    });
    const fromLabel = options.find(([s]) => s === from)?.[1];
    const toLabel = options.find(([s]) => s === to)?.[1];
    view().replaceChildren(processNav("compare"),
      h("section", { "aria-labelledby": "cmp-title" },
        h("h2#cmp-title", `Compare ${fromLabel} with ${toLabel}`), form,
        h("p.summary", `Edited ${c.edited}, new ${c.new}, deleted ${c.deleted}, unchanged ${c.unchanged}.`),
        mode === "side"
          ? h("table.side-by-side", h("caption", `${fromLabel} (left) and ${toLabel} (right)`),
            h("thead", h("tr", h("th", { scope: "col" }, "No."), h("th", { scope: "col" }, fromLabel), h("th", { scope: "col" }, toLabel), h("th", { scope: "col" }, "Change"))),
            h("tbody", rows))
          : h("div.text.diff-inline", { role: "list" }, rows)));
  };
  setView(render);
  await render();
}

// ---- timeline ----------------------------------------------------------------------------

export async function timeline(processId) {
  const render = async () => {
    await enterProcess(processId);
    const silences = await get(`/processes/${processId}/silence`).catch(() => []);
    const events = [];
    for (const d of state.documents) {
      d.revisions.forEach((r, i) => events.push({
        at: r.published_at, node: h("div",
          h("strong", `${r.label ?? "Revision " + r.sequence}`), " of ", userText("span", d.title), " published. ",
          h("a", { href: `#/p/${processId}/text/${d.id}/${r.sequence}` }, "Read"),
          i > 0 ? [" · ", h("a", { href: `#/p/${processId}/compare/${d.id}?from=${d.revisions[i - 1].sequence}&to=${r.sequence}` }, `What changed since ${d.revisions[i - 1].label}`)] : null),
      }));
    }
    for (const s of silences) {
      events.push({ at: s.started_at, node: h("div", h("strong", "Silence procedure"), ` on ${s.revision_label} until ${fmtDate(s.deadline)}: ${s.state}.`) });
    }
    let log = null;
    if (isStaff()) log = await get(`/processes/${processId}/log`, { limit: 1000 }).catch(() => null);
    events.sort((a, b) => String(a.at).localeCompare(String(b.at)));
    view().replaceChildren(processNav("timeline"),
      h("section", { "aria-labelledby": "tl-title" },
        h("h2#tl-title", "Timeline of revisions"),
        h("ol.timeline", events.map((e) => h("li", h("time", { datetime: e.at }, fmtDate(e.at)), e.node))),
        log ? h("details.card", h("summary", `The process's history (${log.length} entries, hash-chained)`),
          h("ol.log", log.slice(-200).reverse().map((entry) => h("li", h("time", { datetime: entry.at }, fmtDate(entry.at)), ` #${entry.seq} `,
            describeEvent({ type: entry.action, subject: entry.subject }))))) : null));
  };
  setView(render);
  await render();
}

// ---- consultation ------------------------------------------------------------------------

export async function consultation(processId, q) {
  const render = async () => {
    const p = await enterProcess(processId);
    const cluster = q.get("cluster") ?? "";
    const [inputs, summaries] = await Promise.all([
      get(`/processes/${processId}/inputs`, { cluster }), get(`/processes/${processId}/summaries`).catch(() => [])]);
    const names = Object.fromEntries(p.clusters.map((c) => [c.key, c.name]));
    const fCluster = select([["", "All clusters"], ...p.clusters.map((c) => [c.key, c.name])], cluster, { name: "cluster" });
    const filter = h("form.filters", {
      on: { submit: (e) => { e.preventDefault(); location.hash = `#/p/${processId}/consultation?cluster=${encodeURIComponent(fCluster.value)}`; } },
    }, field("Cluster", fCluster), h("button", { type: "submit" }, "Show"));
    const groups = {};
    for (const i of inputs) (groups[i.cluster] ??= []).push(i);
    const canSubmit = ["consultation", "stocktaking"].includes(p.phase) && (isDelegate() || p.your_role === "observer");
    view().replaceChildren(processNav("consultation"),
      h("section", { "aria-labelledby": "cons-title" },
        h("h2#cons-title", "Consultation inputs by cluster"), filter,
        canSubmit ? inputForm(processId, p) : null,
        Object.entries(groups).map(([key, items]) => h("section.card",
          h("h3", names[key] ?? key),
          summaries.filter((s) => s.cluster === key).map((s) => h("div.summary-box", h("h4", "Summary: ", userText("span", s.title)), userText("p", s.body))),
          h("ul.inputs", items.map((i) => h("li",
            h("h4", userText("span", i.title)), h("p.small", `${i.delegation ?? "Stakeholder"} · ${i.kind.replace("_", " ")} · ${fmtDate(i.created_at)}`),
            userText("p", i.body)))))),
        inputs.length === 0 ? h("p", "No input in this cluster.") : null));
  };
  setView(render);
  await render();
}

function inputForm(processId, p) {
  const title = h("input", { type: "text", required: true, dir: "auto" });
  const body = h("textarea", { rows: 4, required: true, dir: "auto" });
  const cluster = select(p.clusters.map((c) => [c.key, c.name]), p.clusters[0]?.key);
  const kind = select([["written_contribution", "Written contribution"], ["statement", "Statement"]], "written_contribution");
  return h("form.card", {
    "data-dirty": "false",
    on: {
      input: (e) => { e.currentTarget.dataset.dirty = "true"; },
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/processes/${processId}/inputs`, { title: title.value, body: body.value, cluster: cluster.value, kind: kind.value });
          notify("Input submitted.");
          e.target.dataset.dirty = "false";
        } catch (err) { notify(errorText(err), "error"); }
        await state.view?.refresh();
      },
    },
  }, h("h3", "Submit an input"), field("Title", title), field("Cluster", cluster), field("Kind", kind), field("Text", body),
  h("button.primary", { type: "submit" }, "Submit input"));
}

// ---- dashboard ---------------------------------------------------------------------------

export async function dashboard(processId) {
  const render = async () => {
    await enterProcess(processId);
    let data;
    try {
      data = await get(`/processes/${processId}/dashboard`);
    } catch (e) {
      if (e.status !== 404) throw e;
      data = null;
    }
    const body = data === null ? h("p", "The dashboard endpoint is not available on this server.") : h("div.grid.charts",
      chartCard("Amendments per delegation", barChart(data.per_delegation.map((x) => [x.key, x.count]))),
      chartCard("Amendments per cluster", barChart(data.per_cluster.map((x) => [x.name ?? x.key ?? "No cluster", x.count]))),
      chartCard("Amendments per state", barChart(data.per_state.map((x) => [STATE_LABELS[x.key] ?? x.key, x.count]))),
      chartCard("Agreed paragraphs and open brackets, revision by revision", lineChart(data.revisions)));
    view().replaceChildren(processNav("dashboard"),
      h("section", { "aria-labelledby": "dash-title" }, h("h2#dash-title", "Dashboard"),
        data ? h("p.summary", `${data.amendments_total} amendments you may see.`) : null, body));
  };
  setView(render);
  await render();
}

const SVG = "http://www.w3.org/2000/svg";
function s(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  for (const c of children) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

function chartCard(title, chart) {
  return h("figure.card.chart", h("figcaption", h("h3", title)), chart);
}

/** Horizontal bars, with the figures also as a table for screen readers. */
function barChart(rows) {
  if (rows.length === 0) return h("p", "Nothing you may see yet.");
  const max = Math.max(1, ...rows.map(([, n]) => n));
  const rowH = 22, labelW = 190, width = 520;
  const svg = s("svg", { viewBox: `0 0 ${width} ${Math.max(rowH, rows.length * rowH) + 4}`, role: "img", class: "bars",
    "aria-label": rows.map(([k, n]) => `${k}: ${n}`).join("; ") || "No data" });
  rows.forEach(([label, n], i) => {
    const y = i * rowH + 2;
    const w = Math.round((width - labelW - 40) * n / max);
    const short = String(label).length > 28 ? String(label).slice(0, 27) + "…" : String(label);
    svg.append(s("text", { x: labelW - 6, y: y + 15, "text-anchor": "end", class: "label" }, short),
      s("rect", { x: labelW, y: y + 3, width: Math.max(w, 1), height: rowH - 6, class: "bar" }, s("title", `${label}: ${n}`)),
      s("text", { x: labelW + w + 4, y: y + 15, class: "value" }, n));
  });
  return svg;
}

function lineChart(revisions) {
  const width = 520, height = 220, pad = 36;
  const n = revisions.length;
  const maxY = Math.max(1, ...revisions.flatMap((r) => [r.units_agreed, r.open_brackets]));
  const x = (i) => pad + (n <= 1 ? 0 : (i * (width - 2 * pad)) / (n - 1));
  const y = (v) => height - pad - (v * (height - 2 * pad)) / maxY;
  const svg = s("svg", { viewBox: `0 0 ${width} ${height}`, role: "img", class: "lines",
    "aria-label": revisions.map((r) => `${r.label}: ${r.units_agreed} agreed, ${r.open_brackets} open brackets`).join("; ") || "No revision" });
  svg.append(s("line", { x1: pad, y1: height - pad, x2: width - pad, y2: height - pad, class: "axis" }),
    s("line", { x1: pad, y1: pad / 2, x2: pad, y2: height - pad, class: "axis" }),
    s("text", { x: 4, y: y(maxY) + 4, class: "value" }, maxY), s("text", { x: 4, y: height - pad + 4, class: "value" }, 0));
  for (const [key, cls] of [["units_agreed", "agreed"], ["open_brackets", "brackets"]]) {
    const points = revisions.map((r, i) => `${x(i)},${y(r[key])}`).join(" ");
    svg.append(s("polyline", { points, class: `series ${cls}` }));
    revisions.forEach((r, i) => svg.append(s("circle", { cx: x(i), cy: y(r[key]), r: 4, class: `dot ${cls}` }, s("title", `${r.label}: ${r[key]}`))));
  }
  revisions.forEach((r, i) => svg.append(s("text", { x: x(i), y: height - pad + 18, "text-anchor": "middle", class: "label" }, r.label ?? r.sequence)));
  return h("div", svg, h("p.legend-line", h("span.key.agreed", "■"), " Paragraphs agreed (informals, ad ref or adopted)  ",
    h("span.key.brackets", "■"), " Open brackets"));
}

void PHASE_LABELS; void STATUS_LABELS; void latestRevision;
