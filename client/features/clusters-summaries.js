// Pure helpers of the "Clusters and summaries" screen: the summary kinds the server takes, and
// the summaries grouped as the screen shows them (the stocktaking first, then each cluster in
// the process's order, each group's newest first).
import { t } from "../lib/i18n.js";

/** The kinds of summary POST /processes/{id}/summaries takes, with their words. */
export function summaryKinds() {
  return [["session", t("admin.clusters.kindSession")], ["stocktaking", t("admin.clusters.kindStocktaking")]];
}

/**
 * summaryGroups([{key: "rights", name: "Human rights"}], summaries) ->
 *   [{title: "Stocktaking", summaries: [...]}, {title: "Human rights", summaries: [...]}]
 * Groups without a summary are left out; a summary of a cluster the process no longer lists
 * is shown under its key.
 */
export function summaryGroups(clusters, summaries) {
  const newest = (a, b) => (b.created_at ?? "").localeCompare(a.created_at ?? "") || b.id - a.id;
  const groups = [];
  const stocktaking = summaries.filter((s) => s.kind === "stocktaking").sort(newest);
  if (stocktaking.length) groups.push({ title: t("admin.clusters.stocktaking"), summaries: stocktaking });
  const known = new Set(clusters.map((c) => c.key));
  for (const c of clusters) {
    const mine = summaries.filter((s) => s.kind === "session" && s.cluster === c.key).sort(newest);
    if (mine.length) groups.push({ title: c.name, summaries: mine });
  }
  const orphans = [...new Set(summaries.filter((s) => s.kind === "session" && !known.has(s.cluster)).map((s) => s.cluster))];
  for (const key of orphans) {
    groups.push({ title: key, summaries: summaries.filter((s) => s.cluster === key).sort(newest) });
  }
  return groups;
}

/** The navigation's link to the screen, for whom the server lets add clusters or write summaries. */
export function clustersLink(process) {
  const actions = process.actions ?? [];
  if (!actions.includes("process.configure") && !actions.includes("summary.write")) return null;
  return ["clusters", `#/p/${process.id}/clusters`, t("admin.clusters.link")];
}
