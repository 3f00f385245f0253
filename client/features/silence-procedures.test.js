import { test } from "node:test";
import assert from "node:assert/strict";
import { runningSilences, silenceSummary, silenceStatus, silenceChoices, defaultDeadline,
  zonedTime, zoneName, zonedInputToIso, zonedInput, breakLine } from "./silence-procedures.js";

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

const now = Date.parse("2026-11-23T10:00:00Z");

test("a procedure in one line, its deadline in the process's zone, named", () => {
  assert.equal(silenceSummary(silences[1], now), "Rev.2: running, deadline Thursday 26 November, 05:00 New York time");
  assert.equal(silenceSummary({ ...silences[2], time_zone: "Africa/Nairobi" }, now),
    "Revision: agreed, deadline Thursday 26 November, 13:00 Nairobi time");
  assert.equal(silenceStatus({ ...silences[1], time_zone: "America/New_York" }, now),
    "Rev.2: running until Thursday 26 November, 05:00 New York time");
});

test("zonedTime reads a moment in the room's zone, whatever the browser's", () => {
  assert.equal(zonedTime("2026-12-08T23:00:00Z", "America/New_York", now), "Tuesday 8 December, 18:00 New York time");
  assert.equal(zonedTime("2026-12-08T23:00:00Z", "Europe/Zurich", now), "Wednesday 9 December, 00:00 Zurich time");
  assert.equal(zonedTime("2026-07-01T16:00:00Z", "America/New_York", now), "Wednesday 1 July, 12:00 New York time"); // summer time
  assert.equal(zonedTime("2027-01-05T15:00:00Z", "Etc/UTC", now), "Tuesday 5 January 2027, 15:00 UTC time");
  assert.equal(zonedTime(null), "—");
  assert.equal(zonedTime("not a date"), "—");
});

test("zoneName names the city of an IANA zone", () => {
  assert.equal(zoneName("America/New_York"), "New York");
  assert.equal(zoneName("America/Argentina/Buenos_Aires"), "Buenos Aires");
  assert.equal(zoneName("UTC"), "UTC");
  assert.equal(zoneName(undefined), "New York");
});

test("a deadline typed in the room's zone is sent as the instant it names", () => {
  assert.equal(zonedInputToIso("2026-12-08T18:00", "America/New_York"), "2026-12-08T23:00:00.000Z");
  assert.equal(zonedInputToIso("2026-07-01T12:00", "America/New_York"), "2026-07-01T16:00:00.000Z");
  assert.equal(zonedInputToIso("2026-12-08T18:00", "Asia/Kolkata"), "2026-12-08T12:30:00.000Z");
  // The day summer time starts (02:00 -> 03:00) and ends in New York.
  assert.equal(zonedInputToIso("2026-03-08T12:00", "America/New_York"), "2026-03-08T16:00:00.000Z");
  assert.equal(zonedInputToIso("2026-11-01T12:00", "America/New_York"), "2026-11-01T17:00:00.000Z");
  assert.equal(zonedInputToIso("", "America/New_York"), null);
  assert.equal(zonedInputToIso("18:00", "America/New_York"), null);
  assert.equal(zonedInput(new Date("2026-12-08T23:00:00Z"), "America/New_York"), "2026-12-08T18:00");
  assert.equal(zonedInputToIso(zonedInput(new Date("2026-12-08T23:07:00Z"), "Europe/Zurich"), "Europe/Zurich"), "2026-12-08T23:07:00.000Z");
});

test("who broke silence and when, or only when where the server names nobody", () => {
  assert.equal(breakLine({ delegation: "Mexico", at: "2026-12-07T15:30:00Z" }, "America/New_York", now),
    "Mexico broke silence on Monday 7 December, 10:30 New York time.");
  assert.equal(breakLine({ delegation: null, at: "2026-12-07T15:30:00Z" }, "America/New_York", now),
    "A delegation broke silence on Monday 7 December, 10:30 New York time.");
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
