// The working copy of the next revision: each unit with the edits the server offers at it
// (number, heading or text; status; a bis inserted after it; deleting it), changes since the
// last revision marked; and, where the server offers it, the card publishing it. Its brackets
// are the server's (each unit's `brackets`, as the text screen has them): highlighted in the
// text as printed, counted on each paragraph and heading, totalled, and filtered on.
import { t } from "../lib/i18n.js";
import { nameOf } from "../lib/names.js";
import { h, field, userText, screenRoot } from "../lib/dom.js";
import { capitalised, plural } from "../lib/format.js";
import { get, post, patch } from "../lib/api.js";
import { options } from "../lib/labels.js";
import { latestRevision } from "../lib/revisions.js";
import { notify, errorText, diffSpans, confirmPanel, statusBadge } from "../lib/ui.js";
import { state, enterProcess, setView, revisionOf } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { exportMenu } from "./export-menu.js";
import { legend, bracketLegend, textFilterBar } from "./text.js";
import { countsByUnit, textFilters } from "./text-filter.js";
import { isHeading, revisionBrackets } from "./text-summary.js";
import { bracketRanges, bracketSummary, hasBrackets, totalsSummary } from "../lib/bracket-ranges.js";
import { wordDiff } from "./diff-preview.js";
import { changedSince, textRows, unitEdits, bisUnit, needsBracketConfirmation } from "./working-copy-edits.js";
import { publishForm } from "./publish.js";
import { coeditWorkingCopy } from "./coedit-working.js";
import { richBody } from "../lib/richtext-view.js";
import { codePointOffset, toggleMark } from "../lib/richtext.js";

export async function working(processId, docId) {
  const filters = textFilters(new URLSearchParams(location.hash.split("?")[1] ?? "")); // kept across redraws
  /** Draws the working copy: the server's answer to a write, else a fresh one. */
  const render = async (answer) => {
    const root = screenRoot();
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const wc = answer ?? await get(`/documents/${docId}/working-copy`);
    const latest = latestRevision(doc);
    const published = latest ? await revisionOf(docId, latest.sequence) : null;
    const before = new Map((published?.units ?? []).map((u) => [u.key, u]));
    const list = h("div.text.working", { role: "list" });
    for (const unit of wc.units) list.append(workingUnit(docId, wc, unit, before.get(unit.key), render));
    const counts = latest ? countsByUnit(await get(`/documents/${docId}/amendment-counts`).catch(() => null)) : {};
    root.replaceChildren(processNav("working"),
      h("section", { "aria-labelledby": "wc-title" },
        h("div.toolbar", h("h2#wc-title", t("amending.working.title")), exportMenu("working", { document: docId }),
          h("a", { href: `#/p/${processId}/translations/${docId}/working` }, t("languages.link.working"))),
        h("p.summary", t("amending.working.summary", { version: wc.version, revision: latest?.label ?? t("amending.working.nothingPublished") }),
          h("strong#wc-brackets", revisionBrackets(wc)), "."),
        wc.actions?.includes("publish") ? publishForm(processId, doc, wc, published) : null, legend(), bracketLegend(),
        textFilterBar(wc.units, list, counts, filters), list));
    if (!root.current) return; // the person moved on while this was drawn
    coeditWorkingCopy(docId, wc, list); // the paragraphs' text boxes, co-edited live
  };
  setView(() => render());
  await render();
}

/** Whether the unit's text carries formatting, footnotes or notes (shown as printed). */
const hasRich = (unit) => Boolean(unit.marks?.length || unit.footnotes?.length || unit.notes?.length);

function workingUnit(docId, wc, unit, before, render) {
  const may = new Set(unit.actions ?? []);
  const headingUnit = isHeading(unit);
  const changed = changedSince(unit, before);
  const ranges = bracketRanges(unit.brackets);
  const brackets = headingUnit ? totalsSummary(unit.subtree_brackets) : bracketSummary(unit);
  // As the text numbers it (OP12, OP12(b), Objective 1), or as Accord names it in the reader's
  // language (le chapeau de l’article 1); each sentence takes it in its context (lib/names.js).
  const name = nameOf(unit.name_parts, unit.name);
  const nameOfIt = nameOf(unit.name_parts, unit.name, "of");
  const theName = nameOf(unit.name_parts, unit.name, "the");
  const textArea = may.has("edit") && !headingUnit ? h("textarea", { rows: textRows(unit.text), dir: "auto", value: unit.text ?? "" }) : null;
  const number = may.has("edit") ? h("input.number", { type: "text", value: unit.number ?? "", size: 6 }) : null;
  const heading = may.has("edit") && headingUnit ? h("input", { type: "text", value: unit.heading ?? "", dir: "auto" }) : null;
  const status = may.has("set_status") && !headingUnit
    ? h("select", options("unit_statuses").map(([v, l]) => h("option", { value: v, selected: v === unit.status }, l))) : null;
  const buttons = [
    number || status ? h("button", { type: "submit", value: "save" }, t("amending.working.save")) : null,
    textArea ? h("button", { type: "submit", value: "italic", title: t("amending.working.italicTitle") }, t("amending.working.italic")) : null,
    textArea ? h("button", { type: "submit", value: "bold", title: t("amending.working.boldTitle") }, t("amending.working.bold")) : null,
    may.has("insert_after") && !headingUnit ? h("button", { type: "submit", value: "bis" }, t("amending.working.insertBis")) : null,
    may.has("delete") ? h("button.danger", { type: "submit", value: "delete" }, t("amending.working.delete")) : null,
  ].filter(Boolean);
  const form = h(`form.wc-unit.status-${unit.status}${changed ? ".changed" : ""}`, { "data-key": unit.key, "data-dirty": "false", role: "listitem" },
    h("div.row",
      number ? field(t("amending.working.numberOf", { name: nameOfIt }), number) : h("span.unit-number", unit.number ?? ""),
      headingUnit ? (heading ? field(t("amending.working.headingOf", { name: nameOfIt }), heading) : userText("strong", unit.heading ?? ""))
        : status ? field(t("amending.working.statusOf", { name: nameOfIt }), status) : statusBadge(unit.status),
      changed ? h("span.badge.changed", before ? t("amending.working.changedBadge") : t("amending.working.newBadge")) : null,
      brackets ? h("span.badge.brackets", brackets) : null),
    unit.option ? h("p.option-label", h("strong", unit.option.label)) : null,
    headingUnit ? null : textArea ? field(t("amending.working.textOf", { name: nameOfIt }), textArea) : richBody(unit, { extraRanges: ranges }),
    // The text box holds the words; what they carry (and its brackets) is shown as printed, as saved.
    textArea && (hasRich(unit) || hasBrackets(unit)) ? h("div.rich-preview", h("p.small", t("amending.working.asPrinted")),
      richBody({ ...unit, key: `wc-${unit.key}` }, { extraRanges: ranges })) : null,
    before && before.text !== unit.text ? h("details", h("summary", t("amending.working.changeSince")),
      h("p.unit-text", diffSpans(wordDiff(before.text, unit.text)))) : null,
    buttons.length ? h("div.actions", buttons) : null);
  const dirty = () => { form.dataset.dirty = "true"; };
  for (const c of [textArea, number, status, heading]) c?.addEventListener("input", dirty);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const action = e.submitter?.value;
    let answer;
    try {
      if (action === "save") {
        const body = unitEdits(unit, { number: number?.value, heading: heading?.value, text: textArea?.value, status: status?.value }, wc.version, headingUnit);
        answer = await saveUnit(form, docId, unit, { name, theName }, body);
        if (!answer) return;
        notify(t("amending.working.saved", { name: capitalised(name) }));
      } else if (action === "italic" || action === "bold") {
        // Formatting is set over the text as stored (co-edited words are stored as typed).
        const [start, end] = [textArea.selectionStart, textArea.selectionEnd].map((i) => codePointOffset(textArea.value, i));
        if (start === end) { notify(t("amending.working.selectWords", { name: nameOfIt, mark: action }), "error"); return; }
        const now = await get(`/documents/${docId}/working-copy`);
        const stored = now.units.find((u) => u.key === unit.key);
        if (!stored || stored.text !== textArea.value) { notify(t("amending.working.notSavedYet", { name: nameOfIt }), "error"); return; }
        answer = await patch(`/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}`,
          { base_version: now.unit_versions?.[unit.key] ?? now.version, marks: toggleMark(stored.marks, start, end, action) });
        notify(t("amending.working.formattingSaved", { name: capitalised(name) }));
      } else if (action === "bis") {
        answer = await post(`/documents/${docId}/working-copy/units`, { base_version: wc.version, after: unit.key, unit: bisUnit(unit) });
        notify(t("amending.working.inserted", { name: nameOf(unit.name_parts, unit.name, "following") }));
      } else if (action === "delete") {
        const ok = await confirmPanel(form, t("amending.working.deleteTitle", { name: theName }), h("p", t("amending.working.deleteBody")), t("amending.working.delete"));
        if (!ok) return;
        answer = await post(`/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}/delete`, { base_version: wc.version });
        notify(t("amending.working.deleted", { name: capitalised(name) }));
      }
      form.dataset.dirty = "false";
    } catch (err) {
      notify(errorText(err), "error");
    }
    await render(answer);
  });
  return form;
}

/**
 * PATCH one unit; when the server refuses to mark it agreed because its text still has open
 * brackets, ask the co-facilitator (with the server's count) and send it again confirmed.
 * Resolves to the server's answer, or null when the co-facilitator does not confirm.
 */
async function saveUnit(form, docId, unit, { name, theName }, body) {
  const path = `/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}`;
  try {
    return await patch(path, body);
  } catch (err) {
    if (!needsBracketConfirmation(err)) throw err;
    const count = err.details.open_brackets;
    const ok = await confirmPanel(form, t("amending.working.agreedTitle", { name: theName }),
      h("p", t("amending.working.agreedBody", { name: capitalised(name), count })),
      t("amending.working.markAgreed"));
    if (!ok) return null;
    return await patch(path, { ...body, confirm_open_brackets: true });
  }
}
