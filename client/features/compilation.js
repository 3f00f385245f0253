// The compilation text: a revision with every proposal inlined and attributed, inline or as
// the UN compilation text, both from the server's one compilation for the filters chosen
// (GET /documents/{id}/revisions/{seq}/compilation): the same amendments, the same count.
// Its brackets are the server's (each compiled unit's `brackets`, counted on the revision's
// text): highlighted in the revision's words, counted on each paragraph and heading, totalled,
// and "With brackets" keeps the paragraphs that have some, as on the text screen.
import { t } from "../lib/i18n.js";
import { h, userText, field, select, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { plural } from "../lib/format.js";
import { codes, options } from "../lib/labels.js";
import { amendmentsById } from "../lib/amendment-lookup.js";
import { latestRevision, revisionName } from "../lib/revisions.js";
import { state, enterProcess, setView, delegations, revisionOf } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { exportMenu } from "./export-menu.js";
import { amendmentCard } from "./amendments.js";
import { renderUnitRow, legend, bracketLegend, textFilterBar } from "./text.js";
import { countsByUnit, textFilters } from "./text-filter.js";
import { bracketRanges, rangesWithin, totalsSummary } from "../lib/bracket-ranges.js";
import { compilationFilters, compilationQuery, unCompilationNote } from "./compilation-filter.js";
import { byText, pieceRuns, unitProposals, proposalsByUnit } from "./compilation-inline.js";
import { length, optionLayout, slice } from "../lib/richtext.js";
import { editorialNotes, footnoteList, richRuns } from "../lib/richtext-view.js";

export async function compilation(processId, docId, q) {
  let mode = q.get("view") === "un" ? "un" : "inline";
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const latest = latestRevision(doc);
    if (!latest) throw new Error(t("reading.compilation.noRevision"));
    const seq = Number(q.get("seq") ?? latest.sequence);
    const filters = compilationFilters(q);
    const [rev, comp, loaded, dels, amendmentCounts] = await Promise.all([
      revisionOf(docId, seq),
      get(`/documents/${docId}/revisions/${seq}/compilation`, compilationQuery(filters, codes("amendment_states"))),
      // The amendments to show as cards; any the server compiled but this list lacks are asked for by id.
      get(`/processes/${processId}/amendments`, { document: docId, state: filters.state, limit: 1000 }).catch((e) => {
        if (e.status === 403) return [];
        throw e;
      }),
      delegations(),
      get(`/documents/${docId}/amendment-counts`, { revision: seq }).catch(() => null)]);
    const byId = await amendmentsById(comp.data.amendments, loaded, (id) => get(`/amendments/${id}`));
    const cards = proposalsByUnit(comp.data, byId);
    const revUnits = new Map(rev.units.map((u) => [u.key, u]));

    const fDel = select([["", t("amending.list.allDelegations")], ...dels.map((d) => [d.code, `${d.name} (${d.code})`])], filters.delegation, { name: "delegation" });
    const fState = select([["", t("amending.list.allStates")], ...options("amendment_states")], filters.state, { name: "state" });
    const fCluster = select([["", t("reading.compilation.allClusters")], ...state.process.clusters.map((c) => [c.key, c.name])], filters.cluster, { name: "cluster" });
    const fSeq = select(doc.revisions.map((r) => [r.sequence, revisionName(r)]), seq, { name: "seq" });
    const form = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams({ seq: fSeq.value, delegation: fDel.value, state: fState.value, cluster: fCluster.value, view: mode });
          location.hash = `#/p/${processId}/compilation/${docId}?${params}`;
        },
      },
    }, field(t("reading.compilation.baseRevision"), fSeq), field(t("amending.list.delegation"), fDel, t("reading.compilation.delegationHint")),
    field(t("reading.compilation.cluster"), fCluster, t("reading.compilation.clusterHint")), field(t("amending.list.state"), fState), h("button", { type: "submit" }, t("amending.list.filter")));

    const textBox = h("div.text.compilation", { role: "list" });
    const optionsOf = optionLayout(comp.data.units);
    const shown = [];
    for (const compiled of comp.data.units) {
      // The revision's unit for its open brackets; the compiled one for everything shown.
      const unit = { ...revUnits.get(compiled.key), ...compiled, open_brackets: revUnits.get(compiled.key)?.open_brackets ?? 0 };
      shown.push(unit);
      const proposals = cards[compiled.key] ?? [];
      const lines = unitProposals(compiled);
      const extra = [
        lines.length ? h("ul.unit-proposals", lines.map(proposalLine)) : null,
        proposals.length ? h("ul.inline-amendments", proposals.map((a) => h("li", amendmentCard(a)))) : null];
      const row = renderUnitRow(unit, {
        body: [compiled.option?.no_text && !compiled.pieces.length ? h("p.unit-text.no-text", t("common.richtext.noText")) : compiledText(unit),
          editorialNotes(compiled, { inline: compiled.pieces.length > 0 }), footnoteList(compiled)], extra, option: optionsOf.get(compiled.key),
        onSelect: (key) => { location.hash = `#/p/${processId}/text/${docId}/${seq}?unit=${encodeURIComponent(key)}`; },
      });
      row.setAttribute("role", "listitem");
      textBox.append(row);
    }
    const pre = h("pre#un-text.un-text", { dir: "auto", tabindex: "0", "aria-labelledby": "un-title" });
    pre.textContent = comp.text;
    const unBox = h("div#un-compilation", { "aria-labelledby": "un-title" },
      h("h3#un-title", t("reading.compilation.unTitle", { revision: revisionName(comp) })), h("p.small", unCompilationNote(comp)), pre);
    const filterBar = textFilterBar(shown, textBox, countsByUnit(amendmentCounts), textFilters(q));
    const inlineBox = h("div#inline-compilation", legend(), bracketLegend(), filterBar, textBox);

    const inlineBtn = h("button#view-inline", { type: "button" }, t("reading.compilation.inline"));
    const unBtn = h("button#view-un", { type: "button" }, t("reading.compilation.un"));
    const show = (m) => {
      mode = m;
      inlineBtn.setAttribute("aria-pressed", String(m === "inline"));
      unBtn.setAttribute("aria-pressed", String(m === "un"));
      inlineBox.hidden = m !== "inline";
      unBox.hidden = m !== "un";
      const [path, query = ""] = location.hash.split("?");
      const params = new URLSearchParams(query);
      params.set("view", m);
      history.replaceState(null, "", `${path}?${params}`);
    };
    inlineBtn.addEventListener("click", () => show("inline"));
    unBtn.addEventListener("click", () => show("un"));
    const toggle = h("div.view-toggle", { role: "group", "aria-label": t("reading.compilation.howToShow") }, inlineBtn, unBtn);
    root.replaceChildren(processNav("compilation"),
      h("section", { "aria-labelledby": "comp-title" },
        h("div.toolbar", h("h2#comp-title", t("reading.compilation.title", { revision: revisionName(rev) })), exportMenu("compilation", { document: docId, sequence: rev.sequence })),
        h("p.summary#comp-summary", t("reading.compilation.summary", { count: comp.data.amendments.length }),
          h("strong#comp-brackets", totalsSummary(comp.data.brackets) || t("reading.text.noBrackets")), t("reading.compilation.inRevision")),
        form, toggle, inlineBox, unBox));
    show(mode);
  };
  setView(render);
  await render();
}

/** A unit's text with the proposals at their places: deletions struck, new wordings inserted, each attributed;
 * the revision's words keep their formatting, footnote marks, editorial notes at their place and the server's brackets (offsets
 * into the pieces joined, which are the revision's text). */
function compiledText(unit) {
  const p = h("p.unit-text.compiled", { dir: "auto" });
  const brackets = bracketRanges(unit.brackets);
  let at = 0;
  unit.pieces.forEach((piece, index) => {
    const end = at + length(piece.text);
    const own = { ...slice(unit.marks, unit.footnotes, at, end, { last: index === unit.pieces.length - 1, notes: unit.notes }),
      extraRanges: rangesWithin(brackets, at, end) };
    const words = (tag, cls) => { const node = h(`${tag}${cls ? "." + cls : ""}`, { dir: "auto" }); node.append(...richRuns(piece.text, { ...own, key: unit.key })); return node; };
    for (const run of pieceRuns(piece)) {
      if (run.kind === "text") p.append(...richRuns(run.text, { ...own, key: unit.key }));
      else if (run.kind === "replaced") p.append(words("span", "replaced"));
      else {
        const who = byText(run.by);
        const deleted = run.kind === "deleted";
        const node = deleted ? words("del") : h("ins");
        node.title = deleted ? t("reading.compilation.deleteBy", { who }) : t("reading.compilation.proposedBy", { who });
        if (!deleted) node.textContent = run.text;
        p.append(node, h("span.by.small", deleted ? t("reading.compilation.deleteMark", { who }) : ` [${who}] `));
      }
    }
    at = end;
  });
  return p;
}

/** A proposal about the unit as a whole, or an alternative or new unit proposed with it. */
function proposalLine(p) {
  return h(`li.proposed.proposed-${p.kind}`,
    h("strong", p.number ? `${p.number} — ${p.label}` : p.label), `: ${byText(p.by)}`,
    p.text ? [": ", userText("span", p.text, "unit-text")] : null);
}
