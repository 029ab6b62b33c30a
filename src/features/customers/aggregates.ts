import { Prisma } from "@/generated/prisma/client";

type TSqlRunner = { $executeRaw: (query: Prisma.Sql) => Promise<number> };

/**
 * Recomputes the per-customer aggregates (customers.visitCount … tagIds) from visits, for one
 * merchant's customers — all of them, or only `customerIds`. Filters read these columns instead
 * of scanning visits (PERF-LIMITS.md), so every write path that changes visits must call this
 * (or an equivalent incremental update) in the same transaction.
 *
 * "Latest rating" follows FILTERS.md: the most recent visit that has a rating, by occurredAt;
 * on a tie, the visit recorded last (createdAt, then id). The usual rating is the mean of the 5
 * most recent ratings in that order, rounded half up (docs/filters.md "usualRating").
 */
export async function recomputeCustomerAggregates(db: TSqlRunner, merchantId: string, customerIds?: string[]): Promise<number> {
  const onlyVisits = customerIds ? Prisma.sql`AND v."customerId" = ANY(${customerIds}::uuid[])` : Prisma.empty;
  const onlyCustomers = customerIds ? Prisma.sql`AND c.id = ANY(${customerIds}::uuid[])` : Prisma.empty;
  const onlyTagged = customerIds ? Prisma.sql`AND x."customerId" = ANY(${customerIds}::uuid[])` : Prisma.empty;
  return db.$executeRaw(Prisma.sql`
    WITH agg AS (
      SELECT v."customerId",
             count(*)::int AS n,
             count(v."voucherId")::int AS nv,
             coalesce(sum(v."amountCents"), 0)::bigint AS total,
             min(v."occurredAt") AS first_at,
             (array_agg(v."occurredAt" ORDER BY v."occurredAt" DESC))[1:3] AS recent,
             (array_agg(v.rating ORDER BY v."occurredAt" DESC, v."createdAt" DESC, v.id DESC)
                FILTER (WHERE v.rating IS NOT NULL))[1] AS last_rating,
             max(v."occurredAt") FILTER (WHERE v.rating IS NOT NULL) AS last_rated_at,
             (SELECT round(avg(r))::smallint
                FROM unnest((array_agg(v.rating ORDER BY v."occurredAt" DESC, v."createdAt" DESC, v.id DESC)
                               FILTER (WHERE v.rating IS NOT NULL))[1:5]) AS r) AS usual_rating,
             bit_or(1 << v."localDayOfWeek")::smallint AS weekday_mask,
             bit_or(1 << v."localHour")::int AS hour_mask
        FROM visits v
       WHERE v."merchantId" = ${merchantId}::uuid ${onlyVisits}
       GROUP BY v."customerId"
    ), tagged AS (
      SELECT x."customerId", array_agg(DISTINCT x."tagId") AS tag_ids
        FROM (
          SELECT v."customerId", vt."tagId"
            FROM visit_tags vt JOIN visits v ON v."merchantId" = vt."merchantId" AND v.id = vt."visitId"
           WHERE vt."merchantId" = ${merchantId}::uuid
          UNION ALL
          SELECT ct."customerId", ct."tagId" FROM customer_tags ct WHERE ct."merchantId" = ${merchantId}::uuid
        ) x
       WHERE true ${onlyTagged}
       GROUP BY x."customerId"
    )
    UPDATE customers c SET
      "visitCount"        = coalesce(a.n, 0),
      "voucherVisitCount" = coalesce(a.nv, 0),
      "totalSpentCents"   = coalesce(a.total, 0),
      "firstVisitAt"      = a.first_at,
      "lastVisitAt"       = a.recent[1],
      "secondLastVisitAt" = a.recent[2],
      "thirdLastVisitAt"  = a.recent[3],
      "lastRating"        = a.last_rating,
      "lastRatedAt"       = a.last_rated_at,
      "usualRating"       = a.usual_rating,
      "weekdayMask"       = coalesce(a.weekday_mask, 0),
      "hourMask"          = coalesce(a.hour_mask, 0),
      "tagIds"            = coalesce(t.tag_ids, '{}')
    FROM customers c2
      LEFT JOIN agg a ON a."customerId" = c2.id
      LEFT JOIN tagged t ON t."customerId" = c2.id
    WHERE c2."merchantId" = ${merchantId}::uuid AND c2.id = c.id AND c."merchantId" = c2."merchantId" ${onlyCustomers}
  `);
}

// The single-visit fold at capture lives in capture_visit() (prisma/migrations/*_capture_visit_function):
// the same rules as the recount above, applied incrementally in the capture's one round trip.
