// The compilation's inline view, from the server's compilation data (CompilationOut.data, see
// server/core/compilation.py): each unit's text with the proposals at their places, what is
// proposed about the unit as a whole, the alternatives and new units, and which amendments
// belong under which unit. Pure: no DOM.
import { kindLabel } from "../lib/labels.js";
import { t } from "../lib/i18n.js";

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

/**
 * How a compiled unit reads in the compilation's language (CompilationOut.language): its
 * translation as the base text when it translates the text as it stands (`base:
 * "translation"`), else the source text with the amendments inlined (`base: "source"`), and
 * what to say about it in the parallel view's words (`note`, null when nothing). `language`
 * and `direction` are those of the base text.
 * unitReading({language: "fr", source_language: "en", languages: [...], translations: {op1: {state: "missing", ...}}}, "op1")
 *   -> {base: "source", text: null, language: "en", direction: "ltr", state: "missing", note: "Not translated yet: shown in English"}
 */
export function unitReading(compilation, key) {
  const source = compilation.source_language ?? "en";
  const about = (code) => (compilation.languages ?? []).find((l) => l.code === code) ?? { code, name: code, direction: "ltr" };
  const inSource = { base: "source", text: null, language: source, direction: about(source).direction, state: null, note: null };
  const translation = compilation.translations?.[key];
  if (!compilation.language || compilation.language === source || !translation) return inSource;
  if (translation.state === "missing" || translation.state === "out_of_date" || translation.text === null) {
    const state = translation.state === "out_of_date" ? t("languages.state.outOfDate") : t("languages.state.missing");
    return { ...inSource, state: translation.state, note: t("languages.compilation.shownIn", { state, language: about(source).name }) };
  }
  const target = about(compilation.language);
  return {
    base: "translation", text: translation.text, language: target.code, direction: target.direction, state: translation.state,
    note: translation.state === "carried" ? t("languages.state.carried", { revision: translation.carried_from_label ?? translation.carried_from }) : null,
  };
}

/** Whether a compiled unit shows any proposal (its words, the whole unit, alternatives, new units, unsettled ones). */
export function hasProposals(unit) {
  return idsShownAt(unit).length > 0 || (unit.unsettled ?? []).length > 0;
}

/**
 * What the screen says once about a compilation read in another language than its source:
 * that the amendments are shown as proposed, in the source language, and how many paragraphs
 * are shown in it for want of a current translation; null in the source language.
 */
export function languageNote(compilation) {
  const source = compilation.source_language ?? "en";
  if (!compilation.language || compilation.language === source) return null;
  const name = (code) => (compilation.languages ?? []).find((l) => l.code === code)?.name ?? code;
  const count = Object.values(compilation.translations ?? {}).filter((x) => x.state === "missing" || x.state === "out_of_date").length;
  return t("languages.compilation.note", { language: name(compilation.language), source: name(source), count });
}

/**
 * The UN text's lines, each saying whether it is the source language's (a translated
 * paragraph's amendments, printed after it as "    en: ..."): the rest is the language's.
 * unTextLines("2. Nous...\n    en: We [urgently - MEX] commit", "en")
 *   -> [{text: "2. Nous...", inSource: false}, {text: "    en: We [urgently - MEX] commit", inSource: true}]
 */
export function unTextLines(text, source) {
  return text.split("\n").map((line) => ({ text: line, inSource: line.trimStart().startsWith(`${source}: `) }));
}
