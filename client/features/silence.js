// Silence procedures: the next deadline (with breaking silence, where the server offers it)
// and the list on the process home, and starting one on the screen "Phases, silence and
// presence" (for whom the server lets start one).
import { h, userText, field, select } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { countdown } from "../lib/format.js";
import { notify, errorText, confirmPanel } from "../lib/ui.js";
import { state, may, revisionOf } from "../lib/state.js";
import { runningSilences, silenceSummary, silenceStatus, silenceChoices, defaultDeadline,
  zonedTime, zonedInput, zonedInputToIso, zoneName, breakLine, DEFAULT_ZONE } from "./silence-procedures.js";
import { t } from "../lib/i18n.js";

/** The process's silence procedures ([] when they may not be read). */
export function loadSilences(processId) {
  return get(`/processes/${processId}/silence`).catch(() => []);
}

// Who broke silence and when (as far as the server names them), and their reason as they wrote it.
const breaksList = (s) => (s.breaks.length ? h("ul.silence-breaks", s.breaks.map((b) => h("li",
  h("strong", breakLine(b, s.time_zone)), " ", userText("q", b.reason)))) : null);

/** Process home: the running procedures, their deadline and what is left of it. */
export function nextDeadlineCard(silences) {
  const running = runningSilences(silences);
  return h("div.card", h("h3", t("admin.silence.nextDeadline")),
    running.length === 0 ? h("p", t("admin.silence.noneRunning"))
      : running.map((s) => h("div.silence",
        h("p", h("strong", s.revision_label ? t("admin.silence.procedureOn", { revision: s.revision_label })
          : t("admin.silence.procedureOnARevision")), " ", t("admin.silence.until"), " ",
          h("time", { datetime: s.deadline }, zonedTime(s.deadline, s.time_zone))),
        h("p", countdown(s.deadline)),
        s.actions?.includes("break") ? breakSilenceForm(s) : null)));
}

/** Process home: every procedure and who broke it, why (null when there is none). */
export function silenceListCard(silences) {
  return silences.length ? h("div.card", h("h3", t("admin.silence.procedures")),
    h("ul", silences.map((s) => h("li", silenceSummary(s), breaksList(s))))) : null;
}

function breakSilenceForm(silence) {
  const reason = h("textarea", { rows: 2, required: true });
  const form = h("form.inline-form", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        const sure = await confirmPanel(form, t("admin.silence.breakQuestion"),
          h("p", silence.revision_label ? t("admin.silence.breakExplained", { revision: silence.revision_label })
            : t("admin.silence.breakExplainedRevision")),
          t("admin.silence.break"));
        if (!sure) return;
        try {
          await post(`/silence/${silence.id}/break`, { reason: reason.value });
          notify(t("admin.silence.broken"));
          state.invalidate();
          state.view?.refresh();
        } catch (err) { notify(errorText(err), "error"); }
      },
    },
  }, field(t("admin.silence.breakReason"), reason), h("button", { type: "submit" }, t("admin.silence.break")));
  return form;
}

/**
 * The revisions the server says a silence procedure may be started on now (their actions
 * hold "start_silence"): [[revision id, "document — label"], ...]; [] for whom it may not.
 */
export async function silenceRevisions() {
  if (!may("silence.start")) return [];
  const published = state.documents.flatMap((d) => d.revisions.map((r) => [d, r]));
  const revisions = await Promise.all(published.map(([d, r]) => revisionOf(d.id, r.sequence)));
  return silenceChoices(published.map(([document], i) => ({ document, revision: revisions[i] })));
}

/** The procedures so far and, on the revisions the server offers (silenceRevisions), starting one. */
export function silenceCard(processId, silences, revisions) {
  const list = silences.length ? h("ul", silences.map((s) => h("li", silenceStatus(s), breaksList(s)))) : h("p", t("admin.silence.noneYet"));
  if (!revisions.length) return h("div.card", h("h3", t("admin.silence.procedure")), list);
  const revSel = select(revisions, revisions[0][0], { name: "revision" });
  const zone = state.process?.time_zone ?? DEFAULT_ZONE;
  const deadline = h("input", { type: "datetime-local", name: "deadline", required: true,
    value: zonedInput(defaultDeadline(), zone) });
  return h("form.card", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        try {
          await post(`/processes/${processId}/silence`, { revision_id: Number(revSel.value), deadline: zonedInputToIso(deadline.value, zone) });
          notify(t("admin.silence.started"));
          state.invalidate(); // what the process offers changes (no phase move while it runs)
        } catch (err) { notify(errorText(err), "error"); }
        await state.view?.refresh();
      },
    },
  }, h("h3", t("admin.silence.procedure")), list,
  field(t("admin.silence.revision"), revSel), field(t("admin.silence.deadline", { zone: zoneName(zone) }), deadline,
    t("admin.silence.deadlineHint", { zone })),
  h("button.primary", { type: "submit" }, t("admin.silence.start")));
}
