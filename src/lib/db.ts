import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import { AsyncLocalStorage } from "node:async_hooks";
import pg from "pg";
import { PrismaClient } from "@/generated/prisma/client";
import { verifyDatabaseRole, WIDE_ROLE } from "./db-role";
import { env } from "./env";
import { log } from "./logger";
import { currentScope, scopeSettings } from "./tenant";

type TScopedClient = pg.PoolClient & { regularsScopeKey?: string };

// The role first: a connection the wide role cannot be set on fails here, before any setting
// changed. A login role that has the wide role's rights already — the owner, which inherits it, when
// a bench or an experiment runs the app as the owner (DATABASE_ALLOW_PRIVILEGED_ROLE) — keeps its
// own role, and with it the rights to build indexes and vacuum in the platform scope.
const SET_SCOPE = `SELECT set_config('role', CASE WHEN $1 = 'none' THEN 'none' WHEN pg_has_role(session_user, $1, 'USAGE') THEN 'none' ELSE $1 END, false),
  set_config('app.merchant_id', $2, false), set_config('app.publisher_id', $3, false), set_config('app.scope', $4, false)`;

/**
 * The pool every query goes through — Prisma's (model queries, raw queries, transactions) and
 * pool()'s. A connection is handed out only once it carries the tenant scope of the code that
 * asked for it (lib/tenant.ts), which row-level security reads: three settings and the role (the
 * wide role for the platform and publisher scopes, the login role otherwise). They stay on the
 * connection until the next checkout changes them, so work that keeps one scope (a request, a
 * capture burst, a job) pays one extra round trip per connection, not per query.
 */
class TenantPool extends pg.Pool {
  override connect(): Promise<pg.PoolClient>;
  override connect(callback: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void): void;
  override connect(
    callback?: (err: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void,
  ): Promise<pg.PoolClient> | undefined {
    // Read synchronously: pg-pool's query() calls connect() in the caller's async context.
    const want = scopeSettings(currentScope());
    const scoped = super.connect().then(async (client: TScopedClient) => {
      if ((client.regularsScopeKey ?? "") === want.key) return client;
      try {
        client.regularsScopeKey = undefined; // unknown until the settings are in
        await client.query(SET_SCOPE, [want.role, want.merchantId, want.publisherId, want.scope]);
        client.regularsScopeKey = want.key;
        return client;
      } catch (err) {
        client.release(err as Error);
        throw err;
      }
    });
    if (!callback) return scoped;
    scoped.then(
      (client) => callback(undefined, client, (release) => client.release(release as Error | undefined)),
      (err: Error) => callback(err, undefined, () => {}),
    );
  }
}

// One Prisma client per process, kept on globalThis so Next's dev reloads do not leak pools.
// Secrets are omitted by default; code that must read them asks with `omit: { passwordHash: false }`.
function createClient(opts: { platform?: boolean } = {}) {
  const e = env();
  // One pg pool, shared with the few hot paths that call SQL functions directly (pool()). No
  // connection is handed out before the role check passed (one catalog query per process, on the
  // first connection; later connections await the same answer): see lib/db-role.ts.
  // Serial plans by default (DB_PARALLEL_WORKERS, docs/operations.md): on 2 cores a parallel count
  // of a million customers took 645 ms against 109 ms serial, and the tenant policy's per-row cost
  // tipped 100,000-customer counts into parallel plans 10x slower than serial (npm run bench:rls).
  const settings = `-c max_parallel_workers_per_gather=${e.DB_PARALLEL_WORKERS}`;
  const config: pg.PoolConfig = {
    connectionString: e.DATABASE_URL,
    max: e.DB_POOL_SIZE,
    options: settings,
    onConnect: (c) => verifyDatabaseRole((sql) => c.query(sql), { allow: e.DATABASE_ALLOW_PRIVILEGED_ROLE, warn: (m) => log.warn(m) }),
  };
  // A platform client's connections are all in the platform scope — the wide role and its
  // setting — set once when they open.
  const pool = opts.platform ? new pg.Pool({ ...config, max: 4, options: `${settings} -c role=${WIDE_ROLE} -c app.scope=platform` }) : new TenantPool(config);
  pool.on("error", (err) => log.warn("idle database connection lost", { err }));
  const adapter = new PrismaPg(pool, { disposeExternalPool: true });
  const client = new PrismaClient({
    adapter,
    omit: {
      user: { passwordHash: true },
      apiKey: { hashedKey: true },
      membership: { pinHash: true },
      counterDevice: { tokenHash: true },
      webhookEndpoint: { secret: true, previousSecret: true },
    },
    log: e.LOG_QUERIES ? [{ emit: "event", level: "query" }] : [],
  });
  if (e.LOG_QUERIES) {
    client.$on("query" as never, (q: { query: string; duration: number }) => log.debug("query", { sql: q.query, ms: q.duration }));
  }
  // See uniqueAsFirst below: a unique lookup is not batched across scopes.
  const base = client as unknown as Record<string, { findFirst(a: unknown): Promise<unknown>; findFirstOrThrow(a: unknown): Promise<unknown> }>;
  const scoped = client.$extends({
    name: "unbatched-tenant-lookups",
    query: {
      $allModels: {
        findUnique({ model, args, query }) {
          return !inTransaction.getStore() ? (base[delegateName(model)]!.findFirst(uniqueAsFirst(args)) as ReturnType<typeof query>) : query(args);
        },
        findUniqueOrThrow({ model, args, query }) {
          return !inTransaction.getStore() ? (base[delegateName(model)]!.findFirstOrThrow(uniqueAsFirst(args)) as ReturnType<typeof query>) : query(args);
        },
      },
    },
  });
  // One scope per platform client: nothing to keep apart, and its transactions are not tracked below.
  return { client: opts.platform ? (client as unknown as typeof scoped) : scoped, pool };
}

/**
 * Prisma batches the findUnique calls of one tick that have the same shape into one query — also
 * those of concurrent requests of different merchants — and runs it in the first caller's scope,
 * where row-level security hides the others' rows. So every unique lookup runs as the equivalent
 * findFirst, which is never batched: a compound key ({ merchantId_id: { merchantId, id } }) becomes
 * its fields. Every model, not a list of the tenant ones, so a new tenant table cannot be missed;
 * batching only saves work for many lookups of one shape in one tick.
 */
function uniqueAsFirst<A extends { where: object }>(args: A): A {
  const where: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args.where)) {
    const parts = key.split("_");
    const compound =
      parts.length > 1 && value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).every((k) => parts.includes(k));
    if (compound) Object.assign(where, value);
    else where[key] = value;
  }
  return { ...args, where };
}

// Inside a transaction a lookup must run on the transaction (its batches are keyed by it anyway).
const inTransaction = new AsyncLocalStorage<true>();

const delegateName = (model: string) => model[0]!.toLowerCase() + model.slice(1);

export type Db = ReturnType<typeof createClient>["client"];
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

const globalForDb = globalThis as unknown as { regularsDb?: Db; regularsPool?: pg.Pool; regularsPlatformDb?: Db };

function client(): Db {
  if (!globalForDb.regularsDb) {
    const created = createClient();
    globalForDb.regularsDb = created.client;
    globalForDb.regularsPool = created.pool;
  }
  return globalForDb.regularsDb;
}

/**
 * The pg pool under Prisma, for a hot path that is one SQL function call (features/visits/capture.ts):
 * no query-engine work, and the database's own error (code, message) reaches the caller.
 */
export function pool(): pg.Pool {
  client();
  return globalForDb.regularsPool!;
}

/** Rejects (PrivilegedRoleError) when DATABASE_URL's role may not run the app; connects once to find out. */
export async function assertDatabaseRole(): Promise<void> {
  const c = await pool().connect();
  c.release();
}

/**
 * A second client on its own small pool whose every connection is in the platform scope, for code
 * that acts as the operator across merchants from outside the app's entry points: the integration
 * tests' arrangements and checks (tests/integration/helpers.ts). The app itself opens named scopes
 * with withPlatform(reason) on `db` instead.
 */
export function platformDb(): Db {
  globalForDb.regularsPlatformDb ??= createClient({ platform: true }).client;
  return globalForDb.regularsPlatformDb;
}

// Created on first use, not on import: `next build` imports route modules without a database.
export const db: Db = new Proxy({} as Db, {
  get(_target, prop) {
    const c = client();
    if (prop === "$transaction") {
      return (arg: unknown, opts?: unknown) =>
        inTransaction.run(true, () =>
          typeof arg === "function"
            ? c.$transaction((tx) => inTransaction.run(true, () => (arg as (t: typeof tx) => Promise<unknown>)(tx)), opts as never)
            : c.$transaction(arg as never, opts as never),
        );
    }
    const value = Reflect.get(c, prop, c);
    return typeof value === "function" ? value.bind(c) : value;
  },
});
