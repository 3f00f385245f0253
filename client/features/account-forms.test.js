import { test } from "node:test";
import assert from "node:assert/strict";
import { MAIL_CHOICES, signedOutSentence } from "./account-forms.js";

test("the e-mail choices are the server's three values", () => {
  assert.deepEqual(MAIL_CHOICES.map(([v]) => v), ["none", "immediate", "daily"]);
});

test("signing out everywhere says what ended, in words", () => {
  assert.equal(signedOutSentence({ sessions_ended: 1, tokens_revoked: 0 }),
    "Signed out everywhere: 1 session ended. Sign in again to continue.");
  assert.equal(signedOutSentence({ sessions_ended: 3, tokens_revoked: 2 }),
    "Signed out everywhere: 3 sessions ended, 2 API tokens revoked. Sign in again to continue.");
});
