import "server-only";
import Stripe from "stripe";
import { EMAIL_METER_EVENT, PLANS, priceLookupKey } from "@/features/plans/plans";
import { WEBHOOK_EVENTS } from "./stripe-sync";

// `npm run cli -- billing:setup`: the products, prices, usage meter and webhook endpoint Regulars
// needs in a Stripe account, created through the SDK from plans.ts. Safe to run again: what exists
// (found by price lookup key, meter event name, endpoint URL) is kept and reported.

/** The per-merchant price a publisher pays when it pays for its merchants. */
export const PUBLISHER_PRICE_LOOKUP_KEY = "regulars_publisher_growth_per_merchant";
export const PUBLISHER_PRICE_CENTS = 3_900;

export type TSetupLine = { what: string; id: string; created: boolean };

export async function setupStripe(client: Stripe, opts: { webhookUrl?: string | null } = {}): Promise<{ lines: TSetupLine[]; webhookSecret: string | null }> {
  const lines: TSetupLine[] = [];
  const note = (what: string, id: string, created: boolean) => lines.push({ what, id, created });

  const meters = await client.billing.meters.list({ limit: 100 });
  let meter = meters.data.find((m) => m.event_name === EMAIL_METER_EVENT && m.status !== "inactive");
  if (!meter) {
    meter = await client.billing.meters.create({
      display_name: "Promotional emails",
      event_name: EMAIL_METER_EVENT,
      default_aggregation: { formula: "sum" },
      customer_mapping: { type: "by_id", event_payload_key: "stripe_customer_id" },
      value_settings: { event_payload_key: "value" },
    });
    note(`meter ${EMAIL_METER_EVENT}`, meter.id, true);
  } else note(`meter ${EMAIL_METER_EVENT}`, meter.id, false);

  const wanted = [
    ...(["growth", "pro"] as const).flatMap((plan) => [priceLookupKey(plan, "base"), priceLookupKey(plan, "emails")]),
    PUBLISHER_PRICE_LOOKUP_KEY,
  ];
  const existing = await client.prices.list({ lookup_keys: wanted, active: true, limit: 100 });
  const have = (key: string) => existing.data.find((p) => p.lookup_key === key);

  for (const planId of ["growth", "pro"] as const) {
    const plan = PLANS[planId];
    const baseKey = priceLookupKey(planId, "base");
    const emailsKey = priceLookupKey(planId, "emails");
    let productId = (have(baseKey)?.product as string | undefined) ?? null;
    if (!productId) {
      const product = await client.products.create({ name: `Regulars ${plan.name}`, metadata: { plan: planId } });
      productId = product.id;
      note(`product Regulars ${plan.name}`, product.id, true);
    }
    const base = have(baseKey);
    if (base) note(`price ${baseKey}`, base.id, false);
    else {
      const p = await client.prices.create({
        product: productId,
        currency: "usd",
        unit_amount: plan.monthlyPriceCents,
        recurring: { interval: "month" },
        lookup_key: baseKey,
        metadata: { plan: planId },
      });
      note(`price ${baseKey}`, p.id, true);
    }
    const emails = have(emailsKey);
    if (emails) note(`price ${emailsKey}`, emails.id, false);
    else if (plan.emailOverage) {
      // Graduated tiers: the plan's monthly emails are included, each one after costs the overage rate.
      const p = await client.prices.create({
        product: productId,
        currency: "usd",
        recurring: { interval: "month", usage_type: "metered", meter: meter.id },
        billing_scheme: "tiered",
        tiers_mode: "graduated",
        tiers: [
          { up_to: plan.limits.promotionalEmailsPerMonth ?? 0, unit_amount_decimal: Stripe.Decimal.from("0") },
          { up_to: "inf", unit_amount_decimal: Stripe.Decimal.from(String(plan.emailOverage.centsPerThousand / 1000)) },
        ],
        lookup_key: emailsKey,
        metadata: { plan: planId, meter: EMAIL_METER_EVENT },
      });
      note(`price ${emailsKey}`, p.id, true);
    }
  }

  const publisher = have(PUBLISHER_PRICE_LOOKUP_KEY);
  if (publisher) note(`price ${PUBLISHER_PRICE_LOOKUP_KEY}`, publisher.id, false);
  else {
    const product = await client.products.create({ name: "Regulars for publishers (per merchant)", metadata: { plan: "growth", publisher: "true" } });
    const p = await client.prices.create({
      product: product.id,
      currency: "usd",
      unit_amount: PUBLISHER_PRICE_CENTS,
      recurring: { interval: "month" },
      lookup_key: PUBLISHER_PRICE_LOOKUP_KEY,
      metadata: { plan: "growth" },
    });
    note(`price ${PUBLISHER_PRICE_LOOKUP_KEY}`, p.id, true);
  }

  let webhookSecret: string | null = null;
  if (opts.webhookUrl) {
    const endpoints = await client.webhookEndpoints.list({ limit: 100 });
    const found = endpoints.data.find((w) => w.url === opts.webhookUrl);
    if (found) note(`webhook endpoint ${opts.webhookUrl}`, found.id, false);
    else {
      const w = await client.webhookEndpoints.create({
        url: opts.webhookUrl,
        enabled_events: WEBHOOK_EVENTS as Stripe.WebhookEndpointCreateParams.EnabledEvent[],
        description: "Regulars billing",
      });
      webhookSecret = w.secret ?? null;
      note(`webhook endpoint ${opts.webhookUrl}`, w.id, true);
    }
  }
  return { lines, webhookSecret };
}
