import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { audienceBreakdown, EXCLUSION_REASONS, holdoutSize, type TExclusionReason, type TGroupRef, type TSendRef } from "./audience";
import { getCampaignResults } from "./results";
import type { TCampaignProgress } from "./schemas";

const excludedOf = (json: unknown): Record<TExclusionReason, number> => {
  const o = (json && typeof json === "object" ? json : {}) as Record<string, unknown>;
  return Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, typeof o[r] === "number" ? (o[r] as number) : 0])) as Record<TExclusionReason, number>;
};

export async function listCampaigns(merchantId: string, opts: { take?: number } = {}) {
  const campaigns = await db.campaign.findMany({
    // An automation's sends are listed with the automation (features/automations), not here.
    where: { merchantId, automationId: null },
    select: {
      id: true,
      name: true,
      status: true,
      sendAt: true,
      startedAt: true,
      completedAt: true,
      createdAt: true,
      audienceCount: true,
      holdoutCount: true,
      promotion: { select: { name: true } },
      group: { select: { name: true } },
    },
    orderBy: { createdAt: "desc" },
    take: opts.take ?? 100,
  });
  if (campaigns.length === 0) return [];
  // Progress and key results for all of them in two grouped statements.
  const ids = campaigns.map((c) => c.id);
  const funnel = await db.$queryRaw<{ campaignId: string; sent: number; queued: number }[]>`
    SELECT "campaignId", count(*) FILTER (WHERE "sentAt" IS NOT NULL)::int AS sent, count(*) FILTER (WHERE status = 'queued')::int AS queued
      FROM campaign_recipients WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ANY(${ids}::uuid[]) GROUP BY "campaignId"`;
  const redemptions = await db.$queryRaw<{ campaignId: string; redeemed: number; revenueCents: number }[]>`
    SELECT v."campaignId", count(vi.id)::int AS redeemed, coalesce(sum(vi."amountCents"), 0)::int AS "revenueCents"
      FROM vouchers v JOIN visits vi ON vi."merchantId" = v."merchantId" AND vi."voucherId" = v.id
     WHERE v."merchantId" = ${merchantId}::uuid AND v."campaignId" = ANY(${ids}::uuid[]) GROUP BY v."campaignId"`;
  const f = new Map(funnel.map((r) => [r.campaignId, r]));
  const red = new Map(redemptions.map((r) => [r.campaignId, r]));
  return campaigns.map((c) => ({
    ...c,
    sent: f.get(c.id)?.sent ?? 0,
    queued: f.get(c.id)?.queued ?? 0,
    redeemed: red.get(c.id)?.redeemed ?? 0,
    revenueCents: red.get(c.id)?.revenueCents ?? 0,
  }));
}

export async function getCampaignOrThrow(merchantId: string, id: string) {
  const c = await db.campaign.findUnique({
    where: { merchantId_id: { merchantId, id } },
    select: {
      id: true,
      name: true,
      status: true,
      sendAt: true,
      startedAt: true,
      completedAt: true,
      createdAt: true,
      holdoutPercent: true,
      audienceCount: true,
      holdoutCount: true,
      excluded: true,
      duplicatedFromId: true,
      dealId: true,
      promotion: { select: { id: true, name: true, title: true, offer: true, oncePerCustomer: true } },
      group: { select: { id: true, name: true, kind: true, filter: true } },
    },
  });
  if (!c) throw new AppError("NOT_FOUND", "That campaign was not found.");
  return { ...c, excluded: excludedOf(c.excluded) };
}

/** GET /api/v1/campaigns/{id}: API.md's shape, extended with the rest of the funnel. */
export async function getCampaignForApi(merchantId: string, id: string) {
  const c = await getCampaignOrThrow(merchantId, id);
  const r = await getCampaignResults(merchantId, id, c.startedAt);
  const started = c.startedAt !== null;
  // Before the send, the audience is what it would be now (the snapshot is taken at send time).
  const live = started
    ? null
    : await liveAudience(merchantId, c.group, c.holdoutPercent, {
        promotionId: c.promotion.id,
        oncePerCustomer: c.promotion.oncePerCustomer,
        campaignId: c.id,
      });
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    promotionId: c.promotion.id,
    groupId: c.group.id,
    holdoutPercent: c.holdoutPercent,
    sendAt: c.sendAt?.toISOString() ?? null,
    startedAt: c.startedAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
    audience: live ? live.audience : r.audience,
    holdout: live ? live.holdout : r.holdout,
    excluded: live ? live.excluded : c.excluded,
    queued: r.queued,
    sent: r.sent,
    delivered: r.delivered,
    opened: r.opened,
    clicked: r.clicked,
    bounced: r.bounced,
    complained: r.complained,
    failed: r.failed,
    redeemed: r.redeemed,
    revenueCents: r.revenueCents,
    returns: r.returns.map((w) => ({
      days: w.days,
      open: w.open,
      recipientsRate: w.recipients.rate,
      holdoutRate: w.holdout.rate,
      lift: { difference: w.lift.difference, low: w.lift.low, high: w.lift.high, summary: w.lift.sentence },
    })),
  };
}

async function liveAudience(merchantId: string, group: TGroupRef, holdoutPercent: number, send: TSendRef) {
  const merchant = await db.merchant.findUniqueOrThrow({ where: { id: merchantId }, select: { id: true, timeZone: true, promotionFrequencyCapDays: true } });
  const b = await audienceBreakdown(merchant, group, { withLists: false, send });
  const holdout = holdoutSize(b.eligible, holdoutPercent);
  return { audience: b.eligible - holdout, holdout, excluded: b.excluded };
}

/** A draft made by "Duplicate", to prefill the new-campaign form; null for anything else (a malformed id included). */
export async function getDraftCampaign(merchantId: string, id: string) {
  if (!z.string().uuid().safeParse(id).success) return null;
  return db.campaign.findFirst({
    where: { merchantId, id, status: "draft" },
    select: { id: true, name: true, groupId: true, promotionId: true, holdoutPercent: true },
  });
}

/** What the campaign page polls while a send is under way: status and emails sent of the audience. */
export async function getCampaignProgress(merchantId: string, id: string): Promise<TCampaignProgress> {
  const c = await db.campaign.findUnique({
    where: { merchantId_id: { merchantId, id } },
    select: { id: true, status: true, sendAt: true, startedAt: true, completedAt: true, audienceCount: true },
  });
  if (!c) throw new AppError("NOT_FOUND", "That campaign was not found.");
  const [row] = await db.$queryRaw<{ sent: number; audience: number; failed: number }[]>`
    SELECT count(*) FILTER (WHERE "sentAt" IS NOT NULL AND NOT "isHoldout")::int AS sent,
           count(*) FILTER (WHERE NOT "isHoldout")::int AS audience,
           count(*) FILTER (WHERE status = 'failed')::int AS failed
      FROM campaign_recipients WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ${id}::uuid`;
  return {
    status: c.status,
    sendAt: c.sendAt?.toISOString() ?? null,
    startedAt: c.startedAt?.toISOString() ?? null,
    completedAt: c.completedAt?.toISOString() ?? null,
    audience: row?.audience || c.audienceCount,
    sent: row?.sent ?? 0,
    failed: row?.failed ?? 0,
  };
}
