import { beforeEach, describe, expect, it, vi } from "vitest";

// Plan limits at each place that creates the thing — the app's actions, the REST API, the CSV
// import, the CLI's member creation — with billing off and BILLING_DEFAULT_PLAN=free, so every
// merchant here is on Free (no Stripe at all). Capture is never limited.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string; isPlatformAdmin: boolean; counterMerchantId: string | null; counterDeviceId: string | null },
}));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));
vi.mock("next/headers", () => ({ headers: async () => new Headers(), cookies: async () => ({ get: () => undefined, set: () => undefined }) }));
vi.hoisted(() => {
  process.env.BILLING_DEFAULT_PLAN = "free";
  delete process.env.STRIPE_SECRET_KEY;
});

import { POST as postCampaign } from "@/app/api/v1/campaigns/route";
import { POST as postVisit } from "@/app/api/v1/visits/route";
import { POST as stripeWebhook } from "@/app/api/stripe/webhook/route";
import { startCheckoutAction } from "@/features/billing/actions";
import { POST as postCustomer } from "@/app/api/v1/customers/route";
import { pairCounterDeviceAction } from "@/features/accounts/actions";
import { PLANS } from "@/features/plans/plans";
import {
  apiDailyKey,
  emailAllowanceProblem as emailAllowanceProblemOf,
  getBillingState as getBillingStateOf,
  getUsage as getUsageOf,
} from "@/features/plans/state";
import { scheduleCampaignAction } from "@/features/campaigns/actions";
import { startImport as startImportOf } from "@/features/imports/service";
import { createUser } from "@/features/tenancy/admin-commands";
import { acceptInvitationWithPassword, inviteMember as inviteMemberOf } from "@/features/accounts/invitations";
import { sha256 } from "@/lib/tokens";
import { toggleAutomationAction } from "@/features/automations/actions";
import { evaluateMerchant } from "@/features/automations/evaluate";
import { anyDayPromotion, automation, DAY, dealCustomers, saveAutomation } from "./automation-fixtures";
import { addCustomers, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { callRoute, db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions called as their entry points call them: in the merchant's tenant scope.
const getBillingState = inTenantOf(getBillingStateOf);
const getUsage = inTenantOf(getUsageOf);
const emailAllowanceProblem = inTenantOf(emailAllowanceProblemOf);
const startImport = inTenantOf(startImportOf);
const inviteMember = inTenantOf(inviteMemberOf);

type TMade = Awaited<ReturnType<typeof makeMerchant>>;
const signInAs = (u: { id: string; email: string }) => {
  session.user = { id: u.id, email: u.email, name: "Owner", isPlatformAdmin: false, counterMerchantId: null, counterDeviceId: null };
};
beforeEach(() => {
  session.user = null;
});

/** This month's promotional emails, as a started campaign of `n` recipients. */
async function emailsSentThisMonth(m: TMade, n: number) {
  const ids = await addCustomers(m.merchant.id, { n: 1, prefix: `used${Date.now()}` });
  const group = await staticGroup(m.merchant.id, "Used", ids);
  const promotion = await offPeakPromotion(m.merchant.id);
  await db.campaign.create({
    data: { merchantId: m.merchant.id, promotionId: promotion.id, groupId: group.id, status: "sent", startedAt: new Date(), audienceCount: n },
  });
  return { group, promotion };
}

describe("with billing off and BILLING_DEFAULT_PLAN=free", () => {
  it("every merchant is on Free and the usage is counted", async () => {
    const m = await makeMerchant("Free Plan");
    expect(await getBillingState(m.merchant.id)).toMatchObject({ plan: { id: "free" }, source: "default", billingEnabled: false });
    const usage = await getUsage(m.merchant.id, await getBillingState(m.merchant.id));
    expect(usage).toMatchObject({ staffSeats: 2, pairedTablets: 0, customers: 0, promotionalEmailsPerMonth: 0 });
  });

  it("has no Stripe: the webhook is not there and Checkout says billing is off", async () => {
    const res = await stripeWebhook(
      new Request("http://localhost/api/stripe/webhook", { method: "POST", body: "{}", headers: { "stripe-signature": "t=1,v1=x" } }),
    );
    expect(res.status).toBe(404);
    const m = await makeMerchant("No Stripe");
    signInAs(m.owner);
    expect(await startCheckoutAction(m.merchant.slug, { plan: "growth" })).toEqual({
      ok: false,
      error: "Billing is not set up on this server, so plans cannot be changed here.",
    });
  });
});

describe("promotional emails a month", () => {
  it("the app's send action and the REST API refuse a campaign once Free's emails are used up, with the upgrade link", async () => {
    const m = await makeMerchant("Emails Used");
    const { group, promotion } = await emailsSentThisMonth(m, PLANS.free.limits.promotionalEmailsPerMonth!);
    signInAs(m.owner);
    const action = await scheduleCampaignAction(m.merchant.slug, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0, when: "now" });
    expect(action).toMatchObject({
      ok: false,
      error: expect.stringMatching(/Free plan includes 500 promotional emails a month.*Upgrade your plan on the Billing page/),
    });

    const api = await callRoute(postCampaign, "/api/v1/campaigns", {
      key: m.apiKey,
      idem: crypto.randomUUID(),
      body: { promotionId: promotion.id, groupId: group.id },
    });
    expect(api.status).toBe(402);
    expect(api.headers.get("content-type")).toContain("application/problem+json");
    expect(await api.json()).toMatchObject({
      code: "PLAN_LIMIT",
      limit: "promotionalEmailsPerMonth",
      allowed: 500,
      used: 500,
      upgradeUrl: expect.stringContaining(`/m/${m.merchant.slug}/settings/billing`),
    });
    expect(await db.campaign.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("a campaign bigger than what is left fails at its start, with nothing snapshotted and nobody emailed", async () => {
    const m = await makeMerchant("Emails Left");
    await emailsSentThisMonth(m, 495);
    const ids = await addCustomers(m.merchant.id, { n: 10, prefix: `left${Date.now()}` });
    const group = await staticGroup(m.merchant.id, "Ten", ids);
    const promotion = await offPeakPromotion(m.merchant.id);
    signInAs(m.owner);
    const r = await scheduleCampaignAction(m.merchant.slug, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0, when: "now" });
    expect(r.ok).toBe(true);
    const { runCampaignJob } = await import("@/features/campaigns/jobs");
    const campaignId = (r as { data: { id: string } }).data.id;
    expect(await runCampaignJob({ merchantId: m.merchant.id, campaignId })).toEqual({ status: "failed", sent: 0 });
    expect(await db.campaignRecipient.count({ where: { merchantId: m.merchant.id, campaignId } })).toBe(0);
    const audit = await db.auditLog.findFirstOrThrow({ where: { merchantId: m.merchant.id, action: "campaign.failed", entityId: campaignId } });
    expect(JSON.stringify(audit.data)).toContain("Upgrade your plan");
  });
});

describe("automations", () => {
  it("Free runs one automation at once: turning on a second is refused with the reason, and pausing the first makes room", async () => {
    const m = await makeMerchant("Automations On");
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    const promotion = await anyDayPromotion(m.merchant.id);
    const form = { promotionId: promotion.id, holdoutPercent: 0, sendHour: 10, quietHourFrom: 21, quietHourTo: 9, oncePerCustomer: true, reentryDays: 90 };
    const first = await saveAutomation(merchant, { ...form, kind: "second_visit", settings: { days: 14 } }, {});
    const second = await saveAutomation(merchant, { ...form, kind: "win_back", settings: { mode: "days", days: 60 } }, {});
    signInAs(m.owner);
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: first.id, enabled: true })).toMatchObject({ ok: true });
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: second.id, enabled: true })).toEqual({
      ok: false,
      error: expect.stringMatching(/Free plan runs up to 1 automation at once.*Upgrade your plan/),
    });
    expect(await db.automation.count({ where: { merchantId: m.merchant.id, enabled: true } })).toBe(1);
    // Turning the first on again (a double click) is not a second automation.
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: first.id, enabled: true })).toMatchObject({ ok: true });
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: first.id, enabled: false })).toMatchObject({ ok: true });
    expect(await toggleAutomationAction(m.merchant.slug, { automationId: second.id, enabled: true })).toMatchObject({ ok: true });
  });

  it("two clicks at once on two automations cannot both take Free's one place", async () => {
    const m = await makeMerchant("Automation Race");
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    const promotion = await anyDayPromotion(m.merchant.id);
    const form = { promotionId: promotion.id, holdoutPercent: 0, sendHour: 10, quietHourFrom: 21, quietHourTo: 9, oncePerCustomer: true, reentryDays: 90 };
    const a = await saveAutomation(merchant, { ...form, kind: "second_visit", settings: { days: 14 } }, {});
    const b = await saveAutomation(merchant, { ...form, kind: "win_back", settings: { mode: "days", days: 60 } }, {});
    signInAs(m.owner);
    const results = await Promise.all([a, b].map((x) => toggleAutomationAction(m.merchant.slug, { automationId: x.id, enabled: true })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.automation.count({ where: { merchantId: m.merchant.id, enabled: true } })).toBe(1);
  });

  it("an automation never takes Free past the month's emails: a pass that does not fit sends nothing and claims nothing", async () => {
    const full = await makeMerchant("Automation Allowance");
    const merchant = { id: full.merchant.id, timeZone: full.merchant.timeZone };
    await emailsSentThisMonth(full, PLANS.free.limits.promotionalEmailsPerMonth! - 2);
    const promotion = await anyDayPromotion(full.merchant.id);
    await dealCustomers(merchant, { n: 3, prefix: `allow${Date.now()}`, at: new Date(Date.now() - 14 * DAY) });
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });
    const [skipped] = await evaluateMerchant(full.merchant.id, new Date());
    expect(skipped).toMatchObject({ outcome: "skipped", reason: expect.stringContaining("Free plan includes 500 promotional emails a month, and 498") });
    expect(await db.automationOccasion.count({ where: { merchantId: full.merchant.id } })).toBe(0);
    expect(await db.campaign.count({ where: { merchantId: full.merchant.id, automationId: { not: null } } })).toBe(0);

    // With room for all three, the same pass fires and counts toward the month.
    const roomy = await makeMerchant("Automation Room");
    const roomyMerchant = { id: roomy.merchant.id, timeZone: roomy.merchant.timeZone };
    await emailsSentThisMonth(roomy, PLANS.free.limits.promotionalEmailsPerMonth! - 3);
    const p2 = await anyDayPromotion(roomy.merchant.id);
    await dealCustomers(roomyMerchant, { n: 3, prefix: `room${Date.now()}`, at: new Date(Date.now() - 14 * DAY) });
    await automation(roomyMerchant, p2.id, { kind: "second_visit", settings: { days: 14 } });
    expect((await evaluateMerchant(roomy.merchant.id, new Date()))[0]).toMatchObject({ outcome: "fired", sent: 3 });
    const usage = await getUsage(roomy.merchant.id, await getBillingState(roomy.merchant.id));
    expect(usage.promotionalEmailsPerMonth).toBe(500);
    // What the automations page says once the month's emails are used up, and not before.
    expect(await emailAllowanceProblem(roomy.merchant.id)).toMatch(/Free plan includes 500 promotional emails a month, and 500 have gone out/);
    expect(await emailAllowanceProblem(full.merchant.id)).toBeNull();
  });
});

describe("paired tablets", () => {
  it("pairs Free's one tablet and refuses the second with the reason", async () => {
    const m = await makeMerchant("Tablets");
    signInAs(m.owner);
    expect(await pairCounterDeviceAction(m.merchant.slug, { name: "Front" })).toMatchObject({ ok: true });
    expect(await pairCounterDeviceAction(m.merchant.slug, { name: "Back" })).toEqual({
      ok: false,
      error: expect.stringContaining("pairs up to 1 counter tablet"),
    });
    expect(await db.counterDevice.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });

  it("two pairings at once cannot both take the last place", async () => {
    const m = await makeMerchant("Tablet Race");
    signInAs(m.owner);
    const results = await Promise.all([1, 2, 3].map((i) => pairCounterDeviceAction(m.merchant.slug, { name: `T${i}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await db.counterDevice.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });
});

describe("staff seats", () => {
  it("refuses a new member past Free's seats but lets an existing member's role change", async () => {
    const m = await makeMerchant("Seats"); // owner + staff: Free's 2 seats
    await expect(
      createUser({ email: `third-${m.merchant.slug}@example.com`, name: "Third", merchantSlug: m.merchant.slug, role: "staff" }),
    ).rejects.toMatchObject({ code: "PLAN_LIMIT" });
    expect(await db.user.count({ where: { email: `third-${m.merchant.slug}@example.com` } })).toBe(0);
    await createUser({ email: `staff-${m.merchant.slug}@example.com`, merchantSlug: m.merchant.slug, role: "manager" });
    expect(await db.membership.count({ where: { merchantId: m.merchant.id } })).toBe(2);
  });

  it("refuses an invitation past the seats, and its acceptance when the seats filled after it was sent", async () => {
    const m = await makeMerchant("Invite Seats"); // owner + staff: Free's 2 seats
    const actor = { userId: m.owner.id };
    await expect(inviteMember(m.merchant.id, { email: `late-${m.merchant.slug}@example.com`, role: "staff" }, actor)).rejects.toMatchObject({
      code: "PLAN_LIMIT",
    });
    expect(await db.invitation.count({ where: { merchantId: m.merchant.id } })).toBe(0);
    // Sent while a seat was free; the seat is taken before the invitee accepts.
    const token = `seat-token-${m.merchant.slug}`;
    const invitation = await db.invitation.create({
      data: {
        merchantId: m.merchant.id,
        email: `late-${m.merchant.slug}@example.com`,
        role: "staff",
        tokenHash: sha256(token),
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    await expect(acceptInvitationWithPassword(token, { name: "Late", password: "a-late-password-1" })).rejects.toMatchObject({ code: "PLAN_LIMIT" });
    expect(await db.membership.count({ where: { merchantId: m.merchant.id } })).toBe(2);
    expect(await db.invitation.findFirstOrThrow({ where: { id: invitation.id } })).toMatchObject({ acceptedAt: null });
  });
});

describe("API calls a day", () => {
  it("counts calls against the merchant's daily allowance and answers 402 PLAN_LIMIT with Retry-After when it is used up", async () => {
    const m = await makeMerchant("Api Day");
    expect((await callRoute(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { email: `a${Date.now()}@example.com` } })).status).toBeLessThan(300);
    expect((await getUsage(m.merchant.id, await getBillingState(m.merchant.id))).apiCallsPerDay).toBe(1);
    // The rest of the day's calls, spent.
    await db.$executeRaw`UPDATE rate_limits SET tokens = 0, "updatedAt" = clock_timestamp() WHERE "key" = ${apiDailyKey(m.merchant.id)}`;
    const refused = await callRoute(postCustomer, "/api/v1/customers", { key: m.apiKey, body: { email: `a${Date.now()}@example.com` } });
    expect(refused.status).toBe(402);
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await refused.json()).toMatchObject({ code: "PLAN_LIMIT", limit: "apiCallsPerDay", detail: expect.stringContaining("1,000 API calls a day") });
    // Another merchant's allowance is its own.
    const other = await makeMerchant("Api Other");
    expect((await callRoute(postCustomer, "/api/v1/customers", { key: other.apiKey, body: { email: `b${Date.now()}@example.com` } })).status).toBeLessThan(300);
  });
});

describe("customers on the list", () => {
  it("refuses a customer import that would pass the limit, changing nothing", async () => {
    const m = await makeMerchant("Import Limit");
    await addCustomers(m.merchant.id, { n: 450, prefix: `imp${Date.now()}` });
    const job = await db.importJob.create({
      data: { merchantId: m.merchant.id, kind: "customers", status: "validated", fileName: "list.csv", totalRows: 60, validRows: 60 },
      select: { id: true },
    });
    await expect(startImport(m.merchant, job.id, m.owner.id)).rejects.toMatchObject({
      code: "PLAN_LIMIT",
      message: expect.stringContaining("keeps up to 500 customers"),
    });
    expect(await db.importJob.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: job.id } } })).toMatchObject({
      status: "validated",
      importedRows: 0,
    });
  });

  it("never stops capture: a merchant over its customer limit still records visits of new customers", async () => {
    const m = await makeMerchant("Over List");
    await addCustomers(m.merchant.id, { n: PLANS.free.limits.customers! + 5, prefix: `over${Date.now()}` });
    const res = await callRoute(postVisit, "/api/v1/visits", {
      key: m.apiKey,
      idem: crypto.randomUUID(),
      body: {
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        customer: { firstName: "Still", lastName: "Welcome", email: `still-${Date.now()}@example.com` },
        amountCents: 1200,
      },
    });
    expect(res.status).toBe(201);
    expect(await db.visit.count({ where: { merchantId: m.merchant.id } })).toBe(1);
  });
});
