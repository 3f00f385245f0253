// What the timeline lists, in order: each revision published and each silence procedure.
// Pure: no DOM.
import { describeEvent } from "../lib/labels.js";

/**
 * [{at, kind: "revision", document, revision, previous} | {at, kind: "silence", silence}],
 * oldest first (ISO times compare as text; ties keep revisions before silences).
 */
export function timelineEntries(documents, silences) {
  const entries = [];
  for (const d of documents) {
    d.revisions.forEach((r, i) => entries.push({
      at: r.published_at, kind: "revision", document: d, revision: r, previous: i > 0 ? d.revisions[i - 1] : null,
    }));
  }
  for (const s of silences) entries.push({ at: s.started_at, kind: "silence", silence: s });
  entries.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  return entries;
}

/** The last `limit` entries of the process's history, newest first, each as its sentence ("Mexico submitted an amendment to OP12."). */
export function recentHistory(log, { limit = 200, cat } = {}) {
  return log.slice(-limit).reverse().map((entry) => ({
    at: entry.at, seq: entry.seq, text: describeEvent({ type: entry.action, sentence: entry.sentence }, cat),
  }));
}
