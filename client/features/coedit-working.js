// The working copy's paragraphs co-edited live: each text box bound to its paragraph's shared
// document (lib/coedit.js), who edits which paragraph shown beside it, and the room controls
// (the paragraph under discussion, sharing, the room screen). Called by working-copy.js after
// each render; the session outlives renders, so nothing typed is lost when the view redraws.
import { t } from "../lib/i18n.js";
import * as Y from "../vendor/esm/yjs/dist/yjs.js";
import { h } from "../lib/dom.js";
import { get, put } from "../lib/api.js";
import { notify, errorText } from "../lib/ui.js";
import { state } from "../lib/state.js";
import { CoeditSession, coeditSocket } from "../lib/coedit.js";
import { textSplice, editorsByUnit, editorsLine, movedCaret } from "./coedit-text.js";

let session = null;
const boxes = new Map(); // key -> the text box shown now
const carets = new Map(); // peer -> caret

function showText(key, value) {
  const box = boxes.get(key);
  if (!box || box.value === value) return;
  const splice = textSplice(box.value, value);
  const [start, end] = [box.selectionStart, box.selectionEnd];
  const focused = document.activeElement === box;
  box.value = value;
  if (focused) box.setSelectionRange(movedCaret(start, splice), movedCaret(end, splice));
}

function showEditors() {
  const editing = editorsByUnit([...carets.values()]);
  for (const [key, box] of boxes) {
    const form = box.closest("form");
    const badge = form?.querySelector(".editing");
    if (!badge) continue;
    if (!editing.get(key)) { badge.textContent = ""; continue; }
    // Where each caret stands, from its Yjs relative position (it survives others' edits).
    const here = [...carets.values()].filter((c) => c.unit === key);
    const positions = new Map(here.map((c) => [c.peer, session?.absolute(key, c.head) ?? null]));
    badge.textContent = t("amending.coedit.editingNow", { editors: editorsLine(here, session?.text(key) ?? box.value, positions) });
  }
}

function sessionFor(docId, wc) {
  if (session && session.documentId === docId && !session.closed) return session;
  session?.close();
  boxes.clear();
  carets.clear();
  session = new CoeditSession({
    Y, socket: coeditSocket(), documentId: docId, storage: globalThis.localStorage ?? null,
    owner: state.me?.user?.id ?? "", on: {
      text: (key, value) => { showText(key, value); showEditors(); },
      // A text box takes typing only once its paragraph is synced (its document filled).
      synced: (key) => { const box = boxes.get(key); if (box) box.readOnly = false; },
      version: (v) => { if (session.wc && v > session.wc.version) session.wc.version = v; },
      joined: (ack) => { carets.clear(); for (const c of ack.carets ?? []) carets.set(c.peer, c); showEditors(); },
      caret: (c) => { if (c.unit) carets.set(c.peer, c); else carets.delete(c.peer); showEditors(); },
      reset: () => state.view?.refresh?.(),
      error: (message) => message && notify(message, "error"),
    } });
  return session;
}

/** Bind the working copy's text boxes under `root` to their shared paragraphs. */
export function coeditWorkingCopy(docId, wc, root) {
  const live = sessionFor(docId, wc);
  live.wc = wc;
  boxes.clear();
  for (const form of root.querySelectorAll("form[data-key]")) {
    const key = form.dataset.key;
    const box = form.querySelector("textarea");
    form.append(h("p.editing", { "aria-live": "polite" }));
    if (!box) continue;
    boxes.set(key, box);
    box.dataset.coedit = "live";
    const known = live.paragraphs.get(key)?.synced;
    box.readOnly = !known;
    if (known) showText(key, live.text(key));
    live.sync(key); // unlocks the box (on.synced); after a reconnection, the join syncs again
    box.addEventListener("input", () => {
      if (live.edit(key, box.value)) form.dataset.dirty = "false"; // saved as it is typed
      else showText(key, live.text(key));
    });
    const tell = () => live.caret(key, box.selectionStart, box.selectionEnd);
    box.addEventListener("focus", tell);
    box.addEventListener("keyup", tell);
    box.addEventListener("mouseup", tell);
    box.addEventListener("blur", () => live.caret(null));
  }
  showEditors();
  roomControls(docId, root);
}

async function roomControls(docId, root) {
  let room;
  try { room = await get(`/documents/${docId}/room`); } catch { return; }
  const bar = h("div.room-controls.actions",
    h("a", { href: `#/p/${state.processId}/room/${docId}` }, t("amending.coedit.roomScreen")),
    room.actions.includes("share") ? h("button", { type: "button", on: { click: async () => {
      try {
        await put(`/documents/${docId}/room/sharing`, { shared: !room.shared });
        notify(room.shared ? t("amending.coedit.unshared") : t("amending.coedit.shared"));
      } catch (e) { notify(errorText(e), "error"); }
    } } }, room.shared ? t("amending.coedit.stopSharing") : t("amending.coedit.share")) : null);
  root.before(bar); // beside the list, not in it: the list holds the paragraphs only
  if (!room.actions.includes("set_discussion")) return;
  for (const form of root.querySelectorAll("form[data-key]")) {
    const key = form.dataset.key;
    const current = room.under_discussion === key;
    const button = h("button", { type: "button", "aria-pressed": String(current), on: { click: async () => {
      try {
        await put(`/documents/${docId}/room/discussion`, { unit: current ? null : key });
      } catch (e) { notify(errorText(e), "error"); }
    } } }, current ? t("amending.coedit.underDiscussion") : t("amending.coedit.discussNow"));
    (form.querySelector(".actions") ?? form).append(button);
  }
}
