// Importing a draft on the page (#/p/N/import): a file (DOCX, PDF, Markdown, text, Akoma Ntoso)
// goes up with its progress shown, the server's preview is shown before anything is saved (the
// units as the text numbers them, its warnings), and Confirm imports it as a new document or as
// the next revision's working copy of a document. Offered only where the server says so:
// the process's "document.create", a working copy's "edit". For a next revision the preview
// lists each match (old number -> new number, how sure, the least sure first) and what
// nothing continues; a match can be corrected (another predecessor, or a new paragraph) before
// Confirm, which sends the corrections for the server to check and apply. The file goes up
// as multipart/form-data (a PDF of a few megabytes as it is). The logic is import-file.js.
import { h, userText, field, select, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { newKey } from "../lib/retry.js";
import { notify } from "../lib/ui.js";
import { state, enterProcess, setView, may } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { ACCEPT, IMPORT_FORMATS, formatOf, titleFromName, uploadRequest, percent, progressText,
  previewSummary, unitLine, warningLines, warningsTitle, lineageSummary, importError, mayImport,
  matchRows, predecessorChoices, correctionsOf } from "./import-file.js";
import { t, tParts } from "../lib/i18n.js";

/** The link to this screen, for whom the server lets import (null for the others). */
export function importLink(process) {
  if (!mayImport(process?.actions)) return null;
  return h("p.import-link", h("a#import-link", { href: `#/p/${process.id}/import` }, t("admin.import.link")));
}

/** Where the person may import: "new" (a document) and the documents whose working copy they may edit. */
export async function importTargets(processId) {
  await enterProcess(processId);
  const targets = [];
  if (may("document.create")) targets.push({ into: "new", label: t("admin.import.newDocument") });
  if (may("working_copy.view")) {
    for (const d of state.documents) {
      const wc = await get(`/documents/${d.id}/working-copy`).catch(() => null);
      if (wc?.actions?.includes("edit")) targets.push({ into: d.id, label: t("admin.import.nextRevisionOf", { title: d.title }), version: wc.version });
    }
  }
  return targets;
}

/** POST the file and its fields as multipart/form-data with the upload's progress reported; resolves {status, data}. */
function upload(url, fields, file, onProgress, { key } = {}) {
  return new Promise((resolve) => {
    const form = new FormData();
    for (const [name, value] of Object.entries(fields)) form.append(name, value);
    form.append("file", file, file.name);
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.withCredentials = true;
    if (key) xhr.setRequestHeader("Idempotency-Key", key);
    xhr.upload.addEventListener("progress", (e) => onProgress(e.loaded, e.lengthComputable ? e.total : 0));
    xhr.upload.addEventListener("load", () => onProgress(1, 1));
    xhr.addEventListener("load", () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      resolve({ status: xhr.status, data });
    });
    xhr.addEventListener("error", () => resolve({ status: 0, data: null }));
    xhr.send(form);
  });
}

export async function importDraft(processId) {
  const render = async () => {
    const root = screenRoot();
    const targets = await importTargets(processId);
    if (targets.length === 0) {
      root.replaceChildren(processNav("import"), h("section.card", { "aria-labelledby": "imp-title" },
        h("h2#imp-title", t("admin.import.title")), h("p", t("admin.import.notAllowed"))));
      return;
    }
    const file = h("input#import-file", { type: "file", accept: ACCEPT, required: true });
    const into = select(targets.map((x) => [String(x.into), x.label]), String(targets[0].into), { id: "import-into" });
    const title = h("input#import-title", { type: "text", maxlength: "200", dir: "auto" });
    const titleField = field(t("admin.import.newTitle"), title, t("admin.import.newTitleHint"));
    const bar = h("progress.import-progress#import-progress", { max: "100", value: "0", "aria-label": t("admin.import.progress"), hidden: true });
    const status = h("p#import-status", { role: "status" });
    const error = h("p.error#import-error", { role: "alert" });
    const previewBox = h("section.import-preview#import-preview", { "aria-labelledby": "preview-title", hidden: true });
    const button = h("button.primary#import-preview-button", { type: "submit" }, t("admin.import.preview"));
    const target = () => targets.find((x) => String(x.into) === into.value);
    const showTitle = () => { titleField.hidden = target().into !== "new"; };
    into.addEventListener("change", showTitle);
    file.addEventListener("change", () => {
      const f = file.files[0];
      if (f && !title.value) title.value = titleFromName(f.name);
      previewBox.hidden = true;
    });
    let sending = false;
    const send = async (preview, corrections = []) => {
      const f = file.files[0];
      error.textContent = "";
      if (!f) { error.textContent = t("admin.import.chooseFile"); return null; }
      const format = formatOf(f.name);
      if (!format) {
        error.textContent = t("admin.import.unknownFormat", { formats: IMPORT_FORMATS.map((x) => x.label).join(", "), name: f.name });
        return null;
      }
      const chosen = target();
      const { url, fields } = uploadRequest({ processId, into: chosen.into, format, title: title.value.trim(), preview,
        baseVersion: chosen.version, corrections });
      bar.hidden = false;
      bar.value = 0;
      const answer = await upload(url, fields, f, (loaded, total) => {
        const p = percent(loaded, total);
        if (p !== null) bar.value = p;
        status.textContent = progressText(loaded, total);
      }, { key: preview ? null : newKey() });
      bar.hidden = true;
      status.textContent = "";
      if (answer.status < 200 || answer.status >= 300) {
        error.textContent = importError(answer.status, answer.data, f.size);
        return null;
      }
      return { answer: answer.data, target: chosen, name: f.name };
    };
    const form = h("form.card#import-form", {
      on: {
        submit: async (e) => {
          e.preventDefault();
          if (sending) return;
          sending = true;
          button.disabled = true;
          try {
            const result = await send(true);
            if (result) showPreview(previewBox, result, async (corrections) => {
              const saved = await send(false, corrections);
              if (!saved) return;
              state.invalidate();
              const docId = saved.answer.document_id ?? saved.target.into;
              notify(saved.target.into === "new" ? t("admin.import.importedNew", { name: saved.name })
                : t("admin.import.importedNext", { name: saved.name }));
              location.hash = `#/p/${processId}/working/${docId}`;
            });
          } catch (err) {
            error.textContent = err.message;
          } finally {
            sending = false;
            button.disabled = false;
          }
        },
      },
    },
    field(t("admin.import.file"), file),
    field(t("admin.import.as"), into), titleField,
    h("div.actions", button), bar, status, error);
    showTitle();
    root.replaceChildren(processNav("import"),
      h("section", { "aria-labelledby": "imp-title" },
        h("h2#imp-title", t("admin.import.title")),
        h("p", t("admin.import.nothingSaved")),
        form, previewBox));
  };
  setView(async () => {}); // a live change must not wipe a preview being read
  await render();
}

/** What the server read, before anything is saved, with Confirm and Cancel. */
function showPreview(box, { answer, target, name }, confirm) {
  const warnings = warningLines(answer.warnings);
  const lineage = lineageSummary(answer.lineage);
  const confirmButton = h("button.primary#import-confirm", { type: "button" },
    target.into === "new" ? t("admin.import.confirmNew") : t("admin.import.confirmReplace"));
  confirmButton.addEventListener("click", async () => {
    confirmButton.disabled = true;
    try { await confirm(correctionsOf(corrections)); } finally { confirmButton.disabled = false; }
  });
  const corrections = new Map();
  const cancel = h("button#import-cancel", { type: "button", on: { click: () => { box.hidden = true; box.replaceChildren(); } } }, t("admin.import.cancel"));
  box.replaceChildren(...[
    h("h3#preview-title", tParts("admin.import.previewOf", { name: userText("span", name) })),
    answer.title ? h("p", tParts("admin.import.fileTitle", { title: userText("strong", answer.title) })) : null,
    h("p.summary#import-summary", previewSummary(answer.units), lineage ? ` ${t("admin.import.compared", { lineage })}` : ""),
    h("div.actions", confirmButton, cancel),
    answer.lineage?.length ? matchesTable(answer, corrections) : null,
    answer.unmatched?.length ? h("section.import-unmatched#import-unmatched", { "aria-labelledby": "unmatched-title" },
      h("h4#unmatched-title", t("admin.import.unmatched", { count: answer.unmatched.length })),
      h("ul", answer.unmatched.map((w) => userText("li", w.name)))) : null,
    warnings.length ? h("details.import-warnings#import-warnings", { open: warnings.length <= 10 },
      h("summary", warningsTitle(warnings)),
      h("ul", warnings.map((w) => userText(w.unplaced ? "li.unplaced" : "li", w.text)))) : null,
    h("ol#import-units", { "aria-label": t("admin.import.asRead") }, answer.units.map((u) => {
      const line = unitLine(u);
      return h("li", line.number ? h("span.unit-number", line.number) : null,
        userText(line.number ? "span" : "strong", line.text, "unit-text"));
    }))].filter(Boolean));
  box.hidden = false;
  box.scrollIntoView({ block: "start" });
}

/**
 * The matches, the least sure first: where each imported unit came from (as the working copy
 * numbers it) and where it is now, with a Correct control: another predecessor, or a new
 * paragraph. Corrections are kept in `corrections` (index -> key or null) until Confirm.
 */
function matchesTable(answer, corrections) {
  const names = new Map((answer.working_units ?? []).map((w) => [w.key, w.name]));
  const original = new Map(answer.lineage.map((m) => [m.index, m]));
  const body = h("tbody");
  const rowOf = (row) => {
    const from = row.from ? userText("td", row.from) : h("td.none", "—");
    const how = h("td", row.how);
    const sure = h("td", row.sure, row.low ? h("span.unsure", " ", t("admin.import.unsure")) : null);
    const button = h("button.correct", { type: "button", "aria-label": t("admin.import.correctMatchOf", { name: row.to }) },
      t("admin.import.correct"));
    const cell = h("td", button);
    const tr = h("tr", { class: row.low ? "low" : "", "data-index": String(row.index) },
      from, userText("td", row.to), how, sure, cell);
    if (row.corrected && corrections.has(row.index)) tr.classList.add("corrected");
    button.addEventListener("click", () => {
      const unit = answer.units[row.index];
      const choice = select(predecessorChoices(answer.working_units, unit?.kind), row.previous ?? "",
        { "aria-label": t("admin.import.whatContinues", { name: row.to }) });
      choice.addEventListener("change", () => {
        const value = choice.value === "" ? null : choice.value;
        const first = original.get(row.index);
        if (!first.corrected && value === (first.previous ?? null)) corrections.delete(row.index);
        else corrections.set(row.index, value);
        const [again] = matchRows([first], corrections, names);
        const fresh = rowOf(again);
        tr.replaceWith(fresh);
        fresh.querySelector("button.correct")?.focus();
      });
      cell.replaceChildren(choice);
      choice.focus();
    });
    return tr;
  };
  body.replaceChildren(...matchRows(answer.lineage, corrections, names).map(rowOf));
  return h("section.import-matches#import-matches", { "aria-labelledby": "matches-title" },
    h("h4#matches-title", t("admin.import.matchesTitle")),
    h("p.hint", t("admin.import.matchesHint")),
    h("div.table-scroll", h("table.import-matches-table",
      h("caption", t("admin.import.matchesCaption")),
      h("thead", h("tr", h("th", { scope: "col" }, t("admin.import.was")), h("th", { scope: "col" }, t("admin.import.isNow")),
        h("th", { scope: "col" }, t("admin.import.whatHappened")), h("th", { scope: "col" }, t("admin.import.sure")),
        h("th", { scope: "col" }, t("admin.import.correctColumn")))),
      body)));
}
