// npm run bench:filters — the Best Customer List at scale: one merchant with BENCH_CUSTOMERS
// (default 1,000,000) customers and ~10 visits each on average (most one visit, a long tail of
// regulars), beside BENCH_SMALL (default 200) merchants of 5,000 customers / ~50,000 visits.
// Prints p50/p95 for the count and first page of each preset, Off Peak, visit-condition filters,
// the list's pages under each sort, the counter's page load and customer search, and the RFM
// recompute time. Data is generated in SQL; BENCH_KEEP=1 keeps the database, BENCH_REUSE=1 reuses
// it (skips loading, applies new migrations).
import { withPlatform, withTenant } from "@/lib/tenant";
import { Prisma } from "@/generated/prisma/client";
import { countCustomers, listCustomers, SORTS, type TSort } from "@/features/filters/queries";
import { presetsFor } from "@/features/filters/presets";
import type { TFilter } from "@/features/filters/schemas";
import { listRecentCaptures, searchCustomersForCounter } from "@/features/visits/counter";
import { recomputeRfm } from "@/features/insights/rfm";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { db } from "@/lib/db";
import { localToday } from "@/lib/time";
import { ensurePostgres } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/schema-engine";
import { prepareAppEnvironment } from "../../scripts/lib/dev-env";
import { freshDatabase, percentile, printTable } from "./lib";

const BIG = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const SMALL_MERCHANTS = Number(process.env.BENCH_SMALL ?? 200);
const SMALL = 5_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 12);
const TZ = "America/New_York";

/** Loads customers and visits for several merchants at once (bulk SQL, triggers off for the load). */
async function load(merchants: { id: string; customers: number }[]) {
  await db.$transaction(
    async (tx) => {
      // Foreign-key triggers stay on: the owner that loads (no superuser since issue 12's roles) may
      // not set session_replication_role, so the load checks every row (slower, same data).
      for (const m of merchants) {
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO customers ("merchantId", id, "firstName", "lastName", email, "emailNormalized", zip, birthday, "emailConsent", "socialScore", "createdAt", "updatedAt")
          SELECT ${m.id}::uuid, gen_random_uuid(), 'First' || g, 'Last' || g, 'c' || g || '@example.net', 'c' || g || '@example.net',
                 (ARRAY['02110','02113','94103','10001'])[1 + g % 4], CASE WHEN g % 3 = 0 THEN date '1980-01-01' + (g % 9000) END,
                 g % 10 < 7, (g % 100), now() - interval '540 days', now()
            FROM generate_series(1, ${m.customers}) g`);
        // Visits per customer: 62% one, then 2–4, 5–24 and a tail of 25–424 (≈ 10 on average).
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "partySize", rating, source, "createdAt", "updatedAt")
          SELECT ${m.id}::uuid, gen_random_uuid(), c.id, t.at,
                 (t.at AT TIME ZONE ${TZ})::date, extract(dow FROM t.at AT TIME ZONE ${TZ})::smallint, extract(hour FROM t.at AT TIME ZONE ${TZ})::smallint,
                 (500 + random() * 15000)::int, 1 + (random() * 5)::int, CASE WHEN random() < 0.85 THEN 1 + (random() * 2.4)::int END, 'import', t.at, now()
            FROM (SELECT id, random() AS r FROM customers WHERE "merchantId" = ${m.id}::uuid) c
            CROSS JOIN LATERAL generate_series(1, CASE WHEN c.r < 0.62 THEN 1 WHEN c.r < 0.85 THEN 2 + (random() * 2)::int
                                                       WHEN c.r < 0.97 THEN 5 + (random() * 19)::int ELSE 25 + (random() * 400)::int END) s
            CROSS JOIN LATERAL (SELECT now() - random() * interval '540 days' - (s * 0) * interval '1 second' AS at) t`);
        await tx.$executeRaw(
          Prisma.sql`INSERT INTO tags ("merchantId", name, "normalizedName") VALUES (${m.id}::uuid, 'family', 'family'), (${m.id}::uuid, 'business', 'business')`,
        );
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO visit_tags ("merchantId", "visitId", "tagId")
          SELECT v."merchantId", v.id, (SELECT id FROM tags WHERE "merchantId" = v."merchantId" AND "normalizedName" = 'family')
            FROM visits v WHERE v."merchantId" = ${m.id}::uuid AND random() < 0.1`);
      }
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
  for (const m of merchants) await recomputeCustomerAggregates(db, m.id);
}

async function timeIt(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  await fn(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: +percentile(times, 50).toFixed(1), p95: +percentile(times, 95).toFixed(1) };
}

async function main() {
  const reuse = process.env.BENCH_REUSE === "1";
  const database = reuse ? null : await freshDatabase("regulars_bench_filters");
  let server: Awaited<ReturnType<typeof ensurePostgres>> | null = null;
  if (reuse) {
    prepareAppEnvironment();
    server = await ensurePostgres({
      quiet: true,
      port: Number(process.env.PG_TEST_PORT ?? 54330),
      dataDir: ".data/postgres-test",
      database: "regulars_bench_filters",
    });
    // As the owner, like freshDatabase(): this process also builds indexes and vacuums.
    process.env.DATABASE_URL = server.ownerUrl;
    process.env.DATABASE_ALLOW_PRIVILEGED_ROLE = "1";
    const { applied } = await applyMigrations(server.ownerUrl);
    if (applied.length) console.log(`applied ${applied.join(", ")}`);
    if (process.env.BENCH_COMPACT === "1") await db.$executeRawUnsafe("VACUUM FULL ANALYZE customers");
  }
  const t0 = Date.now();
  if (!reuse) {
    // Secondary visit indexes are built once after the load rather than row by row.
    await db.$executeRawUnsafe(
      `DROP INDEX IF EXISTS "visits_merchantId_customerId_occurredAt_idx", "visits_merchantId_occurredAt_idx", "visits_merchantId_localDayOfWeek_localHour_occurredAt_idx", "visits_merchantId_createdAt_idx"`,
    );
    const big = await createMerchant({ name: "Big Bistro", slug: "big-bistro", timeZone: TZ });
    await load([{ id: big.id, customers: BIG }]);
    console.log(`loaded ${BIG.toLocaleString("en-US")} customers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const smalls = [];
    for (let i = 0; i < SMALL_MERCHANTS; i++)
      smalls.push({ id: (await createMerchant({ name: `Small ${i}`, slug: `small-${i}`, timeZone: TZ })).id, customers: SMALL });
    for (let i = 0; i < smalls.length; i += 50) await load(smalls.slice(i, i + 50));
    await db.$executeRawUnsafe(`CREATE INDEX "visits_merchantId_customerId_occurredAt_idx" ON visits ("merchantId", "customerId", "occurredAt")`);
    // As in migration rfm_without_fk_visit_index_id.
    await db.$executeRawUnsafe(
      `CREATE INDEX "visits_merchantId_occurredAt_idx" ON visits ("merchantId", "occurredAt") INCLUDE ("customerId", "id", "localDayOfWeek", "localHour", "rating", "amountCents", "voucherId")`,
    );
    // As in migration visits_weekday_hour_index.
    await db.$executeRawUnsafe(
      `CREATE INDEX "visits_merchantId_localDayOfWeek_localHour_occurredAt_idx" ON visits ("merchantId", "localDayOfWeek", "localHour", "occurredAt") INCLUDE ("customerId", "id", "rating", "amountCents", "voucherId")`,
    );
    // As in migration visits_recent_captures_index.
    await db.$executeRawUnsafe(`CREATE INDEX "visits_merchantId_createdAt_idx" ON visits ("merchantId", "createdAt" DESC)`);
    // A bulk load rewrites every customer row once (the aggregates): compact, as after any import.
    await db.$executeRawUnsafe("VACUUM FULL ANALYZE customers");
    await db.$executeRawUnsafe("VACUUM ANALYZE");
    console.log(`loaded everything in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
  }
  const [{ visits }] = await db.$queryRaw<{ visits: bigint }[]>`SELECT count(*) AS visits FROM visits`;
  const big = await db.merchant.findUniqueOrThrow({ where: { slug: "big-bistro" }, select: { id: true, timeZone: true } });
  const small = await db.merchant.findUniqueOrThrow({ where: { slug: "small-0" }, select: { id: true, timeZone: true } });

  // The first run scores every customer (as after a reload): start from no scores at all.
  await db.$executeRaw(Prisma.sql`DELETE FROM customer_rfm WHERE "merchantId" = ${big.id}::uuid`);
  await db.$executeRawUnsafe("VACUUM ANALYZE customer_rfm");
  const rfmStart = Date.now();
  await recomputeRfm(db, big.id);
  const rfmMs = Date.now() - rfmStart;
  // The nightly run: a day later some recency scores move; only those rows are rewritten.
  await db.$executeRaw(Prisma.sql`UPDATE customers SET "lastVisitAt" = now() WHERE "merchantId" = ${big.id}::uuid AND random() < 0.01`);
  const nightlyStart = Date.now();
  const rewritten = await recomputeRfm(db, big.id);
  const nightlyMs = Date.now() - nightlyStart;
  await db.$executeRawUnsafe("VACUUM ANALYZE customers");
  await db.$executeRawUnsafe("VACUUM ANALYZE customer_rfm");

  const offPeak: TFilter = {
    and: [
      { field: "rating", op: "in", value: [2, 3] },
      { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } },
      { visits: { where: { dayOfWeek: ["sun", "mon", "tue", "wed"] } } },
    ],
  };
  const visitFilters: Record<string, TFilter> = {
    "≥2 visits Sun–Wed 14–17 rated 2–3, last 180 days": {
      visits: {
        where: { dayOfWeek: ["sun", "mon", "tue", "wed"], hour: { from: 14, to: 17 }, rating: [2, 3] },
        window: { after: { daysAgo: 180 } },
        count: { gte: 2 },
      },
    },
    "a Friday dinner ≥ $50 tagged family": {
      visits: { where: { dayOfWeek: ["fri"], hour: { from: 18, to: 22 }, minSpentCents: 5000, tags: { hasAny: ["family"] } } },
    },
    "≥3 visits in 90 days and spent ≥ $200": {
      and: [{ visits: { window: { after: { daysAgo: 90 } }, count: { gte: 3 } } }, { field: "totalSpentCents", op: "gte", value: 20_000 }],
    },
    "no visit in the last 60 days, 3 stars": {
      and: [{ visits: { window: { after: { daysAgo: 60 } }, count: { lte: 0 } } }, { field: "rating", op: "eq", value: 3 }],
    },
  };
  // The usual rating (docs/filters.md) beside the latest: same shape, its own partial index.
  const ratingFilters: Record<string, TFilter> = {
    "latest rating 3": { field: "rating", op: "eq", value: 3 },
    "usual rating 3": { field: "usualRating", op: "eq", value: 3 },
    "usually 3 stars, 1 star last time": {
      and: [
        { field: "usualRating", op: "eq", value: 3 },
        { field: "rating", op: "eq", value: 1 },
      ],
    },
    "usual rating 2–3, last visit over 30 days ago": {
      and: [
        { field: "usualRating", op: "in", value: [2, 3] },
        { field: "lastVisitAt", op: "before", value: { daysAgo: 30 } },
      ],
    },
  };

  const rows: Record<string, string | number>[] = [];
  const row = (name: string, merchant: { id: string; timeZone: string }, filter: TFilter, withPage = true) =>
    withTenant(merchant.id, async () => {
      const count = await timeIt(() => countCustomers(merchant, filter));
      const page = withPage ? await timeIt(() => listCustomers(merchant, filter, { limit: 50 })) : null;
      rows.push({
        filter: name,
        merchant: merchant === big ? "1M" : "5k",
        matches: await countCustomers(merchant, filter),
        "count p50": count.p50,
        "count p95": count.p95,
        "page p50": page?.p50 ?? "—",
        "page p95": page?.p95 ?? "—",
      });
    });
  for (const p of presetsFor(localToday(TZ))) await row(p.name, big, p.filter);
  await row("Off Peak (canonical)", big, offPeak);
  for (const [name, f] of Object.entries(visitFilters)) await row(name, big, f);
  for (const [name, f] of Object.entries(ratingFilters)) await row(name, big, f);
  await row("Off Peak (canonical)", small, offPeak);
  for (const [name, f] of Object.entries(ratingFilters)) await row(name, small, f);
  for (const [name, f] of Object.entries(visitFilters)) await row(name, small, f);

  printTable(
    `Smart Filters: ${BIG.toLocaleString("en-US")} customers + ${SMALL_MERCHANTS} × ${SMALL.toLocaleString("en-US")}, ${Number(visits).toLocaleString("en-US")} visits in all; ${RUNS} warm runs each (ms)`,
    rows,
  );
  // The Best Customer List unfiltered, under each sort: the first page and a page 100 pages deep.
  const sortRows: Record<string, string | number>[] = [];
  const counterRows: Record<string, string | number>[] = [];
  await withTenant(big.id, async () => {
    for (const sort of Object.keys(SORTS) as TSort[]) {
      const first = await timeIt(() => listCustomers(big, { and: [] }, { limit: 50, sort }));
      let cursor: string | null = null;
      for (let i = 0; i < 100; i++) cursor = (await listCustomers(big, { and: [] }, { limit: 50, sort, cursor })).nextCursor;
      const deep = await timeIt(() => listCustomers(big, { and: [] }, { limit: 50, sort, cursor }));
      sortRows.push({ sort: SORTS[sort].label, "first page p50": first.p50, "first page p95": first.p95, "page 101 p50": deep.p50, "page 101 p95": deep.p95 });
    }
    printTable(`Best Customer List at ${BIG.toLocaleString("en-US")} customers, every customer, by sort (ms)`, sortRows);
    // The counter's page load (recent captures) and its find-as-you-type for walk-ins, at 1M.
    const recent = await timeIt(() => listRecentCaptures(big.id));
    counterRows.push({ question: "recent captures (counter page load)", p50: recent.p50, p95: recent.p95 });
    // Matches at 1M: "first1" 111,112 (the worst case: top 8 of them by visits), "last12" 1,111,
    // "first123 last1" 1, "c4567@" 1, "zzq" none.
    for (const term of ["first1", "last12", "first123 last1", "c4567@", "zzq"]) {
      const t = await timeIt(() => searchCustomersForCounter(big.id, term));
      counterRows.push({ question: `walk-in search "${term}"`, p50: t.p50, p95: t.p95 });
    }
    for (const term of ["first1", "zzq"]) {
      const t = await timeIt(() => listCustomers(big, { and: [] }, { limit: 50, search: term }));
      counterRows.push({ question: `customer list search "${term}", first page`, p50: t.p50, p95: t.p95 });
    }
  });
  printTable(`The counter and search at ${BIG.toLocaleString("en-US")} customers (ms)`, counterRows);
  printTable("RFM recompute into customer_rfm (one transaction, big merchant)", [
    { run: "first (or after a reload)", customers: BIG, ms: rfmMs },
    { run: "nightly, 1% of customers visited", customers: BIG, "scores rewritten": rewritten, ms: nightlyMs },
  ]);
  await db.$disconnect();
  if (database && process.env.BENCH_KEEP !== "1") await database.drop();
  await database?.stop();
  await server?.stop();
}

// Loading and maintenance act as the operator (row-level security's platform scope); every
// measured query runs in its merchant's tenant scope, as the app runs it.
withPlatform("benchmark setup", main).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
