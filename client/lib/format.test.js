import { test } from "node:test";
import assert from "node:assert/strict";
import { fmtDate, countdown, localInput, plural } from "./format.js";
import { setLanguage } from "./i18n.js";

test("fmtDate shows a date in the interface's language, a dash for none", () => {
  setLanguage("en");
  assert.equal(fmtDate(null), "—");
  assert.equal(fmtDate(""), "—");
  const shown = fmtDate("2026-11-23T10:00:00Z");
  assert.match(shown, /2026/);
  assert.equal(shown, new Date("2026-11-23T10:00:00Z").toLocaleString("en", { dateStyle: "medium", timeStyle: "short" }));
  setLanguage("fr");
  assert.match(fmtDate("2026-11-23T10:00:00Z"), /nov\. 2026/);
  setLanguage("ru");
  assert.match(fmtDate("2026-11-23T10:00:00Z"), /нояб\. 2026/);
  setLanguage("en");
});

test("countdown says the days and hours left, rounded down, in the language", () => {
  setLanguage("en");
  const now = Date.parse("2026-11-20T09:00:00Z");
  assert.equal(countdown("2026-11-23T10:30:00Z", now), "3 days 1 hour left.");
  assert.equal(countdown("2026-11-20T21:59:00Z", now), "0 days 12 hours left.");
  assert.equal(countdown("2026-11-21T10:00:00Z", now), "1 day 1 hour left.");
  assert.equal(countdown("2026-11-20T09:00:00Z", now), "Deadline passed.");
  assert.equal(countdown("2026-11-19T09:00:00Z", now), "Deadline passed.");
  setLanguage("fr");
  assert.equal(countdown("2026-11-23T10:30:00Z", now), "Il reste 3 jours et 1 heure.");
  setLanguage("ru");
  assert.equal(countdown("2026-11-25T14:30:00Z", now), "Осталось 5 дней 5 часов.");
  setLanguage("en");
});

test("localInput is what a datetime-local input shows, in local time", () => {
  assert.equal(localInput(new Date(2026, 10, 3, 9, 5)), "2026-11-03T09:05");
  assert.equal(localInput(new Date(2027, 0, 31, 23, 59)), "2027-01-31T23:59");
});

test("plural counts through the catalogue in the language, English's rule for an unknown word", () => {
  setLanguage("en");
  assert.equal(plural(1, "amendment"), "1 amendment");
  assert.equal(plural(0, "amendment"), "0 amendments");
  assert.equal(plural(4, "open bracket"), "4 open brackets");
  assert.equal(plural(2, "widget"), "2 widgets");
  setLanguage("fr");
  assert.equal(plural(1, "amendment"), "1 amendement");
  assert.equal(plural(3, "amendment"), "3 amendements");
  setLanguage("ru");
  assert.equal(plural(1, "amendment"), "1 поправка");
  assert.equal(plural(3, "amendment"), "3 поправки");
  assert.equal(plural(5, "amendment"), "5 поправок");
  setLanguage("en");
});
