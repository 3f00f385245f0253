// The word diff previewed while a delegate types (proposing, editing a draft) and in the
// working copy. The server's diff (returned with every amendment) is authoritative; this one
// only previews. Pure: no DOM.

const TOKEN = /\s+|[\p{L}\p{M}\p{N}_'’-]+|[^\s\p{L}\p{M}\p{N}_]/gu;

/**
 * Words (letters, marks, digits, apostrophes and hyphens held together), runs of white
 * space, and each other character alone; in scripts written without spaces (Chinese,
 * Japanese) every character is its own word.
 * tokenize("l’Accord, 2030") -> ["l’Accord", ",", " ", "2030"]
 */
export function tokenize(text) {
  const tokens = [];
  for (const m of (text ?? "").matchAll(TOKEN)) {
    // Scripts without spaces (Chinese, Japanese): one token per character.
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(m[0]) && m[0].length > 1) {
      tokens.push(...m[0]);
    } else tokens.push(m[0]);
  }
  return tokens;
}

/** [{op: "equal"|"insert"|"delete", text}] from a to b, by longest common subsequence. */
export function wordDiff(a, b) {
  const x = tokenize(a), y = tokenize(b);
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length, endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) { endX--; endY--; }
  const mx = x.slice(start, endX), my = y.slice(start, endY);
  const ops = [];
  const push = (op, text) => {
    if (!text) return;
    const last = ops.at(-1);
    if (last && last.op === op) last.text += text; else ops.push({ op, text });
  };
  push("equal", x.slice(0, start).join(""));
  if (mx.length * my.length > 4_000_000) {
    push("delete", mx.join(""));
    push("insert", my.join(""));
  } else {
    const n = mx.length, m = my.length;
    const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        table[i][j] = mx[i] === my[j] ? table[i + 1][j + 1] + 1
          : Math.max(table[i + 1][j], table[i][j + 1]);
      }
    }
    let i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && mx[i] === my[j]) { push("equal", mx[i]); i++; j++; }
      else if (j < m && (i === n || table[i][j + 1] >= table[i + 1][j])) { push("insert", my[j]); j++; }
      else { push("delete", mx[i]); i++; }
    }
  }
  push("equal", x.slice(endX).join(""));
  return ops;
}
