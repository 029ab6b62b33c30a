// npm run test:fleet — many instances on one PostgreSQL, with real processes: two app instances
// (the built app, `next start` on two ports) and two job workers on one fresh database, the email
// provider a local Resend fake. Proves what a load balancer in front of several instances relies on:
// - one Idempotency-Key sent to both instances at once (the API's POST /api/v1/visits and the
//   counter's capture route, signed in on one instance and used on the other) records one visit,
//   and every answer names that visit;
// - one campaign sent while the worker delivering it is killed with SIGKILL: the other worker
//   finishes it; every audience member gets exactly one email at the provider, none twice, none
//   skipped, the holdout none.
// Run by `npm test` after the build (scripts/test-all.ts). Bounded: every wait has a timeout, the
// whole run a deadline, and every child is killed on the way out.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { Prisma } from "@/generated/prisma/client";
import { createApiKey } from "@/features/tenancy/api-keys";
import { createMerchant, createUser } from "@/features/tenancy/admin-commands";
import { db } from "@/lib/db";
import { repoRoot } from "../../scripts/lib/dev-env";
import { buildIfStale } from "../../scripts/lib/next-build";
import { freshDatabase } from "../bench/lib";
import { startResendFake } from "../fakes/resend-fake";
import { withPlatform } from "@/lib/tenant";

// The two ports after the end-to-end server's (E2E_PORT, 3100 by default), or FLEET_PORTS="a,b".
const e2ePort = Number(process.env.E2E_PORT ?? 3100);
const PORTS = (process.env.FLEET_PORTS ?? `${e2ePort + 1},${e2ePort + 2}`).split(",").map(Number) as [number, number];
const CUSTOMERS = 3000;
const HOLDOUT = 10;
const AUDIENCE = CUSTOMERS - (CUSTOMERS * HOLDOUT) / 100;
/** Provider requests per second for both workers together: 27 batches take about 7 s. */
const SEND_RATE = 4;
const DEADLINE_MS = 170_000;
const PASSWORD = "fleet-password-1";

const children: { name: string; child: ChildProcess; output: () => string }[] = [];

function killAll() {
  for (const { child } of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    try {
      process.kill(-child.pid!, "SIGKILL"); // its process group: nothing it started outlives the test
    } catch {
      child.kill("SIGKILL");
    }
  }
}

function start(name: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const keep = (d: Buffer) => (output = (output + String(d)).slice(-20_000));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const entry = { name, child, output: () => output };
  children.push(entry);
  return entry;
}

async function until<T>(
  what: string,
  check: () => Promise<T | false | null | undefined> | T | false | null | undefined,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) {
      const logs = children
        .map(
          (c) =>
            `── ${c.name}${c.child.exitCode !== null || c.child.signalCode ? ` (exited ${c.child.exitCode ?? c.child.signalCode})` : ""}:\n${c.output().slice(-1500)}`,
        )
        .join("\n");
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

function check(ok: boolean, what: string, detail: unknown = "") {
  if (!ok) throw new Error(`✗ ${what}${detail === "" ? "" : `: ${typeof detail === "string" ? detail : JSON.stringify(detail)}`}`);
  console.log(`  ✓ ${what}`);
}

const step = (title: string) => console.log(`▸ ${title} (${((Date.now() - T0) / 1000).toFixed(1)} s)`);
const T0 = Date.now();

async function main() {
  buildIfStale();
  const database = await freshDatabase("regulars_fleet");
  // Row-level security is FORCEd, so it binds the tables' owner too: the checks read in the platform scope.
  const owner = new pg.Client({ connectionString: database.ownerUrl, options: "-c app.scope=platform" });
  await owner.connect();
  const fake = await startResendFake({ delayMs: 200 });
  try {
    step("Seeding a merchant, a manager, an API key and 3,000 customers");
    const merchant = await createMerchant({ name: "Fleet Diner", slug: "fleet-diner", timeZone: "America/New_York" });
    await db.merchant.update({
      where: { id: merchant.id },
      data: { addressLine1: "1 Fleet St", city: "Portland", region: "ME", postalCode: "04101", country: "US", promotionFrequencyCapDays: 0 },
    });
    await createUser({ email: "manager@fleet.test", name: "Fleet Manager", password: PASSWORD, merchantSlug: merchant.slug, role: "manager" });
    const { key: apiKey } = await createApiKey(merchant.id, "fleet", null);
    await db.$executeRaw(Prisma.sql`
      INSERT INTO customers ("merchantId", email, "emailNormalized", "firstName", "emailConsent", "updatedAt")
      SELECT ${merchant.id}::uuid, 'f' || g || '@example.net', 'f' || g || '@example.net', 'First' || g, true, now() FROM generate_series(1, ${CUSTOMERS}) g`);
    const group = await db.group.create({
      data: { merchantId: merchant.id, name: "Everyone", kind: "dynamic", filter: { field: "visitCount", op: "gte", value: 0 } },
    });
    const promotion = await db.promotion.create({
      data: {
        merchantId: merchant.id,
        name: "Fleet",
        title: "Fleet treat",
        offer: "10% off",
        expiresInDays: 30,
        subject: "For you, {{firstName}}",
        preheader: "Inside",
        body: "Hi {{firstName}}.",
      },
    });

    // The same environment for every process, as a deployment gives it: one database (the app's
    // role), one NEXTAUTH_SECRET, one public URL.
    const base: NodeJS.ProcessEnv = {
      ...process.env,
      DATABASE_URL: database.url,
      DATABASE_ALLOW_PRIVILEGED_ROLE: "0",
      APP_URL: `http://localhost:${PORTS[0]}`,
      NEXTAUTH_URL: `http://localhost:${PORTS[0]}`,
      RESEND_BASE_URL: fake.url,
      RESEND_API_KEY: "re_fleet_app",
      CAMPAIGN_SEND_RATE_PER_SECOND: String(SEND_RATE),
      CAMPAIGN_SEND_CONCURRENCY: "2",
      LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    };
    delete base.DATABASE_OWNER_URL;

    step(`Starting two app instances (:${PORTS[0]}, :${PORTS[1]}) and two workers`);
    const apps = PORTS.map((port) => start(`app :${port}`, ["node_modules/next/dist/bin/next", "start", "-p", String(port)], base));
    // Each worker its own provider key, so the fake's records say which worker sent a batch.
    const workers = [1, 2].map((n) =>
      start(`worker ${n}`, ["--import", "./scripts/lib/worker-hooks.mjs", "--import", "tsx", "src/worker/index.ts"], {
        ...base,
        RESEND_API_KEY: `re_fleet_w${n}`,
        LOG_LEVEL: "info",
      }),
    );
    await Promise.all([
      ...PORTS.map((port) =>
        until(
          `the app on :${port}`,
          () =>
            fetch(`http://127.0.0.1:${port}/api/health`).then(
              (r) => r.ok,
              () => false,
            ),
          90_000,
          250,
        ),
      ),
      ...workers.map((w) => until(`${w.name} to be ready`, () => w.output().includes('"worker ready"'), 90_000, 100)),
    ]);
    check(
      apps.every((a) => a.child.exitCode === null),
      "both app instances and both workers are up",
    );

    step("API captures: each Idempotency-Key sent twice to each instance at once");
    const KEYS = 12;
    const apiRuns = await Promise.all(
      Array.from({ length: KEYS }, async (_, k) => {
        const body = JSON.stringify({
          customer: { externalId: `fleet-api-${k}` },
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
          amountCents: 1000 + k,
          partySize: 2,
        });
        const answers = await Promise.all(
          [0, 1, 0, 1].map(async (i) => {
            const res = await fetch(`http://127.0.0.1:${PORTS[i]}/api/v1/visits`, {
              method: "POST",
              headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": `fleet-api-${k}` },
              body,
            });
            return {
              status: res.status,
              replayed: res.headers.get("idempotent-replayed") === "true",
              body: (await res.json()) as { id?: string; customerId?: string },
            };
          }),
        );
        return { k, answers };
      }),
    );
    const badApi = apiRuns.filter((r) => r.answers.some((a) => a.status !== 201));
    check(badApi.length === 0, "every API capture answered 201 on both instances", badApi.slice(0, 2));
    check(
      apiRuns.every((r) => new Set(r.answers.map((a) => a.body.id)).size === 1),
      "the four answers for a key name the same visit",
    );
    check(
      apiRuns.every((r) => r.answers.filter((a) => !a.replayed).length === 1),
      "exactly one answer per key did the write; the other three are replays",
    );
    const apiVisits = await owner.query<{ ext: string; n: number }>(
      `SELECT c."externalId" AS ext, count(v.id)::int AS n FROM customers c LEFT JOIN visits v ON v."merchantId" = c."merchantId" AND v."customerId" = c.id
        WHERE c."merchantId" = $1 AND c."externalId" LIKE 'fleet-api-%' GROUP BY 1`,
      [merchant.id],
    );
    check(
      apiVisits.rows.length === KEYS && apiVisits.rows.every((r) => r.n === 1),
      `one customer and one visit per key in the database (${KEYS} keys)`,
      apiVisits.rows,
    );

    step("Counter captures: signed in on one instance, the same capture sent to both");
    const session = await signIn(PORTS[0], "manager@fleet.test", PASSWORD);
    const counterRuns = await Promise.all(
      Array.from({ length: KEYS }, async (_, k) => {
        const body = JSON.stringify({
          customer: { firstName: `Walkin${k}`, email: `walkin${k}@fleet.test` },
          occurredAt: new Date(Date.now() - 30_000).toISOString(),
          amountCents: 500 + k,
        });
        const answers = await Promise.all(
          [1, 0, 1, 0].map(async (i) => {
            const res = await fetch(`http://127.0.0.1:${PORTS[i]}/m/${merchant.slug}/counter/captures`, {
              method: "POST",
              headers: {
                cookie: session,
                "content-type": "application/json",
                "idempotency-key": `device-capture-${k}`,
                origin: `http://localhost:${PORTS[0]}`,
              },
              body,
            });
            return { status: res.status, body: (await res.json()) as { visitId?: string } };
          }),
        );
        return { k, answers };
      }),
    );
    const badCounter = counterRuns.filter((r) => r.answers.some((a) => a.status !== 201));
    check(badCounter.length === 0, "every counter capture answered 201 on both instances (one session, no stickiness)", badCounter.slice(0, 2));
    check(
      counterRuns.every((r) => new Set(r.answers.map((a) => a.body.visitId)).size === 1 && r.answers[0]!.body.visitId),
      "the four answers for a capture name the same visit",
    );
    const counterVisits = await owner.query<{ email: string; n: number }>(
      `SELECT c.email, count(v.id)::int AS n FROM customers c LEFT JOIN visits v ON v."merchantId" = c."merchantId" AND v."customerId" = c.id
        WHERE c."merchantId" = $1 AND c.email LIKE 'walkin%@fleet.test' GROUP BY 1`,
      [merchant.id],
    );
    check(
      counterVisits.rows.length === KEYS && counterVisits.rows.every((r) => r.n === 1),
      "one visit per counter capture in the database",
      counterVisits.rows,
    );

    step(`Campaign: ${AUDIENCE.toLocaleString("en-US")} recipients at ${SEND_RATE} batches/s for both workers, one worker SIGKILLed mid-send`);
    const res = await fetch(`http://127.0.0.1:${PORTS[1]}/api/v1/campaigns`, {
      method: "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json", "idempotency-key": "fleet-campaign" },
      body: JSON.stringify({ promotionId: promotion.id, groupId: group.id, holdoutPercent: HOLDOUT }),
    });
    const campaign = (await res.json()) as { id: string };
    check(res.status === 201, "the campaign is created through the API", campaign);
    const senderOf = (r: { headers: Record<string, unknown> }) => String(r.headers.authorization ?? "").replace("Bearer re_fleet_w", "");
    const batches = () => fake.requests.filter((r) => r.path === "/emails/batch");
    // Killed with batches in flight at the provider (accepted there, not yet committed here).
    const victim = await until(
      "a worker with batches in flight",
      () => {
        const b = batches();
        if (b.length < 5 || fake.inFlight() === 0) return null;
        return senderOf(b.at(-1)!);
      },
      60_000,
      10,
    );
    const killed = workers[Number(victim) - 1]!;
    const survivor = workers.find((w) => w !== killed)!;
    process.kill(-killed.child.pid!, "SIGKILL");
    await until("the killed worker to exit", () => killed.child.exitCode !== null || killed.child.signalCode !== null, 10_000);
    const batchesAtKill = batches().length;
    const sentAtKill = (
      await owner.query<{ n: number }>(`SELECT count(*)::int AS n FROM campaign_recipients WHERE "campaignId" = $1 AND status = 'sent'`, [campaign.id])
    ).rows[0]!.n;
    console.log(`  worker ${victim} killed after ${batchesAtKill} batch requests, ${sentAtKill} recipients recorded sent`);
    check(sentAtKill < AUDIENCE, "the kill landed mid-send", { sentAtKill });
    check(fake.accepted.length > sentAtKill, "…with emails accepted by the provider but not yet recorded", { accepted: fake.accepted.length, sentAtKill });

    const tKill = Date.now();
    await until(
      "the campaign to be sent",
      async () => (await owner.query<{ status: string }>(`SELECT status FROM campaigns WHERE id = $1`, [campaign.id])).rows[0]?.status === "sent",
      100_000,
      250,
    );
    console.log(`  the other worker finished it ${((Date.now() - tKill) / 1000).toFixed(1)} s after the kill`);
    const after = batches().slice(batchesAtKill);
    check(after.length > 0 && after.every((r) => senderOf(r) === String(workers.indexOf(survivor) + 1)), "the surviving worker sent the rest", {
      after: after.length,
    });
    const recipients = await owner.query<{ email: string; isHoldout: boolean; status: string }>(
      `SELECT email, "isHoldout", status FROM campaign_recipients WHERE "campaignId" = $1`,
      [campaign.id],
    );
    const audience = recipients.rows.filter((r) => !r.isHoldout);
    const held = new Set(recipients.rows.filter((r) => r.isHoldout).map((r) => r.email));
    check(audience.length === AUDIENCE && audience.every((r) => r.status === "sent"), `all ${AUDIENCE} audience members are recorded sent`);
    const acceptedTo = new Map<string, number>();
    for (const a of fake.accepted) acceptedTo.set(a.to, (acceptedTo.get(a.to) ?? 0) + 1);
    const twice = [...acceptedTo].filter(([, n]) => n > 1);
    check(twice.length === 0, "no address got two emails at the provider", twice.slice(0, 5));
    const missing = audience.filter((r) => !acceptedTo.has(r.email));
    check(missing.length === 0, "no audience member is missing at the provider", missing.slice(0, 5));
    check(acceptedTo.size === AUDIENCE && ![...acceptedTo.keys()].some((to) => held.has(to)), "nobody else got one (the holdout got none)", {
      accepted: acceptedTo.size,
    });
    const ours = await owner.query<{ n: number; d: number }>(
      `SELECT count(*)::int AS n, count(DISTINCT "to")::int AS d FROM email_messages WHERE "campaignId" = $1`,
      [campaign.id],
    );
    check(ours.rows[0]!.n === AUDIENCE && ours.rows[0]!.d === AUDIENCE, "our records: one email_messages row per audience member", ours.rows[0]);
    check(apps.every((a) => a.child.exitCode === null) && survivor.child.exitCode === null, "the apps and the other worker are still running");
  } finally {
    killAll();
    await owner.end().catch(() => {});
    await fake.close();
    await db.$disconnect().catch(() => {});
    await database.drop().catch(() => {});
    await database.stop();
  }
}

/** A password sign-in through next-auth's own endpoints, as the form does; returns the session cookie. */
async function signIn(port: number, email: string, password: string): Promise<string> {
  const origin = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${origin}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = csrf.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const res = await fetch(`${origin}/api/auth/callback/password`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies },
    body: new URLSearchParams({ csrfToken, email, password, json: "true", callbackUrl: "/start" }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .find((c) => c.startsWith("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status}): ${await res.text()}`);
  return session;
}

const deadline = setTimeout(() => {
  console.error(`✗ many instances: over the ${DEADLINE_MS / 1000} s deadline`);
  killAll();
  process.exit(1);
}, DEADLINE_MS);
for (const sig of ["SIGINT", "SIGTERM"] as const)
  process.on(sig, () => {
    killAll();
    process.exit(1);
  });
process.on("exit", killAll);

// This process sets up and checks as the operator would (row-level security's platform scope); the
// apps and workers it starts open each request's and job's tenant themselves.
withPlatform("many-instances test: arrangements and checks", main).then(
  () => {
    clearTimeout(deadline);
    console.log(`✓ many instances: passed in ${((Date.now() - T0) / 1000).toFixed(1)} s`);
    process.exit(0);
  },
  (err) => {
    clearTimeout(deadline);
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
