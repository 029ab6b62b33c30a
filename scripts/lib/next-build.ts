import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./dev-env";

// Builds the app unless the last build is newer than every source file.
function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

export function buildIfStale(opts: { force?: boolean } = {}): void {
  const buildId = path.join(repoRoot, ".next", "BUILD_ID");
  const inputs = ["src", "public", "next.config.ts", "package-lock.json", "postcss.config.mjs"].map((p) => path.join(repoRoot, p)).filter(existsSync);
  const newest = Math.max(...inputs.map((p) => (statSync(p).isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)));
  if (!opts.force && existsSync(buildId) && statSync(buildId).mtimeMs > newest) {
    console.log("▸ The app build is up to date.");
    return;
  }
  console.log("▸ Building the app (about a minute on 2 cores)…");
  const r = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    cwd: repoRoot,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error("next build failed");
}
