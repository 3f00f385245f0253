import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { byText, pieceRuns, unitProposals, idsShownAt, proposalsByUnit } from "./compilation-inline.js";

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
