import { Prisma } from "@/generated/prisma/client";

type TSqlRunner = { $executeRaw: (query: Prisma.Sql) => Promise<number> };

/**
 * Recomputes the per-customer aggregates (customers.visitCount … tagIds) from visits, for one
 * merchant's customers — all of them, or only `customerIds`. Filters read these columns instead
 * of scanning visits (PERF-LIMITS.md), so every write path that changes visits must call this
 * (or an equivalent incremental update) in the same transaction.
 *
 * "Latest rating" follows FILTERS.md: the most recent visit that has a rating, by occurredAt;
 * on a tie, the visit recorded last (createdAt, then id).
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
      "weekdayMask"       = coalesce(a.weekday_mask, 0),
      "hourMask"          = coalesce(a.hour_mask, 0),
      "tagIds"            = coalesce(t.tag_ids, '{}')
    FROM customers c2
      LEFT JOIN agg a ON a."customerId" = c2.id
      LEFT JOIN tagged t ON t."customerId" = c2.id
    WHERE c2."merchantId" = ${merchantId}::uuid AND c2.id = c.id AND c."merchantId" = c2."merchantId" ${onlyCustomers}
  `);
}

export type TNewVisit = {
  customerId: string;
  occurredAt: Date;
  amountCents: number;
  rating: number | null;
  localDayOfWeek: number;
  localHour: number;
  hasVoucher: boolean;
  tagIds: string[];
};

/**
 * Folds one new visit into its customer's aggregates in a single statement (PERF-LIMITS.md: one
 * statement, not several round trips). The three most recent visit times are re-sorted with the
 * new one, so a visit captured late (offline queue, import) lands in the right place; the latest
 * rating moves only when this visit is at least as recent as the last rated one (a tie goes to
 * the visit recorded last, which this one is).
 */
/** The UPDATE, to run as part of the statement that inserts the visit (features/visits/capture.ts). */
export function aggregatesUpdateSql(merchantId: string, v: TNewVisit): Prisma.Sql {
  return Prisma.sql`
    UPDATE customers c SET
      "visitCount" = c."visitCount" + 1,
      "voucherVisitCount" = c."voucherVisitCount" + ${v.hasVoucher ? 1 : 0},
      "totalSpentCents" = c."totalSpentCents" + ${v.amountCents},
      "firstVisitAt" = LEAST(c."firstVisitAt", ${v.occurredAt}::timestamptz),
      ("lastVisitAt", "secondLastVisitAt", "thirdLastVisitAt") = (
        SELECT r[1], r[2], r[3] FROM (
          SELECT array_agg(t ORDER BY t DESC) AS r
            FROM unnest(ARRAY[c."lastVisitAt", c."secondLastVisitAt", c."thirdLastVisitAt", ${v.occurredAt}::timestamptz]) AS t
           WHERE t IS NOT NULL) s),
      "lastRating" = CASE WHEN ${v.rating}::int IS NOT NULL AND (c."lastRatedAt" IS NULL OR ${v.occurredAt}::timestamptz >= c."lastRatedAt")
                          THEN ${v.rating}::smallint ELSE c."lastRating" END,
      "lastRatedAt" = CASE WHEN ${v.rating}::int IS NOT NULL AND (c."lastRatedAt" IS NULL OR ${v.occurredAt}::timestamptz >= c."lastRatedAt")
                           THEN ${v.occurredAt}::timestamptz ELSE c."lastRatedAt" END,
      "weekdayMask" = (c."weekdayMask" | (1 << ${v.localDayOfWeek}::int))::smallint,
      "hourMask" = c."hourMask" | (1 << ${v.localHour}::int),
      "tagIds" = CASE WHEN cardinality(${v.tagIds}::uuid[]) = 0 THEN c."tagIds"
                      ELSE ARRAY(SELECT DISTINCT unnest(c."tagIds" || ${v.tagIds}::uuid[])) END,
      "updatedAt" = now()
    WHERE c."merchantId" = ${merchantId}::uuid AND c.id = ${v.customerId}::uuid`;
}
