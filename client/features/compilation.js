// The compilation text: a revision with every proposal inlined and attributed (built from the
// amendment list), or the UN compilation text as the server prints it, with the same filters.
import { h, field, select, viewRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { STATE_LABELS, options } from "../lib/labels.js";
import { latestRevision, revisionName } from "../lib/revisions.js";
import { errorText } from "../lib/ui.js";
import { state, enterProcess, setView, delegations } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { amendmentCard } from "./amendments.js";
import { renderUnitRow, legend } from "./text.js";
import { compilationFilters, compiledProposals, byUnit, unCompilationQuery, unCompilationNote } from "./compilation-filter.js";

export async function compilation(processId, docId, q) {
  // Which view: the inline one built from the amendment list, or the server's UN text.
  let mode = q.get("view") === "un" ? "un" : "inline";
  const render = async () => {
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const latest = latestRevision(doc);
    if (!latest) throw new Error("No published revision yet.");
    const seq = Number(q.get("seq") ?? latest.sequence);
    const rev = await get(`/documents/${docId}/revisions/${seq}`);
    const filters = compilationFilters(q);
    let list = [];
    try {
      list = await get(`/processes/${processId}/amendments`, { document: docId, delegation: filters.delegation, state: filters.state, limit: 500 });
    } catch (e) { if (e.status !== 403) throw e; }
    list = compiledProposals(list, rev, filters);
    const proposalsByUnit = byUnit(list);
    const dels = await delegations();
    const fDel = select([["", "All delegations"], ...dels.map((d) => [d.code, `${d.name} (${d.code})`])], filters.delegation, { name: "delegation" });
    const fState = select([["", "All states"], ...options(STATE_LABELS)], filters.state, { name: "state" });
    const fCluster = select([["", "All clusters"], ...state.process.clusters.map((c) => [c.key, c.name])], filters.cluster, { name: "cluster" });
    const fSeq = select(doc.revisions.map((r) => [r.sequence, r.label]), seq, { name: "seq" });
    const form = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams({ seq: fSeq.value, delegation: fDel.value, state: fState.value, cluster: fCluster.value, view: mode });
          location.hash = `#/p/${processId}/compilation/${docId}?${params}`;
        },
      },
    }, field("Base revision", fSeq), field("Delegation", fDel), field("Cluster", fCluster,
      "The thematic cluster the proponent named."), field("State", fState), h("button", { type: "submit" }, "Filter"));
    const textBox = h("div.text.compilation", { role: "list" });
    for (const unit of rev.units) {
      const proposals = proposalsByUnit[unit.key] ?? [];
      const extra = proposals.length ? h("ul.inline-amendments", proposals.map((a) => h("li", amendmentCard(a)))) : null;
      const row = renderUnitRow(unit, { extra, onSelect: (key) => { location.hash = `#/p/${processId}/text/${docId}/${seq}?unit=${encodeURIComponent(key)}`; } });
      row.setAttribute("role", "listitem");
      textBox.append(row);
    }
    const unBox = h("div#un-compilation", { "aria-labelledby": "un-title" });
    const inlineBox = h("div#inline-compilation", legend(), textBox);
    const loadUn = async () => {
      if (unBox.dataset.loaded) return;
      unBox.dataset.loaded = "true";
      unBox.replaceChildren(h("p", "Loading the compilation text…"));
      try {
        const qs = unCompilationQuery(filters);
        const comp = await get(`/documents/${docId}/revisions/${seq}/compilation${qs ? `?${qs}` : ""}`);
        const pre = h("pre#un-text.un-text", { dir: "auto", tabindex: "0", "aria-labelledby": "un-title" });
        pre.textContent = comp.text;
        unBox.replaceChildren(
          h("h3#un-title", `UN compilation text — ${revisionName(comp)}`),
          h("p.small", unCompilationNote(comp)),
          pre);
      } catch (err) {
        delete unBox.dataset.loaded;
        unBox.replaceChildren(h("p.error", { role: "alert" }, errorText(err)));
      }
    };
    const inlineBtn = h("button#view-inline", { type: "button" }, "Inline view");
    const unBtn = h("button#view-un", { type: "button" }, "UN compilation text");
    const show = async (m) => {
      mode = m;
      inlineBtn.setAttribute("aria-pressed", String(m === "inline"));
      unBtn.setAttribute("aria-pressed", String(m === "un"));
      inlineBox.hidden = m !== "inline";
      unBox.hidden = m !== "un";
      const [path, query = ""] = location.hash.split("?");
      const params = new URLSearchParams(query);
      params.set("view", m);
      history.replaceState(null, "", `${path}?${params}`);
      if (m === "un") await loadUn();
    };
    inlineBtn.addEventListener("click", () => show("inline"));
    unBtn.addEventListener("click", () => show("un"));
    const toggle = h("div.view-toggle", { role: "group", "aria-label": "How to show the compilation" }, inlineBtn, unBtn);
    viewRoot().replaceChildren(processNav("compilation"),
      h("section", { "aria-labelledby": "comp-title" },
        h("h2#comp-title", `Compilation text — ${revisionName(rev)}`),
        h("p.summary", `${list.length} proposals shown inline, attributed to their proponents.`),
        form, toggle, inlineBox, unBox));
    await show(mode);
  };
  setView(render);
  await render();
}
