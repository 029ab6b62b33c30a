// The job worker: `npm run worker` (started by `npm run demo` beside the app). Consumes the
// pg-boss queues on the app's PostgreSQL; safe to run several, and to kill at any point.
import { registerBillingWorkers } from "@/features/billing/usage";
import { registerAutomationWorkers } from "@/features/automations/jobs";
import { registerCampaignWorkers } from "@/features/campaigns/jobs";
import { recomputeRfm } from "@/features/insights/rfm";
import { registerWebhookWorkers } from "@/features/webhooks/jobs";
import { registerFeedbackWorkers } from "@/features/social/jobs";
import { refreshSocialScores } from "@/features/social/score";
import { db } from "@/lib/db";
import { appUrlWarning } from "@/lib/env";
import { log } from "@/lib/logger";
import { QUEUES, queue } from "@/lib/queue";
import { withTenant } from "@/lib/tenant";

async function main() {
  // Run on its own (`npm run worker`), it finds the database the way the CLI does.
  if (!process.env.DATABASE_URL) await (await import("../../scripts/lib/dev-env")).prepareEnvironment({ quiet: true });
  // The worker sends the campaign emails: their links come from APP_URL.
  const appUrlProblem = appUrlWarning();
  if (appUrlProblem) log.warn(appUrlProblem);
  const boss = await queue();

  // Nightly, 03:15 server time: every merchant's RFM scores from its current aggregates.
  await boss.schedule(QUEUES.rfmNightly, "15 3 * * *");
  await boss.work(QUEUES.rfmNightly, async () => {
    const merchants = await db.merchant.findMany({ select: { id: true } });
    for (const m of merchants) await boss.send(QUEUES.rfmRecompute, { merchantId: m.id }, { singletonKey: m.id });
  });
  await boss.work<{ merchantId: string }>(QUEUES.rfmRecompute, async (jobs) => {
    for (const job of jobs) {
      const t0 = Date.now();
      const n = await withTenant(job.data.merchantId, () => recomputeRfm(db, job.data.merchantId));
      // The social score of every customer with any input (features/social/score.ts).
      await withTenant(job.data.merchantId, () => refreshSocialScores(job.data.merchantId));
      log.info("rfm recomputed", { merchantId: job.data.merchantId, customers: n, ms: Date.now() - t0 });
    }
  });
  // Campaign delivery: started and resumed from the campaigns table (features/campaigns/jobs.ts).
  await registerCampaignWorkers(boss);
  // Sent promotional emails → Stripe's meter (features/billing/usage.ts); idle without a key.
  await registerBillingWorkers(boss);
  // Automations: a scheduler tick every 5 minutes, one evaluation per merchant (features/automations/jobs.ts).
  await registerAutomationWorkers(boss);
  // "How was it?": a tick every 5 minutes, one ask per merchant with feedback on (features/social/jobs.ts).
  await registerFeedbackWorkers(boss);
  // Outbound webhooks: the outbox rows the triggers wrote (features/webhooks/jobs.ts).
  const webhooks = await registerWebhookWorkers(boss);
  log.info("worker ready", { queues: Object.values(QUEUES) });

  const stop = async () => {
    await webhooks.stop();
    await boss.stop({ graceful: true });
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((err) => {
  log.error("worker failed to start", { err });
  process.exit(1);
});
