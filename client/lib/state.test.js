import { test } from "node:test";
import assert from "node:assert/strict";
import { nextScreen } from "./dom.js";
import { state, setView } from "./state.js";

test("a live change refreshes the screen on show", () => {
  nextScreen();
  let drawn = 0;
  setView(() => { drawn += 1; });
  state.view.refresh();
  assert.equal(drawn, 1);
});

test("a live change while the next screen loads does not draw the old screen over it", () => {
  nextScreen();
  let workingCopy = 0;
  setView(() => { workingCopy += 1; }); // the working copy is on show
  const old = state.view;
  nextScreen(); // the person is taken to the published text, still loading
  old.refresh(); // the publication's own live event arrives meanwhile
  assert.equal(workingCopy, 0);
});
