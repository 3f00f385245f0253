// Consultation inputs grouped by cluster, and who may submit one. Pure: no DOM.
import { fmtDate } from "../lib/format.js";

/** {cluster key: [input, ...]}, clusters in order of first appearance. */
export function byCluster(inputs) {
  const groups = {};
  for (const i of inputs) (groups[i.cluster] ??= []).push(i);
  return groups;
}

/**
 * Delegates and observers submit inputs during consultation and stocktaking.
 * A rule copy: the server's policy decides; this only shows or hides the form.
 */
export function canSubmitInput(process) {
  return ["consultation", "stocktaking"].includes(process.phase)
    && (process.your_role === "delegate" || process.your_role === "observer");
}

/** "MEX · written contribution · Nov 23, 2026, 10:00 AM" (no delegation: a stakeholder). */
export function inputMeta(input) {
  return `${input.delegation ?? "Stakeholder"} · ${input.kind.replace("_", " ")} · ${fmtDate(input.created_at)}`;
}
