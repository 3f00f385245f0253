import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtDate, countdown, localInput, plural } from "./format.js";

test("fmtDate shows a date in the reader's locale, a dash for none", () => {
  assert.equal(fmtDate(null), "—");
  assert.equal(fmtDate(""), "—");
  const shown = fmtDate("2026-11-23T10:00:00Z");
  assert.match(shown, /2026/);
  assert.equal(shown, new Date("2026-11-23T10:00:00Z").toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
});

test("countdown says the days and hours left, rounded down", () => {
  const now = Date.parse("2026-11-20T09:00:00Z");
  assert.equal(countdown("2026-11-23T10:30:00Z", now), "3 days 1 hours left.");
  assert.equal(countdown("2026-11-20T21:59:00Z", now), "0 days 12 hours left.");
  assert.equal(countdown("2026-11-20T09:00:00Z", now), "Deadline passed.");
  assert.equal(countdown("2026-11-19T09:00:00Z", now), "Deadline passed.");
});

test("localInput is what a datetime-local input shows, in local time", () => {
  assert.equal(localInput(new Date(2026, 10, 3, 9, 5)), "2026-11-03T09:05");
  assert.equal(localInput(new Date(2027, 0, 31, 23, 59)), "2027-01-31T23:59");
});

test("plural", () => {
  assert.equal(plural(1, "amendment"), "1 amendment");
  assert.equal(plural(0, "amendment"), "0 amendments");
  assert.equal(plural(4, "open bracket"), "4 open brackets");
});
