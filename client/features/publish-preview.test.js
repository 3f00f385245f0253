import { test } from "node:test";
import assert from "node:assert/strict";
import { previewSections, previewSentence, amendmentLine, unitNumbers, publishedNotice } from "./publish-preview.js";

// The server's answer to POST /documents/{id}/revisions/preview.
const preview = { revision: { id: 0, sequence: 3, label: "Rev.3", published_at: null, version: 1 },
  reflected: [8], applies: [13, 29], conflicts: [7], overtaken: [], dry_run: true };

test("previewSections: the server's lists, in order, each with its count", () => {
  assert.deepEqual(previewSections(preview).map((s) => [s.key, s.title, s.ids]), [
    ["reflected", "Reflects 1 amendment", [8]],
    ["applies", "Still apply on the new text: 2", [13, 29]],
    ["conflicts", "In conflict with the new text: 1", [7]],
    ["overtaken", "Overtaken by the new text: 0", []],
  ]);
});

test("previewSentence says it in one sentence, with the label the server would give", () => {
  assert.equal(previewSentence(preview),
    "Rev.3 reflects 1 amendment; of the open amendments it carries onto the new text, 2 still apply, 1 conflicts with it and 0 are overtaken.");
  assert.equal(previewSentence({ reflected: [], applies: [4], conflicts: [], overtaken: [5] }),
    "The next revision reflects 0 amendments; of the open amendments it carries onto the new text, 1 still applies, 0 conflict with it and 1 is overtaken.");
});

test("amendmentLine names an amendment by its proponents and paragraph", () => {
  const numbers = new Map([["obj2_c_a", "11 (a)"]]);
  assert.equal(amendmentLine({ id: 8, delegation: "PHL", co_proponents: ["BGD"], unit: "obj2_c_a" }, 8, numbers), "#8 PHL, BGD on 11 (a)");
  assert.equal(amendmentLine({ id: 9, delegation: "EU", co_proponents: [], unit: "new_1" }, 9, numbers), "#9 EU on new_1");
  assert.equal(amendmentLine(undefined, 12, numbers), "#12");
});

test("unitNumbers: the numbers of the texts on screen, the later text winning", () => {
  const published = [{ key: "a", number: "1" }, { key: "b", number: "2" }, { key: "pre", number: null }];
  const working = [{ key: "b", number: "3" }, { key: "c", number: "3 bis" }];
  assert.deepEqual([...unitNumbers(published, working)], [["a", "1"], ["b", "3"], ["c", "3 bis"]]);
  assert.deepEqual([...unitNumbers(null)], []);
});

test("publishedNotice from the server's answer", () => {
  assert.equal(publishedNotice({ revision: { label: "Rev.3" }, reflected: [1, 2], applies: [4], conflicts: [5], overtaken: [] }),
    "Rev.3 published: reflects 2 amendment(s); 1 still apply, 1 conflict, 0 overtaken.");
  assert.equal(publishedNotice({ label: null, sequence: 3 }),
    "Revision published: reflects 0 amendment(s); 0 still apply, 0 conflict, 0 overtaken.");
});
