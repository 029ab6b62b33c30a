import "server-only";
import { renderPromotionForRecipient, renderPromotionTemplate, type TPromotionTemplate, type TPromotionTemplateInput } from "@/emails/promotion-template";
import { env } from "@/lib/env";
import { db, pool } from "@/lib/db";
import { RetryableEmailError, sendEmailBatch, type TBatchEmail } from "@/lib/email";
import { log } from "@/lib/logger";
import { listUnsubscribeHeaders, preferenceLinks, referralUrl } from "@/features/delivery/preferences";
import { promotionValidityText } from "@/features/promotions/validity";
import { getBillingState } from "@/features/plans/state";
import { recordEmailUsage } from "@/features/billing/usage";
import { campaignContentOf } from "./content";
import { merchantSuspension } from "@/lib/suspension";

// Delivery of a started campaign, exactly once per recipient. The non-holdout recipients, ordered
// by customer id, fall into fixed chunks of 100 (the set never changes after the snapshot). A
// chunk is sent in one transaction: an advisory lock on (campaign, chunk) so two workers never
// work the same chunk, the chunk's still-queued rows locked, one provider batch request with the
// idempotency key campaign:<id>:batch:<first customer id of the chunk>, the messages recorded and
// the rows moved queued → sent, commit. A crash before the commit leaves the chunk queued: the
// next attempt rebuilds the identical batch under the same key, and the provider answers the
// first send instead of sending again. A crash after it leaves nothing to do for that chunk.
// The batch is identical on every attempt because everything in it was frozen when the campaign
// started: the content (campaigns.content) and each recipient's email and first name.

export const BATCH_SIZE = 100;

/**
 * What the campaign's email is made of, besides each recipient's own values: the content frozen
 * when it started (features/campaigns/content.ts), so every attempt of a batch is the same
 * request; the live promotion and branding only for a campaign not started yet (a preview).
 */
export async function campaignEmailInput(merchantId: string, campaignId: string): Promise<TPromotionTemplateInput & { frozen: boolean }> {
  const c = await db.campaign.findUniqueOrThrow({
    where: { merchantId_id: { merchantId, id: campaignId } },
    select: {
      content: true,
      merchant: {
        select: {
          name: true,
          logoUrl: true,
          brandColor: true,
          addressLine1: true,
          addressLine2: true,
          city: true,
          region: true,
          postalCode: true,
          country: true,
          timeZone: true,
        },
      },
      promotion: {
        select: {
          title: true,
          offer: true,
          terms: true,
          subject: true,
          preheader: true,
          body: true,
          validDaysOfWeek: true,
          validHourFrom: true,
          validHourTo: true,
        },
      },
      dealId: true,
    },
  });
  const frozen = campaignContentOf(c.content);
  const merchant = frozen?.merchant ?? c.merchant;
  const promotion = frozen?.promotion ?? c.promotion;
  const deal = c.dealId ? await db.deal.findUnique({ where: { merchantId_id: { merchantId, id: c.dealId } }, select: { voucherExpiresAt: true } }) : null;
  return {
    frozen: !!frozen,
    merchant: {
      name: merchant.name,
      logoUrl: merchant.logoUrl,
      brandColor: merchant.brandColor,
      addressLine1: merchant.addressLine1,
      addressLine2: merchant.addressLine2,
      city: merchant.city,
      region: merchant.region,
      postalCode: merchant.postalCode,
      country: merchant.country,
    },
    promotion: {
      title: promotion.title,
      offer: promotion.offer,
      terms: promotion.terms,
      subject: promotion.subject,
      preheader: promotion.preheader,
      body: promotion.body,
    },
    validity: promotionValidityText(promotion, { expiresAt: deal?.voucherExpiresAt ?? null, timeZone: merchant.timeZone }),
    referralOffer: frozen?.referral?.offer ?? null,
  };
}

/** The campaign's email, rendered once per delivery pass (emails/promotion-template.ts). */
export async function renderCampaignTemplate(merchantId: string, campaignId: string): Promise<TPromotionTemplate & { frozen: boolean }> {
  const { frozen, ...input } = await campaignEmailInput(merchantId, campaignId);
  const template = await renderPromotionTemplate(input);
  if (!template.exact) log.warn("campaign template does not match a direct render; rendering every email", { merchantId, campaignId });
  return { ...template, frozen };
}

export type TRecipientRow = { customerId: string; email: string; firstName: string | null; code: string; referralCode?: string | null };

/** One recipient's email: the campaign template filled with their name, code and links. */
export async function personalise(t: TPromotionTemplate, merchantId: string, campaignId: string, r: TRecipientRow): Promise<TBatchEmail> {
  const links = preferenceLinks(merchantId, r.customerId);
  const referral = t.input.referralOffer && r.referralCode ? referralUrl(r.referralCode) : null;
  const email = await renderPromotionForRecipient(t, { firstName: r.firstName, voucherCode: r.code, ...links, referralUrl: referral });
  return {
    to: r.email,
    ...email,
    merchantId,
    campaignId,
    voucherCode: r.code,
    headers: listUnsubscribeHeaders(links),
    tags: [{ name: "campaign_id", value: campaignId }],
  };
}

/** A limiter of requests per second for this process alone; 0 means no limit. */
export function createRequestPacer(perSecond: number) {
  let next = 0;
  return async () => {
    if (!perSecond) return;
    const now = Date.now();
    const slot = Math.max(now, next);
    next = slot + 1000 / perSecond;
    if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
  };
}

/**
 * A limiter of requests per second shared by every worker on the database: the provider's limit is
 * per account, not per process, so two workers must not each take the whole rate. One token
 * bucket of capacity 1 in rate_limits (rate_limit_take(), lib/throttle.ts's table) under `key`;
 * a caller without a token sleeps until the next one is due and asks again. 0 means no limit.
 */
export function createSharedRequestPacer(perSecond: number, key = "email-provider:batch") {
  return async () => {
    if (!perSecond) return;
    for (;;) {
      const { rows } = await pool().query<{ wait: number }>("SELECT rate_limit_take($1, 1, $2) AS wait", [key, perSecond]);
      const wait = Number(rows[0]?.wait ?? 0);
      if (wait <= 0) return;
      await new Promise((r) => setTimeout(r, Math.ceil(wait * 1000)));
    }
  };
}

let defaultPacer: ReturnType<typeof createSharedRequestPacer> | undefined;
const sharedPacer = () => (defaultPacer ??= createSharedRequestPacer(env().CAMPAIGN_SEND_RATE_PER_SECOND));

export type TDeliveryOptions = {
  /** Chunks worked at once in this process. */
  concurrency?: number;
  pace?: () => Promise<void>;
  /** For tests: called (and awaited) after each committed chunk, before the next one starts. */
  onChunk?: (sent: number) => void | Promise<void>;
};

/**
 * Sends every still-queued chunk of a started campaign, then marks the campaign sent when no
 * recipient is left queued (by whichever worker finishes last). Safe to run in several processes
 * at once and to kill at any point.
 */
export async function deliverCampaign(merchantId: string, campaignId: string, opts: TDeliveryOptions = {}): Promise<{ sent: number }> {
  const campaign = await db.campaign.findUnique({ where: { merchantId_id: { merchantId, id: campaignId } }, select: { status: true } });
  if (campaign?.status !== "sending") return { sent: 0 };
  const template = await renderCampaignTemplate(merchantId, campaignId);
  const all = await db.$queryRaw<{ customerId: string; queued: boolean }[]>`
    SELECT "customerId", status = 'queued' AS queued FROM campaign_recipients
     WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ${campaignId}::uuid AND NOT "isHoldout"
     ORDER BY "customerId"`;
  const chunks: { index: number; first: string; last: string }[] = [];
  for (let i = 0; i < all.length; i += BATCH_SIZE) {
    const slice = all.slice(i, i + BATCH_SIZE);
    if (slice.some((r) => r.queued)) chunks.push({ index: i / BATCH_SIZE, first: slice[0]!.customerId, last: slice.at(-1)!.customerId });
  }
  const pace = opts.pace ?? sharedPacer();
  let sent = 0;
  let cursor = 0;
  let paused = false;
  const workerLoop = async () => {
    while (cursor < chunks.length && !paused) {
      const chunk = chunks[cursor++]!;
      // A payment that fails mid-send pauses the rest: each chunk reads the plan as it is now
      // (one primary-key read per 100 emails); the sweep resumes the campaign once it is paid.
      // So does a suspension by the platform admin (lib/suspension.ts), read the same way.
      const why = (await getBillingState(merchantId)).sendingPaused ? "payment past due" : (await merchantSuspension(merchantId)) ? "merchant suspended" : null;
      if (why) {
        if (!paused) log.info(`campaign paused: ${why}`, { merchantId, campaignId });
        paused = true;
        break;
      }
      const n = await sendChunk(merchantId, campaignId, template, chunk, pace);
      sent += n;
      if (n) await opts.onChunk?.(n);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.concurrency ?? env().CAMPAIGN_SEND_CONCURRENCY) }, workerLoop));
  const done = await db.$executeRaw`
    UPDATE campaigns SET status = 'sent', "completedAt" = now()
     WHERE "merchantId" = ${merchantId}::uuid AND id = ${campaignId}::uuid AND status = 'sending'
       AND NOT EXISTS (SELECT 1 FROM campaign_recipients r WHERE r."merchantId" = ${merchantId}::uuid AND r."campaignId" = ${campaignId}::uuid AND r.status = 'queued')`;
  if (done) log.info("campaign sent", { merchantId, campaignId });
  return { sent };
}

async function sendChunk(
  merchantId: string,
  campaignId: string,
  template: TPromotionTemplate & { frozen: boolean },
  chunk: { index: number; first: string; last: string },
  pace: () => Promise<void>,
): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const [lock] = await tx.$queryRaw<{ ok: boolean }[]>`SELECT pg_try_advisory_xact_lock(hashtext(${campaignId}), ${chunk.index}::int) AS ok`;
      if (!lock?.ok) return 0; // another worker has this chunk
      const rows = await tx.$queryRaw<TRecipientRow[]>`
        SELECT r."customerId", r.email, CASE WHEN ${template.frozen} THEN r."firstName" ELSE c."firstName" END AS "firstName", v.code, l.code AS "referralCode"
          FROM campaign_recipients r
          JOIN customers c ON c."merchantId" = r."merchantId" AND c.id = r."customerId"
          JOIN vouchers v ON v."merchantId" = r."merchantId" AND v.id = r."voucherId"
          LEFT JOIN referral_links l ON ${!!template.input.referralOffer} AND l."merchantId" = r."merchantId" AND l."customerId" = r."customerId"
         WHERE r."merchantId" = ${merchantId}::uuid AND r."campaignId" = ${campaignId}::uuid AND NOT r."isHoldout"
           AND r."customerId" BETWEEN ${chunk.first}::uuid AND ${chunk.last}::uuid AND r.status = 'queued'
         ORDER BY r."customerId"
         FOR UPDATE OF r`;
      if (rows.length === 0) return 0;
      const messages = await Promise.all(rows.map((r) => personalise(template, merchantId, campaignId, r)));
      let ids: (string | null)[];
      try {
        ids = await sendEmailBatch(tx, messages, { idempotencyKey: `campaign:${campaignId}:batch:${chunk.first}`, beforeRequest: pace });
      } catch (err) {
        if (err instanceof RetryableEmailError) throw err; // the job is retried later; the chunk stays queued
        // The provider refused these emails for good (e.g. an invalid address): record why, move on.
        const reason = (err as Error).message.slice(0, 500);
        log.error("campaign batch refused", { merchantId, campaignId, chunk: chunk.index, reason });
        await tx.$executeRaw`
          UPDATE campaign_recipients SET status = 'failed', "lastError" = ${reason}, attempts = attempts + 1
           WHERE "merchantId" = ${merchantId}::uuid AND "campaignId" = ${campaignId}::uuid
             AND "customerId" BETWEEN ${chunk.first}::uuid AND ${chunk.last}::uuid AND "customerId" = ANY(${rows.map((r) => r.customerId)}::uuid[])`;
        return 0;
      }
      // The chunk's range bounds the scan whatever the plan: while the statistics predate this
      // campaign the planner expects one row for it and may hash-join all of its recipients.
      await tx.$executeRaw`
        UPDATE campaign_recipients r SET status = 'sent', "sentAt" = now(), "providerMessageId" = u.pid, attempts = r.attempts + 1
          FROM unnest(${rows.map((r) => r.customerId)}::uuid[], ${ids}::text[]) AS u(cid, pid)
         WHERE r."merchantId" = ${merchantId}::uuid AND r."campaignId" = ${campaignId}::uuid
           AND r."customerId" BETWEEN ${chunk.first}::uuid AND ${chunk.last}::uuid AND r."customerId" = u.cid`;
      // What the meter will be told (features/billing/usage.ts), in the transaction that sent it.
      await recordEmailUsage(tx, merchantId, campaignId, chunk.index, rows.length);
      return rows.length;
    },
    { timeout: 600_000, maxWait: 60_000 },
  );
}
