// npm run bench:send — one campaign to BENCH_RECIPIENTS (default 100,000) customers, end to end
// through the real worker process (src/worker) and the real Resend SDK against the local fake
// provider with no rate limit. Measures, per run: click → queued (the API's createCampaign until
// the worker has snapshotted every recipient, drawn the holdout and minted the codes), delivery
// throughput (queued → every email accepted and recorded), the worker's peak memory, and
// duplicates (emails per address in our records and at the provider; must be 0) and skips.
// BENCH_RUNS (default 3) campaigns are sent to the same customers (frequency cap off).
// BENCH_KEEP=1 keeps the database; BENCH_CPU_PROF=<dir> profiles the worker.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { Prisma } from "@/generated/prisma/client";
import { createCampaign } from "@/features/campaigns/service";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { db } from "@/lib/db";
import { repoRoot } from "../../scripts/lib/dev-env";
import { startResendFake } from "../fakes/resend-fake";
import { freshDatabase, printTable } from "./lib";
import { withPlatform, withTenant } from "@/lib/tenant";

const N = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HOLDOUT = 10;

function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : NaN;
  } catch {
    return NaN;
  }
}

async function main() {
  const database = await freshDatabase("regulars_bench_send");
  const fake = await startResendFake({ light: true });
  const merchant = await createMerchant({ name: "Bench Bistro", slug: "bench-bistro", timeZone: "America/New_York" });
  await db.merchant.update({
    where: { id: merchant.id },
    data: { addressLine1: "1 Bench St", city: "Portland", region: "ME", postalCode: "04101", country: "US", promotionFrequencyCapDays: 0 },
  });
  const t0 = Date.now();
  // N eligible customers, plus 5% who must not get it (no consent, unsubscribed, bounced, no email).
  await db.$executeRaw(Prisma.sql`
    INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", "lastName", "emailConsent", "unsubscribedAt", "suppressedAt", "updatedAt")
    SELECT ${merchant.id}::uuid, e, e, 'First' || g, 'Last' || g, g <= ${N} OR g % 4 <> 0, CASE WHEN g > ${N} AND g % 4 = 1 THEN now() END, CASE WHEN g > ${N} AND g % 4 = 2 THEN now() END, now()
      FROM generate_series(1, ${Math.round(N * 1.05)}) g, LATERAL (SELECT CASE WHEN g > ${N} AND g % 4 = 3 THEN NULL ELSE 'c' || g || '@example.net' END AS e) x`);
  await db.$executeRawUnsafe("VACUUM ANALYZE customers");
  const group = await db.group.create({
    data: { merchantId: merchant.id, name: "Everyone", kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } },
  });
  const promotion = await db.promotion.create({
    data: {
      merchantId: merchant.id,
      name: "Off Peak",
      title: "Off Peak treat",
      offer: "20% off",
      validDaysOfWeek: [0, 1, 2, 3],
      validHourFrom: 14,
      validHourTo: 17,
      expiresInDays: 30,
      subject: "A treat for you, {{firstName}}",
      preheader: "Your code inside",
      body: "Hi {{firstName}},\n\nCome by on a quiet afternoon.",
    },
  });
  console.log(`Loaded ${N.toLocaleString("en-US")} eligible customers (+5% excluded) in ${((Date.now() - t0) / 1000).toFixed(1)} s.`);

  // BENCH_CPU_PROF=<dir>: the worker writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const worker = spawn(process.execPath, [...profile, "--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "inherit"],
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      RESEND_API_KEY: "re_bench",
      RESEND_BASE_URL: fake.url,
      CAMPAIGN_SEND_RATE_PER_SECOND: "0",
      LOG_LEVEL: "info",
    },
  });
  // A merchant's click reaches a worker that is already running: the first run starts once the
  // worker says it is ready, not while it is still loading (about 2 s, once counted in run 1).
  await new Promise<void>((resolve, reject) => {
    let out = "";
    const onData = (d: Buffer) => {
      out += String(d);
      if (out.includes('"worker ready"')) {
        worker.stdout!.off("data", onData);
        worker.stdout!.resume();
        resolve();
      }
    };
    worker.stdout!.on("data", onData);
    worker.once("exit", (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
  });
  const { enqueueCampaignSend } = await import("@/features/campaigns/jobs");
  const { queue } = await import("@/lib/queue");
  const rows: Record<string, string | number>[] = [];
  try {
    for (let run = 1; run <= RUNS; run++) {
      const acceptedBefore = fake.acceptedCount();
      const click = performance.now();
      // What POST /api/v1/campaigns does: the campaign row in a transaction, then a job for the worker.
      // As the merchant's action creates it: in the merchant's tenant scope.
      const campaign = await withTenant(merchant.id, () =>
        db.$transaction((tx) => createCampaign(tx, merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: HOLDOUT }, {})),
      );
      await enqueueCampaignSend({ merchantId: merchant.id, campaignId: campaign.id }, campaign.sendAt);
      let queuedAt = 0;
      let doneAt = 0;
      for (let i = 0; i < 20 * 60 * 10 && !doneAt; i++) {
        const c = await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: merchant.id, id: campaign.id } }, select: { status: true } });
        if (!queuedAt && c.status !== "scheduled") queuedAt = performance.now();
        if (c.status === "sent") doneAt = performance.now();
        else await new Promise((r) => setTimeout(r, 50));
      }
      if (!doneAt) throw new Error("the campaign did not finish within 20 minutes");
      const [check] = await db.$queryRaw<
        { recipients: number; held: number; sent: number; skipped: number; emails: number; addresses: number; vouchers: number }[]
      >`
        SELECT count(*) FILTER (WHERE NOT "isHoldout")::int AS recipients, count(*) FILTER (WHERE "isHoldout")::int AS held,
               count(*) FILTER (WHERE status = 'sent')::int AS sent, count(*) FILTER (WHERE NOT "isHoldout" AND status <> 'sent')::int AS skipped,
               (SELECT count(*)::int FROM email_messages WHERE "campaignId" = ${campaign.id}::uuid) AS emails,
               (SELECT count(DISTINCT "to")::int FROM email_messages WHERE "campaignId" = ${campaign.id}::uuid) AS addresses,
               (SELECT count(*)::int FROM vouchers WHERE "campaignId" = ${campaign.id}::uuid) AS vouchers
          FROM campaign_recipients WHERE "merchantId" = ${merchant.id}::uuid AND "campaignId" = ${campaign.id}::uuid`;
      const accepted = fake.acceptedCount() - acceptedBefore;
      const queuedS = (queuedAt - click) / 1000;
      const deliverS = (doneAt - queuedAt) / 1000;
      rows.push({
        run,
        "eligible (incl. holdout)": (check!.recipients + check!.held).toLocaleString("en-US"),
        "emails sent": check!.sent.toLocaleString("en-US"),
        "click → queued (s)": queuedS.toFixed(2),
        "recipients/s to queued": Math.round((check!.recipients + check!.held) / queuedS).toLocaleString("en-US"),
        "delivery (s)": deliverS.toFixed(2),
        "emails/s delivered": Math.round(check!.sent / deliverS).toLocaleString("en-US"),
        "worker peak RSS (MB)": peakRssMb(worker.pid!),
        "duplicates (ours)": check!.emails - check!.addresses,
        "duplicates (provider)": accepted - check!.sent,
        skipped: check!.skipped,
        "codes minted": check!.vouchers.toLocaleString("en-US"),
      });
      console.log(`run ${run}: queued in ${queuedS.toFixed(2)} s, delivered in ${deliverS.toFixed(2)} s`);
    }
  } finally {
    const exited = new Promise((r) => worker.once("exit", r));
    worker.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 15_000))]);
    await (await queue()).stop({ graceful: false }).catch(() => {});
    await fake.close();
  }
  printTable(
    `bench:send — ${N.toLocaleString("en-US")} eligible customers, ${HOLDOUT}% holdout, Resend fake without rate limit, worker concurrency ${process.env.CAMPAIGN_SEND_CONCURRENCY ?? 4}`,
    rows,
  );
  await db.$disconnect();
  if (!process.env.BENCH_KEEP) await database.drop();
  await database.stop();
  const bad = rows.some((r) => r["duplicates (ours)"] !== 0 || r["duplicates (provider)"] !== 0 || r.skipped !== 0);
  process.exit(bad ? 1 : 0);
}

// This process sets up and checks as the operator would (row-level security's platform scope); the
// app and the worker it starts open each request's and job's tenant themselves.
withPlatform("benchmark setup", main).catch((err) => {
  console.error(err);
  process.exit(1);
});
