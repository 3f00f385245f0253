// Live updates over Socket.IO (namespace /live; the session cookie authenticates).
// Keeps the last seq seen per process, drops duplicates, resubscribes with it on reconnect.
// When the server says the person's access changed or ended (it has moved or closed the
// connection already), tells them and brings the screen in line (lib/access.js).
/* global io */
import { t, errorMessage } from "./i18n.js";
import { accessReaction } from "./access.js";
import { notify } from "./ui.js";

/** How long the notice of an ended session is shown before the page starts again (ms). */
const SIGN_IN_AFTER_MS = 4000;

const listeners = new Set();
const lastSeq = new Map(); // process_id -> last seq seen
let socket = null;
let current = null; // the subscribed process
let presenceHandler = null;

function banner(connected) {
  const node = document.getElementById("connection");
  if (!node) return;
  node.hidden = connected;
  document.body.classList.toggle("offline", !connected);
}

export function onEvent(fn) { listeners.add(fn); return () => listeners.delete(fn); }
export function onPresence(fn) { presenceHandler = fn; }

export function connect() {
  if (socket || typeof io === "undefined") return;
  socket = io("/live", { transports: ["websocket", "polling"], reconnectionDelayMax: 5000 });
  socket.on("connect", () => { banner(true); if (current !== null) subscribe(current); });
  socket.on("disconnect", () => banner(false));
  socket.on("connect_error", () => banner(false));
  socket.on("event", (event) => {
    const seen = lastSeq.get(event.process_id) ?? 0;
    if (event.seq <= seen) return; // arrived both ways
    lastSeq.set(event.process_id, event.seq);
    if (event.type === "hidden") return;
    for (const fn of listeners) fn(event);
  });
  socket.on("resubscribe", (message) => subscribe(message.process_id));
  socket.on("access.changed", (message) => react("access.changed", message));
  socket.on("access.ended", (message) => react("access.ended", message));
  socket.on("presence", (message) => presenceHandler?.(message));
}

function react(name, message) {
  const { text, kind, then } = accessReaction(name, message);
  notify(text, kind, { key: name });
  if (then === "refresh") {
    // The rooms match the new access already; what is on screen is fetched again.
    const seq = lastSeq.get(message.process_id) ?? 0;
    for (const fn of listeners) fn({ process_id: message.process_id, type: "reload", seq });
  } else if (then === "leave") {
    lastSeq.delete(message.process_id);
    if (current === message.process_id) {
      current = null;
      location.hash = "#/";
    }
  } else {
    // The server closes the connection: the page starts again at sign-in.
    socket = null;
    current = null;
    lastSeq.clear();
    setTimeout(() => location.reload(), SIGN_IN_AFTER_MS);
  }
}

export function disconnect() {
  socket?.disconnect();
  socket = null;
  current = null;
  lastSeq.clear();
}

export function subscribe(processId) {
  if (current !== null && current !== processId) socket?.emit("unsubscribe", { process_id: current });
  current = processId;
  if (!socket?.connected) return;
  const known = lastSeq.get(processId);
  // First time: nothing to replay (the view is loaded over HTTP right now).
  const since = known ?? 2 ** 31 - 1;
  socket.emit("subscribe", { process_id: processId, last_seq: since }, (ack) => {
    if (!ack?.ok) return;
    if (known === undefined || ack.reload) {
      lastSeq.set(processId, ack.head_seq);
      if (ack.reload) for (const fn of listeners) fn({ process_id: processId, type: "reload", seq: ack.head_seq });
    }
  });
}

/** The server's answer: {presence} when it shows who is online, {refused: message} when not, null offline. */
export function requestPresence(processId) {
  return new Promise((resolve) => {
    if (!socket?.connected) return resolve(null);
    socket.emit("presence", { process_id: processId }, (ack) =>
      resolve(ack?.ok ? { presence: ack.presence } : { refused: ack?.error ? errorMessage(ack.error) : t("common.notShown") }));
  });
}
