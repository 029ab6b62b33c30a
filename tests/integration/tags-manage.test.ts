import { beforeEach, describe, expect, it, vi } from "vitest";

const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { countCustomers as countCustomersOf } from "@/features/filters/queries";
import { mergeTagsAction, renameTagAction, retireTagAction } from "@/features/tags/actions";
import { listTagsWithUse as listTagsWithUseOf } from "@/features/tags/manage";
import { captureVisit as captureVisitOf } from "@/features/visits/capture";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { listTags as listTagsOf } from "@/features/customers/tags";
import { makeMerchant, db, inTenantOf } from "./helpers";

// Feature functions called directly run in their merchant's scope (row-level security).
const countCustomers = inTenantOf(countCustomersOf);
const listTagsWithUse = inTenantOf(listTagsWithUseOf);
const captureVisit = inTenantOf(captureVisitOf, 1);
const listTags = inTenantOf(listTagsOf);

const as = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Someone", isPlatformAdmin: false, counterMerchantId };
};
beforeEach(() => {
  session.user = null;
});

describe("managing tags: rename, merge, retire", () => {
  it("merges “fam” into “family” everywhere (visits, customers, filters), renames, retires from the counter, and stays inside its merchant", async () => {
    const a = await makeMerchant("Tags A");
    const b = await makeMerchant("Tags B");
    const merchant = { id: a.merchant.id, timeZone: a.merchant.timeZone };
    const v1 = await db.$transaction((tx) =>
      captureVisit(tx, merchant, { source: "api" }, { customer: { firstName: "Fay" }, amountCents: 100, tags: ["fam", "brunch"] }),
    );
    await db.$transaction((tx) => captureVisit(tx, merchant, { source: "api" }, { customerId: v1.customerId, amountCents: 100, tags: ["family"] }));
    await db.$transaction((tx) => captureVisit(tx, merchant, { source: "api" }, { customer: { firstName: "Gus" }, amountCents: 100, tags: ["family"] }));
    await db.$transaction((tx) => captureVisit(tx, merchant, { source: "api" }, { customer: { firstName: "Hob" }, amountCents: 100, tags: ["FAM"] }));
    const group = await db.group.create({
      data: { merchantId: a.merchant.id, name: "Fams", kind: "dynamic", filter: { field: "tags", op: "hasAny", value: ["fam"] } },
    });
    const tags = Object.fromEntries((await listTagsWithUse(a.merchant.id)).map((t) => [t.name, t]));
    expect(tags.fam).toMatchObject({ visits: 2, customers: 2 });

    // Another merchant, staff and a counter session cannot touch them.
    as(b.owner);
    expect(await mergeTagsAction(b.merchant.slug, { tagId: tags.fam!.id, intoTagId: tags.family!.id })).toMatchObject({
      ok: false,
      error: "That tag was not found.",
    });
    expect(await renameTagAction(b.merchant.slug, { tagId: tags.fam!.id, name: "x" })).toMatchObject({ ok: false, error: "That tag was not found." });
    as(a.staff);
    expect(await retireTagAction(a.merchant.slug, { tagId: tags.fam!.id, retired: true })).toMatchObject({ ok: false });
    as(a.owner, a.merchant.id);
    expect(await retireTagAction(a.merchant.slug, { tagId: tags.fam!.id, retired: true })).toMatchObject({ ok: false });

    as(a.owner);
    expect(await renameTagAction(a.merchant.slug, { tagId: tags.fam!.id, name: "Family" })).toMatchObject({
      ok: false,
      fieldErrors: { name: "Already a tag: merge instead." },
    });
    const merged = await mergeTagsAction(a.merchant.slug, { tagId: tags.fam!.id, intoTagId: tags.family!.id });
    expect(merged).toMatchObject({ ok: true, data: { name: "family", customers: 2 } });
    const after = Object.fromEntries((await listTagsWithUse(a.merchant.id)).map((t) => [t.name, t]));
    expect(after.fam).toBeUndefined();
    expect(after.family).toMatchObject({ visits: 4, customers: 3 });
    // The aggregate the filters read agrees with a full recount, and the group now names "family".
    const before = await db.customer.findMany({ where: { merchantId: a.merchant.id }, select: { id: true, tagIds: true }, orderBy: { id: "asc" } });
    await recomputeCustomerAggregates(db, a.merchant.id);
    const recount = await db.customer.findMany({ where: { merchantId: a.merchant.id }, select: { id: true, tagIds: true }, orderBy: { id: "asc" } });
    expect(before.map((c) => [c.id, [...c.tagIds].sort()])).toEqual(recount.map((c) => [c.id, [...c.tagIds].sort()]));
    const g = await db.group.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id: group.id } } });
    expect(g.filter).toEqual({ field: "tags", op: "hasAny", value: ["family"] });
    expect(await countCustomers(merchant, g.filter as never)).toBe(3);

    expect(await renameTagAction(a.merchant.slug, { tagId: tags.brunch!.id, name: "Brunch crowd" })).toMatchObject({ ok: true });
    expect(await countCustomers(merchant, { field: "tags", op: "hasAny", value: ["brunch crowd"] })).toBe(1);

    // Retired: no longer offered at the counter; history and filters keep it; restore brings it back.
    expect(await retireTagAction(a.merchant.slug, { tagId: tags.brunch!.id, retired: true })).toMatchObject({ ok: true });
    expect((await listTags(a.merchant.id)).map((t) => t.name)).toEqual(["family"]);
    expect(await countCustomers(merchant, { field: "tags", op: "hasAny", value: ["Brunch crowd"] })).toBe(1);
    await retireTagAction(a.merchant.slug, { tagId: tags.brunch!.id, retired: false });
    expect((await listTags(a.merchant.id)).map((t) => t.name)).toEqual(["Brunch crowd", "family"]);
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: { startsWith: "tag." } } })).toBe(4);
  }, 60_000);
});
