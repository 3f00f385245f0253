// The interface's language: messages from client/i18n/, dates and numbers with Intl.
// Minimal first version (the lead's skeleton): t() looks a key up in the current language,
// then English, and fills {name} placeholders. The i18n work replaces its internals (ICU
// plurals); the API below is what screens use and stays.
import { messagesFor, LANGUAGES } from "../i18n/index.js";

let lang = "en";
let messages = messagesFor("en");
const english = messagesFor("en");

export { LANGUAGES };

/** The current interface language ("en", "fr", "es", "ar", "zh", "ru"). */
export function currentLanguage() { return lang; }

/** "rtl" for Arabic, else "ltr". */
export function direction(code = lang) { return code === "ar" ? "rtl" : "ltr"; }

/** Switch the interface language (the caller re-renders). */
export function setLanguage(code) {
  lang = LANGUAGES.includes(code) ? code : "en";
  messages = messagesFor(lang);
  if (typeof document !== "undefined") {
    document.documentElement.lang = lang;
    document.documentElement.dir = direction(lang);
  }
}

/** The message for key in the current language, with {name} filled from values. */
export function t(key, values = {}) {
  const template = messages[key] ?? english[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}
