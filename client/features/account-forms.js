// Pure helpers of the account screen: the inbox's e-mail choices (the server's values), the
// sentence said after signing out everywhere, and the interface languages offered.
import { t, LANGUAGES, LANGUAGE_NAMES } from "../lib/i18n.js";

/** How a person may be e-mailed about new inbox items: the values PUT /inbox/mail takes. */
export const MAIL_CHOICES = [
  ["none", "account.mail.none"],
  ["immediate", "account.mail.immediate"],
  ["daily", "account.mail.daily"],
];

/** [[value, words], ...] of the e-mail choices, in the interface's language. */
export const mailChoices = () => MAIL_CHOICES.map(([value, key]) => [value, t(key)]);

/** What was ended, in words: signedOutSentence({sessions_ended: 2, tokens_revoked: 0}). */
export function signedOutSentence({ sessions_ended: sessions = 0, tokens_revoked: tokens = 0 }) {
  return t("account.signedOut", { sessions, tokens });
}

/**
 * The language picker's choices: "" (not chosen: the browser's languages decide), then the six,
 * each named in itself: [["", "As my browser prefers"], ["en", "English"], ["fr", "Français"], ...].
 */
export function languageChoices() {
  return [["", t("account.language.browser")], ...LANGUAGES.map((code) => [code, LANGUAGE_NAMES[code]])];
}
