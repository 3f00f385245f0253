// What the screens say about silence procedures. Pure: no DOM.
import { fmtDate } from "../lib/format.js";
import { revisionName } from "../lib/revisions.js";

/** The procedures still running (their deadline is the next one to watch). */
export function runningSilences(silences) {
  return silences.filter((s) => s.state === "running");
}

/** A procedure in one line, on the process home: "Rev.2: running, deadline Nov 23, 2026, ...". */
export function silenceSummary(silence) {
  return `${silence.revision_label ?? "Revision"}: ${silence.state}, deadline ${fmtDate(silence.deadline)}`;
}

/** A procedure in one line, on the co-facilitators' screen: "Rev.2: running until ...". */
export function silenceStatus(silence) {
  return `${silence.revision_label}: ${silence.state} until ${fmtDate(silence.deadline)}`;
}

/**
 * The revisions offered for a new procedure: those whose actions (as the server shows each
 * revision to the person) hold "start_silence", newest first, as [[revision id, "document — label"], ...].
 * `entries`: [{document, revision}], the revision as GET /documents/{id}/revisions/{seq} answers.
 */
export function silenceChoices(entries) {
  return entries.filter(({ revision }) => revision.actions?.includes("start_silence"))
    .map(({ document, revision }) => [revision.id, `${document.title.slice(0, 40)} — ${revisionName(revision)}`])
    .reverse();
}

/**
 * The deadline offered for a new procedure: 73 hours from now, an hour over the server's
 * default minimum of 72 so that the default is not refused by the time it is sent (the
 * server checks its own minimum and says when a deadline is too soon).
 * TODO(server): the minimum (ACCORD_SILENCE_MIN_HOURS) is not in any answer; with it (e.g. a
 * `silence_minimum_hours` on ProcessOut) this would offer the minimum plus an hour.
 */
export function defaultDeadline(now = Date.now()) {
  return new Date(now + 73 * 3_600_000);
}
