// A delegation's marked-up Word file (client/features/markup-import.js): the request the markup
// feature takes (server/features/markup/routes.py), the preview in the negotiators' words and
// the server's refusals as sentences. Pure.

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
  const whose = own ? `a draft amendment of ${own.name}` : "a draft amendment of the delegation you choose, on its behalf,";
  return `Each tracked change becomes ${whose} on the paragraph it falls in; the comments on it become its justification.`;
}

const KIND_TITLES = {
  change_words: (name) => `${name}: change the words`,
  delete_unit: (name) => `${name}: delete the paragraph`,
  add_unit: (name) => `A new paragraph after ${name}`,
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
  const n = proposal.changes ?? 0;
  const changes = `${n} tracked change${n === 1 ? "" : "s"}`;
  const who = (proposal.change_authors ?? []).filter(Boolean);
  return `Paragraph${(proposal.file_paragraphs ?? []).length === 1 ? "" : "s"} ${where} of the file: ${changes}${who.length ? ` by ${who.join(", ")}` : ""}.`;
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
  let line = n === 0
    ? `The file holds no tracked change to the words of ${answer.revision_label}.`
    : `${n} draft amendment${n === 1 ? "" : "s"} of ${answer.delegation_name} to ${answer.revision_label}: ${names.join(", ")}.`;
  const left = (answer.unplaced ?? []).length;
  if (left) line += ` ${left} thing${left === 1 ? "" : "s"} the file holds ${left === 1 ? "is" : "are"} not among them (below).`;
  return line;
}

/** The confirm button's words: confirmLabel(1) -> "Create 1 draft amendment" */
export function confirmLabel(n) {
  return `Create ${n} draft amendment${n === 1 ? "" : "s"}`;
}

/**
 * After confirming: what was created, for the notice.
 * createdNotice({amendments: [{}, {}], delegation_name: "Mexico"}, "marked.docx")
 *   -> "marked.docx: 2 draft amendments of Mexico created. Review and submit them."
 */
export function createdNotice(answer, name, { onBehalf = false } = {}) {
  const n = (answer.amendments ?? []).length;
  const drafts = `${name}: ${n} draft amendment${n === 1 ? "" : "s"} of ${answer.delegation_name} created`;
  return onBehalf ? `${drafts} on its behalf. ${answer.delegation_name} reviews and submits them.`
    : `${drafts}. Review and submit them.`;
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
  if (status === 409) return `${message} Nothing was saved.`.trim();
  if (status === 403) return `${message || "You may not propose amendments now."} Nothing was saved.`;
  if (status === 413) return "The file is too large to upload: try a smaller file. Nothing was saved.";
  if (status === 503) return "The server is busy reading other files: try again in a minute.";
  if (status === 422) {
    const said = /^[A-Z][a-z]/.test(message) ? message.charAt(0).toLowerCase() + message.slice(1) : message;
    // A paragraph the amendments' rules refuse (agreed, say): the server's sentence names it.
    if (error?.details?.paragraph) return `${message.replace(/\s*$/, "")} Nothing was saved.`;
    if (/nothing was saved\.?$/i.test(message)) return message;
    return `The file could not be used${said ? `: ${said.replace(/\.$/, "")}` : ""}. Nothing was saved.`;
  }
  return message || `The upload failed (HTTP ${status}).`;
}
