// Where each word of a paragraph came from, in words and colours. Pure: no DOM.
import { revisionLabel } from "../lib/revisions.js";
import { t } from "../lib/i18n.js";

/** One key per distinct origin: the same amendments in the same revision are one origin. */
export function originKey(origin) {
  return `${origin.kind}:${origin.revision}:${origin.amendment_ids.join(",")}`;
}

/**
 * An origin in words.
 * {kind: "original", revision: 0} -> "From the zero draft"
 * {kind: "amendment", revision: 1, amendment_ids: [8], proponents: ["PHL", "BGD"]}
 *   -> "From amendment #8 (PHL, BGD) in Rev.1"
 */
export function originText(doc, origin) {
  const label = revisionLabel(doc, origin.revision);
  if (origin.kind === "original") return origin.revision === 0 ? t("admin.attribution.zeroDraft") : t("admin.attribution.firstText", { label });
  if (origin.kind === "co_facilitators") return t("admin.attribution.coFacilitators", { label });
  const ids = origin.amendment_ids;
  if (!ids.length) return t("admin.attribution.anAmendment", { label });
  const values = { count: ids.length, ids: ids.map((i) => `#${i}`).join(", "), who: origin.proponents.join(", "), label };
  return origin.proponents.length ? t("admin.attribution.amendmentsBy", values) : t("admin.attribution.amendments", values);
}

/**
 * The distinct origins of a paragraph's spans, in order of first appearance:
 * Map(originKey -> {origin, cls, n, words}). Amendments are numbered so that each gets its
 * own colour class (cycled over four) as well as its own line in the list; `words` holds
 * each span's text, trimmed.
 */
export function groupOrigins(spans) {
  const origins = new Map();
  let amendmentIndex = 0;
  for (const span of spans) {
    const key = originKey(span.origin);
    if (!origins.has(key)) {
      const cls = span.origin.kind === "amendment" ? `origin-amendment.origin-a${amendmentIndex++ % 4}` : `origin-${span.origin.kind}`;
      origins.set(key, { origin: span.origin, cls, n: origins.size + 1, words: [] });
    }
    origins.get(key).words.push(span.text.trim());
  }
  return origins;
}

/** The words of one origin, quoted: “and regional” … “combat” (empty spans left out). */
export function quotedWords(words) {
  return words.filter(Boolean).map((w) => `“${w}”`).join(" … ");
}
