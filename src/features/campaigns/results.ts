import "server-only";
import { db } from "@/lib/db";
import { describeLift, type TLift } from "./stats";

// A campaign's live results: the delivery funnel from campaign_recipients (webhooks fill in
// delivered/opened/clicked/bounced), redemptions and their revenue from the campaign's vouchers
// and the visits that redeemed them, and return visits within 30/60/90 days of the send for those
// who got it against the holdout, with the lift in words (stats.ts). Intention to treat: everyone
// drawn to get the email counts as "got it", whether or not it was delivered.

export const WINDOWS = [30, 60, 90] as const;

export type TReturnWindow = {
  days: number;
  /** The window has not closed yet, so rates are still rising. */
  open: boolean;
  recipients: { n: number; returned: number; rate: number };
  holdout: { n: number; returned: number; rate: number };
  lift: TLift;
};

export type TCampaignResults = {
  audience: number;
  holdout: number;
  queued: number;
  sent: number;
  delivered: number;
  opened: number;
  clicked: number;
  bounced: number;
  complained: number;
  failed: number;
  redeemed: number;
  revenueCents: number;
  redemptionRate: number;
  returns: TReturnWindow[];
};

export async function getCampaignResults(merchantId: string, campaignId: string, startedAt: Date | null, now: Date = new Date()): Promise<TCampaignResults> {
  const [funnel] = await db.$queryRaw<Record<string, number>[]>`
    SELECT count(*) FILTER (WHERE NOT "isHoldout")::int AS audience,
           count(*) FILTER (WHERE "isHoldout")::int AS holdout,
           count(*) FILTER (WHERE status = 'queued')::int AS queued,
           count(*) FILTER (WHERE "sentAt" IS NOT NULL)::int AS sent,
           count(*) FILTER (WHERE "deliveredAt" IS NOT NULL OR status = 'delivered')::int AS delivered,
           count(*) FILTER (WHERE "openedAt" IS NOT NULL)::int AS opened,
           count(*) FILTER (WHERE "clickedAt" IS NOT NULL)::int AS clicked,
           count(*) FILTER (WHERE "bouncedAt" IS NOT NULL OR status = 'bounced')::int AS bounced,
           count(*) FILTER (WHERE "complainedAt" IS NOT NULL OR status = 'complained')::int AS complained,
           count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM campaign_recipients WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ${campaignId}::uuid`;
  const [redemptions] = await db.$queryRaw<{ redeemed: number; revenueCents: number }[]>`
    SELECT count(vi.id)::int AS redeemed, coalesce(sum(vi."amountCents"), 0)::int AS "revenueCents"
      FROM vouchers v JOIN visits vi ON vi."merchantId" = v."merchantId" AND vi."voucherId" = v.id
     WHERE v."merchantId" = ${merchantId}::uuid AND v."campaignId" = ${campaignId}::uuid`;
  const f = funnel ?? {};
  const audience = f.audience ?? 0;
  const redeemed = redemptions?.redeemed ?? 0;
  const returns: TReturnWindow[] = [];
  if (startedAt) {
    // Each recipient's first visit after the send, by the (merchantId, customerId, occurredAt) index.
    const rows = await db.$queryRaw<{ isHoldout: boolean; n: number; r30: number; r60: number; r90: number }[]>`
      SELECT r."isHoldout", count(*)::int AS n,
             count(*) FILTER (WHERE fv.at <= ${startedAt}::timestamptz + interval '30 days')::int AS r30,
             count(*) FILTER (WHERE fv.at <= ${startedAt}::timestamptz + interval '60 days')::int AS r60,
             count(*) FILTER (WHERE fv.at <= ${startedAt}::timestamptz + interval '90 days')::int AS r90
        FROM campaign_recipients r
        LEFT JOIN LATERAL (
          SELECT min(v."occurredAt") AS at FROM visits v
           WHERE v."merchantId" = r."merchantId" AND v."customerId" = r."customerId" AND v."occurredAt" > ${startedAt}) fv ON TRUE
       WHERE r."merchantId" = ${merchantId}::uuid AND r."campaignId" = ${campaignId}::uuid
       GROUP BY r."isHoldout"`;
    const got = rows.find((r) => !r.isHoldout) ?? { n: 0, r30: 0, r60: 0, r90: 0 };
    const held = rows.find((r) => r.isHoldout) ?? { n: 0, r30: 0, r60: 0, r90: 0 };
    for (const days of WINDOWS) {
      const key = `r${days}` as "r30" | "r60" | "r90";
      const rate = (x: number, n: number) => (n ? x / n : 0);
      returns.push({
        days,
        open: now.getTime() < startedAt.getTime() + days * 86_400_000,
        recipients: { n: got.n, returned: got[key], rate: rate(got[key], got.n) },
        holdout: { n: held.n, returned: held[key], rate: rate(held[key], held.n) },
        lift: describeLift(got[key], got.n, held[key], held.n),
      });
    }
  }
  return {
    audience,
    holdout: f.holdout ?? 0,
    queued: f.queued ?? 0,
    sent: f.sent ?? 0,
    delivered: f.delivered ?? 0,
    opened: f.opened ?? 0,
    clicked: f.clicked ?? 0,
    bounced: f.bounced ?? 0,
    complained: f.complained ?? 0,
    failed: f.failed ?? 0,
    redeemed,
    revenueCents: redemptions?.revenueCents ?? 0,
    redemptionRate: audience ? redeemed / audience : 0,
    returns,
  };
}
