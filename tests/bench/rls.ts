// npm run bench:rls — what row-level security costs, measured on one database with the policies
// switched on and off in alternating rounds, so the machine's noise (other processes on the same
// cores) hits both alike: capture_visit() called directly by 8 connections of the app's role in the
// merchant's scope (the capture without HTTP and Next.js), and Smart Filter counts at
// BENCH_CUSTOMERS customers, also as the app's role in the merchant's scope (policy `tenant`, one
// equality; the wide role's policy does not apply to it). Prints the ratio after/before for each.
import pg from "pg";
import { countCustomers } from "@/features/filters/queries";
import { presetsFor } from "@/features/filters/presets";
import type { TFilter } from "@/features/filters/schemas";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { db } from "@/lib/db";
import { WIDE_ROLE } from "@/lib/db-role";
import { withPlatform, withTenant } from "@/lib/tenant";
import { localToday, toLocalTime } from "@/lib/time";
import { freshDatabase, percentile, printTable } from "./lib";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const TZ = "America/New_York";

async function tenantTables(owner: pg.Client): Promise<string[]> {
  const { rows } = await owner.query<{ t: string }>(
    `SELECT c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relrowsecurity`,
  );
  return rows.map((r) => r.t);
}

async function setRls(owner: pg.Client, tables: string[], on: boolean) {
  for (const t of tables) {
    await owner.query(on ? `ALTER TABLE "${t}" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY` : `ALTER TABLE "${t}" NO FORCE ROW LEVEL SECURITY, DISABLE ROW LEVEL SECURITY`);
  }
}

async function main() {
  const database = await freshDatabase("regulars_bench_rls");
  // The app's client (`db`: createMerchant, the counts) connects as the app's role, as in production:
  // freshDatabase() hands this process the owner's URL, whom the wide policy applies to (the owner
  // inherits regulars_wide), so its counts would measure the OR-ed policies instead. Data loading
  // and the switching on and off of row-level security go through the owner's client below.
  process.env.DATABASE_URL = database.url;
  process.env.DATABASE_ALLOW_PRIVILEGED_ROLE = "0";
  const owner = new pg.Client({ connectionString: database.ownerUrl, options: "-c app.scope=platform" });
  await owner.connect();
  try {
    const merchant = await createMerchant({ name: "RLS Bistro", slug: "rls-bistro", timeZone: TZ });
    const tables = await tenantTables(owner);
    // Customers and visits for the filters (aggregates computed as an import would).
    await owner.query(
      `INSERT INTO customers ("merchantId", "firstName", "lastName", email, "emailNormalized", birthday, "emailConsent", "visitCount", "totalSpentCents",
                              "firstVisitAt", "lastVisitAt", "lastRating", "updatedAt")
       SELECT $1, 'First' || g, 'Last' || g, 'c' || g || '@example.net', 'c' || g || '@example.net', CASE WHEN g % 3 = 0 THEN date '1980-01-01' + (g % 9000) END,
              g % 10 < 7, 1 + g % 20, (g % 50000)::bigint, now() - (g % 500) * interval '1 day', now() - (g % 90) * interval '1 day', 1 + g % 3, now()
         FROM generate_series(1, $2::int) g`,
      [merchant.id, CUSTOMERS],
    );
    await owner.query("VACUUM ANALYZE customers");

    // capture_visit() as the API calls it: the app's role, in the merchant's scope.
    const pool = new pg.Pool({ connectionString: database.url, max: 8, options: `-c app.merchant_id=${merchant.id}` });
    let n = 0;
    const capture = async (seconds: number) => {
      let done = 0;
      const until = Date.now() + seconds * 1000;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (Date.now() < until) {
          const i = (n += 1);
          const at = new Date(Date.now() - (i % 5000) * 60_000);
          const local = toLocalTime(at, TZ);
          await pool.query("SELECT capture_visit($1::jsonb)", [JSON.stringify({
            merchantId: merchant.id, idempotencyKey: `rls-${i}`, scope: "bench", requestHash: "x", occurredAt: at.toISOString(), occurredAtIso: at.toISOString(),
            localDate: local.date, localDayOfWeek: local.dayOfWeek, localHour: local.hour, amountCents: 1000 + (i % 9000), partySize: 2, rating: 1 + (i % 3),
            source: "api", customer: { externalId: `c-${i % 20_000}` }, tagNames: i % 3 === 0 ? [{ name: "family", norm: "family" }] : [], foldAggregates: true,
          })]);
          done += 1;
        }
      }));
      return done / seconds;
    };
    // Both measured paths run as the app's login role in the merchant's scope (not the owner, not the
    // wide role): the policies they meet are the merchant's equality alone.
    const roles = new Set([
      (await pool.query<{ u: string }>("SELECT current_user AS u")).rows[0]!.u,
      ...(await withTenant(merchant.id, () => db.$queryRaw<{ u: string }[]>`SELECT current_user AS u`)).map((r) => r.u),
    ]);
    if (roles.size !== 1 || roles.has(WIDE_ROLE)) throw new Error(`measured as ${[...roles].join(", ")}: expected the app's login role only`);
    console.log(`Measuring as database role ${[...roles][0]} in the merchant's scope.`);

    // The presets, a tag filter (a GIN index condition, if the policy lets the planner use it) and
    // the floor: every customer of the merchant, no condition but the merchant's.
    const filters: [string, TFilter][] = [
      ...presetsFor(localToday(TZ)).map((p): [string, TFilter] => [p.name, p.filter]),
      ["Tagged family", { field: "tags", op: "hasAny", value: ["family"] } as TFilter],
      ["floor: all the merchant's customers", { and: [] } as TFilter],
    ];
    const countTimes = async (filter: TFilter) => {
      const times: number[] = [];
      for (let i = 0; i < 8; i++) {
        const t0 = performance.now();
        await withTenant(merchant.id, () => countCustomers({ id: merchant.id, timeZone: TZ }, filter));
        times.push(performance.now() - t0);
      }
      return times;
    };

    // The floor for captures: round trips of a bare SELECT at the same 8 connections.
    const roundTrips = async (seconds: number) => {
      let done = 0;
      const until = Date.now() + seconds * 1000;
      await Promise.all(Array.from({ length: 8 }, async () => {
        while (Date.now() < until) {
          await pool.query("SELECT 1");
          done += 1;
        }
      }));
      return done / seconds;
    };
    const floors: number[] = [];
    const captures = { on: [] as number[], off: [] as number[] };
    const counts = new Map<string, { on: number[]; off: number[] }>(filters.map(([name]) => [name, { on: [], off: [] }]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const on of [true, false]) {
        await setRls(owner, tables, on);
        await capture(1); // plans made again after the ALTER
        captures[on ? "on" : "off"].push(await capture(SECONDS / ROUNDS));
        floors.push(await roundTrips(1));
        for (const [name, filter] of filters) {
          await countTimes(filter); // warm
          counts.get(name)![on ? "on" : "off"].push(...(await countTimes(filter)));
        }
      }
    }
    await setRls(owner, tables, true);
    await pool.end();

    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const capOn = sum(captures.on) / captures.on.length;
    const capOff = sum(captures.off) / captures.off.length;
    const floor = sum(floors) / floors.length;
    printTable(`capture_visit() at 8 connections, ${ROUNDS} alternating rounds each (captures/s)`, [
      { run: "floor: SELECT 1 round trips/s", "captures/s": Math.round(floor), "share of floor": "100%" },
      { run: "without row-level security", "captures/s": Math.round(capOff), "share of floor": `${((capOff / floor) * 100).toFixed(1)}%` },
      { run: "with row-level security (forced)", "captures/s": Math.round(capOn), "share of floor": `${((capOn / floor) * 100).toFixed(1)}%` },
      { run: "cost", "captures/s": `${((1 - capOn / capOff) * 100).toFixed(1)}%`, "share of floor": "" },
    ]);
    const at = (q: number) => (xs: number[]) => +percentile([...xs].sort((a, b) => a - b), q).toFixed(1);
    const [p50, p95] = [at(50), at(95)];
    printTable(`Smart Filter presets, count at ${CUSTOMERS.toLocaleString("en-US")} customers, ${ROUNDS * 8} runs each way (ms)`, [...counts].map(([name, t]) => ({
      filter: name,
      "p50 without": p50(t.off), "p50 with RLS": p50(t.on), "ratio p50": +(p50(t.on) / p50(t.off)).toFixed(2),
      "p95 without": p95(t.off), "p95 with RLS": p95(t.on), "ratio p95": +(p95(t.on) / p95(t.off)).toFixed(2),
    })));
  } finally {
    await owner.end();
    await db.$disconnect();
    await database.drop();
    await database.stop();
  }
}

// Set-up as the operator (the platform scope); the measured work runs in the merchant's scope.
withPlatform("benchmark setup", main).then(() => process.exit(0), (err) => {
  console.error(err);
  process.exit(1);
});
