// What publishing the working copy would do, shown before the co-facilitator confirms.
// Pure: no DOM.
// A rule copy: the server decides at publication what a revision reflects
// and overtakes; this only previews it from the amendment list.

/**
 * {reflected, touched, changedUnits, removed}:
 * reflected: amendments decided reflected or merged and not yet settled in a revision;
 * touched: submitted amendments on units the working copy removes or rewrites;
 * changedUnits: units new or with another text; removed: units no longer there.
 */
export function publishPreview(amendments, published, workingCopy) {
  const reflected = amendments.filter((a) => ["reflected", "merged"].includes(a.state) && a.settled_in_revision_id === null);
  const before = new Map((published?.units ?? []).map((u) => [u.key, u]));
  const after = new Map(workingCopy.units.map((u) => [u.key, u]));
  const touched = amendments.filter((a) => a.state === "submitted"
    && (!after.has(a.unit) || (before.get(a.unit)?.text ?? "") !== after.get(a.unit)?.text));
  const changedUnits = workingCopy.units.filter((u) => !before.has(u.key) || before.get(u.key).text !== u.text).length;
  const removed = [...before.keys()].filter((k) => !after.has(k)).length;
  return { reflected, touched, changedUnits, removed };
}

/** The notice once published, from the server's answer. */
export function publishedNotice(result) {
  const revision = result.revision ?? result;
  const n = (xs) => (xs ?? []).length;
  return `${revision.label ?? "Revision"} published: reflects ${n(result.reflected)} amendment(s); `
    + `${n(result.applies)} still apply, ${n(result.conflicts)} conflict, ${n(result.overtaken)} overtaken.`;
}
