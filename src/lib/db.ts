import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/generated/prisma/client";
import { env } from "./env";
import { log } from "./logger";

// One Prisma client per process, kept on globalThis so Next's dev reloads do not leak pools.
// Secrets are omitted by default; code that must read them asks with `omit: { passwordHash: false }`.
function createClient() {
  const e = env();
  const adapter = new PrismaPg({ connectionString: e.DATABASE_URL, max: e.DB_POOL_SIZE });
  const client = new PrismaClient({
    adapter,
    omit: {
      user: { passwordHash: true },
      apiKey: { hashedKey: true },
      membership: { pinHash: true },
      counterDevice: { tokenHash: true },
    },
    log: e.LOG_QUERIES ? [{ emit: "event", level: "query" }] : [],
  });
  if (e.LOG_QUERIES) {
    client.$on("query" as never, (q: { query: string; duration: number }) =>
      log.debug("query", { sql: q.query, ms: q.duration }),
    );
  }
  return client;
}

export type Db = ReturnType<typeof createClient>;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { regularsDb?: Db };

function client(): Db {
  return (globalForDb.regularsDb ??= createClient());
}

// Created on first use, not on import: `next build` imports route modules without a database.
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
