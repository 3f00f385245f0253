// The audit of words on screen outside the catalogues: finds the string literals of the
// client's code that reach the page as text a person reads, i.e.
//   - children of h("tag", attrs, ...children) and append(node, ...), the text of notify(...),
//     confirmPanel(container, title, body, ok) and field(label, control, hint),
//   - the values of attributes people read or hear: title, aria-label, placeholder, alt,
//     aria-description, aria-roledescription, label (in h's attributes or set on a node),
//   - what is assigned to textContent, innerText, title, placeholder, ariaLabel, label,
//     and setAttribute("aria-label" | "title" | "placeholder" | "alt", "...").
// A literal counts as words when it has two letters in a row of the Latin alphabet; the
// allow-list (ALLOWED, PATTERNS) says what is not language. Run by audit.test.js; also
// `node client/i18n/audit.js` prints what it finds, file:line.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

export const CLIENT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Calls whose arguments (by index) are text on screen. "rest" = this index and every later one. */
const TEXT_ARGUMENTS = {
  h: { from: 1 },
  append: { from: 1 },
  notify: { only: [0] },
  confirmPanel: { only: [1, 2, 3] },
  field: { only: [0, 2] },
};

/** Attribute names (keys of h's attribute object) whose values people read or hear. */
const TEXT_ATTRIBUTES = new Set([
  "title", "aria-label", "placeholder", "alt", "aria-description", "aria-roledescription",
  "aria-valuetext", "label", "ariaLabel",
]);

/** Properties whose assignment puts text on the page. */
const TEXT_PROPERTIES = new Set(["textContent", "innerText", "title", "placeholder", "ariaLabel", "label", "alt"]);

/**
 * What is not language, though made of letters: kept here on purpose, each with its reason.
 * Exact literals (after trimming).
 */
export const ALLOWED = new Set([
  // the text's own paragraph labels (preambular, operative): how negotiators number paragraphs
  "PP", "OP",
  // ISO 639-1 codes, shown as the short form of a language beside its name
  "EN", "FR", "ES", "AR", "ZH", "RU",
  // file formats, named as the formats themselves are (on export and import buttons)
  "PDF", "DOCX", "TXT", "XML", "JSON", "CSV", "Akoma Ntoso", "Akoma Ntoso XML", "Markdown",
  "Word (.docx)",
  // the product's name
  "Accord",
]);

/** Patterns of literals that are not language. */
export const PATTERNS = [
  /^[^A-Za-z]*$/, // symbols, digits, punctuation, non-Latin scripts: no Latin letters at all
  /^[a-z]{2}(-[A-Z]{2})?$/, // a language code, as a value ("fr", "zh-CN")
  /^(?:PP|OP)\s?\d+[a-z ]*$/, // a paragraph label as the text numbers it ("OP12 bis")
  /^Rev\.\s*\d*$/, // a revision's symbol as UN documents print it in every language ("Rev.2")
  /^\/\S*$/, // an address on this server ("/api/v1/openapi.json")
];

export function isLanguage(text) {
  const trimmed = text.trim();
  if (!/[A-Za-z]{2}/.test(trimmed)) return false;
  if (ALLOWED.has(trimmed)) return false;
  return !PATTERNS.some((pattern) => pattern.test(trimmed));
}

/** The client's own source files: lib/ and features/, app.js (tests, fixtures, vendor not). */
export function sourceFiles(root = CLIENT) {
  const files = [join(root, "app.js")];
  for (const dir of ["lib", "features"]) {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = join(root, dir, name);
      if (statSync(path).isFile() && name.endsWith(".js") && !name.endsWith(".test.js") && !name.endsWith(".fixture.js")) files.push(path);
    }
  }
  return files;
}

// ---- a small JavaScript scanner: strings, templates, comments, regexes, brackets -----------

const COMPARISONS = new Set(["===", "!==", "==", "!="]);
const REGEX_AFTER = new Set(["(", ",", "=", ":", "[", "!", "&", "|", "?", "{", "}", ";", "+", "-", "*", "%", "<", ">", "~", "^", "return", "typeof", "case", "in", "of", "=>", "&&", "||", "??", ""]);

/**
 * The literals of a source in a place where they show as text: [{line, text}].
 * Each open bracket is a frame: a call's "(" knows its callee and which argument it is at; an
 * object's "{" knows the property it is at. A literal is text when its innermost call is a
 * TEXT_ARGUMENTS one at a text argument (through arrays, ternaries and parentheses, not through
 * another call, nor an arrow function's body), when it is the value of a TEXT_ATTRIBUTES
 * property, or when it follows "<TEXT_PROPERTY> =".
 */
export function visibleLiterals(source) {
  const found = [];
  const stack = [{ kind: "top" }];
  let i = 0;
  let line = 1;
  let previous = ""; // the last significant token
  let beforePrevious = "";
  let lastWord = ""; // the identifier just before a "("
  const tokens = []; // the last few significant tokens (for "x.textContent =" and setAttribute)
  const push = (token) => {
    beforePrevious = previous;
    previous = token;
    tokens.push(token);
    if (tokens.length > 6) tokens.shift();
  };
  const top = () => stack[stack.length - 1];

  const textHere = () => {
    // "textContent = 'x'", "node.title = 'x'"
    if (previous === "=" && TEXT_PROPERTIES.has(beforePrevious) && tokens[tokens.length - 3] === ".") return true;
    // setAttribute("aria-label", "x")
    const frame = top();
    if (frame.kind === "call" && frame.callee === "setAttribute" && frame.arg === 1 && TEXT_ATTRIBUTES.has(frame.firstString)) return true;
    // walk out through arrays, groups and ternaries to the nearest call or object
    for (let k = stack.length - 1; k >= 0; k--) {
      const f = stack[k];
      if (f.kind === "object") {
        if (f.arrow) return false;
        return f.valueOf !== null && TEXT_ATTRIBUTES.has(f.valueOf) && k === stack.length - 1;
      }
      if (f.kind === "call") {
        if (f.arrow) return false;
        const rule = TEXT_ARGUMENTS[f.callee];
        if (!rule) return false;
        return rule.from !== undefined ? f.arg >= rule.from : rule.only.includes(f.arg);
      }
      if (f.kind === "block" || f.kind === "top") return false;
      if (f.arrow) return false;
    }
    return false;
  };

  const literal = (text, at, end) => {
    const frame = top();
    if (frame.kind === "call" && frame.arg === 0 && frame.firstString === undefined) frame.firstString = text;
    // a value compared with (x === "new") is a code, not text
    if (COMPARISONS.has(previous) || /^\s*[!=]==?/.test(source.slice(end, end + 8))) return;
    if (textHere() && isLanguage(text)) found.push({ line: at, text });
  };

  while (i < source.length) {
    const c = source[i];
    if (c === "\n") { line++; i++; continue; }
    if (/\s/.test(c)) { i++; continue; }
    if (c === "/" && source[i + 1] === "/") { while (i < source.length && source[i] !== "\n") i++; continue; }
    if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      for (let k = i; k < stop; k++) if (source[k] === "\n") line++;
      i = stop;
      continue;
    }
    if (c === '"' || c === "'") {
      const at = line;
      let j = i + 1;
      let text = "";
      while (j < source.length && source[j] !== c) {
        if (source[j] === "\\") { text += source[j + 1]; j += 2; continue; }
        text += source[j];
        j++;
      }
      // a property key ("aria-label": ...) is not a value
      let k = j + 1;
      while (/\s/.test(source[k] ?? "")) k++;
      const frame = top();
      if (source[k] === ":" && frame.kind === "object" && frame.expectKey) {
        frame.key = text;
      } else literal(text, at, j + 1);
      i = j + 1;
      push("str");
      continue;
    }
    if (c === "`") {
      // a template: its static parts are text; ${...} parts are scanned as code
      const at = line;
      let j = i + 1;
      let text = "";
      const parts = [];
      while (j < source.length && source[j] !== "`") {
        if (source[j] === "\\") { text += source[j + 1]; j += 2; continue; }
        if (source[j] === "$" && source[j + 1] === "{") {
          parts.push(text);
          text = " ";
          // skip the expression (balanced braces; strings inside are skipped roughly)
          let depth = 1;
          j += 2;
          while (j < source.length && depth > 0) {
            if (source[j] === "{") depth++;
            else if (source[j] === "}") depth--;
            else if (source[j] === "\n") line++;
            j++;
          }
          continue;
        }
        if (source[j] === "\n") line++;
        text += source[j];
        j++;
      }
      parts.push(text);
      literal(parts.join(" "), at, j + 1);
      i = j + 1;
      push("str");
      continue;
    }
    if (c === "/" && REGEX_AFTER.has(previous)) {
      // a regex literal
      let j = i + 1;
      let inClass = false;
      while (j < source.length && source[j] !== "\n") {
        if (source[j] === "\\") { j += 2; continue; }
        if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        else if (source[j] === "/" && !inClass) break;
        j++;
      }
      j++;
      while (/[a-z]/.test(source[j] ?? "")) j++;
      i = j;
      push("regex");
      continue;
    }
    if (/[A-Za-z_$]/.test(c)) {
      let j = i;
      while (/[\w$]/.test(source[j] ?? "")) j++;
      const word = source.slice(i, j);
      i = j;
      const frame = top();
      // an object's key: identifier followed by ":" (not in a ternary: a key follows "{" or ",")
      let k = i;
      while (/\s/.test(source[k] ?? "")) k++;
      if (frame.kind === "object" && frame.expectKey && source[k] === ":") frame.key = word;
      lastWord = word;
      push(word);
      continue;
    }
    if (c === "=" && source[i + 1] === ">") {
      // an arrow function: what follows is its body, not the enclosing call's argument
      const frame = top();
      if (frame.kind !== "top" && frame.kind !== "block") frame.arrow = true;
      i += 2;
      push("=>");
      continue;
    }
    if (c === "(") {
      const isCall = /[\w$)\]]$/.test(previous) && !["if", "for", "while", "switch", "catch", "return", "typeof", "function", "of", "in", "await", "new"].includes(previous) && previous !== "str";
      stack.push(isCall ? { kind: "call", callee: lastWord && previous === lastWord ? lastWord : "", arg: 0 } : { kind: "group" });
      i++;
      push("(");
      continue;
    }
    if (c === "[") { stack.push({ kind: "array" }); i++; push("["); continue; }
    if (c === "{") {
      // an object literal after an operator or an opening, else a block
      const isObject = ["(", ",", "=", ":", "[", "?", "return", "=>", "??", "||", "&&", "str", "..."].includes(previous) && previous !== ")";
      stack.push(isObject && previous !== "=>" ? { kind: "object", expectKey: true, key: null, valueOf: null } : { kind: "block" });
      i++;
      push("{");
      continue;
    }
    if (c === ")" || c === "]" || c === "}") {
      if (stack.length > 1) stack.pop();
      i++;
      push(c);
      continue;
    }
    if (c === ",") {
      const frame = top();
      if (frame.kind === "call") { frame.arg++; frame.arrow = false; }
      if (frame.kind === "object") { frame.expectKey = true; frame.key = null; frame.valueOf = null; frame.arrow = false; }
      i++;
      push(",");
      continue;
    }
    if (c === ":") {
      const frame = top();
      if (frame.kind === "object" && frame.expectKey && frame.key !== null) {
        frame.valueOf = frame.key;
        frame.expectKey = false;
      }
      i++;
      push(":");
      continue;
    }
    if (c === "." && source[i + 1] === "." && source[i + 2] === ".") { i += 3; push("..."); continue; }
    // operators: take runs of operator characters as one token
    let j = i;
    while (j < source.length && /[=!<>&|?+\-*%^~.;]/.test(source[j]) && j - i < 3) {
      j++;
      if (source[i] === ";" || source[i] === ".") break;
    }
    if (j === i) j = i + 1;
    push(source.slice(i, j));
    i = j;
  }
  return found;
}

/** Every finding of the client's code: ["features/text.js:12 \"Save\"", ...]. */
export function audit(root = CLIENT) {
  const findings = [];
  for (const file of sourceFiles(root)) {
    const rel = file.slice(root.length + 1);
    for (const { line, text } of visibleLiterals(readFileSync(file, "utf8"))) findings.push(`${rel}:${line} ${JSON.stringify(text)}`);
  }
  return findings;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const findings = audit();
  for (const finding of findings) console.log(finding);
  console.log(`${findings.length} literal(s) on screen outside the catalogues`);
}
