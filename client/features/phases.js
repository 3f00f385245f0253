// The phase of a process: where it stands (process home) and moving it, to exactly the phases
// the server offers the person now (process.phase_moves).
import { h, field, select } from "../lib/dom.js";
import { post } from "../lib/api.js";
import { catalogue, phaseLabel } from "../lib/labels.js";
import { notify, errorText, confirmPanel } from "../lib/ui.js";
import { state } from "../lib/state.js";
import { phaseSteps, moveNeedsReason, phaseChangeBody, chosenMove } from "./phase-moves.js";
import { t } from "../lib/i18n.js";

// What the person chose in the form, kept across the re-rendering after a refused move (the
// screen is read again from the server, so a retry starts from the process as it is now).
let kept = null;

/** Process home: the phase, among all phases in their order. */
export function phaseCard(process) {
  return h("div.card", h("h3", t("admin.phases.phase")), h("p.big", phaseLabel(process.phase)),
    h("ol.phases", phaseSteps(catalogue().phases, process.phase).map((p) =>
      h("li", { class: p.current ? "current" : "", "aria-current": p.current ? "step" : null }, p.label))));
}

/** Moving the process to another phase: the moves offered, a reason where one is needed. */
export function movePhaseForm(processId, process) {
  const moves = process.phase_moves ?? [];
  const now = h("p", t("admin.phases.now", { phase: phaseLabel(process.phase) }));
  if (moves.length === 0) {
    return h("div.card.phase-move", h("h3", t("admin.phases.phase")), now, h("p.hint", t("admin.phases.noMove")));
  }
  const again = kept?.processId === processId ? kept : null;
  kept = null;
  const phase = select(moves.map((m) => [m.phase, phaseLabel(m.phase)]), chosenMove(moves, again?.phase), { name: "phase" });
  const reason = h("input", { type: "text", name: "reason", value: again?.reason ?? "" });
  const error = h("p.error", { role: "alert" }, again?.error ?? "");
  const reasonField = field(t("admin.phases.reason"), reason, t("admin.phases.reasonHint"));
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
        const sure = await confirmPanel(form, t("admin.phases.moveQuestion", { phase: target }),
          h("p", t("admin.phases.moveExplained", { from: phaseLabel(process.phase), to: target })),
          t("admin.phases.move"));
        if (!sure) return;
        try {
          await post(`/processes/${processId}/phase`, phaseChangeBody(process, phase.value, reason.value));
          notify(t("admin.phases.moved", { phase: target }));
        } catch (err) {
          kept = { processId, phase: phase.value, reason: reason.value, error: errorText(err) };
          notify(errorText(err), "error");
        }
        state.invalidate(); // succeeded or refused: read the process as it is now
        await state.view?.refresh();
      },
    },
  }, h("h3", t("admin.phases.phase")), now, field(t("admin.phases.moveTo"), phase), reasonField, error,
  h("button.primary", { type: "submit" }, t("admin.phases.move")));
  return form;
}
