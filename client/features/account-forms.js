// Pure helpers of the account screen: the inbox's e-mail choices (the server's values) and
// the sentence said after signing out everywhere.

/** How a person may be e-mailed about new inbox items: the values PUT /inbox/mail takes. */
export const MAIL_CHOICES = [
  ["none", "No e-mail"],
  ["immediate", "An e-mail for each new item"],
  ["daily", "A daily digest"],
];

const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** What was ended, in words: signedOutSentence({sessions_ended: 2, tokens_revoked: 0}). */
export function signedOutSentence({ sessions_ended: sessions = 0, tokens_revoked: tokens = 0 }) {
  const parts = [count(sessions, "session ended", "sessions ended")];
  if (tokens) parts.push(count(tokens, "API token revoked", "API tokens revoked"));
  return `Signed out everywhere: ${parts.join(", ")}. Sign in again to continue.`;
}
