import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { log } from "@/lib/logger";
import { stripe } from "@/lib/stripe";
import { recordAudit } from "@/lib/audit";
import { PLANS, isPlanId } from "@/features/plans/plans";
import { PUBLISHER_PRICE_CENTS, PUBLISHER_PRICE_LOOKUP_KEY } from "./setup";
import { billingConfig } from "@/features/plans/state";
import { BILLING_OFF_MESSAGE } from "./checkout";
import { withPlatform } from "@/lib/tenant";

// A publisher may pay for its merchants: one Stripe subscription on the per-merchant price whose
// quantity is the number of its merchants. While it is live, each of them without a subscription
// of its own is on its plan (plans.ts resolveBillingState). The quantity follows the merchants:
// onboarding one updates it through the SDK (prorated by Stripe), and the webhook records it.

const LIVE = new Set(["trialing", "active", "past_due", "unpaid"]);

export async function getPublisherBilling(publisherId: string) {
  const [row, merchants] = await Promise.all([db.publisherSubscription.findUnique({ where: { publisherId } }), db.merchant.count({ where: { publisherId } })]);
  const live = Boolean(row?.stripeSubscriptionId && LIVE.has(row.status));
  return {
    billingEnabled: billingConfig().billingEnabled,
    live,
    plan: PLANS[row && isPlanId(row.plan) ? row.plan : "growth"],
    status: row?.status ?? "none",
    quantity: row?.quantity ?? 0,
    merchants,
    currentPeriodEnd: row?.currentPeriodEnd ?? null,
    pricePerMerchantCents: PUBLISHER_PRICE_CENTS,
    hasCustomer: Boolean(row?.stripeCustomerId),
  };
}

function client() {
  const c = stripe();
  if (!c) throw new AppError("CONFLICT", BILLING_OFF_MESSAGE);
  return c;
}

export async function createPublisherCheckout(publisher: { id: string; slug: string; name: string }, user: { id: string; email: string }) {
  const current = await getPublisherBilling(publisher.id);
  if (current.live) throw new AppError("CONFLICT", "Your merchants are already paid for: change the subscription in the billing portal.");
  if (current.merchants === 0) throw new AppError("UNPROCESSABLE", "Onboard a merchant first: the subscription is priced per merchant.");
  const c = client();
  const row = await db.publisherSubscription.findUnique({ where: { publisherId: publisher.id }, select: { stripeCustomerId: true } });
  let customer = row?.stripeCustomerId;
  if (!customer) {
    customer = (
      await c.customers.create(
        { name: publisher.name, email: user.email, metadata: { publisherId: publisher.id } },
        { idempotencyKey: `customer:publisher:${publisher.id}` },
      )
    ).id;
    await db.publisherSubscription.upsert({
      where: { publisherId: publisher.id },
      create: { publisherId: publisher.id, stripeCustomerId: customer },
      update: { stripeCustomerId: customer },
    });
  }
  const { data } = await c.prices.list({ lookup_keys: [PUBLISHER_PRICE_LOOKUP_KEY], active: true, limit: 1 });
  if (!data[0]) throw new AppError("CONFLICT", "The publisher price is not set up in Stripe yet: run `npm run cli -- billing:setup`.");
  const back = `${env().APP_URL}/p/${publisher.slug}`;
  const session = await c.checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: publisher.id,
    metadata: { publisherId: publisher.id },
    line_items: [{ price: data[0].id, quantity: current.merchants }],
    subscription_data: { metadata: { publisherId: publisher.id, plan: "growth" } },
    success_url: `${back}?checkout=done`,
    cancel_url: back,
  });
  await recordAudit({
    publisherId: publisher.id,
    actorUserId: user.id,
    action: "billing.checkout_started",
    entityType: "PublisherSubscription",
    entityId: session.id,
    data: { quantity: current.merchants },
  });
  if (!session.url) throw new Error("Stripe returned a Checkout session without a URL");
  return { url: session.url };
}

export async function createPublisherPortal(publisher: { id: string; slug: string }) {
  const row = await db.publisherSubscription.findUnique({ where: { publisherId: publisher.id }, select: { stripeCustomerId: true } });
  if (!row?.stripeCustomerId) throw new AppError("CONFLICT", "There is nothing to manage yet.");
  const session = await client().billingPortal.sessions.create({ customer: row.stripeCustomerId, return_url: `${env().APP_URL}/p/${publisher.slug}` });
  return { url: session.url };
}

/** The publisher-quantity job (a merchant moved between publishers, features/tenancy/admin.ts): a named platform path. */
export function runPublisherQuantityJob(job: { publisherId: string }): Promise<number | null> {
  return withPlatform("worker: a publisher's subscription quantity", () => syncPublisherQuantity(job.publisherId));
}

/**
 * Sets the publisher's subscription quantity to its number of merchants (after one is onboarded or moved).
 * Never throws: a failure is logged, and the next onboarding or `billing:sync` corrects it.
 */
export async function syncPublisherQuantity(publisherId: string): Promise<number | null> {
  const c = stripe();
  if (!c) return null;
  try {
    const row = await db.publisherSubscription.findUnique({ where: { publisherId } });
    if (!row?.stripeSubscriptionId || !LIVE.has(row.status)) return null;
    const merchants = await db.merchant.count({ where: { publisherId } });
    const sub = await c.subscriptions.retrieve(row.stripeSubscriptionId);
    const item = sub.items.data[0];
    if (!item) return null;
    if (item.quantity !== merchants) {
      // The key names the target quantity: a retried update is the same request.
      await c.subscriptions.update(sub.id, { items: [{ id: item.id, quantity: merchants }] }, { idempotencyKey: `publisher-quantity:${sub.id}:${merchants}` });
    }
    await db.publisherSubscription.update({ where: { publisherId }, data: { quantity: merchants } });
    return merchants;
  } catch (err) {
    log.warn("could not update the publisher's subscription quantity", { publisherId, err: (err as Error).message });
    return null;
  }
}
