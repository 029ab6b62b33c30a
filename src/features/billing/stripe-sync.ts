import "server-only";
import type Stripe from "stripe";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { stripe } from "@/lib/stripe";
import { recordAudit } from "@/features/tenancy/audit";
import { PLAN_IDS, isPlanId, priceLookupKey, type TPlanId } from "./plans";

// Stripe webhooks (POST /api/stripe/webhook). Verified with the SDK on the raw body. Each event is
// applied once: its id goes into webhook_events in the same transaction as its effect, and a
// redelivery finds it there and changes nothing. The event itself is only a hint: whatever it
// says, the subscription is re-read from Stripe inside that transaction (under an advisory lock
// per subscription) and its current state is written — so events arriving late, twice or out of
// order all end in Stripe's latest state, never in an older one.

export type TWebhookResult = { status: number; body: Record<string, unknown> };

const HANDLED = new Set([
  "checkout.session.completed",
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
  "customer.subscription.paused",
  "customer.subscription.resumed",
  "customer.subscription.trial_will_end",
  "invoice.paid",
  "invoice.payment_succeeded",
  "invoice.payment_failed",
  "invoice.payment_action_required",
]);
export const WEBHOOK_EVENTS = [...HANDLED];

const idOf = (v: unknown): string | null => (typeof v === "string" ? v : v && typeof v === "object" && "id" in v ? String((v as { id: unknown }).id) : null);

/** The subscription an event is about, and who the Checkout was for. */
function subscriptionRef(event: Stripe.Event): { subscriptionId: string | null; merchantId: string | null; publisherId: string | null } {
  const o = event.data.object as unknown as Record<string, unknown>;
  const meta = (o.metadata ?? {}) as Record<string, string>;
  if (event.type === "checkout.session.completed") {
    return { subscriptionId: idOf(o.subscription), merchantId: meta.merchantId ?? (o.client_reference_id as string | null) ?? null, publisherId: meta.publisherId ?? null };
  }
  if (event.type.startsWith("customer.subscription.")) return { subscriptionId: idOf(o.id), merchantId: meta.merchantId ?? null, publisherId: meta.publisherId ?? null };
  if (event.type.startsWith("invoice.")) {
    // API 2025+: parent.subscription_details.subscription; older: invoice.subscription.
    const parent = o.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
    return { subscriptionId: idOf(parent?.subscription_details?.subscription) ?? idOf(o.subscription), merchantId: null, publisherId: null };
  }
  return { subscriptionId: null, merchantId: null, publisherId: null };
}

/** The plan a subscription pays for: its base price's lookup key, else its metadata. */
export function planOfSubscription(sub: Stripe.Subscription): TPlanId | null {
  for (const item of sub.items?.data ?? []) {
    const key = item.price?.lookup_key;
    for (const id of PLAN_IDS) if (id !== "free" && key === priceLookupKey(id, "base")) return id;
  }
  return isPlanId(sub.metadata?.plan) ? sub.metadata.plan : null;
}

function periodEndOf(sub: Stripe.Subscription): Date | null {
  const item = sub.items?.data?.[0] as (Stripe.SubscriptionItem & { current_period_end?: number }) | undefined;
  const legacy = (sub as unknown as { current_period_end?: number }).current_period_end;
  const end = item?.current_period_end ?? legacy;
  return end ? new Date(end * 1000) : null;
}

const LIVE = new Set(["trialing", "active", "past_due", "unpaid"]);

/**
 * Writes a subscription, as just read from Stripe, to its merchant (or publisher). A merchant that
 * has moved on to a newer live subscription is not overwritten by an old one's late news.
 */
async function applySubscription(tx: Tx, sub: Stripe.Subscription, hint: { merchantId: string | null; publisherId: string | null }) {
  const customerId = idOf(sub.customer);
  const publisherId = sub.metadata?.publisherId ?? hint.publisherId;
  const plan = planOfSubscription(sub);
  const common = { stripeCustomerId: customerId, stripeSubscriptionId: sub.id, status: sub.status, currentPeriodEnd: periodEndOf(sub), syncedAt: new Date() };
  if (publisherId) {
    const quantity = sub.items?.data?.[0]?.quantity ?? 0;
    await tx.publisherSubscription.upsert({
      where: { publisherId },
      create: { publisherId, ...common, plan: plan ?? "growth", quantity },
      update: { ...common, ...(plan ? { plan } : {}), quantity },
    });
    await recordAudit({ publisherId, action: "billing.subscription_synced", entityType: "PublisherSubscription", entityId: sub.id, data: { status: sub.status, plan, quantity } }, tx);
    return { publisherId, status: sub.status };
  }
  const merchantId =
    sub.metadata?.merchantId ??
    hint.merchantId ??
    (await tx.subscription.findFirst({ where: { OR: [{ stripeSubscriptionId: sub.id }, ...(customerId ? [{ stripeCustomerId: customerId }] : [])] }, select: { merchantId: true } }))?.merchantId ??
    null;
  if (!merchantId) {
    log.warn("stripe subscription for no known merchant", { subscriptionId: sub.id, customerId });
    return null;
  }
  const current = await tx.subscription.findUnique({ where: { merchantId }, select: { stripeSubscriptionId: true, status: true } });
  if (current?.stripeSubscriptionId && current.stripeSubscriptionId !== sub.id && LIVE.has(current.status) && !LIVE.has(sub.status)) {
    return { merchantId, status: current.status, ignored: true }; // an older subscription ending; the newer one stands
  }
  const data = {
    ...common,
    plan: plan ?? "free",
    trialEndsAt: sub.trial_end ? new Date(sub.trial_end * 1000) : null,
    cancelAtPeriodEnd: sub.cancel_at_period_end ?? false,
  };
  await tx.subscription.upsert({ where: { merchantId }, create: { merchantId, ...data }, update: data });
  await recordAudit({ merchantId, action: "billing.subscription_synced", entityType: "Subscription", entityId: sub.id, data: { status: sub.status, plan: data.plan } }, tx);
  return { merchantId, status: sub.status };
}

/** Verifies, dedupes and applies one webhook delivery. */
export async function handleStripeWebhook(rawBody: string, signature: string | null): Promise<TWebhookResult> {
  const client = stripe();
  const secret = env().STRIPE_WEBHOOK_SECRET;
  if (!client || !secret) return { status: 404, body: { error: "Billing is not configured on this server." } };
  let event: Stripe.Event;
  try {
    event = client.webhooks.constructEvent(rawBody, signature ?? "", secret);
  } catch {
    return { status: 400, body: { error: "The signature does not match this endpoint's secret." } };
  }
  const ref = HANDLED.has(event.type) ? subscriptionRef(event) : { subscriptionId: null, merchantId: null, publisherId: null };
  // Re-reading needs a network call inside the transaction: give it time, but not forever.
  return db.$transaction(
    async (tx) => {
      if (ref.subscriptionId) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe-subscription:${ref.subscriptionId}`}, 0))`;
      const inserted = await tx.$executeRaw`INSERT INTO webhook_events (provider, "eventId") VALUES ('stripe', ${event.id}) ON CONFLICT DO NOTHING`;
      if (inserted === 0) return { status: 200, body: { received: true, duplicate: true } };
      if (!ref.subscriptionId) return { status: 200, body: { received: true, ignored: event.type } };
      // The event says something changed; Stripe says what is true now.
      const sub = await client.subscriptions.retrieve(ref.subscriptionId);
      const applied = await applySubscription(tx, sub, ref);
      log.info("stripe event applied", { eventId: event.id, type: event.type, subscriptionId: sub.id, status: sub.status });
      return { status: 200, body: { received: true, ...(applied ?? { unmatched: true }) } };
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}

/** Re-reads one subscription from Stripe and writes it (the CLI's `billing:sync`, and the page on return from Checkout). */
export async function syncSubscription(subscriptionId: string) {
  const client = stripe();
  if (!client) return null;
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe-subscription:${subscriptionId}`}, 0))`;
      const sub = await client.subscriptions.retrieve(subscriptionId);
      return applySubscription(tx, sub, { merchantId: null, publisherId: null });
    },
    { timeout: 30_000, maxWait: 10_000 },
  );
}
