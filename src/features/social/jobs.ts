import "server-only";
import type { PgBoss } from "pg-boss";
import { log } from "@/lib/logger";
import { QUEUES } from "@/lib/queue";
import { withTenant } from "@/lib/tenant";
import { merchantsAskingFeedback, sendFeedbackRequests } from "./feedback";

// "How was it?" on the worker: a tick every 5 minutes sends one feedback-ask job per merchant with
// feedback on; any worker runs it, in that merchant's tenant scope. Nothing here has to be exactly
// once: the feedback row, unique per visit, is (feedback.ts). A job may carry the instant to ask as
// of (`feedback:run --at`, the clock the end-to-end test moves).

export type TFeedbackJob = { merchantId: string; at?: string };

export async function runFeedbackJob(job: TFeedbackJob): Promise<number> {
  const now = job.at ? new Date(job.at) : new Date();
  return withTenant(job.merchantId, () => sendFeedbackRequests(job.merchantId, Number.isNaN(now.getTime()) ? new Date() : now));
}

export async function registerFeedbackWorkers(boss: PgBoss) {
  await boss.work<TFeedbackJob>(QUEUES.feedbackAsk, { pollingIntervalSeconds: 1 }, async (jobs) => {
    for (const job of jobs) {
      const asked = await runFeedbackJob(job.data);
      if (asked) log.info("feedback asked", { merchantId: job.data.merchantId, asked });
    }
  });
  const tick = async () => {
    for (const merchantId of await merchantsAskingFeedback()) {
      await boss.send(
        QUEUES.feedbackAsk,
        { merchantId },
        { singletonKey: merchantId, singletonSeconds: 240, retryLimit: 3, retryDelay: 30, expireInSeconds: 900 },
      );
    }
  };
  await boss.schedule(QUEUES.feedbackTick, "*/5 * * * *");
  await boss.work(QUEUES.feedbackTick, tick);
  await tick();
}
