// Compare two revisions: the server's word diff, inline or side by side.
import { h, field, select, screenRoot, userText } from "../lib/dom.js";
import { revisionOptions } from "../lib/revisions.js";
import { statusBadge } from "../lib/ui.js";
import { state, enterProcess, setView, diffBetween } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { exportMenu } from "./export-menu.js";
import { compareRange, numberChange, countsSummary, changeLabel } from "./compare-revisions.js";
import { t, tParts } from "../lib/i18n.js";
import { LANGUAGE_CODES, languageName } from "./parallel-view.js";
import { length, optionLayout, slice } from "../lib/richtext.js";
import { editorialNotes, footnoteList, optionClasses, optionLabel, richRuns } from "../lib/richtext-view.js";

/**
 * The server's word diff with the formatting the words carried: words kept or added with the
 * newer text's formatting and footnote marks (the diff's equal and inserted spans make up that
 * text), deleted words with the older text's (`marks_before`, over the equal and deleted
 * spans). `side` "before" / "after" keeps one side only, as diffSpans does.
 */
function richDiff(u, { side } = {}) {
  const deletedUnit = u.change === "deleted";
  const before = u.marks_before ?? (deletedUnit ? u.marks : []);
  const after = deletedUnit ? [] : u.marks;
  const notes = deletedUnit ? [] : u.footnotes;
  const out = h("span.diff", { dir: "auto" });
  const spans = u.spans ?? [];
  const total = spans.filter((sp) => sp.op !== "delete").reduce((n, sp) => n + length(sp.text), 0);
  let oldAt = 0;
  let newAt = 0;
  const words = (tag, text, own, key) => { const node = h(tag); node.append(...richRuns(text, { ...own, key })); return node; };
  for (const span of spans) {
    const n = length(span.text);
    const old = span.op === "insert" ? null : slice(before, [], oldAt, oldAt + n);
    const now = span.op === "delete" ? null : slice(after, notes, newAt, newAt + n, { last: newAt + n === total, notes: deletedUnit ? [] : u.notes });
    if (span.op === "delete") { if (side !== "after") out.append(words("del", span.text, old, `cmp-${u.key}`)); }
    else if (span.op === "insert") { if (side !== "before") out.append(words("ins", span.text, now, `cmp-${u.key}`)); }
    else out.append(side === "before" ? words("span", span.text, old, `cmp-${u.key}`) : words("span", span.text, now, `cmp-${u.key}`));
    if (old) oldAt += n;
    if (now) newAt += n;
  }
  return out;
}

/** Notes on the whole paragraph and footnotes of the newer text under its diff (its anchored notes are in it). */
const richExtras = (u) => (u.change === "deleted" ? [] : [editorialNotes(u, { inline: Boolean(u.spans?.length) }), footnoteList({ ...u, key: `cmp-${u.key}` })]);

export async function compare(processId, docId, q) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const revs = doc.revisions;
    if (revs.length === 0) throw new Error(t("reading.compare.nothing"));
    const { from, to, mode, changedOnly } = compareRange(revs, q);
    // A language version to compare (?language=fr, from the parallel view), else the text's own.
    const language = LANGUAGE_CODES.includes(q.get("language")) ? q.get("language") : null;
    const options = revisionOptions(doc);
    const fFrom = select(options, from, { name: "from" });
    const fTo = select(options, to, { name: "to" });
    const fMode = select([["inline", t("reading.compare.inline")], ["side", t("reading.compare.side")]], mode, { name: "mode" });
    const fChanged = h("input#changed-only", { type: "checkbox", checked: changedOnly });
    const form = h("form.filters", {
      on: {
        submit: (e) => {
          e.preventDefault();
          const params = new URLSearchParams({ from: fFrom.value, to: fTo.value, mode: fMode.value, changed: fChanged.checked ? "1" : "0", ...(language ? { language } : {}) });
          location.hash = `#/p/${processId}/compare/${docId}?${params}`;
        },
      },
    }, field(t("reading.compare.from"), fFrom), field(t("reading.compare.to"), fTo), field(t("reading.compare.layout"), fMode),
    h("div.field.check", fChanged, h("label", { for: "changed-only" }, t("reading.compare.changedOnly"))),
    h("button", { type: "submit" }, t("reading.compare.compare")));
    const diff = await diffBetween(docId, from, to, changedOnly, language);
    const sideLabels = [from, to].map((seq) => options.find(([s]) => s === seq)?.[1] ?? "");
    const optionPlaces = optionLayout(diff.units);
    const rows = diff.units.map((u) => {
      const number = numberChange(u);
      const status = u.status_before === u.status_after ? statusBadge(u.status_after ?? u.status_before)
        : h("span", tParts("reading.compare.becomes", { before: u.status_before ? statusBadge(u.status_before) : "—", after: u.status_after ? statusBadge(u.status_after) : "—" }));
      if (mode === "side") {
        // On phones the row stacks (accord.css): each cell says which revision it is.
        return h(`tr.change-${u.change}`, h("th", { scope: "row" }, number),
          h("td", { "data-label": sideLabels[0] }, richDiff(u, { side: "before" })),
          h("td", { "data-label": sideLabels[1] }, richDiff(u, { side: "after" }), richExtras(u)),
          h("td", { "data-label": t("reading.compare.change") }, userText("span", changeLabel(u)), " ", status));
      }
      const option = optionPlaces.get(u.key);
      return h(`div.unit.change-${u.change}${optionClasses(option).map((c) => "." + c).join("")}`, { role: "listitem" }, h("span.unit-number", number),
        h("div.unit-body", optionLabel(option), h("p.unit-text", richDiff(u)), richExtras(u), h("p.unit-meta", userText("span.badge", changeLabel(u)), " ", status)));
    });
    const fromLabel = options.find(([s]) => s === from)?.[1];
    const toLabel = options.find(([s]) => s === to)?.[1];
    root.replaceChildren(processNav("compare"),
      h("section", { "aria-labelledby": "cmp-title" },
        h("div.toolbar", h("h2#cmp-title", t("reading.compare.title", { from: fromLabel, to: toLabel })), exportMenu("comparison", { document: docId, from, to })), form,
        h("p.summary", countsSummary(diff.counts)),
        language ? h("p.compare-language", t("languages.compare.in", { language: languageName(language) })) : null,
        mode === "side"
          ? h("table.side-by-side", { lang: language }, h("caption", t("reading.compare.caption", { from: fromLabel, to: toLabel })),
            h("thead", h("tr", h("th", { scope: "col" }, t("reading.compare.number")), h("th", { scope: "col" }, fromLabel), h("th", { scope: "col" }, toLabel), h("th", { scope: "col" }, t("reading.compare.change")))),
            h("tbody", rows))
          : h("div.text.diff-inline", { role: "list", lang: language, dir: language === "ar" ? "rtl" : null }, rows)));
  };
  setView(render);
  await render();
}
