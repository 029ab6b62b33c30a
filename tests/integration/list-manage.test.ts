import { beforeEach, describe, expect, it, vi } from "vitest";

// Server actions run outside Next here: the session user is whoever the test says.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import {
  deleteGroupAction,
  deleteSmartFilterAction,
  moveSmartFilterAction,
  renameGroupAction,
  renameSmartFilterAction,
  saveSmartFilterAction,
} from "@/features/groups/actions";
import { listSavedFilters as listSavedFiltersOf } from "@/features/groups/manage";
import { listGroups as listGroupsOf } from "@/features/groups/queries";
import { makeMerchant, db, inTenantOf } from "./helpers";

// Feature functions called directly run in their merchant's scope (row-level security).
const listSavedFilters = inTenantOf(listSavedFiltersOf);
const listGroups = inTenantOf(listGroupsOf);

const as = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Someone", isPlatformAdmin: false, counterMerchantId };
};
const f = (n: number) => ({ field: "visitCount", op: "gte", value: n }) as const;

beforeEach(() => {
  session.user = null;
});

describe("saved Smart Filters: rename, reorder, delete", () => {
  it("keeps the merchant's own order, renames without clashes, deletes, and never reaches another merchant's", async () => {
    const a = await makeMerchant("Saved A");
    const b = await makeMerchant("Saved B");
    as(a.owner);
    for (const [i, name] of ["Zed regulars", "Apple lovers", "Mid week"].entries()) {
      expect((await saveSmartFilterAction(a.merchant.slug, { name, filter: f(i + 1) })).ok).toBe(true);
    }
    // A new filter goes last (not alphabetical), and moves one place at a time.
    expect((await listSavedFilters(a.merchant.id)).map((x) => x.name)).toEqual(["Zed regulars", "Apple lovers", "Mid week"]);
    const [zed, apple, mid] = await listSavedFilters(a.merchant.id);
    expect((await moveSmartFilterAction(a.merchant.slug, { id: mid!.id, direction: "up" })).ok).toBe(true);
    expect((await listSavedFilters(a.merchant.id)).map((x) => x.name)).toEqual(["Zed regulars", "Mid week", "Apple lovers"]);
    await moveSmartFilterAction(a.merchant.slug, { id: zed!.id, direction: "up" }); // already first: stays
    expect((await listSavedFilters(a.merchant.id))[0]!.name).toBe("Zed regulars");

    const clash = await renameSmartFilterAction(a.merchant.slug, { id: apple!.id, name: "Mid week" });
    expect(clash).toMatchObject({ ok: false, fieldErrors: { name: "Choose another name." } });
    expect(await renameSmartFilterAction(a.merchant.slug, { id: apple!.id, name: "  " })).toMatchObject({ ok: false });
    expect(await renameSmartFilterAction(a.merchant.slug, { id: apple!.id, name: "Apple fans" })).toMatchObject({ ok: true, data: { name: "Apple fans" } });

    // Another merchant's owner: every action says "not found" and changes nothing.
    as(b.owner);
    expect(await renameSmartFilterAction(b.merchant.slug, { id: apple!.id, name: "Mine" })).toMatchObject({
      ok: false,
      error: "That saved filter was not found.",
    });
    expect(await moveSmartFilterAction(b.merchant.slug, { id: apple!.id, direction: "down" })).toMatchObject({ ok: false });
    expect(await deleteSmartFilterAction(b.merchant.slug, { id: apple!.id })).toMatchObject({ ok: false, error: "That saved filter was not found." });
    expect(await deleteSmartFilterAction(a.merchant.slug, { id: apple!.id })).toMatchObject({ ok: false }); // not a member of A
    // Staff and a counter (PIN) session may not manage them.
    as(a.staff);
    expect(await deleteSmartFilterAction(a.merchant.slug, { id: apple!.id })).toMatchObject({ ok: false });
    as(a.owner, a.merchant.id);
    expect(await deleteSmartFilterAction(a.merchant.slug, { id: apple!.id })).toMatchObject({ ok: false });

    as(a.owner);
    expect((await deleteSmartFilterAction(a.merchant.slug, { id: apple!.id })).ok).toBe(true);
    expect((await listSavedFilters(a.merchant.id)).map((x) => x.name)).toEqual(["Zed regulars", "Mid week"]);
    expect(await db.auditLog.count({ where: { merchantId: a.merchant.id, action: { in: ["smart_filter.renamed", "smart_filter.deleted"] } } })).toBe(2);
  });
});

describe("groups: size, rename, delete", () => {
  it("sizes Smart Filter groups by their filter today, renames, and deletes (archiving one a campaign used)", async () => {
    const a = await makeMerchant("Groups A");
    const b = await makeMerchant("Groups B");
    await db.customer.createMany({ data: [1, 2, 3, 5].map((n) => ({ merchantId: a.merchant.id, firstName: `V${n}`, visitCount: n })) });
    const dyn = await db.group.create({ data: { merchantId: a.merchant.id, name: "Regulars", kind: "dynamic", filter: f(2) } });
    const picked = await db.group.create({ data: { merchantId: a.merchant.id, name: "Picked", kind: "static" } });
    const [one] = await db.customer.findMany({ where: { merchantId: a.merchant.id }, take: 1 });
    await db.groupMember.create({ data: { merchantId: a.merchant.id, groupId: picked.id, customerId: one!.id } });
    const sizes = Object.fromEntries((await listGroups(a.merchant)).map((g) => [g.name, g.size]));
    expect(sizes).toEqual({ Regulars: 3, Picked: 1 });

    as(b.owner);
    expect(await renameGroupAction(b.merchant.slug, { groupId: dyn.id, name: "Theirs" })).toMatchObject({ ok: false, error: "That group was not found." });
    expect(await deleteGroupAction(b.merchant.slug, { groupId: dyn.id })).toMatchObject({ ok: false, error: "That group was not found." });
    as(a.staff);
    expect(await deleteGroupAction(a.merchant.slug, { groupId: dyn.id })).toMatchObject({ ok: false });

    as(a.owner);
    expect(await renameGroupAction(a.merchant.slug, { groupId: dyn.id, name: "Picked" })).toMatchObject({
      ok: false,
      fieldErrors: { name: "Choose another name." },
    });
    expect(await renameGroupAction(a.merchant.slug, { groupId: dyn.id, name: "Two or more" })).toMatchObject({ ok: true, data: { name: "Two or more" } });

    // A group a campaign went to is archived (its results keep it) and frees its name.
    const promo = await db.promotion.create({ data: { merchantId: a.merchant.id, name: "P", title: "T", offer: "O", subject: "S", body: "B" } });
    await db.campaign.create({ data: { merchantId: a.merchant.id, promotionId: promo.id, groupId: dyn.id } });
    expect(await deleteGroupAction(a.merchant.slug, { groupId: dyn.id })).toMatchObject({ ok: true, data: { archived: true } });
    expect(await deleteGroupAction(a.merchant.slug, { groupId: picked.id })).toMatchObject({ ok: true, data: { archived: false } });
    expect(await listGroups(a.merchant)).toEqual([]);
    expect(await db.group.count({ where: { merchantId: a.merchant.id } })).toBe(1);
    expect(await db.groupMember.count({ where: { merchantId: a.merchant.id } })).toBe(0);
    expect(await db.customer.count({ where: { merchantId: a.merchant.id } })).toBe(4);
    await db.group.create({ data: { merchantId: a.merchant.id, name: "Two or more", kind: "dynamic", filter: f(2) } });
  });
});
