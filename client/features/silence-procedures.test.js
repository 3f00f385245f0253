import { test } from "node:test";
import assert from "node:assert/strict";
import { runningSilences, silenceSummary, silenceStatus, silenceChoices, defaultDeadline } from "./silence-procedures.js";
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

test("silenceChoices: the revisions the server offers a procedure on, newest first", () => {
  const compact = { id: 1, title: "Global Compact on Safe, Orderly and Regular Human Mobility" };
  const declaration = { id: 2, title: "Political declaration" };
  // GET /documents/{id}/revisions/{seq} as a co-facilitator sees them in negotiation.
  const entries = [
    { document: compact, revision: { id: 1, sequence: 0, label: "Zero draft", actions: ["view_compilation"] } },
    { document: compact, revision: { id: 3, sequence: 2, label: "Rev.2", actions: ["start_silence", "view_compilation"] } },
    { document: declaration, revision: { id: 7, sequence: 0, label: null, actions: ["start_silence"] } },
  ];
  assert.deepEqual(silenceChoices(entries), [[7, "Political declaration — Revision 0"], [3, "Global Compact on Safe, Orderly and Regu — Rev.2"]]);
  assert.deepEqual(silenceChoices(entries.map(({ document, revision }) => ({ document, revision: { ...revision, actions: [] } }))), []);
});
