import "server-only";
import type { PgBoss } from "pg-boss";
import { log } from "@/lib/logger";
import { QUEUES } from "@/lib/queue";
import { enqueueCampaignSend } from "@/features/campaigns/jobs";
import { evaluateMerchant, merchantsWithAutomations, type TEvaluation } from "./evaluate";

// The scheduler: every 5 minutes a tick sends one evaluate job per merchant with an enabled
// automation (one per merchant per 4-minute slot, so a slow merchant never piles up jobs); any worker runs
// it. Nothing here has to be exactly once: the occasions table is (evaluate.ts), so two workers,
// a retried job or a catch-up after downtime send each occasion once. A clock the tests set is the
// `now` they pass to evaluateMerchant (and the CLI's `automations:run --at`).

export type TClock = () => Date;
export const systemClock: TClock = () => new Date();

export type TEvaluateJob = { merchantId: string };

/** Evaluates one merchant and wakes the campaign worker for each campaign it fired. */
export async function runAutomationJob(job: TEvaluateJob, now: Date): Promise<TEvaluation[]> {
  const results = await evaluateMerchant(job.merchantId, now);
  for (const r of results) if (r.outcome === "fired") await enqueueCampaignSend({ merchantId: job.merchantId, campaignId: r.campaignId }, now);
  return results;
}

/** One scheduler pass: an evaluate job for every merchant with an enabled automation. */
export async function schedulerTick(boss: PgBoss): Promise<number> {
  const merchants = await merchantsWithAutomations();
  for (const merchantId of merchants)
    await boss.send(
      QUEUES.automationEvaluate,
      { merchantId },
      { singletonKey: merchantId, singletonSeconds: 240, retryLimit: 3, retryDelay: 30, expireInSeconds: 900 },
    );
  return merchants.length;
}

export async function registerAutomationWorkers(boss: PgBoss, clock: TClock = systemClock) {
  await boss.work<TEvaluateJob>(QUEUES.automationEvaluate, { pollingIntervalSeconds: 1, localConcurrency: 2 }, async (jobs) => {
    for (const job of jobs) {
      const t0 = Date.now();
      const results = await runAutomationJob(job.data, clock());
      const fired = results.filter((r) => r.outcome === "fired");
      if (fired.length) log.info("automations fired", { merchantId: job.data.merchantId, campaigns: fired.length, ms: Date.now() - t0 });
    }
  });
  await boss.schedule(QUEUES.automationTick, "*/5 * * * *");
  await boss.work(QUEUES.automationTick, async () => {
    await schedulerTick(boss);
  });
  // On start: what fell due while no worker ran goes out now (within the catch-up window).
  await schedulerTick(boss);
}
