// A delegation's marked-up Word file (client/features/markup-import.js): the request the markup
// feature takes (server/features/markup/routes.py), the preview in the negotiators' words and
// the server's refusals as sentences. Pure.
import { t } from "../lib/i18n.js";

/**
 * Whether the process's actions (the server's word) let the person propose amendments, and so
 * upload a marked-up file as drafts. mayUploadMarkup(["process.view", "amendment.propose"]) -> true
 */
export function mayUploadMarkup(actions) {
  return (actions ?? []).includes("amendment.propose");
}

/** Whether a file's name is a Word file the server reads: isWordFile("Rev.1 MEX.DOCX") -> true */
export function isWordFile(name) {
  return /\.docx$/i.test(String(name ?? ""));
}

/**
 * The request: the preview (nothing saved) or the confirmation (the drafts created), for the
 * revision the person looked at (a newer one makes the server answer 409).
 */
export function markupRequest({ documentId, base64, filename, revisionId, preview, delegation }) {
  const body = { content_base64: base64 };
  if (delegation) body.delegation = delegation;
  if (filename) body.filename = String(filename).slice(0, 255);
  if (revisionId) body.revision_id = revisionId;
  return { url: `/documents/${documentId}/markup${preview ? "/preview" : ""}`, body };
}

/**
 * The picker's choices from the server's list of delegations one may upload for:
 * delegationOptions([{code: "MEX", name: "Mexico"}]) -> [["MEX", "Mexico (MEX)"]]
 */
export function delegationOptions(delegations) {
  return (delegations ?? []).map((d) => [d.code, `${d.name} (${d.code})`]);
}

/** What the page says becomes of the file: a delegation's own drafts, or those of the one picked. */
export function uploadIntro(uploaders) {
  const own = uploaders?.on_behalf ? null : uploaders?.delegations?.[0];
  return own ? t("admin.markup.introOwn", { delegation: own.name }) : t("admin.markup.introOnBehalf");
}

const KIND_TITLES = {
  change_words: (name) => t("admin.markup.changeWords", { name }),
  delete_unit: (name) => t("admin.markup.deleteUnit", { name }),
  add_unit: (name) => t("admin.markup.addUnit", { name }),
};

/**
 * One proposal's title, in the text's own names.
 * proposalTitle({paragraph: "OP3", kind: "delete_unit"}) -> "OP3: delete the paragraph"
 */
export function proposalTitle(proposal) {
  const title = KIND_TITLES[proposal.kind];
  return title ? title(proposal.paragraph) : `${proposal.paragraph}: ${proposal.kind}`;
}

/**
 * Where a proposal comes from in the file and who made its changes.
 * proposalOrigin({file_paragraphs: [6], change_authors: ["Mexico"], changes: 3})
 *   -> "Paragraph 6 of the file: 3 tracked changes by Mexico."
 */
export function proposalOrigin(proposal) {
  const where = (proposal.file_paragraphs ?? []).join(", ");
  const who = (proposal.change_authors ?? []).filter(Boolean);
  const values = { places: (proposal.file_paragraphs ?? []).length, where, count: proposal.changes ?? 0, who: who.join(", ") };
  return who.length ? t("admin.markup.originBy", values) : t("admin.markup.origin", values);
}

/**
 * The preview in one sentence.
 * previewSummary({proposals: [{paragraph: "OP2"}, {paragraph: "OP3"}], unplaced: [], delegation_name: "Mexico", revision_label: "Rev.1"})
 *   -> "2 draft amendments of Mexico to Rev.1: OP2, OP3."
 */
export function previewSummary(answer) {
  const list = answer.proposals ?? [];
  const n = list.length;
  const names = [...new Set(list.map((p) => p.paragraph))];
  const line = n === 0 ? t("admin.markup.summaryNone", { revision: answer.revision_label })
    : t("admin.markup.summary", { count: n, delegation: answer.delegation_name, revision: answer.revision_label, names: names.join(", ") });
  const left = (answer.unplaced ?? []).length;
  return left ? `${line} ${t("admin.markup.summaryLeft", { count: left })}` : line;
}

/** The confirm button's words: confirmLabel(1) -> "Create 1 draft amendment" */
export function confirmLabel(n) {
  return t("admin.markup.confirm", { count: n });
}

/**
 * After confirming: what was created, for the notice.
 * createdNotice({amendments: [{}, {}], delegation_name: "Mexico"}, "marked.docx")
 *   -> "marked.docx: 2 draft amendments of Mexico created. Review and submit them."
 */
export function createdNotice(answer, name, { onBehalf = false } = {}) {
  const n = (answer.amendments ?? []).length;
  const values = { name, count: n, delegation: answer.delegation_name };
  return onBehalf ? t("admin.markup.createdOnBehalf", values) : t("admin.markup.createdOwn", values);
}

/** Where to go afterwards: the delegation's drafts. */
export function draftsLink(processId, delegation) {
  return `#/p/${processId}/amendments?delegation=${encodeURIComponent(delegation)}&state=draft`;
}

/**
 * The server's refusal as a sentence.
 * markupError({status: 409, code: "stale", message: "..."}) -> "A newer revision was published ..."
 */
export function markupError(error) {
  const message = error?.message ?? "";
  const status = error?.status ?? 0;
  if (status === 409) return t("admin.markup.nothingSaved", { message }).trim();
  if (status === 403) return t("admin.markup.nothingSaved", { message: message || t("admin.markup.mayNotPropose") });
  if (status === 413) return t("admin.markup.tooLarge");
  if (status === 503) return t("admin.import.errorBusy");
  if (status === 422) {
    const said = /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
    // A paragraph the amendments' rules refuse (agreed, say): the server's sentence names it.
    if (error?.details?.paragraph) return t("admin.markup.nothingSaved", { message: message.replace(/\s*$/, "") });
    if (/nothing was saved\.?$/i.test(message)) return message;
    return said ? t("admin.markup.unusableSaid", { said: said.replace(/\.$/, "") }) : t("admin.markup.unusable");
  }
  return message || t("admin.markup.failed", { status });
}
