// Pure helpers of live co-editing: the splice an edit of a text box made, base64 of bytes.
// Positions are JavaScript string indices (UTF-16 code units), as Yjs counts them.
import { t } from "../lib/i18n.js";

/**
 * The smallest single splice turning `before` into `after` (common prefix and suffix kept).
 * textSplice("abcdef", "abXdef") -> { at: 2, removed: 1, inserted: "X" }
 * A surrogate pair is never cut: the splice widens to whole characters.
 */
export function textSplice(before, after) {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before[start] === after[start]) start++;
  let end = 0;
  while (end < limit - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const low = (s, i) => i > 0 && i < s.length && /[\uDC00-\uDFFF]/.test(s[i]) && /[\uD800-\uDBFF]/.test(s[i - 1]);
  while (start > 0 && (low(before, start) || low(after, start))) start--;
  while (end > 0 && (low(before, before.length - end) || low(after, after.length - end))) end--;
  return { at: start, removed: before.length - start - end, inserted: after.slice(start, after.length - end) };
}

/** Apply a splice to a string (what the text box shows afterwards). */
export function applySplice(text, { at, removed, inserted }) {
  return text.slice(0, at) + inserted + text.slice(at + removed);
}

export function toBase64(bytes) {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Who is editing which paragraph, from the carets shown: key -> names (sorted, unique). */
export function editorsByUnit(carets) {
  const found = new Map();
  for (const caret of carets) {
    if (!caret.unit) continue;
    const names = found.get(caret.unit) ?? new Set();
    names.add(caret.name);
    found.set(caret.unit, names);
  }
  return new Map([...found].map(([key, names]) => [key, [...names].sort()]));
}

/**
 * Where a caret at `index` stands after `splice` was made before or around it.
 * movedCaret(5, { at: 0, removed: 0, inserted: "ab" }) -> 7
 */
export function movedCaret(index, { at, removed, inserted }) {
  if (index <= at) return index;
  if (index >= at + removed) return index + inserted.length - removed;
  return at + inserted.length;
}

/**
 * The word a caret at `index` stands in or just after, for showing where someone edits.
 * wordAt("We commit to cooperate.", 12) -> "to"; wordAt("", 0) -> ""
 */
export function wordAt(text, index) {
  const at = Math.max(0, Math.min(index ?? 0, text.length));
  const isWord = (c) => c !== undefined && /[\p{L}\p{N}\p{M}'’-]/u.test(c);
  let start = at;
  let end = at;
  if (!isWord(text[at]) && isWord(text[at - 1])) end = at; // just after a word
  while (start > 0 && isWord(text[start - 1])) start--;
  while (end < text.length && isWord(text[end])) end++;
  return text.slice(start, end);
}

/**
 * "Ana (at “cooperate”), Ben" from the carets shown in one paragraph and where each stands.
 * `positions` maps a caret's peer to its index in the paragraph's text (or null).
 */
export function editorsLine(carets, text, positions) {
  const seen = new Map();
  for (const caret of carets) {
    const index = positions.get(caret.peer);
    const word = index === null || index === undefined ? "" : wordAt(text, index);
    const shown = word ? t("amending.coedit.editorAt", { name: caret.name, word }) : caret.name;
    if (!seen.has(caret.name) || word) seen.set(caret.name, shown);
  }
  return [...seen.keys()].sort().map((name) => seen.get(name)).join(", ");
}
