// What the screens say about silence procedures. Pure: no DOM.
import { fmtDate } from "../lib/format.js";

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
 * The deadline offered for a new procedure: 73 hours from now, an hour over the default
 * minimum of 72 so that the default is not refused by the time it is sent (the server
 * checks the process's own minimum).
 */
export function defaultDeadline(now = Date.now()) {
  return new Date(now + 73 * 3_600_000);
}
