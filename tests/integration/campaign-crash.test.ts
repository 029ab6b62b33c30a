import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createCampaign } from "@/features/campaigns/service";
import { startResendFake } from "../fakes/resend-fake";
import { addCustomers, everyoneGroup, offPeakPromotion } from "./campaign-fixtures";
import { db, makeMerchant } from "./helpers";

// Crash and resume with real processes: a worker (`npm run worker`'s entry point) sending a
// campaign through the Resend fake is killed with SIGKILL while batches are in flight at the
// provider, then a fresh worker is started. Every recipient ends with exactly one email, in our
// records and at the provider, and nobody is skipped.

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: process.env.CRASH_TEST_LOG_LEVEL ?? "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (d) => (stderr += String(d)));
  child.stdout?.on("data", (d) => (stderr += String(d)));
  children.push(child);
  return { child, stderr: () => stderr };
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 60_000) {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

describe("a worker killed mid-send", () => {
  it("resumes on restart: each recipient gets exactly one email, none is skipped", { timeout: 180_000 }, async () => {
    // Each batch is accepted on arrival and answered 300 ms later: a kill lands between the
    // provider's acceptance and our commit, the hardest moment.
    const fake = await startResendFake({ delayMs: 300 });
    try {
      const m = await makeMerchant("Crash");
      await addCustomers(m.merchant.id, { n: 3000, prefix: "c" });
      const group = await everyoneGroup(m.merchant.id);
      const promotion = await offPeakPromotion(m.merchant.id);
      const { id } = await db.$transaction((tx) => createCampaign(tx, m.merchant, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 10 }, {}));
      const env = {
        DATABASE_URL: process.env.DATABASE_URL!,
        RESEND_API_KEY: "re_test_crash",
        RESEND_BASE_URL: fake.url,
        CAMPAIGN_SEND_RATE_PER_SECOND: "0",
        CAMPAIGN_SEND_CONCURRENCY: "4",
      };

      // The first worker finds the due campaign by itself (its start-up sweep), snapshots and sends.
      const first = startWorker(env);
      await until("the first batches", () => fake.requests.length >= 6 && fake.inFlight() > 0, 90_000).catch((e) => {
        throw new Error(`${(e as Error).message}; worker said: ${first.stderr().slice(-2000)}`);
      });
      first.child.kill("SIGKILL");
      await new Promise((r) => first.child.once("exit", r));

      const sentAtKill = await db.campaignRecipient.count({ where: { campaignId: id, status: "sent" } });
      const recipients = await db.campaignRecipient.count({ where: { campaignId: id, isHoldout: false } });
      expect(recipients).toBe(2700);
      expect(sentAtKill).toBeLessThan(recipients); // it really died mid-send
      const acceptedAtKill = fake.accepted.length;
      expect(acceptedAtKill).toBeGreaterThan(sentAtKill); // …with batches accepted but not recorded

      const second = startWorker(env);
      await until(
        "the campaign to finish",
        async () => (await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id } } })).status === "sent",
        120_000,
      );
      second.child.kill("SIGTERM");

      const rows = await db.campaignRecipient.findMany({ where: { campaignId: id }, select: { isHoldout: true, status: true, email: true } });
      expect(rows.filter((r) => !r.isHoldout).every((r) => r.status === "sent")).toBe(true);
      expect(rows.filter((r) => r.isHoldout).every((r) => r.status === "held_out")).toBe(true);
      const emails = await db.emailMessage.groupBy({ by: ["to"], where: { campaignId: id }, _count: { _all: true } });
      expect(emails).toHaveLength(2700);
      expect(emails.every((e) => e._count._all === 1)).toBe(true);
      // At the provider: each address accepted once; the lost batches came back as replays.
      const accepted = new Map<string, number>();
      for (const a of fake.accepted) accepted.set(a.to, (accepted.get(a.to) ?? 0) + 1);
      expect(accepted.size).toBe(2700);
      expect([...accepted.values()].every((n) => n === 1)).toBe(true);
      expect(fake.requests.some((r) => r.replayed)).toBe(true);
      const held = new Set(rows.filter((r) => r.isHoldout).map((r) => r.email));
      expect([...accepted.keys()].some((to) => held.has(to))).toBe(false);
    } finally {
      await fake.close();
    }
  });
});
