// What the working copy marks as changed, and what saving or inserting a unit sends.
// Pure: no DOM.

/** Changed since the last published revision: new, or its text, status or number differ. */
export function changedSince(unit, before) {
  return !before || before.text !== unit.text || before.status !== unit.status || before.number !== unit.number;
}

/** Rows for a unit's text box: about 90 characters a row, at least two. */
export function textRows(text) {
  return Math.max(2, Math.ceil((text?.length ?? 0) / 90));
}

/**
 * The body of saving a unit: only what the co-facilitator changed, with the working copy's
 * version. A heading (section, preamble) has a heading instead of a text and a status.
 * unitEdits({number: "3", text: "a", status: "open"}, {number: "3", text: "b", status: "open"}, 7, false)
 *   -> {base_version: 7, text: "b"}
 */
export function unitEdits(unit, values, baseVersion, heading) {
  const body = { base_version: baseVersion };
  if (values.number !== (unit.number ?? "")) body.number = values.number;
  if (heading) {
    if (values.heading !== (unit.heading ?? "")) body.heading = values.heading;
  } else {
    if (values.text !== unit.text) body.text = values.text;
    if (values.status !== unit.status) body.status = values.status;
  }
  return body;
}

/** The unit "Insert bis after" adds: same kind and parent, numbered "<n> bis", open. */
export function bisUnit(unit) {
  return { kind: unit.kind, parent: unit.parent, number: `${unit.number ?? ""} bis`, status: "open", text: "[New paragraph]" };
}
