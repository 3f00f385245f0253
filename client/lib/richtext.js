// What a unit's text carries besides its words, as the server sends it on every unit
// (server/core/richtext.py): `marks` [[start, end, "italic" | "bold"]], `footnotes`
// [{mark, offset, text}], `notes` [{text, offset}], `option` {group, label, no_text}.
// Offsets count code points (Python's), not UTF-16 units: everything here counts the same way.
// Pure: no DOM (client/lib/richtext-view.js draws what this computes).

/** The code points of a string (so "é" and "𝑥" count one each, as the server counts). */
const points = (text) => Array.from(text ?? "");

/**
 * The text cut into runs, each with its formatting and the classes of the extra ranges over it,
 * and the footnote marks where they are anchored, in reading order:
 * [{text, italic, bold, classes, start, end}] with {text: "", footnote: {mark, text, offset}, ...}
 * items between them. `extraRanges` [{start, end, class}] (code points) lets another feature
 * highlight spans (brackets, search hits) without knowing about formatting: overlapping ranges
 * give a run every class over it. `notes` (editorial notes) with an offset come as
 * {text: "", note: {text, offset}} items at their anchor, after the footnote marks there; a
 * note without one (on the whole unit) is not placed in the text. Offsets outside the text are
 * clipped; empty runs are left out.
 */
export function segments(text, marks = [], footnotes = [], extraRanges = [], notes = []) {
  const cps = points(text);
  const n = cps.length;
  const clip = (i) => Math.min(Math.max(Number(i) || 0, 0), n);
  const runs = (marks ?? []).map(([s, e, style]) => ({ start: clip(s), end: clip(e), style }));
  const ranges = (extraRanges ?? []).map((r) => ({ start: clip(r.start), end: clip(r.end), cls: r.class }));
  const anchored = (list, kind) => (list ?? []).filter((x) => x && (kind === "footnote" || (x.offset !== null && x.offset !== undefined)))
    .map((x, i) => ({ ...x, offset: clip(x.offset), i, kind }));
  // Footnote marks first at one offset, then editorial notes, each in their order.
  const items = [...anchored(footnotes, "footnote"), ...anchored(notes, "note")]
    .sort((a, b) => a.offset - b.offset || (a.kind === b.kind ? a.i - b.i : a.kind === "footnote" ? -1 : 1));
  const cuts = new Set([0, n]);
  for (const r of [...runs, ...ranges]) { cuts.add(r.start); cuts.add(r.end); }
  for (const f of items) cuts.add(f.offset);
  const bounds = [...cuts].sort((a, b) => a - b);
  const out = [];
  let next = 0;
  const footnotesAt = (offset) => {
    while (next < items.length && items[next].offset === offset) {
      const { kind, mark, text: said, offset: at } = items[next++];
      const item = { text: "", italic: false, bold: false, classes: [], start: at, end: at };
      if (kind === "footnote") item.footnote = { mark: String(mark), text: said ?? "", offset: at };
      else item.note = { text: said ?? "", offset: at };
      out.push(item);
    }
  };
  for (let k = 0; k < bounds.length - 1; k += 1) {
    const [a, b] = [bounds[k], bounds[k + 1]];
    footnotesAt(a);
    const over = (r) => r.start <= a && b <= r.end && r.start < r.end;
    out.push({
      text: cps.slice(a, b).join(""), start: a, end: b,
      italic: runs.some((r) => r.style === "italic" && over(r)),
      bold: runs.some((r) => r.style === "bold" && over(r)),
      classes: [...new Set(ranges.filter(over).map((r) => r.cls).filter(Boolean))],
    });
  }
  footnotesAt(n);
  return out;
}

/**
 * The marks, footnotes and anchored editorial notes of the part [start, end) of a text, as
 * offsets into that part: for a text drawn in pieces (the compilation's pieces, a diff's
 * spans). A footnote or note at `end` belongs to this part only when `last` (else to the next
 * part, which starts there). Notes on the whole unit (no offset) belong to no part.
 */
export function slice(marks, footnotes, start, end, { last = false, notes = [] } = {}) {
  const within = (offset) => offset >= start && (offset < end || (last && offset === end));
  return {
    notes: (notes ?? []).filter((x) => x.offset !== null && x.offset !== undefined && within(x.offset))
      .map((x) => ({ ...x, offset: x.offset - start })),
    marks: (marks ?? []).filter(([s, e]) => s < end && e > start)
      .map(([s, e, style]) => [Math.max(s, start) - start, Math.min(e, end) - start, style]),
    footnotes: (footnotes ?? []).filter((f) => f.offset >= start && (f.offset < end || (last && f.offset === end)))
      .map((f) => ({ ...f, offset: f.offset - start })),
  };
}

/** The code-point length of a text (what offsets count). */
export const length = (text) => points(text).length;

/**
 * Where each unit stands in an option group, for drawing the alternatives together: by key,
 * {group, label, noText, startsGroup, endsGroup, startsAlternative, alternatives, inside}.
 * A unit is in a group when it carries the option or sits under one that does (a whole
 * article as an alternative); `startsAlternative` is true on the unit carrying the label where
 * its alternative begins; `alternatives` counts the group's labels.
 */
export function optionLayout(units) {
  const list = units ?? [];
  const ref = new Map(); // key -> the option ref it carries or inherits
  for (const u of list) {
    const own = u.option ?? null;
    const inherited = u.parent ? ref.get(u.parent) : null;
    if (own) ref.set(u.key, { ...own, carrier: u.key });
    else if (inherited) ref.set(u.key, { ...inherited, carrier: null });
  }
  const labels = new Map();
  for (const r of ref.values()) {
    if (!labels.has(r.group)) labels.set(r.group, new Set());
    labels.get(r.group).add(r.label);
  }
  const layout = new Map();
  let previous = null;
  list.forEach((u, index) => {
    const r = ref.get(u.key);
    if (!r) { previous = null; return; }
    const after = list[index + 1];
    const nextRef = after ? ref.get(after.key) : null;
    layout.set(u.key, {
      group: r.group, label: r.label, noText: Boolean(r.no_text),
      startsGroup: !previous || previous.group !== r.group,
      endsGroup: !nextRef || nextRef.group !== r.group,
      startsAlternative: r.carrier === u.key && !(previous && previous.group === r.group && previous.label === r.label),
      alternatives: labels.get(r.group).size,
      inside: r.carrier !== u.key,
    });
    previous = r;
  });
  return layout;
}

/** The id of a footnote's entry in the list under its paragraph. */
export const footnoteId = (unitKey, mark) => `fn-${unitKey}-${String(mark).replace(/[^A-Za-z0-9_-]/g, (c) => c.codePointAt(0).toString(16))}`;

/** The code-point offset of a UTF-16 index into `text` (a text box's selection). */
export const codePointOffset = (text, index) => points((text ?? "").slice(0, index)).length;

/**
 * The marks with `style` toggled over [start, end) (code points), as a pen-holder's Italic or
 * Bold button does: the range loses the style when all of it has it, else all of it gains it.
 * Sorted by start, runs of one style merged; nothing changes for an empty range.
 */
export function toggleMark(marks, start, end, style) {
  const list = (marks ?? []).map(([s, e, st]) => [s, e, st]);
  if (!(start < end)) return list;
  const same = list.filter(([, , st]) => st === style).sort((a, b) => a[0] - b[0]);
  let at = start;
  for (const [s, e] of same) { if (s <= at && e > at) at = e; }
  const covered = at >= end;
  let runs = same.map(([s, e]) => [s, e]);
  if (covered) {
    runs = runs.flatMap(([s, e]) => (e <= start || s >= end ? [[s, e]]
      : [[s, start], [end, e]].filter(([a, b]) => a < b)));
  } else {
    runs.push([start, end]);
    runs.sort((a, b) => a[0] - b[0]);
    runs = runs.reduce((out, [s, e]) => {
      const last = out.at(-1);
      if (last && s <= last[1]) last[1] = Math.max(last[1], e); else out.push([s, e]);
      return out;
    }, []);
  }
  return [...list.filter(([, , st]) => st !== style), ...runs.map(([s, e]) => [s, e, style])]
    .sort((a, b) => a[0] - b[0] || (a[2] < b[2] ? -1 : 1));
}
