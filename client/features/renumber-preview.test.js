import { test } from "node:test";
import assert from "node:assert/strict";
import { renumberSummary } from "./renumber-preview.js";

test("the preview says how many numbers would change", () => {
  const preview = { changes: [{ key: "a", before: "OP2 bis", after: "OP3" }, { key: "b", before: "OP3", after: "OP4" }], units: 40 };
  assert.equal(renumberSummary(preview), "2 of 40 paragraphs and headings would get new numbers.");
  assert.equal(renumberSummary(preview, { done: true }), "2 of 40 paragraphs and headings got new numbers.");
});

test("nothing to renumber is said so", () => {
  assert.match(renumberSummary({ changes: [], units: 3 }), /would change nothing/);
});

test("renumbering is linked for whom the server lets edit the working copy", async () => {
  const { renumberLink } = await import("./renumber-preview.js");
  assert.deepEqual(renumberLink({ id: 1, actions: ["working_copy.edit"] }, [{ id: 4 }]), ["renumber", "#/p/1/renumber/4", "Renumber"]);
  assert.equal(renumberLink({ id: 1, actions: ["working_copy.edit"] }, []), null);
  assert.equal(renumberLink({ id: 1, actions: ["working_copy.view"] }, [{ id: 4 }]), null);
});
