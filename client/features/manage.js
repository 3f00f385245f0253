// The screen "Phases, silence and presence": moving the phase, silence procedures and who is
// online, each as the server offers it to the person.
import { h, screenRoot } from "../lib/dom.js";
import { enterProcess, setView } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { movePhaseForm } from "./phases.js";
import { loadSilences, silenceCard, silenceRevisions } from "./silence.js";
import { presenceBox } from "./presence.js";

export async function manage(processId) {
  const presence = presenceBox(processId);
  const render = async () => {
    const root = screenRoot();
    const p = await enterProcess(processId);
    const [silences, revisions] = await Promise.all([loadSilences(processId), silenceRevisions()]);
    root.replaceChildren(processNav("manage"),
      h("section", { "aria-labelledby": "manage-title" },
        h("h2#manage-title", "Phases, silence and presence"),
        h("div.grid", movePhaseForm(processId, p), silenceCard(processId, silences, revisions),
          h("div.card", h("h3", "Who is online, per delegation"), presence.box))));
    await presence.load();
  };
  setView(render);
  await render();
}
