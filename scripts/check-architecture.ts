// npm run lint — the dependency rules of docs/architecture.md over src/, read by the TypeScript
// compiler (scripts/lib/import-facts.ts) and judged by scripts/lib/architecture.ts. Prints each
// breach as file:line with the cycle's path, and exits 1 when there is one.
import { checkArchitecture, formatViolation } from "./lib/architecture";
import { readImportFacts } from "./lib/import-facts";
import { repoRoot } from "./lib/dev-env";

const t0 = Date.now();
const facts = readImportFacts(repoRoot, ["src/generated"]);
const imports = facts.reduce((n, f) => n + f.imports.length, 0);
// A parse that saw nothing would pass every rule; a tree this size has hundreds of imports.
if (facts.length < 50 || imports < 200) {
  console.error(`✗ the import graph looks empty (${facts.length} files, ${imports} imports): the TypeScript parse failed`);
  process.exit(1);
}
const violations = checkArchitecture(facts);
const secs = ((Date.now() - t0) / 1000).toFixed(1);
for (const v of violations) console.error(formatViolation(v));
if (violations.length) {
  console.error(
    `\n✗ ${violations.length} breach${violations.length === 1 ? "" : "es"} of the dependency rules (docs/architecture.md, "Dependencies") in ${facts.length} files`,
  );
  process.exit(1);
}
console.log(`✓ dependencies run one way: ${facts.length} files, ${imports} imports, no cycle between feature folders (${secs} s)`);
