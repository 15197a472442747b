// Copy the explorer's front-end libraries from node_modules into the Python package's static
// files (api/static/vendor), with their licences. Run by `make web` (npm ci && npm run vendor).
// Only built files are copied: the page loads them as they are, no bundler.
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const dest = join(here, "..", "api", "static", "vendor");

const copies = [
  ["cytoscape/dist/cytoscape.min.js", "cytoscape/cytoscape.min.js"],
  ["cytoscape/LICENSE", "cytoscape/LICENSE"],
  ["@fontsource-variable/noto-sans-kr/index.css", "noto-sans-kr/index.css"],
  ["@fontsource-variable/noto-sans-kr/files", "noto-sans-kr/files", (src) => src.endsWith(".woff2") || !src.includes(".")],
  ["@fontsource-variable/noto-sans-kr/LICENSE", "noto-sans-kr/LICENSE"],
];

rmSync(dest, { recursive: true, force: true });
const versions = {};
for (const [from, to, filter] of copies) {
  const src = join(modules, from);
  const out = join(dest, to);
  mkdirSync(dirname(out), { recursive: true });
  cpSync(src, out, { recursive: true, filter: filter ?? (() => true) });
  const pkg = from.startsWith("@") ? from.split("/").slice(0, 2).join("/") : from.split("/")[0];
  versions[pkg] = JSON.parse(readFileSync(join(modules, pkg, "package.json"), "utf8")).version;
}
writeFileSync(join(dest, "VERSIONS.json"), JSON.stringify(versions, null, 2) + "\n");
console.log(`vendored into ${dest}:`, versions);
