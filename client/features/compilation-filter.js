// The compilation's filters: from the address, and as the query of the server's compilation
// (GET /documents/{id}/revisions/{seq}/compilation), which both views show. Pure: no DOM.
import { t } from "../lib/i18n.js";
import { plural } from "../lib/format.js";

/**
 * The compilation's filters from the address: submitted amendments unless another state is
 * asked for; `language`, the language version to read ("": the revision's source language).
 */
export function compilationFilters(query) {
  return {
    delegation: query.get("delegation") ?? "",
    state: query.get("state") ?? "submitted",
    cluster: query.get("cluster") ?? "",
    language: query.get("language") ?? "",
  };
}

/**
 * The query of the server's compilation for these filters; "All states" ("") asks for every
 * state the catalogue lists (`stateCodes`), each as its own `state` parameter.
 * compilationQuery({delegation: "CHN", state: "", cluster: "", language: "fr"}, ["draft", "submitted"])
 *   -> {delegation: "CHN", cluster: undefined, state: ["draft", "submitted"], language: "fr"}
 */
export function compilationQuery(filters, stateCodes) {
  return {
    delegation: filters.delegation || undefined,
    cluster: filters.cluster || undefined,
    state: filters.state ? [filters.state] : [...stateCodes],
    language: filters.language || undefined,
  };
}

/**
 * The language picker's choices: the versions the server says the revision has (its source
 * language first), each by its name in itself, as [code, name, direction].
 * languageChoices({languages: [{code: "en", name: "English", direction: "ltr"}, {code: "ar", name: "العربية", direction: "rtl"}]})
 *   -> [["en", "English", "ltr"], ["ar", "العربية", "rtl"]]
 */
export function languageChoices(compilation) {
  return (compilation.languages ?? []).map((l) => [l.code, l.name, l.direction]);
}

/**
 * The address of the compilation with the filters of `form` ({seq, delegation, state, cluster,
 * language, view}); the source language is left out, so the address stays as it was.
 * compilationHref(1, 2, {seq: 0, language: "fr", view: "inline"}, "en") -> "#/p/1/compilation/2?seq=0&language=fr&view=inline"
 */
export function compilationHref(processId, docId, form, sourceLanguage) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(form)) {
    if (value === undefined || value === null) continue;
    if (name === "language" && (value === "" || value === sourceLanguage)) continue;
    params.set(name, String(value));
  }
  return `#/p/${processId}/compilation/${docId}?${params}`;
}

/** How many amendments the server compiled, and which it could not place. */
export function unCompilationNote(compilation) {
  const n = compilation.data?.amendments?.length ?? 0;
  const unplaced = compilation.data?.unplaced ?? [];
  return t("reading.compilation.unNote", { count: n })
    + (unplaced.length ? t("reading.compilation.unplaced", { count: unplaced.length, list: unplaced.map((u) => `#${u.amendment} (${u.reason})`).join("; ") }) : "");
}
