import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { byText, pieceRuns, unitProposals, idsShownAt, proposalsByUnit, unitReading, hasProposals, languageNote, unTextLines } from "./compilation-inline.js";

// Units of CompilationOut.data as the server answers for the demo's Rev.2 (texts shortened).
const para9 = { key: "vis3", kind: "paragraph", parent: "vis", number: "9", heading: null, status: "open", depth: 1,
  pieces: [
    { text: "the needs of migrants are ", deleted_by: null, replacements: [] },
    { text: "[duly taken into account][", deleted_by: { amendments: [36], proponents: ["G77"] }, replacements: [] },
    { text: "addressed as a matter of priority", deleted_by: null, replacements: [] },
    { text: "]", deleted_by: { amendments: [36], proponents: ["G77"] }, replacements: [] },
    { text: ".", deleted_by: null, replacements: [] }],
  markers: [], alternatives: [], additions: [] };
const para18 = { key: "fur2", kind: "paragraph", parent: "fur", number: "18", heading: null, status: "open", depth: 1,
  pieces: [
    { text: "assessing progress", deleted_by: null, replacements: [] },
    { text: ",", deleted_by: null, replacements: [{ text: " with the meaningful participation of migrants and civil society,", by: { amendments: [13], proponents: ["BGD"] } }] },
    { text: " meeting every four years.", deleted_by: null, replacements: [] }],
  markers: [{ kind: "reservation", by: { amendments: [30], proponents: ["RUS"] } }], alternatives: [], additions: [] };
const para11c = { key: "obj2_c_c", kind: "subparagraph", parent: "obj2_c", number: "(c)", heading: null, status: "open", depth: 2,
  pieces: [{ text: "Promote regional frameworks;", deleted_by: null, replacements: [] }],
  markers: [], alternatives: [],
  additions: [{ kind: "add_unit", anchor: "obj2_c_c", number: "(c) bis", text: "تعزيز الأطر الإقليمية", by: { amendments: [29], proponents: ["MAR", "NGA"] } }] };
const para5a = { key: "obj5_c_a", kind: "subparagraph", parent: "obj5_c", number: "(a)", heading: null, status: "open", depth: 2,
  pieces: [{ text: "Work towards reducing the cost of remittances;", deleted_by: null, replacements: [] }],
  markers: [], alternatives: [{ kind: "alternative", anchor: "obj5_c_a", number: "(a) alt", text: "努力降低汇款成本；", by: { amendments: [31], proponents: ["CHN"] } }],
  additions: [] };
const plain = { key: "pp2", kind: "paragraph", parent: "pre", number: "2", heading: null, status: "agreed_ad_ref", depth: 1,
  pieces: [{ text: "This Global Compact builds on the Universal Declaration.", deleted_by: null, replacements: [] }],
  markers: [], alternatives: [], additions: [] };
const data = { units: [plain, para9, para11c, para5a, para18], amendments: [13, 29, 30, 31, 36, 40], unplaced: [] };

test("byText names the proponents and the amendments", () => {
  assert.equal(byText({ amendments: [29], proponents: ["MAR", "NGA"] }), "MAR, NGA (#29)");
  assert.equal(byText({ amendments: [4, 9], proponents: ["EU"] }), "EU (#4, #9)");
  assert.equal(byText(null), "");
});

test("pieceRuns: plain words, words proposed for deletion, words replaced and what replaces them", () => {
  assert.deepEqual(pieceRuns(para9.pieces[0]), [{ kind: "text", text: "the needs of migrants are " }]);
  assert.deepEqual(pieceRuns(para9.pieces[1]).map((r) => [r.kind, r.text, byText(r.by)]),
    [["deleted", "[duly taken into account][", "G77 (#36)"]]);
  assert.deepEqual(pieceRuns(para18.pieces[1]).map((r) => [r.kind, r.text]),
    [["replaced", ","], ["inserted", " with the meaningful participation of migrants and civil society,"]]);
  // An insertion point: no words of the revision there.
  assert.deepEqual(pieceRuns({ text: "", deleted_by: null, replacements: [{ text: " urgently", by: { amendments: [2], proponents: ["EU"] } }] })
    .map((r) => r.kind), ["inserted"]);
});

test("the pieces' words are the unit's text, in order", () => {
  for (const unit of data.units) {
    const shown = unit.pieces.flatMap(pieceRuns).filter((r) => r.kind !== "inserted").map((r) => r.text).join("");
    assert.equal(shown, unit.pieces.map((p) => p.text).join(""));
  }
});

test("unitProposals: about the whole unit, then alternatives and new units, in the catalogue's words", () => {
  assert.deepEqual(unitProposals(para18, CATALOGUE).map((p) => [p.label, byText(p.by), p.text]),
    [["Reservation", "RUS (#30)", null]]);
  assert.deepEqual(unitProposals(para5a, CATALOGUE).map((p) => [p.number, p.label, p.text]),
    [["(a) alt", "Alternative text (alt)", "努力降低汇款成本；"]]);
  assert.deepEqual(unitProposals(para11c, CATALOGUE).map((p) => [p.number, p.label]), [["(c) bis", "New paragraph (bis)"]]);
  assert.deepEqual(unitProposals(plain, CATALOGUE), []);
});

test("idsShownAt collects every amendment a unit shows", () => {
  assert.deepEqual(idsShownAt(para9), [36]);
  assert.deepEqual(idsShownAt(para18), [13, 30]);
  assert.deepEqual(idsShownAt(plain), []);
});

test("proposalsByUnit: the server's compiled amendments under the unit showing them", () => {
  const amendment = (id, unit) => ({ id, unit, delegation: "X" });
  // #40 proposes pp2 as it stands: compiled, shown nowhere in the text, so under its own unit.
  const byId = new Map([[13, amendment(13, "fur2")], [29, amendment(29, "obj2_c_c")], [30, amendment(30, "fur2")],
    [31, amendment(31, "obj5_c_a")], [36, amendment(36, "vis3")], [40, amendment(40, "pp2")],
    [99, amendment(99, "pp2")]]);
  const grouped = proposalsByUnit(data, byId);
  assert.deepEqual(Object.fromEntries(Object.entries(grouped).map(([k, xs]) => [k, xs.map((a) => a.id)])),
    { vis3: [36], obj2_c_c: [29], obj5_c_a: [31], fur2: [13, 30], pp2: [40] });
  // An amendment the page could not load is left out (the count stays the server's).
  byId.delete(31);
  assert.equal(proposalsByUnit(data, byId).obj5_c_a, undefined);
});

// A compilation read in French (CompilationOut's language fields), and one in Arabic.
const LANGS = [{ code: "en", name: "English", direction: "ltr" }, { code: "ar", name: "العربية", direction: "rtl" },
  { code: "fr", name: "Français", direction: "ltr" }];
const french = { language: "fr", source_language: "en", languages: LANGS, translations: {
  pp2: { text: "Le présent Pacte mondial s’appuie sur la Déclaration universelle.", state: "current", number: "2.", carried_from: null, carried_from_label: null },
  vis3: { text: "les besoins des migrants sont pris en compte", state: "out_of_date", number: "9.", carried_from: 0, carried_from_label: "Zero draft" },
  fur2: { text: null, state: "missing", number: "18.", carried_from: null, carried_from_label: null },
  obj2_c_c: { text: "Promouvoir des cadres régionaux ;", state: "carried", number: "(c)", carried_from: 1, carried_from_label: "Rev.1" } } };

test("unitReading: a current translation is the base text; a missing or out-of-date one shows the source, in the parallel view's words", () => {
  assert.deepEqual(unitReading(french, "pp2"), { base: "translation", text: french.translations.pp2.text, language: "fr", direction: "ltr", state: "current", note: null });
  assert.deepEqual(unitReading(french, "vis3"), { base: "source", text: null, language: "en", direction: "ltr", state: "out_of_date", note: "Out of date: source text (English)" });
  assert.equal(unitReading(french, "fur2").note, "Not translated yet: source text (English)");
  assert.equal(unitReading(french, "obj2_c_c").base, "translation");
  assert.equal(unitReading(french, "obj2_c_c").note, "Up to date (carried forward from Rev.1)");
  // A unit without source text has no entry: its (empty) source.
  assert.equal(unitReading(french, "pre").base, "source");
  // In the source language, everything is the source text, said nothing about.
  assert.deepEqual(unitReading({ language: "en", source_language: "en", languages: LANGS.slice(0, 1), translations: {} }, "pp2"),
    { base: "source", text: null, language: "en", direction: "ltr", state: null, note: null });
});

test("unitReading: Arabic reads right to left", () => {
  const arabic = { ...french, language: "ar", translations: { pp2: { text: "يستند هذا الاتفاق العالمي إلى الإعلان العالمي.", state: "current", number: "2.", carried_from: null, carried_from_label: null } } };
  assert.deepEqual([unitReading(arabic, "pp2").language, unitReading(arabic, "pp2").direction], ["ar", "rtl"]);
});

test("hasProposals: a unit shows proposals when any amendment is at it, unsettled ones included", () => {
  assert.equal(hasProposals(para9), true);
  assert.equal(hasProposals(plain), false);
  assert.equal(hasProposals({ ...plain, unsettled: [{ amendment: 3 }] }), true);
});

test("languageNote says once that the amendments are as proposed, and how many paragraphs are in the source text", () => {
  assert.equal(languageNote(french), "The text is in Français. Amendments are shown as they were proposed, in the source language (English). "
    + "2 paragraphs without an up-to-date translation are shown in the source text.");
  assert.equal(languageNote({ ...french, translations: { pp2: french.translations.pp2 } }),
    "The text is in Français. Amendments are shown as they were proposed, in the source language (English). Every paragraph has an up-to-date translation.");
  assert.equal(languageNote({ language: "en", source_language: "en", languages: LANGS, translations: {} }), null);
});

test("unTextLines marks the lines of amendments printed after a translated paragraph as the source's", () => {
  assert.deepEqual(unTextLines("Objectif 1\n    2. Nous nous engageons\n        en: We [urgently - MEX] commit\n    3. en: is not a mark here", "en"),
    [{ text: "Objectif 1", inSource: false }, { text: "    2. Nous nous engageons", inSource: false },
      { text: "        en: We [urgently - MEX] commit", inSource: true }, { text: "    3. en: is not a mark here", inSource: false }]);
});
