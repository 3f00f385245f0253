// The compilation's filters: from the address, and as the query of the server's compilation
// (GET /documents/{id}/revisions/{seq}/compilation), which both views show. Pure: no DOM.
import { t } from "../lib/i18n.js";
import { plural } from "../lib/format.js";

/** The compilation's filters from the address: submitted amendments unless another state is asked for. */
export function compilationFilters(query) {
  return {
    delegation: query.get("delegation") ?? "",
    state: query.get("state") ?? "submitted",
    cluster: query.get("cluster") ?? "",
  };
}

/**
 * The query of the server's compilation for these filters; "All states" ("") asks for every
 * state the catalogue lists (`stateCodes`), each as its own `state` parameter.
 * compilationQuery({delegation: "CHN", state: "", cluster: ""}, ["draft", "submitted"])
 *   -> {delegation: "CHN", cluster: undefined, state: ["draft", "submitted"]}
 */
export function compilationQuery(filters, stateCodes) {
  return {
    delegation: filters.delegation || undefined,
    cluster: filters.cluster || undefined,
    state: filters.state ? [filters.state] : [...stateCodes],
  };
}

/** How many amendments the server compiled, and which it could not place. */
export function unCompilationNote(compilation) {
  const n = compilation.data?.amendments?.length ?? 0;
  const unplaced = compilation.data?.unplaced ?? [];
  return t("reading.compilation.unNote", { count: n })
    + (unplaced.length ? t("reading.compilation.unplaced", { count: unplaced.length, list: unplaced.map((u) => `#${u.amendment} (${u.reason})`).join("; ") }) : "");
}
