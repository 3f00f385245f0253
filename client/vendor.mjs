// Copies the browser builds of the npm dependencies into client/vendor/ (git-ignored), from
// where Flask serves them under /client/vendor/. Run by `npm ci` (postinstall).
import { copyFileSync, mkdirSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, posix, sep } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, "vendor");
mkdirSync(out, { recursive: true });
const files = [
  ["socket.io-client/dist/socket.io.min.js", "socket.io.min.js", true],
  ["axe-core/axe.min.js", "axe.min.js", false], // test-only (devDependency)
];
for (const [from, to, required] of files) {
  const source = join(here, "node_modules", from);
  if (!existsSync(source)) {
    if (required) throw new Error(`missing ${source}`);
    continue;
  }
  copyFileSync(source, join(out, to));
}

// Yjs and its lib0 helpers ship as many small ES modules that import one another by bare
// names ("lib0/map"), which a browser resolves only through an import map (an inline script,
// refused by our Content-Security-Policy). So each module of the graph, starting at Yjs's ES
// build, is copied under vendor/esm/<package>/ with those names rewritten to relative paths,
// resolved through the packages' "exports" for the browser. Nothing is bundled or transpiled.
const CONDITIONS = ["browser", "module", "import", "default"];
function pick(target) {
  if (typeof target === "string") return target;
  if (!target || typeof target !== "object") return null;
  for (const condition of CONDITIONS) {
    if (condition in target) {
      const found = pick(target[condition]);
      if (found) return found;
    }
  }
  return null;
}
function resolveBare(specifier) {
  const parts = specifier.split("/");
  const name = parts[0].startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
  const sub = "." + specifier.slice(name.length);
  const root = join(here, "node_modules", name);
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  let file = manifest.exports ? pick(manifest.exports[sub] ?? (sub === "." ? manifest.exports : undefined)) : null;
  if (!file && sub === ".") file = manifest.module ?? manifest.main;
  if (!file) throw new Error(`cannot resolve ${specifier} for the browser`);
  return join(root, file);
}
const esm = join(out, "esm");
const modules = join(here, "node_modules");
// Served as .js: not every server knows the .mjs media type, and modules need a JavaScript one.
const outPath = (file) => join(esm, relative(modules, file)).replace(/\.mjs$/, ".js");
function vendorGraph(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const target = outPath(file);
    const source = readFileSync(file, "utf8").replace(
      /^(\s*(?:import|export)\b[^'";]*?\bfrom\s*|\s*import\s*)(['"])([^'"]+)\2/gm, (whole, lead, quote, spec) => {
        let resolved;
        if (spec.startsWith(".")) resolved = join(dirname(file), spec);
        else if (spec.startsWith("node:")) return whole;
        else resolved = resolveBare(spec);
        queue.push(resolved);
        let rel = relative(dirname(target), outPath(resolved)).split(sep).join(posix.sep);
        if (!rel.startsWith(".")) rel = "./" + rel;
        return `${lead}${quote}${rel}${quote}`;
      });
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, source);
  }
  return seen.size;
}
if (existsSync(join(modules, "yjs"))) {
  const count = vendorGraph(resolveBare("yjs"));
  console.log(`vendored Yjs as ${count} ES modules into ${esm}`);
} else {
  throw new Error("missing yjs");
}
console.log(`vendored into ${out}`);
