import { test } from "node:test";
import assert from "node:assert/strict";
import { segments, slice, optionLayout, footnoteId, length } from "./richtext.js";

const plain = (segs) => segs.map((s) => s.footnote ? `^${s.footnote.mark}` : `${s.italic ? "_" : ""}${s.bold ? "*" : ""}${s.text}`);

test("a text without marks is one run", () => {
  assert.deepEqual(segments("Parties shall report.", [], []), [
    { text: "Parties shall report.", start: 0, end: 21, italic: false, bold: false, classes: [] }]);
  assert.deepEqual(segments("", [], []), []);
  assert.deepEqual(segments(undefined), []);
});

test("italic and bold runs, overlapping, cut the text where they start and end", () => {
  const segs = segments("Recognizing the role of migrants", [[0, 11, "italic"], [4, 15, "bold"]]);
  assert.deepEqual(plain(segs), ["_Reco", "_*gnizing", "* the", " role of migrants"]);
  assert.equal(segs.map((s) => s.text).join(""), "Recognizing the role of migrants");
});

test("a footnote mark sits where it is anchored, in order, and at the end too", () => {
  const segs = segments("Article 2 goal", [], [{ mark: "5", offset: 14, text: "See below." }, { mark: "4", offset: 9, text: "As agreed." }]);
  assert.deepEqual(plain(segs), ["Article 2", "^4", " goal", "^5"]);
  assert.deepEqual(segs[1].footnote, { mark: "4", text: "As agreed.", offset: 9 });
  // Two footnotes at one offset keep the order they were given in.
  assert.deepEqual(plain(segments("ab", [], [{ mark: "1", offset: 1, text: "" }, { mark: "2", offset: 1, text: "" }])), ["a", "^1", "^2", "b"]);
  assert.deepEqual(plain(segments("", [], [{ mark: "*", offset: 0, text: "x" }])), ["^*"]);
});

test("offsets count code points, as the server does", () => {
  const text = "é𝑥 [shall]";
  assert.equal(length(text), 10);
  const segs = segments(text, [[3, 10, "italic"]], [{ mark: "1", offset: 2, text: "" }]);
  assert.deepEqual(plain(segs), ["é𝑥", "^1", " ", "_[shall]"]);
});

test("extra ranges add their classes over formatting, overlapping ones both", () => {
  const segs = segments("We [shall] [should] act", [[3, 10, "italic"]],
    [], [{ start: 3, end: 19, class: "bracket" }, { start: 11, end: 19, class: "alternative" }]);
  assert.deepEqual(segs.map((s) => [s.text, s.italic, s.classes]), [
    ["We ", false, []], ["[shall]", true, ["bracket"]], [" ", false, ["bracket"]],
    ["[should]", false, ["bracket", "alternative"]], [" act", false, []]]);
});

test("offsets outside the text are clipped, empty runs dropped", () => {
  assert.deepEqual(plain(segments("abc", [[2, 99, "bold"], [5, 9, "italic"]], [{ mark: "1", offset: 50, text: "" }])), ["ab", "*c", "^1"]);
});

test("slice gives the marks and footnotes of a piece, relative to it", () => {
  const marks = [[0, 11, "italic"]];
  const notes = [{ mark: "1", offset: 20, text: "n" }];
  assert.deepEqual(slice(marks, notes, 5, 20), { marks: [[0, 6, "italic"]], footnotes: [], notes: [] });
  assert.deepEqual(slice(marks, notes, 5, 20, { last: true }), { marks: [[0, 6, "italic"]], footnotes: [{ mark: "1", offset: 15, text: "n" }], notes: [] });
  assert.deepEqual(slice(marks, notes, 20, 30), { marks: [], footnotes: [{ mark: "1", offset: 0, text: "n" }], notes: [] });
});

test("editorial notes at their anchor: after the footnote marks there; a note on the whole unit is not in the text", () => {
  const text = "Parties shall act.";
  const notes = [{ text: "Placement to be decided.", offset: 7 }, { text: "On the whole paragraph.", offset: null }];
  const runs = segments(text, [[0, 7, "italic"]], [{ mark: "2", offset: 7, text: "f" }], [], notes);
  assert.deepEqual(runs.map((r) => r.note ? `{${r.note.text}}` : r.footnote ? `^${r.footnote.mark}` : r.text),
    ["Parties", "^2", "{Placement to be decided.}", " shall act."]);
  assert.equal(runs.find((r) => r.note).note.offset, 7);
  // a note at the end of the text, after a last footnote there; offsets beyond are clipped
  assert.deepEqual(segments("ab", [], [], [], [{ text: "n", offset: 9 }]).map((r) => r.note?.text ?? r.text), ["ab", "n"]);
  // slice: a note goes with the piece it is anchored in (at a cut: the next piece, or the last)
  const both = [{ text: "a", offset: 5 }, { text: "b", offset: 10 }, { text: "c", offset: null }];
  assert.deepEqual(slice([], [], 0, 10, { notes: both }).notes, [{ text: "a", offset: 5 }]);
  assert.deepEqual(slice([], [], 5, 10, { notes: both, last: true }).notes, [{ text: "a", offset: 0 }, { text: "b", offset: 5 }]);
  assert.deepEqual(slice([], [], 10, 12, { notes: both }).notes, [{ text: "b", offset: 0 }]);
});

test("option groups: alternatives labelled, a whole article's paragraphs inside its option", () => {
  const units = [
    { key: "p1", parent: null },
    { key: "o1", parent: null, option: { group: "g", label: "Option 1", no_text: false } },
    { key: "o1a", parent: "o1" },
    { key: "o1b", parent: null, option: { group: "g", label: "Option 1", no_text: false } },
    { key: "o2", parent: null, option: { group: "g", label: "Option 2", no_text: false } },
    { key: "o3", parent: null, option: { group: "g", label: "No text", no_text: true } },
    { key: "p2", parent: null },
  ];
  const layout = optionLayout(units);
  assert.equal(layout.has("p1"), false);
  assert.equal(layout.has("p2"), false);
  const pick = (k) => { const x = layout.get(k); return [x.label, x.startsGroup, x.startsAlternative, x.endsGroup, x.inside]; };
  assert.deepEqual(pick("o1"), ["Option 1", true, true, false, false]);
  assert.deepEqual(pick("o1a"), ["Option 1", false, false, false, true]);
  assert.deepEqual(pick("o1b"), ["Option 1", false, false, false, false]);
  assert.deepEqual(pick("o2"), ["Option 2", false, true, false, false]);
  assert.deepEqual(pick("o3"), ["No text", false, true, true, false]);
  assert.equal(layout.get("o3").noText, true);
  assert.equal(layout.get("o1").alternatives, 3);
});

test("two groups side by side are two groups", () => {
  const layout = optionLayout([
    { key: "a", option: { group: "g1", label: "Option 1" } },
    { key: "b", option: { group: "g2", label: "Option 1" } }]);
  assert.equal(layout.get("a").endsGroup, true);
  assert.equal(layout.get("b").startsGroup, true);
  assert.equal(layout.get("b").startsAlternative, true);
});

test("footnote ids are safe in an id whatever the mark", () => {
  assert.equal(footnoteId("u1", "5"), "fn-u1-5");
  assert.equal(footnoteId("u1", "*"), "fn-u1-2a");
});

test("toggling a style over a range adds it, or removes it where all of it had it", async () => {
  const { toggleMark, codePointOffset } = await import("./richtext.js");
  assert.deepEqual(toggleMark([], 0, 11, "italic"), [[0, 11, "italic"]]);
  assert.deepEqual(toggleMark([[0, 11, "italic"]], 0, 11, "italic"), []);
  assert.deepEqual(toggleMark([[0, 11, "italic"]], 4, 6, "italic"), [[0, 4, "italic"], [6, 11, "italic"]]);
  // Partly italic: all of it becomes italic, merged with what touches it.
  assert.deepEqual(toggleMark([[0, 5, "italic"], [8, 9, "italic"]], 3, 8, "italic"), [[0, 9, "italic"]]);
  // Other styles are left alone.
  assert.deepEqual(toggleMark([[0, 5, "bold"]], 0, 5, "italic"), [[0, 5, "bold"], [0, 5, "italic"]]);
  assert.deepEqual(toggleMark([[0, 5, "bold"]], 3, 3, "italic"), [[0, 5, "bold"]]);
  assert.equal(codePointOffset("𝑥 shall", 3), 2); // "𝑥" is two UTF-16 units, one code point
});
