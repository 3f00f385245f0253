// How a unit's name is said in the reader's language. The server sends each name as its parts
// (server/core/naming.py unit_name_parts): a label as the text numbers it ("PP2", "OP12 bis",
// a heading) is a string and stays as it is; a name Accord composes is {form, ...parts}, its
// referent (`of`) a name again:
//   {form: "chapeau_of", of: {form: "article", number: "1"}}
//     en "the chapeau of Article 1", fr "le chapeau de l’article 1", ru "вводная часть статьи 1"
// Each form is the catalogue message "names.<form>" (client/i18n/names/), placeholders
// {number} (as printed), {n} (a position: each language says it as its ordinal) and {of}.
//
// Grammar: the referent is said as the form around it needs it. "The chapeau of X" wants X as
// French says "de l’article 1" / "du préambule", Russian the genitive "статьи 1"; "the
// paragraph after X" wants "le PP2" in French, "al PP2" in Spanish. So a name said inside
// another is the message "names.<form>.<context>":
//   of     the referent of an "of" form (chapeau_of, nth_paragraph_of, sub_of, nth_item_of),
//          with what the language puts for "of" (fr/es "de"/"del", ru the genitive)
//   after  the referent of paragraph_after and nth_paragraph_after
//   the    the name in running text, with its article ("Mexique sur l’article 1")
//   to     the name after "to" ("un amendement au chapeau de l’article 1", "поправка к статье 1")
// A sentence whose preposition takes a different context in different languages names it
// instead: "on" is "names.context.on" ("the" in French: "Mexique sur l’article 1"; "to" in
// Russian, whose к takes the dative: "Мексика к статье 1"); "following" is "after X" in a
// sentence ("après l’article 1", "tras el artículo 1", "после статьи 1").
// dotted, suffixed and paragraph_of ("Section 4.1", "Article 3(a)", "Implementation,
// paragraph 1") say their referent in their own context. A label in a context is
// "names.label.<pp|op|number|heading>.<context>" ("le PP2", "l’OP1", "le paragraphe A.3",
// "la section « Implementation »").
// Where a language contracts the preposition with the article (fr de/à + le: du/au, es de/a +
// el: del/al), its "of" and "to" messages carry the preposition and its sentences leave it out
// ("un amendement {paragraph}"); elsewhere the sentence keeps it ("поправка к {paragraph}").
// Every language has every key (languages that need no variant repeat the form).
import { t as translate } from "./i18n.js";

/** The context each form says its referent in; "same": its own. */
const INNER = {
  chapeau_of: "of", nth_paragraph_of: "of", sub_of: "of", nth_item_of: "of",
  paragraph_after: "after", nth_paragraph_after: "after",
  paragraph_of: "same", dotted: "same", suffixed: "same",
};

/** The contexts a name is said in, besides on its own. */
export const CONTEXTS = ["of", "after", "the", "to"];

/** Forms whose message is the same in every context (their referent carries the context). */
export const SAME_CONTEXT = Object.keys(INNER).filter((form) => INNER[form] === "same");

/**
 * The kind of a label, for its article in a sentence: labelKind("PP2") -> "pp",
 * labelKind("OP12 bis") -> "op", labelKind("A.3") -> "number" (a paragraph numbered otherwise),
 * labelKind("Implementation") -> "heading".
 */
export function labelKind(label) {
  if (/^PP\s?\d/.test(label)) return "pp";
  if (/^OP\s?\d/.test(label)) return "op";
  if (/^\p{L}?[.\s]?\d/u.test(label)) return "number";
  return "heading";
}

/**
 * A name's parts said with t (lib/i18n.js's t, or a test's), in `context` (null: on its own,
 * as a title; else one of CONTEXTS); null when a form has no message (a form newer than this
 * client: show the server's English unit_name instead).
 * renderName({form: "chapeau_of", of: {form: "article", number: "1"}}, t) -> "le chapeau de l’article 1" (fr)
 * renderName("PP2", t) -> "PP2"; renderName({form: "paragraph_after", of: "PP2"}, t) -> "le paragraphe qui suit le PP2" (fr)
 */
export function renderName(parts, t, context = null) {
  if (context !== null && !CONTEXTS.includes(context)) {
    const meant = t(`names.context.${context}`);
    if (!CONTEXTS.includes(meant)) return null;
    return renderName(parts, t, meant);
  }
  if (typeof parts === "string") {
    if (context === null) return parts;
    return message(t, `names.label.${labelKind(parts)}.${context}`, { label: parts });
  }
  if (parts === null || typeof parts !== "object" || typeof parts.form !== "string") return null;
  const inner = INNER[parts.form] === "same" ? context : INNER[parts.form] ?? "of";
  const values = {};
  for (const [part, value] of Object.entries(parts)) {
    if (part === "form") continue;
    if (part === "of") {
      const of = renderName(value, t, inner);
      if (of === null) return null;
      values.of = of;
    } else values[part] = part === "n" ? Number(value) : value;
  }
  const own = INNER[parts.form] === "same" || context === null ? `names.${parts.form}` : `names.${parts.form}.${context}`;
  return message(t, own, values);
}

function message(t, key, values) {
  const said = t(key, values);
  return said === key ? null : said;
}

/**
 * What the screens show for a unit or an amendment: its name in the current language from
 * `parts` (unit_name_parts, name_parts), else the server's English `fallback` (unit_name,
 * name) said as a label (so that a sentence still reads: "un amendement à l’OP12").
 * nameOf({form: "article", number: "1"}, "Article 1") -> "المادة 1" (ar)
 */
export function nameOf(parts, fallback, context = null) {
  const said = parts === undefined || parts === null ? null : renderName(parts, translate, context);
  if (said !== null || typeof fallback !== "string") return said ?? fallback;
  return renderName(fallback, translate, context) ?? fallback;
}
