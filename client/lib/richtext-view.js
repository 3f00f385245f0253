// Drawing a unit's text with what it carries (client/lib/richtext.js computes the runs):
// italics and bold as <em>/<strong>, footnote marks as superscript links to the footnotes
// listed under the paragraph (as UN documents print them), editorial notes at their place in
// the text (or under it, for a note on the whole paragraph), marked as notes and never read as
// negotiated text, and option groups' labels. Every word goes in as text (textContent).
import { t } from "./i18n.js";
import { h } from "./dom.js";
import { segments, footnoteId } from "./richtext.js";

/** Follow a footnote link without touching the hash (the router's). */
function jump(event, id) {
  event.preventDefault();
  const target = document.getElementById(id);
  if (!target) return;
  target.scrollIntoView({ block: "nearest" });
  target.focus({ preventScroll: true });
}

/** An editorial note where it is anchored in the text: labelled, apart from the words around it. */
export function inlineNote(note) {
  return h("span.editorial-note.inline-note", { role: "note" },
    h("span.note-label", t("common.richtext.editorialNote")), h("em", { dir: "auto" }, note.text));
}

/**
 * The runs of one text (or one part of it) as nodes; `key` names the unit for footnote links;
 * `notes` with an offset are drawn at it (inlineNote).
 */
export function richRuns(text, { marks, footnotes, extraRanges, notes, key = "u" } = {}) {
  return segments(text, marks, footnotes, extraRanges, notes).map((seg) => {
    if (seg.note) return inlineNote(seg.note);
    if (seg.footnote) {
      const id = footnoteId(key, seg.footnote.mark);
      return h("sup.fn-ref", h("a", { href: `#${id}`, "aria-label": t("common.richtext.footnote", { mark: seg.footnote.mark }),
        on: { click: (e) => jump(e, id) } }, seg.footnote.mark));
    }
    let node = document.createTextNode(seg.text);
    if (seg.italic) node = h("em", node);
    if (seg.bold) node = h("strong", node);
    if (seg.classes.length) node = h("span", { class: seg.classes.join(" ") }, node);
    return node;
  });
}

/** A unit's text as a paragraph with its formatting and footnote marks. */
export function richText(unit, { tag = "p", cls = "unit-text", extraRanges } = {}) {
  const node = h(`${tag}${cls ? "." + cls : ""}`, { dir: "auto" });
  node.append(...richRuns(unit.text ?? "", { marks: unit.marks, footnotes: unit.footnotes, notes: unit.notes, extraRanges, key: unit.key }));
  return node;
}

/** The footnotes under a paragraph, each with its mark, as the document prints them. */
export function footnoteList(unit) {
  const notes = unit.footnotes ?? [];
  if (!notes.length) return null;
  return h("ul.footnotes", { "aria-label": t("common.richtext.footnotes") }, notes.map((f) =>
    h("li", { id: footnoteId(unit.key, f.mark), tabindex: "-1" },
      h("sup.fn-mark", f.mark), " ", h("span", { dir: "auto" }, f.text))));
}

/** Whether a note is anchored at a place in the text (else it is on the whole paragraph). */
export const anchored = (note) => note.offset !== null && note.offset !== undefined;

/**
 * Editorial notes: the secretariat's or co-facilitators', shown as such, never as text.
 * `inline`: the text drew the anchored ones at their place (richRuns): only those on the
 * whole paragraph are listed under it.
 */
export function editorialNotes(unit, { inline = false } = {}) {
  const notes = (unit.notes ?? []).filter((n) => !(inline && anchored(n)));
  if (!notes.length) return null;
  return notes.map((n) => h("p.editorial-note", h("span.note-label", t("common.richtext.editorialNote")),
    h("em", { dir: "auto" }, n.text)));
}

/** The text of a unit with its notes and footnotes ("No text" for that alternative, unless its
 * label says so already). */
export function richBody(unit, { extraRanges } = {}) {
  const noText = unit.option?.no_text && !unit.text;
  const labelled = noText && unit.option.label.trim().toLowerCase() === "no text";
  const text = labelled ? null : noText ? h("p.unit-text.no-text", t("common.richtext.noText")) : richText(unit, { extraRanges });
  // A "No text" alternative has no text to anchor notes in: they are listed.
  return [text, editorialNotes(unit, { inline: Boolean(text) && !noText }), footnoteList(unit)].filter(Boolean);
}

/** Classes for a unit's row in an option group (optionLayout's entry), and its label. */
export function optionClasses(place) {
  if (!place) return [];
  return ["in-option", place.startsGroup ? "option-first" : null, place.endsGroup ? "option-last" : null,
    place.startsAlternative && !place.startsGroup ? "option-next" : null].filter(Boolean);
}

export function optionLabel(place) {
  if (!place?.startsAlternative) return null;
  return h("p.option-label", place.startsGroup ? h("span.option-count", t("textview.options", { count: place.alternatives }), " ") : null,
    h("strong", place.label));
}
