// The room screen: the working copy (while it is shown to you) or the latest revision, in
// large type for the projector, following the paragraph under discussion, brackets and
// alternatives highlighted, each paragraph updated live as the pen-holders type. Read-only.
import { t } from "../lib/i18n.js";
import * as Y from "../vendor/esm/yjs/dist/yjs.js";
import { h, userText, screenRoot, viewRoot } from "../lib/dom.js";
import { get } from "../lib/api.js";
import { latestRevision } from "../lib/revisions.js";
import { errorText } from "../lib/ui.js";
import { state, enterProcess, setView, revisionOf } from "../lib/state.js";
import { CoeditSession, coeditSocket } from "../lib/coedit.js";
import { roomRanges } from "./room-brackets.js";
import { optionLayout } from "../lib/richtext.js";
import { editorialNotes, footnoteList, optionLabel, optionClasses, richRuns } from "../lib/richtext-view.js";

let watching = null; // the co-editing session the screen follows (watch only)

/** The paragraph's text with its brackets highlighted; its formatting and footnote marks while
 * the text is the one they were given for (`unit`'s), plain as the pen-holders type past it. */
function paragraphText(node, text, unit) {
  const value = text ?? "";
  const rich = unit && unit.text === value ? unit : {};
  node.replaceChildren(...richRuns(value, { marks: rich.marks, footnotes: rich.footnotes, extraRanges: roomRanges(value, unit), key: unit?.key }));
}

function unitNode(unit, discussed, option) {
  const inOption = optionClasses(option).map((c) => "." + c).join("");
  if (unit.kind === "section" || unit.kind === "preamble") {
    const heading = userText("h3.room-heading", unit.heading ?? unit.text ?? "");
    return option ? h(`div.room-heading-box${inOption}`, { "data-key": unit.key }, optionLabel(option), heading) : heading;
  }
  const text = h("p.room-text", { dir: "auto" });
  paragraphText(text, unit.option?.no_text && !unit.text ? t("reading.room.noText") : unit.text, unit);
  return h(`div.room-unit.status-${unit.status}${discussed ? ".discussed" : ""}${inOption}`,
    { "data-key": unit.key, "aria-current": discussed ? "true" : null },
    h("span.room-number", unit.number ?? ""), h("div.room-body", optionLabel(option), text, editorialNotes(unit), footnoteList(unit)));
}

/** `sequence` (the route's ?revision=N) shows that published revision instead. */
export async function room(processId, docId, sequence = null) {
  document.body.classList.add("room-screen");
  const leave = () => {
    if (!location.hash.includes(`/room/${docId}`)) {
      document.body.classList.remove("room-screen");
      watching?.close();
      watching = null;
      window.removeEventListener("hashchange", leave);
    }
  };
  window.addEventListener("hashchange", leave);

  const render = async () => {
    const root = screenRoot();
    await enterProcess(processId);
    const doc = state.documents.find((d) => d.id === docId);
    const at = await get(`/documents/${docId}/room`);
    let text;
    let source;
    const live = at.working_copy_visible && sequence === null;
    if (sequence !== null) {
      text = await revisionOf(docId, sequence);
      source = text.label ?? t("common.revisionN", { n: sequence });
    } else if (live) {
      text = await get(`/documents/${docId}/working-copy`);
      source = t("reading.room.workingLive");
    } else {
      const latest = latestRevision(doc);
      text = latest ? await revisionOf(docId, latest.sequence) : { units: [] };
      source = latest?.label ?? t("reading.room.nothingPublished");
    }
    const list = h("div.room-text-list");
    const nodes = new Map();
    const options = optionLayout(text.units);
    const units = new Map(text.units.map((u) => [u.key, u]));
    for (const unit of text.units) {
      const node = unitNode(unit, unit.key === at.under_discussion, options.get(unit.key));
      nodes.set(unit.key, node);
      list.append(node);
    }
    // Named as the text numbers it (the server's name), never by its internal key.
    const discussedUnit = text.units.find((u) => u.key === at.under_discussion);
    const discussed = at.under_discussion
      ? discussedUnit?.name ?? at.under_discussion_number ?? t("reading.room.aParagraph") : null;
    root.replaceChildren(h("section.room", { "aria-labelledby": "room-title" },
      h("header.room-bar",
        h("h2#room-title", doc?.title ?? t("reading.room.text")),
        h("p.room-source", source),
        h("p.room-discussed", { "aria-live": "polite" }, discussed ? t("reading.room.underDiscussion", { paragraph: discussed }) : t("reading.room.noneDiscussed")),
        h("a.room-exit", { href: `#/p/${processId}` }, t("reading.room.leave"))),
      list));
    if (!root.current) return; // the person moved on while this was drawn
    nodes.get(at.under_discussion)?.scrollIntoView({ block: "center" });
    if (live) follow(docId, nodes, units);
    else { watching?.close(); watching = null; }
  };
  setView(() => render().catch((e) => viewRoot().replaceChildren(h("p.error", { role: "alert" }, errorText(e)))));
  await render();
}

function follow(docId, nodes, units) {
  const shown = (key, value) => {
    const node = nodes.get(key)?.querySelector(".room-text");
    if (node) paragraphText(node, value, units.get(key));
  };
  if (!watching || watching.documentId !== docId || watching.closed) {
    watching?.close();
    watching = new CoeditSession({ Y, socket: coeditSocket(), documentId: docId, on: {
      text: (key, value) => watching.shown?.(key, value),
      reset: () => state.view?.refresh?.(),
    } });
  }
  watching.shown = shown;
  for (const key of nodes.keys()) {
    if (nodes.get(key).querySelector(".room-text")) watching.sync(key);
  }
}
