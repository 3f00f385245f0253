// The processes you take part in (with, for whom the server allows it, "Open a process": its
// title, the time zone the room works in and the phase it opens in), and a process's home: its
// phase, the next deadline and the latest revision of each document.
import { h, userText, screenRoot, field, select } from "../lib/dom.js";
import { get, post } from "../lib/api.js";
import { fmtDate } from "../lib/format.js";
import { phaseLabel, roleLabel, options } from "../lib/labels.js";
import { submitting, notify } from "../lib/ui.js";
import { DEFAULT_ZONE } from "./silence-procedures.js";
import { mayOpenProcess } from "./new-process.js";
import { latestRevision } from "../lib/revisions.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { t } from "../lib/i18n.js";
import { processNav } from "./process-nav.js";
import { yourPart } from "./people-list.js";
import { importLink } from "./import-draft.js";
import { phaseCard } from "./phases.js";
import { loadSilences, nextDeadlineCard, silenceListCard } from "./silence.js";

/** Opening a process: the server makes its address from the title. */
function newProcessForm() {
  const title = h("input", { type: "text", name: "title", required: true, maxlength: "300", dir: "auto" });
  const zones = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
  const zone = h("input", { type: "text", name: "time_zone", value: DEFAULT_ZONE, required: true, list: "new-process-zones",
    autocomplete: "off", spellcheck: "false", maxlength: "64" });
  const phase = select(options("phases"), "consultation", { name: "phase" });
  const error = h("p.error", { role: "alert" });
  return h("form.card#new-process", { "aria-labelledby": "new-process-title",
    on: { submit: submitting(error, async () => {
      const made = await post("/processes", { title: title.value, time_zone: zone.value.trim(), phase: phase.value });
      notify(t("common.processOpened", { title: made.title }));
      location.hash = `#/p/${made.id}/people`;
    }) } },
  h("h3#new-process-title", t("common.openProcess")),
  field(t("common.title"), title, t("common.titleHint")),
  field(t("common.timeZone"), zone, t("common.timeZoneHint")),
  h("datalist#new-process-zones", zones.map((z) => h("option", { value: z }))),
  field(t("common.phaseOpensIn"), phase),
  h("button", { type: "submit" }, t("common.openTheProcess")), error);
}

export async function processList() {
  state.processId = null;
  const render = async () => {
    const root = screenRoot();
    const processes = await get("/processes");
    root.replaceChildren(h("section", { "aria-labelledby": "processes-title" },
      h("h2#processes-title", t("common.yourProcesses")),
      processes.length === 0 ? h("p", t("common.noProcess")) : null,
      h("ul#process-list.cards", processes.map((p) => h("li.card",
        h("h3", h("a", { href: `#/p/${p.id}` }, userText("span", p.title))),
        h("p", t("common.phaseRole", { phase: phaseLabel(p.phase), role: yourPart(p, roleLabel) }),
          p.your_delegation ? ` (${p.your_delegation})` : "")))),
      mayOpenProcess(state.me) ? newProcessForm() : null));
  };
  setView(render);
  await render();
}

export async function home(processId) {
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const silences = await loadSilences(processId);
    const docs = state.documents;
    const body = h("section", { "aria-labelledby": "home-title" },
      h("h2#home-title", t("common.processHome")),
      h("div.grid",
        phaseCard(p),
        nextDeadlineCard(silences),
        h("div.card", h("h3", t("common.latestRevision")),
          docs.length === 0 ? h("p", t("common.noDocument")) : docs.map((d) => {
            const latest = latestRevision(d);
            return h("div",
              userText("p", d.title, "doc-title"),
              latest ? h("p", h("a", { href: `#/p/${p.id}/text/${d.id}/${latest.sequence}` }, t("common.readRevision", { revision: latest.label ?? t("common.theLatestRevision") })),
                t("common.publishedOn", { date: fmtDate(latest.published_at) })) : h("p", t("common.notPublished")));
          }),
          importLink(p))),
      silenceListCard(silences));
    root.replaceChildren(processNav("home"), body);
  };
  setView(render);
  await render();
}
