// The working copy of the next revision: every unit editable (number, heading or text and
// status), a bis inserted after it or deleted, changes since the last revision marked; and
// the card publishing it.
import { h, field, viewRoot } from "../lib/dom.js";
import { get, post, patch } from "../lib/api.js";
import { STATUS_LABELS } from "../lib/labels.js";
import { latestRevision } from "../lib/revisions.js";
import { notify, errorText, diffSpans, confirmPanel } from "../lib/ui.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { legend } from "./text.js";
import { textTotals, isHeading } from "./text-summary.js";
import { wordDiff } from "./diff-preview.js";
import { changedSince, textRows, unitEdits, bisUnit } from "./working-copy-edits.js";
import { publishForm } from "./publish.js";

export async function working(processId, docId) {
  const render = async () => {
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const wc = await get(`/documents/${docId}/working-copy`);
    const latest = latestRevision(doc);
    const published = latest ? await get(`/documents/${docId}/revisions/${latest.sequence}`) : null;
    const before = new Map((published?.units ?? []).map((u) => [u.key, u]));
    const list = h("div.text.working", { role: "list" });
    for (const unit of wc.units) list.append(workingUnit(docId, wc, unit, before.get(unit.key)));
    viewRoot().replaceChildren(processNav("working"),
      h("section", { "aria-labelledby": "wc-title" },
        h("h2#wc-title", "Working copy"),
        h("p.summary", `Version ${wc.version}. Changes since ${latest?.label ?? "nothing published"} are marked. `,
          `${textTotals(wc.units).brackets} open brackets.`),
        publishForm(processId, doc, wc, published), legend(), list));
  };
  setView(render);
  await render();
}

function workingUnit(docId, wc, unit, before) {
  const changed = changedSince(unit, before);
  const textArea = h("textarea", { rows: textRows(unit.text), dir: "auto", value: unit.text ?? "" });
  const number = h("input.number", { type: "text", value: unit.number ?? "", size: 6 });
  const status = h("select", Object.entries(STATUS_LABELS).map(([v, l]) => h("option", { value: v, selected: v === unit.status }, l)));
  const headingUnit = isHeading(unit);
  const heading = h("input", { type: "text", value: unit.heading ?? "", dir: "auto" });
  const form = h(`form.wc-unit.status-${unit.status}${changed ? ".changed" : ""}`, { "data-key": unit.key, "data-dirty": "false", role: "listitem" },
    h("div.row",
      field(`Number of ${unit.key}`, number),
      headingUnit ? field(`Heading of ${unit.key}`, heading) : field(`Status of ${unit.number ?? unit.key}`, status),
      changed ? h("span.badge.changed", before ? "changed since last revision" : "new") : null),
    headingUnit ? null : field(`Text of ${unit.number ?? unit.key}`, textArea),
    before && before.text !== unit.text ? h("details", h("summary", "Change since the last revision"),
      h("p.unit-text", diffSpans(wordDiff(before.text, unit.text)))) : null,
    h("div.actions",
      h("button", { type: "submit", value: "save" }, "Save"),
      headingUnit ? null : h("button", { type: "submit", value: "bis" }, "Insert bis after"),
      h("button.danger", { type: "submit", value: "delete" }, "Delete")));
  const dirty = () => { form.dataset.dirty = "true"; };
  for (const c of [textArea, number, status, heading]) c.addEventListener("input", dirty);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const action = e.submitter?.value;
    try {
      if (action === "save") {
        const body = unitEdits(unit, { number: number.value, heading: heading.value, text: textArea.value, status: status.value }, wc.version, headingUnit);
        await patch(`/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}`, body);
        notify(`${unit.number ?? unit.key} saved.`);
      } else if (action === "bis") {
        await post(`/documents/${docId}/working-copy/units`, { base_version: wc.version, after: unit.key, unit: bisUnit(unit) });
        notify(`A bis unit was inserted after ${unit.number ?? unit.key}.`);
      } else if (action === "delete") {
        const ok = await confirmPanel(form, `Delete ${unit.number ?? unit.key}?`, h("p", "The unit and what is under it leave the working copy."), "Delete");
        if (!ok) return;
        await post(`/documents/${docId}/working-copy/units/${encodeURIComponent(unit.key)}/delete`, { base_version: wc.version });
        notify(`${unit.number ?? unit.key} deleted.`);
      }
      form.dataset.dirty = "false";
    } catch (err) {
      notify(errorText(err), "error");
    }
    await state.view?.refresh();
  });
  return form;
}
