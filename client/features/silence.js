// Silence procedures: the next deadline (with breaking silence, for delegations) and the list
// on the process home, and starting one on the co-facilitators' screen.
import { h, userText, field, select } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { fmtDate, countdown, localInput } from "../lib/format.js";
import { notify, errorText } from "../lib/ui.js";
import { state, isDelegate, isCofac } from "../lib/state.js";
import { runningSilences, silenceSummary, silenceStatus, defaultDeadline } from "./silence-procedures.js";

/** The process's silence procedures ([] when they may not be read). */
export function loadSilences(processId) {
  return get(`/processes/${processId}/silence`).catch(() => []);
}

const breaksList = (s) => (s.breaks.length ? h("ul", s.breaks.map((b) => h("li", "Broken: ", userText("span", b.reason)))) : null);

/** Process home: the running procedures, their deadline and what is left of it. */
export function nextDeadlineCard(silences) {
  const running = runningSilences(silences);
  return h("div.card", h("h3", "Next deadline"),
    running.length === 0 ? h("p", "No silence procedure is running.")
      : running.map((s) => h("div.silence",
        h("p", h("strong", `Silence procedure on ${s.revision_label ?? "a revision"}`), " until ",
          h("time", { datetime: s.deadline }, fmtDate(s.deadline))),
        h("p", countdown(s.deadline)),
        isDelegate() ? breakSilenceForm(s) : null)));
}

/** Process home: every procedure and who broke it, why (null when there is none). */
export function silenceListCard(silences) {
  return silences.length ? h("div.card", h("h3", "Silence procedures"),
    h("ul", silences.map((s) => h("li", silenceSummary(s), breaksList(s))))) : null;
}

function breakSilenceForm(silence) {
  const reason = h("textarea", { rows: 2, required: true });
  return h("form.inline-form", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/silence/${silence.id}/break`, { reason: reason.value });
          notify("Silence broken.");
          state.view?.refresh();
        } catch (err) { notify(errorText(err), "error"); }
      },
    },
  }, field("Break silence: your reason, in writing", reason), h("button", { type: "submit" }, "Break silence"));
}

/** Co-facilitators' screen: the procedures so far, and starting one on a revision. */
export function startSilenceForm(processId, silences) {
  const revisions = state.documents.flatMap((d) => d.revisions.map((r) => [r.id, `${d.title.slice(0, 40)} — ${r.label}`]));
  const revSel = select(revisions.slice().reverse(), revisions.at(-1)?.[0], { name: "revision" });
  const deadline = h("input", { type: "datetime-local", name: "deadline", required: true,
    value: localInput(defaultDeadline()) });
  return h("form.card", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/processes/${processId}/silence`, { revision_id: Number(revSel.value), deadline: new Date(deadline.value).toISOString() });
          notify("Silence procedure started.");
        } catch (err) { notify(errorText(err), "error"); }
        await state.view?.refresh();
      },
    },
  }, h("h3", "Silence procedure"),
  silences.length ? h("ul", silences.map((s) => h("li", silenceStatus(s), breaksList(s)))) : h("p", "None yet."),
  field("Revision", revSel), field("Deadline (local time)", deadline, "At least the process's minimum (72 hours by default)."),
  h("button.primary", { type: "submit", disabled: !isCofac() }, "Start silence procedure"));
}
