import { test } from "node:test";
import assert from "node:assert/strict";
import { missingIds, amendmentsById } from "./amendment-lookup.js";

test("missingIds: each unknown id once, in order", () => {
  assert.deepEqual(missingIds([3, 5, 3, 8], new Map([[5, {}]])), [3, 8]);
  assert.deepEqual(missingIds([], new Map()), []);
});

test("amendmentsById takes the loaded ones and asks for the others", async () => {
  const asked = [];
  const fetchOne = async (id) => { asked.push(id); return { id, delegation: "EU" }; };
  const found = await amendmentsById([7, 9, 7], [{ id: 7, delegation: "MEX" }, { id: 1, delegation: "RUS" }], fetchOne);
  assert.deepEqual(asked, [9]);
  assert.deepEqual([...found.keys()].sort(), [7, 9]);
  assert.equal(found.get(7).delegation, "MEX");
  assert.equal(found.get(9).delegation, "EU");
});

test("an amendment the server does not show is left out; other errors are not hidden", async () => {
  const notFound = async () => { throw Object.assign(new Error("No amendment 4."), { status: 404 }); };
  assert.deepEqual([...(await amendmentsById([4], [], notFound)).keys()], []);
  const down = async () => { throw Object.assign(new Error("HTTP 500"), { status: 500 }); };
  await assert.rejects(amendmentsById([4], null, down), /HTTP 500/);
});
