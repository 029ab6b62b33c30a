import { Prisma } from "@/generated/prisma/client";

type TSqlRunner = { $executeRaw: (query: Prisma.Sql) => Promise<number> };

// RFM: recency, frequency and monetary scores 1–5 per merchant, and the named segments of
// FILTERS.md. Scores come from the merchant's own quintile boundaries (p20/p40/p60/p80): a score is
// 1 + the number of boundaries strictly below the customer's value, so equal values always get
// equal scores (most customers have exactly one visit; ntile() would split them arbitrarily).
// One statement per merchant; see docs/filters.md for the segment rules and the value estimate.
//
// Only rows whose scores or segment change are written: a nightly run rewrites the few customers
// who moved, not the whole table (a full rewrite of wide rows cannot stay heap-only and touches
// every index). The lifetime value estimate is computed when shown (estimateLifetimeValueCents),
// since it drifts with tenure every day.

export const LTV_YEARS = 3;

export async function recomputeRfm(db: TSqlRunner, merchantId: string): Promise<number> {
  const updated = await db.$executeRaw(Prisma.sql`
    WITH base AS (
      SELECT id, extract(epoch FROM "lastVisitAt") AS rv, "visitCount" AS fv, "totalSpentCents" AS mv, "firstVisitAt"
        FROM customers WHERE "merchantId" = ${merchantId}::uuid AND "visitCount" > 0
    ), q AS (
      SELECT percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY rv) AS rq,
             percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY fv) AS fq,
             percentile_disc(ARRAY[0.2, 0.4, 0.6, 0.8]) WITHIN GROUP (ORDER BY mv) AS mq
        FROM base
    ), scored AS (
      SELECT b.id, b.fv, b.mv, b."firstVisitAt",
             1 + (CASE WHEN b.rv > q.rq[1] THEN 1 ELSE 0 END + CASE WHEN b.rv > q.rq[2] THEN 1 ELSE 0 END + CASE WHEN b.rv > q.rq[3] THEN 1 ELSE 0 END + CASE WHEN b.rv > q.rq[4] THEN 1 ELSE 0 END) AS r,
             1 + (CASE WHEN b.fv > q.fq[1] THEN 1 ELSE 0 END + CASE WHEN b.fv > q.fq[2] THEN 1 ELSE 0 END + CASE WHEN b.fv > q.fq[3] THEN 1 ELSE 0 END + CASE WHEN b.fv > q.fq[4] THEN 1 ELSE 0 END) AS f,
             1 + (CASE WHEN b.mv > q.mq[1] THEN 1 ELSE 0 END + CASE WHEN b.mv > q.mq[2] THEN 1 ELSE 0 END + CASE WHEN b.mv > q.mq[3] THEN 1 ELSE 0 END + CASE WHEN b.mv > q.mq[4] THEN 1 ELSE 0 END) AS m
        FROM base b, q
    )
    UPDATE customers c SET
      "rfmRecency" = s.r, "rfmFrequency" = s.f, "rfmMonetary" = s.m,
      "rfmSegment" = CASE
        WHEN s.r >= 4 AND s.f >= 4 AND s.m >= 4 THEN 'champions'
        WHEN s.r = 5 AND s.f = 1 THEN 'new'
        WHEN s.r = 4 AND s.f = 1 THEN 'promising'
        WHEN s.r >= 4 AND s.f BETWEEN 2 AND 3 THEN 'potential_loyalist'
        WHEN s.r >= 3 AND s.f >= 4 THEN 'loyal'
        WHEN s.r = 1 AND s.f >= 4 THEN 'cant_lose'
        WHEN s.r <= 2 AND s.f >= 3 THEN 'at_risk'
        WHEN s.r = 3 THEN 'needs_attention'
        WHEN s.r = 2 THEN 'hibernating'
        ELSE 'lost' END,
      "rfmComputedAt" = now()
    FROM scored s
    WHERE c."merchantId" = ${merchantId}::uuid AND c.id = s.id
      AND (c."rfmRecency", c."rfmFrequency", c."rfmMonetary") IS DISTINCT FROM (s.r::smallint, s.f::smallint, s.m::smallint)`);
  // Customers without visits have no RFM.
  await db.$executeRaw(Prisma.sql`
    UPDATE customers SET "rfmRecency" = NULL, "rfmFrequency" = NULL, "rfmMonetary" = NULL, "rfmSegment" = NULL, "rfmComputedAt" = now()
     WHERE "merchantId" = ${merchantId}::uuid AND "visitCount" = 0 AND "rfmSegment" IS NOT NULL`);
  return updated;
}

/**
 * Lifetime value estimate: average spend per visit × visits per year over the customer's tenure
 * (at least 30 days) × a 3-year horizon × recency score / 5 (lapsing customers are worth less).
 */
export function estimateLifetimeValueCents(c: { visitCount: number; totalSpentCents: bigint | number; firstVisitAt: Date | null; rfmRecency: number | null }, now = new Date()): number | null {
  if (!c.visitCount || !c.firstVisitAt || !c.rfmRecency) return null;
  const perVisit = Number(c.totalSpentCents) / c.visitCount;
  const tenureDays = Math.max(30, (now.getTime() - c.firstVisitAt.getTime()) / 86_400_000);
  return Math.round(perVisit * ((c.visitCount * 365) / tenureDays) * LTV_YEARS * (c.rfmRecency / 5));
}

export const RFM_LABELS: Record<string, { label: string; hint: string }> = {
  champions: { label: "Champions", hint: "Recent, frequent, big spenders" },
  loyal: { label: "Loyal", hint: "Come often, still around" },
  potential_loyalist: { label: "Potential loyalists", hint: "Recent, coming back" },
  new: { label: "New", hint: "First visit, very recent" },
  promising: { label: "Promising", hint: "Recent first-timers" },
  needs_attention: { label: "Needs attention", hint: "Middling and cooling" },
  at_risk: { label: "At risk", hint: "Used to come often, not lately" },
  cant_lose: { label: "Can't lose them", hint: "Your best, gone quiet" },
  hibernating: { label: "Hibernating", hint: "Rare and not recent" },
  lost: { label: "Lost", hint: "Long gone, came rarely" },
};
