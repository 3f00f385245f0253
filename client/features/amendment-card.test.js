import { test } from "node:test";
import assert from "node:assert/strict";
import { cardControls, yourStance, kindShowsPreview, proposedText, showsDiff, stancesText,
  listFilters, listTitle, groupByState, amendmentName, actionNotice , applicationBody,
  coSponsorsText, namedCoSponsors, coSponsorStanding } from "./amendment-card.js";

// Shaped like GET /amendments/{id} (the fields these functions read).
const amendment = (over = {}) => ({
  id: 7, delegation: "MEX", co_proponents: ["EU"], state: "submitted", kind: "change_words",
  supporters: [], opposers: [], diff: [{ op: "equal", text: "x" }], actions: [], ...over,
});

test("a card shows exactly the controls the server lists, in a fixed order", () => {
  assert.deepEqual(cardControls(amendment({ state: "draft", actions: ["revise", "submit", "withdraw", "set_co_proponents"] })),
    ["submit", "withdraw", "revise", "set_co_proponents"]);
  assert.deepEqual(cardControls(amendment({ actions: ["take_stance"] })), ["take_stance"]);
  assert.deepEqual(cardControls(amendment({ actions: ["decide"] })), ["decide"]);
  // Whatever the state, role or delegation: no action listed, no control.
  assert.deepEqual(cardControls(amendment({ actions: [] })), []);
  assert.deepEqual(cardControls({}), []);
  assert.deepEqual(cardControls(amendment({ actions: ["decide", "archive"] })), ["decide"]);
});

test("yourStance: what your delegation said of it", () => {
  assert.equal(yourStance(amendment(), "RUS"), null);
  assert.equal(yourStance(amendment({ supporters: ["RUS"] }), "RUS"), "support");
  assert.equal(yourStance(amendment({ opposers: ["RUS"] }), "RUS"), "oppose");
  assert.equal(yourStance(amendment({ supporters: ["RUS"] }), null), null);
});

test("only a change of words is previewed as a diff", () => {
  assert.equal(kindShowsPreview("change_words"), true);
  assert.equal(kindShowsPreview("alternative"), false);
});

test("proposedText: new paragraphs and alternatives start empty, a change of words from the paragraph", () => {
  const paragraph = "We commit to address the root causes.";
  assert.equal(proposedText("alternative", paragraph, paragraph), "");
  assert.equal(proposedText("add_unit", paragraph, paragraph), "");
  assert.equal(proposedText("alternative", "Our own words", paragraph), "Our own words");
  assert.equal(proposedText("change_words", "", paragraph), paragraph);
  assert.equal(proposedText("change_words", "Edited", paragraph), "Edited");
  assert.equal(proposedText("retain", "", paragraph), "");
});

test("a card shows the diff of a change of words only", () => {
  assert.equal(showsDiff(amendment()), true);
  assert.equal(showsDiff(amendment({ kind: "alternative" })), false);
  assert.equal(showsDiff(amendment({ diff: null })), false);
});

test("stancesText", () => {
  assert.equal(stancesText(amendment({ supporters: ["MEX", "EU"], opposers: ["RUS"] })), "Supported by MEX, EU. Opposed by RUS.");
  assert.equal(stancesText(amendment({ opposers: ["G77"] })), "Opposed by G77.");
});

test("stances and co-sponsors are listed with the language's own separator", async () => {
  const { setLanguage } = await import("../lib/i18n.js");
  try {
    setLanguage("zh");
    assert.ok(stancesText(amendment({ supporters: ["MEX", "EU"] })).includes("MEX，EU"));
    setLanguage("ar");
    assert.ok(coSponsorsText(amendment({ co_sponsors: [{ delegation_name: "Mexico", status: "accepted" },
      { delegation_name: "China", status: "accepted" }] })).includes("Mexico، China"));
  } finally { setLanguage("en"); }
  assert.equal(stancesText(amendment()), "");
});

test("the list shows a delegation its own amendments by default", () => {
  const empty = new URLSearchParams("");
  assert.deepEqual(listFilters(empty, "MEX"), { delegation: "MEX", state: "", kind: "" });
  assert.deepEqual(listFilters(empty, null), { delegation: "", state: "", kind: "" });
  assert.deepEqual(listFilters(new URLSearchParams("delegation=&state=submitted&kind="), "MEX"), { delegation: "", state: "submitted", kind: "" });
  assert.equal(listTitle({ delegation: "MEX" }, "MEX"), "Amendments of MEX and what became of them");
  assert.equal(listTitle({ delegation: "" }, "MEX"), "Amendments");
  assert.equal(listTitle({ delegation: "MEX" }, null), "Amendments");
});

test("groupByState keeps the states in order of first appearance", () => {
  const list = [amendment({ id: 1, state: "submitted" }), amendment({ id: 2, state: "draft" }), amendment({ id: 3, state: "submitted" })];
  const grouped = groupByState(list);
  assert.deepEqual(Object.keys(grouped), ["submitted", "draft"]);
  assert.deepEqual(grouped.submitted.map((a) => a.id), [1, 3]);
  assert.deepEqual(groupByState(null), {});
});

test("groupByState puts the amendments awaiting a decision first, however many decided ones come before", () => {
  const list = [amendment({ id: 1, state: "reflected" }), amendment({ id: 2, state: "not_reflected" }),
    amendment({ id: 3, state: "submitted" }), amendment({ id: 4, state: "reflected" })];
  assert.deepEqual(Object.keys(groupByState(list)), ["submitted", "reflected", "not_reflected"]);
  assert.deepEqual(groupByState(list).submitted.map((a) => a.id), [3]);
});

test("an amendment is named by its delegation and paragraph; a notice of one's action reads as a sentence", () => {
  const a = amendment({ delegation_name: "Mexico", unit: "obj2_c_a", unit_name: "OP11(a)" });
  assert.equal(amendmentName(a), "Mexico on OP11(a)");
  assert.equal(actionNotice("submit", a), "Mexico submitted an amendment to OP11(a).");
  assert.equal(actionNotice("withdraw", a), "Mexico withdrew its amendment to OP11(a).");
  assert.equal(actionNotice("support", a), "You support the amendment by Mexico on OP11(a).");
  assert.equal(actionNotice("decide", a, "Not reflected"), "The amendment by Mexico on OP11(a) is now not reflected.");
  assert.equal(actionNotice("draft", a), "Your draft amendment to OP11(a) was saved.");
  for (const action of ["submit", "withdraw", "support", "oppose", "stance_taken_back", "decide", "co_proponents", "draft"]) {
    assert.doesNotMatch(actionNotice(action, a, "Reflected"), /obj2_c_a|#7/);
  }
});

test("applicationBody: as proposed, reworded, or decided at the same time", () => {
  const a = { id: 7, version: 2, text: "We commit to act." };
  assert.deepEqual(applicationBody(a, 5, { text: "We commit to act.", decision: "" }),
    { base_version: 5, amendments: [{ amendment: 7, base_version: 2 }] });
  assert.deepEqual(applicationBody(a, 5, { text: "We commit to act together.", decision: "merged" }),
    { base_version: 5, amendments: [{ amendment: 7, base_version: 2, text: "We commit to act together.", decision: "merged" }] });
  // A deletion carries no text to reword.
  assert.deepEqual(applicationBody({ id: 8, version: 1, text: null }, 5, { text: undefined, decision: "reflected" }),
    { base_version: 5, amendments: [{ amendment: 8, base_version: 1, decision: "reflected" }] });
});

test("cardControls shows apply where the server lists it, before deciding", () => {
  assert.deepEqual(cardControls({ actions: ["decide", "apply"] }), ["apply", "decide"]);
});

test("who the proposer invited, and what each answered, reads by name", () => {
  const a = amendment({ co_sponsors: [
    { delegation: "CHN", delegation_name: "China", status: "invited" },
    { delegation: "EU", delegation_name: "European Union", status: "accepted" },
    { delegation: "RUS", delegation_name: "Russian Federation", status: "declined" },
    { delegation: "CHE", delegation_name: "Switzerland", status: "withdrawn" }] });
  assert.equal(coSponsorsText(a), "Co-sponsored by European Union. Invited to co-sponsor: China. "
    + "Declined to co-sponsor: Russian Federation. Withdrew their co-sponsorship: Switzerland.");
  assert.equal(coSponsorsText(amendment({ co_sponsors: [] })), "");
  assert.deepEqual(namedCoSponsors(a), ["CHN", "EU", "RUS", "CHE"]);
  assert.equal(coSponsorStanding(a, "EU"), "co-sponsors");
  assert.equal(coSponsorStanding(a, "MEX"), "");
});

test("an invited delegation's card shows exactly the answers the server lists", () => {
  assert.deepEqual(cardControls(amendment({ actions: ["accept_co_sponsorship", "decline_co_sponsorship", "take_stance"] })),
    ["accept_co_sponsorship", "decline_co_sponsorship", "take_stance"]);
  assert.deepEqual(cardControls(amendment({ actions: ["withdraw_co_sponsorship"] })), ["withdraw_co_sponsorship"]);
  assert.equal(actionNotice("accept_co_sponsorship", amendment({ delegation_name: "Mexico", unit_name: "OP12" })),
    "Your delegation co-sponsors the amendment by Mexico on OP12.");
});

test("names, notices and stances in French and Arabic; the delegations' names stay as given", async () => {
  const { setLanguage } = await import("../lib/i18n.js");
  const a = { delegation: "MEX", delegation_name: "Mexico", unit_name: "OP12", supporters: ["EU"], opposers: [] };
  setLanguage("fr");
  assert.equal(amendmentName(a), "Mexico sur l’OP12");
  assert.equal(actionNotice("submit", a), "Mexico a présenté un amendement à l’OP12.");
  const chapeau = { ...a, unit_name: "the chapeau of Article 1", unit_name_parts: { form: "chapeau_of", of: { form: "article", number: "1" } } };
  assert.equal(amendmentName(chapeau), "Mexico sur le chapeau de l’article 1");
  assert.equal(actionNotice("submit", chapeau), "Mexico a présenté un amendement au chapeau de l’article 1.");
  assert.equal(actionNotice("support", chapeau), "Vous soutenez l’amendement de Mexico sur le chapeau de l’article 1.");
  assert.equal(stancesText(a), "Soutenu par EU. ");
  setLanguage("ru");
  assert.equal(amendmentName(chapeau), "Mexico к вводной части статьи 1");
  assert.equal(actionNotice("withdraw", chapeau), "Mexico: отозвана поправка к вводной части статьи 1.");
  setLanguage("es");
  assert.equal(actionNotice("submit", chapeau), "Mexico presentó una enmienda al encabezamiento del artículo 1.");
  setLanguage("ar");
  assert.equal(actionNotice("withdraw", a), "سحب Mexico تعديله على OP12.");
  setLanguage("en");
  assert.equal(actionNotice("submit", a), "Mexico submitted an amendment to OP12.");
  assert.equal(amendmentName(chapeau), "Mexico on the chapeau of Article 1");
});

test("a carried amendment's reason reads in the person's language from the server's code", async () => {
  const { carriedReasonText } = await import("./amendment-card.js");
  const { setLanguage } = await import("../lib/i18n.js");
  const rewritten = { reason: "unit rewritten: 40% of its words remain", reason_code: "rewritten", reason_facts: { percent: 40 } };
  assert.deepEqual(carriedReasonText(rewritten), { text: "the paragraph was rewritten: 40% of its words remain", lang: null });
  try {
    setLanguage("fr");
    assert.deepEqual(carriedReasonText(rewritten), { text: "le paragraphe a été réécrit : il en reste 40 % des mots", lang: null });
    setLanguage("ru");
    assert.equal(carriedReasonText({ reason: "re-anchored on the new text", reason_code: "reanchored", reason_facts: {} }).text,
      "перенесена на новый текст");
    // Words the server has no code for: as they came, in English.
    assert.deepEqual(carriedReasonText({ reason: "older words", reason_code: null, reason_facts: {} }), { text: "older words", lang: "en" });
  } finally { setLanguage("en"); }
});
