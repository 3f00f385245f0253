// Copies the browser builds of the npm dependencies into client/vendor/ (git-ignored), from
// where Flask serves them under /client/vendor/. Run by `npm ci` (postinstall).
import { copyFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
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
console.log(`vendored into ${out}`);
