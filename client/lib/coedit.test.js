// Two sessions and a stand-in server peer (Yjs, as pycrdt behaves): concurrent typing merges,
// a cut connection loses nothing, an out-of-sync update is followed by a sync.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as Y from "yjs";
import { CoeditSession } from "./coedit.js";
import { toBase64, fromBase64 } from "../features/coedit-text.js";

class Server {
  constructor(text) {
    this.doc = new Y.Doc();
    this.doc.getText("text").insert(0, text);
    this.sockets = new Set();
    this.version = 1;
  }
  get text() { return this.doc.getText("text").toString(); }
  answer(socket, name, body) {
    if (name === "coedit.join") return { ok: true, revision_id: 9, version: this.version, units: [{ key: "op1", version: 1 }], room: {}, carets: [] };
    if (name === "coedit.sync") {
      return { ok: true, version: this.version,
        update: toBase64(Y.encodeStateAsUpdate(this.doc, fromBase64(body.state_vector))),
        state_vector: toBase64(Y.encodeStateVector(this.doc)) };
    }
    if (name === "coedit.update") {
      Y.applyUpdate(this.doc, fromBase64(body.update));
      this.version++;
      for (const other of this.sockets) {
        if (other !== socket && other.connected) other.deliver("coedit.update", { document_id: 1, unit: body.unit, update: body.update, version: this.version });
      }
      return { ok: true, changed: true, version: this.version, seq: this.version };
    }
    return { ok: true };
  }
}

class FakeSocket {
  constructor(server) { this.server = server; this.handlers = new Map(); this.connected = true; this.held = []; server.sockets.add(this); }
  on(name, fn) { this.handlers.set(name, fn); }
  off(name) { this.handlers.delete(name); }
  timeout() { return this; }
  emit(name, body, callback) {
    if (!this.connected) return;
    const ack = this.server.answer(this, name, body);
    queueMicrotask(() => callback?.(null, ack));
  }
  deliver(name, body) { this.held.push([name, body]); }
  flush() { for (const [name, body] of this.held.splice(0)) this.handlers.get(name)?.(body); }
  cut() { this.connected = false; this.held = []; this.handlers.get("disconnect")?.(); }
  restore() { this.connected = true; this.handlers.get("connect")?.(); }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

test("two pen-holders typing at the same moment keep both texts", async () => {
  const server = new Server("We commit to cooperate.");
  const a = new FakeSocket(server), b = new FakeSocket(server);
  const one = new CoeditSession({ Y, socket: a, documentId: 1 });
  const two = new CoeditSession({ Y, socket: b, documentId: 1 });
  await settle();
  await Promise.all([one.sync("op1"), two.sync("op1")]);
  one.edit("op1", "[Option A] We commit to cooperate.");
  two.edit("op1", "We commit to cooperate. [Option B]");
  await settle();
  a.flush(); b.flush();
  assert.equal(server.text, "[Option A] We commit to cooperate. [Option B]");
  assert.equal(one.text("op1"), server.text);
  assert.equal(two.text("op1"), server.text);
});

test("what is typed while the connection is cut reaches the server on reconnecting", async () => {
  const server = new Server("Text.");
  const a = new FakeSocket(server);
  const session = new CoeditSession({ Y, socket: a, documentId: 1 });
  await settle();
  await session.sync("op1");
  a.cut();
  session.edit("op1", "Text. Typed");
  session.edit("op1", "Text. Typed offline.");
  await settle();
  assert.equal(server.text, "Text.");
  a.restore();
  await settle(); await settle();
  assert.equal(server.text, "Text. Typed offline.");
});

test("updates go one at a time, what is typed meanwhile merged into the next", async () => {
  const server = new Server("Text.");
  const a = new FakeSocket(server);
  const sent = [];
  const answer = server.answer.bind(server);
  server.answer = (socket, name, body) => { if (name === "coedit.update") sent.push(body.update); return answer(socket, name, body); };
  const session = new CoeditSession({ Y, socket: a, documentId: 1 });
  await settle();
  await session.sync("op1");
  session.edit("op1", "Text. a");
  session.edit("op1", "Text. ab");
  session.edit("op1", "Text. abc");
  await settle();
  assert.equal(sent.length, 2); // the first alone, the two typed while it was in flight merged
  assert.equal(server.text, "Text. abc");
});

test("nothing is typed into a paragraph before its first sync", () => {
  const server = new Server("Text.");
  const a = new FakeSocket(server);
  a.connected = false;
  const session = new CoeditSession({ Y, socket: a, documentId: 1 });
  assert.equal(session.edit("op1", "Text. typed"), false);
  assert.equal(session.text("op1"), "");
});

test("after a reset (sharing stopped, structure changed) the session joins the room again", async () => {
  const server = new Server("Text.");
  const a = new FakeSocket(server);
  const joins = [];
  const answer = server.answer.bind(server);
  server.answer = (socket, name, body) => { if (name === "coedit.join") joins.push(body); return answer(socket, name, body); };
  let resets = 0;
  const session = new CoeditSession({ Y, socket: a, documentId: 1, on: { reset: () => resets++ } });
  await settle();
  assert.equal(joins.length, 1);
  a.handlers.get("coedit.reset")({ document_id: 1, reason: "working_copy.shared" });
  await settle();
  assert.equal(joins.length, 2);
  assert.equal(resets, 1);
  session.close();
});

class MemoryStorage {
  constructor() { this.items = new Map(); }
  getItem(k) { return this.items.has(k) ? this.items.get(k) : null; }
  setItem(k, v) { this.items.set(k, String(v)); }
  removeItem(k) { this.items.delete(k); }
}

test("what was typed offline survives the page being closed, and is sent by the next page", async () => {
  const server = new Server("Text.");
  const storage = new MemoryStorage();
  const first = new FakeSocket(server);
  const page = new CoeditSession({ Y, socket: first, documentId: 1, storage, owner: 7 });
  await settle();
  await page.sync("op1");
  first.cut();
  page.edit("op1", "Text. Typed offline.");
  await settle();
  assert.equal(server.text, "Text.");
  assert.ok(storage.getItem("accord.coedit.7.1"));
  // The page is closed; a new one opens once the server answers again.
  const again = new FakeSocket(server);
  const next = new CoeditSession({ Y, socket: again, documentId: 1, storage, owner: 7 });
  next.paragraph("op1");
  await settle(); await settle();
  assert.equal(server.text, "Text. Typed offline.");
  assert.equal(next.text("op1"), "Text. Typed offline.");
  assert.equal(storage.getItem("accord.coedit.7.1"), null); // all acknowledged: nothing kept
});

test("what was kept for another working copy (published since) is not applied", async () => {
  const server = new Server("New text.");
  const storage = new MemoryStorage();
  const old = new Y.Doc();
  old.getText("text").insert(0, "Old text typed offline.");
  storage.setItem("accord.coedit.7.1", JSON.stringify({ revision_id: 1, paragraphs: { op1: toBase64(Y.encodeStateAsUpdate(old)) } }));
  const socket = new FakeSocket(server);
  const session = new CoeditSession({ Y, socket, documentId: 1, storage, owner: 7 });
  await settle();
  await session.sync("op1");
  assert.equal(server.text, "New text.");
  assert.equal(session.text("op1"), "New text.");
});

test("after a publication the paragraphs start again: nothing of the old working copy is sent into the new", async () => {
  const server = new Server("Old text.");
  const socket = new FakeSocket(server);
  const session = new CoeditSession({ Y, socket, documentId: 1 });
  await settle();
  await session.sync("op1");
  session.edit("op1", "Old text, edited.");
  await settle();
  // Published: the new working copy's paragraph is a new document with the published text.
  const fresh = new Server("Old text, edited.");
  fresh.sockets = server.sockets;
  socket.server = fresh;
  const answer = fresh.answer.bind(fresh);
  fresh.answer = (s, name, body) => { const ack = answer(s, name, body); return name === "coedit.join" ? { ...ack, revision_id: 10 } : ack; };
  socket.handlers.get("coedit.reset")({ document_id: 1, reason: "revision.published" });
  await settle();
  await session.sync("op1");
  await settle();
  assert.equal(fresh.text, "Old text, edited.");
  assert.equal(session.text("op1"), "Old text, edited.");
});
