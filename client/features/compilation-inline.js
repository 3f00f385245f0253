// The compilation's inline view, from the server's compilation data (CompilationOut.data, see
// server/core/compilation.py): each unit's text with the proposals at their places, what is
// proposed about the unit as a whole, the alternatives and new units, and which amendments
// belong under which unit. Pure: no DOM.
import { kindLabel } from "../lib/labels.js";

/**
 * Who proposes something, in words: byText({amendments: [29], proponents: ["MAR", "NGA"]})
 * -> "MAR, NGA (#29)"
 */
export function byText(by) {
  if (!by) return "";
  const ids = by.amendments.map((id) => `#${id}`).join(", ");
  return `${by.proponents.join(", ")}${ids ? ` (${ids})` : ""}`;
}

/**
 * One piece of a compiled unit as the runs to show:
 * {kind: "text"} the revision's words, no proposal there; {kind: "deleted", by} words
 * proposed for deletion; {kind: "replaced"} words other wordings are proposed for;
 * {kind: "inserted", by} a wording proposed there.
 */
export function pieceRuns(piece) {
  const replacements = piece.replacements ?? [];
  if (!piece.deleted_by && replacements.length === 0) return [{ kind: "text", text: piece.text }];
  const runs = [];
  if (piece.deleted_by) runs.push({ kind: "deleted", text: piece.text, by: piece.deleted_by });
  else if (piece.text) runs.push({ kind: "replaced", text: piece.text });
  for (const r of replacements) runs.push({ kind: "inserted", text: r.text, by: r.by });
  return runs;
}

/**
 * The lines under a compiled unit: proposals about the whole unit ("Reservation: HUN (#32)"),
 * then its alternatives and the units proposed after it, each with its number in the
 * compilation: {kind, number, label, by, text}.
 */
export function unitProposals(unit, cat) {
  return [
    ...unit.markers.map((m) => ({ kind: m.kind, number: null, label: kindLabel(m.kind, cat), by: m.by, text: null })),
    ...unit.alternatives.map((p) => ({ kind: p.kind, number: p.number, label: kindLabel(p.kind, cat), by: p.by, text: p.text })),
    ...unit.additions.map((p) => ({ kind: p.kind, number: p.number, label: kindLabel(p.kind, cat), by: p.by, text: p.text })),
  ];
}

/** The amendment ids a compiled unit shows anywhere (its pieces, markers, alternatives, additions), ascending. */
export function idsShownAt(unit) {
  const ids = new Set();
  const add = (by) => { for (const id of by?.amendments ?? []) ids.add(id); };
  for (const piece of unit.pieces) {
    add(piece.deleted_by);
    for (const r of piece.replacements) add(r.by);
  }
  for (const m of unit.markers) add(m.by);
  for (const p of [...unit.alternatives, ...unit.additions]) add(p.by);
  return [...ids].sort((a, b) => a - b);
}

/**
 * {unit key: [amendment, ...]}: each amendment the server compiled (data.amendments) under
 * the unit that shows it; one that proposes its unit's text as it stands is shown nowhere in
 * the text and goes under its own unit. `byId` holds the amendments (Map id -> amendment);
 * an id missing from it is left out.
 */
export function proposalsByUnit(data, byId) {
  const grouped = {};
  const placed = new Set();
  const put = (key, id) => {
    const a = byId.get(id);
    if (!a || placed.has(id)) return;
    placed.add(id);
    (grouped[key] ??= []).push(a);
  };
  for (const unit of data.units) for (const id of idsShownAt(unit)) put(unit.key, id);
  for (const id of data.amendments) { const a = byId.get(id); if (a) put(a.unit, id); }
  for (const list of Object.values(grouped)) list.sort((a, b) => a.id - b.id);
  return grouped;
}
