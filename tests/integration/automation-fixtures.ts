import { Prisma } from "@/generated/prisma/client";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { recomputeCustomerAggregates } from "@/features/customers/aggregates";
import { saveAutomation as saveAutomationOf, setAutomationEnabled as setAutomationEnabledOf } from "@/features/automations/service";
import type { TAutomationForm } from "@/features/automations/schemas";
import { toLocalTime } from "@/lib/time";
import { addCustomers, giveAddress, type TCustomerSpec } from "./campaign-fixtures";
import { db, inTenantOf } from "./helpers";

// Feature functions called as their actions call them: in the merchant's tenant scope.
export const saveAutomation = inTenantOf(saveAutomationOf);
export const setAutomationEnabled = inTenantOf(setAutomationEnabledOf);

// Set-up for the automation tests: customers whose visits happened at chosen instants (written in
// bulk, aggregates recomputed by the app's own function), an any-day promotion, an automation.

export const DAY = 86_400_000;
export const noPace = async () => {};

/** Visits at `at` for `customerIds`; with `deal`, each redeems its own daily-deal voucher. */
export async function addVisits(
  merchantId: string,
  timeZone: string,
  customerIds: string[],
  at: Date,
  opts: { deal?: boolean; rating?: number | null; amountCents?: number } = {},
) {
  const local = toLocalTime(at, timeZone);
  let dealId: string | null = null;
  if (opts.deal) dealId = (await db.deal.create({ data: { merchantId, kind: "daily_deal", title: "Dinner for two" }, select: { id: true } })).id;
  await db.$executeRaw(Prisma.sql`
    WITH c AS (SELECT unnest(${customerIds}::uuid[]) AS id, gen_random_uuid() AS vid, gen_random_uuid() AS voucher),
    vo AS (
      INSERT INTO vouchers ("merchantId", id, "dealId", code, status, "customerId", "redeemedAt", "visitId")
      SELECT ${merchantId}::uuid, c.voucher, ${dealId}::uuid, 'DEAL-' || substr(c.voucher::text, 1, 13), 'redeemed', c.id, ${at}, c.vid FROM c WHERE ${dealId}::uuid IS NOT NULL
      RETURNING id)
    INSERT INTO visits ("merchantId", id, "customerId", "occurredAt", "localDate", "localDayOfWeek", "localHour", "amountCents", rating, "voucherId", "updatedAt")
    SELECT ${merchantId}::uuid, c.vid, c.id, ${at}, ${local.date}::date, ${local.dayOfWeek}, ${local.hour}, ${opts.amountCents ?? 4000}, ${opts.rating ?? null}::smallint,
           CASE WHEN ${dealId}::uuid IS NOT NULL THEN c.voucher END, now()
      FROM c`);
  await recomputeCustomerAggregates(db, merchantId, customerIds);
}

/** `n` consenting customers whose first and only visit redeemed a daily deal at `at`. */
export async function dealCustomers(merchant: { id: string; timeZone: string }, spec: Omit<TCustomerSpec, "n"> & { n: number; at: Date }) {
  const ids = await addCustomers(merchant.id, spec);
  await addVisits(merchant.id, merchant.timeZone, ids, spec.at, { deal: true });
  return ids;
}

export async function anyDayPromotion(merchantId: string, name = "Come back") {
  await giveAddress(merchantId);
  return db.promotion.create({
    data: {
      merchantId,
      name,
      title: "Come back for 10% off",
      offer: "10% off your next visit",
      expiresInDays: 30,
      oncePerCustomer: false,
      subject: "{{firstName}}, come back for 10% off",
      body: "Hi {{firstName}}, we would love to see you again.",
    },
    select: { id: true },
  });
}

/** An automation, enabled at `enabledAt`, sending any hour (no quiet hours) unless told otherwise. */
export async function automation(
  merchant: { id: string; timeZone: string },
  promotionId: string,
  form: Partial<TAutomationForm> & Pick<TAutomationForm, "kind">,
  enabledAt: Date | null = new Date(Date.now() - 60 * DAY),
) {
  const a = await saveAutomation(
    merchant,
    { promotionId, holdoutPercent: 0, sendHour: 0, quietHourFrom: 0, quietHourTo: 0, oncePerCustomer: true, reentryDays: 90, settings: {}, ...form },
    {},
  );
  if (enabledAt) await setAutomationEnabled(merchant, a.id, true, {}, enabledAt);
  return a;
}

/** Delivers every campaign an automation fired (as the worker would). */
export async function deliverAll(merchantId: string) {
  const campaigns = await db.campaign.findMany({ where: { merchantId, automationId: { not: null }, status: "sending" }, select: { id: true } });
  await Promise.all(campaigns.map((c) => runCampaignJob({ merchantId, campaignId: c.id }, { pace: noPace })));
}

export const emailsPerAddress = (merchantId: string) => db.emailMessage.groupBy({ by: ["to"], where: { merchantId }, _count: { _all: true } });
