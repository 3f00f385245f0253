// The compilation text: a revision with every proposal inlined and attributed, inline or as
// the UN compilation text, both from the server's one compilation for the filters chosen
// (GET /documents/{id}/revisions/{seq}/compilation): the same amendments, the same count.
// Its brackets are the server's (each compiled unit's `brackets`, counted on the revision's
// text): highlighted in the revision's words, counted on each paragraph and heading, totalled,
// and "With brackets" keeps the paragraphs that have some, as on the text screen.
// In a language (?language=fr, from the versions the server lists): each paragraph's
// translation as the base text (lang, dir="rtl" for Arabic), its amendments below it as
// proposed, on the source text (lang of the source); a paragraph whose translation is
// missing or out of date in the source text, said so; the screen says once why.
import { t, LANGUAGE_NAMES } from "../lib/i18n.js";
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
import { isHeading } from "./text-summary.js";
import { countsByUnit, textFilters } from "./text-filter.js";
import { bracketRanges, rangesWithin, totalsSummary } from "../lib/bracket-ranges.js";
import { compilationFilters, compilationQuery, compilationHref, languageChoices, unCompilationNote } from "./compilation-filter.js";
import { byText, pieceRuns, unitProposals, proposalsByUnit, unitReading, hasProposals, languageNote, unTextLines } from "./compilation-inline.js";
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
    const compQuery = compilationQuery(filters, codes("amendment_states"));
    const compUrl = `/documents/${docId}/revisions/${seq}/compilation`;
    // An address naming a language the revision has no version in: the source text, said so.
    let noVersion = null;
    const [rev, comp, loaded, dels, amendmentCounts] = await Promise.all([
      revisionOf(docId, seq),
      get(compUrl, compQuery).catch((e) => {
        if (e.status !== 404 || e.details?.field !== "language") throw e;
        noVersion = filters.language;
        return get(compUrl, { ...compQuery, language: undefined });
      }),
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
    // The versions the revision has (the server's list), each named in itself, in its language.
    const fLang = h("select#comp-language", { name: "language" }, languageChoices(comp).map(([code, name, dir]) =>
      h("option", { value: code, lang: code, dir, selected: code === comp.language }, name)));
    const form = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          location.hash = compilationHref(processId, docId, { seq: fSeq.value, delegation: fDel.value, state: fState.value,
            cluster: fCluster.value, language: fLang.value, view: mode }, comp.source_language);
        },
      },
    }, field(t("reading.compilation.baseRevision"), fSeq), field(t("languages.compilation.language"), fLang, t("languages.compilation.languageHint")),
    field(t("amending.list.delegation"), fDel, t("reading.compilation.delegationHint")),
    field(t("reading.compilation.cluster"), fCluster, t("reading.compilation.clusterHint")), field(t("amending.list.state"), fState), h("button", { type: "submit" }, t("amending.list.filter")));

    const textBox = h("div.text.compilation", { role: "list" });
    const sourceDir = comp.languages.find((l) => l.code === comp.source_language)?.direction ?? "ltr";
    const sourceMark = { lang: comp.source_language, dir: sourceDir };
    const optionsOf = optionLayout(comp.data.units);
    const shown = [];
    for (const compiled of comp.data.units) {
      // The revision's unit for its open brackets; the compiled one for everything shown.
      const unit = { ...revUnits.get(compiled.key), ...compiled, open_brackets: revUnits.get(compiled.key)?.open_brackets ?? 0 };
      shown.push(unit);
      const proposals = cards[compiled.key] ?? [];
      const lines = unitProposals(compiled);
      const reading = unitReading(comp, compiled.key);
      // The amendments are the source language's words: marked so when the text around is another's.
      const extra = [
        lines.length ? h("ul.unit-proposals", lines.map((line) => proposalLine(line, sourceMark))) : null,
        proposals.length ? h("ul.inline-amendments", proposals.map((a) => h("li", amendmentCard(a)))) : null];
      const sourceBody = compiled.option?.no_text && !compiled.pieces.length ? h("p.unit-text.no-text", t("common.richtext.noText")) : compiledText(unit);
      const note = reading.note ? h("p.small.language-note", { "data-state": reading.state }, reading.note) : null;
      let body;
      if (reading.base === "translation" && !isHeading(unit)) {
        body = [inLanguage(userText("p", reading.text, "unit-text"), reading.language, reading.direction),
          hasProposals(compiled) ? sourceBox(sourceBody, sourceMark, "amendments") : null, note];
      } else if (reading.base === "translation") {
        body = null;
      } else {
        body = [comp.language !== comp.source_language ? sourceBox(sourceBody, sourceMark, reading.state) : sourceBody, note,
          editorialNotes(compiled, { inline: compiled.pieces.length > 0 }), footnoteList(compiled)];
      }
      const shownUnit = reading.base === "translation" && isHeading(unit) ? { ...unit, heading: reading.text } : unit;
      const row = renderUnitRow(shownUnit, {
        body, extra: isHeading(unit) && note ? [note, ...extra] : extra, option: optionsOf.get(compiled.key),
        onSelect: (key) => { location.hash = `#/p/${processId}/text/${docId}/${seq}?unit=${encodeURIComponent(key)}`; },
      });
      if (isHeading(unit)) {
        const title = row.querySelector("h3");
        const lang = reading.base === "translation" ? reading : { language: comp.source_language, direction: sourceDir };
        if (comp.language !== comp.source_language) { title.lang = lang.language; title.dir = lang.direction; }
      }
      row.setAttribute("role", "listitem");
      textBox.append(row);
    }
    const pre = h("pre#un-text.un-text", { dir: "auto", tabindex: "0", "aria-labelledby": "un-title" });
    if (comp.language === comp.source_language) pre.textContent = comp.text;
    // In a language, a paragraph's amendments print after its translation as "    en: ...": those lines are the source's.
    else pre.append(...unTextLines(comp.text, comp.source_language).map((line, i) =>
      h("span", line.inSource ? sourceMark : { dir: "auto" }, (i ? "\n" : "") + line.text)));
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
        noVersion ? h("p.notice#comp-no-version", { role: "status" }, t("languages.compilation.noVersion",
          { language: LANGUAGE_NAMES[noVersion] ?? noVersion, source: LANGUAGE_NAMES[comp.source_language] ?? comp.source_language })) : null,
        languageNote(comp) ? h("p.note#comp-language-note", languageNote(comp)) : null,
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
function proposalLine(p, inSource) {
  const text = p.text ? userText("span", p.text, "unit-text") : null;
  if (text && inSource) Object.assign(text, inSource);
  return h(`li.proposed.proposed-${p.kind}`,
    h("strong", p.number ? `${p.number} — ${p.label}` : p.label), `: ${byText(p.by)}`,
    text ? [": ", text] : null);
}

/**
 * The source text with its amendments inlined, in a language's compilation: under a translated
 * paragraph (`amendments`: set off by a thin rule), or in place of a missing or out-of-date
 * translation (dashed, as the parallel view marks those).
 */
function sourceBox(body, mark, why) {
  const box = h("div.compiled-source", { ...mark, "data-why": why }, body);
  box.style.borderInlineStart = why === "amendments" ? "2px solid #8a94a6" : "3px dashed currentColor";
  box.style.paddingInlineStart = "0.5rem";
  box.style.marginBlock = "0.25rem";
  return box;
}

/** A paragraph's translation: its language and direction on it (Arabic right to left). */
function inLanguage(node, language, dir) {
  node.classList.add("translated");
  node.lang = language;
  node.dir = dir;
  return node;
}
