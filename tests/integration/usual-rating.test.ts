import { describe, expect, it } from "vitest";
import { captureVisit as captureVisitOf } from "@/features/visits/capture";
import { editVisit as editVisitOf, undoVisit as undoVisitOf } from "@/features/visits/counter";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { countCustomers as countCustomersOf } from "@/features/filters/queries";
import { makeMerchant, db, inTenantOf } from "./helpers";

// Feature functions called directly run in their merchant's scope (row-level security).
const captureVisit = inTenantOf(captureVisitOf, 1);
const editVisit = inTenantOf(editVisitOf);
const undoVisit = inTenantOf(undoVisitOf);
const countCustomers = inTenantOf(countCustomersOf);

// "A customer's rating is their latest visit's: one 1-star visit turned a 12-visit 3-star regular
// into a 1-star customer" (issue 14). The usual rating is the mean of the 5 most recent ratings,
// rounded half up; `rating` keeps its FILTERS.md meaning (the latest).
describe("the usual rating", () => {
  it("keeps a 12-visit 3-star regular at 3 stars after one 1-star night, while the latest rating says 1", async () => {
    const m = await makeMerchant("Usual");
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    const day = 86_400_000;
    const t0 = Date.now() - 40 * day;
    const first = await db.$transaction((tx) =>
      captureVisit(tx, merchant, { source: "api" }, { customer: { firstName: "Regina" }, occurredAt: new Date(t0), amountCents: 3000, rating: 3 }),
    );
    const cid = first.customerId;
    for (let i = 1; i < 12; i++)
      await db.$transaction((tx) =>
        captureVisit(tx, merchant, { source: "api" }, { customerId: cid, occurredAt: new Date(t0 + i * day), amountCents: 3000, rating: 3 }),
      );
    const bad = await db.$transaction((tx) =>
      captureVisit(tx, merchant, { source: "api" }, { customerId: cid, occurredAt: new Date(t0 + 20 * day), amountCents: 3000, rating: 1 }),
    );
    const read = () =>
      db.customer.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: cid } }, select: { lastRating: true, usualRating: true } });
    expect(await read()).toEqual({ lastRating: 1, usualRating: 3 }); // (1+3+3+3+3)/5 = 2.6 → 3

    expect(await countCustomers(merchant, { field: "usualRating", op: "eq", value: 3 })).toBe(1);
    expect(await countCustomers(merchant, { field: "rating", op: "eq", value: 3 })).toBe(0);

    // An unrated visit changes neither; a second bad night moves the usual rating to 2 ((1+1+3+3+3)/5 = 2.2).
    await db.$transaction((tx) => captureVisit(tx, merchant, { source: "api" }, { customerId: cid, occurredAt: new Date(t0 + 21 * day), amountCents: 3000 }));
    expect(await read()).toEqual({ lastRating: 1, usualRating: 3 });
    await db.$transaction((tx) =>
      captureVisit(tx, merchant, { source: "api" }, { customerId: cid, occurredAt: new Date(t0 + 22 * day), amountCents: 3000, rating: 1 }),
    );
    expect(await read()).toEqual({ lastRating: 1, usualRating: 2 });

    // A visit recorded late (backdated before the five latest) does not enter the five.
    await db.$transaction((tx) =>
      captureVisit(tx, merchant, { source: "api" }, { customerId: cid, occurredAt: new Date(t0 - day), amountCents: 3000, rating: 1 }),
    );
    expect(await read()).toEqual({ lastRating: 1, usualRating: 2 });

    // Corrections and undo recount it (aggregates.ts), and the recount agrees with the capture fold.
    const owner = { merchant: { id: m.merchant.id }, user: m.owner, role: "owner" as const };
    await editVisit(owner, { visitId: bad.id, rating: 3 });
    expect(await read()).toEqual({ lastRating: 1, usualRating: 3 }); // (1+3+3+3+3)/5
    const before = await read();
    await recomputeCustomerAggregates(db, m.merchant.id, [cid]);
    expect(await read()).toEqual(before);
    await undoVisit(owner, bad.id);
    expect(await read()).toEqual({ lastRating: 1, usualRating: 3 });
  }, 60_000);

  it("is null for a customer never rated, and half rounds up", async () => {
    const m = await makeMerchant("Usual half");
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    const a = await db.$transaction((tx) => captureVisit(tx, merchant, { source: "api" }, { customer: { firstName: "Nora" }, amountCents: 100 }));
    const b = await db.$transaction((tx) =>
      captureVisit(tx, merchant, { source: "api" }, { customer: { firstName: "Hal" }, occurredAt: new Date(Date.now() - 60_000), amountCents: 100, rating: 2 }),
    );
    await db.$transaction((tx) => captureVisit(tx, merchant, { source: "api" }, { customerId: b.customerId, amountCents: 100, rating: 3 }));
    const rows = await db.customer.findMany({ where: { merchantId: m.merchant.id }, select: { id: true, usualRating: true } });
    expect(rows.find((r) => r.id === a.customerId)?.usualRating).toBeNull();
    expect(rows.find((r) => r.id === b.customerId)?.usualRating).toBe(3); // 2.5 → 3
    expect(await countCustomers(merchant, { not: { field: "usualRating", op: "in", value: [3] } })).toBe(1);
  });
});
