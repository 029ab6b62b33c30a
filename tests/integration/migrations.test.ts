import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffSchemas, listMigrationDirectories, migrationsDir, schemaPath } from "../../scripts/lib/schema-engine";
import { createTestDatabase } from "./setup/database";

// The migrations, applied to a fresh database, produce the data model of prisma/schema.prisma:
// no drift between the schema the app is generated from and the database it runs on.

/** Tables and their columns according to prisma/schema.prisma (models, @@map, @map; relation fields skipped). */
function schemaTables(source: string): Map<string, string[]> {
  const blocks = [...source.matchAll(/^model\s+(\w+)\s*\{([\s\S]*?)^\}/gm)];
  const models = new Set(blocks.map((b) => b[1]));
  const tables = new Map<string, string[]>();
  for (const [, model, body] of blocks) {
    const table = /@@map\("([^"]+)"\)/.exec(body)?.[1] ?? model;
    const columns: string[] = [];
    for (const raw of body.split("\n")) {
      const line = raw.replace(/\/\/.*$/, "").trim();
      const field = /^(\w+)\s+(\w+)(\(.*?\))?(\[\]|\?)?/.exec(line);
      if (!field || models.has(field[2])) continue;
      columns.push(/@map\("([^"]+)"\)/.exec(line)?.[1] ?? field[1]);
    }
    tables.set(table, columns);
  }
  return tables;
}

let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
let client: pg.Client;

beforeAll(async () => {
  const t0 = performance.now();
  testDb = await createTestDatabase();
  console.log(`[migrations.test] cloned a migrated database from the template in ${Math.round(performance.now() - t0)} ms`);
  client = new pg.Client({ connectionString: testDb.url });
  await client.connect();
  // The owner is bound by row-level security too (FORCE): checks of the schema act as the operator does.
  await client.query("SET app.scope = 'platform'");
});

afterAll(async () => {
  await client?.end();
  await testDb?.drop();
});

describe("migrations", () => {
  it("create every table and column of the data model", async () => {
    const expected = schemaTables(readFileSync(schemaPath, "utf8"));
    expect(expected.size).toBeGreaterThan(20);
    const { rows } = await client.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'",
    );
    const actual = new Map<string, Set<string>>();
    for (const r of rows) actual.set(r.table_name, (actual.get(r.table_name) ?? new Set()).add(r.column_name));
    for (const [table, columns] of expected) {
      expect(actual.has(table), `table ${table}`).toBe(true);
      const missing = columns.filter((c) => !actual.get(table)?.has(c));
      expect(missing, `columns of ${table} missing from the database`).toEqual([]);
    }
  });

  it("are all recorded as finished in _prisma_migrations, as prisma migrate deploy records them", async () => {
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
      applied_steps_count: number;
    }>("SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name");
    const folders = listMigrationDirectories();
    expect(rows.map((r) => r.migration_name)).toEqual(folders);
    for (const r of rows) {
      const sql = readFileSync(path.join(migrationsDir, r.migration_name, "migration.sql"));
      expect(r.checksum, r.migration_name).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(r.finished_at, r.migration_name).not.toBeNull();
      expect(r.rolled_back_at, r.migration_name).toBeNull();
      expect(r.applied_steps_count, r.migration_name).toBe(1);
    }
  });

  it("lead every tenant table's primary key with merchantId", async () => {
    const { rows } = await client.query<{ table: string; first: string }>(`
      SELECT c.relname AS table, a.attname AS first
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
       WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace
         AND EXISTS (SELECT 1 FROM information_schema.columns col WHERE col.table_name = c.relname AND col.column_name = 'merchantId')`);
    const offenders = rows.filter((r) => r.first !== "merchantId" && !["audit_logs", "email_messages", "subscriptions"].includes(r.table));
    expect(offenders).toEqual([]);
  });

  it("keep customers.merchantId a foreign key to merchants, checked once per statement", async () => {
    const code = (sql: string, params: unknown[] = []) =>
      client.query(sql, params).then(
        () => "ok",
        (e: { code?: string }) => e.code,
      );
    const {
      rows: [m],
    } = await client.query<{ id: string }>(
      `INSERT INTO merchants (slug, name, "updatedAt") VALUES ('fk-' || gen_random_uuid(), 'FK test', now()) RETURNING id`,
    );
    const {
      rows: [other],
    } = await client.query<{ id: string }>(
      `INSERT INTO merchants (slug, name, "updatedAt") VALUES ('fk-' || gen_random_uuid(), 'FK other', now()) RETURNING id`,
    );
    const insert = `INSERT INTO customers ("merchantId", "firstName", "updatedAt") SELECT unnest($1::uuid[]), 'Ada', now()`;
    expect(await code(insert, [[m!.id, m!.id]])).toBe("ok");
    // One row naming no merchant fails the whole statement, as the row-level key did.
    expect(await code(insert, [[m!.id, "00000000-0000-4000-8000-000000000000"]])).toBe("23503");
    expect(await code(`UPDATE customers SET "merchantId" = $2 WHERE "merchantId" = $1`, [m!.id, other!.id])).toBe("23503");
    expect(await code(`UPDATE customers SET "firstName" = 'Grace' WHERE "merchantId" = $1`, [m!.id])).toBe("ok");
    const count = async () => (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM customers WHERE "merchantId" = $1`, [m!.id])).rows[0]!.n;
    expect(await count()).toBe(2);
    // Deleting a merchant still deletes its customers (ON DELETE CASCADE).
    await client.query(`DELETE FROM merchants WHERE id = $1`, [m!.id]);
    expect(await count()).toBe(0);
    await client.query(`DELETE FROM merchants WHERE id = $1`, [other!.id]);
  });

  it("cover every change to prisma/schema.prisma (the snapshot of the last migration matches it)", async () => {
    const snapshot = path.join(migrationsDir, "schema.snapshot.prisma");
    expect(existsSync(snapshot)).toBe(true);
    const pending = await diffSchemas(readFileSync(snapshot, "utf8"), readFileSync(schemaPath, "utf8"));
    expect(pending, "prisma/schema.prisma changed since the last migration: run npm run db:migrate:new -- <name>").toBe("");
  });
});
