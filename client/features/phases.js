// The phase of a process: where it stands (process home) and moving it, to exactly the phases
// the server offers the person now (process.phase_moves).
import { h, field, select } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { catalogue, phaseLabel } from "../lib/labels.js";
import { notify, errorText, confirmPanel } from "../lib/ui.js";
import { state } from "../lib/state.js";
import { phaseSteps, moveNeedsReason, phaseChangeBody, chosenMove } from "./phase-moves.js";

// What the person chose in the form, kept across the re-rendering after a refused move (the
// screen is read again from the server, so a retry starts from the process as it is now).
let kept = null;

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
  const again = kept?.processId === processId ? kept : null;
  kept = null;
  const phase = select(moves.map((m) => [m.phase, phaseLabel(m.phase)]), chosenMove(moves, again?.phase), { name: "phase" });
  const reason = h("input", { type: "text", name: "reason", value: again?.reason ?? "" });
  const error = h("p.error", { role: "alert" }, again?.error ?? "");
  const reasonField = field("Reason for going back", reason, "Going back to an earlier phase is recorded with its reason.");
  const sync = () => {
    const needed = moveNeedsReason(moves, phase.value);
    reasonField.hidden = !needed;
    reason.required = needed;
  };
  phase.addEventListener("change", sync);
  sync();
  const form = h("form.card.phase-move", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        const target = phaseLabel(phase.value);
        const sure = await confirmPanel(form, `Move the process to ${target}?`,
          h("p", `Everyone in the process moves from ${phaseLabel(process.phase)} to ${target}: what each person may do changes at once, and the move is recorded in the history.`),
          "Move phase");
        if (!sure) return;
        try {
          await post(`/processes/${processId}/phase`, phaseChangeBody(process, phase.value, reason.value));
          notify(`Phase: ${target}.`);
        } catch (err) {
          kept = { processId, phase: phase.value, reason: reason.value, error: errorText(err) };
          notify(errorText(err), "error");
        }
        state.invalidate(); // succeeded or refused: read the process as it is now
        await state.view?.refresh();
      },
    },
  }, h("h3", "Phase"), now, field("Move to", phase), reasonField, error, h("button.primary", { type: "submit" }, "Move phase"));
  return form;
}
