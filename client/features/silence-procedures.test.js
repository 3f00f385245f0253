import { test } from "node:test";
import assert from "node:assert/strict";
import { runningSilences, silenceSummary, silenceStatus, defaultDeadline } from "./silence-procedures.js";
import { fmtDate } from "../lib/format.js";

const deadline = "2026-11-26T10:00:00Z";
const silences = [
  { id: 1, revision_label: "Rev.1", state: "broken", deadline },
  { id: 2, revision_label: "Rev.2", state: "running", deadline },
  { id: 3, revision_label: null, state: "agreed", deadline },
];

test("runningSilences", () => {
  assert.deepEqual(runningSilences(silences).map((s) => s.id), [2]);
  assert.deepEqual(runningSilences([]), []);
});

test("a procedure in one line", () => {
  assert.equal(silenceSummary(silences[1]), `Rev.2: running, deadline ${fmtDate(deadline)}`);
  assert.equal(silenceSummary(silences[2]), `Revision: agreed, deadline ${fmtDate(deadline)}`);
  assert.equal(silenceStatus(silences[1]), `Rev.2: running until ${fmtDate(deadline)}`);
});

test("defaultDeadline is 73 hours on", () => {
  const now = Date.parse("2026-11-23T10:00:00Z");
  assert.equal(defaultDeadline(now).toISOString(), "2026-11-26T11:00:00.000Z");
});
