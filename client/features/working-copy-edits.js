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
 * The body of saving a unit: only what was changed, with the working copy's version. A value
 * left undefined had no control (the server did not offer that edit). A heading (section,
 * preamble) has a heading instead of a text and a status.
 * unitEdits({number: "3", text: "a", status: "open"}, {number: "3", text: "b", status: "open"}, 7, false)
 *   -> {base_version: 7, text: "b"}
 */
export function unitEdits(unit, values, baseVersion, heading) {
  const body = { base_version: baseVersion };
  const changed = (value, was) => value !== undefined && value !== was;
  if (changed(values.number, unit.number ?? "")) body.number = values.number;
  if (heading) {
    if (changed(values.heading, unit.heading ?? "")) body.heading = values.heading;
  } else {
    if (changed(values.text, unit.text)) body.text = values.text;
    if (changed(values.status, unit.status)) body.status = values.status;
  }
  return body;
}

/**
 * The unit "Insert bis after" adds: same kind and parent, numbered "<n> bis" (the server
 * gives it its status).
 * TODO(server): core.text.inserted_number (bis, ter, ... skipping numbers taken) is not used
 * by POST /documents/{id}/working-copy/units; if it numbered a unit sent without a number,
 * this would send none instead of guessing "bis" (a second insertion also reads "bis").
 */
export function bisUnit(unit) {
  return { kind: unit.kind, parent: unit.parent, number: `${unit.number ?? ""} bis`, text: "[New paragraph]" };
}

/**
 * Whether the server refused a save only for want of confirming the open brackets of a
 * paragraph being marked agreed (its 422 names the field and gives the count).
 */
export function needsBracketConfirmation(err) {
  return err?.status === 422 && err.details?.field === "confirm_open_brackets"
    && Number.isInteger(err.details?.open_brackets);
}
