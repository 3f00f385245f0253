// The timeline of revisions and silence procedures, and (for whom the server shows it) the
// process's hash-chained history.
import { t, tParts, currentLanguage, direction } from "../lib/i18n.js";
import { h, userText, screenRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { fmtDate } from "../lib/format.js";
import { zonedTime } from "./silence-procedures.js";
import { revisionName } from "../lib/revisions.js";
import { state, enterProcess, setView, may } from "../lib/state.js";
import { processNav } from "./process-nav.js";
import { exportMenu } from "./export-menu.js";
import { loadSilences } from "./silence.js";
import { timelineEntries, recentHistory } from "./timeline-entries.js";

function entryNode(processId, entry) {
  if (entry.kind === "silence") {
    const s = entry.silence;
    return h("div", h("strong", t("reading.timeline.silence")), t("reading.timeline.silenceOn", { revision: s.revision_label, deadline: zonedTime(s.deadline, s.time_zone), state: s.state }));
  }
  const { document: d, revision: r, previous } = entry;
  return h("div",
    tParts("reading.timeline.published", { revision: h("strong", revisionName(r)), document: userText("span", d.title) }),
    h("a", { href: `#/p/${processId}/text/${d.id}/${r.sequence}` }, t("reading.timeline.read")),
    previous ? [" · ", h("a", { href: `#/p/${processId}/compare/${d.id}?from=${previous.sequence}&to=${r.sequence}` }, t("reading.timeline.whatChanged", { revision: previous.label ?? revisionName(previous) }))] : null);
}

/**
 * A history sentence as text, in the direction of the language it is in (an Arabic sentence
 * right to left even when it starts with a delegation's name in Latin letters), marked
 * lang="en" where only the server's English came.
 */
function sentenceIn(tag, text, lang) {
  const node = h(tag, { dir: direction(lang) });
  node.textContent = text ?? "";
  if (lang && lang !== currentLanguage()) node.lang = lang;
  return node;
}

export async function timeline(processId) {
  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const silences = await loadSilences(processId);
    let log = null;
    if (may("log.view")) log = await get(`/processes/${processId}/log`, { limit: 1000 }).catch(() => null);
    const entries = timelineEntries(state.documents, silences);
    root.replaceChildren(processNav("timeline"),
      h("section", { "aria-labelledby": "tl-title" },
        h("div.toolbar", h("h2#tl-title", t("reading.timeline.title")), exportMenu("feed", { process: processId })),
        h("ol.timeline", entries.map((e) => h("li", h("time", { datetime: e.at }, fmtDate(e.at)), entryNode(processId, e)))),
        log ? h("details.card", h("summary", t("reading.timeline.history", { count: log.length })),
          h("ol.log", recentHistory(log).map((entry) => h("li", h("time", { datetime: entry.at }, fmtDate(entry.at)), ` #${entry.seq} `,
            sentenceIn("span", entry.text, entry.lang))))) : null));
  };
  setView(render);
  await render();
}
