// The parallel view's pure logic (#/p/N/parallel/D/SEQ?langs=en,fr,ar): which languages to
// show, what each cell says about its translation in words, and the addresses. No DOM; words
// through t() (client/i18n/languages/).
import { t } from "../lib/i18n.js";

export const LANGUAGE_CODES = ["ar", "zh", "en", "fr", "ru", "es"];
const NAMES = { ar: "العربية", zh: "中文", en: "English", fr: "Français", ru: "Русский", es: "Español" };

/** A language's name in itself (what a delegate picks it by): languageName("fr") -> "Français". */
export const languageName = (code) => NAMES[code] ?? code;

/** compareHref(1, 2, 3, "fr") -> "#/p/1/compare/2?from=2&to=3&language=fr": a revision with the one before, in a language. */
export function compareHref(processId, documentId, sequence, language) {
  return `#/p/${processId}/compare/${documentId}?from=${sequence - 1}&to=${sequence}&language=${language}`;
}

/**
 * The languages asked for in the address, known and unique, in the order given; at least two
 * (the source and one more) when the address names fewer.
 * pickLanguages("en,ar,xx,en", "en") -> ["en", "ar"];  pickLanguages("", "en") -> ["en", "fr"]
 */
export function pickLanguages(param, source) {
  const asked = [...new Set((param ?? "").split(",").map((s) => s.trim()).filter((s) => LANGUAGE_CODES.includes(s)))];
  if (!asked.includes(source) && asked.length < 2) asked.unshift(source);
  if (asked.length < 2) asked.push(LANGUAGE_CODES.find((c) => !asked.includes(c) && c !== "ar" && c !== "zh") ?? "fr");
  return asked;
}

/**
 * parallelHref(1, 2, 0, ["en", "fr"]) -> "#/p/1/parallel/2/0?langs=en,fr"; with a paragraph's
 * key (as the text view's ?unit=), the view opens at that paragraph:
 * parallelHref(1, 2, 0, ["en", "ar"], "op 1") -> "#/p/1/parallel/2/0?langs=en,ar&unit=op%201"
 */
export function parallelHref(processId, documentId, sequence, langs, unit = null) {
  const at = unit ? `&unit=${encodeURIComponent(unit)}` : "";
  return `#/p/${processId}/parallel/${documentId}/${sequence}?langs=${langs.join(",")}${at}`;
}

/**
 * The paragraph the view opens at (a search hit, a link: ?unit=<key>), if the view shows it;
 * else null. The key stays in the address and the row's data, never on screen.
 * targetUnit(new URLSearchParams("unit=op1"), [{ key: "op1", kind: "paragraph" }]) -> "op1"
 */
export function targetUnit(params, rows) {
  const key = params.get("unit");
  return key && rows.some((r) => r.key === key && r.kind !== "preamble") ? key : null;
}

/**
 * What a cell says about its translation, in words (never colour alone): null for the source
 * text and for a current translation made for this revision.
 */
export function cellNote(cell) {
  if (cell.status === "source") return null;
  if (cell.status === "missing") return t("languages.note.missing");
  if (cell.out_of_date) {
    return cell.carried_from !== null && cell.carried_from !== undefined
      ? t("languages.note.staleSince", { revision: cell.carried_from_label ?? cell.carried_from })
      : t("languages.note.stale");
  }
  if (cell.status === "carried") return t("languages.note.carried", { revision: cell.carried_from_label ?? cell.carried_from });
  if (cell.status === "entered") return t("languages.note.entered");
  return null;
}

/** The paragraph number as the cell's language prints it, else the revision's. */
export function cellNumber(row, cell) {
  if (row.kind === "section") return null; // a heading carries its own label in its text
  return cell.number ?? row.number ?? null;
}

/** ", 7 translated, 1 out of date, 1 not translated" after a language's name (the screen
 * isolates the name, which may be Arabic, in its own <bdi>). */
export function countLine(count) {
  return t("languages.parallel.count", { translated: count.translated, outOfDate: count.out_of_date, missing: count.missing });
}

/**
 * The navigation's link to the parallel view of the latest published revision of the first
 * document (null before one is published): [key, href, label].
 */
export function parallelLink(process, documents) {
  const doc = documents?.[0];
  const latest = doc?.revisions?.at(-1) ?? null; // a document lists its published revisions
  return latest ? ["parallel", parallelHref(process.id, doc.id, latest.sequence, ["en", "fr"]), t("languages.nav")] : null;
}

/** The downloads of one language version of a revision: [{format, href}] (DOCX, PDF, AKN). */
export function languageExports(documentId, sequence, language) {
  return ["docx", "pdf", "akn"].map((format) => ({ format,
    href: `/api/v1/documents/${documentId}/revisions/${sequence}/export?format=${format}&language=${language}` }));
}
