import "server-only";
import { Prisma } from "@/generated/prisma/client";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { describeLift, type TLift } from "@/features/campaigns/stats";
import type { TMerchantListQuery } from "./schemas";

// The deal report, the publisher's headline: did a deal make regulars? Per deal, the vouchers
// sold and redeemed, and of the redemptions, how many customers came back at full price (a later
// visit without any voucher) within 30, 60 and 90 days of redeeming, with what those visits spent
// in the 90 days. Dholakia's study of 324 businesses found 19.9% of deal users came back at full
// price: the benchmark drawn on the return curve.
//
// One statement per report. A redemption's return is one probe of visits (merchantId, customerId,
// occurredAt) for the first voucher-free visit after it; redemptions come from the partial index
// vouchers_redeemed_by_deal_idx, so unredeemed vouchers are only counted, never visited.

export const BENCHMARK_RETURN_RATE = 0.199;
export const RETURN_WINDOWS = [30, 60, 90] as const;

export type TDealFigures = {
  sold: number;
  redeemed: number;
  returned30: number;
  returned60: number;
  returned90: number;
  /** Redemptions less than 90 days old: their customers may still come back within the window. */
  maturing: number;
  returnRevenueCents: number;
};
export type TDealRow = TDealFigures & {
  dealId: string;
  merchantId: string;
  merchantSlug: string;
  merchantName: string;
  currency: string;
  title: string;
  priceCents: number;
  valueCents: number;
  startsAt: Date | null;
};

/** A publisher's deals (the console), or one merchant's whoever sold them (the merchant's API key). */
type TScope = { publisherId: string; merchantId?: string; dealId?: string } | { publisherId?: undefined; merchantId: string; dealId?: string };

const scopeWhere = (s: TScope) =>
  Prisma.sql`d.kind = 'daily_deal'
    ${s.publisherId ? Prisma.sql`AND d."publisherId" = ${s.publisherId}::uuid` : Prisma.empty}
    ${s.merchantId ? Prisma.sql`AND d."merchantId" = ${s.merchantId}::uuid` : Prisma.empty}
    ${s.dealId ? Prisma.sql`AND d.id = ${s.dealId}::uuid` : Prisma.empty}`;

/** Redemptions of the deals in scope, each with its first full-price return and the 90 days' return spend. */
const redemptions = (s: TScope) => Prisma.sql`
  SELECT v."merchantId", v."dealId", v."redeemedAt",
         r.first_return, coalesce(r.revenue, 0) AS revenue
    FROM deals d
    JOIN vouchers v ON v."merchantId" = d."merchantId" AND v."dealId" = d.id AND v.status = 'redeemed'
    LEFT JOIN LATERAL (
      SELECT min(x."occurredAt") AS first_return, sum(x."amountCents") AS revenue
        FROM visits x
       WHERE x."merchantId" = v."merchantId" AND x."customerId" = v."customerId" AND x."voucherId" IS NULL
         AND x."occurredAt" > v."redeemedAt" AND x."occurredAt" <= v."redeemedAt" + interval '90 days'
    ) r ON v."customerId" IS NOT NULL
   WHERE ${scopeWhere(s)}`;

type TRawDeal = {
  dealId: string;
  merchantId: string;
  merchantSlug: string;
  merchantName: string;
  currency: string;
  title: string;
  priceCents: number;
  valueCents: number;
  startsAt: Date | null;
  sold: number;
  redeemed: number;
  returned30: number;
  returned60: number;
  returned90: number;
  maturing: number;
  returnRevenueCents: bigint;
};

/** Per deal in scope, newest first. */
export async function getDealRows(scope: TScope, now = new Date()): Promise<TDealRow[]> {
  const rows = await db.$queryRaw<TRawDeal[]>(Prisma.sql`
    WITH red AS (${redemptions(scope)}),
    per_deal AS (
      SELECT "merchantId", "dealId", count(*)::int AS redeemed,
             count(*) FILTER (WHERE first_return <= "redeemedAt" + interval '30 days')::int AS returned30,
             count(*) FILTER (WHERE first_return <= "redeemedAt" + interval '60 days')::int AS returned60,
             count(first_return)::int AS returned90,
             count(*) FILTER (WHERE "redeemedAt" > ${now}::timestamptz - interval '90 days')::int AS maturing,
             sum(revenue)::bigint AS revenue
        FROM red GROUP BY 1, 2
    )
    SELECT d.id AS "dealId", d."merchantId", m.slug AS "merchantSlug", m.name AS "merchantName", m.currency::text AS currency, d.title,
           d."priceCents", d."valueCents", d."startsAt",
           (SELECT count(*)::int FROM vouchers v WHERE v."merchantId" = d."merchantId" AND v."dealId" = d.id) AS sold,
           coalesce(p.redeemed, 0) AS redeemed, coalesce(p.returned30, 0) AS returned30, coalesce(p.returned60, 0) AS returned60,
           coalesce(p.returned90, 0) AS returned90, coalesce(p.maturing, 0) AS maturing, coalesce(p.revenue, 0)::bigint AS "returnRevenueCents"
      FROM deals d
      JOIN merchants m ON m.id = d."merchantId"
      LEFT JOIN per_deal p ON p."merchantId" = d."merchantId" AND p."dealId" = d.id
     WHERE ${scopeWhere(scope)}
     ORDER BY d."createdAt" DESC, d.id`);
  return rows.map((r) => ({ ...r, returnRevenueCents: Number(r.returnRevenueCents) }));
}

/** The sum of deal rows (a merchant's or the publisher's roll-up). Revenue is only summed within one currency. */
export function rollUp(rows: TDealFigures[]): TDealFigures {
  const total: TDealFigures = { sold: 0, redeemed: 0, returned30: 0, returned60: 0, returned90: 0, maturing: 0, returnRevenueCents: 0 };
  for (const r of rows) for (const k of Object.keys(total) as (keyof TDealFigures)[]) total[k] += r[k];
  return total;
}

export const rate = (n: number, d: number) => (d > 0 ? n / d : null);

/**
 * The return curve of the redemptions in scope: for day 0…90 after redeeming, the share of
 * redeemers who had come back at full price by then.
 */
export async function getReturnCurve(scope: TScope): Promise<{ day: number; share: number | null }[]> {
  const rows = await db.$queryRaw<{ day: number | null; n: number }[]>(Prisma.sql`
    WITH red AS (${redemptions(scope)})
    SELECT CASE WHEN first_return IS NULL THEN NULL ELSE floor(extract(epoch FROM first_return - "redeemedAt") / 86400)::int END AS day, count(*)::int AS n
      FROM red GROUP BY 1`);
  const total = rows.reduce((s, r) => s + r.n, 0);
  const byDay = new Map(rows.filter((r) => r.day !== null).map((r) => [r.day!, r.n]));
  let cumulative = 0;
  return Array.from({ length: 91 }, (_, day) => {
    cumulative += byDay.get(day) ?? 0;
    return { day, share: total > 0 ? cumulative / total : null };
  });
}

export type TMerchantListRow = {
  id: string;
  slug: string;
  name: string;
  category: string;
  timeZone: string;
  customers: number;
  dealCustomers: number;
  converted: number;
  conversion: number | null;
  visits30d: number;
  campaignsSent: number;
  campaignRevenueCents: number;
  currency: string;
};

const SORT_SQL: Record<TMerchantListQuery["sort"], Prisma.Sql> = {
  name: Prisma.sql`lower(name)`,
  customers: Prisma.sql`customers`,
  dealCustomers: Prisma.sql`"dealCustomers"`,
  conversion: Prisma.sql`conversion`,
  visits30d: Prisma.sql`"visits30d"`,
  campaignsSent: Prisma.sql`"campaignsSent"`,
};

/**
 * The publisher's merchants with their figures: customers, deal customers (redeemed a voucher of
 * this publisher's deals), converted (of those, came back without a voucher), visits in the last
 * 30 days, campaigns sent and what their redemptions spent. Searchable by name or slug (prefix of
 * any word), sortable by any column, a page at a time.
 */
export async function listPublisherMerchants(publisherId: string, query: TMerchantListQuery & { page?: number; pageSize?: number }, now = new Date()) {
  const pageSize = query.pageSize ?? 50;
  const page = Math.max(1, query.page ?? 1);
  const q = query.q.trim().toLowerCase();
  const like = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const dir = query.dir === "desc" ? Prisma.sql`DESC NULLS LAST` : Prisma.sql`ASC NULLS FIRST`;
  const byName = query.sort === "name";
  const rows = await db.$queryRaw<(Omit<TMerchantListRow, "campaignRevenueCents"> & { campaignRevenueCents: bigint; total: number })[]>(Prisma.sql`
    WITH matching AS (
      SELECT m.id, m.slug, m.name, m.category, m."timeZone", m.currency::text AS currency, count(*) OVER ()::int AS total
        FROM merchants m
       WHERE m."publisherId" = ${publisherId}::uuid
         ${q ? Prisma.sql`AND (lower(m.name) LIKE ${like} OR m.slug LIKE ${like})` : Prisma.empty}
    ), ms AS (
      -- Sorted by name, only the page's merchants need their figures; sorted by a figure, all do.
      SELECT * FROM matching
       ${byName ? Prisma.sql`ORDER BY lower(name) ${dir}, id LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}` : Prisma.empty}
    ), figures AS (
      SELECT ms.*,
             (SELECT count(*)::int FROM customers c WHERE c."merchantId" = ms.id) AS customers,
             dc.deal_customers AS "dealCustomers", dc.converted,
             (SELECT count(*)::int FROM visits v WHERE v."merchantId" = ms.id AND v."occurredAt" >= ${now}::timestamptz - interval '30 days') AS "visits30d",
             (SELECT count(*)::int FROM campaigns k WHERE k."merchantId" = ms.id AND k.status = 'sent') AS "campaignsSent",
             (SELECT coalesce(sum(x."amountCents"), 0)::bigint FROM vouchers cv JOIN visits x ON x."merchantId" = cv."merchantId" AND x.id = cv."visitId"
               WHERE cv."merchantId" = ms.id AND cv."campaignId" IS NOT NULL AND cv.status = 'redeemed') AS "campaignRevenueCents"
        FROM ms
        LEFT JOIN LATERAL (
          SELECT count(*)::int AS deal_customers, count(*) FILTER (WHERE EXISTS (
                   SELECT 1 FROM visits x WHERE x."merchantId" = ms.id AND x."customerId" = dcs."customerId" AND x."voucherId" IS NULL
                   AND x."occurredAt" > dcs.first_redeemed AND x."occurredAt" <= dcs.first_redeemed + interval '90 days'))::int AS converted
            FROM (SELECT v."customerId", min(v."redeemedAt") AS first_redeemed
                    FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
                   WHERE v."merchantId" = ms.id AND v.status = 'redeemed' AND v."customerId" IS NOT NULL AND d."publisherId" = ${publisherId}::uuid AND d.kind = 'daily_deal'
                   GROUP BY v."customerId") dcs
        ) dc ON true
    )
    SELECT f.*, CASE WHEN f."dealCustomers" > 0 THEN f.converted::float8 / f."dealCustomers" END AS conversion
      FROM figures f
     ORDER BY ${SORT_SQL[query.sort]} ${dir}, f.id
     ${byName ? Prisma.empty : Prisma.sql`LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`}`);
  const total = rows[0]?.total ?? (page > 1 ? await countPublisherMerchants(publisherId) : 0);
  return {
    merchants: rows.map(({ total: _t, ...r }) => ({ ...r, campaignRevenueCents: Number(r.campaignRevenueCents) })) as TMerchantListRow[],
    total,
    page,
    pageSize,
  };
}

export async function countPublisherMerchants(publisherId: string) {
  return db.merchant.count({ where: { publisherId } });
}

/** The publisher's headline figures: every deal of every merchant, summed; plus the merchant count. */
export async function getPublisherSummary(publisherId: string, now = new Date()) {
  const rows = await db.$queryRaw<
    { sold: number; redeemed: number; returned30: number; returned60: number; returned90: number; maturing: number; revenue: bigint; deals: number }[]
  >(Prisma.sql`
    WITH red AS (${redemptions({ publisherId })})
    SELECT (SELECT count(*)::int FROM deals d JOIN vouchers v ON v."merchantId" = d."merchantId" AND v."dealId" = d.id WHERE ${scopeWhere({ publisherId })}) AS sold,
           (SELECT count(*)::int FROM deals d WHERE ${scopeWhere({ publisherId })}) AS deals,
           count(*)::int AS redeemed,
           count(*) FILTER (WHERE first_return <= "redeemedAt" + interval '30 days')::int AS returned30,
           count(*) FILTER (WHERE first_return <= "redeemedAt" + interval '60 days')::int AS returned60,
           count(first_return)::int AS returned90,
           count(*) FILTER (WHERE "redeemedAt" > ${now}::timestamptz - interval '90 days')::int AS maturing,
           coalesce(sum(revenue), 0)::bigint AS revenue
      FROM red`);
  const r = rows[0]!;
  return {
    sold: r.sold,
    deals: r.deals,
    redeemed: r.redeemed,
    returned30: r.returned30,
    returned60: r.returned60,
    returned90: r.returned90,
    maturing: r.maturing,
    returnRevenueCents: Number(r.revenue),
  };
}

// ───────────────────────────── Campaigns that followed a deal ─────────────────────────────

export type TFollowUp = {
  campaignId: string;
  name: string;
  automation: boolean;
  startedAt: Date;
  /** The deal's redeemers the campaign drew: emailed, and held out. */
  got: number;
  held: number;
  /** Of those, how many visited within 90 days of the send (any visit: with its code or without). */
  gotReturned: number;
  heldReturned: number;
  /** The window has not closed yet, so the rates are still rising. */
  open: boolean;
  /** The campaign's codes the deal's redeemers redeemed, and what those visits spent. */
  redeemed: number;
  revenueCents: number;
  lift: TLift;
};

/**
 * The merchant's Social Select campaigns and automations that reached this deal's customers after
 * they redeemed it, newest first, each with its lift against its own holdout among those
 * customers: what the follow-up added to the deal. Only recipients who had redeemed a voucher of
 * the deal before the campaign started count; a campaign that reached none of them is left out.
 */
export async function getDealFollowUps(scope: { publisherId?: string; merchantId: string; dealId: string }, now = new Date()): Promise<TFollowUp[]> {
  const rows = await db.$queryRaw<(Omit<TFollowUp, "lift" | "open" | "revenueCents"> & { revenueCents: bigint })[]>(Prisma.sql`
    WITH redeemers AS MATERIALIZED (
      SELECT v."customerId" AS id, min(v."redeemedAt") AS redeemed_at
        FROM deals d JOIN vouchers v ON v."merchantId" = d."merchantId" AND v."dealId" = d.id
       WHERE ${scopeWhere(scope)} AND v.status = 'redeemed' AND v."customerId" IS NOT NULL
       GROUP BY 1),
    -- From the redeemers to their recipient rows (the (merchantId, customerId, sentAt) index), never
    -- through every recipient of the merchant's campaigns.
    reached AS (
      SELECT k.id AS "campaignId", k."startedAt", r."isHoldout", r."customerId", r."voucherId"
        FROM redeemers x
        JOIN campaign_recipients r ON r."merchantId" = ${scope.merchantId}::uuid AND r."customerId" = x.id
        JOIN campaigns k ON k."merchantId" = r."merchantId" AND k.id = r."campaignId" AND k."startedAt" > x.redeemed_at),
    outcomes AS (
      SELECT re.*, fv.at AS first_visit, cv."amountCents" AS code_spend, cv.id IS NOT NULL AS code_redeemed
        FROM reached re
        LEFT JOIN LATERAL (
          SELECT min(v."occurredAt") AS at FROM visits v
           WHERE v."merchantId" = ${scope.merchantId}::uuid AND v."customerId" = re."customerId" AND v."occurredAt" > re."startedAt") fv ON TRUE
        LEFT JOIN visits cv ON re."voucherId" IS NOT NULL AND cv."merchantId" = ${scope.merchantId}::uuid AND cv."voucherId" = re."voucherId")
    SELECT o."campaignId", coalesce(k.name, p.name) AS name, k."automationId" IS NOT NULL AS automation, o."startedAt",
           count(*) FILTER (WHERE NOT o."isHoldout")::int AS got,
           count(*) FILTER (WHERE o."isHoldout")::int AS held,
           count(*) FILTER (WHERE NOT o."isHoldout" AND o.first_visit <= o."startedAt" + interval '90 days')::int AS "gotReturned",
           count(*) FILTER (WHERE o."isHoldout" AND o.first_visit <= o."startedAt" + interval '90 days')::int AS "heldReturned",
           count(*) FILTER (WHERE o.code_redeemed)::int AS redeemed,
           coalesce(sum(o.code_spend), 0)::bigint AS "revenueCents"
      FROM outcomes o
      JOIN campaigns k ON k."merchantId" = ${scope.merchantId}::uuid AND k.id = o."campaignId"
      JOIN promotions p ON p."merchantId" = k."merchantId" AND p.id = k."promotionId"
     GROUP BY o."campaignId", k.name, p.name, k."automationId", o."startedAt"
     ORDER BY o."startedAt" DESC, o."campaignId"`);
  return rows.map((r) => ({
    ...r,
    revenueCents: Number(r.revenueCents),
    open: now.getTime() < r.startedAt.getTime() + 90 * 86_400_000,
    lift: describeLift(r.gotReturned, r.got, r.heldReturned, r.held, "came back within 90 days"),
  }));
}

// ───────────────────────────── A merchant over time ─────────────────────────────

export type TMonth = {
  /** The month's first day, YYYY-MM-01, in the merchant's time zone. */
  month: string;
  /** Visits that redeemed a voucher of this publisher's deals. */
  redemptions: number;
  /** Full-price visits (no voucher) by customers who had redeemed one of this publisher's deals before. */
  returns: number;
  /** Every other visit. */
  otherVisits: number;
  newCustomers: number;
};

/**
 * The merchant's last `months` months (the current one included), in its own time zone: what the
 * publisher's deals brought in, the full-price visits of the customers they brought, everything
 * else, and new customers. Bounded by the visits index on (merchantId, occurredAt).
 */
export async function getMerchantMonths(
  scope: { publisherId: string; merchantId: string; timeZone: string },
  months = 12,
  now = new Date(),
): Promise<TMonth[]> {
  const rows = await db.$queryRaw<{ month: string; redemptions: number; returns: number; otherVisits: number; newCustomers: number }[]>(Prisma.sql`
    WITH bounds AS (
      SELECT (date_trunc('month', ${now}::timestamptz AT TIME ZONE ${scope.timeZone}) - make_interval(months => ${months - 1}::int))::date AS first),
    months AS (
      SELECT generate_series((SELECT first FROM bounds), (SELECT first FROM bounds) + make_interval(months => ${months - 1}::int), interval '1 month')::date AS m),
    deal_customers AS MATERIALIZED (
      SELECT v."customerId", min(v."redeemedAt") AS first_redeemed
        FROM vouchers v JOIN deals d ON d."merchantId" = v."merchantId" AND d.id = v."dealId"
       WHERE v."merchantId" = ${scope.merchantId}::uuid AND d."publisherId" = ${scope.publisherId}::uuid AND d.kind = 'daily_deal'
         AND v.status = 'redeemed' AND v."customerId" IS NOT NULL
       GROUP BY 1),
    visits_by_month AS (
      SELECT date_trunc('month', x."occurredAt" AT TIME ZONE ${scope.timeZone})::date AS m,
             count(*) FILTER (WHERE d.id IS NOT NULL)::int AS redemptions,
             count(*) FILTER (WHERE x."voucherId" IS NULL AND dc.first_redeemed < x."occurredAt")::int AS returns,
             count(*)::int AS visits
        FROM visits x
        LEFT JOIN vouchers vo ON vo."merchantId" = x."merchantId" AND vo.id = x."voucherId"
        LEFT JOIN deals d ON d."merchantId" = vo."merchantId" AND d.id = vo."dealId" AND d."publisherId" = ${scope.publisherId}::uuid AND d.kind = 'daily_deal'
        LEFT JOIN deal_customers dc ON dc."customerId" = x."customerId"
       WHERE x."merchantId" = ${scope.merchantId}::uuid
         AND x."occurredAt" >= ((SELECT first FROM bounds)::timestamp AT TIME ZONE ${scope.timeZone})
       GROUP BY 1),
    customers_by_month AS (
      SELECT date_trunc('month', c."createdAt" AT TIME ZONE ${scope.timeZone})::date AS m, count(*)::int AS n
        FROM customers c
       WHERE c."merchantId" = ${scope.merchantId}::uuid AND c."createdAt" >= ((SELECT first FROM bounds)::timestamp AT TIME ZONE ${scope.timeZone})
       GROUP BY 1)
    SELECT to_char(months.m, 'YYYY-MM-DD') AS month,
           coalesce(v.redemptions, 0) AS redemptions, coalesce(v.returns, 0) AS returns,
           coalesce(v.visits - v.redemptions - v.returns, 0) AS "otherVisits", coalesce(c.n, 0) AS "newCustomers"
      FROM months
      LEFT JOIN visits_by_month v ON v.m = months.m
      LEFT JOIN customers_by_month c ON c.m = months.m
     ORDER BY months.m`);
  return rows;
}

// ───────────────────────────── The deal report of the API ─────────────────────────────

/**
 * GET /api/v1/deals/{id}/report: the deal report for the merchant's own key (API.md), whoever sold
 * the deal. Counts, with the rates beside them; each campaign that followed with its lift.
 */
export async function getApiDealReport(merchantId: string, dealId: string, now = new Date()) {
  const [row] = await getDealRows({ merchantId, dealId }, now);
  if (!row) throw new AppError("NOT_FOUND", "That deal was not found.");
  const campaigns = await getDealFollowUps({ merchantId, dealId }, now);
  return {
    id: row.dealId,
    sold: row.sold,
    redeemed: row.redeemed,
    redemptionRate: rate(row.redeemed, row.sold),
    returnedAtFullPrice: { d30: row.returned30, d60: row.returned60, d90: row.returned90 },
    returnRate: { d30: rate(row.returned30, row.redeemed), d60: rate(row.returned60, row.redeemed), d90: rate(row.returned90, row.redeemed) },
    maturing: row.maturing,
    returnRevenueCents: row.returnRevenueCents,
    currency: row.currency,
    campaigns: campaigns.map((c) => ({
      id: c.campaignId,
      name: c.name,
      automation: c.automation,
      startedAt: c.startedAt.toISOString(),
      emailed: c.got,
      heldOut: c.held,
      returned: { emailed: c.gotReturned, heldOut: c.heldReturned },
      redeemed: c.redeemed,
      revenueCents: c.revenueCents,
      windowOpen: c.open,
      lift: { difference: c.lift.difference, low: c.lift.low, high: c.lift.high, verdict: c.lift.verdict, sentence: c.lift.sentence },
    })),
  };
}
