// Formatting of dates, deadlines and counts for the screens. Pure: no DOM.

/** A date and time in the reader's locale; "—" when there is none. */
export function fmtDate(iso) {
  if (!iso) return "—";
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** Time left until a deadline: "3 days 1 hours left." or "Deadline passed." */
export function countdown(deadline, now = Date.now()) {
  const ms = new Date(deadline) - now;
  if (ms <= 0) return "Deadline passed.";
  const hours = Math.floor(ms / 3_600_000);
  return `${Math.floor(hours / 24)} days ${hours % 24} hours left.`;
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

/** plural(1, "amendment") -> "1 amendment"; plural(3, "amendment") -> "3 amendments". */
export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
