// The phase of a process: where it stands (process home) and moving it, to exactly the phases
// the server offers the person now (process.phase_moves).
import { h, field, select } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { catalogue, phaseLabel } from "../lib/labels.js";
import { notify, errorText } from "../lib/ui.js";
import { state } from "../lib/state.js";
import { phaseSteps, moveNeedsReason, phaseChangeBody } from "./phase-moves.js";

/** Process home: the phase, among all phases in their order. */
export function phaseCard(process) {
  return h("div.card", h("h3", "Phase"), h("p.big", phaseLabel(process.phase)),
    h("ol.phases", phaseSteps(catalogue().phases, process.phase).map((p) =>
      h("li", { class: p.current ? "current" : "", "aria-current": p.current ? "step" : null }, p.label))));
}

/** Moving the process to another phase: the moves offered, a reason where one is needed. */
export function movePhaseForm(processId, process) {
  const moves = process.phase_moves ?? [];
  const now = h("p", `Now: ${phaseLabel(process.phase)}`);
  if (moves.length === 0) {
    return h("div.card.phase-move", h("h3", "Phase"), now, h("p.hint", "No move of the phase is open to you now."));
  }
  const phase = select(moves.map((m) => [m.phase, phaseLabel(m.phase)]), moves[0].phase, { name: "phase" });
  const reason = h("input", { type: "text", name: "reason" });
  const reasonField = field("Reason for going back", reason, "Going back to an earlier phase is recorded with its reason.");
  const sync = () => {
    const needed = moveNeedsReason(moves, phase.value);
    reasonField.hidden = !needed;
    reason.required = needed;
  };
  phase.addEventListener("change", sync);
  sync();
  return h("form.card.phase-move", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/processes/${processId}/phase`, phaseChangeBody(process, phase.value, reason.value));
          notify(`Phase: ${phaseLabel(phase.value)}.`);
          state.invalidate();
        } catch (err) { notify(errorText(err), "error"); }
        await state.view?.refresh();
      },
    },
  }, h("h3", "Phase"), now, field("Move to", phase), reasonField, h("button.primary", { type: "submit" }, "Move phase"));
}
