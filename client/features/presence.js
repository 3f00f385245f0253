// Who is online in a process, per delegation (over the live connection), shown to whom the
// server shows it.
import { t } from "../lib/i18n.js";
import { h } from "../lib/dom.js";
import { presenceLabel } from "../lib/labels.js";
import * as live from "../lib/live.js";

/** The box listing who is online; it follows the live presence messages of processId. */
export function presenceBox(processId) {
  const box = h("div#presence", { "aria-live": "polite" });
  const show = (presence) => {
    if (!presence || presence.process_id !== processId) return;
    box.replaceChildren(h("ul", presence.delegations.map((d) => h("li", presenceLabel(d)))));
  };
  live.onPresence(show);
  return {
    box,
    /** Asks for the current presence; shows "Connecting…" until it comes, or the server's refusal. */
    async load() {
      const answer = await live.requestPresence(processId);
      if (answer?.refused) box.replaceChildren(h("p", answer.refused));
      else show(answer?.presence);
      if (!box.childNodes.length) box.append(h("p", t("common.connecting")));
    },
  };
}
