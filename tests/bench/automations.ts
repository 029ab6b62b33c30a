// npm run bench:automations — the automations' scheduler at scale, two questions:
//  1. the daily evaluation of every automation (all six kinds on) for one merchant of
//     BENCH_CUSTOMERS (default 1,000,000) customers, the first day and the next;
//  2. one scheduler pass over BENCH_MERCHANTS (default 1,000) small merchants (BENCH_SMALL_CUSTOMERS,
//     default 200 customers each, second visit and win-back on), two merchants at a time as the
//     worker's localConcurrency runs them.
// Beside each, a floor measured in the same run on the same data: a count(*) over the merchant's
// customers (1), and that count once per merchant in turn (2), and the ratio. Evaluation only:
// delivery is bench:send's. Data is generated in SQL; BENCH_KEEP=1 keeps the database.
import { Prisma } from "@/generated/prisma/client";
import { evaluateMerchant, type TEvaluation } from "@/features/automations/evaluate";
import { saveAutomation, setAutomationEnabled } from "@/features/automations/service";
import type { TAutomationForm } from "@/features/automations/schemas";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { db } from "@/lib/db";
import { withPlatform, withTenant } from "@/lib/tenant";
import { freshDatabase, printTable } from "./lib";

const BIG = Number(process.env.BENCH_CUSTOMERS ?? 1_000_000);
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 1_000);
const SMALL = Number(process.env.BENCH_SMALL_CUSTOMERS ?? 200);
const TZ = "America/New_York";
const DAY = 86_400_000;
const ADDRESS = { addressLine1: "1 Main St", city: "Portland", region: "ME", postalCode: "04101", country: "US" };

/** Customers with 1–4 visits over 540 days (62% one), birthdays, anniversaries, ratings; first visits of the last 30 days redeem a daily deal. */
async function load(merchantIds: string[], customers: number) {
  await db.$transaction(
    async (tx) => {
      for (const id of merchantIds) {
        // A bulk load: the outbound-webhook triggers stand aside (no endpoint exists anyway).
        await tx.$executeRaw`SET LOCAL regulars.bulk_write = 'on'`;
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO customers ("merchantId", id, "firstName", email, "emailNormalized", birthday, anniversary, "emailConsent", "createdAt", "updatedAt")
          SELECT ${id}::uuid, gen_random_uuid(), 'First' || g, 'c' || g || '@example.net', 'c' || g || '@example.net',
                 CASE WHEN g % 3 = 0 THEN date '1970-01-01' + (g % 12000) END, CASE WHEN g % 5 = 0 THEN date '2000-01-01' + (g % 7000) END,
                 g % 10 < 8, now() - interval '600 days', now()
            FROM generate_series(1, ${customers}) g`);
        await tx.$executeRaw(Prisma.sql`
          INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", rating, source, "createdAt", "updatedAt")
          SELECT ${id}::uuid, gen_random_uuid(), c.id, t.at, (t.at AT TIME ZONE ${TZ})::date, extract(dow FROM t.at AT TIME ZONE ${TZ})::smallint,
                 extract(hour FROM t.at AT TIME ZONE ${TZ})::smallint, (500 + random() * 9000)::int, 1 + (random() * 2.4)::int, 'import', t.at, now()
            FROM (SELECT id, random() AS r FROM customers WHERE "merchantId" = ${id}::uuid) c
            CROSS JOIN LATERAL generate_series(1, CASE WHEN c.r < 0.62 THEN 1 ELSE 2 + (random() * 2)::int END) s
            CROSS JOIN LATERAL (SELECT now() - random() * interval '540 days' - (s * 0) * interval '1 second' AS at) t`);
      }
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
  for (const id of merchantIds) {
    await recomputeCustomerAggregates(db, id);
    // The one-visit customers of the last 30 days came on a daily deal: their visit redeems a voucher.
    await db.$transaction(
      async (tx) => {
        const [deal] = await tx.$queryRaw<
          { id: string }[]
        >`INSERT INTO deals ("merchantId", kind, title) VALUES (${id}::uuid, 'daily_deal', 'Dinner for two') RETURNING id`;
        await tx.$executeRaw`
        WITH one AS (SELECT c.id AS cid, v.id AS vid, gen_random_uuid() AS voucher FROM customers c JOIN visits v ON v."merchantId" = c."merchantId" AND v."customerId" = c.id
                      WHERE c."merchantId" = ${id}::uuid AND c."visitCount" = 1 AND c."firstVisitAt" > now() - interval '30 days'),
        vo AS (INSERT INTO vouchers ("merchantId", id, "dealId", code, status, "customerId", "visitId") SELECT ${id}::uuid, voucher, ${deal!.id}::uuid, 'D' || replace(voucher::text, '-', ''), 'redeemed', cid, vid FROM one),
        vi AS (UPDATE visits v SET "voucherId" = one.voucher FROM one WHERE v."merchantId" = ${id}::uuid AND v.id = one.vid)
        UPDATE customers c SET "voucherVisitCount" = 1 FROM one WHERE c."merchantId" = ${id}::uuid AND c.id = one.cid`;
      },
      { timeout: 600_000 },
    );
  }
}

async function automations(merchant: { id: string; timeZone: string }, kinds: Pick<TAutomationForm, "kind" | "settings">[], enabledAt: Date) {
  const promotion = await db.promotion.create({
    data: { merchantId: merchant.id, name: "Come back", title: "Come back", offer: "10% off", subject: "Come back", body: "Hi", expiresInDays: 30 },
    select: { id: true },
  });
  for (const k of kinds) {
    // As the manager's actions do: in the merchant's tenant scope.
    await withTenant(merchant.id, async () => {
      const a = await saveAutomation(
        merchant,
        { promotionId: promotion.id, holdoutPercent: 10, sendHour: 10, quietHourFrom: 21, quietHourTo: 9, oncePerCustomer: true, reentryDays: 90, ...k },
        {},
      );
      await setAutomationEnabled(merchant, a.id, true, {}, enabledAt);
    });
  }
}

async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await fn();
  return { ms: Math.round(performance.now() - t0), value };
}

const sent = (rs: TEvaluation[]) => rs.reduce((n, r) => n + (r.outcome === "fired" ? r.sent + r.holdout : 0), 0);

async function main() {
  const database = await freshDatabase("regulars_bench_automations");
  const t0 = Date.now();
  const big = await createMerchant({ name: "Big Bistro", slug: "big-bistro", timeZone: TZ });
  await db.merchant.update({ where: { id: big.id }, data: ADDRESS });
  await load([big.id], BIG);
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  console.log(`loaded ${BIG.toLocaleString("en-US")} customers in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  const now = new Date();
  const bigM = { id: big.id, timeZone: TZ };
  await automations(
    bigM,
    [
      { kind: "second_visit", settings: { days: 14 } },
      { kind: "win_back", settings: { mode: "days", days: 60 } },
      { kind: "win_back", settings: { mode: "usualGap" } },
      { kind: "birthday", settings: { daysBefore: 7 } },
      { kind: "anniversary", settings: { daysBefore: 0 } },
      { kind: "welcome_best", settings: { filter: "preset:three-star" } },
      { kind: "thank_you", settings: { days: 1 } },
    ],
    new Date(now.getTime() - 30 * DAY),
  );

  const floor = await timed(() =>
    withTenant(big.id, () => db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM customers WHERE "merchantId" = ${big.id}::uuid`),
  );
  const day1 = await timed(() => evaluateMerchant(big.id, now, { ignoreSendTime: true }));
  const floor2 = await timed(() =>
    withTenant(big.id, () => db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM customers WHERE "merchantId" = ${big.id}::uuid`),
  );
  const day2 = await timed(() => evaluateMerchant(big.id, new Date(now.getTime() + DAY), { ignoreSendTime: true }));
  const again = await timed(() => evaluateMerchant(big.id, new Date(now.getTime() + DAY), { ignoreSendTime: true }));
  const floorMs = Math.min(floor.ms, floor2.ms);
  printTable(`Daily evaluation of 7 automations, one merchant of ${BIG.toLocaleString("en-US")} customers (target ≤ 60 s)`, [
    { run: "floor: count(*) of its customers", ms: floorMs, occasions: "", "× floor": 1 },
    { run: "day 1 (welcome takes its baseline)", ms: day1.ms, occasions: sent(day1.value), "× floor": +(day1.ms / floorMs).toFixed(1) },
    { run: "day 2", ms: day2.ms, occasions: sent(day2.value), "× floor": +(day2.ms / floorMs).toFixed(1) },
    { run: "day 2 again (nothing new)", ms: again.ms, occasions: sent(again.value), "× floor": +(again.ms / floorMs).toFixed(1) },
  ]);
  printTable(
    "Day 1 per automation",
    day1.value.map((r) => ({
      automation: r.automationId.slice(0, 8),
      outcome: r.outcome,
      sent: "sent" in r ? r.sent : "",
      holdout: "holdout" in r ? r.holdout : "",
    })),
  );

  // 2. A thousand small merchants.
  const t1 = Date.now();
  const ids: string[] = [];
  for (let i = 0; i < MERCHANTS; i++) {
    const m = await createMerchant({ name: `Small ${i}`, slug: `small-${i}`, timeZone: TZ });
    await db.merchant.update({ where: { id: m.id }, data: ADDRESS });
    ids.push(m.id);
  }
  for (let i = 0; i < ids.length; i += 100) await load(ids.slice(i, i + 100), SMALL);
  for (const id of ids)
    await automations(
      { id, timeZone: TZ },
      [
        { kind: "second_visit", settings: { days: 14 } },
        { kind: "win_back", settings: { mode: "days", days: 60 } },
      ],
      new Date(now.getTime() - 30 * DAY),
    );
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  console.log(`loaded ${MERCHANTS.toLocaleString("en-US")} merchants × ${SMALL} customers in ${((Date.now() - t1) / 1000).toFixed(0)} s`);

  const pass = async (at: Date) => {
    const queue = [...ids];
    let occasions = 0;
    await Promise.all(
      [0, 1].map(async () => {
        for (let id = queue.shift(); id; id = queue.shift()) occasions += sent(await evaluateMerchant(id, at, { ignoreSendTime: true }));
      }),
    );
    return occasions;
  };
  const smallFloor = await timed(async () => {
    for (const id of ids) await withTenant(id, () => db.$queryRaw`SELECT count(*) FROM customers WHERE "merchantId" = ${id}::uuid`);
  });
  const p1 = await timed(() => pass(now));
  const p2 = await timed(() => pass(now));
  printTable(`One scheduler pass over ${MERCHANTS.toLocaleString("en-US")} merchants of ${SMALL} customers, 2 automations each, 2 at a time (target ≤ 60 s)`, [
    { run: "floor: count(*) per merchant, in turn", ms: smallFloor.ms, occasions: "", "× floor": 1 },
    { run: "pass (sends what is due)", ms: p1.ms, occasions: p1.value, "× floor": +(p1.ms / smallFloor.ms).toFixed(1) },
    { run: "pass again (nothing new)", ms: p2.ms, occasions: p2.value, "× floor": +(p2.ms / smallFloor.ms).toFixed(1) },
  ]);
  await db.$disconnect();
  if (process.env.BENCH_KEEP !== "1") await database.drop();
  await database.stop();
}

// Set-up as the operator (a named platform path); the floors and the evaluations (evaluateMerchant
// opens it) run in each merchant's tenant scope, as the worker's jobs do.
withPlatform("benchmark setup", main).catch((err) => {
  console.error(err);
  process.exit(1);
});
