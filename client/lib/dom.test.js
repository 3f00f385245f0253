import { test } from "node:test";
import assert from "node:assert/strict";
import { screenRoot, nextScreen, typedSinceDrawn } from "./dom.js";

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

test("a text field typed into since it was drawn holds the redraw; one drawn with its value does not", () => {
  const field = (type, value, defaultValue) => ({ type, value, defaultValue });
  const root = (...fields) => ({ querySelectorAll: () => fields });
  assert.equal(typedSinceDrawn(root(field("text", "Camila", "Camila"), field("textarea", "", ""))), false);
  assert.equal(typedSinceDrawn(root(field("text", "Camila Zepeda Lizama", "Camila"))), true);
  assert.equal(typedSinceDrawn(root(field("textarea", "Rev.1", ""))), true);
  // A chosen file, a ticked box or a hidden value is not typed text.
  assert.equal(typedSinceDrawn(root(field("file", "C:\\\\fakepath\\\\draft.pdf", ""), field("hidden", "3", ""))), false);
  assert.equal(typedSinceDrawn(null), false);
});
