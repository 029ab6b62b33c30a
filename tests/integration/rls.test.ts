import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { seedDemo } from "../../prisma/seed";
import { db } from "@/lib/db";
import { WIDE_ROLE } from "@/lib/db-role";
import { withoutTenant, withPlatform, withPublisher, withTenant } from "@/lib/tenant";
import { makeMerchant } from "./helpers";

// Row-level security (issue 12): as the app's role, a query that forgets its merchant filter —
// deleted here on purpose — sees and changes only the rows of the scope it runs in, and outside
// any scope nothing at all. Covers every table with a merchantId column, read from the live schema.
// The merchant's policy is one equality for every role; the platform and publisher scopes run as
// the role regulars_wide, the only one their policy applies to, which the app's role may SET but
// does not inherit — so a merchant's plan carries no per-row policy filter.

let tables: string[] = [];
let merchants: { id: string; slug: string; publisherId: string | null }[] = [];
let loner: Awaited<ReturnType<typeof makeMerchant>>;

const q = <T>(sql: string) => db.$queryRawUnsafe<T[]>(sql);
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
      await owner.query(`INSERT INTO counter_devices ("merchantId", name, "tokenHash", "pairedById") VALUES ($1, 'Till', md5(random()::text), $2)`, [
        m.id,
        userId,
      ]);
      await owner.query(`INSERT INTO api_keys ("merchantId", name, prefix, "hashedKey") VALUES ($1, 'k', 'rk_live_x', md5(random()::text))`, [m.id]);
      await owner.query(
        `INSERT INTO idempotency_keys ("merchantId", key, scope, "requestHash", "responseStatus", "responseBody") VALUES ($1, 'k', 's', 'h', 200, '{}')`,
        [m.id],
      );
      await owner.query(`INSERT INTO audit_logs ("merchantId", action, "entityType") VALUES ($1, 'test', 'Test')`, [m.id]);
      await owner.query(
        `INSERT INTO email_messages ("merchantId", "to", "from", subject, html, text, transport) VALUES ($1, 'a@example.com', 'b@example.com', 's', 'h', 't', 'mailbox')`,
        [m.id],
      );
      await owner.query(`INSERT INTO import_jobs ("merchantId", kind, "fileName") VALUES ($1, 'customers', 'x.csv')`, [m.id]);
      await owner.query(
        `INSERT INTO customers ("merchantId", "firstName", email, "updatedAt") VALUES ($1, 'Rls', 'rls-' || md5(random()::text) || '@example.com', now())`,
        [m.id],
      );
      await owner
        .query(
          `INSERT INTO customer_tags ("merchantId", "customerId", "tagId")
         SELECT c."merchantId", c.id, t.id FROM customers c JOIN tags t ON t."merchantId" = c."merchantId"
          WHERE c."merchantId" = $1 LIMIT 1 ON CONFLICT DO NOTHING`,
          [m.id],
        )
        .catch(() => {}); // the loner has no tags
      await owner.query(
        `WITH e AS (INSERT INTO webhook_endpoints ("merchantId", url, events, secret, "updatedAt") VALUES ($1, 'https://hooks.example.com/x', '{visit.created}', 'whsec_x', now()) RETURNING id),
              ev AS (INSERT INTO outbound_events ("merchantId", type, payload) VALUES ($1, 'visit.created', '{}') RETURNING id)
         INSERT INTO webhook_deliveries ("merchantId", "endpointId", "eventId") SELECT $1, e.id, ev.id FROM e, ev`,
        [m.id],
      );
      await owner.query(
        `INSERT INTO customer_notes ("merchantId", "customerId", body) SELECT "merchantId", id, 'note' FROM customers WHERE "merchantId" = $1 LIMIT 1`,
        [m.id],
      );
      await owner.query(
        `INSERT INTO invitations ("merchantId", email, role, "tokenHash", "expiresAt") VALUES ($1, 'invitee@example.com', 'staff', md5(random()::text), now() + interval '7 days')`,
        [m.id],
      );
      await owner.query(`INSERT INTO usage_reports ("merchantId", identifier, quantity) VALUES ($1, $2, 100)`, [m.id, `emails:${m.id}:rls`]);
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
      await owner.query(
        `WITH c AS (SELECT id FROM customers WHERE "merchantId" = $1 LIMIT 1),
              p AS (INSERT INTO referral_programs ("merchantId", enabled) VALUES ($1, false) RETURNING "merchantId"),
              l AS (INSERT INTO referral_links ("merchantId", "customerId", code) SELECT $1, c.id, 'RLS' || upper(md5(random()::text)) FROM c RETURNING id),
              r AS (INSERT INTO referrals ("merchantId", "referrerId", "friendId", "friendVoucherId") SELECT $1, c.id, c.id, gen_random_uuid() FROM c RETURNING id)
         INSERT INTO feedback ("merchantId", "customerId", "visitId") SELECT $1, c.id, gen_random_uuid() FROM c`,
        [m.id],
      );
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
        const seen = await withTenant(a.id, () =>
          q<{ n: bigint; foreign: bigint }>(`SELECT count(*) AS n, count(*) FILTER (WHERE "merchantId" IS DISTINCT FROM '${a.id}') AS "foreign" FROM "${t}"`),
        );
        if (Number(seen[0]!.foreign) !== 0 || Number(seen[0]!.n) !== own)
          leaks.push(`${t} as ${a.slug}: saw ${seen[0]!.n} (own ${own}, foreign ${seen[0]!.foreign})`);
      }
    }
    expect(leaks).toEqual([]);
    expect(tables.filter((t) => !tested.has(t))).toEqual([]); // every table had another merchant's rows to leak
  });

  it("an UPDATE or DELETE without the merchant filter changes no other merchant's row, in every tenant table", async () => {
    for (const a of merchants) {
      for (const t of tables) {
        const before = await withPlatform("test", () => countOf(`SELECT count(*) AS n FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        const updated = await withTenant(a.id, () =>
          db.$executeRawUnsafe(`UPDATE "${t}" SET "merchantId" = "merchantId" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`),
        );
        const deleted = await withTenant(a.id, () => db.$executeRawUnsafe(`DELETE FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        const after = await withPlatform("test", () => countOf(`SELECT count(*) AS n FROM "${t}" WHERE "merchantId" IS DISTINCT FROM '${a.id}'`));
        expect({ t, updated, deleted, after }).toEqual({ t, updated: 0, deleted: 0, after: before });
      }
    }
  });

  it("refuses to write a row into another merchant", async () => {
    const [a, b] = merchants;
    await expect(withTenant(a!.id, () => db.customer.create({ data: { merchantId: b!.id, firstName: "Intruder" } }))).rejects.toThrow(/row-level security/);
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
    const mine = merchants
      .filter((m) => m.publisherId === publisherId)
      .map((m) => m.id)
      .sort();
    expect(mine.length).toBeGreaterThan(1);
    const seen = await withPublisher(publisherId, () => db.customer.groupBy({ by: ["merchantId"], _count: true }));
    expect(seen.map((r) => r.merchantId).sort()).toEqual(mine);
    expect(mine).not.toContain(loner.merchant.id);
    const lonerSeen = await withPublisher(publisherId, () => db.customer.count({ where: { merchantId: loner.merchant.id } }));
    expect(lonerSeen).toBe(0);
  });
});

/** A connection of the app's own login role, outside the pool (no scope, no role set). */
async function appClient<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

const loginRole = () => decodeURIComponent(new URL(process.env.DATABASE_URL!).username);

describe("the wide role of the platform and publisher scopes", () => {
  it("is one the app's role may SET but does not inherit", async () => {
    const [facts] = await appClient((c) =>
      c
        .query(
          `SELECT session_user AS login, pg_has_role(session_user, $1, 'MEMBER') AS member, pg_has_role(session_user, $1, 'SET') AS "set",
                      pg_has_role(session_user, $1, 'USAGE') AS inherits, r.rolcanlogin AS "wideLogs", r.rolbypassrls AS "wideBypasses", r.rolsuper AS "wideSuper"
                 FROM pg_roles r WHERE r.rolname = $1`,
          [WIDE_ROLE],
        )
        .then((r) => r.rows),
    );
    expect(facts).toEqual({ login: loginRole(), member: true, set: true, inherits: false, wideLogs: false, wideBypasses: false, wideSuper: false });
  });

  it("is the role of a platform or publisher scope's connection, and the login role is back for a merchant and for no scope", async () => {
    const publisherId = merchants.find((m) => m.publisherId)!.publisherId!;
    const [a] = merchants;
    const who = () => q<{ u: string }>(`SELECT current_user AS u`).then((r) => r[0]!.u);
    const seen: [string, string][] = [];
    for (let round = 0; round < 2; round++) {
      seen.push(["platform", await withPlatform("test", who)]);
      seen.push(["merchant", await withTenant(a!.id, who)]);
      seen.push(["publisher", await withPublisher(publisherId, who)]);
      seen.push(["none", await withoutTenant(who)]);
      seen.push(["platform", await withPlatform("test", who)]);
      seen.push(["none", await who()]);
    }
    const expected = seen.map(([scope]) => [scope, scope === "platform" || scope === "publisher" ? WIDE_ROLE : loginRole()]);
    expect(seen).toEqual(expected);
  });

  it("sees nothing without a scope, and the app's role sees nothing more by setting the platform scope without it", async () => {
    await appClient(async (c) => {
      for (const t of tables) {
        await c.query(`SET ROLE ${WIDE_ROLE}`);
        expect({ t, wide: Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n) }).toEqual({ t, wide: 0 });
        await c.query(`RESET ROLE; SET app.scope = 'platform'`);
        expect({ t, platformSetting: Number((await c.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n) }).toEqual({ t, platformSetting: 0 });
        await c.query(`RESET app.scope`);
      }
    });
  });

  it("gives every tenant table exactly the two policies: the merchant's equality for everyone, the wide scopes for the wide role only", async () => {
    const rows = await withPlatform("test", () =>
      q<{ t: string; name: string; roles: string; expr: string; chk: string }>(
        `SELECT c.relname AS t, p.polname AS name,
                array_to_string(ARRAY(SELECT CASE r WHEN 0 THEN 'public' ELSE r::regrole::text END FROM unnest(p.polroles) r), ',') AS roles,
                pg_get_expr(p.polqual, p.polrelid) AS expr, pg_get_expr(p.polwithcheck, p.polrelid) AS chk
           FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
          WHERE c.relnamespace = 'public'::regnamespace ORDER BY 1, 2`,
      ),
    );
    const wrong: string[] = [];
    for (const t of tables) {
      const mine = rows.filter((r) => r.t === t);
      const tenant = mine.find((r) => r.name === "tenant");
      const wide = mine.find((r) => r.name === "tenant_wide");
      // A table given the old single OR-ed policy (a copy of migration webhooks' DO block) fails here:
      // its migration should call SELECT app_tenant_policies('table') instead (docs/operations.md).
      const single = (e: string | undefined) =>
        !!e && /^\("merchantId" = \( SELECT \(NULLIF\(current_setting\('app\.merchant_id'::text, true\), ''::text\)\)::uuid AS "nullif"\)\)$/.test(e);
      if (mine.length !== 2 || !tenant || !wide) wrong.push(`${t}: policies ${mine.map((r) => r.name).join(", ")}`);
      else if (tenant.roles !== "public" || !single(tenant.expr) || tenant.chk !== tenant.expr)
        wrong.push(`${t}: tenant is ${tenant.expr} for ${tenant.roles}`);
      else if (wide.roles !== WIDE_ROLE || !/app\.scope/.test(wide.expr) || !/app_scope_publisher_merchant_ids/.test(wide.expr))
        wrong.push(`${t}: tenant_wide is ${wide.expr} for ${wide.roles}`);
    }
    expect(wrong).toEqual([]);
  });

  it("leaves no per-row policy filter in a merchant's plan: one One-Time Filter per statement, as without row-level security", async () => {
    const [a] = merchants;
    const statements = [
      `SELECT count(*) FROM customers WHERE "merchantId" = '${a!.id}'`,
      `SELECT count(*) FROM customers WHERE "merchantId" = '${a!.id}' AND "visitCount" >= 2 AND "lastVisitAt" < now() - interval '30 days'`,
      `SELECT count(DISTINCT "customerId") FROM visits WHERE "merchantId" = '${a!.id}' AND "localDayOfWeek" IN (1, 2) AND "localHour" BETWEEN 14 AND 16`,
      `SELECT id FROM customers WHERE "merchantId" = '${a!.id}' ORDER BY "lastVisitAt" DESC NULLS LAST, id LIMIT 50`,
    ];
    const planOf = async (scope: <T>(fn: () => T) => T, sql: string) =>
      (await scope(() => q<{ "QUERY PLAN": string }>(`EXPLAIN (COSTS OFF) ${sql}`))).map((r) => r["QUERY PLAN"]);
    const perRowPolicy = (plan: string[]) =>
      plan.filter((l) => /^(->\s*)?(Filter|Index Cond|Recheck Cond|Join Filter):/.test(l.trim()) && /app\.|InitPlan|current_setting|app_scope/.test(l));
    for (const sql of statements) {
      const plan = await planOf((fn) => withTenant(a!.id, fn), sql);
      expect({ sql, perRow: perRowPolicy(plan) }).toEqual({ sql, perRow: [] });
      expect(
        plan.some((l) => /One-Time Filter: \(\(?InitPlan \d\)/.test(l)),
        `${sql}\n${plan.join("\n")}`,
      ).toBe(true);
      // The check can fail: the wide role's plan, where the wide policy is OR-ed in, has that filter.
      const wide = await planOf((fn) => withPublisher(a!.publisherId ?? merchants.find((m) => m.publisherId)!.publisherId!, fn), sql);
      expect(perRowPolicy(wide).length, `${sql}\n${wide.join("\n")}`).toBeGreaterThan(0);
    }
  });

  it("api_key_by_hash() finds any merchant's key and leaves the caller's role and scope as they were", async () => {
    const [a, b] = merchants;
    const key = await withPlatform("test", () => db.apiKey.findFirstOrThrow({ where: { merchantId: b!.id }, select: { hashedKey: true } }));
    const [found, after] = await withTenant(a!.id, () =>
      db.$transaction([
        db.$queryRaw<{ merchantId: string }[]>`SELECT "merchantId" FROM api_key_by_hash(${key.hashedKey})`,
        db.$queryRaw<
          { u: string; scope: string; merchant: string }[]
        >`SELECT current_user AS u, current_setting('app.scope', true) AS scope, current_setting('app.merchant_id', true) AS merchant`,
      ]),
    );
    expect(found).toEqual([{ merchantId: b!.id }]);
    expect(after).toEqual([{ u: loginRole(), scope: "", merchant: a!.id }]);
    expect(await withTenant(a!.id, () => q<{ u: string }>(`SELECT current_user AS u`))).toEqual([{ u: loginRole() }]);
  });
});
