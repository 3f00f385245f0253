// The translations page (#/p/N/translations/D/SEQ?lang=fr): the secretariat's work on a
// revision's language versions. The revision's source language; a translated file (PDF, Word,
// text) previewed with every paragraph it could not align, then saved; every paragraph's
// translation with its state (up to date, out of date with the source's change since, not
// translated), corrected inline. What the person may do is the server's answer (actions).
import { h, $, viewRoot, userText, screenRoot, field, select } from "../lib/dom.js";
import { get, post, put } from "../lib/api.js";
import { errorText, diffSpans, notify, submitting } from "../lib/ui.js";
import { t } from "../lib/i18n.js";
import { enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { parallelHref } from "./parallel-view.js";
import { translationsHref, pickLanguage, formatOf, stateOf, stateWords, previewLines, toBase64 } from "./translations-view.js";

// One screen, two modes: a published revision (sequence a number) or the working copy
// (sequence "working"); the server's answer says what the person may do in either.
const base = (documentId, sequence) => (sequence === "working"
  ? `/documents/${documentId}/working-copy/languages`
  : `/documents/${documentId}/revisions/${sequence}/languages`);

function nameOf(view, code) {
  return view.available.find((l) => l.code === code);
}

function bdi(language) {
  return h("bdi", { lang: language.code }, language.name);
}

function sourceForm(view, documentId, sequence, redraw) {
  const error = h("p.error", { role: "alert" });
  const choice = select(view.available.map((l) => [l.code, l.name]), view.source_language, { name: "source" });
  const form = h("form.translations-source", { "aria-labelledby": "translations-source-title" },
    h("h3#translations-source-title", t("languages.page.source")),
    field(t("languages.page.source"), choice, t("languages.page.sourceHint")),
    h("button", { type: "submit" }, t("languages.page.setSource")), error);
  form.addEventListener("submit", submitting(error, async () => {
    const answer = await put(`${base(documentId, sequence)}/source`, { language: choice.value });
    notify(t("languages.page.sourceSet", { language: nameOf(answer, answer.source_language).name }));
    await redraw();
  }));
  return form;
}

function languageForm(view, processId, documentId, sequence, language) {
  const choice = select(view.available.filter((l) => l.code !== view.source_language).map((l) => [l.code, l.name]),
    language.code, { name: "lang" });
  return h("form.filters.translations-language", {
    on: { submit: (e) => { e.preventDefault(); location.hash = translationsHref(processId, documentId, sequence, choice.value); } },
  }, field(t("languages.page.language"), choice), h("button", { type: "submit" }, t("languages.page.open")));
}

function previewNode(report, language, onConfirm, onCancel) {
  const missing = report.missing.length
    ? h("div", h("h4", t("languages.import.notAligned")), h("ul.translations-missing", report.missing.map((name) => h("li", name))))
    : h("p", t("languages.import.noneMissing"));
  const extra = report.extra.length
    ? h("div", h("h4", t("languages.import.extra")), h("ul.translations-extra", report.extra.map((x) =>
      h("li", { lang: language.code, dir: language.direction }, x.label ? h("strong", x.label, " ") : null, userText("span", x.text)))))
    : null;
  return h("section.translations-preview", { "aria-labelledby": "translations-preview-title", tabindex: "-1" },
    h("h4#translations-preview-title", t("languages.import.previewTitle")),
    h("ul", previewLines(report).map((line) => h("li", line))), missing, extra,
    h("div.actions",
      h("button.primary", { type: "button", disabled: report.aligned === 0, on: { click: onConfirm } }, t("languages.import.confirm")),
      h("button", { type: "button", on: { click: onCancel } }, t("languages.import.cancel"))));
}

function importForm(documentId, sequence, language, redraw) {
  const error = h("p.error", { role: "alert" });
  const file = h("input", { type: "file", name: "file", accept: ".pdf,.docx,.txt,.md,text/plain,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document" });
  const slot = h("div.translations-preview-slot");
  const url = `${base(documentId, sequence)}/${language.code}/import`;
  const form = h("form.translations-import", { "aria-labelledby": "translations-import-title" },
    h("h3#translations-import-title", t("languages.import.title")),
    field(t("languages.import.file"), file),
    h("button.primary", { type: "submit" }, t("languages.import.preview")), error, slot);
  form.addEventListener("submit", submitting(error, async () => {
    const chosen = file.files?.[0];
    if (!chosen) throw new Error(t("languages.import.noFile"));
    const body = { format: formatOf(chosen.name), content_base64: toBase64(new Uint8Array(await chosen.arrayBuffer())) };
    const report = await post(url, { ...body, preview: true });
    const panel = previewNode(report, language, async () => {
      error.textContent = "";
      try {
        const saved = await post(url, { ...body, preview: false });
        notify(t("languages.import.saved", { language: language.name, count: saved.aligned }));
        await redraw();
      } catch (e) {
        error.textContent = errorText(e);
      }
    }, () => slot.replaceChildren());
    slot.replaceChildren(panel);
    panel.focus();
  }));
  return form;
}

function rowNode(row, source, language, stale, canEdit, documentId, sequence, redraw) {
  const cell = row.cells.find((c) => c.language === language.code);
  const original = row.cells.find((c) => c.language === source.code);
  const paragraph = row.name || row.key;
  const state = stateOf(cell);
  const text = userText("div.translations-text", cell?.text ?? "");
  text.lang = language.code;
  text.dir = language.direction;
  const status = h("td.translations-status", { "data-state": state }, h("span", stateWords(cell)),
    stale ? h("div.small", t("languages.table.changed"), " ", diffSpans(stale.diff)) : null);
  const translationCell = h("td.translations-translation", { lang: language.code, dir: language.direction }, text);
  if (canEdit) {
    const edit = h("button.small", { type: "button", "aria-label": t("languages.table.editButton", { paragraph }),
      on: { click: () => {
        const error = h("p.error", { role: "alert" });
        const box = h("textarea", { rows: 3, lang: language.code, dir: language.direction,
          "aria-label": t("languages.table.editLabel", { paragraph, language: language.name }) });
        box.value = cell?.text ?? "";
        // An open editor holds live refreshes back (lib/refresh.js): a redraw would close it.
        const form = h("form.translations-edit", { "data-dirty": "true" }, box,
          h("div.actions", h("button.primary", { type: "submit" }, t("languages.table.save")),
            h("button", { type: "button", on: { click: () => translationCell.replaceChildren(text, edit) } }, t("languages.table.cancel"))),
          error);
        form.addEventListener("submit", submitting(error, async () => {
          await put(`${base(documentId, sequence)}/${language.code}/units/${encodeURIComponent(row.key)}`, { text: box.value });
          form.dataset.dirty = "false";  // saved: the redraw may close it now
          notify(t("languages.table.saved", { paragraph }));
          await redraw();
        }));
        translationCell.replaceChildren(form);
        box.focus();
      } } }, t("languages.table.edit"));
    translationCell.append(edit);
  }
  const sourceText = userText("td.translations-source-text", original?.text ?? "");
  sourceText.lang = source.code;
  sourceText.dir = source.direction;
  return h("tr", { "data-key": row.key, "data-state": state },
    h("th", { scope: "row" }, h("span", { lang: source.code }, paragraph)), sourceText, translationCell, status);
}

export async function translations(processId, documentId, sequence, q) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    let body;
    let title = String(sequence);
    try {
      const first = await get(base(documentId, sequence), { langs: "en" });
      const code = pickLanguage(q.get("lang"), first.source_language);
      const [view, stale] = await Promise.all([
        get(base(documentId, sequence), { langs: `${first.source_language},${code}` }),
        get(`${base(documentId, sequence)}/${code}/out-of-date`),
      ]);
      title = sequence === "working" ? t("languages.page.workingCopy") : (view.revision_label ?? title);
      const source = nameOf(view, view.source_language);
      const language = nameOf(view, code);
      const staleByKey = new Map(stale.units.map((u) => [u.key, u]));
      const canEdit = view.actions.includes("edit");
      const rows = view.rows.filter((r) => r.kind !== "preamble" && r.cells.some((c) => c.language === source.code && (c.text ?? "").trim()));
      body = h("div",
        h("p", sequence === "working"
          ? null
          : h("a", { href: parallelHref(processId, documentId, sequence, [source.code, code]) }, t("languages.link.parallel")),
        sequence === "working"
          ? null
          : [" ", h("a", { href: translationsHref(processId, documentId, "working", code) }, t("languages.link.working"))]),
        canEdit ? sourceForm(view, documentId, sequence, render) : null,
        languageForm(view, processId, documentId, sequence, language),
        canEdit ? importForm(documentId, sequence, language, render) : null,
        h("section", { "aria-labelledby": "translations-table-title" },
          h("h3#translations-table-title", t("languages.table.title", { language: language.name })),
          h("ul.translations-counts", view.counts.map((c) => h("li", bdi(language), t("languages.parallel.count", { translated: c.translated, outOfDate: c.out_of_date, missing: c.missing })))),
          h("div.table-scroll", h("table.translations-table",
            h("thead", h("tr",
              h("th", { scope: "col" }, t("languages.table.paragraph")),
              h("th", { scope: "col" }, t("languages.table.source", { language: source.name })),
              h("th", { scope: "col" }, t("languages.table.translation", { language: language.name })),
              h("th", { scope: "col" }, t("languages.table.status")))),
            h("tbody", rows.map((r) => rowNode(r, source, language, staleByKey.get(r.key), canEdit, documentId, sequence, render)))))));
    } catch (e) {
      body = h("p.error#translations-error", { role: "alert" }, errorText(e));
    }
    // A redraw that began before an editor was opened must not close it: offer it instead,
    // as a live refresh does while someone is typing (lib/refresh.js).
    if (root.current && viewRoot().querySelector("form[data-dirty='true']")) {
      $("#stale").hidden = false;
      return;
    }
    root.replaceChildren(processNav("parallel"),
      h("section", { "aria-labelledby": "translations-title" },
        h("h2#translations-title", t("languages.page.title", { revision: title })), body));
  };
  setView(render);
  await render();
}
