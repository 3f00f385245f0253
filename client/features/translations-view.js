// The translations page's pure logic (#/p/N/translations/D/SEQ?lang=fr): the address, the
// file's format from its name, each paragraph's state in words and the import preview's
// summary. No DOM; words through t() (client/i18n/languages/).
import { t } from "../lib/i18n.js";
import { LANGUAGE_CODES } from "./parallel-view.js";

/** translationsHref(1, 2, 3, "fr") -> "#/p/1/translations/2/3?lang=fr" */
export function translationsHref(processId, documentId, sequence, language) {
  return `#/p/${processId}/translations/${documentId}/${sequence}${language ? `?lang=${language}` : ""}`;
}

/** The language to work on: the address's when it is one of the six and not the source,
 * else the first other language in the UN's order after the source ("fr" for English). */
export function pickLanguage(param, source) {
  if (LANGUAGE_CODES.includes(param) && param !== source) return param;
  return ["fr", "es", "ru", "zh", "ar", "en"].find((c) => c !== source);
}

/** The import format of a file by its name: "pdf", "docx", else "text". */
export function formatOf(name) {
  const lower = (name ?? "").toLowerCase();
  if (lower.endsWith(".pdf")) return "pdf";
  if (lower.endsWith(".docx")) return "docx";
  return "text";
}

/** A translation cell's state: "missing", "out-of-date" or "current". */
export function stateOf(cell) {
  if (!cell || cell.status === "missing") return "missing";
  return cell.out_of_date ? "out-of-date" : "current";
}

/** The state in words. */
export function stateWords(cell) {
  const state = stateOf(cell);
  if (state === "missing") return t("languages.state.missing");
  if (state === "out-of-date") return t("languages.state.outOfDate");
  if (cell.status === "carried") return t("languages.state.carried", { revision: cell.carried_from_label ?? cell.carried_from });
  return t("languages.state.current");
}

/** The preview's summary lines, in words. */
export function previewLines(report) {
  return [
    t("languages.import.articles", { aligned: report.articles_aligned, total: report.articles }),
    t("languages.import.numbered", { aligned: report.numbered_aligned, total: report.numbered }),
    t("languages.import.units", { aligned: report.aligned, total: report.total }),
  ];
}

/** The file's bytes as base64 (standard alphabet). */
export function toBase64(bytes) {
  let binary = "";
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
