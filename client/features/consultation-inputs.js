// Consultation inputs grouped by cluster, and how each is described. Pure: no DOM.
import { fmtDate } from "../lib/format.js";

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
export const INPUT_KINDS = [["written_contribution", "Written contribution"], ["statement", "Statement"]];

/** "MEX · written contribution · Nov 23, 2026, 10:00 AM" (no delegation: a stakeholder). */
export function inputMeta(input) {
  return `${input.delegation ?? "Stakeholder"} · ${input.kind.replace("_", " ")} · ${fmtDate(input.created_at)}`;
}
