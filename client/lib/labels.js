// The words the client shows for the server's codes (statuses, states, kinds, phases, roles,
// live events). Plain data and pure functions: no DOM. The server's catalogue is authoritative;
// an unknown code is shown as it is.

export const STATUS_LABELS = {
  open: "Open",
  agreed_informals: "Agreed in informals",
  agreed_ad_ref: "Agreed ad ref",
  adopted: "Adopted",
};

export const STATE_LABELS = {
  draft: "Draft", submitted: "Submitted", withdrawn: "Withdrawn", reflected: "Reflected",
  merged: "Merged", not_reflected: "Not reflected", overtaken: "Overtaken",
};

export const KIND_LABELS = {
  change_words: "Change words", add_unit: "New paragraph (bis)", delete_unit: "Delete paragraph",
  alternative: "Alternative text (alt)", retain: "Retain", reservation: "Reservation",
};

/** In the order a process goes through them. */
export const PHASE_LABELS = {
  consultation: "Consultation", stocktaking: "Stocktaking", negotiation: "Negotiation",
  concluded: "Concluded",
};

export const ROLE_LABELS = {
  co_facilitator: "Co-facilitator", secretariat: "Secretariat", delegate: "Delegate", observer: "Observer",
};

/** Where an open amendment stands once a revision was published over its unit. */
export const CARRIED_LABELS = { applies: "still applies", conflicts: "conflicts", overtaken: "overtaken" };

/** The decisions a co-facilitator may take on a submitted amendment, in the order offered. */
export const DECISION_LABELS = { reflected: "Reflected", merged: "Merged", not_reflected: "Not reflected" };

export const INPUT_KIND_LABELS = { written_contribution: "Written contribution", statement: "Statement" };

/** labelOf(STATE_LABELS, "merged") -> "Merged"; an unknown code stays as it is. */
export function labelOf(labels, code) {
  return labels[code] ?? code;
}

/** [[code, label], ...] for a <select>, in the labels' order. */
export const options = (labels) => Object.entries(labels);

/** Who is online: presenceLabel({delegation: "MEX", connected: 2}) -> "MEX: 2 online". */
export function presenceLabel(entry) {
  return `${entry.delegation ?? "Co-facilitators, secretariat and observers"}: ${entry.connected} online`;
}

const EVENT_WORDS = {
  "phase.changed": "the phase changed",
  "revision.published": "a revision was published",
  "amendment.drafted": "a draft amendment was saved",
  "amendment.revised": "a draft amendment was rewritten",
  "amendment.submitted": "an amendment was submitted",
  "amendment.withdrawn": "an amendment was withdrawn",
  "amendment.decided": "an amendment was decided",
  "amendment.stance": "a delegation supported or opposed an amendment",
  "amendment.co_proponents_changed": "co-proponents changed",
  "working_copy.unit_edited": "the working copy was edited",
  "working_copy.unit_inserted": "a unit was inserted in the working copy",
  "working_copy.unit_deleted": "a unit was removed from the working copy",
  "silence.started": "a silence procedure started",
  "silence.broken": "silence was broken",
  "silence.agreed": "the text was agreed under silence",
  "input.submitted": "a consultation input was submitted",
};

/**
 * A live event or history entry in words.
 * describeEvent({type: "amendment.decided", subject: "#12"}) -> "an amendment was decided (#12)"
 */
export function describeEvent(event) {
  const what = EVENT_WORDS[event.type] ?? event.type;
  return event.subject ? `${what} (${event.subject})` : what;
}
