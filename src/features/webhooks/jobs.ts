import "server-only";
import pg from "pg";
import type { PgBoss } from "pg-boss";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { QUEUES } from "@/lib/queue";
import { deliverDueWebhooks, nextWebhookDueAt } from "./delivery";

// Jobs only wake a worker; the webhook_deliveries rows say what is due (as campaigns do). Three
// ways to wake: a NOTIFY from the outbox trigger at commit (deliveries within a second), a job
// timed for the next retry that falls due within the minute, and a sweep every minute that covers
// a lost notification, a worker that was down, and retries further out.

const WAKE = { now: "now", later: "later" } as const;

/** Delivers until nothing is due, then books a wake-up for a retry due within the minute. */
export async function drainWebhooks(boss: PgBoss): Promise<number> {
  let attempted = 0;
  for (;;) {
    const r = await deliverDueWebhooks();
    attempted += r.attempted;
    if (r.attempted === 0) break;
  }
  const next = await nextWebhookDueAt();
  if (next && next.getTime() - Date.now() < 60_000) {
    await boss.send(QUEUES.webhookDeliver, {}, { singletonKey: WAKE.later, startAfter: next });
  }
  return attempted;
}

export async function registerWebhookWorkers(boss: PgBoss): Promise<{ stop: () => Promise<void> }> {
  await boss.schedule(QUEUES.webhookDeliver, "* * * * *");
  await boss.work(QUEUES.webhookDeliver, { pollingIntervalSeconds: 0.5 }, async () => {
    const attempted = await drainWebhooks(boss);
    if (attempted) log.info("webhook deliveries attempted", { attempted });
  });
  await boss.send(QUEUES.webhookDeliver, {}, { singletonKey: WAKE.now });

  let client: pg.Client | null = null;
  let stopped = false;
  const listen = async () => {
    if (stopped) return;
    client = new pg.Client({ connectionString: env().DATABASE_URL });
    client.on("notification", () => {
      boss.send(QUEUES.webhookDeliver, {}, { singletonKey: WAKE.now }).catch((err: Error) => log.warn("could not wake webhook delivery", { err: err.message }));
    });
    client.on("error", (err) => {
      log.warn("webhook listener lost its connection; the minute sweep covers the gap", { err: err.message });
      client?.end().catch(() => {});
      client = null;
      setTimeout(() => void listen().catch(() => {}), 5_000).unref();
    });
    await client.connect();
    await client.query("LISTEN regulars_webhooks");
  };
  await listen().catch((err: Error) => log.warn("webhook listener could not start; deliveries wait for the minute sweep", { err: err.message }));
  return {
    stop: async () => {
      stopped = true;
      await client?.end().catch(() => {});
    },
  };
}
