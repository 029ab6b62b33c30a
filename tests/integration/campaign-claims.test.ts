import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { createCampaign, startCampaignIfDue as startCampaignIfDueOf } from "@/features/campaigns/service";
import { ZBrandingInput, ZPromotionInput } from "@/features/promotions/schemas";
import { updateMerchantBranding as updateMerchantBrandingOf, updatePromotion as updatePromotionOf } from "@/features/promotions/service";
import { lookupVoucher as lookupVoucherOf } from "@/features/visits/counter";
import { addDays, fromLocalTime, localToday } from "@/lib/time";
import { startResendFake } from "../fakes/resend-fake";
import { addCustomers, everyoneGroup, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { at } from "./clock";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions run as their entry points run them: in the tenant scope of their merchant.
const startCampaignIfDue = inTenantOf(startCampaignIfDueOf);
const updateMerchantBranding = inTenantOf(updateMerchantBrandingOf);
const updatePromotion = inTenantOf(updatePromotionOf);
const lookupVoucher = inTenantOf(lookupVoucherOf);

// Who a campaign may claim, whatever the timing (features/campaigns/audience.ts, service.ts), and
// what it sends, frozen at its start (features/campaigns/content.ts).

const noPace = async () => {};

/** The most recent past local `weekday` at `hour`:30, at least a day ago. */
function recentLocal(timeZone: string, weekday: number, hour: number): Date {
  const today = localToday(timeZone);
  for (let back = 1; back <= 8; back++) {
    const date = addDays(today, -back);
    if (new Date(`${date}T12:00:00Z`).getUTCDay() === weekday) return fromLocalTime(date, hour, 30, timeZone);
  }
  throw new Error("unreachable");
}
const schedule = (merchant: { id: string }, promotionId: string, groupId: string, holdoutPercent = 0) =>
  db.$transaction((tx) => createCampaign(tx, merchant, { promotionId, groupId, holdoutPercent }, {}));
const recipientsByCustomer = async (merchantId: string) =>
  db.campaignRecipient.groupBy({ by: ["customerId"], where: { merchantId, isHoldout: false }, _count: { _all: true } });

describe("the frequency cap and once per customer", () => {
  it("two campaigns to one group starting at the same moment: each customer is claimed by one, and gets one email", async () => {
    const m = await makeMerchant("Race");
    const ids = await addCustomers(m.merchant.id, { n: 400, prefix: "race" });
    const group = await staticGroup(m.merchant.id, "Regulars", ids);
    const first = await offPeakPromotion(m.merchant.id);
    const second = await offPeakPromotion(m.merchant.id, { validDaysOfWeek: [] });
    const a = await schedule(m.merchant, first.id, group.id);
    const b = await schedule(m.merchant, second.id, group.id);
    // Two workers pick both up at once (each start is its own transaction on its own connection).
    expect(await Promise.all([startCampaignIfDue(m.merchant.id, a.id), startCampaignIfDue(m.merchant.id, b.id)])).toEqual(["sending", "sending"]);

    const claims = await recipientsByCustomer(m.merchant.id);
    expect(claims).toHaveLength(400);
    expect(claims.every((c) => c._count._all === 1)).toBe(true);
    const campaigns = await db.campaign.findMany({ where: { merchantId: m.merchant.id }, select: { audienceCount: true, excluded: true } });
    expect(campaigns.map((c) => c.audienceCount).sort((x, y) => x - y)).toEqual([0, 400]);
    expect(campaigns.map((c) => (c.excluded as { frequencyCapped: number }).frequencyCapped).sort((x, y) => x - y)).toEqual([0, 400]);

    await Promise.all([
      runCampaignJob({ merchantId: m.merchant.id, campaignId: a.id }, { pace: noPace }),
      runCampaignJob({ merchantId: m.merchant.id, campaignId: b.id }, { pace: noPace }),
    ]);
    const perAddress = await db.emailMessage.groupBy({ by: ["to"], where: { merchantId: m.merchant.id }, _count: { _all: true } });
    expect(perAddress).toHaveLength(400);
    expect(perAddress.every((r) => r._count._all === 1)).toBe(true);
  });

  it("counts a queued claim before it is sent", async () => {
    const m = await makeMerchant("Queued claim");
    const ids = await addCustomers(m.merchant.id, { n: 20, prefix: "q" });
    const group = await staticGroup(m.merchant.id, "Few", ids);
    const a = await schedule(m.merchant, (await offPeakPromotion(m.merchant.id)).id, group.id);
    await startCampaignIfDue(m.merchant.id, a.id); // recipients queued, nothing sent yet
    const b = await schedule(m.merchant, (await offPeakPromotion(m.merchant.id)).id, group.id);
    await startCampaignIfDue(m.merchant.id, b.id);
    expect(
      await db.campaign.findUniqueOrThrow({
        where: { merchantId_id: { merchantId: m.merchant.id, id: b.id } },
        select: { audienceCount: true, excluded: true },
      }),
    ).toMatchObject({
      audienceCount: 0,
      excluded: expect.objectContaining({ frequencyCapped: 20 }),
    });
  });

  it("a once-per-customer promotion reaches only those who have not received it, whatever the cap", async () => {
    const m = await makeMerchant("Once");
    await db.merchant.update({ where: { id: m.merchant.id }, data: { promotionFrequencyCapDays: 0 } });
    await addCustomers(m.merchant.id, { n: 30, prefix: "early" });
    const group = await everyoneGroup(m.merchant.id);
    const once = await offPeakPromotion(m.merchant.id); // oncePerCustomer defaults to true
    const held = await schedule(m.merchant, once.id, group.id, 10);
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: held.id }, { pace: noPace });
    await addCustomers(m.merchant.id, { n: 5, prefix: "late" });

    const again = await schedule(m.merchant, once.id, group.id);
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: again.id }, { pace: noPace });
    const second = await db.campaign.findUniqueOrThrow({
      where: { merchantId_id: { merchantId: m.merchant.id, id: again.id } },
      select: { audienceCount: true, excluded: true },
    });
    // 27 got it the first time; the 3 held out never did, so they may get it now, with the 5 new.
    expect(second).toMatchObject({ audienceCount: 8, excluded: expect.objectContaining({ alreadyReceived: 27, frequencyCapped: 0 }) });
    expect((await recipientsByCustomer(m.merchant.id)).every((c) => c._count._all === 1)).toBe(true);

    // Another promotion, or this one made repeatable, goes to everyone again (no cap here).
    await db.promotion.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: once.id } }, data: { oncePerCustomer: false } });
    const third = await schedule(m.merchant, once.id, group.id);
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: third.id }, { pace: noPace });
    expect((await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: third.id } } })).audienceCount).toBe(35);
  });
});

describe("what a campaign sends is frozen when it starts", () => {
  let fake: Awaited<ReturnType<typeof startResendFake>>;
  let restore: () => void;
  beforeAll(async () => {
    fake = await startResendFake();
    const cached = (await import("@/lib/env")).env();
    Object.assign(cached, { RESEND_API_KEY: "re_test_freeze", RESEND_BASE_URL: fake.url });
    restore = () => Object.assign(cached, { RESEND_API_KEY: undefined, RESEND_BASE_URL: undefined });
  });
  afterAll(async () => {
    restore();
    await fake.close();
  });

  it("a retried batch after the promotion, the branding and a name were edited is the identical request, so the provider replays it", async () => {
    const m = await makeMerchant("Freeze");
    await addCustomers(m.merchant.id, { n: 150, prefix: "f" });
    const group = await everyoneGroup(m.merchant.id);
    const promotion = await offPeakPromotion(m.merchant.id);
    const { id } = await schedule(m.merchant, promotion.id, group.id);
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: noPace });
    const second = await db.campaignRecipient.findMany({ where: { campaignId: id }, orderBy: { customerId: "asc" }, skip: 100 });
    const key = `campaign:${id}:batch:${second[0]!.customerId}`;
    const original = fake.requests.find((r) => r.headers["idempotency-key"] === key)!;
    const acceptedBefore = fake.accepted.length;

    // Mid-send edits: the promotion's words and hours, the merchant's branding, a recipient's name.
    await updatePromotion(
      m.merchant.id,
      promotion.id,
      ZPromotionInput.parse({
        name: "Off Peak",
        title: "Changed title",
        offer: "Changed offer",
        subject: "Changed subject",
        body: "Changed body",
        validDaysOfWeek: [5],
        validHours: { from: 9, to: 10 },
      }),
      {},
    );
    await updateMerchantBranding(
      m.merchant.id,
      ZBrandingInput.parse({
        logoUrl: "",
        brandColor: "#aa0000",
        addressLine1: "99 New St",
        addressLine2: "",
        city: "Bath",
        region: "ME",
        postalCode: "04530",
        country: "US",
        promotionFrequencyCapDays: 7,
      }),
      {},
    );
    await db.customer.update({ where: { merchantId_id: { merchantId: m.merchant.id, id: second[0]!.customerId } }, data: { firstName: "Renamed" } });
    // As if the worker died after the provider accepted the second batch but before its commit.
    await db.campaignRecipient.updateMany({
      where: { campaignId: id, customerId: { in: second.map((r) => r.customerId) } },
      data: { status: "queued", sentAt: null, providerMessageId: null },
    });
    await db.emailMessage.deleteMany({ where: { campaignId: id, to: { in: second.map((r) => r.email!) } } });
    await db.campaign.update({ where: { merchantId_id: { merchantId: m.merchant.id, id } }, data: { status: "sending" } });

    const requestsBefore = fake.requests.length;
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: id }, { pace: noPace });
    const retry = fake.requests.slice(requestsBefore);
    expect(retry.map((r) => [r.headers["idempotency-key"], r.status, r.replayed])).toEqual([[key, 200, true]]);
    expect(retry[0]!.body).toEqual(original.body);
    expect(fake.accepted.length).toBe(acceptedBefore);
    expect(await db.campaignRecipient.groupBy({ by: ["status"], where: { campaignId: id }, _count: { _all: true } })).toEqual([
      { status: "sent", _count: { _all: 150 } },
    ]);

    // The codes keep the days and hours the email announced (Sunday–Wednesday, 2–5 pm), not the edited ones.
    const code = (await db.voucher.findFirstOrThrow({ where: { merchantId: m.merchant.id, campaignId: id } })).code;
    const content = (await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id } } })).content as {
      promotion: { validDaysOfWeek: number[]; validHourFrom: number };
    };
    expect(content.promotion).toMatchObject({ validDaysOfWeek: [0, 1, 2, 3], validHourFrom: 14, title: "Off Peak treat" });
    const tz = m.merchant.timeZone;
    expect(await at(recentLocal(tz, 1, 15), () => lookupVoucher(m.merchant, code))).toMatchObject({ ok: true }); // Monday 3:30 pm
    expect(await at(recentLocal(tz, 5, 9), () => lookupVoucher(m.merchant, code))).toEqual({
      ok: false,
      message: `${code} is good on Sunday to Wednesday only; today is Friday.`,
    });
  });
});
