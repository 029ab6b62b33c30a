import "server-only";
import { db } from "@/lib/db";
import { describeLift, type TLift } from "@/features/campaigns/stats";

// An automation's results over everything it ever sent: the delivery funnel of its campaigns'
// recipients, redemptions of its personal codes and their revenue, and the return rate — a visit
// within RETURN_DAYS of the occasion firing — of those who got it against its holdout, with the
// lift in words (campaigns/stats.ts). Intention to treat, as for campaigns.

export const RETURN_DAYS = 30;

export type TAutomationResults = {
  occasions: number;
  sent: number;
  queued: number;
  holdout: number;
  delivered: number;
  opened: number;
  bounced: number;
  redeemed: number;
  revenueCents: number;
  /** Occasions whose return window is still open (their rate can still rise). */
  open: number;
  recipients: { n: number; returned: number; rate: number };
  held: { n: number; returned: number; rate: number };
  lift: TLift;
};

export async function getAutomationResults(merchantId: string, automationId: string, now: Date = new Date()): Promise<TAutomationResults> {
  const [funnel] = await db.$queryRaw<Record<string, number>[]>`
    SELECT count(*) FILTER (WHERE r."sentAt" IS NOT NULL)::int AS sent,
           count(*) FILTER (WHERE r.status = 'queued')::int AS queued,
           count(*) FILTER (WHERE r."deliveredAt" IS NOT NULL OR r.status = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE r."openedAt" IS NOT NULL)::int AS opened,
           count(*) FILTER (WHERE r."bouncedAt" IS NOT NULL OR r.status = 'bounced')::int AS bounced
      FROM campaigns k JOIN campaign_recipients r ON r."merchantId" = k."merchantId" AND r."campaignId" = k.id
     WHERE k."merchantId" = ${merchantId}::uuid AND k."automationId" = ${automationId}::uuid AND NOT r."isHoldout"`;
  const [redemptions] = await db.$queryRaw<{ redeemed: number; revenueCents: number }[]>`
    SELECT count(vi.id)::int AS redeemed, coalesce(sum(vi."amountCents"), 0)::int AS "revenueCents"
      FROM campaigns k
      JOIN vouchers v ON v."merchantId" = k."merchantId" AND v."campaignId" = k.id
      JOIN visits vi ON vi."merchantId" = v."merchantId" AND vi."voucherId" = v.id
     WHERE k."merchantId" = ${merchantId}::uuid AND k."automationId" = ${automationId}::uuid`;
  // Each occasion's first visit after it fired, by the (merchantId, customerId, occurredAt) index.
  const returns = await db.$queryRaw<{ isHoldout: boolean; n: number; returned: number; open: number }[]>`
    SELECT o."isHoldout", count(*)::int AS n,
           count(*) FILTER (WHERE fv.at <= o."firedAt" + make_interval(days => ${RETURN_DAYS}))::int AS returned,
           count(*) FILTER (WHERE o."firedAt" + make_interval(days => ${RETURN_DAYS}) > ${now})::int AS open
      FROM automation_occasions o
      LEFT JOIN LATERAL (
        SELECT min(v."occurredAt") AS at FROM visits v
         WHERE v."merchantId" = o."merchantId" AND v."customerId" = o."customerId" AND v."occurredAt" > o."firedAt") fv ON TRUE
     WHERE o."merchantId" = ${merchantId}::uuid AND o."automationId" = ${automationId}::uuid
     GROUP BY o."isHoldout"`;
  const got = returns.find((r) => !r.isHoldout) ?? { n: 0, returned: 0, open: 0 };
  const held = returns.find((r) => r.isHoldout) ?? { n: 0, returned: 0, open: 0 };
  const rate = (x: number, n: number) => (n ? x / n : 0);
  const f = funnel ?? {};
  return {
    occasions: got.n + held.n,
    sent: f.sent ?? 0,
    queued: f.queued ?? 0,
    holdout: held.n,
    delivered: f.delivered ?? 0,
    opened: f.opened ?? 0,
    bounced: f.bounced ?? 0,
    redeemed: redemptions?.redeemed ?? 0,
    revenueCents: redemptions?.revenueCents ?? 0,
    open: got.open + held.open,
    recipients: { n: got.n, returned: got.returned, rate: rate(got.returned, got.n) },
    held: { n: held.n, returned: held.returned, rate: rate(held.returned, held.n) },
    lift: describeLift(got.returned, got.n, held.returned, held.n),
  };
}
