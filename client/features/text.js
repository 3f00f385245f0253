// A revision's text, paragraph by paragraph, coloured by status, and the unit panel of the
// selected paragraph: its amendments, proposing one, its history across revisions and who
// put each word there.
import { t, tParts } from "../lib/i18n.js";
import { nameOf } from "../lib/names.js";
import { h, append, userText, field, select, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { fmtDate, capitalised } from "../lib/format.js";
import { codes, statusLabel } from "../lib/labels.js";
import { historyHashLine } from "./history-hash.js";
import { latestRevision, revisionName, revisionOptions } from "../lib/revisions.js";
import { diffSpans, statusBadge } from "../lib/ui.js";
import { state, enterProcess, setView, diffBetween, revisionOf } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { exportMenu } from "./export-menu.js";
import { amendmentCard, proposeForm } from "./amendments.js";
import { unitAttribution } from "./attribution.js";
import { textTotals, statusCounts, isHeading, unitButtonLabel, historyNote, revisionBrackets } from "./text-summary.js";
import { bracketRanges, bracketSummary, totalsSummary } from "../lib/bracket-ranges.js";
import { textFilters, visibleKeys, countsByUnit, amendmentBadge, filterNote } from "./text-filter.js";
import { optionLayout } from "../lib/richtext.js";
import { richBody, optionClasses, optionLabel } from "../lib/richtext-view.js";

/**
 * One paragraph of a text (or a heading), with its status and the open brackets the server
 * counted; `body` replaces its text (the compilation shows it with the proposals inlined);
 * `option`, its place in an option group (client/lib/richtext.js optionLayout), labels it and
 * draws the group's alternatives together.
 */
export function renderUnitRow(unit, { selected, onSelect, extra, body, option } = {}) {
  const brackets = bracketSummary(unit);
  const inOption = optionClasses(option).map((c) => "." + c).join("");
  if (isHeading(unit)) {
    // An article's (a section's, the preamble's) brackets over everything under it.
    const totals = totalsSummary(unit.subtree_brackets);
    return h(`div.unit-heading${inOption}`, { "data-key": unit.key }, optionLabel(option),
      userText("h3", unit.heading ?? unit.text ?? ""),
      totals ? h("p.unit-meta.heading-brackets", h("span.badge.brackets", totals)) : null, extra ?? null);
  }
  const button = h("button.unit-select", {
    type: "button", "aria-pressed": selected ? "true" : "false",
    "aria-label": unitButtonLabel(unit),
    on: { click: () => onSelect?.(unit.key) },
  }, unit.number ?? "•");
  return h(`div.unit.status-${unit.status}${unit.kind === "subparagraph" ? ".sub" : ""}${selected ? ".selected" : ""}${inOption}`,
    { "data-key": unit.key },
    button,
    h("div.unit-body", optionLabel(option), body ?? richBody(unit, { extraRanges: bracketRanges(unit.brackets) }),
      h("p.unit-meta", statusBadge(unit.status), brackets ? h("span.badge.brackets", brackets) : null),
      extra ?? null));
}

/** The status colours, as badges. */
export function legend() {
  return h("ul.legend", { "aria-label": t("reading.text.statusLegend") },
    codes("unit_statuses").map((s) => h("li", statusBadge(s))));
}

/** How brackets are highlighted in the text (each with its own outline, not colour alone). */
export function bracketLegend() {
  return h("ul.legend.bracket-legend", { "aria-label": t("reading.text.bracketLegend") },
    h("li", h("span.bracket.depth-1", t("reading.text.legendBracket"))),
    h("li", h("span.bracket.alternative.depth-1", t("reading.text.legendAlternative"))),
    h("li", h("span.bracket-unbalanced", "]"), t("reading.text.legendUnbalanced")),
    h("li", h("span.option-mark", t("reading.text.legendOptionMark")), t("reading.text.legendOption")));
}

export async function text(processId, docId, seq, unitKey) {
  let selected = unitKey;
  const filters = textFilters(new URLSearchParams(location.hash.split("?")[1] ?? ""));
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    if (!doc) throw new Error(t("reading.text.noDocument"));
    const rev = await revisionOf(docId, seq);
    const units = rev.units;
    const totals = textTotals(units);
    const picker = select(revisionOptions(doc), seq, { id: "revision-picker" });
    picker.addEventListener("change", () => { location.hash = `#/p/${processId}/text/${docId}/${picker.value}`; });
    // The paragraph panel: a side sheet beside the text on wide screens, a drawer over it on
    // tablets and phones (accord.css), closed by its button or Escape, focus back on the paragraph.
    const list = h("div#text.text", { role: "list" });
    const panelBody = h("div.panel-body");
    const narrow = () => window.matchMedia("(max-width: 900px)").matches;
    const closePanel = () => {
      panel.classList.remove("open");
      const row = [...list.children].find((r) => r.dataset.key === selected);
      row?.querySelector(".unit-select")?.focus();
    };
    const panel = h("aside#unit-panel.panel", {
      "aria-label": t("reading.text.selectedParagraph"), tabindex: "0",
      on: { keydown: (e) => { if (e.key === "Escape" && panel.classList.contains("open")) { e.preventDefault(); closePanel(); } } },
    }, h("button.panel-close", { type: "button", on: { click: closePanel } }, t("reading.text.backToText")), panelBody);
    const select_ = (key) => {
      selected = key;
      history.replaceState(null, "", `#/p/${processId}/text/${docId}/${seq}?unit=${encodeURIComponent(key)}`);
      for (const row of list.querySelectorAll(".unit")) {
        const on = row.dataset.key === key;
        row.classList.toggle("selected", on);
        row.querySelector(".unit-select").setAttribute("aria-pressed", on ? "true" : "false");
      }
      unitPanel(panelBody, { processId, doc, rev, unit: units.find((u) => u.key === key) });
      panel.classList.add("open");
      if (narrow()) panel.focus({ preventScroll: true }); // the drawer opens over the text, which stays where it was
    };
    const counts = countsByUnit(await get(`/documents/${docId}/amendment-counts`, { revision: seq }).catch(() => null));
    const options = optionLayout(units);
    for (const unit of units) {
      const badge = amendmentBadge(counts[unit.key]);
      const row = renderUnitRow(unit, { selected: unit.key === selected, onSelect: select_, option: options.get(unit.key),
        extra: badge ? h("p.unit-meta", h("span.badge.amendments", badge)) : null });
      row.setAttribute("role", "listitem");
      list.append(row);
    }
    const filterBar = textFilterBar(units, list, counts, filters);
    root.replaceChildren(processNav("text"),
      h("section", { "aria-labelledby": "text-title" },
        h("div.toolbar",
          h("h2#text-title", userText("span", doc.title), " — ", revisionName(rev)),
          field(t("reading.text.revision"), picker), exportMenu("revision", { document: docId, sequence: seq })),
        h("p.summary#text-summary",
          t("reading.text.published", { date: fmtDate(rev.published_at) }),
          tParts("reading.text.bracketsSentence", { brackets: h("strong#open-brackets", revisionBrackets(rev)) }),
          statusCounts(totals)),
        historyHashLine(rev) && h("p.history-hash#history-hash", { title: rev.history_hash }, historyHashLine(rev)),
        legend(), bracketLegend(), filterBar,
        h("div.split", list, panel)));
    if (selected && units.some((u) => u.key === selected)) {
      // Opened at a paragraph (a search hit, a link): show it, even where the filters hid it.
      const row = [...list.children].find((r) => r.dataset.key === selected);
      if (row) { row.hidden = false; row.scrollIntoView({ block: "center" }); }
      await unitPanel(panelBody, { processId, doc, rev, unit: units.find((u) => u.key === selected) });
      panel.classList.add("open");
    } else {
      panelBody.append(h("p.hint", t("reading.text.selectHint")));
    }
  };
  setView(render);
  await render();
}

/** Filters on the text: by status, with brackets, with amendments (rows hidden, not redrawn). */
export function textFilterBar(units, list, counts, filters) {
  const status = select([["", t("reading.text.anyStatus")], ...codes("unit_statuses").map((c) => [c, statusLabel(c)])], filters.status, { id: "filter-status" });
  const brackets = h("input#filter-brackets", { type: "checkbox", checked: filters.brackets });
  const amended = h("input#filter-amended", { type: "checkbox", checked: filters.amended });
  const note = h("p.small#filter-note", { role: "status" });
  const apply = () => {
    Object.assign(filters, { status: status.value, brackets: brackets.checked, amended: amended.checked });
    const shown = visibleKeys(units, filters, counts);
    for (const row of list.children) row.hidden = !shown.has(row.dataset.key);
    note.textContent = filterNote(units, filters, counts);
  };
  for (const control of [status, brackets, amended]) control.addEventListener("change", apply);
  apply();
  return h("form.filters.text-filters", { "aria-label": t("reading.text.filter"), on: { submit: (e) => e.preventDefault() } },
    field(t("reading.text.status"), status),
    h("div.field.check", brackets, h("label", { for: "filter-brackets" }, t("reading.text.withBrackets"))),
    h("div.field.check", amended, h("label", { for: "filter-amended" }, t("reading.text.withAmendments"))),
    note);
}

/** The selected paragraph: proposing (where the server offers it), amendments, history, attribution. */
async function unitPanel(panel, { processId, doc, rev, unit }) {
  if (!unit) return;
  const propose = unit.actions?.includes("propose") ? proposeForm(processId, rev, unit) : await proposeElsewhere(processId, doc, rev, unit);
  panel.replaceChildren(h("h3#panel-title", capitalised(nameOf(unit.name_parts, unit.name))), statusBadge(unit.status),
    ...richBody({ ...unit, key: `panel-${unit.key}` }, { extraRanges: bracketRanges(unit.brackets) }));
  const amendmentsBox = h("section.amendments", { "aria-labelledby": "panel-amendments" }, h("h4#panel-amendments", t("reading.text.amendments")));
  const historyBox = h("section.history", { "aria-labelledby": "panel-history" }, h("h4#panel-history", t("reading.text.history")));
  const attribution = h("section.attribution", { "aria-labelledby": "panel-attr" }, h("h4#panel-attr", t("reading.text.attribution")));
  append(panel, [propose, amendmentsBox, historyBox, attribution]);
  const [list] = await Promise.all([
    get(`/processes/${processId}/amendments`, { unit: unit.key, document: doc.id, limit: 200 }).catch(() => null),
    unitHistory(historyBox, doc, unit),
    unitAttribution(attribution, doc, rev, unit)]);
  if (list === null) amendmentsBox.append(h("p", t("reading.text.amendmentsHidden")));
  else if (list.length === 0) amendmentsBox.append(h("p", t("reading.text.noAmendment")));
  else amendmentsBox.append(h("ul.amendment-list", list.map((a) => h("li", amendmentCard(a)))));
}

/** The paragraph in every revision, with the word diff from the one before. */
async function unitHistory(box, doc, unit) {
  const revs = doc.revisions;
  const items = [];
  for (let i = 0; i < revs.length; i++) {
    const r = revs[i];
    const full = await revisionOf(doc.id, r.sequence);
    const u = full.units.find((x) => x.key === unit.key);
    if (!u) { items.push(h("li", h("strong", revisionName(r)), t("reading.text.notInRevision"))); continue; }
    let change = null;
    if (i > 0) {
      const d = await diffBetween(doc.id, revs[i - 1].sequence, r.sequence);
      const ud = d.units.find((x) => x.key === unit.key);
      if (ud) change = ud;
    }
    items.push(h("li",
      h("p", h("strong", revisionName(r)), ` — ${nameOf(u.name_parts, u.name)} `, statusBadge(u.status),
        change ? ` ${historyNote(change)}` : ""),
      change && change.change !== "unchanged" ? h("p.unit-text", diffSpans(change.spans)) : userText("p", u.text, "unit-text")));
  }
  box.append(h("ol.history-list", items));
}

/** On an older revision: the link to the latest, when the server takes proposals there. */
async function proposeElsewhere(processId, doc, rev, unit) {
  const latest = latestRevision(doc);
  if (!latest || latest.sequence === rev.sequence) return null;
  const newest = await revisionOf(doc.id, latest.sequence).catch(() => null);
  if (!newest?.actions?.includes("propose")) return null;
  return h("p.hint", t("reading.text.proposeOnLatest"),
    h("a", { href: `#/p/${processId}/text/${doc.id}/${latest.sequence}?unit=${encodeURIComponent(unit.key)}` }, latest.label ?? t("reading.text.openIt")));
}
