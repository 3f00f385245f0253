import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "./catalogue.fixture.js";
import { setLanguage } from "./i18n.js";
import { loadCatalogue, useCatalogue, catalogue, describeEvent, manyEvents, ownEvent, labelOf, options, codes, phaseLabel, stateLabel,
  kindLabel, kindCarriesText, presenceLabel } from "./labels.js";

test("loadCatalogue asks the server once and keeps its answer", async () => {
  const asked = [];
  const loaded = await loadCatalogue(async (path) => { asked.push(path); return CATALOGUE; });
  assert.deepEqual(asked, ["/catalogue"]);
  assert.equal(loaded, catalogue());
  assert.equal(phaseLabel("negotiation"), "Negotiation");
});

test("describeEvent says an event as the server's sentence, with its names", () => {
  assert.equal(describeEvent({ type: "amendment.submitted", subject: "amendment:7", sentence: "Mexico submitted an amendment to OP12." }, CATALOGUE),
    "Mexico submitted an amendment to OP12.");
  // Without one, the catalogue's general words; never the subject's key.
  assert.equal(describeEvent({ type: "amendment.decided", subject: "amendment:12" }, CATALOGUE), "Someone marked an amendment as decided.");
  assert.equal(describeEvent({ type: "silence.broken" }, CATALOGUE), "A delegation broke silence on a revision.");
  assert.equal(manyEvents("amendment.submitted", CATALOGUE)(3), "3 amendments were submitted.");
});

test("describeEvent with the event's facts says it in the person's language", () => {
  const event = { type: "amendment.submitted", sentence: "Mexico submitted an amendment to OP12.", facts: { delegation: "Mexico", paragraph: "OP12" } };
  setLanguage("fr");
  try {
    assert.equal(describeEvent(event, CATALOGUE), "Mexico a soumis un amendement à OP12.");
    assert.equal(manyEvents("amendment.submitted", CATALOGUE)(4), "4 amendements ont été soumis.");
    // A placeholder's facts are empty: general words, never a name.
    assert.equal(describeEvent({ type: "amendment.drafted", facts: {} }, CATALOGUE), "Une délégation a enregistré un projet d’amendement à un paragraphe.");
  } finally {
    setLanguage("en");
  }
});

test("describeEvent shows no internal name for an event type the catalogue does not list", () => {
  assert.equal(describeEvent({ type: "process.configured", subject: "process:1" }, CATALOGUE), "A change was recorded.");
  assert.equal(describeEvent({ type: "no.such_event", subject: "process:1" }, CATALOGUE), "A change was recorded.");
  assert.equal(manyEvents("no.such_event", CATALOGUE), null);
});

test("the words are the catalogue's, whatever they are", () => {
  const other = { ...CATALOGUE, events: [{ type: "amendment.decided", sentence: "une décision fut prise", audience: "amendments" }],
    amendment_states: [{ code: "merged", label: "Fusionné" }] };
  assert.equal(describeEvent({ type: "amendment.decided" }, other), "une décision fut prise");
  assert.equal(stateLabel("merged", other), "Fusionné");
  assert.equal(stateLabel("reflected", other), "reflected");
});

test("labelOf falls back to the code", () => {
  assert.equal(labelOf("amendment_states", "not_reflected", CATALOGUE), "Not reflected");
  assert.equal(labelOf("amendment_states", "archived", CATALOGUE), "archived");
  assert.equal(labelOf("no_such_list", "open", CATALOGUE), "open");
  assert.equal(kindLabel("alternative", CATALOGUE), "Alternative text (alt)");
});

test("options and codes keep the server's order (phases in the order a process goes through them)", () => {
  assert.deepEqual(codes("phases", CATALOGUE), ["consultation", "stocktaking", "negotiation", "concluded"]);
  assert.deepEqual(options("decisions", CATALOGUE), [["reflected", "Reflected"], ["merged", "Merged"], ["not_reflected", "Not reflected"]]);
  assert.deepEqual(options("no_such_list", CATALOGUE), []);
});

test("which kinds carry a text is the catalogue's answer", () => {
  assert.deepEqual(codes("amendment_kinds", CATALOGUE).filter((k) => kindCarriesText(k, CATALOGUE)),
    ["change_words", "add_unit", "alternative"]);
  assert.equal(kindCarriesText("unknown_kind", CATALOGUE), false);
});

test("before the catalogue is loaded, codes are shown as they are", () => {
  useCatalogue({});
  assert.equal(phaseLabel("negotiation"), "negotiation");
  assert.deepEqual(options("phases"), []);
  useCatalogue(CATALOGUE);
});

test("presenceLabel counts people of no delegation together", () => {
  assert.equal(presenceLabel({ delegation: "MEX", connected: 2 }), "MEX: 2 online");
  assert.equal(presenceLabel({ delegation: null, connected: 3 }), "Without a delegation: 3 online");
});

test("ownEvent: the signed-in person's own action", () => {
  assert.equal(ownEvent({ actor_id: 4 }, { id: 4 }), true);
  assert.equal(ownEvent({ actor_id: 5 }, { id: 4 }), false);
  assert.equal(ownEvent({ actor_id: null }, null), false);
});

test("in another language the labels are the client's catalogue's, in English the server's", async () => {
  const { setLanguage } = await import("./i18n.js");
  useCatalogue(CATALOGUE);
  setLanguage("fr");
  assert.equal(labelOf("amendment_states", "not_reflected"), "Non pris en compte");
  assert.deepEqual(options("phases")[2], ["negotiation", "Négociation"]);
  assert.equal(labelOf("amendment_states", "archived"), "archived");
  setLanguage("ar");
  assert.equal(labelOf("roles", "co_facilitator"), "الميسّر المشارك");
  setLanguage("en");
  assert.equal(labelOf("amendment_states", "not_reflected"), "Not reflected");
});
