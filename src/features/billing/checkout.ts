import "server-only";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { stripe } from "@/lib/stripe";
import { recordAudit } from "@/lib/audit";
import { PLANS, priceLookupKey, type TPlanId } from "@/features/plans/plans";
import { billingPath, getBillingState } from "@/features/plans/state";

// Stripe-hosted Checkout (subscribe) and Customer Portal (change plan, cancel, payment method,
// invoices). The app creates the sessions through the SDK and sends the owner there; what comes
// back is only ever trusted through the webhook (stripe-sync.ts).

export const BILLING_OFF_MESSAGE = "Billing is not set up on this server, so plans cannot be changed here.";

function client() {
  const c = stripe();
  if (!c) throw new AppError("CONFLICT", BILLING_OFF_MESSAGE);
  return c;
}

/** The merchant's Stripe customer, created once (the id is kept in subscriptions before any session uses it). */
async function ensureCustomer(merchant: { id: string; name: string }, email: string): Promise<string> {
  const row = await db.subscription.findUnique({ where: { merchantId: merchant.id }, select: { stripeCustomerId: true } });
  if (row?.stripeCustomerId) return row.stripeCustomerId;
  // The idempotency key makes two quick clicks one customer.
  const customer = await client().customers.create(
    { name: merchant.name, email, metadata: { merchantId: merchant.id } },
    { idempotencyKey: `customer:merchant:${merchant.id}` },
  );
  await db.subscription.upsert({
    where: { merchantId: merchant.id },
    create: { merchantId: merchant.id, stripeCustomerId: customer.id },
    update: { stripeCustomerId: customer.id },
  });
  return customer.id;
}

/** The base and metered-overage prices of a paid plan, by lookup key (created by billing:setup). */
async function planPrices(plan: Exclude<TPlanId, "free">) {
  const keys = [priceLookupKey(plan, "base"), priceLookupKey(plan, "emails")];
  const { data } = await client().prices.list({ lookup_keys: keys, active: true, limit: 10 });
  const base = data.find((p) => p.lookup_key === keys[0]);
  if (!base) throw new AppError("CONFLICT", "The plans are not set up in Stripe yet: run `npm run cli -- billing:setup`.");
  return { base, emails: data.find((p) => p.lookup_key === keys[1]) ?? null };
}

export async function createCheckoutSession(
  merchant: { id: string; slug: string; name: string },
  user: { id: string; email: string },
  plan: Exclude<TPlanId, "free">,
) {
  const state = await getBillingState(merchant.id);
  if (state.source === "subscription") {
    throw new AppError("CONFLICT", "This merchant already has a subscription: change the plan in the billing portal.");
  }
  const customer = await ensureCustomer(merchant, user.email);
  const prices = await planPrices(plan);
  const back = `${env().APP_URL}${billingPath(merchant.slug)}`;
  // A trial the app granted carries over: the first charge comes when it would have ended.
  const trialEnd =
    state.source === "trial" && state.trialEndsAt && state.trialEndsAt.getTime() > Date.now() + 48 * 3600_000
      ? Math.floor(state.trialEndsAt.getTime() / 1000)
      : undefined;
  const session = await client().checkout.sessions.create({
    mode: "subscription",
    customer,
    client_reference_id: merchant.id,
    metadata: { merchantId: merchant.id, plan },
    line_items: [{ price: prices.base.id, quantity: 1 }, ...(prices.emails ? [{ price: prices.emails.id }] : [])],
    subscription_data: { metadata: { merchantId: merchant.id, plan }, ...(trialEnd ? { trial_end: trialEnd } : {}) },
    success_url: `${back}?checkout=done`,
    cancel_url: `${back}?checkout=cancelled`,
  });
  await recordAudit({
    merchantId: merchant.id,
    actorUserId: user.id,
    action: "billing.checkout_started",
    entityType: "Subscription",
    entityId: session.id,
    data: { plan },
  });
  if (!session.url) throw new Error("Stripe returned a Checkout session without a URL");
  return { url: session.url, plan: PLANS[plan].name };
}

export async function createPortalSession(merchant: { id: string; slug: string }, user: { id: string }) {
  const row = await db.subscription.findUnique({ where: { merchantId: merchant.id }, select: { stripeCustomerId: true } });
  if (!row?.stripeCustomerId) throw new AppError("CONFLICT", "There is nothing to manage yet: choose a plan first.");
  const session = await client().billingPortal.sessions.create({ customer: row.stripeCustomerId, return_url: `${env().APP_URL}${billingPath(merchant.slug)}` });
  await recordAudit({
    merchantId: merchant.id,
    actorUserId: user.id,
    action: "billing.portal_opened",
    entityType: "Subscription",
    entityId: row.stripeCustomerId,
  });
  return { url: session.url };
}
