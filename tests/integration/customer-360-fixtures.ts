import { Prisma } from "@/generated/prisma/client";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { db } from "./helpers";
import { offPeakPromotion, staticGroup } from "./campaign-fixtures";

// Set-up for the Customer 360 tests: visits in bulk (one statement, aggregates recomputed as the
// app does), and a sent campaign whose recipient got a personal code.

/** `n` visits for one customer, one a day going back from `start`, rated 3, 2, 1 in turn, $10.00 + i cents. */
export async function addVisits(merchantId: string, customerId: string, n: number, opts: { start?: Date; tag?: string } = {}) {
  const start = opts.start ?? new Date("2026-11-30T18:00:00Z");
  await db.$executeRaw(Prisma.sql`
    INSERT INTO visits ("merchantId", "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", "partySize", rating, note, "updatedAt")
    SELECT ${merchantId}::uuid, ${customerId}::uuid, t, t::date, extract(dow FROM t)::int, extract(hour FROM t)::int, 1000 + i, 2, 3 - (i % 3), CASE WHEN i = 1 THEN 'Asked for Maria''s table' END, now()
      FROM generate_series(1, ${n}) AS i, LATERAL (SELECT ${start}::timestamptz - make_interval(days => i - 1) AS t) x`);
  if (opts.tag) {
    const tag = await db.tag.upsert({
      where: { merchantId_normalizedName: { merchantId, normalizedName: opts.tag } },
      create: { merchantId, name: opts.tag, normalizedName: opts.tag },
      update: {},
    });
    await db.$executeRaw`INSERT INTO visit_tags ("merchantId", "visitId", "tagId") SELECT "merchantId", id, ${tag.id}::uuid FROM visits WHERE "merchantId" = ${merchantId}::uuid AND "customerId" = ${customerId}::uuid ON CONFLICT DO NOTHING`;
  }
  await recomputeCustomerAggregates(db, merchantId, [customerId]);
}

let k = 0;
/** A sent campaign of the "Off Peak" promotion with `customerId` as a recipient holding personal code `code`. */
export async function sendCampaignTo(
  merchantId: string,
  customerId: string,
  code: string,
  opts: { redeemed?: boolean; email?: string; firstName?: string } = {},
) {
  k += 1;
  const promotion = await offPeakPromotion(merchantId);
  const group = await staticGroup(merchantId, `Group ${k} ${code}`, [customerId]);
  const deal = await db.deal.create({ data: { merchantId, kind: "social_select", title: `Off Peak ${k}` } });
  const campaign = await db.campaign.create({
    data: { merchantId, promotionId: promotion.id, groupId: group.id, dealId: deal.id, status: "sent", startedAt: new Date(), completedAt: new Date() },
  });
  const voucher = await db.voucher.create({
    data: {
      merchantId,
      dealId: deal.id,
      code,
      customerId,
      campaignId: campaign.id,
      status: opts.redeemed ? "redeemed" : "active",
      redeemedAt: opts.redeemed ? new Date("2026-11-20T19:00:00Z") : null,
    },
  });
  await db.campaignRecipient.create({
    data: {
      merchantId,
      campaignId: campaign.id,
      customerId,
      email: opts.email ?? "someone@example.com",
      firstName: opts.firstName ?? "Someone",
      status: "delivered",
      voucherId: voucher.id,
      sentAt: new Date("2026-11-10T15:00:00Z"),
      openedAt: new Date("2026-11-10T16:00:00Z"),
    },
  });
  return { campaign, voucher, group, deal };
}
