import { beforeEach, describe, expect, it, vi } from "vitest";

// Server actions run outside Next here: the session user is whoever the test says.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string | null; isPlatformAdmin: boolean; counterMerchantId: string | null },
}));
vi.mock("@/lib/auth", () => ({ getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { previewAutomationAction, saveAutomationAction, toggleAutomationAction } from "@/features/automations/actions";
import { anyDayPromotion } from "./automation-fixtures";
import { db, makeMerchant } from "./helpers";

// The automations' actions: managers and owners only, inside their own merchant; bad input gets a
// plain message on its field and changes nothing.

const signInAs = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = { id: u.id, email: u.email, name: "Pat", isPlatformAdmin: false, counterMerchantId };
};
beforeEach(() => {
  session.user = null;
});

const form = (promotionId: string, over: Record<string, unknown> = {}) => ({
  kind: "second_visit",
  promotionId,
  holdoutPercent: "10",
  sendHour: "10",
  quietHourFrom: "21",
  quietHourTo: "9",
  oncePerCustomer: true,
  reentryDays: "90",
  settings: { days: "14" },
  ...over,
});

describe("automation actions", () => {
  it("a manager sets one up paused, sees who it would reach, and turns it on and off", async () => {
    const m = await makeMerchant("Actions");
    const promotion = await anyDayPromotion(m.merchant.id);
    signInAs(m.owner);
    const saved = await saveAutomationAction(m.merchant.slug, form(promotion.id));
    expect(saved.ok).toBe(true);
    const id = (saved as { data: { id: string } }).data.id;
    const row = await db.automation.findUniqueOrThrow({
      where: { merchantId_id: { merchantId: m.merchant.id, id } },
      select: { enabled: true, settings: true, groupId: true },
    });
    expect(row).toMatchObject({ enabled: false, settings: { days: 14 } });
    expect(row.groupId).toEqual(expect.any(String));
    expect(await previewAutomationAction(m.merchant.slug, form(promotion.id, { automationId: id }))).toEqual({
      ok: true,
      data: { today: { gets: 0, holdout: 0, excluded: 0 }, week: { gets: 0, holdout: 0, excluded: 0 } },
    });
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: id, enabled: true })).toEqual({ ok: true, data: { id, enabled: true } });
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: id, enabled: true })).toEqual({ ok: true, data: { id, enabled: true } }); // a double click
    expect((await db.auditLog.findMany({ where: { merchantId: m.merchant.id, action: "automation.enabled" } })).length).toBe(1);
    await toggleAutomationAction(m.merchant.slug, { automationId: id, enabled: false });
    expect((await db.automation.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id } } })).enabled).toBe(false);
  });

  it("bad input gets a plain message on its field and saves nothing", async () => {
    const m = await makeMerchant("Bad input");
    const promotion = await anyDayPromotion(m.merchant.id);
    signInAs(m.owner);
    const res = await saveAutomationAction(m.merchant.slug, form(promotion.id, { settings: { days: "0" }, holdoutPercent: "80", sendHour: "22" }));
    expect(res).toMatchObject({
      ok: false,
      fieldErrors: {
        "settings.days": "The number of days is 1 to 180.",
        holdoutPercent: "The holdout is 0 to 50.",
        sendHour: "The send time falls in your quiet hours. Pick a time outside them.",
      },
    });
    expect(await db.automation.count({ where: { merchantId: m.merchant.id } })).toBe(0);
  });

  it("a welcome automation takes an RFM segment by name, and an unknown one gets a plain message on the field", async () => {
    const m = await makeMerchant("Welcome segment");
    const promotion = await anyDayPromotion(m.merchant.id);
    signInAs(m.owner);
    const welcome = (filter: string) => form(promotion.id, { kind: "welcome_best", settings: { filter } });
    expect(await saveAutomationAction(m.merchant.slug, welcome("segment:vip"))).toMatchObject({
      ok: false,
      fieldErrors: { "settings.filter": "There is no RFM segment by that name. Pick one from the list." },
    });
    expect(await db.automation.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    expect(await saveAutomationAction(m.merchant.slug, welcome("segment:at_risk"))).toMatchObject({ ok: true });
    expect(await db.automation.findFirstOrThrow({ where: { merchantId: m.merchant.id }, select: { kind: true, settings: true } })).toEqual({
      kind: "welcome_best",
      settings: { filter: "segment:at_risk" },
    });
  });

  it("another merchant's member gets not-found, staff and a counter tablet are refused, and nothing changes", async () => {
    const a = await makeMerchant("Tenant A");
    const b = await makeMerchant("Tenant B");
    const promotion = await anyDayPromotion(a.merchant.id);
    signInAs(a.owner);
    const id = ((await saveAutomationAction(a.merchant.slug, form(promotion.id))) as { data: { id: string } }).data.id;

    // B's owner, on B's own merchant, naming A's automation and promotion: not found.
    signInAs(b.owner);
    expect(await toggleAutomationAction(b.merchant.slug, { automationId: id, enabled: true })).toMatchObject({
      ok: false,
      error: "That automation was not found.",
    });
    expect(await saveAutomationAction(b.merchant.slug, form(promotion.id))).toMatchObject({
      ok: false,
      fieldErrors: { promotionId: "Pick one of your saved promotions." },
    });
    // B's owner on A's slug: the merchant itself is not found.
    expect(await toggleAutomationAction(a.merchant.slug, { automationId: id, enabled: true })).toMatchObject({
      ok: false,
      error: "That merchant was not found.",
    });
    // A's staff: not allowed; a counter (PIN) session: counter only.
    signInAs(a.staff);
    expect(await toggleAutomationAction(a.merchant.slug, { automationId: id, enabled: true })).toMatchObject({
      ok: false,
      error: "Only a manager or above can do that.",
    });
    signInAs(a.owner, a.merchant.id);
    expect(await toggleAutomationAction(a.merchant.slug, { automationId: id, enabled: true })).toMatchObject({
      ok: false,
      error: expect.stringContaining("counter only"),
    });
    expect((await db.automation.findUniqueOrThrow({ where: { merchantId_id: { merchantId: a.merchant.id, id } } })).enabled).toBe(false);
    expect(await db.automation.count({ where: { merchantId: b.merchant.id } })).toBe(0);
  });
});
