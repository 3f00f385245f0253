// Consultation inputs grouped by cluster, and how each is described. Pure: no DOM.
import { fmtDate } from "../lib/format.js";
import { t } from "../lib/i18n.js";

/** {cluster key: [input, ...]}, clusters in order of first appearance. */
export function byCluster(inputs) {
  const groups = {};
  for (const i of inputs) (groups[i.cluster] ??= []).push(i);
  return groups;
}

/**
 * The kinds of input offered in the form, [[code, label], ...].
 * TODO(server): the catalogue (GET /api/v1/catalogue) has no `input_kinds`; the codes are
 * InputIn.kind's (server/features/consultation/schemas.py). With them in the catalogue this
 * would be options("input_kinds").
 */
export function inputKinds() {
  return [["written_contribution", t("admin.consultation.kindWritten")], ["statement", t("admin.consultation.kindStatement")]];
}

/** A kind of input in the middle of a sentence ("written contribution"; the code for another). */
function kindInSentence(kind) {
  const words = { written_contribution: t("admin.consultation.kindWrittenInline"), statement: t("admin.consultation.kindStatementInline") };
  return words[kind] ?? kind.replace("_", " ");
}

/** "MEX · written contribution · Nov 23, 2026, 10:00 AM" (no delegation: a stakeholder). */
export function inputMeta(input) {
  return t("admin.consultation.meta", { who: input.delegation ?? t("admin.consultation.stakeholder"),
    kind: kindInSentence(input.kind), date: fmtDate(input.created_at) });
}
