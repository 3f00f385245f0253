// What the browser does when the server says the person's access changed (server/live/protocol.py:
// access.changed, access.ended): the server has already moved or closed the connection, so
// this only tells the person and brings the screen in line. Pure: no DOM, no socket.
import { t, errorMessage } from "./i18n.js";

/**
 * The notice to show and what to do after one of the server's access messages:
 * `then` is "refresh" (fetch this process's state again over HTTP: what may be seen
 * changed), "leave" (the person follows this process no more: back to their processes) or
 * "sign-in" (the session ended: the page starts again at sign-in).
 *
 * accessReaction("access.changed", {process_id: 1, subscribed: true, role: "observer", reason: "participant.role_changed"})
 *   -> {text: "What you may see in this process changed: the page is brought up to date.", kind: "info", then: "refresh"}
 */
export function accessReaction(name, message) {
  if (name === "access.ended") {
    const said = message?.error ? errorMessage(message.error) : "";
    return { text: said || t("common.access.ended"), kind: "error", then: "sign-in" };
  }
  if (message?.subscribed === false) {
    return { text: t("common.access.left"), kind: "error", then: "leave" };
  }
  return { text: t("common.access.changed"),
    kind: "info", then: "refresh" };
}
