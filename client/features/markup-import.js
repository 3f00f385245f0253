// A delegation's marked-up Word file as its draft amendments (#/p/N/markup): download the
// current revision as Word, mark it up with change tracking and comments, upload it; the
// server's preview (each paragraph's amendment as the text names it, its diff and
// justification, what it could not place and where) comes before anything is saved, and
// Confirm creates the drafts, which the delegation then reviews and submits. Offered to whom
// the server lists delegations for (GET /processes/{id}/markup/delegations): a delegate uploads
// for its own; the co-facilitators and the secretariat pick the delegation they upload for, on
// its behalf. The logic is markup-changes.js.
import { h, userText, field, select, screenRoot } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { notify, diffSpans } from "../lib/ui.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { mayUploadMarkup, isWordFile, markupRequest, proposalTitle, proposalOrigin, previewSummary,
  confirmLabel, createdNotice, draftsLink, markupError, uploadIntro, delegationOptions } from "./markup-changes.js";
import { t, tParts } from "../lib/i18n.js";

/** Whom the server lets this person upload a marked-up file for ({delegations, on_behalf}). */
function uploaders(processId) {
  return get(`/processes/${processId}/markup/delegations`).catch(() => ({ delegations: [], on_behalf: false }));
}

/**
 * The link to this screen where amendments are worked on: for a delegation that may propose,
 * and for the co-facilitators and the secretariat when the server lists delegations they may
 * upload for (filled in when it answers); null for the others.
 */
export function markupLink(process) {
  const link = h("p.markup-link", h("a#markup-link", { href: `#/p/${process?.id}/markup` },
    t("admin.markup.link")));
  if (mayUploadMarkup(process?.actions)) return link;
  if (!process?.id) return null;
  link.hidden = true;
  uploaders(process.id).then((u) => { if (u.on_behalf && u.delegations.length) link.hidden = false; });
  return link;
}

function latest(document) {
  const published = (document.revisions ?? []).filter((r) => r.published_at);
  return published.length ? published[published.length - 1] : null;
}

function readAsBase64(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.addEventListener("load", () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    });
    reader.addEventListener("error", () => reject(new Error(t("admin.markup.unreadable"))));
    reader.readAsDataURL(file);
  });
}

export async function markupImport(processId) {
  const root = screenRoot();
  await enterProcess(processId);
  const targets = (state.documents ?? []).map((d) => ({ document: d, revision: latest(d) })).filter((x) => x.revision);
  const allowed = await uploaders(processId);
  if (!allowed.delegations.length || targets.length === 0) {
    root.replaceChildren(processNav("amendments"), h("section.card", { "aria-labelledby": "markup-title" },
      h("h2#markup-title", t("admin.markup.title")),
      h("p", targets.length ? t("admin.markup.notAllowed") : t("admin.markup.noRevision"))));
    return;
  }
  const file = h("input#markup-file", { type: "file", accept: ".docx", required: true });
  // The co-facilitators and the secretariat upload on a delegation's behalf: they pick it.
  const forWhom = allowed.on_behalf
    ? select([["", t("admin.markup.chooseDelegation")], ...delegationOptions(allowed.delegations)], "", { id: "markup-delegation" }) : null;
  forWhom?.addEventListener("change", () => { previewBox.hidden = true; error.textContent = ""; });
  const into = select(targets.map((x) => [String(x.document.id), t("admin.markup.documentRevision", { title: x.document.title, revision: x.revision.label })]),
    String(targets[0].document.id), { id: "markup-document" });
  const target = () => targets.find((x) => String(x.document.id) === into.value);
  const download = h("a#markup-download", { download: "" });
  const showDownload = () => {
    const chosen = target();
    download.href = `/api/v1/documents/${chosen.document.id}/revisions/${chosen.revision.sequence}/export?format=docx`;
    download.textContent = t("admin.markup.download", { revision: chosen.revision.label });
  };
  into.addEventListener("change", () => { showDownload(); previewBox.hidden = true; });
  const status = h("p#markup-status", { role: "status" });
  const error = h("p.error#markup-error", { role: "alert" });
  const previewBox = h("section.markup-preview#markup-preview", { "aria-labelledby": "markup-preview-title", hidden: true });
  const button = h("button.primary#markup-preview-button", { type: "submit" }, t("admin.markup.preview"));
  file.addEventListener("change", () => { previewBox.hidden = true; error.textContent = ""; });
  const send = async (preview, chosen) => {
    const f = chosen.file;
    const { url, body } = markupRequest({ documentId: chosen.target.document.id, base64: await readAsBase64(f),
      filename: f.name, revisionId: chosen.target.revision.id, preview, delegation: chosen.delegation });
    status.textContent = preview ? t("admin.markup.reading") : t("admin.markup.creating");
    try {
      return await post(url, body);
    } catch (e) {
      error.textContent = markupError(e);
      return null;
    } finally {
      status.textContent = "";
    }
  };
  let busy = false;
  const form = h("form.card#markup-form", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        if (busy) return;
        error.textContent = "";
        const f = file.files[0];
        if (forWhom && !forWhom.value) { error.textContent = t("admin.markup.chooseWhose"); forWhom.focus(); return; }
        if (!f) { error.textContent = t("admin.markup.chooseFile"); return; }
        if (!isWordFile(f.name)) { error.textContent = t("admin.markup.notWord", { name: f.name }); return; }
        busy = true;
        button.disabled = true;
        try {
          const chosen = { file: f, target: target(), delegation: forWhom?.value || undefined };
          const answer = await send(true, chosen);
          if (answer) showPreview(previewBox, answer, f.name, async () => {
            const saved = await send(false, chosen);
            if (!saved) return;
            state.invalidate();
            notify(createdNotice(saved, f.name, { onBehalf: allowed.on_behalf }));
            if (!allowed.on_behalf) { location.hash = draftsLink(processId, saved.delegation); return; }
            // On a delegation's behalf: its drafts are its own to read; the page says what was made.
            previewBox.replaceChildren(h("h3#markup-preview-title", t("admin.markup.created")),
              h("p.summary#markup-created", createdNotice(saved, f.name, { onBehalf: true })));
            file.value = "";
          });
        } finally {
          busy = false;
          button.disabled = false;
        }
      },
    },
  },
  forWhom ? field(t("admin.markup.onBehalf"), forWhom, t("admin.markup.onBehalfHint")) : null,
  field(t("admin.markup.text"), into),
  h("ol.markup-steps",
    h("li", download, "."),
    h("li", t("admin.markup.stepMarkUp")),
    h("li", t("admin.markup.stepUpload"))),
  field(t("admin.markup.file"), file),
  h("div.actions", button), status, error);
  showDownload();
  root.replaceChildren(processNav("amendments"),
    h("section", { "aria-labelledby": "markup-title" },
      h("h2#markup-title", t("admin.markup.title")),
      h("p#markup-intro", uploadIntro(allowed)),
      form, previewBox));
  setView(async () => {}); // a live change must not wipe a preview being read
}

/** The server's preview, before anything is saved, with Confirm and Cancel. */
function showPreview(box, answer, name, confirm) {
  const n = answer.proposals.length;
  const confirmButton = n ? h("button.primary#markup-confirm", { type: "button" }, confirmLabel(n)) : null;
  confirmButton?.addEventListener("click", async () => {
    confirmButton.disabled = true;
    try { await confirm(); } finally { confirmButton.disabled = false; }
  });
  const cancel = h("button#markup-cancel", { type: "button", on: { click: () => { box.hidden = true; box.replaceChildren(); } } }, t("admin.markup.cancel"));
  box.replaceChildren(
    h("h3#markup-preview-title", tParts("admin.markup.previewOf", { name: userText("span", name) })),
    h("p.summary#markup-summary", previewSummary(answer)),
    h("ol.markup-proposals#markup-proposals", { "aria-label": t("admin.markup.proposals") }, answer.proposals.map((p) =>
      h("li.card.markup-proposal",
        h("h4", proposalTitle(p)),
        p.kind === "delete_unit" ? h("p", h("del", userText("span", p.base_text)))
          : h("p.markup-diff", diffSpans(p.diff)),
        p.justification ? h("p.markup-justification", h("strong", t("admin.markup.justification")), " ", userText("span", p.justification)) : null,
        h("p.markup-origin", proposalOrigin(p))))),
    answer.unplaced.length ? h("section.markup-unplaced#markup-unplaced", { "aria-labelledby": "markup-unplaced-title" },
      h("h4#markup-unplaced-title", t("admin.markup.unplaced")),
      h("ul", answer.unplaced.map((u) => h("li", userText("strong", u.where), ": ", userText("span", u.reason))))) : null,
    h("div.actions", confirmButton, cancel));
  box.hidden = false;
  box.scrollIntoView({ block: "start" });
}
