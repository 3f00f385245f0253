// Drawing a unit's text with what it carries (client/lib/richtext.js computes the runs):
// italics and bold as <em>/<strong>, footnote marks as superscript links to the footnotes
// listed under the paragraph (as UN documents print them), editorial notes apart from the
// negotiated text, and option groups' labels. Every word goes in as text (textContent).
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

/** The runs of one text (or one part of it) as nodes; `key` names the unit for footnote links. */
export function richRuns(text, { marks, footnotes, extraRanges, key = "u" } = {}) {
  return segments(text, marks, footnotes, extraRanges).map((seg) => {
    if (seg.footnote) {
      const id = footnoteId(key, seg.footnote.mark);
      return h("sup.fn-ref", h("a", { href: `#${id}`, "aria-label": `Footnote ${seg.footnote.mark}`,
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
  node.append(...richRuns(unit.text ?? "", { marks: unit.marks, footnotes: unit.footnotes, extraRanges, key: unit.key }));
  return node;
}

/** The footnotes under a paragraph, each with its mark, as the document prints them. */
export function footnoteList(unit) {
  const notes = unit.footnotes ?? [];
  if (!notes.length) return null;
  return h("ul.footnotes", { "aria-label": "Footnotes" }, notes.map((f) =>
    h("li", { id: footnoteId(unit.key, f.mark), tabindex: "-1" },
      h("sup.fn-mark", f.mark), " ", h("span", { dir: "auto" }, f.text))));
}

/** Editorial notes: the secretariat's or co-facilitators', shown as such, never as text. */
export function editorialNotes(unit) {
  const notes = unit.notes ?? [];
  if (!notes.length) return null;
  return notes.map((n) => h("p.editorial-note", h("span.note-label", "Editorial note: "),
    h("em", { dir: "auto" }, n.text)));
}

/** The text of a unit with its notes and footnotes ("No text" for that alternative, unless its
 * label says so already). */
export function richBody(unit, { extraRanges } = {}) {
  const noText = unit.option?.no_text && !unit.text;
  const labelled = noText && unit.option.label.trim().toLowerCase() === "no text";
  const text = labelled ? null : noText ? h("p.unit-text.no-text", "No text") : richText(unit, { extraRanges });
  return [text, editorialNotes(unit), footnoteList(unit)].filter(Boolean);
}

/** Classes for a unit's row in an option group (optionLayout's entry), and its label. */
export function optionClasses(place) {
  if (!place) return [];
  return ["in-option", place.startsGroup ? "option-first" : null, place.endsGroup ? "option-last" : null,
    place.startsAlternative && !place.startsGroup ? "option-next" : null].filter(Boolean);
}

export function optionLabel(place) {
  if (!place?.startsAlternative) return null;
  return h("p.option-label", place.startsGroup ? h("span.option-count", `${place.alternatives} options: `) : null,
    h("strong", place.label));
}
