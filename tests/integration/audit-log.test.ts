import { describe, expect, it, vi } from "vitest";

// Issue 15, step 6: the owner's audit log — only this merchant's entries, filtered by kind, person
// and the merchant's days, paged newest first without gaps or repeats; owners only.
const session = vi.hoisted(() => ({ user: null as null | Record<string, unknown> }));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/navigation", async (importOriginal) => ({
  ...(await importOriginal<object>()),
  notFound: () => {
    throw new Error("NEXT_NOT_FOUND");
  },
  redirect: (to: string) => {
    throw new Error(`NEXT_REDIRECT ${to}`);
  },
  forbidden: () => {
    throw new Error("NEXT_FORBIDDEN");
  },
}));

import { recordAudit } from "@/lib/audit";
import { listAuditLog as listAuditLogOf } from "@/features/tenancy/audit-log";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { createUser } from "@/features/tenancy/admin-commands";
import { withTenant } from "@/lib/tenant";
import { db, inTenantOf, makeMerchant } from "./helpers";

// As the owner's page calls it: in the merchant's scope.
const listAuditLog = inTenantOf(listAuditLogOf);

describe("the audit log", () => {
  it("lists only this merchant's entries, filters by kind, person and local day, and pages without gaps", async () => {
    const m = await makeMerchant("Audit Shop", "America/Los_Angeles");
    const other = await makeMerchant("Audit Other");
    await withTenant(other.merchant.id, () =>
      recordAudit({ merchantId: other.merchant.id, actorUserId: other.owner.id, action: "campaign.scheduled", entityType: "Campaign" }),
    );
    const at = (iso: string) => new Date(iso);
    const entries = [
      { action: "campaign.scheduled", actor: m.owner.id, at: "2026-11-01T18:00:00Z" },
      { action: "import.customers", actor: m.owner.id, at: "2026-11-02T07:30:00Z" }, // Nov 1, 23:30 in Los Angeles
      { action: "visit.redeemed", actor: m.staff.id, at: "2026-11-02T17:00:00Z" },
      { action: "customers.exported", actor: m.owner.id, at: "2026-11-03T17:00:00Z" },
      { action: "membership.role_changed", actor: m.owner.id, at: "2026-11-04T17:00:00Z" },
    ];
    await db.auditLog.deleteMany({ where: { merchantId: m.merchant.id } });
    for (const e of entries)
      await db.auditLog.create({ data: { merchantId: m.merchant.id, actorUserId: e.actor, action: e.action, entityType: "X", createdAt: at(e.at) } });
    const merchant = { id: m.merchant.id, timeZone: "America/Los_Angeles" };

    const all = await listAuditLog(merchant, {});
    expect(all.rows.map((r) => r.action)).toEqual(entries.map((e) => e.action).reverse());
    expect(all.rows.every((r) => r.actor === "Owner" || r.actor === "Staff")).toBe(true);
    expect((await listAuditLog(merchant, { kind: "campaigns" })).rows.map((r) => r.action)).toEqual(["campaign.scheduled"]);
    expect((await listAuditLog(merchant, { kind: "exports" })).rows.map((r) => r.action)).toEqual(["customers.exported"]);
    expect((await listAuditLog(merchant, { actor: m.staff.id })).rows.map((r) => r.action)).toEqual(["visit.redeemed"]);
    // Days are the merchant's: Nov 1 in Los Angeles includes 07:30 UTC on Nov 2.
    expect((await listAuditLog(merchant, { from: "2026-11-01", to: "2026-11-01" })).rows.map((r) => r.action)).toEqual([
      "import.customers",
      "campaign.scheduled",
    ]);

    // Pages of two: every entry once, in order.
    const seen: string[] = [];
    let before: string | undefined;
    do {
      const page = await listAuditLog(merchant, { before }, 2);
      seen.push(...page.rows.map((r) => r.action));
      before = page.next ?? undefined;
    } while (before);
    expect(seen).toEqual(entries.map((e) => e.action).reverse());
  });

  it("is an owner's page: a manager, another merchant's owner and a counter session get 404 or the counter's 403", async () => {
    const m = await makeMerchant("Audit Access");
    const other = await makeMerchant("Audit Stranger");
    const manager = await createUser({ email: `mgr-${m.merchant.slug}@example.com`, merchantSlug: m.merchant.slug, role: "manager" });
    const as = (u: { id: string; email: string }, counter = false) => {
      session.user = { id: u.id, email: u.email, name: "", isPlatformAdmin: false, counterMerchantId: counter ? m.merchant.id : null };
    };
    as(m.owner);
    await expect(requireMerchantPage(m.merchant.slug, "audit.view")).resolves.toMatchObject({ role: "owner" });
    as(manager);
    await expect(requireMerchantPage(m.merchant.slug, "audit.view")).rejects.toThrow("NEXT_NOT_FOUND");
    as(other.owner);
    await expect(requireMerchantPage(m.merchant.slug, "audit.view")).rejects.toThrow("NEXT_NOT_FOUND");
    as(m.owner, true);
    await expect(requireMerchantPage(m.merchant.slug, "audit.view")).rejects.toThrow("NEXT_FORBIDDEN");
  });
});
