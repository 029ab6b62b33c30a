// npm run bench:capture — API visit captures per second and latency at 1, 8 and 32 concurrent
// clients on loopback (each capture upserts its customer and folds the visit into the aggregates),
// against the built app on a fresh database, with the CPU the load generator, the app and
// PostgreSQL each took; then CSV import rows/s for 1,000,000 customers. Prints tables.
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { withPlatform } from "@/lib/tenant";
import { toLocalTime } from "@/lib/time";
import { createApiKey } from "@/features/tenancy/api-keys";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { repoRoot } from "../../scripts/lib/dev-env";
import { loadRow, runLoad, withCpu, type TLoadRequest } from "./http-load";
import { freshDatabase, printTable, startApp } from "./lib";

const PORT = Number(process.env.PORT ?? 3301);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CUSTOMERS = 20_000;
const ACCEPT_ENCODING = "gzip, deflate";

async function directFoldComparison(url: string, merchantId: string, next: () => number) {
  // The app's role in the merchant's tenant scope (row-level security), as the API's captures run.
  const pool = new pg.Pool({ connectionString: url, max: 8, options: `-c app.merchant_id=${merchantId}` });
  const round = async (fold: boolean, seconds: number) => {
    let done = 0;
    const until = Date.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (Date.now() < until) {
          const i = next();
          const at = new Date(Date.now() - (i % 5000) * 60_000);
          const local = toLocalTime(at, "America/New_York");
          await pool.query("SELECT capture_visit($1::jsonb)", [
            JSON.stringify({
              merchantId,
              idempotencyKey: `direct-${i}`,
              scope: "bench",
              requestHash: "x",
              occurredAt: at.toISOString(),
              occurredAtIso: at.toISOString(),
              localDate: local.date,
              localDayOfWeek: local.dayOfWeek,
              localHour: local.hour,
              amountCents: 1000 + (i % 9000),
              partySize: 2,
              rating: 1 + (i % 3),
              source: "api",
              customer: { externalId: `c-${i % CUSTOMERS}` },
              tagNames: i % 3 === 0 ? [{ name: "family", norm: "family" }] : [],
              foldAggregates: fold,
            }),
          ]);
          done += 1;
        }
      }),
    );
    return done / seconds;
  };
  const totals = { with: 0, without: 0 };
  await round(true, 2); // warm-up
  for (let r = 0; r < 4; r++) {
    totals.with += await round(true, SECONDS / 4);
    totals.without += await round(false, SECONDS / 4);
  }
  await pool.end();
  const w = totals.with / 4;
  const wo = totals.without / 4;
  return [
    { run: "with the aggregates fold", "captures/s": Math.round(w) },
    { run: "without", "captures/s": Math.round(wo) },
    { run: "cost", "captures/s": `${((1 - w / wo) * 100).toFixed(1)}%` },
  ];
}

async function main() {
  // The embedded test cluster (unless DATABASE_URL points elsewhere): its CPU is reported per level.
  const pgDataDir = process.env.DATABASE_URL ? undefined : path.join(repoRoot, ".data/postgres-test");
  const database = await freshDatabase("regulars_bench_capture");
  const merchant = await createMerchant({ name: "Bench Bistro", slug: "bench-bistro", timeZone: "America/New_York" });
  const { key } = await createApiKey(merchant.id, "bench", null);
  const appEnv = { DATABASE_URL: database.url, DB_POOL_SIZE: "40", API_RATE_LIMIT_PER_SECOND: "1000000", API_RATE_LIMIT_BURST: "1000000" };
  const app = await startApp(PORT, appEnv);
  let n = 0;
  // Every request is a new visit: a unique Idempotency-Key, one of 20,000 customers by externalId
  // (created on first sight), a third of them tagged. Accept-Encoding as Node's fetch (the previous
  // generator) and most HTTP clients send it.
  const capture = (): TLoadRequest => {
    n += 1;
    return {
      method: "POST",
      path: "/api/v1/visits",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json", "idempotency-key": `bench-${n}`, "accept-encoding": ACCEPT_ENCODING },
      body: JSON.stringify({
        customer: { externalId: `c-${n % CUSTOMERS}` },
        occurredAt: new Date(Date.now() - (n % 5000) * 60_000).toISOString(),
        amountCents: 1000 + (n % 9000),
        partySize: 1 + (n % 6),
        rating: 1 + (n % 3),
        tags: n % 3 === 0 ? ["family"] : [],
      }),
    };
  };
  const cores = (x: number) => (Number.isNaN(x) ? "n/a" : x.toFixed(2));
  const level = async (clients: number) => {
    const { result, appCpu, pgCpu, machineCpu } = await withCpu({ appPid: app.pid, pgDataDir }, () =>
      runLoad({ port: PORT, clients, seconds: SECONDS, next: capture, expectStatus: 201 }),
    );
    const { "requests/s": rate, ...rest } = loadRow(result);
    return {
      clients,
      "captures/s": rate,
      ...rest,
      "CPU generator": cores(result.generatorCpu),
      "CPU app": cores(appCpu),
      "CPU PostgreSQL": cores(pgCpu),
      "CPU else": cores(machineCpu - result.generatorCpu - appCpu - pgCpu),
    };
  };
  const rows: Record<string, string | number>[] = [];
  try {
    // Warm-up (JIT, pool connections, plan caches), not counted.
    await level(8);
    // A fresh database has no statistics yet, and capture_visit()'s cached plans were made on empty
    // tables (the customer update picks a skip scan that grows with the table). Autovacuum analyzes
    // within its first minute; measure the steady state a live database is in.
    const analyze = new pg.Client({ connectionString: database.ownerUrl });
    await analyze.connect();
    await analyze.query("ANALYZE");
    await analyze.end();
    // The floor under the same machine load: an API route that does nothing (Next.js + the generator only).
    printTable("Floor: GET /api/health at 8 clients (a Next.js route with one SELECT 1 through Prisma)", [
      loadRow(
        await runLoad({
          port: PORT,
          clients: 8,
          seconds: SECONDS / 2,
          next: () => ({ path: "/api/health", headers: { "accept-encoding": ACCEPT_ENCODING } }),
          expectStatus: 200,
        }),
      ),
    ]);
    for (const clients of [1, 8, 32]) rows.push(await level(clients));
    printTable(
      `API visit captures (POST /api/v1/visits with Idempotency-Key, customer upsert + aggregates), ${SECONDS} s per level; load from autocannon; CPU in cores of ${os.cpus().length} (else: the rest of the machine)`,
      rows,
    );
    // The generator used to be Node's fetch in this process: the same 8-client load through it, for comparison.
    printTable("The same 8-client load from Node's fetch (the previous generator: it takes more of the shared CPU)", [
      await fetchLevel(PORT, 8, SECONDS / 2, capture),
    ]);
    app.kill("SIGTERM");
    // What the aggregates upkeep costs, without HTTP and Next.js: capture_visit() called directly by
    // 8 connections, alternating with and without the fold so machine noise hits both alike.
    const direct = await directFoldComparison(database.url, merchant.id, () => (n += 1));
    printTable("Aggregates upkeep in the database alone: capture_visit() at 8 connections, 4 alternating rounds each", direct);
    const { benchImport } = await import("./import");
    printTable("CSV import of customers (streamed; dedupe by externalId, email, phone)", await benchImport());
  } finally {
    app.kill("SIGTERM");
    await database.drop();
    await database.stop();
  }
}

/** The previous generator: `clients` loops of Node's fetch (undici) in this process. */
async function fetchLevel(port: number, clients: number, seconds: number, next: () => TLoadRequest) {
  const latencies: number[] = [];
  let errors = 0;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const until = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < until) {
        const r = next();
        const t0 = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (res.status !== 201) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpu0);
  latencies.sort((a, b) => a - b);
  const { "requests/s": rate, ...rest } = loadRow({ requests: latencies.length, errors, seconds: elapsed, latencies, generatorCpu: 0 });
  return { clients, "captures/s": rate, ...rest, "CPU generator": ((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2) };
}

// This process sets up as the operator would (row-level security's platform scope); the app it
// starts opens each request's tenant itself.
withPlatform("benchmark setup", main).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
