import "server-only";
import type { PgBoss } from "pg-boss";
import { db } from "@/lib/db";
import { log } from "@/lib/logger";
import { QUEUES, queue } from "@/lib/queue";
import { requestUsageReport } from "@/features/billing/usage";
import { withPlatform, withTenant } from "@/lib/tenant";
import { deliverCampaign, type TDeliveryOptions } from "./delivery";
import { startCampaignIfDue } from "./service";

// Queue jobs only wake the worker; the campaigns table says what is due. So a job sent twice, a
// job lost between the commit and the send, or a worker killed mid-job all end the same way: the
// sweep (every minute, and when a worker starts) finds due and unfinished campaigns and sends a
// job for each, and the work itself is safe to repeat (service.ts, delivery.ts).

export type TCampaignJob = { merchantId: string; campaignId: string };

// heartbeatSeconds: a worker beats every 5 s while it runs the job; when it dies (SIGKILL, a lost
// machine) pg-boss fails the job after 10 s without a beat (checked every superviseIntervalSeconds,
// lib/queue.ts) and another worker retries it, instead of it waiting out expireInSeconds.
const SEND_JOB = { retryLimit: 10, retryDelay: 5, retryBackoff: true, expireInSeconds: 3600, heartbeatSeconds: 10 } as const;

/** After the campaign's transaction committed: wake a worker at its send time. Never throws. */
export async function enqueueCampaignSend(job: TCampaignJob, sendAt: Date): Promise<void> {
  try {
    const boss = await queue();
    await boss.send(QUEUES.campaignSend, job, { ...SEND_JOB, startAfter: sendAt > new Date() ? sendAt : undefined });
  } catch (err) {
    // The sweep picks it up within a minute.
    log.warn("could not enqueue campaign send", { ...job, err: (err as Error).message });
  }
}

/** Starts (if due) and delivers one campaign. */
export async function runCampaignJob(job: TCampaignJob, opts: TDeliveryOptions = {}) {
  return withTenant(job.merchantId, () => runCampaignJobInScope(job, opts));
}

async function runCampaignJobInScope(job: TCampaignJob, opts: TDeliveryOptions) {
  const status = await startCampaignIfDue(job.merchantId, job.campaignId);
  if (status !== "sending") return { status, sent: 0 };
  const t0 = Date.now();
  const { sent } = await deliverCampaign(job.merchantId, job.campaignId, opts);
  log.info("campaign delivery pass", { ...job, sent, ms: Date.now() - t0 });
  return { status, sent };
}

/** Campaigns that need a worker now: due scheduled ones and unfinished sends. */
export async function dueCampaigns(now: Date = new Date()): Promise<TCampaignJob[]> {
  // The sweep reads every merchant's campaigns: a named cross-merchant path of the worker.
  return withPlatform(
    "worker: campaign sweep",
    () => db.$queryRaw<TCampaignJob[]>`
    SELECT "merchantId", id AS "campaignId" FROM campaigns
     WHERE (status = 'scheduled' AND ("sendAt" IS NULL OR "sendAt" <= ${now})) OR status = 'sending'
     ORDER BY "sendAt" NULLS FIRST LIMIT 500`,
  );
}

export async function sweepCampaigns(boss: PgBoss): Promise<number> {
  const due = await dueCampaigns();
  for (const job of due) await boss.send(QUEUES.campaignSend, job, SEND_JOB);
  return due.length;
}

/** The worker's side: consume campaign jobs, sweep every minute and once at start. */
export async function registerCampaignWorkers(boss: PgBoss) {
  await boss.work<TCampaignJob>(QUEUES.campaignSend, { pollingIntervalSeconds: 0.5, localConcurrency: 2 }, async (jobs) => {
    for (const job of jobs) {
      try {
        const { sent } = await runCampaignJob(job.data);
        if (sent) await requestUsageReport(boss); // the sent emails to Stripe's meter, soon
      } catch (err) {
        // pg-boss retries the job with backoff; say why it failed.
        log.error("campaign job failed", { ...job.data, err: (err as Error).message });
        throw err;
      }
    }
  });
  await boss.schedule(QUEUES.campaignSweep, "* * * * *");
  await boss.work(QUEUES.campaignSweep, async () => {
    await sweepCampaigns(boss);
  });
  const n = await sweepCampaigns(boss);
  if (n) log.info("resuming campaigns", { campaigns: n });
}
