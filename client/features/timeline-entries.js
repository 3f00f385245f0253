// What the timeline lists, in order: each revision published and each silence procedure.
// Pure: no DOM.
import { describeEvent } from "../lib/labels.js";
import { currentLanguage } from "../lib/i18n.js";
import { sayEvent } from "../lib/event-sentences.js";

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

/**
 * The last `limit` entries of the process's history, newest first, each as its sentence in the
 * person's language, filled from its facts ("Mexico a soumis un amendement à OP12."), with the
 * language it is in ("en" where only the server's English sentence came).
 */
export function recentHistory(log, { limit = 200, cat } = {}) {
  return log.slice(-limit).reverse().map((entry) => {
    const said = sayEvent(entry.action, entry.facts, entry.sentence)
      ?? { text: describeEvent({ type: entry.action }, cat), lang: currentLanguage() };
    return { at: entry.at, seq: entry.seq, text: said.text, lang: said.lang };
  });
}
