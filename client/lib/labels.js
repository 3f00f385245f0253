// The words the client shows for the server's codes (phases, statuses, amendment states and
// kinds, decisions, roles, live events), all from the server's catalogue
// (GET /api/v1/catalogue), loaded once before the first screen. Plain data and pure
// functions: no DOM. An unknown code is shown as it is.
//
// The server's words are English; the client's catalogues (client/i18n/common, keys
// "common.<list>.<code>") say the same codes in the other languages: in English a label is the
// server's, in another language the catalogue's where it has one, else the server's.
import { t, hasMessage, currentLanguage } from "./i18n.js";
import { eventSentence, manySentence } from "./event-sentences.js";

/** What is known before the catalogue arrives: nothing. */
const EMPTY = Object.freeze({
  events: [], phases: [], unit_statuses: [], amendment_states: [], amendment_kinds: [], decisions: [], roles: [],
});

let current = EMPTY;

/** Loads the catalogue with fetchJson(path) (lib/api.js's get) and keeps it for the session. */
export async function loadCatalogue(fetchJson) {
  useCatalogue(await fetchJson("/catalogue"));
  return current;
}

/** Uses this catalogue from now on (the server's answer; tests pass a fixture). */
export function useCatalogue(catalogue) {
  current = { ...EMPTY, ...catalogue };
}

/** The catalogue in use. */
export const catalogue = () => current;

/**
 * The label of a code in one of the catalogue's lists; an unknown code stays as it is.
 * labelOf("amendment_states", "not_reflected") -> "Not reflected"; labelOf("amendment_states", "archived") -> "archived"
 */
export function labelOf(list, code, cat = current) {
  const key = `common.${list}.${code}`;
  if (currentLanguage() !== "en" && hasMessage(key)) return t(key);
  return cat[list]?.find((entry) => entry.code === code)?.label ?? code;
}

/** [[code, label], ...] of one of the catalogue's lists, in the server's order (for a <select>). */
export function options(list, cat = current) {
  return (cat[list] ?? []).map((entry) => [entry.code, labelOf(list, entry.code, cat)]);
}

/** The codes of one of the catalogue's lists, in the server's order. */
export function codes(list, cat = current) {
  return (cat[list] ?? []).map((entry) => entry.code);
}

export const phaseLabel = (code, cat) => labelOf("phases", code, cat);
export const statusLabel = (code, cat) => labelOf("unit_statuses", code, cat);
export const stateLabel = (code, cat) => labelOf("amendment_states", code, cat);
export const kindLabel = (code, cat) => labelOf("amendment_kinds", code, cat);
export const roleLabel = (code, cat) => labelOf("roles", code, cat);

/** Whether an amendment of this kind carries a proposed text (the catalogue says; unknown: no). */
export function kindCarriesText(kind, cat = current) {
  return cat.amendment_kinds.find((k) => k.code === kind)?.carries_text ?? false;
}

/**
 * A live event or history entry in words, naming who did what to which paragraph ("Mexico
 * submitted an amendment to OP12."): in the person's language from the facts the server sent
 * with it (lib/event-sentences.js); without them, the server's sentence; without one, the
 * catalogue's general words for its type. Never its type or subject (internal keys).
 * describeEvent({type: "amendment.submitted", subject: "amendment:7"})
 *   -> "A delegation submitted an amendment to a paragraph."
 */
export function describeEvent(event, cat = current) {
  const said = event.facts ? eventSentence(event.type, event.facts) : null;
  if (said !== null) return said;
  if (event.sentence) return event.sentence;
  return cat.events.find((e) => e.type === event.type)?.sentence ?? t("common.changeRecorded");
}

/**
 * How several events of one type read together: a function of the count, in the person's
 * language with its plurals (3 -> "3 amendments were submitted."); else the server's English
 * "{count} amendments were submitted."; null: unknown type.
 */
export function manyEvents(type, cat = current) {
  if (manySentence(type, 2) !== null) return (count) => manySentence(type, count);
  return cat.events.find((e) => e.type === type)?.many ?? null;
}

/** Whether a live event is the signed-in person's own action (its notice came with the answer). */
export function ownEvent(event, me) {
  return me?.id !== undefined && me?.id !== null && event.actor_id === me.id;
}

/** Who is online: presenceLabel({delegation: "MEX", connected: 2}) -> "MEX: 2 online". */
export function presenceLabel(entry) {
  return t("common.presence", { delegation: entry.delegation ?? t("common.noDelegation"), count: entry.connected });
}
