import { Prisma } from "@/generated/prisma/client";

type TSqlRunner = {
  $queryRaw: <T = unknown>(query: Prisma.Sql) => PromiseLike<T>;
  $executeRaw: (query: Prisma.Sql) => PromiseLike<number>;
};
/** The app's Prisma client (or the seed's): anything that can run the job in a transaction. */
type TRfmDatabase = {
  $transaction<T>(fn: (tx: TSqlRunner) => Promise<T>, options?: { timeout?: number; isolationLevel?: "RepeatableRead" }): Promise<T>;
};

// RFM: recency, frequency and monetary scores 1–5 per merchant, and the named segments of
// FILTERS.md. Scores come from the merchant's own quintile boundaries (p20/p40/p60/p80): a score is
// 1 + the number of boundaries strictly below the customer's value, so equal values always get
// equal scores (most customers have exactly one visit; ntile() would split them arbitrarily).
// See docs/filters.md for the segment rules and the value estimate.
//
// Scores live in the narrow customer_rfm table (one row per customer with visits), not on the wide
// customer rows: only rows whose scores moved are rewritten, new customers are inserted and those
// who no longer have visits (or no longer exist) are removed. The table has no foreign key: its
// per-row check cost more than the whole computation on a first run (27 s of 36 s for 1M
// customers), and readers always join it to an existing customer row, so a row left by a deleted
// customer is never read and goes at the next run. Nothing is sorted: the boundaries are read by
// walking the indexes on last visit, visit count and spend to percentile_disc's positions, and the
// scores are range comparisons in one index-only pass over the list index on last visit (which
// carries visit count and spend), joined once to the stored scores in parallel. The lifetime value
// estimate is computed when shown (estimateLifetimeValueCents), since it drifts with tenure every day.

export const LTV_YEARS = 3;

/** Recomputes the merchant's RFM scores; returns how many customers' scores were written or removed. */
export async function recomputeRfm(db: TRfmDatabase, merchantId: string): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // The hash of a million stored scores and, on a first run, a million new rows outgrow the
      // server's 64 MB work_mem; this job runs alone, so it may use more.
      await tx.$executeRaw(Prisma.sql`SET LOCAL work_mem = '512MB'`);
      const q = await quintileBoundaries(tx, merchantId);
      await collectChanges(tx, merchantId, q);
      return writeChanges(tx, merchantId);
    },
    // One snapshot for the three statements: the boundaries are those of the values scored.
    { timeout: 300_000, isolationLevel: "RepeatableRead" },
  );
}

type TBoundaries = { rq: (string | null)[]; fq: (string | null)[]; mq: (string | null)[] };

/** p20/p40/p60/p80 of last visit, visit count and spend over the customers with visits, exactly percentile_disc's. */
async function quintileBoundaries(tx: TSqlRunner, merchantId: string): Promise<TBoundaries> {
  // The values of `col` at two offsets (from CTE k) of the merchant's customers matching `where`,
  // in `order`: one index-only walk of the index in that order that skips to the first offset and
  // stops at the second, instead of sorting every customer (three sorts of a million values took
  // 2.7 s). The walk is ordered, so its min and max are the values at the two ends.
  const between = (col: string, where: string, order: string, from: string, to: string) =>
    Prisma.sql`(SELECT ARRAY[min(v), max(v)]::text[] FROM (
                  SELECT ${Prisma.raw(`"${col}"`)} AS v FROM customers WHERE "merchantId" = ${merchantId}::uuid AND ${Prisma.raw(where)}
                   ORDER BY ${Prisma.raw(order)} OFFSET (SELECT ${Prisma.raw(from)} FROM k) LIMIT (SELECT ${Prisma.raw(`${to} - (${from}) + 1`)} FROM k)) w)`;
  // p20 and p40 in one walk from the bottom, p60 and p80 in one from the top: 80% of the customers.
  const boundaries = (col: string, where: string, asc: string, desc: string, bottom = "0") =>
    Prisma.sql`(${between(col, where, asc, `${bottom} + o1`, `${bottom} + o2`)} || ${between(col, where, desc, "o4", "o3")})`;
  const [q] = await tx.$queryRaw<TBoundaries[]>(Prisma.sql`
    WITH counts AS MATERIALIZED (
      SELECT count(*) FILTER (WHERE "visitCount" > 0) AS n, count(*) FILTER (WHERE "visitCount" = 0) AS z
        FROM customers WHERE "merchantId" = ${merchantId}::uuid
    ), k AS MATERIALIZED (
      -- percentile_disc's positions, computed as it does (PostgreSQL's orderedsetaggs.c): the
      -- smallest k with k / n >= fraction, ceil(fraction * n) in double precision; as offsets from
      -- the bottom (k - 1) for p20 and p40 and from the top (n - k) for p60 and p80.
      SELECT z, greatest(ceil(0.2::float8 * n)::bigint - 1, 0) AS o1, greatest(ceil(0.4::float8 * n)::bigint - 1, 0) AS o2,
             greatest(n - ceil(0.6::float8 * n)::bigint, 0) AS o3, greatest(n - ceil(0.8::float8 * n)::bigint, 0) AS o4
        FROM counts
    )
    SELECT
      -- customers_list_lastVisit_idx (lastVisitAt NULLS FIRST, read both ways), which carries visitCount.
      ${boundaries("lastVisitAt", `"lastVisitAt" IS NOT NULL AND "visitCount" > 0`, `"lastVisitAt" ASC NULLS FIRST`, `"lastVisitAt" DESC NULLS LAST`)} AS rq,
      -- customers_list_visits_idx (visitCount, read both ways).
      ${boundaries("visitCount", `"visitCount" > 0`, `"visitCount" ASC`, `"visitCount" DESC`)} AS fq,
      -- The spend index (customers_list_spent_idx) does not carry visitCount, so it walks every
      -- customer. Spend is never negative (visits_amount_check) and the z customers without visits
      -- have spent 0, the least possible value: position k of the customers with visits is
      -- position z + k from the bottom, and the same position from the top.
      ${boundaries("totalSpentCents", "TRUE", `"totalSpentCents" ASC`, `"totalSpentCents" DESC`, "z")} AS mq`);
  return q!;
}

/**
 * Scores every customer with visits and keeps, in the temporary table rfm_changed, those who are
 * new (missing), whose scores moved, or who are stored but no longer scored (gone, or without
 * visits: id IS NULL), with the segment named for those only. A read of the whole merchant, so it
 * runs on parallel workers; writes come after, from the few rows kept.
 */
async function collectChanges(tx: TSqlRunner, merchantId: string, q: TBoundaries) {
  // A score is 1 + the number of boundaries strictly below the value (range comparisons, no sort).
  const score = (col: string, bounds: (string | null)[], type: string) => {
    const b = Prisma.sql`${bounds}::${Prisma.raw(type)}[]`;
    const c = Prisma.raw(`c."${col}"`);
    return Prisma.sql`(1 + (CASE WHEN ${c} > (${b})[1] THEN 1 ELSE 0 END + CASE WHEN ${c} > (${b})[2] THEN 1 ELSE 0 END + CASE WHEN ${c} > (${b})[3] THEN 1 ELSE 0 END + CASE WHEN ${c} > (${b})[4] THEN 1 ELSE 0 END))::smallint`;
  };
  // The planner expects about half the customers to have moved and would not pay to pass that many
  // rows from workers; a nightly run passes about 1%.
  await tx.$executeRaw(Prisma.sql`SET LOCAL parallel_tuple_cost = 0.001`);
  await tx.$executeRaw(Prisma.sql`
    CREATE TEMP TABLE rfm_changed ON COMMIT DROP AS
    WITH scored AS (
      SELECT c.id, ${score("lastVisitAt", q.rq, "timestamptz")} AS r, ${score("visitCount", q.fq, "int")} AS f, ${score("totalSpentCents", q.mq, "bigint")} AS m
        FROM customers c
       WHERE c."merchantId" = ${merchantId}::uuid AND c."visitCount" > 0
       OFFSET 0 -- not inlined: r, f and m are computed once per customer, not once per use below
    )
    SELECT s.*, x."customerId" AS stored, x."customerId" IS NULL AS missing, CASE
      WHEN r >= 4 AND f >= 4 AND m >= 4 THEN 'champions'
      WHEN r = 5 AND f = 1 THEN 'new'
      WHEN r = 4 AND f = 1 THEN 'promising'
      WHEN r >= 4 AND f BETWEEN 2 AND 3 THEN 'potential_loyalist'
      WHEN r >= 3 AND f >= 4 THEN 'loyal'
      WHEN r = 1 AND f >= 4 THEN 'cant_lose'
      WHEN r <= 2 AND f >= 3 THEN 'at_risk'
      WHEN r = 3 THEN 'needs_attention'
      WHEN r = 2 THEN 'hibernating'
      ELSE 'lost' END AS segment
      FROM scored s
      FULL JOIN (SELECT * FROM customer_rfm WHERE "merchantId" = ${merchantId}::uuid) x ON x."customerId" = s.id
     WHERE x."customerId" IS NULL OR s.id IS NULL OR (x.recency, x.frequency, x.monetary) IS DISTINCT FROM (s.r, s.f, s.m)`);
}

/** Applies rfm_changed to customer_rfm; returns how many rows were updated, inserted or removed. */
async function writeChanges(tx: TSqlRunner, merchantId: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ n: bigint }[]>(Prisma.sql`
    WITH updated AS (
      UPDATE customer_rfm x SET recency = s.r, frequency = s.f, monetary = s.m, segment = s.segment, "computedAt" = now()
        FROM rfm_changed s
       WHERE x."merchantId" = ${merchantId}::uuid AND x."customerId" = s.id AND NOT s.missing
      RETURNING 1
    ), inserted AS (
      INSERT INTO customer_rfm ("merchantId", "customerId", recency, frequency, monetary, segment, "computedAt")
      -- In key order: a first run's million rows append to the primary key instead of splitting its pages at random.
      SELECT ${merchantId}::uuid, s.id, s.r, s.f, s.m, s.segment, now() FROM rfm_changed s WHERE s.missing ORDER BY s.id
      RETURNING 1
    ), removed AS (
      DELETE FROM customer_rfm x USING rfm_changed s
       WHERE x."merchantId" = ${merchantId}::uuid AND x."customerId" = s.stored AND s.id IS NULL
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted) + (SELECT count(*) FROM removed) AS n`);
  return Number(row?.n ?? 0);
}

/**
 * Lifetime value estimate: average spend per visit × visits per year over the customer's tenure
 * (at least 30 days) × a 3-year horizon × recency score / 5 (lapsing customers are worth less).
 */
export function estimateLifetimeValueCents(
  c: { visitCount: number; totalSpentCents: bigint | number; firstVisitAt: Date | null; rfmRecency: number | null },
  now = new Date(),
): number | null {
  if (!c.visitCount || !c.firstVisitAt || !c.rfmRecency) return null;
  const perVisit = Number(c.totalSpentCents) / c.visitCount;
  const tenureDays = Math.max(30, (now.getTime() - c.firstVisitAt.getTime()) / 86_400_000);
  return Math.round(perVisit * ((c.visitCount * 365) / tenureDays) * LTV_YEARS * (c.rfmRecency / 5));
}

export { RFM_LABELS } from "./segments";
