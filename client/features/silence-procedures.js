// What the screens say about silence procedures. Pure: no DOM.
import { revisionName } from "../lib/revisions.js";
import { t, currentLanguage, locale as intlLocale } from "../lib/i18n.js";

/** The procedures still running (their deadline is the next one to watch). */
export function runningSilences(silences) {
  return silences.filter((s) => s.state === "running");
}

/** The default zone of a process (the General Assembly's), as the server's. */
export const DEFAULT_ZONE = "America/New_York";

/** An IANA zone as a person names it: "America/New_York" -> "New York", "Etc/UTC" -> "UTC". */
export function zoneName(zone = DEFAULT_ZONE) {
  if (!zone || /^(Etc\/)?(UTC|GMT|Zulu|UCT)$/.test(zone)) return "UTC";
  return zone.split("/").pop().replaceAll("_", " ");
}

function partsIn(date, zone, options, locale = "en-GB") {
  const parts = new Intl.DateTimeFormat(locale, { timeZone: zone, ...options }).formatToParts(date);
  return Object.fromEntries(parts.filter((x) => x.type !== "literal").map((x) => [x.type, x.value]));
}

/** The locale whose names of days and months the interface's language uses (British English's order in English). */
function locale() {
  return currentLanguage() === "en" ? "en-GB" : intlLocale();
}

/**
 * A moment as the room reads it, in the process's zone, named:
 * zonedTime("2026-12-08T23:00:00Z", "America/New_York") -> "Tuesday 8 December, 18:00 New York time";
 * the year is said when it is not the current one (in that zone). Days and months in the
 * interface's language ("mardi 8 décembre, 18:00 (heure de New York)").
 */
export function zonedTime(iso, zone = DEFAULT_ZONE, now = Date.now()) {
  if (!iso) return "—";
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return "—";
  const p = partsIn(date, zone, { weekday: "long", day: "numeric", month: "long", year: "numeric",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" }, locale());
  const numbers = partsIn(date, zone, { year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const thisYear = numbers.year === partsIn(new Date(now), zone, { year: "numeric" }).year;
  const values = { weekday: p.weekday, day: p.day, month: p.month, year: numbers.year,
    time: `${numbers.hour}:${numbers.minute}`, zone: zoneName(zone) };
  return thisYear ? t("admin.silence.zonedTime", values) : t("admin.silence.zonedTimeYear", values);
}

/** The offset of `zone` from UTC at a moment, in milliseconds (New York in December: -5 h). */
function offsetAt(ms, zone) {
  const p = partsIn(new Date(ms), zone, { year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
  return Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * A wall-clock time typed in the room's zone ("2026-12-08T18:00", as a datetime-local input
 * gives it) as an ISO instant: zonedInputToIso("2026-12-08T18:00", "America/New_York")
 * -> "2026-12-08T23:00:00.000Z". null for an empty or malformed value.
 */
export function zonedInputToIso(value, zone = DEFAULT_ZONE) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(value ?? "");
  if (!m) return null;
  const wall = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let guess = wall - offsetAt(wall, zone);
  guess = wall - offsetAt(guess, zone); // again, across a change of summer time
  return new Date(guess).toISOString();
}

/** A moment as a datetime-local input's value in the room's zone (the inverse of zonedInputToIso). */
export function zonedInput(date, zone = DEFAULT_ZONE) {
  const p = partsIn(date, zone, { year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/**
 * Who broke silence and when, as the server lets the person know it:
 * "Mexico broke silence on Monday 7 December, 10:30 New York time." (without a name: "A delegation").
 */
export function breakLine(brk, zone = DEFAULT_ZONE, now = Date.now()) {
  return t("admin.silence.breakLine", { delegation: brk.delegation ?? t("admin.silence.aDelegation"),
    time: zonedTime(brk.at, zone, now) });
}

/** A procedure's state in words ("running", "broken", "agreed"; the server's code for another). */
function stateWords(state) {
  const words = { running: t("admin.silence.running"), broken: t("admin.silence.brokenState"), agreed: t("admin.silence.agreed") };
  return words[state] ?? state;
}

/** A procedure in one line, on the process home: "Rev.2: running, deadline Tuesday 8 December, 18:00 New York time". */
export function silenceSummary(silence, now = Date.now()) {
  return t("admin.silence.summary", { revision: silence.revision_label ?? t("admin.silence.aRevision"),
    state: stateWords(silence.state), time: zonedTime(silence.deadline, silence.time_zone, now) });
}

/** A procedure in one line, on the co-facilitators' screen: "Rev.2: running until Tuesday 8 December, 18:00 New York time". */
export function silenceStatus(silence, now = Date.now()) {
  return t("admin.silence.status", { revision: silence.revision_label ?? t("admin.silence.aRevision"),
    state: stateWords(silence.state), time: zonedTime(silence.deadline, silence.time_zone, now) });
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
