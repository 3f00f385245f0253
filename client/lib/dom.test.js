import { test } from "node:test";
import assert from "node:assert/strict";
import { screenRoot, nextScreen } from "./dom.js";

// A stand-in for the page's #view: what the drawings write into.
const view = { children: [], replaceChildren(...nodes) { this.children = nodes; } };
globalThis.document = { querySelector: (selector) => (selector === "#view" ? view : null) };

test("a drawing writes into the view while its screen is on show", () => {
  nextScreen();
  const root = screenRoot();
  assert.equal(root.current, true);
  assert.equal(root.replaceChildren("working copy"), true);
  assert.deepEqual(view.children, ["working copy"]);
});

test("a drawing that finishes after the person moved on leaves the new screen alone", () => {
  nextScreen();
  const stale = screenRoot(); // the working copy starts a refresh...
  nextScreen(); // ...the person is taken to the published text meanwhile
  screenRoot().replaceChildren("Rev.3");
  assert.equal(stale.current, false);
  assert.equal(stale.replaceChildren("working copy"), false);
  assert.deepEqual(view.children, ["Rev.3"]);
});
