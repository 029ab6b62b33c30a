import "server-only";
import { runPublisherQuantityJob } from "./publisher";
import type { PgBoss } from "pg-boss";
import { db, type Tx } from "@/lib/db";
import { log } from "@/lib/logger";
import { QUEUES } from "@/lib/queue";
import { stripe } from "@/lib/stripe";
import { withPlatform } from "@/lib/tenant";
import { EMAIL_METER_EVENT } from "@/features/plans/plans";
import { billingConfig } from "@/features/plans/state";

// Promotional emails reported to Stripe's billing meter, for metered overage, exactly once:
// 1. delivery writes a usage_reports row in the same transaction that moves its 100 recipients to
//    sent (an outbox), so every sent batch is counted once and only once;
// 2. the usage job (pg-boss) sends each unreported row as a meter event whose `identifier` is the
//    row's (merchant + month + campaign + batch), then marks it reported. A crash between the two
//    sends the same identifier again, and Stripe keeps one event per identifier: a retried job
//    never double-charges.

export const usageIdentifier = (merchantId: string, at: Date, campaignId: string, chunk: number) =>
  `emails:${merchantId}:${at.toISOString().slice(0, 7)}:${campaignId}:${chunk}`;

/** Called by delivery inside a chunk's transaction. A no-op when billing is off. */
export async function recordEmailUsage(tx: Tx, merchantId: string, campaignId: string, chunk: number, quantity: number, now: Date = new Date()) {
  if (quantity <= 0 || !billingConfig().billingEnabled) return;
  await tx.$executeRaw`
    INSERT INTO usage_reports ("merchantId", identifier, quantity, "occurredAt")
    VALUES (${merchantId}::uuid, ${usageIdentifier(merchantId, now, campaignId, chunk)}, ${quantity}, ${now})
    ON CONFLICT DO NOTHING`;
}

type TPending = { merchantId: string; identifier: string; quantity: number; occurredAt: Date; stripeCustomerId: string | null };

/**
 * Reports every unreported row (oldest first, `limit` per run). Rows of a merchant with no Stripe
 * customer are marked reported without an event: there is nothing to bill. Returns the events sent.
 */
export function reportEmailUsage(opts: { limit?: number } = {}): Promise<{ reported: number; skipped: number }> {
  // A sweep across merchants: the outbox rows of every merchant, oldest first.
  return withPlatform("worker: report promotional email usage to Stripe", () => reportPendingUsage(opts));
}

async function reportPendingUsage(opts: { limit?: number }): Promise<{ reported: number; skipped: number }> {
  const client = stripe();
  if (!client) return { reported: 0, skipped: 0 };
  const pending = await db.$queryRaw<TPending[]>`
    SELECT u."merchantId"::text AS "merchantId", u.identifier, u.quantity, u."occurredAt", s."stripeCustomerId"
      FROM usage_reports u LEFT JOIN subscriptions s ON s."merchantId" = u."merchantId"
     WHERE u."reportedAt" IS NULL
     ORDER BY u."occurredAt" LIMIT ${opts.limit ?? 500}`;
  let reported = 0;
  let skipped = 0;
  for (const row of pending) {
    if (row.stripeCustomerId) {
      try {
        await client.billing.meterEvents.create(
          {
            event_name: EMAIL_METER_EVENT,
            identifier: row.identifier,
            timestamp: Math.floor(row.occurredAt.getTime() / 1000),
            payload: { stripe_customer_id: row.stripeCustomerId, value: String(row.quantity) },
          },
          { idempotencyKey: `meter:${row.identifier}` },
        );
      } catch (err) {
        // Stripe answers a repeated identifier with an error: the event is there already.
        if (!/identifier/i.test((err as Error).message ?? "")) throw err;
      }
      reported++;
    } else {
      skipped++;
    }
    await db.usageReport.update({
      where: { merchantId_identifier: { merchantId: row.merchantId, identifier: row.identifier } },
      data: { reportedAt: new Date() },
    });
  }
  if (reported) log.info("usage reported to stripe", { reported, skipped });
  return { reported, skipped };
}

/** After a delivery pass: ask a worker to report soon (one pending job at a time). Never throws. */
export async function requestUsageReport(boss: PgBoss): Promise<void> {
  if (!billingConfig().billingEnabled) return;
  try {
    await boss.send(QUEUES.billingUsageReport, {}, { singletonKey: "usage", retryLimit: 10, retryDelay: 30, retryBackoff: true });
  } catch (err) {
    log.warn("could not enqueue the usage report", { err: (err as Error).message });
  }
}

/** The worker's side: the report job, every 10 minutes and after each delivery pass. */
export async function registerBillingWorkers(boss: PgBoss) {
  await boss.work(QUEUES.billingUsageReport, async () => {
    await reportEmailUsage();
  });
  await boss.schedule(QUEUES.billingUsageReport, "*/10 * * * *");
  await boss.work<{ publisherId: string }>(QUEUES.publisherQuantity, async (jobs) => {
    for (const job of jobs) await runPublisherQuantityJob(job.data);
  });
}
