import { PgBoss } from "pg-boss";
import { verifyDatabaseRoleAt } from "./db-role";
import { env } from "./env";
import { log } from "./logger";

// The durable job queue: pg-boss on the app's own PostgreSQL (schema "pgboss"). The worker
// process (src/worker) consumes it; the app only sends. Its tables are installed and upgraded by
// db:migrate as the owner (installQueue); the app's role only uses them (migration app_role).
export const QUEUES = {
  rfmRecompute: "rfm-recompute",
  rfmNightly: "rfm-nightly",
  /** Start (snapshot) and deliver one campaign: { merchantId, campaignId }. */
  campaignSend: "campaign-send",
  /** Every minute: wakes up due scheduled campaigns and unfinished sends. */
  campaignSweep: "campaign-sweep",
  /** Promotional emails sent → Stripe meter events (features/billing/usage.ts). */
  billingUsageReport: "billing-usage-report",
  /** Every 5 minutes: one automation-evaluate job per merchant with an enabled automation. */
  automationTick: "automation-tick",
  /** Evaluate one merchant's automations now: { merchantId }. */
  automationEvaluate: "automation-evaluate",
  /** Every 5 minutes: one feedback-ask job per merchant with "How was it?" on (features/social/jobs.ts). */
  feedbackTick: "feedback-tick",
  /** Ask one merchant's due visits "How was it?": { merchantId, at? }. */
  feedbackAsk: "feedback-ask",
  /** A merchant joined or left a publisher: { publisherId } → its Stripe quantity (features/billing/publisher.ts). */
  publisherQuantity: "publisher-quantity",
  /** Wakes a worker to deliver due webhook deliveries (features/webhooks/jobs.ts); no payload. */
  webhookDeliver: "webhook-deliver",
} as const;

// "short": one queued job per singletonKey, so a burst of wake-ups for webhook deliveries collapses
// into one job while any number run (the rows say what is due, the job only wakes a worker).
const QUEUE_OPTIONS: Partial<Record<(typeof QUEUES)[keyof typeof QUEUES], { policy: "short" }>> = {
  [QUEUES.webhookDeliver]: { policy: "short" },
};

const SCHEMA = "pgboss";

/**
 * Installs or upgrades pg-boss's tables and creates our queues, as the owner of the schema (called
 * by applyMigrations). Everything the app's role does later is rows in those tables.
 */
export async function installQueue(ownerUrl: string): Promise<void> {
  const b = new PgBoss({ connectionString: ownerUrl, schema: SCHEMA, max: 1, migrate: true, supervise: false, schedule: false });
  b.on("error", () => {}); // start() rejects with anything that matters
  await b.start();
  try {
    for (const name of Object.values(QUEUES)) await b.createQueue(name, QUEUE_OPTIONS[name]);
  } finally {
    await b.stop({ graceful: false });
  }
}

let boss: Promise<PgBoss> | undefined;

export function queue(): Promise<PgBoss> {
  boss ??= (async () => {
    const e = env();
    // The role check of lib/db.ts, before pg-boss opens connections of its own (once per process).
    await verifyDatabaseRoleAt(e.DATABASE_URL, { allow: e.DATABASE_ALLOW_PRIVILEGED_ROLE, warn: (m) => log.warn(m) });
    // migrate: false — the schema is db:migrate's (installQueue); reindex: false — REINDEX needs
    // the tables' owner, so bloat is only reported (the owner can REINDEX).
    // superviseIntervalSeconds: how soon a job whose worker stopped beating is failed and retried
    // elsewhere (one instance claims each pass, so more instances add no load).
    const b = new PgBoss({ connectionString: e.DATABASE_URL, schema: SCHEMA, max: 4, migrate: false, reindex: false, superviseIntervalSeconds: 10 });
    b.on("error", (err) => log.error("queue error", { err }));
    await b.start().catch((err: Error) => {
      if (/not installed|requires migrations/.test(err.message))
        throw new Error(`${err.message}: run npm run db:migrate (it installs the queue's tables as the owner).`, { cause: err });
      throw err;
    });
    // Created by db:migrate already; a no-op then (ON CONFLICT DO NOTHING), kept for a queue added since.
    for (const name of Object.values(QUEUES)) await b.createQueue(name, QUEUE_OPTIONS[name]);
    return b;
  })();
  boss.catch(() => (boss = undefined));
  return boss;
}
