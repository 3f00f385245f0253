// The history's sentences in the person's language: the template of an event's action
// (client/i18n/events, the catalogue the server reads too) filled with the facts the server
// sends with each history entry, inbox item and live event. A fact is a name or label as it
// is ("Mexico", "OP12 bis", "Rev.1"), never translated, or catalogue words:
// {word: "actor.co_facilitator"}, {word: "amendment", delegation: "Mexico", paragraph: "OP12"}
// (key "events.word.<word>", its own facts inside). A fact the reader is not given reads in
// the catalogue's general words ("events.unknown.<name>": "a delegation"). Pure: no DOM.
import { messagesFor } from "../i18n/index.js";
import { currentLanguage, formatMessage, placeholders, locale } from "./i18n.js";

const catalogues = new Map();
function messages(code) {
  let found = catalogues.get(code);
  if (!found) {
    found = messagesFor(code);
    catalogues.set(code, found);
  }
  return found;
}

function template(key, code) {
  return messages(code)[key] ?? messages("en")[key];
}

/** Whether the catalogue has a sentence for this action. */
export function knownAction(action) {
  return template(`events.${action}`, "en") !== undefined;
}

function words(value, code) {
  if (typeof value === "string") return value;
  if (value === null || typeof value !== "object") return value === undefined ? "" : String(value);
  const found = template(`events.word.${value.word}`, code);
  return found === undefined ? "" : fill(found, value, code);
}

function fill(message, facts, code) {
  const values = {};
  for (const name of placeholders(message)) {
    const given = facts[name];
    values[name] = given !== undefined && given !== null && name !== "word"
      ? words(given, code) : (template(`events.unknown.${name}`, code) ?? "");
  }
  return formatMessage(message, values, code);
}

/**
 * The sentence of one event in a language (the current one by default), or null when the
 * action is unknown or no facts came with it (then the server's English sentence is shown).
 * eventSentence("amendment.submitted", {delegation: "Mexico", paragraph: "OP12"}, "fr")
 *   -> "Mexico a soumis un amendement à OP12."
 * eventSentence("amendment.drafted", {}, "fr") -> "Une délégation a enregistré un projet d’amendement à un paragraphe."
 */
export function eventSentence(action, facts, code = currentLanguage()) {
  const message = template(`events.${action}`, code);
  if (message === undefined || facts === null || typeof facts !== "object") return null;
  const text = fill(message, facts, code);
  return text.charAt(0).toLocaleUpperCase(locale(code)) + text.slice(1);
}

/**
 * Several events of one action in one sentence, with the language's plurals; null: unknown.
 * manySentence("amendment.submitted", 3, "ru") -> "Представлено 3 поправки."
 */
export function manySentence(action, count, code = currentLanguage()) {
  const message = template(`events.${action}.many`, code);
  return message === undefined ? null : formatMessage(message, { count }, code);
}

/**
 * What a history entry, inbox item or live event reads as: {text, lang}: in the person's
 * language from its facts, else the server's English sentence (lang "en", so that it is read
 * out as English), else null.
 */
export function sayEvent(action, facts, sentence, code = currentLanguage()) {
  const text = eventSentence(action, facts, code);
  if (text !== null) return { text, lang: code };
  return sentence ? { text: sentence, lang: "en" } : null;
}
