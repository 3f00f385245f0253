// The audit of words on screen outside the catalogues (audit.js), and the server's error codes
// against the errors catalogue: each must be said in the six languages.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { audit, visibleLiterals, CLIENT } from "./audit.js";
import { LANGUAGES, AREAS } from "./index.js";
import { fileSize } from "../lib/format.js";
import { setLanguage } from "../lib/i18n.js";

test("no English literal reaches the screen outside the catalogues (file:line listed)", () => {
  assert.deepEqual(audit(), []);
});

test("the audit finds literals in every place text reaches the page, and only there", () => {
  const source = [
    'h("button", { type: "button", title: "Close it" }, "Save");',
    'node.textContent = "Nothing yet";',
    'x.setAttribute("aria-label", "Main menu");',
    'h("p", ok ? "Yes please" : `${n} options`);',
    'notify("Saved it");',
    // not text: codes compared, attributes that are not read, keys, symbols, labels, calls
    'h("span", kind === "feed" ? t("a.b") : null, { class: "big thing", role: "note" }, " · ", "OP12 bis", "PP");',
    'h("a", { href: "/api/v1/openapi.json" }, t("x.y", { name: "Mexico here" }));',
    '// h("p", "in a comment")',
  ].join("\n");
  assert.deepEqual(visibleLiterals(source).map((f) => [f.line, f.text]), [
    [1, "Close it"], [1, "Save"], [2, "Nothing yet"], [3, "Main menu"], [4, "Yes please"], [4, "   options"], [5, "Saved it"],
  ]);
});

/** The error codes the server can send: domain errors' classes, HTTP codes, literal codes. */
function serverCodes() {
  const server = join(CLIENT, "..", "server");
  const codes = new Set(["http_error"]);
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) { if (name !== "__pycache__") walk(path); continue; }
      if (!name.endsWith(".py")) continue;
      const text = readFileSync(path, "utf8");
      for (const m of text.matchAll(/^\s+code = "([a-z_]+)"/gm)) codes.add(m[1]);
      for (const m of text.matchAll(/(?:error_response\(\s*\d+,|error_ack\(|_refuse\()\s*"([a-z_]+)"/g)) codes.add(m[1]);
      const http = /HTTP_CODES = \{([^}]*)\}/s.exec(text);
      if (http) for (const m of http[1].matchAll(/"([a-z_]+)"/g)) codes.add(m[1]);
    }
  };
  walk(server);
  return codes;
}

test("every error code the server can send is said in the errors catalogue, in six languages", () => {
  const codes = serverCodes();
  for (const code of ["not_found", "invalid", "stale", "out_of_sync", "idempotency_key_reused", "too_large", "unconfirmed"]) {
    assert.ok(codes.has(code), `the scan of server/ missed ${code}`);
  }
  for (const lang of LANGUAGES) {
    const missing = [...codes].filter((code) => !(`errors.${code}` in AREAS.errors[lang]));
    assert.deepEqual(missing, [], `errors/${lang}.js lacks these codes`);
  }
});

test("file sizes are said in the person's language", () => {
  const size = (n) => fileSize(n).replace(/[\u00a0\u202f]/g, " ");
  setLanguage("fr");
  assert.equal(size(12_000_000), "12,0 Mo");
  assert.equal(size(250_000), "250 ko");
  setLanguage("ru");
  assert.equal(size(1_500_000), "1,5 МБ");
  setLanguage("en");
  assert.equal(size(400), "1 kB");
});
