import { execFile, spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { addDays, fromLocalTime, localToday } from "@/lib/time";
import { anyDayPromotion, automation, dealCustomers, emailsPerAddress } from "./automation-fixtures";
import { db, makeMerchant } from "./helpers";

// The scheduler with real processes: two workers (`npm run worker`'s entry point) start at once;
// each runs its start-up scheduler tick, the evaluate jobs and the campaign delivery. Every due
// customer gets exactly one email, and each occasion is recorded once.

const root = path.resolve(import.meta.dirname, "../..");
const children: ChildProcess[] = [];

function startWorker(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], {
    cwd: root,
    env: { ...process.env, ...env, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stderr?.on("data", (d) => (out += String(d)));
  child.stdout?.on("data", (d) => (out += String(d)));
  children.push(child);
  return { child, out: () => out };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
});

describe("two workers", () => {
  it("started together, send each due customer one email", { timeout: 240_000 }, async () => {
    const TZ = "America/New_York";
    const m = await makeMerchant("Workers", TZ);
    const merchant = { id: m.merchant.id, timeZone: TZ };
    const promotion = await anyDayPromotion(merchant.id);
    await dealCustomers(merchant, { n: 250, prefix: "w", at: fromLocalTime(addDays(localToday(TZ), -14), 12, 0, TZ) });
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 }, holdoutPercent: 10 });

    const env = { DATABASE_URL: process.env.DATABASE_URL!, RESEND_API_KEY: "", CAMPAIGN_SEND_RATE_PER_SECOND: "0" };
    const workers = [startWorker(env), startWorker(env)];
    const occasions = () => db.automationOccasion.count({ where: { merchantId: merchant.id } });
    await until("the occasions", async () => (await occasions()) === 250, 150_000).catch((e) => {
      throw new Error(`${(e as Error).message}; workers said: ${workers.map((w) => w.out().slice(-1500)).join("\n---\n")}`);
    });
    const held = await db.automationOccasion.count({ where: { merchantId: merchant.id, isHoldout: true } });
    await until("the emails", async () => (await db.emailMessage.count({ where: { merchantId: merchant.id } })) >= 250 - held, 60_000);
    await new Promise((r) => setTimeout(r, 3000)); // anything doubled would land by now
    for (const w of workers) w.child.kill("SIGTERM");

    expect(await occasions()).toBe(250);
    const perAddress = await emailsPerAddress(merchant.id);
    expect(perAddress).toHaveLength(250 - held);
    expect(perAddress.every((r) => r._count._all === 1)).toBe(true);
    expect(await db.campaign.count({ where: { merchantId: merchant.id, automationId: { not: null } } })).toBe(1);
  });
});

describe("npm run cli -- automations:run", () => {
  it("runs a pass as of the time given (the clock moved), once however often it is run", { timeout: 180_000 }, async () => {
    const TZ = "America/New_York";
    const m = await makeMerchant("Clock moved", TZ);
    const merchant = { id: m.merchant.id, timeZone: TZ };
    const promotion = await anyDayPromotion(merchant.id);
    const ids = await dealCustomers(merchant, { n: 3, prefix: "cli", at: fromLocalTime(localToday(TZ), 12, 0, TZ) }); // first visit today
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } }, new Date());
    const cli = (...args: string[]) =>
      promisify(execFile)(
        process.execPath,
        ["--import", "tsx", "--conditions=react-server", "src/cli/index.ts", "automations:run", "--merchant", m.merchant.slug, ...args],
        {
          cwd: root,
          env: { ...process.env, LOG_LEVEL: "warn" },
        },
      );
    const at = fromLocalTime(addDays(localToday(TZ), 14), 11, 0, TZ).toISOString();
    const { stdout } = await cli("--at", at, "--json");
    expect(JSON.parse(stdout).results).toEqual([expect.objectContaining({ kind: "second_visit", outcome: "fired", sent: 3 })]);
    expect((await cli("--at", at)).stdout).toMatch(/^second_visit: nobody$/m);
    const fired = await db.automationOccasion.findMany({ where: { merchantId: merchant.id }, select: { customerId: true, firedAt: true } });
    expect(fired.map((o) => o.customerId).sort()).toEqual([...ids].sort());
    expect(fired[0]!.firedAt.toISOString()).toBe(at);
    // The campaign waits for a worker, with its recipients queued.
    expect(await db.campaignRecipient.count({ where: { merchantId: merchant.id, status: "queued" } })).toBe(3);
    const err = await cli("--at", "next tuesday").catch((e: { code: number; stderr: string }) => e);
    expect(err).toMatchObject({ code: 1, stderr: expect.stringMatching(/--at takes an ISO time/) });
  });
});
