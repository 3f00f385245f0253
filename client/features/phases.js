// The phase of a process: where it stands (process home) and moving it (co-facilitators).
import { h, field, select } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { PHASE_LABELS, labelOf, options } from "../lib/labels.js";
import { notify, errorText } from "../lib/ui.js";
import { state, isCofac } from "../lib/state.js";

/** Process home: the phase, among all phases in their order. */
export function phaseCard(process) {
  const phase = process.phase;
  return h("div.card", h("h3", "Phase"), h("p.big", labelOf(PHASE_LABELS, phase)),
    h("ol.phases", Object.keys(PHASE_LABELS).map((ph) =>
      h("li", { class: ph === phase ? "current" : "", "aria-current": ph === phase ? "step" : null }, PHASE_LABELS[ph]))));
}

/** Co-facilitators' screen: move the process to another phase (a reason to go back). */
export function movePhaseForm(processId, process) {
  const phase = select(options(PHASE_LABELS), process.phase, { name: "phase" });
  const reason = h("input", { type: "text", name: "reason" });
  return h("form.card", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/processes/${processId}/phase`, { phase: phase.value, expected_phase: process.phase, reason: reason.value || null });
          notify(`Phase: ${PHASE_LABELS[phase.value]}.`);
          state.invalidate();
        } catch (err) { notify(errorText(err), "error"); }
        await state.view?.refresh();
      },
    },
  }, h("h3", "Phase"), h("p", `Now: ${PHASE_LABELS[process.phase]}`), field("Move to", phase),
  field("Reason (needed to go back)", reason), h("button.primary", { type: "submit", disabled: !isCofac() }, "Move phase"));
}
