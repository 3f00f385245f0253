// Live co-editing of a working copy (server/live/protocol.py, "Co-editing"): one Yjs document
// per paragraph, synced with the server's peer over /live. The session keeps its documents
// across reconnections: after one it joins again and syncs every paragraph with its state
// vector, so what was typed while the connection was cut reaches the server. Yjs is passed in
// (the browser's vendored build, or node_modules in the tests) so this file runs in both.
import { toBase64, fromBase64, textSplice } from "../features/coedit-text.js";

const EMPTY = 2; // an update with nothing in it is two zero bytes

export class CoeditSession {
  /**
   * @param {object} o
   * @param {object} o.Y            the Yjs module
   * @param {object} o.socket       a Socket.IO socket on /live (connected or connecting)
   * @param {number} o.documentId
   * @param {object} [o.on]         handlers: text(key, text), synced(key), joined(ack),
   *                                reset(reason), caret(caret), version(v), status(connected),
   *                                error(message)
   * @param {object} [o.storage]    where what the server has not acknowledged yet is kept
   *                                (localStorage in the browser), so that closing the page
   *                                while offline loses nothing either
   * @param {string|number} [o.owner] whose edits they are (the signed-in person): another
   *                                person signing in on this browser never sends them
   */
  constructor({ Y, socket, documentId, on = {}, storage = null, owner = "" }) {
    Object.assign(this, { Y, socket, documentId, on, storage, owner });
    this.paragraphs = new Map(); // key -> { doc, text, synced }
    this.version = 0;
    this.joined = null;
    this.closed = false;
    this.handlers = {
      connect: () => { this.on.status?.(true); this.join(); },
      disconnect: () => this.on.status?.(false),
      "coedit.update": (m) => this.remote(m),
      "coedit.resync": (m) => { if (m.document_id === this.documentId && this.paragraphs.has(m.unit)) this.sync(m.unit); },
      // The room may have been closed (sharing stopped): join again (re-authorised), then
      // let the screen load the working copy again.
      "coedit.reset": async (m) => {
        if (m.document_id !== this.documentId) return;
        await this.join();
        this.on.reset?.(m.reason);
      },
      "coedit.caret": (m) => { if (m.document_id === this.documentId) this.on.caret?.(m); },
    };
    for (const [name, fn] of Object.entries(this.handlers)) socket.on(name, fn);
    if (socket.connected) this.join();
  }

  call(name, body) {
    return new Promise((resolve) => {
      if (!this.socket.connected) return resolve(null);
      this.socket.timeout(15000).emit(name, body, (err, ack) => resolve(err ? null : ack));
    });
  }

  seen(version) {
    if (typeof version === "number" && version > this.version) {
      this.version = version;
      this.on.version?.(version);
    }
  }

  async join() {
    const ack = await this.call("coedit.join", { document_id: this.documentId });
    if (!ack) return null;
    if (!ack.ok) { this.on.error?.(ack.error?.message ?? "Refused."); return ack; }
    if (this.joined && this.joined.revision_id !== ack.revision_id) {
      // A new working copy (the last one was published): its paragraphs are new documents;
      // the old ones' items must never be sent into them.
      this.paragraphs.clear();
    }
    this.joined = ack;
    this.seen(ack.version);
    this.restore(ack.revision_id);
    this.on.joined?.(ack);
    await Promise.all([...this.paragraphs.keys()].map((key) => this.sync(key)));
    return ack;
  }

  // ---- what the server has not acknowledged, kept across a closed page ----------------

  get storageKey() { return `accord.coedit.${this.owner}.${this.documentId}`; }

  unsent() {
    try { return JSON.parse(this.storage?.getItem(this.storageKey) ?? "null") ?? { paragraphs: {} }; } catch { return { paragraphs: {} }; }
  }

  /** Keep the paragraph's whole document while some of it is not acknowledged; drop it once all is. */
  keep(key, pending) {
    if (!this.storage || !this.joined) return;
    const kept = this.unsent();
    if (kept.revision_id !== this.joined.revision_id) kept.paragraphs = {};
    kept.revision_id = this.joined.revision_id;
    if (pending) kept.paragraphs[key] = toBase64(this.Y.encodeStateAsUpdate(this.paragraph(key).doc));
    else delete kept.paragraphs[key];
    try {
      if (Object.keys(kept.paragraphs).length) this.storage.setItem(this.storageKey, JSON.stringify(kept));
      else this.storage.removeItem(this.storageKey);
    } catch { /* storage full or refused: the open page still syncs on reconnecting */ }
  }

  /** Apply what a page of this working copy kept unsent (then the sync sends it). */
  restore(revisionId) {
    const kept = this.unsent();
    if (kept.revision_id !== revisionId) return; // another working copy (published since): moot
    for (const [key, state] of Object.entries(kept.paragraphs)) {
      this.Y.applyUpdate(this.paragraph(key).doc, fromBase64(state), "restored");
    }
  }

  /** The paragraph's document (created empty: the server's content arrives by sync). */
  paragraph(key) {
    let found = this.paragraphs.get(key);
    if (found) return found;
    const doc = new this.Y.Doc();
    const text = doc.getText("text");
    // Local updates wait while one is in flight, then go as one merged update: a client's
    // updates reach the server in order (the server handles messages concurrently) and a slow
    // moment batches keystrokes instead of queueing them.
    found = { doc, text, synced: false, outbox: [], inflight: false };
    doc.on("update", (update, origin) => {
      if (origin === "local") this.send(key, update);
    });
    this.paragraphs.set(key, found);
    return found;
  }

  /** Sync steps 1 and 2: what the client lacks comes back, what the server lacks is sent. */
  async sync(key) {
    const p = this.paragraph(key);
    const ack = await this.call("coedit.sync", {
      document_id: this.documentId, unit: key, state_vector: toBase64(this.Y.encodeStateVector(p.doc)) });
    if (!ack?.ok) { if (ack) this.on.error?.(ack.error?.message); return false; }
    this.Y.applyUpdate(p.doc, fromBase64(ack.update), "remote");
    this.seen(ack.version);
    const mine = this.Y.encodeStateAsUpdate(p.doc, fromBase64(ack.state_vector));
    p.synced = true;
    this.on.text?.(key, p.text.toString());
    this.on.synced?.(key);
    if (mine.length > EMPTY) await this.send(key, mine);
    else this.keep(key, false);
    return true;
  }

  /** Send an update (after the one in flight, merged with any others waiting). */
  async send(key, update) {
    const p = this.paragraph(key);
    p.outbox.push(update);
    this.keep(key, true);
    if (p.inflight) return null;
    p.inflight = true;
    let ack = null;
    try {
      while (p.outbox.length) {
        const batch = p.outbox.length === 1 ? p.outbox[0] : this.Y.mergeUpdates(p.outbox);
        p.outbox = [];
        ack = await this.call("coedit.update", {
          document_id: this.documentId, unit: key, update: toBase64(batch), revision_id: this.joined?.revision_id });
        if (!ack) { p.outbox = []; break; } // offline: the sync after reconnecting sends it all
        if (ack.ok) {
          this.seen(ack.version);
          if (!p.outbox.length) this.keep(key, false);
        }
        else if (ack.error?.code === "out_of_sync") { p.inflight = false; await this.sync(key); return ack; }
        else if (ack.error?.code === "stale") { p.outbox = []; await this.join(); this.on.reset?.("revision.published"); break; }
        else this.on.error?.(ack.error?.message ?? "Refused.");
      }
    } finally {
      p.inflight = false;
    }
    return ack;
  }

  remote(message) {
    if (message.document_id !== this.documentId) return;
    const p = this.paragraphs.get(message.unit);
    this.seen(message.version);
    if (!p) return;
    this.Y.applyUpdate(p.doc, fromBase64(message.update), "remote");
    this.on.text?.(message.unit, p.text.toString());
  }

  /**
   * Make the paragraph's text `value` by the smallest splice (what a text box's input did).
   * Refused (false) before the paragraph's first sync: its document is still empty.
   */
  edit(key, value) {
    const p = this.paragraph(key);
    if (!p.synced) return false;
    const { at, removed, inserted } = textSplice(p.text.toString(), value);
    if (!removed && !inserted) return;
    p.doc.transact(() => {
      if (removed) p.text.delete(at, removed);
      if (inserted) p.text.insert(at, inserted);
    }, "local");
    return true;
  }

  text(key) { return this.paragraph(key).text.toString(); }

  /** Positions that survive others' edits (Yjs relative positions), as base64. */
  relative(key, index) {
    const p = this.paragraph(key);
    return toBase64(this.Y.encodeRelativePosition(this.Y.createRelativePositionFromTypeIndex(p.text, index)));
  }

  absolute(key, encoded) {
    if (!encoded) return null;
    const p = this.paragraphs.get(key);
    if (!p) return null;
    const found = this.Y.createAbsolutePositionFromRelativePosition(this.Y.decodeRelativePosition(fromBase64(encoded)), p.doc);
    return found ? found.index : null;
  }

  caret(key, start = 0, end = start) {
    if (!this.socket.connected) return;
    this.socket.emit("coedit.caret", key === null
      ? { document_id: this.documentId, unit: null, anchor: null, head: null }
      : { document_id: this.documentId, unit: key, anchor: this.relative(key, start), head: this.relative(key, end) });
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    for (const [name, fn] of Object.entries(this.handlers)) this.socket.off(name, fn);
    if (this.socket.connected) this.socket.emit("coedit.leave", { document_id: this.documentId });
  }
}

let shared = null;
/** One socket for co-editing in this tab (its own connection to /live, session cookie). */
export function coeditSocket() {
  /* global io */
  if (!shared) shared = io("/live", { transports: ["websocket", "polling"], reconnectionDelayMax: 3000 });
  return shared;
}
