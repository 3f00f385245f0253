// Live: every change of the followed process refreshes the screen on show, unless the person
// is typing in a form (then a notice offers the refresh, so nothing they typed is lost).
import { $, typedSinceDrawn, viewRoot } from "./dom.js";
import { notify } from "./ui.js";
import { describeEvent, manyEvents, ownEvent } from "./labels.js";
import * as live from "./live.js";
import { state } from "./state.js";

let refreshTimer = null;

export function followLiveChanges() {
  live.onEvent((event) => {
    if (event.process_id !== state.processId) return;
    // Co-edited text arrives through the co-editing session (lib/coedit.js), not by reloading.
    if (event.type === "working_copy.unit_coedited") return;
    state.invalidate();
    // One notice per action: your own reaches you as the answer to it, not a second time.
    if (event.type !== "reload" && !ownEvent(event, state.me?.user)) {
      notify(describeEvent(event), "info", { key: event.type, many: manyEvents(event.type) });
    }
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(() => {
      const dirty = document.querySelector("#view [data-dirty='true']") || typedSinceDrawn(viewRoot());
      if (dirty) {
        const box = $("#stale");
        box.hidden = false;
        return;
      }
      state.view?.refresh?.();
    }, 200);
  });

  $("#stale-refresh").addEventListener("click", () => {
    $("#stale").hidden = true;
    state.view?.refresh?.();
  });
}

/** A new screen loads fresh: a refresh pending for the old one is moot. */
export function cancelPendingRefresh() {
  clearTimeout(refreshTimer);
  $("#stale").hidden = true;
}
