// The room screen's highlighting of brackets, so nested brackets, alternatives and unbalanced
// ones stand out on the projector. The text as saved is highlighted from the server's spans
// (unit.brackets, server/core/brackets.py: its rules, footnote marks and links left out,
// brackets that close in a later sub-item); while the pen-holders type past it, a quick local
// reading (bracketRuns) keeps the highlight moving until the server's next answer. Counts and
// every rule about brackets are the server's.
import { bracketRanges } from "../lib/bracket-ranges.js";
import { length } from "../lib/richtext.js";

/**
 * The highlight ranges (code points, for richtext segments) of the room's paragraph: the
 * server's when `text` is the unit's text as the server counted it, else bracketRuns' reading
 * of what is being typed.
 */
export function roomRanges(text, unit) {
  if (unit?.brackets && unit.text === text) return bracketRanges(unit.brackets);
  const ranges = [];
  let at = 0;
  for (const run of bracketRuns(text ?? "")) {
    const end = at + length(run.text);
    if (run.depth) ranges.push({ start: at, end, class: `bracket depth-${Math.min(run.depth, 3)}${run.alt ? " alternative" : ""}` });
    at = end;
  }
  return ranges;
}

/**
 * bracketRuns("a [b [c]] [d][e]") ->
 *   [{text:"a ",depth:0,alt:false}, {text:"[b ",depth:1,alt:false}, {text:"[c]",depth:2,alt:false},
 *    {text:"]",depth:1,alt:false}, {text:" ",depth:0,alt:false}, {text:"[d]",depth:1,alt:true},
 *    {text:"[e]",depth:1,alt:true}]
 * An unclosed "[" runs to the end; a stray "]" stays plain text. `alt` marks a top-level
 * bracket directly followed or preceded by another ([A][B], or [A / B] with its slash).
 */
export function bracketRuns(text) {
  const runs = [];
  let depth = 0;
  let current = "";
  let start = 0; // where the current top-level bracket opened, for alternatives
  const tops = []; // [startRunIndex, endRunIndex, startOffset, endOffset]
  const push = (d) => { if (current) runs.push({ text: current, depth: d, alt: false }); current = ""; };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "[") {
      push(depth);
      if (depth === 0) start = runs.length;
      depth++;
      current = c;
    } else if (c === "]" && depth > 0) {
      current += c;
      push(depth);
      depth--;
      if (depth === 0) tops.push([start, runs.length - 1, i]);
    } else {
      current += c;
    }
  }
  push(depth);
  for (let t = 0; t < tops.length; t++) {
    const next = tops[t + 1], prev = tops[t - 1];
    const joined = (a, b) => a && b && b[0] === a[1] + 1;
    const inner = runs.slice(tops[t][0], tops[t][1] + 1).map((r) => r.text).join("");
    if (joined(tops[t], next) || joined(prev, tops[t]) || / \/ /.test(inner)) {
      for (let r = tops[t][0]; r <= tops[t][1]; r++) runs[r].alt = true;
    }
  }
  return runs;
}
