import { test } from "node:test";
import assert from "node:assert/strict";
import { previewSections, previewSentence, amendmentLine, unitNames, publishedNotice } from "./publish-preview.js";

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

test("amendmentLine names an amendment by its delegation and paragraph, never its keys", () => {
  const names = new Map([["obj2_c_a", "OP11(a)"]]);
  assert.equal(amendmentLine({ id: 8, delegation: "PHL", delegation_name: "Philippines", co_proponents: ["BGD"], unit: "obj2_c_a",
    unit_name: "OP10(a)" }, 8, names), "#8 Philippines on OP11(a), with BGD");
  // A paragraph no text on screen holds: as the amendment's own revision named it.
  assert.equal(amendmentLine({ id: 9, delegation: "EU", delegation_name: "European Union", co_proponents: [], unit: "u399e92ea",
    unit_name: "OP18 bis" }, 9, names), "#9 European Union on OP18 bis");
  assert.equal(amendmentLine(undefined, 12, names), "#12");
});

test("unitNames: the names of the texts on screen, the later text winning", () => {
  const published = [{ key: "a", name: "OP1" }, { key: "b", name: "OP2" }];
  const working = [{ key: "b", name: "OP3" }, { key: "c", name: "OP3 bis" }];
  assert.deepEqual([...unitNames(published, working)], [["a", "OP1"], ["b", "OP3"], ["c", "OP3 bis"]]);
  assert.deepEqual([...unitNames(null)], []);
});

test("publishedNotice from the server's answer", () => {
  assert.equal(publishedNotice({ revision: { label: "Rev.3" }, reflected: [1, 2], applies: [4], conflicts: [5], overtaken: [] }),
    "Rev.3 published: reflects 2 amendments; 1 still applies, 1 conflicts, 0 overtaken.");
  assert.equal(publishedNotice({ label: null, sequence: 3 }),
    "Revision published: reflects 0 amendments; 0 still apply, 0 conflict, 0 overtaken.");
});
