import "server-only";
import type { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { addDays, fromLocalTime, toLocalTime } from "@/lib/time";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { recordAudit } from "@/lib/audit";
import { assertSendingAllowed, assertWithinLimit, getBillingState, monthStart, planLimitError } from "@/features/plans/state";
import { fits } from "@/features/plans/plans";
import { snapshotRecipients, type TCampaignMerchant } from "./audience";
import { generatePersonalCodes } from "./codes";
import { contentJson, currentCampaignContent } from "./content";
import type { TCreateCampaign } from "./schemas";
import { merchantSuspension } from "@/lib/suspension";

// A campaign's life: created (draft, or scheduled for a time, "now" included) → at its time the
// worker snapshots the recipients, draws the holdout and mints one personal code each (status
// sending) → delivery moves each recipient queued → sent → the campaign is sent. The database row
// is the source of truth; queue jobs only wake the worker up (features/campaigns/jobs.ts).

type TActor = { userId?: string | null; apiKeyId?: string | null };

async function getSendableOrThrow(tx: Tx | typeof db, merchantId: string, promotionId: string, groupId: string) {
  // One after the other: inside a transaction both run on one connection, where pg deprecates
  // overlapping queries (and runs them in turn anyway).
  const promotion = await tx.promotion.findUnique({ where: { merchantId_id: { merchantId, id: promotionId } }, select: { id: true, archivedAt: true } });
  const group = await tx.group.findUnique({ where: { merchantId_id: { merchantId, id: groupId } }, select: { id: true, archivedAt: true } });
  // Another merchant's promotion or group is indistinguishable from one that does not exist.
  if (!promotion || promotion.archivedAt)
    throw new AppError("NOT_FOUND", "That promotion was not found.", { fieldErrors: { promotionId: "Unknown promotion." } });
  if (!group || group.archivedAt) throw new AppError("NOT_FOUND", "That group was not found.", { fieldErrors: { groupId: "Unknown group." } });
}

/**
 * Creates a campaign that sends at `sendAt` (now when absent or past). Runs inside the caller's
 * transaction (the API's idempotency transaction); the caller wakes the worker after commit.
 */
export async function createCampaign(tx: Tx, merchant: { id: string; slug?: string }, input: TCreateCampaign, actor: TActor, opts: { draftId?: string } = {}) {
  // The plan, as it is now: no new send while a payment is past due, none once Free's monthly
  // emails are used up (paid plans run into metered overage instead). The exact count is checked
  // again when the campaign starts and its recipients are known.
  const billing = await assertSendingAllowed(merchant);
  await assertWithinLimit(merchant, "promotionalEmailsPerMonth", { tx, state: billing });
  await getSendableOrThrow(tx, merchant.id, input.promotionId, input.groupId);
  const address = await tx.merchant.findUniqueOrThrow({
    where: { id: merchant.id },
    select: { addressLine1: true, addressLine2: true, city: true, region: true, postalCode: true, country: true },
  });
  const addressProblem = merchantAddressProblem(address);
  if (addressProblem) throw new AppError("UNPROCESSABLE", addressProblem);
  const now = new Date();
  const sendAt = input.sendAt && input.sendAt > now ? input.sendAt : now;
  const name = input.name?.trim() || null;
  const data = {
    promotionId: input.promotionId,
    groupId: input.groupId,
    holdoutPercent: input.holdoutPercent,
    sendAt,
    status: "scheduled" as const,
    ...(name ? { name } : {}),
  };
  let id: string;
  if (opts.draftId) {
    const updated = await tx.campaign.updateMany({ where: { merchantId: merchant.id, id: opts.draftId, status: "draft" }, data });
    if (updated.count !== 1) throw new AppError("CONFLICT", "This draft was already sent or deleted.");
    id = opts.draftId;
  } else {
    id = (await tx.campaign.create({ data: { merchantId: merchant.id, ...data, createdById: actor.userId ?? null }, select: { id: true } })).id;
  }
  await recordAudit(
    {
      merchantId: merchant.id,
      actorUserId: actor.userId,
      actorApiKeyId: actor.apiKeyId,
      action: "campaign.scheduled",
      entityType: "Campaign",
      entityId: id,
      data: { sendAt: sendAt.toISOString(), holdoutPercent: input.holdoutPercent },
    },
    tx,
  );
  return { id, status: "scheduled" as const, sendAt };
}

/** "Duplicate": a new draft with the same group, promotion and holdout. */
export async function duplicateCampaign(merchantId: string, campaignId: string, actor: TActor) {
  const source = await db.campaign.findUnique({
    where: { merchantId_id: { merchantId, id: campaignId } },
    select: { id: true, name: true, promotionId: true, groupId: true, holdoutPercent: true },
  });
  if (!source) throw new AppError("NOT_FOUND", "That campaign was not found.");
  const draft = await db.campaign.create({
    data: {
      merchantId,
      name: source.name,
      promotionId: source.promotionId,
      groupId: source.groupId,
      holdoutPercent: source.holdoutPercent,
      status: "draft",
      duplicatedFromId: source.id,
      createdById: actor.userId ?? null,
    },
    select: { id: true },
  });
  await recordAudit({
    merchantId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    action: "campaign.duplicated",
    entityType: "Campaign",
    entityId: draft.id,
    data: { from: source.id },
  });
  return draft;
}

/** Cancels a campaign that has not started sending. */
export async function cancelCampaign(merchantId: string, campaignId: string, actor: TActor) {
  const updated = await db.campaign.updateMany({
    where: { merchantId, id: campaignId, status: { in: ["draft", "scheduled"] } },
    data: { status: "cancelled" },
  });
  if (updated.count !== 1) {
    const exists = await db.campaign.count({ where: { merchantId, id: campaignId } });
    throw exists
      ? new AppError("CONFLICT", "This campaign is already sending and cannot be cancelled.")
      : new AppError("NOT_FOUND", "That campaign was not found.");
  }
  await recordAudit({
    merchantId,
    actorUserId: actor.userId,
    actorApiKeyId: actor.apiKeyId,
    action: "campaign.cancelled",
    entityType: "Campaign",
    entityId: campaignId,
  });
}

/** When a personal code stops working: the end of the merchant-local day `days` after the send. */
export function voucherExpiry(sentAt: Date, days: number | null, timeZone: string): Date | null {
  if (days === null || days === undefined) return null;
  return fromLocalTime(addDays(toLocalTime(sentAt, timeZone).date, days), 23, 59, timeZone);
}

/**
 * Starts a due campaign, once: under the campaign's row lock, freezes what it sends (the
 * promotion and branding, campaigns.content), snapshots the recipients and the holdout, creates
 * its Social Select deal and one voucher (personal code) per recipient who gets the email, and
 * marks it sending, all in one transaction. A second caller (another worker, a retried job) finds
 * it already sending and does nothing. Returns the campaign's status after.
 *
 * Campaign starts of one merchant take turns (a transaction-scoped advisory lock): the frequency
 * cap and oncePerCustomer read the claims other campaigns made, and under READ COMMITTED a start
 * that waited sees every claim the one before it committed. Without it two campaigns starting at
 * the same moment would each miss the other's recipients and both email them.
 */
export async function startCampaignIfDue(merchantId: string, campaignId: string, now: Date = new Date()): Promise<string | null> {
  const billing = await getBillingState(merchantId, now);
  if (billing.sendingPaused) return "paused"; // a payment is past due: the sweep starts it once paid
  if (await merchantSuspension(merchantId)) return "paused"; // suspended: the sweep starts it once unsuspended
  const started = await db
    .$transaction(
      async (tx) => {
        const [row] = await tx.$queryRaw<{ status: string; sendAt: Date | null }[]>`
        SELECT status, "sendAt" FROM campaigns WHERE "merchantId" = ${merchantId}::uuid AND id = ${campaignId}::uuid FOR UPDATE`;
        if (!row) return null;
        if (row.status !== "scheduled" || (row.sendAt && row.sendAt > now)) return row.status;
        // One bigint key (the delivery's chunk locks use the two-int form, a separate key space).
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`campaign-claims:${merchantId}`}, 0))`;
        const campaign = await tx.campaign.findUniqueOrThrow({
          where: { merchantId_id: { merchantId, id: campaignId } },
          select: {
            id: true,
            holdoutPercent: true,
            promotionId: true,
            merchant: { select: { id: true, timeZone: true, promotionFrequencyCapDays: true } },
            group: { select: { id: true, kind: true, filter: true, archivedAt: true } },
            promotion: { select: { title: true, expiresInDays: true, oncePerCustomer: true } },
          },
        });
        const content = await currentCampaignContent(tx, merchantId, campaign.promotionId);
        const merchant: TCampaignMerchant = campaign.merchant;
        const expiresAt = voucherExpiry(now, campaign.promotion.expiresInDays, merchant.timeZone);
        const deal = await tx.deal.create({
          data: { merchantId, kind: "social_select", title: campaign.promotion.title, startsAt: now, endsAt: expiresAt, voucherExpiresAt: expiresAt },
          select: { id: true },
        });
        const counts = await snapshotRecipients(tx, merchant, campaign.group, { ...campaign, oncePerCustomer: campaign.promotion.oncePerCustomer }, now, {
          dealId: deal.id,
          expiresAt,
          codes: (n) => generatePersonalCodes(Math.max(0, n)),
        });
        // The month's allowance against the real recipients (the merchant's starts take turns under
        // the advisory lock above, so two campaigns cannot both fit in the same remainder).
        if (billing.plan.limits.promotionalEmailsPerMonth !== null && !billing.plan.emailOverage) {
          const [u] = await tx.$queryRaw<{ n: bigint | null }[]>`
          SELECT sum("audienceCount") AS n FROM campaigns WHERE "merchantId" = ${merchantId}::uuid AND "startedAt" >= ${monthStart(now)}`;
          const used = Number(u?.n ?? 0);
          if (!fits(billing.plan, "promotionalEmailsPerMonth", used, counts.eligible - counts.holdout)) {
            throw new OverAllowance(planLimitError({ id: merchantId }, "promotionalEmailsPerMonth", billing, used).message);
          }
        }
        // Only when a code collided or the group grew since the count: mint the missing ones.
        await mintPersonalCodes(tx, merchantId, campaignId, deal.id, expiresAt, now);
        await tx.campaign.update({
          where: { merchantId_id: { merchantId, id: campaignId } },
          data: {
            status: "sending",
            startedAt: now,
            dealId: deal.id,
            content: contentJson(content),
            audienceCount: counts.eligible - counts.holdout,
            holdoutCount: counts.holdout,
            excluded: counts.excluded as Prisma.InputJsonValue,
          },
        });
        await recordAudit(
          {
            merchantId,
            action: "campaign.started",
            entityType: "Campaign",
            entityId: campaignId,
            data: { recipients: counts.eligible - counts.holdout, holdout: counts.holdout, excluded: counts.excluded },
          },
          tx,
        );
        log.info("campaign started", { merchantId, campaignId, recipients: counts.eligible - counts.holdout, holdout: counts.holdout });
        return "sending";
      },
      { timeout: 300_000, maxWait: 30_000 },
    )
    .catch((err: unknown) => (err instanceof OverAllowance ? err : Promise.reject(err)));
  if (!(started instanceof OverAllowance)) return started;
  // Nothing was snapshotted (rolled back): the campaign fails with the reason, visibly, once.
  const { count } = await db.campaign.updateMany({ where: { merchantId, id: campaignId, status: "scheduled" }, data: { status: "failed", completedAt: now } });
  if (count) {
    await recordAudit({ merchantId, action: "campaign.failed", entityType: "Campaign", entityId: campaignId, data: { reason: started.message } });
    log.warn("campaign over the plan's monthly emails", { merchantId, campaignId });
  }
  return "failed";
}

/** Thrown inside the start's transaction to roll the snapshot back when it does not fit the plan. */
class OverAllowance extends Error {}

/**
 * Vouchers for recipients the snapshot left without one (a code that collided with an existing
 * one, or more recipients than codes): codes drawn again, inserted through unnest, and the
 * recipients pointed at them in the same statement. Normally one query that finds nobody.
 */
export async function mintPersonalCodes(tx: Tx, merchantId: string, campaignId: string, dealId: string, expiresAt: Date | null, now: Date) {
  for (let round = 0; round < 5; round++) {
    const missing = await tx.$queryRaw<{ customerId: string }[]>`
      SELECT "customerId" FROM campaign_recipients
       WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ${campaignId}::uuid AND NOT "isHoldout" AND "voucherId" IS NULL`;
    if (missing.length === 0) return;
    const ids = missing.map((m) => m.customerId);
    const codes = generatePersonalCodes(ids.length);
    await tx.$executeRaw`
      WITH minted AS (
        INSERT INTO vouchers ("merchantId", "dealId", code, status, "customerId", "campaignId", "expiresAt", "purchasedAt")
        SELECT ${merchantId}::uuid, ${dealId}::uuid, u.code, 'active', u.cid, ${campaignId}::uuid, ${expiresAt}, ${now}
          FROM unnest(${ids}::uuid[], ${codes}::text[]) AS u(cid, code)
        ON CONFLICT ("merchantId", code) DO NOTHING
        RETURNING id, "customerId")
      UPDATE campaign_recipients r SET "voucherId" = minted.id
        FROM minted
       WHERE r."merchantId" = ${merchantId}::uuid AND r."campaignId" = ${campaignId}::uuid AND r."customerId" = minted."customerId"`;
  }
  throw new Error("Could not mint unique personal codes after 5 rounds.");
}
