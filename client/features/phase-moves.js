// The phase of a process on screen: the steps in the catalogue's order, and the moves the
// server offers (process.phase_moves), each saying whether it needs a reason. Pure: no DOM.

/**
 * The phases in their order (the catalogue's `phases`), the current one marked.
 * phaseSteps([{code: "consultation", label: "Consultation"}, ...], "consultation")
 *   -> [{code: "consultation", label: "Consultation", current: true}, ...]
 */
export function phaseSteps(phases, current) {
  return phases.map((p) => ({ ...p, current: p.code === current }));
}

/** Whether the server asks a reason for this move (going back); false for a move not offered. */
export function moveNeedsReason(moves, phase) {
  return moves.find((m) => m.phase === phase)?.needs_reason ?? false;
}

/**
 * The body of POST /processes/{id}/phase: the move, the phase it starts from (a stale
 * screen is refused), and the reason only where the move needs one.
 */
export function phaseChangeBody(process, phase, reason) {
  const needed = moveNeedsReason(process.phase_moves, phase);
  return { phase, expected_phase: process.phase, reason: needed ? reason.trim() || null : null };
}

/**
 * The move a form selects: the one the person chose last (kept after a refused attempt, so a
 * retry needs no choosing again) when the server still offers it, else the first offered.
 * chosenMove([{phase: "stocktaking"}, {phase: "negotiation"}], "negotiation") -> "negotiation"
 */
export function chosenMove(moves, wanted) {
  return moves.some((m) => m.phase === wanted) ? wanted : moves[0]?.phase ?? null;
}
