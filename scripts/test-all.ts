// npm test — every test: types and the dependency rules, unit, integration (real PostgreSQL), end-to-end (built app, real Chromium),
// then many instances (two built apps and two workers on one database).
// Installs what a fresh machine lacks (Debian's Chromium) before the browser tests.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { repoRoot } from "./lib/dev-env";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

function step(title: string, cmd: string, args: string[], env: Record<string, string> = {}) {
  const t0 = Date.now();
  console.log(`\n━━ ${title}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...env } });
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (r.status !== 0) {
    console.error(`✗ ${title} failed after ${secs} s`);
    process.exit(r.status ?? 1);
  }
  console.log(`✓ ${title} (${secs} s)`);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  if (process.getuid?.() !== 0) {
    console.error(`Chromium is missing at ${CHROMIUM}. Install Debian's package: sudo apt-get install -y chromium`);
    process.exit(1);
  }
  step("Install Chromium from Debian (first run only)", "bash", [
    "-c",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
  ]);
}

const only = process.argv[2];
const node = process.execPath;
if (!only || only === "types") step("Type check", node, ["node_modules/typescript/bin/tsc", "--noEmit"]);
// lib/ and components/ never import features/, routes never another route, no cycle between feature
// folders, every server action through the chain (docs/architecture.md, "Dependencies").
if (!only || only === "types" || only === "lint") step("Dependency rules", node, ["--import", "tsx", "scripts/check-architecture.ts"]);
// Biome (biome.jsonc): its lint rules (React hooks, accessibility, Next, suspicious code; env read in lib/env.ts only)
// and the formatting (`npm run format` writes it).
if (!only || only === "types" || only === "lint")
  step("Lint and format (Biome)", node, ["node_modules/@biomejs/biome/bin/biome", "check", "--error-on-warnings"]);
if (!only || only === "unit") step("Unit tests", node, ["node_modules/vitest/vitest.mjs", "run", "--project", "unit"]);
if (!only || only === "integration") step("Integration tests (real PostgreSQL)", node, ["node_modules/vitest/vitest.mjs", "run", "--project", "integration"]);
if (!only || only === "e2e") {
  ensureChromium();
  step("Build the app", node, ["node_modules/next/dist/bin/next", "build"]);
  step("End-to-end tests (Chromium)", node, ["node_modules/@playwright/test/cli.js", "test"]);
  // Two built app instances and two workers on one database (tests/fleet/many-instances.ts).
  step("Many instances (two apps, two workers, one database)", node, [
    "--import",
    "./scripts/lib/worker-hooks.mjs",
    "--import",
    "tsx",
    "tests/fleet/many-instances.ts",
  ]);
}
console.log("\nAll tests passed.");
