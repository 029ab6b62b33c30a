import { describe, expect, it } from "vitest";
import { captureVisit as captureVisitOf } from "@/features/visits/capture";
import { editVisit as editVisitOf, undoVisit as undoVisitOf } from "@/features/visits/counter";
import { createUser } from "@/features/tenancy/admin-commands";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const captureVisit = inTenantOf(captureVisitOf, 1);
const editVisit = inTenantOf(editVisitOf);
const undoVisit = inTenantOf(undoVisitOf);

describe("correcting and undoing captures", () => {
  it("lets staff fix their own capture within 10 minutes, managers any, and keeps aggregates and audit in step", async () => {
    const m = await makeMerchant("Fix");
    const other = await createUser({ email: `other-${m.merchant.slug}@example.com`, merchantSlug: m.merchant.slug, role: "staff" });
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    const v = await db.$transaction((tx) =>
      captureVisit(tx, merchant, { userId: m.staff.id, source: "counter" }, { customer: { firstName: "Fay" }, amountCents: 1000, rating: 1, tags: ["family"] }),
    );
    const as = (user: { id: string }, role: "staff" | "manager" | "owner") => ({ merchant: { id: m.merchant.id }, user, role });

    await expect(editVisit(as(other, "staff"), { visitId: v.id, rating: 3 })).rejects.toThrow("only correct your own");
    await editVisit(as(m.staff, "staff"), { visitId: v.id, amountCents: 2500, rating: 3, tags: ["friends"] });
    let c = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: v.customerId } } });
    expect(c).toMatchObject({ totalSpentCents: 2500n, lastRating: 3 });

    // Eleven minutes later the staff member is out of time; the owner is not.
    await db.visit.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: v.id } }, data: { createdAt: new Date(Date.now() - 11 * 60_000) } });
    await expect(editVisit(as(m.staff, "staff"), { visitId: v.id, rating: 2 })).rejects.toThrow("10 minutes");
    await editVisit(as(m.owner, "owner"), { visitId: v.id, rating: 2 });
    const audit = await db.auditLog.findMany({ where: { merchantId: m.merchant.id, action: "visit.corrected" }, orderBy: { createdAt: "asc" } });
    expect(audit).toHaveLength(2);
    expect(audit[0]!.data).toMatchObject({ before: { amountCents: 1000, rating: 1, tags: ["family"] }, after: { amountCents: 2500, rating: 3 } });

    await undoVisit(as(m.owner, "owner"), v.id);
    c = await db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: v.customerId } } });
    expect(c).toMatchObject({ visitCount: 0, totalSpentCents: 0n, lastRating: null, lastVisitAt: null });
  });

  it("makes a redeemed voucher redeemable again when its visit is undone, and refuses another merchant's visit", async () => {
    const a = await makeMerchant("Undo A");
    const b = await makeMerchant("Undo B");
    const deal = await db.deal.create({ data: { merchantId: a.merchant.id, title: "Deal" } });
    await db.voucher.create({ data: { merchantId: a.merchant.id, dealId: deal.id, code: "UNDO-0001", purchaserName: "Uma Undo" } });
    const v = await db.$transaction((tx) =>
      captureVisit(
        tx,
        { id: a.merchant.id, timeZone: a.merchant.timeZone },
        { userId: a.staff.id, source: "counter" },
        { voucherCode: "UNDO-0001", amountCents: 500 },
      ),
    );
    await expect(undoVisit({ merchant: { id: b.merchant.id }, user: b.owner, role: "owner" }, v.id)).rejects.toThrow("not found");
    await undoVisit({ merchant: { id: a.merchant.id }, user: a.staff, role: "staff" }, v.id);
    expect(await db.voucher.findFirstOrThrow({ where: { code: "UNDO-0001" } })).toMatchObject({ status: "active", redeemedAt: null, visitId: null });
  });
});
