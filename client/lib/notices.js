// What the notices region shows: one notice per action, several of the same kind within a few
// seconds collapsed into one ("3 amendments were submitted."), each dismissed on its own after
// a few seconds, never more than a few at once. Pure: times are passed in, no DOM, no timers.

/** Notices of the same kind this close together (ms) become one. */
export const COLLAPSE_MS = 5000;
/** How long a notice stays (ms); an error a little longer, to be read. */
export const SHOW_MS = 6000;
export const SHOW_ERROR_MS = 10000;
/** At most this many at once: the oldest goes first. */
export const MAX_SHOWN = 3;

let nextId = 1;

/**
 * The notices after one more arrives at `now`:
 * {text, kind = "info", key = text, many = null}; `key` is what makes two the same kind (an
 * event type; by default the words), `many` how several read: a function of the count, in the
 * person's language with its plurals (lib/event-sentences.js manySentence), or a sentence
 * with "{count}" ("{count} amendments were submitted."); without it, "… (×3)". Returns a new
 * list; the one shown last is last.
 *
 * addNotice([], {text: "Mexico submitted an amendment to OP12.", key: "amendment.submitted",
 *   many: "{count} amendments were submitted."}, 0)
 *   -> [{id, key: "amendment.submitted", text: "Mexico submitted…", count: 1, until: 6000, …}]
 */
export function addNotice(list, { text, kind = "info", key = text, many = null }, now) {
  const same = list.find((n) => n.key === key && n.kind === kind && now - n.at < COLLAPSE_MS && n.until > now);
  const until = now + (kind === "error" ? SHOW_ERROR_MS : SHOW_MS);
  if (same) {
    const count = same.count + 1;
    const words = typeof many === "function" ? many(count)
      : many ? many.replace("{count}", String(count)) : `${same.first} (×${count})`;
    const merged = { ...same, text: words, count, at: now, until };
    return [...list.filter((n) => n !== same), merged];
  }
  const added = { id: nextId++, key, kind, text, first: text, many, count: 1, at: now, until };
  return [...list, added].slice(-MAX_SHOWN);
}

/** The notices still shown at `now`. */
export function liveNotices(list, now) {
  return list.filter((n) => n.until > now);
}

/** The list without the notice `id` (its close button). */
export function dismissNotice(list, id) {
  return list.filter((n) => n.id !== id);
}

/** When the next notice goes (ms from `now`), or null when none is shown. */
export function nextExpiry(list, now) {
  if (!list.length) return null;
  return Math.max(0, Math.min(...list.map((n) => n.until)) - now);
}
