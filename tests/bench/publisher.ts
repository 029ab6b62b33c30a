// npm run bench:publisher — the publisher console at scale: one publisher with BENCH_MERCHANTS
// (default 1,000) merchants, each with two daily deals and BENCH_VOUCHERS (default 1,000) sold
// vouchers, 40% redeemed at the counter and a quarter of the redeemers back at full price, plus
// walk-in customers. Prints p50/p95 of the publisher home (headline figures + the first page of
// merchants, by name and by conversion), one deal's report, one merchant's page, and the all-deals report, beside a
// floor measured in the same run: count(*) of the publisher's vouchers. Target: ≤ 1 s.
// Set-up runs as the operator (row-level security's platform scope); every measured query runs
// in the publisher's scope, as the console runs it — the floor too, so the ratio compares like
// with like; the floor in the platform scope is printed beside it to show what the policy costs.
// Data is generated in SQL; BENCH_KEEP=1 keeps the database, BENCH_REUSE=1 reuses it.
import { Prisma } from "@/generated/prisma/client";
import { getDealFollowUps, getDealRows, getMerchantMonths, getPublisherSummary, getReturnCurve, listPublisherMerchants } from "@/features/publishers/report";
import { db } from "@/lib/db";
import { withPlatform, withPublisher } from "@/lib/tenant";
import { ensurePostgres, withDatabase } from "../../scripts/lib/postgres";
import { applyMigrations } from "../../scripts/lib/schema-engine";
import { prepareAppEnvironment } from "../../scripts/lib/dev-env";
import { freshDatabase, percentile, printTable } from "./lib";

const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 1_000);
const VOUCHERS = Number(process.env.BENCH_VOUCHERS ?? 1_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const NAME = "regulars_bench_publisher";

async function database() {
  if (process.env.BENCH_REUSE) {
    prepareAppEnvironment();
    const server = await ensurePostgres({ quiet: true, port: Number(process.env.PG_TEST_PORT ?? 54330), dataDir: ".data/postgres-test", database: "postgres" });
    const ownerUrl = withDatabase(server.ownerUrl, NAME);
    await applyMigrations(ownerUrl);
    process.env.DATABASE_URL = ownerUrl;
    process.env.DATABASE_ALLOW_PRIVILEGED_ROLE = "1";
    return { stop: server.stop, drop: async () => {}, fresh: false };
  }
  return { ...(await freshDatabase(NAME)), fresh: true };
}

async function load() {
  const t0 = performance.now();
  await db.$transaction(
    async (tx) => {
      await tx.$executeRaw(Prisma.sql`INSERT INTO publishers (slug, name) VALUES ('bench-pub', 'Bench Publisher')`);
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO merchants ("publisherId", slug, name, category, "timeZone", "updatedAt")
        SELECT (SELECT id FROM publishers WHERE slug = 'bench-pub'), 'bench-m-' || g, 'Merchant ' || lpad(g::text, 4, '0'),
               (ARRAY['restaurant','cafe','salon','wine store'])[1 + g % 4], 'America/New_York', now()
          FROM generate_series(1, ${MERCHANTS}) g`);
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO deals ("merchantId", "publisherId", title, "priceCents", "valueCents", "createdAt")
        SELECT m.id, m."publisherId", 'Deal ' || d || ' at ' || m.name, 2500, 5000, now() - (d * interval '100 days')
          FROM merchants m CROSS JOIN generate_series(1, 2) d WHERE m."publisherId" IS NOT NULL`);
      // One buyer per voucher, plus a third as many walk-ins.
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO customers ("merchantId", id, "firstName", email, "emailNormalized", "emailConsent", source, "createdAt", "updatedAt")
        SELECT m.id, gen_random_uuid(), 'Buyer' || g, 'b' || g || '@example.net', 'b' || g || '@example.net', true, 'deal', now() - interval '200 days', now()
          FROM merchants m CROSS JOIN generate_series(1, ${Math.round(VOUCHERS * 1.33)}) g`);
      // Vouchers: the first VOUCHERS customers of each merchant bought one, alternating deals; 40% redeemed in the last 180 days.
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO vouchers ("merchantId", id, "dealId", code, status, "customerId", "purchaserEmail", "purchasedAt", "redeemedAt")
        SELECT c."merchantId", gen_random_uuid(), (SELECT id FROM deals d WHERE d."merchantId" = c."merchantId" ORDER BY d."createdAt" OFFSET (c.n % 2) LIMIT 1),
               'B-' || c.n, CASE WHEN c.n % 10 < 4 THEN 'redeemed'::"VoucherStatus" ELSE 'active'::"VoucherStatus" END, c.id, c.email, now() - interval '200 days',
               CASE WHEN c.n % 10 < 4 THEN now() - random() * interval '180 days' END
          FROM (SELECT "merchantId", id, email, row_number() OVER (PARTITION BY "merchantId" ORDER BY id) AS n FROM customers) c
         WHERE c.n <= ${VOUCHERS}`);
      // The redemption visits, then a full-price return for about a quarter of the redeemers.
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "voucherId", source, "updatedAt")
        SELECT v."merchantId", gen_random_uuid(), v."customerId", v."redeemedAt", v."redeemedAt"::date, extract(dow FROM v."redeemedAt")::int2, extract(hour FROM v."redeemedAt")::int2, 1500, v.id, 'counter', now()
          FROM vouchers v WHERE v.status = 'redeemed'`);
      await tx.$executeRaw(Prisma.sql`UPDATE vouchers v SET "visitId" = x.id FROM visits x WHERE x."merchantId" = v."merchantId" AND x."voucherId" = v.id`);
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", source, "updatedAt")
        SELECT v."merchantId", gen_random_uuid(), v."customerId", t.at, t.at::date, extract(dow FROM t.at)::int2, extract(hour FROM t.at)::int2, (2000 + random() * 8000)::int, 'counter', now()
          FROM vouchers v CROSS JOIN LATERAL (SELECT v."redeemedAt" + random() * interval '120 days' AS at) t
         WHERE v.status = 'redeemed' AND random() < 0.25 AND t.at < now()`);
      // Walk-ins: one visit each in the last 60 days.
      await tx.$executeRaw(Prisma.sql`
        INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", source, "updatedAt")
        SELECT c."merchantId", gen_random_uuid(), c.id, t.at, t.at::date, extract(dow FROM t.at)::int2, extract(hour FROM t.at)::int2, 3000, 'counter', now()
          FROM customers c CROSS JOIN LATERAL (SELECT now() - random() * interval '60 days' AS at) t
         WHERE NOT EXISTS (SELECT 1 FROM vouchers v WHERE v."merchantId" = c."merchantId" AND v."customerId" = c.id)`);
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
  await db.$executeRawUnsafe("ANALYZE");
  return (performance.now() - t0) / 1000;
}

async function time(fn: () => Promise<unknown>) {
  await fn(); // warm
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
}

async function main() {
  const pg = await database();
  try {
    let loadSeconds = 0;
    if (pg.fresh) loadSeconds = await load();
    const publisher = await db.publisher.findUniqueOrThrow({ where: { slug: "bench-pub" } });
    const [{ vouchers, redeemed, visits, customers }] = await db.$queryRaw<
      { vouchers: number; redeemed: number; visits: number; customers: number }[]
    >(Prisma.sql`
      SELECT (SELECT count(*)::int FROM vouchers) AS vouchers, (SELECT count(*)::int FROM vouchers WHERE status = 'redeemed') AS redeemed,
             (SELECT count(*)::int FROM visits) AS visits, (SELECT count(*)::int FROM customers) AS customers`);
    const deal = await db.deal.findFirstOrThrow({ where: { publisherId: publisher.id }, orderBy: { createdAt: "desc" } });
    console.log(
      `Data: ${MERCHANTS.toLocaleString("en-US")} merchants, ${vouchers.toLocaleString("en-US")} vouchers (${redeemed.toLocaleString("en-US")} redeemed), ${customers.toLocaleString("en-US")} customers, ${visits.toLocaleString("en-US")} visits${pg.fresh ? `; loaded in ${loadSeconds.toFixed(0)} s` : " (reused)"}.`,
    );

    const floorQuery = () =>
      db.$queryRaw(
        Prisma.sql`SELECT count(*) FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId" WHERE d."publisherId" = ${publisher.id}::uuid`,
      );
    const inConsole =
      <T>(fn: () => Promise<T>) =>
      () =>
        withPublisher(publisher.id, fn);
    const floorPlatform = await time(floorQuery);
    const floor = await time(inConsole(floorQuery));
    const cases: [string, () => Promise<unknown>][] = [
      [
        "publisher home (figures + merchants by name)",
        () => Promise.all([getPublisherSummary(publisher.id), listPublisherMerchants(publisher.id, { q: "", sort: "name", dir: "asc" })]),
      ],
      ["publisher home sorted by conversion", () => listPublisherMerchants(publisher.id, { q: "", sort: "conversion", dir: "desc" })],
      ['publisher home searched ("merchant 04")', () => listPublisherMerchants(publisher.id, { q: "merchant 04", sort: "name", dir: "asc" })],
      [
        "one deal's report (figures + curve + campaigns that followed)",
        () =>
          Promise.all([
            getDealRows({ publisherId: publisher.id, merchantId: deal.merchantId, dealId: deal.id }),
            getReturnCurve({ publisherId: publisher.id, merchantId: deal.merchantId, dealId: deal.id }),
            getDealFollowUps({ publisherId: publisher.id, merchantId: deal.merchantId, dealId: deal.id }),
          ]),
      ],
      [
        "one merchant's page (its deals + 12 months)",
        () =>
          Promise.all([
            getDealRows({ publisherId: publisher.id, merchantId: deal.merchantId }),
            getMerchantMonths({ publisherId: publisher.id, merchantId: deal.merchantId, timeZone: "America/New_York" }),
          ]),
      ],
      ["all deals report (rows + curve)", () => Promise.all([getDealRows({ publisherId: publisher.id }), getReturnCurve({ publisherId: publisher.id })])],
    ];
    const rows: Record<string, string | number>[] = [
      { measure: "floor: count(*) of the publisher's vouchers", "p50 ms": Math.round(floor.p50), "p95 ms": Math.round(floor.p95), "× floor": 1 },
      {
        measure: "(the floor in the platform scope: no policy work)",
        "p50 ms": Math.round(floorPlatform.p50),
        "p95 ms": Math.round(floorPlatform.p95),
        "× floor": +(floorPlatform.p50 / floor.p50).toFixed(1),
      },
    ];
    for (const [name, fn] of cases) {
      const r = await time(inConsole(fn));
      rows.push({
        measure: name,
        "p50 ms": Math.round(r.p50),
        "p95 ms": Math.round(r.p95),
        "× floor": +(r.p50 / floor.p50).toFixed(1),
        "≤ 1 s": r.p95 <= 1000 ? "yes" : "NO",
      });
    }
    printTable(
      `Publisher console at ${MERCHANTS.toLocaleString("en-US")} merchants / ${vouchers.toLocaleString("en-US")} vouchers (p50/p95 of ${RUNS} runs)`,
      rows,
    );
  } finally {
    await db.$disconnect();
    if (!process.env.BENCH_KEEP && !process.env.BENCH_REUSE) await pg.drop();
    await pg.stop();
  }
}

withPlatform("benchmark setup", main).then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
