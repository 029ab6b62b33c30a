import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";

describe("migrations", () => {
  it("create every table of the data model and record themselves like prisma migrate deploy", async () => {
    const tables = await db.$queryRaw<{ tablename: string }[]>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`;
    const names = tables.map((t) => t.tablename);
    for (const t of ["publishers", "merchants", "users", "memberships", "publisher_memberships", "counter_devices", "customers", "tags", "customer_tags",
      "visits", "visit_tags", "deals", "vouchers", "smart_filters", "groups", "group_members", "promotions", "campaigns", "campaign_recipients",
      "automations", "api_keys", "idempotency_keys", "audit_logs", "subscriptions", "email_messages", "webhook_events", "magic_link_tokens"]) {
      expect(names, t).toContain(t);
    }
    const migrations = await db.$queryRaw<{ finished_at: Date | null; applied_steps_count: number; checksum: string }[]>`
      SELECT finished_at, applied_steps_count, checksum FROM _prisma_migrations`;
    expect(migrations.length).toBeGreaterThan(0);
    for (const m of migrations) {
      expect(m.finished_at).not.toBeNull();
      expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("lead every tenant table's primary key with merchantId", async () => {
    const rows = await db.$queryRaw<{ table: string; first: string }[]>`
      SELECT c.relname AS table, a.attname AS first
        FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = i.indkey[0]
       WHERE i.indisprimary AND c.relnamespace = 'public'::regnamespace
         AND EXISTS (SELECT 1 FROM information_schema.columns col WHERE col.table_name = c.relname AND col.column_name = 'merchantId')`;
    const offenders = rows.filter((r) => r.first !== "merchantId" && r.table !== "audit_logs" && r.table !== "email_messages" && r.table !== "subscriptions");
    expect(offenders).toEqual([]);
  });
});
