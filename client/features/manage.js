// The screen "Phases, silence and presence": moving the phase, silence procedures, the time
// zone the room works in and who is online, each as the server offers it to the person.
import { h, screenRoot, field } from "../lib/dom.js";
import { patch } from "../lib/api.js";
import { notify, errorText } from "../lib/ui.js";
import { state, enterProcess, setView, may } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { movePhaseForm } from "./phases.js";
import { loadSilences, silenceCard, silenceRevisions } from "./silence.js";
import { presenceBox } from "./presence.js";
import { zonedTime, DEFAULT_ZONE } from "./silence-procedures.js";
import { t } from "../lib/i18n.js";

/** The process's time zone (co-facilitators: "process.configure"): an IANA name, checked by the server. */
function timeZoneForm(processId, process) {
  const zone = process.time_zone ?? DEFAULT_ZONE;
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const input = h("input", { type: "text", name: "time_zone", value: zone, required: true, list: "iana-zones",
    autocomplete: "off", spellcheck: "false", maxlength: "64" });
  const error = h("p.error", { role: "alert" });
  return h("form.card.time-zone", {
    on: {
      submit: async (e) => {
        e.preventDefault();
        error.textContent = "";
        try {
          await patch(`/processes/${processId}`, { time_zone: input.value.trim() });
          notify(t("admin.manage.zoneSet", { zone: input.value.trim() }));
          state.invalidate();
          await state.view?.refresh();
        } catch (err) { error.textContent = errorText(err); }
      },
    },
  }, h("h3", t("admin.manage.zoneTitle")),
  h("p", t("admin.manage.zoneNow"), " ", h("strong", zonedTime(new Date().toISOString(), zone))),
  field(t("admin.manage.zoneField"), input, t("admin.manage.zoneHint")),
  h("datalist#iana-zones", zones.map((z) => h("option", { value: z }))), error,
  h("button", { type: "submit" }, t("admin.manage.zoneSubmit")));
}

export async function manage(processId) {
  const presence = presenceBox(processId);
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const [silences, revisions] = await Promise.all([loadSilences(processId), silenceRevisions()]);
    root.replaceChildren(processNav("manage"),
      h("section", { "aria-labelledby": "manage-title" },
        h("h2#manage-title", t("admin.manage.title")),
        h("div.grid", movePhaseForm(processId, p), silenceCard(processId, silences, revisions),
          may("process.configure") ? timeZoneForm(processId, p) : null,
          h("div.card", h("h3", t("admin.manage.online")), presence.box))));
    await presence.load();
  };
  setView(render);
  await render();
}
