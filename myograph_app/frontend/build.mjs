// Bundle src/sparql_editor.js and its CodeMirror packages into one minified ES module,
// ../assets/sparql_editor.js, with a banner naming every bundled package (version and
// licence), the licence texts, and the SHA-256 of the source and of package-lock.json so a
// test can tell when the committed bundle is stale. Run with `make frontend`.

import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as esbuild from "esbuild";

const here = dirname(fileURLToPath(import.meta.url));
const entry = join(here, "src", "sparql_editor.js");
const out = join(here, "..", "assets", "sparql_editor.js");
const sha256 = (path) => createHash("sha256").update(readFileSync(path)).digest("hex");

const result = await esbuild.build({
  entryPoints: [entry],
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  legalComments: "none",
  metafile: true,
  write: false,
  logLevel: "warning",
});

// Every package that ended up in the bundle, from the files esbuild read.
const packages = new Map();
for (const input of Object.keys(result.metafile.inputs)) {
  const m = input.match(/node_modules\/((?:@[^/]+\/)?[^/]+)\//);
  if (!m || packages.has(m[1])) continue;
  const root = join(here, "node_modules", m[1]);
  const meta = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const licence = readFileSync(join(root, "LICENSE"), "utf8").trim();
  packages.set(m[1], { version: meta.version, license: meta.license, text: licence });
}
const names = [...packages.keys()].sort();

// Identical licence texts are printed once, under the packages they cover.
const texts = new Map();
for (const name of names) {
  const { text } = packages.get(name);
  texts.set(text, [...(texts.get(text) || []), name]);
}

const banner = [
  "/*! myograph SPARQL editor: built by myograph_app/frontend/build.mjs (make frontend).",
  ` * source sha256: ${sha256(entry)}`,
  ` * package-lock.json sha256: ${sha256(join(here, "package-lock.json"))}`,
  " * Bundled packages:",
  ...names.map((n) => ` *   ${n}@${packages.get(n).version} (${packages.get(n).license})`),
  " *",
  ...[...texts].flatMap(([text, who]) => [
    ` * Licence of ${who.join(", ")}:`,
    " *",
    ...text.split("\n").map((line) => ` *   ${line}`.trimEnd()),
    " *",
  ]),
  " */",
].join("\n");

const code = result.outputFiles[0].text;
writeFileSync(out, `${banner}\n${code}`);
console.log(`wrote ${out} (${code.length} bytes of code, ${names.length} packages)`);
