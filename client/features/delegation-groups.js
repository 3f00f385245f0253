// The delegations of a process as the "Delegations and groups" screen shows them, and which of
// them may join a group. Pure: no DOM. Everything comes from GET /processes/{id}/delegations,
// which lists that process's delegations only (the same code in another process is another
// delegation), so nothing here can offer another process's.
import { t } from "../lib/i18n.js";

/**
 * The process's delegations in two lists, each by name: those that speak for themselves
 * (States, and organisations without members) and the groups (and organisations with members),
 * each group's members as delegations (by code, from the same list).
 * delegationLists([{id: 1, code: "MEX", name: "Mexico", kind: "state", members: []},
 *                  {id: 3, code: "AG", name: "African Group", kind: "group", members: ["NGA"]},
 *                  {id: 2, code: "NGA", name: "Nigeria", kind: "state", members: []}]) ->
 *   {delegations: [Mexico, Nigeria], groups: [{...African Group, memberDelegations: [Nigeria]}]}
 */
export function delegationLists(all) {
  const byName = (a, b) => a.name.localeCompare(b.name);
  const byCode = new Map(all.map((d) => [d.code, d]));
  const isGroup = (d) => d.kind === "group" || (d.members ?? []).length > 0;
  return {
    delegations: all.filter((d) => !isGroup(d)).sort(byName),
    groups: all.filter(isGroup).sort(byName).map((g) => ({
      ...g,
      memberDelegations: g.members.map((code) => byCode.get(code)).filter(Boolean).sort(byName),
    })),
  };
}

/**
 * The delegations that may join ``group``: the process's others that are not members yet (a
 * group is not its own member), by name.
 * memberChoices(all, {id: 3, code: "AG", members: ["NGA"]}) -> [Mexico]
 */
export function memberChoices(all, group) {
  const members = new Set(group.members);
  return all.filter((d) => d.id !== group.id && !members.has(d.code))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/**
 * A code proposed for a new delegation from its name: its words' capitals, digits and
 * underscores ("African Group" -> "AFRICAN_GROUP", "Côte d'Ivoire" -> "COTE_D_IVOIRE"); the
 * person may type another (the server checks it).
 */
export function codeFromName(name) {
  return name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toUpperCase()
    .replace(/[^A-Z0-9]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 40);
}

/** The controls shown for one delegation, from the server's per-delegation actions. */
export function delegationControls(delegation) {
  const words = { rename: t("admin.delegations.rename"), remove: t("admin.delegations.remove") };
  return ["rename", "remove"].filter((a) => (delegation.actions ?? []).includes(a)).map((a) => [a, words[a]]);
}
