import { beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "@/generated/prisma/client";
import * as report from "@/features/publishers/report";
import { createMerchant } from "@/features/tenancy/admin-commands";
import { addCustomers, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { db, inPublisherOf } from "./helpers";

// Issue 15's publisher console: the Social Select campaigns that followed a deal, and what each
// added against its own holdout among the deal's customers; and a merchant's months. Read as the
// console reads them: in the publisher's scope.
const getDealFollowUps = inPublisherOf(report.getDealFollowUps);
const getMerchantMonths = inPublisherOf(report.getMerchantMonths);

const DAY = 86_400_000;
const daysAgo = (d: number) => new Date(Date.now() - d * DAY);

let merchantId: string;
let publisherId: string;
let rivalId: string;
let dealId: string;
let redeemers: string[];
let others: string[];

/** A visit at `at` (UTC local fields; this test does not look at them), optionally redeeming `voucherId`. */
async function visit(customerId: string, at: Date, amountCents: number, voucherId: string | null = null, atMerchant = merchantId) {
  const merchantId = atMerchant;
  const [v] = await db.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "voucherId", "updatedAt")
    VALUES (${merchantId}::uuid, ${customerId}::uuid, ${at}, ${at}::date, extract(dow FROM ${at}::timestamptz)::int, extract(hour FROM ${at}::timestamptz)::int,
            ${amountCents}, ${voucherId}::uuid, now())
    RETURNING id`);
  if (voucherId)
    await db.voucher.update({ where: { merchantId_id: { merchantId, id: voucherId } }, data: { status: "redeemed", redeemedAt: at, visitId: v!.id } });
  return v!.id;
}

/** A sent campaign started at `startedAt` to `got` (each with a personal code) and holding out `held`. */
async function campaign(name: string, startedAt: Date, got: string[], held: string[]) {
  const promotion = await offPeakPromotion(merchantId);
  const group = await staticGroup(merchantId, name, [...got, ...held]);
  const deal = await db.deal.create({ data: { merchantId, kind: "social_select", title: name } });
  const c = await db.campaign.create({
    data: {
      merchantId,
      name,
      promotionId: promotion.id,
      groupId: group.id,
      dealId: deal.id,
      status: "sent",
      startedAt,
      audienceCount: got.length,
      holdoutCount: held.length,
    },
  });
  const codes: Record<string, string> = {};
  for (const [i, customerId] of got.entries()) {
    const v = await db.voucher.create({ data: { merchantId, dealId: deal.id, code: `${name.slice(0, 4).toUpperCase()}-${i}`, customerId, campaignId: c.id } });
    codes[customerId] = v.id;
  }
  await db.campaignRecipient.createMany({
    data: [
      ...got.map((customerId) => ({
        merchantId,
        campaignId: c.id,
        customerId,
        isHoldout: false,
        status: "sent" as const,
        sentAt: startedAt,
        voucherId: codes[customerId]!,
      })),
      ...held.map((customerId) => ({ merchantId, campaignId: c.id, customerId, isHoldout: true, status: "held_out" as const })),
    ],
  });
  return { id: c.id, codes };
}

beforeAll(async () => {
  publisherId = (await db.publisher.create({ data: { slug: "followup-pub", name: "Follow-up Pub" } })).id;
  rivalId = (await db.publisher.create({ data: { slug: "followup-rival", name: "Rival" } })).id;
  const m = await createMerchant({ name: "Follow-up Bistro", slug: "followup-bistro", timeZone: "America/Chicago", publisherSlug: "followup-pub" });
  merchantId = m.id;
  dealId = (await db.deal.create({ data: { merchantId, publisherId, kind: "daily_deal", title: "Dinner for two" } })).id;
  redeemers = await addCustomers(merchantId, { n: 50, prefix: "redeemer" });
  others = await addCustomers(merchantId, { n: 10, prefix: "other" });
  // Each redeemer redeemed a voucher of the deal 40 days ago.
  for (const [i, customerId] of redeemers.entries()) {
    const v = await db.voucher.create({ data: { merchantId, dealId, code: `DEAL-${i}`, customerId, purchasedAt: daysAgo(60) } });
    await visit(customerId, daysAgo(40), 5000, v.id);
  }
});

describe("the campaigns that followed a deal", () => {
  it("count only the deal's redeemers, reached after redeeming, against the campaign's own holdout", async () => {
    // Reached 40 redeemers (and 10 others, who do not count), held out 10 redeemers.
    const followUp = await campaign("Come back", daysAgo(30), [...redeemers.slice(0, 40), ...others], redeemers.slice(40));
    for (const customerId of redeemers.slice(0, 8)) await visit(customerId, daysAgo(20), 3000, followUp.codes[customerId]!);
    await visit(redeemers[45]!, daysAgo(10), 4500); // a held-out redeemer came back on their own
    await visit(others[0]!, daysAgo(10), 9900, followUp.codes[others[0]!]!); // not a deal customer: not counted
    // Before the redemptions, and to nobody who redeemed: neither followed the deal.
    await campaign("Before the deal", daysAgo(50), redeemers.slice(0, 20), []);
    await campaign("Someone else's crowd", daysAgo(5), others.slice(1), []);

    const rows = await getDealFollowUps({ publisherId, merchantId, dealId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      campaignId: followUp.id,
      name: "Come back",
      automation: false,
      got: 40,
      held: 10,
      gotReturned: 8,
      heldReturned: 1,
      redeemed: 8,
      revenueCents: 24_000,
      open: true,
    });
    expect(rows[0]!.lift.sentence).toEqual(expect.any(String));
    expect(rows[0]!.lift.difference).toBeCloseTo(8 / 40 - 1 / 10);
  });

  it("show nothing of this merchant to another publisher", async () => {
    expect(await getDealFollowUps({ publisherId: rivalId, merchantId, dealId })).toEqual([]);
  });
});

describe("a merchant over time", () => {
  it("counts each month in the merchant's zone: the publisher's deal redemptions, those customers back at full price, other visits, new customers", async () => {
    const m = await createMerchant({ name: "Monthly Bistro", slug: "followup-monthly", timeZone: "America/Chicago", publisherSlug: "followup-pub" });
    const deal = await db.deal.create({ data: { merchantId: m.id, publisherId, kind: "daily_deal", title: "Brunch" } });
    const rivalDeal = await db.deal.create({ data: { merchantId: m.id, publisherId: rivalId, kind: "daily_deal", title: "Rival brunch" } });
    const dealCustomers = await addCustomers(m.id, { n: 3, prefix: "monthly-deal" });
    const walkIns = await addCustomers(m.id, { n: 4, prefix: "monthly-walkin" });
    await db.customer.updateMany({ where: { merchantId: m.id, id: { in: dealCustomers } }, data: { createdAt: new Date("2026-04-10T18:00:00Z") } });
    await db.customer.updateMany({ where: { merchantId: m.id, id: { in: walkIns } }, data: { createdAt: new Date("2026-06-02T18:00:00Z") } });
    for (const [i, c] of dealCustomers.entries()) {
      const v = await db.voucher.create({ data: { merchantId: m.id, dealId: deal.id, code: `MONTH-${i}`, customerId: c } });
      await visit(c, new Date("2026-04-10T18:00:00Z"), 4000, v.id, m.id);
    }
    for (const c of dealCustomers.slice(0, 2)) await visit(c, new Date("2026-05-20T18:00:00Z"), 6000, null, m.id);
    // 1 May, 02:00 UTC is still 30 April in Chicago: April's other visit.
    await visit(walkIns[0]!, new Date("2026-05-01T02:00:00Z"), 2000, null, m.id);
    for (const c of walkIns) await visit(c, new Date("2026-06-02T18:00:00Z"), 2000, null, m.id);
    // Another publisher's deal is not this publisher's redemption; a visit 13 months back is outside.
    const rivalVoucher = await db.voucher.create({ data: { merchantId: m.id, dealId: rivalDeal.id, code: "RIVAL-1", customerId: walkIns[1]! } });
    await visit(walkIns[1]!, new Date("2026-06-03T18:00:00Z"), 2000, rivalVoucher.id, m.id);
    await visit(walkIns[2]!, new Date("2025-05-15T18:00:00Z"), 2000, null, m.id);

    const months = await getMerchantMonths({ publisherId, merchantId: m.id, timeZone: "America/Chicago" }, 12, new Date("2026-06-15T12:00:00Z"));
    expect(months).toHaveLength(12);
    expect(months[0]!.month).toBe("2025-07-01");
    const of = (month: string) => months.find((x) => x.month === month);
    expect(of("2026-04-01")).toEqual({ month: "2026-04-01", redemptions: 3, returns: 0, otherVisits: 1, newCustomers: 3 });
    expect(of("2026-05-01")).toEqual({ month: "2026-05-01", redemptions: 0, returns: 2, otherVisits: 0, newCustomers: 0 });
    expect(of("2026-06-01")).toEqual({ month: "2026-06-01", redemptions: 0, returns: 0, otherVisits: 5, newCustomers: 4 });
    expect(
      months.filter((x) => !["2026-04-01", "2026-05-01", "2026-06-01"].includes(x.month)).every((x) => x.redemptions + x.returns + x.otherVisits === 0),
    ).toBe(true);
    // The other publisher sees none of this merchant's months.
    const rival = await getMerchantMonths({ publisherId: rivalId, merchantId: m.id, timeZone: "America/Chicago" }, 12, new Date("2026-06-15T12:00:00Z"));
    expect(rival.every((x) => x.redemptions + x.returns + x.otherVisits + x.newCustomers === 0)).toBe(true);
  });
});
