import { describe, expect, it } from "vitest";
import { countCustomers as countCustomersOf, listCustomers as listCustomersOf } from "@/features/filters/queries";
import { recomputeRfm } from "@/features/insights/rfm";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { db as appDb } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { db, inTenantOf } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const countCustomers = inTenantOf(countCustomersOf);
const listCustomers = inTenantOf(listCustomersOf);
// As the worker runs it: the app's client in the merchant's tenant scope.
const recompute = (merchantId: string) => withTenant(merchantId, () => recomputeRfm(appDb, merchantId));

// RFM scores live in customer_rfm; a recompute writes only what moved and removes customers
// who no longer have visits. The filter, the list and the API read that table.
const DAY = 86400_000;

async function merchantWithCustomers(slug: string) {
  const m = await createMerchant({ name: slug, slug, timeZone: "Europe/Berlin" });
  const now = Date.now();
  const ids: string[] = [];
  // Customer i: i visits, i × $10, last visit 100 − 10i days ago (i = 1…10), plus one with no visits.
  for (let i = 1; i <= 10; i++) {
    const c = await db.customer.create({
      data: {
        merchantId: m.id,
        firstName: `R${i}`,
        visitCount: i,
        totalSpentCents: BigInt(i * 1000),
        firstVisitAt: new Date(now - 400 * DAY),
        lastVisitAt: new Date(now - (100 - 10 * i) * DAY),
      },
    });
    ids.push(c.id);
  }
  const none = await db.customer.create({ data: { merchantId: m.id, firstName: "Never" } });
  return { m: { id: m.id, timeZone: "Europe/Berlin" }, ids, none: none.id };
}

describe("RFM recompute (customer_rfm)", () => {
  it("scores customers with visits, rewrites only what moved, and removes customers without visits", async () => {
    const a = await merchantWithCustomers(`rfm-a-${Date.now()}`);
    const b = await merchantWithCustomers(`rfm-b-${Date.now()}`);
    expect(await recompute(b.m.id)).toBe(10);

    expect(await recompute(a.m.id)).toBe(10);
    const rows = await db.customerRfm.findMany({ where: { merchantId: a.m.id }, orderBy: { monetary: "asc" } });
    expect(rows).toHaveLength(10);
    expect(rows.some((r) => r.customerId === a.none)).toBe(false);
    const best = rows.find((r) => r.customerId === a.ids[9])!;
    expect([best.recency, best.frequency, best.monetary, best.segment]).toEqual([5, 5, 5, "champions"]);
    const worst = rows.find((r) => r.customerId === a.ids[0])!;
    expect([worst.recency, worst.frequency, worst.monetary, worst.segment]).toEqual([1, 1, 1, "lost"]);

    // Nothing moved: nothing is written.
    expect(await recompute(a.m.id)).toBe(0);

    // The best customer's visits are gone, the worst one came back today and spent the most.
    await db.customer.update({
      where: { merchantId_id: { merchantId: a.m.id, id: a.ids[9]! } },
      data: { visitCount: 0, totalSpentCents: 0n, lastVisitAt: null, firstVisitAt: null },
    });
    await db.customer.update({
      where: { merchantId_id: { merchantId: a.m.id, id: a.ids[0]! } },
      data: { lastVisitAt: new Date(), totalSpentCents: 1_000_000n },
    });
    const written = await recompute(a.m.id);
    expect(written).toBeGreaterThanOrEqual(2);
    expect(await db.customerRfm.findUnique({ where: { merchantId_customerId: { merchantId: a.m.id, customerId: a.ids[9]! } } })).toBeNull();
    const back = await db.customerRfm.findUniqueOrThrow({ where: { merchantId_customerId: { merchantId: a.m.id, customerId: a.ids[0]! } } });
    expect([back.recency, back.monetary]).toEqual([5, 5]);

    // A deleted customer's scores go at the next run.
    await db.customer.delete({ where: { merchantId_id: { merchantId: a.m.id, id: a.ids[5]! } } });
    expect(await recompute(a.m.id)).toBeGreaterThanOrEqual(1);
    expect(await db.customerRfm.count({ where: { merchantId: a.m.id, customerId: a.ids[5]! } })).toBe(0);
    expect(await recompute(a.m.id)).toBe(0);

    // The other merchant's scores are untouched.
    expect(await db.customerRfm.count({ where: { merchantId: b.m.id } })).toBe(10);

    // The filter and the list read the table; customers without scores have no segment.
    const champions = await db.customerRfm.count({ where: { merchantId: a.m.id, segment: "champions" } });
    expect(await countCustomers(a.m, { field: "rfmSegment", op: "in", value: ["champions"] })).toBe(champions);
    expect(await countCustomers(a.m, { not: { field: "rfmSegment", op: "in", value: ["champions"] } })).toBe(10 - champions);
    const page = await listCustomers(a.m, { and: [] }, { limit: 20 });
    expect(page.data.find((c) => c.id === a.none)?.rfmSegment).toBeNull();
    expect(page.data.find((c) => c.id === a.ids[0])?.rfmSegment).toBe(back.segment);
  });
});

describe("RFM quintile boundaries", () => {
  // The boundaries are read by walking indexes to percentile_disc's positions; they must equal
  // percentile_disc over the customers with visits, whatever the ties, zero spends and customers
  // without visits.
  it("equal percentile_disc's, so every score is 1 + the number of boundaries strictly below the value", async () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const now = Date.now();
    for (const [size, withoutVisits] of [
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 2],
      [7, 3],
      [60, 10],
      [401, 57],
    ] as const) {
      const m = await createMerchant({ name: `q${size}`, slug: `rfm-q${size}-${Date.now()}`, timeZone: "Europe/Berlin" });
      await db.customer.createMany({
        data: Array.from({ length: size + withoutVisits }, (_, i) => {
          if (i >= size) return { merchantId: m.id, firstName: `N${i}` };
          const visits = 1 + (rand(3) === 0 ? rand(12) : 0);
          return {
            merchantId: m.id,
            firstName: `C${i}`,
            visitCount: visits,
            totalSpentCents: BigInt(rand(4) === 0 ? 0 : 500 * rand(20)),
            firstVisitAt: new Date(now - 400 * DAY),
            lastVisitAt: new Date(now - rand(30) * DAY),
          };
        }),
      });
      await recompute(m.id);
      const mismatches = await db.$queryRaw<{ n: bigint }[]>`
        WITH base AS (
          SELECT id, "lastVisitAt" AS rv, "visitCount" AS fv, "totalSpentCents" AS mv FROM customers WHERE "merchantId" = ${m.id}::uuid AND "visitCount" > 0
        ), q AS (
          SELECT percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY rv) AS rq,
                 percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY fv) AS fq,
                 percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY mv) AS mq FROM base
        ), expected AS (
          SELECT b.id, 1 + (SELECT count(*) FROM unnest(q.rq) x WHERE x < b.rv) AS r, 1 + (SELECT count(*) FROM unnest(q.fq) x WHERE x < b.fv) AS f,
                 1 + (SELECT count(*) FROM unnest(q.mq) x WHERE x < b.mv) AS m
            FROM base b, q
        )
        SELECT count(*) AS n FROM expected e FULL JOIN (SELECT * FROM customer_rfm WHERE "merchantId" = ${m.id}::uuid) s ON s."customerId" = e.id
         WHERE (e.r, e.f, e.m) IS DISTINCT FROM (s.recency, s.frequency, s.monetary)`;
      expect(Number(mismatches[0]!.n), `merchant with ${size} customers with visits`).toBe(0);
      expect(await db.customerRfm.count({ where: { merchantId: m.id } })).toBe(size);
    }
  });
});
