import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensurePostgres } from "./postgres";

// Prepares the environment for everything run from this checkout (app, worker, CLI, seed):
// loads .env when there is one, generates development secrets once into the git-ignored .data
// folder, and starts the embedded PostgreSQL when DATABASE_URL is unset.

export const repoRoot = path.resolve(import.meta.dirname, "../..");
const dataDir = path.join(repoRoot, ".data");

function loadDotEnv() {
  const file = path.join(repoRoot, ".env");
  if (existsSync(file)) process.loadEnvFile(file);
}

function ensureDevSecrets() {
  const file = path.join(dataDir, "secrets.json");
  let secrets: Record<string, string> = {};
  if (existsSync(file)) secrets = JSON.parse(readFileSync(file, "utf8"));
  let changed = false;
  for (const name of ["NEXTAUTH_SECRET", "LINK_SIGNING_SECRET"]) {
    if (!secrets[name]) {
      secrets[name] = randomBytes(32).toString("base64url");
      changed = true;
    }
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  for (const [k, v] of Object.entries(secrets)) process.env[k] ??= v;
}

/** .env, development secrets and app URLs — everything but the database. */
export function prepareAppEnvironment(opts: { port?: number } = {}) {
  loadDotEnv();
  ensureDevSecrets();
  const port = opts.port ?? Number(process.env.PORT ?? 3000);
  process.env.APP_URL ??= `http://localhost:${port}`;
  process.env.NEXTAUTH_URL ??= process.env.APP_URL;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
}

/**
 * The app's environment plus its database (the embedded PostgreSQL when DATABASE_URL is unset):
 * DATABASE_URL as the app's role, DATABASE_OWNER_URL as the schema's owner (migrations, seed).
 */
export async function prepareEnvironment(opts: { port?: number; quiet?: boolean } = {}) {
  prepareAppEnvironment(opts);
  const pg = await ensurePostgres({ quiet: opts.quiet });
  process.env.DATABASE_URL = pg.url;
  process.env.DATABASE_OWNER_URL = pg.ownerUrl;
  return pg;
}

/** The environment for the app and worker processes: everything but the owner's credentials. */
export function appProcessEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.DATABASE_OWNER_URL;
  return env;
}
