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

/** The words under a hit's title: who proposed it, its state, the cluster. */
export function hitMeta(hit, stateLabel = (s) => s) {
  const parts = [];
  if (hit.kind === "amendment") parts.push(stateLabel(hit.state));
  if (hit.kind === "input") parts.push(hit.delegation ?? t("reading.search.byObserver"));
  if (hit.cluster) parts.push(hit.cluster);
  return parts.filter(Boolean).join(" · ");
}

/** What the search screen asks for, read from its address (#/p/N/search?q=...&kind=...). */
export function searchFilters(params) {
  const revision = params.get("revision");
  return {
    q: (params.get("q") ?? "").trim(),
    kind: HIT_KINDS.includes(params.get("kind")) ? params.get("kind") : "",
    revision: revision !== null && /^\d+$/.test(revision) ? Number(revision) : null,
  };
}

/** The screen's address for a search. */
export function searchHref(processId, { q, kind = "", revision = null }) {
  const params = new URLSearchParams({ q });
  if (kind) params.set("kind", kind);
  if (revision !== null && revision !== undefined && revision !== "") params.set("revision", String(revision));
  return `#/p/${processId}/search?${params}`;
}

/** The query string the API takes, nothing empty in it. */
export function searchQuery({ q, kind, revision }, offset = 0) {
  const query = { q };
  if (kind) query.kind = kind;
  if (revision !== null && revision !== undefined) query.revision = revision;
  if (offset) query.offset = offset;
  if (kind) query.limit = 25;
  return query;
}
