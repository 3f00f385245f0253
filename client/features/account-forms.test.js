import { test } from "node:test";
import assert from "node:assert/strict";
import { MAIL_CHOICES, mailChoices, signedOutSentence, languageChoices } from "./account-forms.js";
import { setLanguage } from "../lib/i18n.js";

test("the e-mail choices are the server's three values", () => {
  assert.deepEqual(MAIL_CHOICES.map(([v]) => v), ["none", "immediate", "daily"]);
});

test("signing out everywhere says what ended, in words", () => {
  assert.equal(signedOutSentence({ sessions_ended: 1, tokens_revoked: 0 }),
    "Signed out everywhere: 1 session ended. Sign in again to continue.");
  assert.equal(signedOutSentence({ sessions_ended: 3, tokens_revoked: 2 }),
    "Signed out everywhere: 3 sessions ended, 2 API tokens revoked. Sign in again to continue.");
});

test("the e-mail choices and the sentence read in the interface's language", () => {
  setLanguage("fr");
  assert.deepEqual(mailChoices()[2], ["daily", "Un récapitulatif quotidien"]);
  assert.equal(signedOutSentence({ sessions_ended: 3, tokens_revoked: 1 }),
    "Déconnecté partout : 3 sessions terminées, 1 jeton d’API révoqué. Reconnectez-vous pour continuer.");
  setLanguage("ru");
  assert.equal(signedOutSentence({ sessions_ended: 5, tokens_revoked: 0 }),
    "Выход выполнен везде: завершено 5 сеансов. Войдите снова, чтобы продолжить.");
  setLanguage("en");
});

test("the languages are offered each named in itself, after the browser's choice", () => {
  setLanguage("en");
  assert.deepEqual(languageChoices().map(([code]) => code), ["", "en", "fr", "es", "ar", "zh", "ru"]);
  assert.deepEqual(languageChoices().slice(1).map(([, name]) => name),
    ["English", "Français", "Español", "العربية", "中文", "Русский"]);
});
