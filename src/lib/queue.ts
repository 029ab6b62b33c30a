import { PgBoss } from "pg-boss";
import { env } from "./env";
import { log } from "./logger";

// The durable job queue: pg-boss on the app's own PostgreSQL (schema "pgboss"). The worker
// process (src/worker) consumes it; the app only sends.
export const QUEUES = {
  rfmRecompute: "rfm-recompute",
  rfmNightly: "rfm-nightly",
  /** Start (snapshot) and deliver one campaign: { merchantId, campaignId }. */
  campaignSend: "campaign-send",
  /** Every minute: wakes up due scheduled campaigns and unfinished sends. */
  campaignSweep: "campaign-sweep",
} as const;

let boss: Promise<PgBoss> | undefined;

export function queue(): Promise<PgBoss> {
  boss ??= (async () => {
    const b = new PgBoss({ connectionString: env().DATABASE_URL, schema: "pgboss", max: 4 });
    b.on("error", (err) => log.error("queue error", { err }));
    await b.start();
    for (const name of Object.values(QUEUES)) await b.createQueue(name);
    return b;
  })();
  boss.catch(() => (boss = undefined));
  return boss;
}
