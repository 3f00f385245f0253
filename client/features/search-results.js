// What the search screen shows: the hits of each kind under a heading with their count, each
// hit's snippet as pieces (the matched words marked), and the addresses it links to. Pure:
// no DOM. The server finds, ranks and decides what the person may see; this only words it.
import { t } from "../lib/i18n.js";

/** The kinds in the order the server lists them (their words: reading.search.kind.<kind>, .count.<kind>). */
export const HIT_KINDS = ["paragraph", "amendment", "input", "summary"];

/** A group's heading: "Paragraphs of the text (3)". */
export function groupHeading(kind) {
  return HIT_KINDS.includes(kind) ? t(`reading.search.kind.${kind}`) : kind;
}

/** "3 paragraphs", "1 consultation input", "No amendment". */
export function groupCount(group) {
  return HIT_KINDS.includes(group.kind) ? t(`reading.search.count.${group.kind}`, { count: group.count }) : `${group.kind}: ${group.count}`;
}

/** "12 results for “migration”", "No result for “migration”". */
export function resultLine(result) {
  return result.total === 0 ? t("reading.search.none", { q: result.q }) : t("reading.search.results", { count: result.total, q: result.q });
}

/**
 * The snippet as [{text, mark}] pieces, with "…" where the server left text out; the screen
 * puts each marked piece in a <mark> element (textContent only: never HTML).
 */
export function snippetPieces(hit) {
  const pieces = hit.snippet.map((p) => ({ text: p.text, mark: p.mark }));
  if (hit.cut_before) pieces.unshift({ text: "… ", mark: false });
  if (hit.cut_after) pieces.push({ text: " …", mark: false });
  return pieces;
}

/** The UN's six languages, as the server codes them. */
export const SEARCH_LANGUAGES = ["ar", "zh", "en", "fr", "ru", "es"];

/**
 * The words under a hit's title: who proposed it, its state, the cluster; for a search in a
 * language, the language's name (from the server's list) and whether the translation is out
 * of date.
 */
export function hitMeta(hit, stateLabel = (s) => s, languages = []) {
  const parts = [];
  if (hit.kind === "amendment") parts.push(stateLabel(hit.state));
  if (hit.kind === "input") parts.push(hit.delegation ?? t("reading.search.byObserver"));
  if (hit.cluster) parts.push(hit.cluster);
  if (hit.language) parts.push(languages.find((l) => l.code === hit.language)?.name ?? hit.language);
  if (hit.out_of_date) parts.push(t("languages.search.outOfDate"));
  return parts.filter(Boolean).join(" · ");
}

/**
 * The lang and dir a hit's text is shown with: its language's, as the server lists it (rtl
 * for Arabic); null for a hit in the text's own language (dir="auto" then).
 */
export function hitLanguage(hit, languages = []) {
  if (!hit.language) return null;
  const found = languages.find((l) => l.code === hit.language);
  return { lang: hit.language, dir: found?.direction ?? (hit.language === "ar" ? "rtl" : "ltr") };
}

/**
 * The "In" choice as the screen shows it: searching in a language, only paragraphs are
 * searched (amendments, inputs and summaries have no language versions), so it shows
 * paragraphs, disabled, and says why; else the kind asked for, to choose from.
 * kindChoice("amendment", "fr") -> { value: "paragraph", disabled: true, hint: "In another language only ..." }
 */
export function kindChoice(kind, language) {
  return language
    ? { value: "paragraph", disabled: true, hint: t("languages.search.kindHint") }
    : { value: kind ?? "", disabled: false, hint: null };
}

/** The language picker's choices: each text in its own language, then those the server lists. */
export function languageOptions(languages) {
  return [["", t("languages.search.own")], ...languages.map((l) => [l.code, l.name])];
}

/** What the search screen asks for, read from its address (#/p/N/search?q=...&kind=...&language=fr). */
export function searchFilters(params) {
  const revision = params.get("revision");
  const language = params.get("language");
  return {
    q: (params.get("q") ?? "").trim(),
    kind: HIT_KINDS.includes(params.get("kind")) ? params.get("kind") : "",
    revision: revision !== null && /^\d+$/.test(revision) ? Number(revision) : null,
    language: SEARCH_LANGUAGES.includes(language) ? language : "",
  };
}

/** The screen's address for a search. */
export function searchHref(processId, { q, kind = "", revision = null, language = "" }) {
  const params = new URLSearchParams({ q });
  if (kind) params.set("kind", kind);
  if (revision !== null && revision !== undefined && revision !== "") params.set("revision", String(revision));
  if (language) params.set("language", language);
  return `#/p/${processId}/search?${params}`;
}

/**
 * The query string the API takes, nothing empty in it. In a language only paragraphs have
 * versions, so another kind is left out rather than refused.
 */
export function searchQuery({ q, kind, revision, language = "" }, offset = 0) {
  const query = { q };
  const asked = language && kind !== "paragraph" ? "" : kind;
  if (asked) query.kind = asked;
  if (revision !== null && revision !== undefined) query.revision = revision;
  if (language) query.language = language;
  if (offset) query.offset = offset;
  if (asked) query.limit = 25;
  return query;
}
