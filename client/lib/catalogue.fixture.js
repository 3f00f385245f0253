// For the client's tests: a catalogue shaped like the server's answer to GET /api/v1/catalogue
// (a few events left out). Not loaded by the application, which asks the server.
export const CATALOGUE = {
  events: [
    { type: "phase.changed", sentence: "the process moved to another phase", audience: "everyone" },
    { type: "revision.published", sentence: "a revision was published", audience: "everyone" },
    { type: "amendment.submitted", sentence: "an amendment was submitted", audience: "amendments" },
    { type: "amendment.decided", sentence: "the co-facilitators decided an amendment", audience: "amendments" },
    { type: "working_copy.unit_edited", sentence: "the working copy was edited", audience: "staff" },
    { type: "silence.broken", sentence: "silence was broken", audience: "everyone" },
  ],
  phases: [
    { code: "consultation", label: "Consultation" }, { code: "stocktaking", label: "Stocktaking" },
    { code: "negotiation", label: "Negotiation" }, { code: "concluded", label: "Concluded" },
  ],
  unit_statuses: [
    { code: "open", label: "Open" }, { code: "agreed_informals", label: "Agreed in informals" },
    { code: "agreed_ad_ref", label: "Agreed ad ref" }, { code: "adopted", label: "Adopted" },
  ],
  amendment_states: [
    { code: "draft", label: "Draft" }, { code: "submitted", label: "Submitted" },
    { code: "withdrawn", label: "Withdrawn" }, { code: "reflected", label: "Reflected" },
    { code: "merged", label: "Merged" }, { code: "not_reflected", label: "Not reflected" },
    { code: "overtaken", label: "Overtaken" },
  ],
  amendment_kinds: [
    { code: "change_words", label: "Change words", carries_text: true },
    { code: "add_unit", label: "New paragraph (bis)", carries_text: true },
    { code: "delete_unit", label: "Delete paragraph", carries_text: false },
    { code: "alternative", label: "Alternative text (alt)", carries_text: true },
    { code: "retain", label: "Retain", carries_text: false },
    { code: "reservation", label: "Reservation", carries_text: false },
  ],
  decisions: [
    { code: "reflected", label: "Reflected" }, { code: "merged", label: "Merged" },
    { code: "not_reflected", label: "Not reflected" },
  ],
  roles: [
    { code: "co_facilitator", label: "Co-facilitator" }, { code: "secretariat", label: "Secretariat" },
    { code: "delegate", label: "Delegate" }, { code: "observer", label: "Observer" },
  ],
};
