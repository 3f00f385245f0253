// Which proposals the compilation shows, by what filters. Pure: no DOM.
// A rule copy: the server's compilation (core/compilation.py, the UN text) filters the same
// way; the inline view filters the amendment list itself.
import { plural } from "../lib/format.js";

/** The compilation's filters from the address: submitted amendments by default. */
export function compilationFilters(query) {
  return {
    delegation: query.get("delegation") ?? "",
    state: query.get("state") ?? "submitted",
    cluster: query.get("cluster") ?? "",
  };
}

/**
 * The amendments shown inline on a revision: submitted ones only if proposed on that very
 * revision (other states from any revision), and of the chosen cluster if one is chosen.
 */
export function compiledProposals(amendments, revision, filters) {
  let list = amendments.filter((a) => a.revision_id === revision.id || filters.state !== "submitted");
  if (filters.cluster) list = list.filter((a) => a.cluster === filters.cluster);
  return list;
}

/** {unit key: [amendment, ...]} in list order. */
export function byUnit(amendments) {
  const grouped = {};
  for (const a of amendments) (grouped[a.unit] ??= []).push(a);
  return grouped;
}

/** The query string of the server's UN compilation text for the same filters ("" if none). */
export function unCompilationQuery(filters) {
  const params = new URLSearchParams();
  if (filters.delegation) params.append("delegation", filters.delegation);
  if (filters.cluster) params.append("cluster", filters.cluster);
  if (filters.state) params.append("state", filters.state);
  return params.toString();
}

/** The line under the UN text's title: how many were compiled, and which could not be placed. */
export function unCompilationNote(compilation) {
  const n = compilation.data?.amendments?.length ?? 0;
  const unplaced = compilation.data?.unplaced ?? [];
  return `${plural(n, "amendment")} compiled, as UN compilation texts print them.`
    + (unplaced.length ? ` ${unplaced.length} could not be placed: ${unplaced.map((u) => `#${u.amendment} (${u.reason})`).join("; ")}.` : "");
}
