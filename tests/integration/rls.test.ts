import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { seedDemo } from "../../prisma/seed";
import { db } from "@/lib/db";
import { withoutTenant, withPlatform, withPublisher, withTenant } from "@/lib/tenant";
import { makeMerchant } from "./helpers";

// Row-level security (issue 12): as the app's role, a query that forgets its merchant filter —
// deleted here on purpose — sees and changes only the rows of the scope it runs in, and outside
// any scope nothing at all. Covers every table with a merchantId column, read from the live schema.

let tables: string[] = [];
let merchants: { id: string; slug: string; publisherId: string | null }[] = [];
let loner: Awaited<ReturnType<typeof makeMerchant>>;

const q = <T,>(sql: string) => db.$queryRawUnsafe<T[]>(sql);
const countOf = async (sql: string) => Number((await q<{ n: bigint }>(sql))[0]!.n);

beforeAll(async () => {
  await seedDemo(process.env.DATABASE_OWNER_URL!, { log: () => {} });
  loner = await makeMerchant("Loner Cafe");
  merchants = await db.merchant.findMany({ select: { id: true, slug: true, publisherId: true } });
  // Rows the demo does not make, for every merchant, so each table has rows of several merchants.
  const owner = new pg.Client({ connectionString: process.env.DATABASE_OWNER_URL, options: "-c app.scope=platform" });
  await owner.connect();
  try {
    for (const m of merchants) {
      const { rows } = await owner.query<{ userId: string }>(`SELECT "userId" FROM memberships WHERE "merchantId" = $1 LIMIT 1`, [m.id]);
      const userId = rows[0]!.userId;
      await owner.query(`INSERT INTO counter_devices ("merchantId", name, "tokenHash", "pairedById") VALUES ($1, 'Till', md5(random()::text), $2)`, [m.id, userId]);
      await owner.query(`INSERT INTO api_keys ("merchantId", name, prefix, "hashedKey") VALUES ($1, 'k', 'rk_live_x', md5(random()::text))`, [m.id]);
      await owner.query(`INSERT INTO idempotency_keys ("merchantId", key, scope, "requestHash", "responseStatus", "responseBody") VALUES ($1, 'k', 's', 'h', 200, '{}')`, [m.id]);
      await owner.query(`INSERT INTO audit_logs ("merchantId", action, "entityType") VALUES ($1, 'test', 'Test')`, [m.id]);
      await owner.query(`INSERT INTO email_messages ("merchantId", "to", "from", subject, html, text, transport) VALUES ($1, 'a@example.com', 'b@example.com', 's', 'h', 't', 'mailbox')`, [m.id]);
      await owner.query(`INSERT INTO import_jobs ("merchantId", kind, "fileName") VALUES ($1, 'customers', 'x.csv')`, [m.id]);
      await owner.query(`INSERT INTO customers ("merchantId", "firstName", email, "updatedAt") VALUES ($1, 'Rls', 'rls-' || md5(random()::text) || '@example.com', now())`, [m.id]);
      await owner.query(
        `INSERT INTO customer_tags ("merchantId", "customerId", "tagId")
         SELECT c."merchantId", c.id, t.id FROM customers c JOIN tags t ON t."merchantId" = c."merchantId"
          WHERE c."merchantId" = $1 LIMIT 1 ON CONFLICT DO NOTHING`,
        [m.id],
      ).catch(() => {}); // the loner has no tags
      await owner.query(
        `WITH e AS (INSERT INTO webhook_endpoints ("merchantId", url, events, secret, "updatedAt") VALUES ($1, 'https://hooks.example.com/x', '{visit.created}', 'whsec_x', now()) RETURNING id),
              ev AS (INSERT INTO outbound_events ("merchantId", type, payload) VALUES ($1, 'visit.created', '{}') RETURNING id)
         INSERT INTO webhook_deliveries ("merchantId", "endpointId", "eventId") SELECT $1, e.id, ev.id FROM e, ev`,
        [m.id],
      );
      const promo = await owner.query<{ id: string }>(`SELECT id FROM promotions WHERE "merchantId" = $1 LIMIT 1`, [m.id]);
      if (promo.rows[0]) {
        await owner.query(
          `WITH a AS (INSERT INTO automations ("merchantId", kind, "promotionId") VALUES ($1, 'birthday', $2) RETURNING id),
                c AS (SELECT id FROM customers WHERE "merchantId" = $1 LIMIT 1),
                o AS (INSERT INTO automation_occasions ("merchantId", "automationId", "customerId", "occasionKey", "dueDate", "firedAt")
                      SELECT $1, a.id, c.id, 'birthday:2026', current_date, now() FROM a, c)
           INSERT INTO automation_members ("merchantId", "automationId", "customerId", since) SELECT $1, a.id, c.id, now() FROM a, c`,
          [m.id, promo.rows[0].id],
        );
      }
    }
    const { rows } = await owner.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'merchantId' ORDER BY table_name`,
    );
    tables = rows.map((r) => r.table_name);
  } finally {
    await owner.end();
  }
}, 120_000);

describe("row-level security", () => {
  it("is enabled and forced, with policies, on every table with a merchantId column (a new table cannot forget it)", async () => {
    const rows = await withPlatform("test", () =>
      q<{ relname: string; relrowsecurity: boolean; relforcerowsecurity: boolean; policies: bigint }>(
        `SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity, (SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND EXISTS (
                SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'merchantId' AND NOT a.attisdropped)`,
      ),
    );
    expect(tables.length).toBeGreaterThanOrEqual(23);
    expect(rows.map((r) => r.relname).sort()).toEqual([...tables].sort());
    expect(rows.filter((r) => !r.relrowsecurity || !r.relforcerowsecurity).map((r) => r.relname)).toEqual([]);
    expect(rows.filter((r) => Number(r.policies) < 1).map((r) => r.relname)).toEqual([]);
  });

  it("a read that forgets its merchant filter sees only its own merchant's rows, in every tenant table", async () => {
    const leaks: string[] = [];
    const tested = new Set<string>();
    for (const a of merchants) {
      for (const t of tables) {
        const others = await withPlatform("test", () => countOf(`SELECT count(*) AS n FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        const own = await withPlatform("test", () => countOf(`SELECT count(*) AS n FROM "${t}" WHERE "merchantId" = '${a.id}'`));
        if (others > 0) tested.add(t);
        const seen = await withTenant(a.id, () => q<{ n: bigint; foreign: bigint }>(`SELECT count(*) AS n, count(*) FILTER (WHERE "merchantId" IS DISTINCT FROM '${a.id}') AS "foreign" FROM "${t}"`));
        if (Number(seen[0]!.foreign) !== 0 || Number(seen[0]!.n) !== own) leaks.push(`${t} as ${a.slug}: saw ${seen[0]!.n} (own ${own}, foreign ${seen[0]!.foreign})`);
      }
    }
    expect(leaks).toEqual([]);
    expect(tables.filter((t) => !tested.has(t))).toEqual([]); // every table had another merchant's rows to leak
  });

  it("an UPDATE or DELETE without the merchant filter changes no other merchant's row, in every tenant table", async () => {
    for (const a of merchants) {
      for (const t of tables) {
        const before = await withPlatform("test", () => countOf(`SELECT count(*) AS n FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        const updated = await withTenant(a.id, () => db.$executeRawUnsafe(`UPDATE "${t}" SET "merchantId" = "merchantId" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        const deleted = await withTenant(a.id, () => db.$executeRawUnsafe(`DELETE FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        const after = await withPlatform("test", () => countOf(`SELECT count(*) AS n FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        expect({ t, updated, deleted, after }).toEqual({ t, updated: 0, deleted: 0, after: before });
      }
    }
  });

  it("refuses to write a row into another merchant", async () => {
    const [a, b] = merchants;
    await expect(
      withTenant(a!.id, () => db.customer.create({ data: { merchantId: b!.id, firstName: "Intruder" } })),
    ).rejects.toThrow(/row-level security/);
    await expect(
      withTenant(a!.id, () => db.$executeRawUnsafe(`INSERT INTO tags ("merchantId", name, "normalizedName") VALUES ('${b!.id}', 'x', 'x')`)),
    ).rejects.toThrow(/row-level security/);
  });

  it("with no tenant set, sees and changes nothing", async () => {
    for (const t of tables) {
      expect({ t, n: await withoutTenant(() => countOf(`SELECT count(*) AS n FROM "${t}"`)) }).toEqual({ t, n: 0 });
      expect({ t, n: await countOf(`SELECT count(*) AS n FROM "${t}"`) }).toEqual({ t, n: 0 });
      expect({ t, n: await db.$executeRawUnsafe(`DELETE FROM "${t}"`) }).toEqual({ t, n: 0 });
    }
    expect(await db.customer.findMany()).toEqual([]);
  });

  it("model queries and interactive transactions run in the caller's scope", async () => {
    const [a] = merchants;
    const own = await withPlatform("test", () => db.customer.count({ where: { merchantId: a!.id } }));
    expect(await withTenant(a!.id, () => db.customer.count())).toBe(own);
    expect(await withTenant(a!.id, () => db.$transaction(async (tx) => tx.customer.count()))).toBe(own);
    const [n] = await withTenant(a!.id, () => db.$transaction([db.customer.count(), db.visit.count()]));
    expect(n).toBe(own);
    const all = await withPlatform("test", () => db.customer.count());
    expect(all).toBeGreaterThan(own);
  });

  it("concurrent unique lookups of two merchants in one tick each find their own row", async () => {
    const [a, b] = merchants;
    const pick = (m: { id: string }) => withPlatform("test", () => db.customer.findFirstOrThrow({ where: { merchantId: m.id }, select: { id: true } }));
    const [ca, cb] = [await pick(a!), await pick(b!)];
    // Prisma batches same-shaped findUnique calls of one tick; each scope must get its own batch.
    const found = await Promise.all([
      withTenant(a!.id, () => db.customer.findUnique({ where: { merchantId_id: { merchantId: a!.id, id: ca.id } }, select: { id: true } })),
      withTenant(b!.id, () => db.customer.findUnique({ where: { merchantId_id: { merchantId: b!.id, id: cb.id } }, select: { id: true } })),
      withTenant(a!.id, () => db.customer.findUnique({ where: { merchantId_id: { merchantId: b!.id, id: cb.id } }, select: { id: true } })),
    ]);
    expect(found).toEqual([{ id: ca.id }, { id: cb.id }, null]);
  });

  it("a publisher sees only its own merchants' rows", async () => {
    const publisherId = merchants.find((m) => m.publisherId)!.publisherId!;
    const mine = merchants.filter((m) => m.publisherId === publisherId).map((m) => m.id).sort();
    expect(mine.length).toBeGreaterThan(1);
    const seen = await withPublisher(publisherId, () => db.customer.groupBy({ by: ["merchantId"], _count: true }));
    expect(seen.map((r) => r.merchantId).sort()).toEqual(mine);
    expect(mine).not.toContain(loner.merchant.id);
    const lonerSeen = await withPublisher(publisherId, () => db.customer.count({ where: { merchantId: loner.merchant.id } }));
    expect(lonerSeen).toBe(0);
  });
});
