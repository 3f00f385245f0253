// The processes you take part in, and a process's home: its phase, the next deadline and
// the latest revision of each document.
import { h, userText, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { fmtDate } from "../lib/format.js";
import { phaseLabel, roleLabel } from "../lib/labels.js";
import { latestRevision } from "../lib/revisions.js";
import { state, enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { yourPart } from "./people-list.js";
import { importLink } from "./import-draft.js";
import { phaseCard } from "./phases.js";
import { loadSilences, nextDeadlineCard, silenceListCard } from "./silence.js";

export async function processList() {
  state.processId = null;
  const render = async () => {
    const root = screenRoot();
    const processes = await get("/processes");
    root.replaceChildren(h("section", { "aria-labelledby": "processes-title" },
      h("h2#processes-title", "Your processes"),
      processes.length === 0 ? h("p", "You take part in no process yet.") : null,
      h("ul#process-list.cards", processes.map((p) => h("li.card",
        h("h3", h("a", { href: `#/p/${p.id}` }, userText("span", p.title))),
        h("p", "Phase: ", phaseLabel(p.phase), " · Your role: ", yourPart(p, roleLabel),
          p.your_delegation ? ` (${p.your_delegation})` : ""))))));
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
      h("h2#home-title", "Process home"),
      h("div.grid",
        phaseCard(p),
        nextDeadlineCard(silences),
        h("div.card", h("h3", "Latest revision"),
          docs.length === 0 ? h("p", "No document yet.") : docs.map((d) => {
            const latest = latestRevision(d);
            return h("div",
              userText("p", d.title, "doc-title"),
              latest ? h("p", h("a", { href: `#/p/${p.id}/text/${d.id}/${latest.sequence}` }, `Read ${latest.label ?? "the latest revision"}`),
                ` — published ${fmtDate(latest.published_at)}`) : h("p", "Not yet published."));
          }),
          importLink(p))),
      silenceListCard(silences));
    root.replaceChildren(processNav("home"), body);
  };
  setView(render);
  await render();
}
