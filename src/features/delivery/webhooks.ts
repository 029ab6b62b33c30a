import "server-only";
import { Resend } from "resend";
import { z } from "zod";
import { Prisma } from "@/generated/prisma/client";
import { db, type Tx } from "@/lib/db";
import { withPlatform } from "@/lib/tenant";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { recordAudit } from "@/lib/audit";

// Resend delivery webhooks (POST /api/webhooks/resend). Resend signs with Svix (Standard
// Webhooks): HMAC-SHA256 over "<svix-id>.<svix-timestamp>.<body>" with the whsec_ secret, and a
// timestamp more than 5 minutes off is refused; the SDK's resend.webhooks.verify checks both.
// Each event is applied at most once: its svix-id is inserted into webhook_events in the same
// transaction as its effect, so a redelivery (Resend retries until it gets a 2xx) changes nothing.

export type TWebhookResult = { status: number; body: Record<string, unknown> };

const ZEvent = z.object({
  type: z.string(),
  created_at: z.string().optional(),
  data: z
    .object({
      email_id: z.string().optional(),
      created_at: z.string().optional(),
      bounce: z.object({ type: z.string().optional(), subType: z.string().optional(), message: z.string().optional() }).optional(),
    })
    .passthrough(),
});

// A verifier needs no API key; the SDK insists on one at construction, so give it a dummy.
let verifier: Resend | undefined;
const sdk = () => (verifier ??= new Resend("re_webhook_verification_only"));

/** The event when the signature and timestamp are good, else null. */
export function verifyResendSignature(rawBody: string, headers: Headers, secret: string): unknown | null {
  const id = headers.get("svix-id") ?? headers.get("webhook-id");
  const timestamp = headers.get("svix-timestamp") ?? headers.get("webhook-timestamp");
  const signature = headers.get("svix-signature") ?? headers.get("webhook-signature");
  if (!id || !timestamp || !signature) return null;
  try {
    return sdk().webhooks.verify({ payload: rawBody, headers: { id, timestamp, signature }, webhookSecret: secret });
  } catch {
    return null;
  }
}

// Status moves only forward: queued/failed → sent → delivered → bounced → complained. A late
// "delivered" after a bounce leaves it bounced; a held-out recipient is never touched.
const RANK = Prisma.sql`CASE status::text WHEN 'queued' THEN 0 WHEN 'failed' THEN 0 WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'bounced' THEN 3 WHEN 'complained' THEN 4 ELSE 99 END`;
const NEW_RANK = { sent: 1, delivered: 2, bounced: 3, complained: 4 } as const;

type TRecipientRef = { merchantId: string; customerId: string; campaignId: string };

async function advanceRecipients(tx: Tx, messageId: string, status: keyof typeof NEW_RANK, at: Date): Promise<TRecipientRef[]> {
  const column = { sent: "sentAt", delivered: "deliveredAt", bounced: "bouncedAt", complained: "complainedAt" }[status];
  return tx.$queryRaw<TRecipientRef[]>`
    UPDATE campaign_recipients
       SET status = CASE WHEN ${RANK} < ${NEW_RANK[status]} THEN ${status}::"RecipientStatus" ELSE status END,
           ${Prisma.raw(`"${column}"`)} = COALESCE(${Prisma.raw(`"${column}"`)}, ${at})
     WHERE "providerMessageId" = ${messageId} AND status <> 'held_out'
     RETURNING "merchantId"::text AS "merchantId", "customerId"::text AS "customerId", "campaignId"::text AS "campaignId"`;
}

async function stampRecipients(tx: Tx, messageId: string, column: "openedAt" | "clickedAt", at: Date): Promise<TRecipientRef[]> {
  return tx.$queryRaw<TRecipientRef[]>`
    UPDATE campaign_recipients
       SET ${Prisma.raw(`"${column}"`)} = COALESCE(${Prisma.raw(`"${column}"`)}, ${at})
     WHERE "providerMessageId" = ${messageId} AND status <> 'held_out'
     RETURNING "merchantId"::text AS "merchantId", "customerId"::text AS "customerId", "campaignId"::text AS "campaignId"`;
}

/** Stops all promotional email to the customer(s) behind a hard bounce or a spam complaint. */
async function suppress(tx: Tx, messageId: string, recipients: TRecipientRef[], reason: "bounced" | "complained", at: Date, detail: string | null) {
  const targets = new Map<string, { merchantId: string; customerId: string }>();
  for (const r of recipients) targets.set(`${r.merchantId}:${r.customerId}`, r);
  if (targets.size === 0) {
    // Not a campaign email (a test, a receipt): the message row names the merchant and address.
    const message = await tx.emailMessage.findFirst({
      where: { providerMessageId: messageId, merchantId: { not: null } },
      select: { merchantId: true, to: true },
    });
    if (message?.merchantId) {
      const customer = await tx.customer.findUnique({
        where: { merchantId_emailNormalized: { merchantId: message.merchantId, emailNormalized: message.to.toLowerCase() } },
        select: { id: true },
      });
      if (customer) targets.set(`${message.merchantId}:${customer.id}`, { merchantId: message.merchantId, customerId: customer.id });
    }
  }
  for (const { merchantId, customerId } of targets.values()) {
    const changed = await tx.customer.updateMany({
      where: { merchantId, id: customerId, suppressedAt: null },
      data: { suppressedAt: at, suppressionReason: reason, ...(reason === "complained" ? { emailConsent: false } : {}) },
    });
    if (changed.count > 0) {
      await recordAudit({ merchantId, action: "customer.suppressed", entityType: "Customer", entityId: customerId, data: { reason, messageId, detail } }, tx);
    }
  }
  return targets.size;
}

/** Verifies, de-duplicates and applies one Resend webhook delivery. */
export async function handleResendWebhook(rawBody: string, headers: Headers, opts: { secret?: string } = {}): Promise<TWebhookResult> {
  const secret = opts.secret ?? env().RESEND_WEBHOOK_SECRET;
  if (!secret) {
    log.warn("resend webhook refused: RESEND_WEBHOOK_SECRET is not set");
    return { status: 401, body: { error: "Webhook signing secret is not configured." } };
  }
  const verified = verifyResendSignature(rawBody, headers, secret);
  if (!verified) return { status: 401, body: { error: "Invalid or missing signature." } };
  const parsed = ZEvent.safeParse(verified);
  if (!parsed.success) return { status: 400, body: { error: "Unrecognised event." } };
  const event = parsed.data;
  const eventId = (headers.get("svix-id") ?? headers.get("webhook-id"))!;
  const messageId = event.data.email_id;
  const at = new Date(event.created_at ?? event.data.created_at ?? Date.now());
  const when = Number.isNaN(at.getTime()) ? new Date() : at;

  // A provider event names a message, not a merchant: a named cross-merchant path.
  return withPlatform("provider webhook", () =>
    db.$transaction(async (tx) => {
      const fresh = await tx.$executeRaw`INSERT INTO webhook_events (provider, "eventId") VALUES ('resend', ${eventId}) ON CONFLICT DO NOTHING`;
      if (fresh === 0) return { status: 200, body: { ok: true, duplicate: true } };
      if (!messageId) return { status: 200, body: { ok: true, ignored: event.type } };

      let recipients: TRecipientRef[] = [];
      let suppressed = 0;
      switch (event.type) {
        case "email.sent":
          recipients = await advanceRecipients(tx, messageId, "sent", when);
          break;
        case "email.delivered":
          recipients = await advanceRecipients(tx, messageId, "delivered", when);
          break;
        case "email.delivery_delayed":
          recipients = await tx.$queryRaw<TRecipientRef[]>`
          UPDATE campaign_recipients SET "lastError" = 'Delivery delayed by the receiving server'
           WHERE "providerMessageId" = ${messageId} AND status IN ('queued', 'sent')
           RETURNING "merchantId"::text AS "merchantId", "customerId"::text AS "customerId", "campaignId"::text AS "campaignId"`;
          break;
        case "email.bounced": {
          // Only a permanent (hard) bounce ends delivery; a transient one is noted and retried by the receiver.
          const hard = (event.data.bounce?.type ?? "Permanent").toLowerCase() === "permanent";
          const detail = [event.data.bounce?.type, event.data.bounce?.subType, event.data.bounce?.message].filter(Boolean).join(": ") || null;
          if (hard) {
            recipients = await advanceRecipients(tx, messageId, "bounced", when);
            suppressed = await suppress(tx, messageId, recipients, "bounced", when, detail);
          } else {
            recipients = await tx.$queryRaw<TRecipientRef[]>`
            UPDATE campaign_recipients SET "lastError" = ${`Soft bounce: ${detail ?? "transient"}`.slice(0, 500)}
             WHERE "providerMessageId" = ${messageId} AND status <> 'held_out'
             RETURNING "merchantId"::text AS "merchantId", "customerId"::text AS "customerId", "campaignId"::text AS "campaignId"`;
          }
          break;
        }
        case "email.complained":
          recipients = await advanceRecipients(tx, messageId, "complained", when);
          suppressed = await suppress(tx, messageId, recipients, "complained", when, null);
          break;
        case "email.opened":
          recipients = await stampRecipients(tx, messageId, "openedAt", when);
          break;
        case "email.clicked":
          recipients = await stampRecipients(tx, messageId, "clickedAt", when);
          break;
        default:
          return { status: 200, body: { ok: true, ignored: event.type } };
      }
      return { status: 200, body: { ok: true, type: event.type, recipients: recipients.length, suppressed } };
    }),
  );
}
