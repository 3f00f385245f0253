// For the client's tests: a catalogue shaped like the server's answer to GET /api/v1/catalogue
// (a few events left out). Not loaded by the application, which asks the server.
export const CATALOGUE = {
  events: [
    { type: "phase.changed", sentence: "Someone moved the process to another phase.", many: "The process changed phase {count} times.", audience: "everyone" },
    { type: "revision.published", sentence: "Someone published a revision.", many: "{count} revisions were published.", audience: "everyone" },
    { type: "amendment.submitted", sentence: "A delegation submitted an amendment to a paragraph.", many: "{count} amendments were submitted.", audience: "amendments" },
    { type: "amendment.decided", sentence: "Someone marked an amendment as decided.", many: "{count} amendments were decided.", audience: "amendments" },
    { type: "working_copy.unit_edited", sentence: "Someone edited a paragraph in the working copy.", many: "{count} paragraphs of the working copy were edited.", audience: "staff" },
    { type: "silence.broken", sentence: "A delegation broke silence on a revision.", many: "Silence was broken {count} times.", audience: "everyone" },
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
