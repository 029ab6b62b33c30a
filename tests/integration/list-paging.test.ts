import { describe, expect, it } from "vitest";
import { listCustomers as listCustomersOf, type TSort } from "@/features/filters/queries";
import { makeMerchant, db, inTenantOf } from "./helpers";

// Feature functions called directly run in their merchant's scope (row-level security).
const listCustomers = inTenantOf(listCustomersOf);

// Page 2 of the Best Customer List has a way back (issue 14): listCustomers reads the page before a
// row (prevCursor → before) on the same keyset, so walking back retraces every page exactly.
describe("paging the Best Customer List both ways", () => {
  it("walks forward then back through every sort, nulls and ties included, page by page", async () => {
    const m = await makeMerchant("Paging");
    const base = Date.UTC(2026, 10, 1);
    await db.customer.createMany({
      data: Array.from({ length: 23 }, (_, i) => ({
        merchantId: m.merchant.id,
        firstName: `P${i}`,
        visitCount: i % 4, // ties
        totalSpentCents: BigInt((i % 5) * 1000),
        lastVisitAt: i % 3 === 0 ? null : new Date(base + (i % 6) * 3600_000), // nulls and ties
      })),
    });
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    for (const sort of ["lastVisit", "totalSpent", "visits", "created"] as TSort[]) {
      const forward: { ids: string[]; next: string | null; prev: string | null }[] = [];
      let cursor: string | null = null;
      do {
        const page: Awaited<ReturnType<typeof listCustomers>> = await listCustomers(merchant, { and: [] }, { limit: 5, sort, cursor });
        forward.push({ ids: page.data.map((r) => r.id), next: page.nextCursor, prev: page.prevCursor });
        cursor = page.nextCursor;
      } while (cursor);
      expect(
        forward.map((p) => p.ids.length),
        sort,
      ).toEqual([5, 5, 5, 5, 3]);
      expect(new Set(forward.flatMap((p) => p.ids)).size).toBe(23);
      expect(forward[0]!.prev).toBeNull();
      // Back from the last page to the first, by prevCursor.
      let before = forward.at(-1)!.prev;
      for (let k = forward.length - 2; k >= 0; k--) {
        const page = await listCustomers(merchant, { and: [] }, { limit: 5, sort, before });
        expect(
          page.data.map((r) => r.id),
          `${sort} page ${k + 1}`,
        ).toEqual(forward[k]!.ids);
        expect(page.prevCursor === null, `${sort} page ${k + 1} has a way back unless first`).toBe(k === 0);
        // …and forward again from there lands on the next page.
        expect((await listCustomers(merchant, { and: [] }, { limit: 5, sort, cursor: page.nextCursor })).data.map((r) => r.id)).toEqual(forward[k + 1]!.ids);
        before = page.prevCursor;
      }
    }
  }, 60_000);
});
