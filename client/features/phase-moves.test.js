import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE } from "../lib/catalogue.fixture.js";
import { phaseSteps, moveNeedsReason, phaseChangeBody, chosenMove } from "./phase-moves.js";

// A co-facilitator's GET /processes/{id} in negotiation.
const process = { id: 1, phase: "negotiation", phase_moves: [
  { phase: "consultation", needs_reason: true }, { phase: "stocktaking", needs_reason: true },
  { phase: "concluded", needs_reason: false }] };

test("phaseSteps: the catalogue's phases in its order, the current one marked", () => {
  assert.deepEqual(phaseSteps(CATALOGUE.phases, "stocktaking").map((p) => [p.code, p.current]),
    [["consultation", false], ["stocktaking", true], ["negotiation", false], ["concluded", false]]);
});

test("a move needs a reason only where the server says so", () => {
  assert.equal(moveNeedsReason(process.phase_moves, "consultation"), true);
  assert.equal(moveNeedsReason(process.phase_moves, "concluded"), false);
  assert.equal(moveNeedsReason(process.phase_moves, "negotiation"), false);
  assert.equal(moveNeedsReason([], "consultation"), false);
});

test("phaseChangeBody sends the reason only with a move that needs one", () => {
  assert.deepEqual(phaseChangeBody(process, "consultation", " Further informals are needed. "),
    { phase: "consultation", expected_phase: "negotiation", reason: "Further informals are needed." });
  assert.deepEqual(phaseChangeBody(process, "consultation", ""), { phase: "consultation", expected_phase: "negotiation", reason: null });
  assert.deepEqual(phaseChangeBody(process, "concluded", "typed, then the move changed"),
    { phase: "concluded", expected_phase: "negotiation", reason: null });
});

test("after a refused move the form keeps the person's choice, while the server still offers it", () => {
  const moves = [{ phase: "stocktaking", needs_reason: false }, { phase: "negotiation", needs_reason: false }];
  assert.equal(chosenMove(moves, "negotiation"), "negotiation");
  assert.equal(chosenMove(moves, undefined), "stocktaking");
  assert.equal(chosenMove(moves, "concluded"), "stocktaking"); // no longer offered
  assert.equal(chosenMove([], "negotiation"), null);
});
