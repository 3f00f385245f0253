// Formatting of dates, deadlines and counts for the screens, in the interface's language
// (lib/i18n.js: Intl and the catalogues). Pure: no DOM.
import { t, fmtDateTime, fmtNumber, hasMessage, formatMessage } from "./i18n.js";

/** A date and time in the interface's language; "—" when there is none. */
export function fmtDate(iso) {
  if (!iso) return "—";
  return fmtDateTime(iso, { dateStyle: "medium", timeStyle: "short" });
}

/** Time left until a deadline: "3 days 1 hour left." or "Deadline passed." */
export function countdown(deadline, now = Date.now()) {
  const ms = new Date(deadline) - now;
  if (ms <= 0) return t("common.countdown.passed");
  const hours = Math.floor(ms / 3_600_000);
  return t("common.countdown.left", { days: Math.floor(hours / 24), hours: hours % 24 });
}

/** The value an <input type="datetime-local"> shows for a date, in local time. */
export function localInput(date) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** A name or phrase as the start of a sentence or a title: "the chapeau of Article 1" -> "The chapeau of Article 1". */
export function capitalised(words) {
  return words ? words[0].toUpperCase() + words.slice(1) : words;
}

/**
 * A count of things in the interface's language, from the catalogue's common.count.<word>
 * ("{count, plural, one {# amendment} other {# amendments}}"):
 * plural(1, "amendment") -> "1 amendment"; plural(3, "open bracket") -> "3 open brackets".
 * A word without a message is counted the English way.
 */
export function plural(n, word) {
  const key = `common.count.${word.replace(/ (\w)/g, (_, c) => c.toUpperCase())}`;
  if (hasMessage(key)) return t(key, { count: n });
  return formatMessage(`{count, plural, one {# ${word}} other {# ${word}s}}`, { count: n });
}

/**
 * A file's size in the interface's language, by Intl (decimal units, as browsers and file
 * managers say them): fileSize(12_000_000) -> "12.0 MB" / "12,0 Mo" / "12,0 МБ"; under a kilobyte,
 * 1 kB; a megabyte and more with one decimal below ten ("1.5 MB").
 */
export function fileSize(bytes) {
  if (bytes >= 1_000_000) {
    const mb = bytes / 1_000_000;
    return fmtNumber(mb, { style: "unit", unit: "megabyte", minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  return fmtNumber(Math.max(1, Math.round(bytes / 1000)), { style: "unit", unit: "kilobyte" });
}
