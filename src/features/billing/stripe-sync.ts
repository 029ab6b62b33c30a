import "server-only";
import type Stripe from "stripe";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { log } from "@/lib/logger";
import { stripe } from "@/lib/stripe";
import { recordAudit } from "@/lib/audit";
import { withPlatform, withTenant } from "@/lib/tenant";
import { PLAN_IDS, isPlanId, priceLookupKey, type TPlanId } from "@/features/plans/plans";

// Stripe webhooks (POST /api/stripe/webhook). Verified with the SDK on the raw body. Each event is
// applied once: its id goes into webhook_events in the same transaction as its effect, and a
// redelivery finds it there and changes nothing. The event itself is only a hint: whatever it
// says, the subscription is re-read from Stripe inside that transaction (under an advisory lock
// per subscription) and its current state is written — so events arriving late, twice or out of
// order all end in Stripe's latest state, never in an older one.
//
// Row-level security: a webhook belongs to no merchant until its subscription is matched. The
// match is a named platform path (our rows by Stripe's subscription or customer id), then the
// event is applied in that merchant's tenant scope; a publisher's subscription in the platform
// scope (its audit entry belongs to no merchant).

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
type TRef = { subscriptionId: string | null; customerId: string | null; merchantId: string | null; publisherId: string | null };
const NO_REF: TRef = { subscriptionId: null, customerId: null, merchantId: null, publisherId: null };

function subscriptionRef(event: Stripe.Event): TRef {
  const o = event.data.object as unknown as Record<string, unknown>;
  const meta = (o.metadata ?? {}) as Record<string, string>;
  const customerId = idOf(o.customer);
  if (event.type === "checkout.session.completed") {
    return {
      subscriptionId: idOf(o.subscription),
      customerId,
      merchantId: meta.merchantId ?? (o.client_reference_id as string | null) ?? null,
      publisherId: meta.publisherId ?? null,
    };
  }
  if (event.type.startsWith("customer.subscription."))
    return { subscriptionId: idOf(o.id), customerId, merchantId: meta.merchantId ?? null, publisherId: meta.publisherId ?? null };
  if (event.type.startsWith("invoice.")) {
    // API 2025+: parent.subscription_details.subscription; older: invoice.subscription.
    const parent = o.parent as { subscription_details?: { subscription?: unknown } } | null | undefined;
    return { subscriptionId: idOf(parent?.subscription_details?.subscription) ?? idOf(o.subscription), customerId, merchantId: null, publisherId: null };
  }
  return NO_REF;
}

/** Whose subscription it is: a merchant's, or a publisher's that pays for its merchants. */
type TOwner = { merchantId: string; publisherId?: undefined } | { publisherId: string; merchantId?: undefined };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ownerFromMeta = (merchantId: unknown, publisherId: unknown): TOwner | null =>
  typeof publisherId === "string" && UUID.test(publisherId) ? { publisherId } : typeof merchantId === "string" && UUID.test(merchantId) ? { merchantId } : null;

/**
 * The owner of a subscription: the metadata we put on it at Checkout (carried by the event), else
 * our own rows by Stripe's subscription or customer id — found in the platform scope, as no
 * merchant is known before this lookup — else the subscription's metadata as Stripe has it now.
 */
async function ownerOf(client: Stripe, ref: TRef): Promise<TOwner | null> {
  const fromEvent = ownerFromMeta(ref.merchantId, ref.publisherId);
  if (fromEvent || !ref.subscriptionId) return fromEvent;
  const subscriptionId = ref.subscriptionId;
  const byStripeIds = [{ stripeSubscriptionId: subscriptionId }, ...(ref.customerId ? [{ stripeCustomerId: ref.customerId }] : [])];
  const found = await withPlatform("stripe webhook: lookup by Stripe subscription or customer id", async (): Promise<TOwner | null> => {
    const own = await db.subscription.findFirst({ where: { OR: byStripeIds }, select: { merchantId: true } });
    if (own) return { merchantId: own.merchantId };
    const pub = await db.publisherSubscription.findFirst({ where: { OR: byStripeIds }, select: { publisherId: true } });
    return pub ? { publisherId: pub.publisherId } : null;
  });
  if (found) return found;
  const sub = await client.subscriptions.retrieve(subscriptionId);
  return ownerFromMeta(sub.metadata?.merchantId, sub.metadata?.publisherId);
}

/** Runs the work of one subscription in its owner's scope (see the top of this file). */
function inOwnerScope<T>(owner: TOwner | null, fn: () => Promise<T>): Promise<T> {
  if (owner?.merchantId) return withTenant(owner.merchantId, fn);
  if (owner?.publisherId) return withPlatform("stripe webhook: a publisher's subscription (its audit entry belongs to no merchant)", fn);
  return fn(); // nothing of a tenant is read or written: the event id only (webhook_events)
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
async function applySubscription(tx: Tx, sub: Stripe.Subscription, owner: TOwner) {
  const customerId = idOf(sub.customer);
  const publisherId = owner.publisherId;
  const plan = planOfSubscription(sub);
  const common = { stripeCustomerId: customerId, stripeSubscriptionId: sub.id, status: sub.status, currentPeriodEnd: periodEndOf(sub), syncedAt: new Date() };
  if (publisherId) {
    const quantity = sub.items?.data?.[0]?.quantity ?? 0;
    await tx.publisherSubscription.upsert({
      where: { publisherId },
      create: { publisherId, ...common, plan: plan ?? "growth", quantity },
      update: { ...common, ...(plan ? { plan } : {}), quantity },
    });
    await recordAudit(
      {
        publisherId,
        action: "billing.subscription_synced",
        entityType: "PublisherSubscription",
        entityId: sub.id,
        data: { status: sub.status, plan, quantity },
      },
      tx,
    );
    return { publisherId, status: sub.status };
  }
  const merchantId = owner.merchantId!;
  if (sub.metadata?.merchantId && sub.metadata.merchantId !== merchantId) {
    log.warn("stripe subscription names another merchant than the one it was matched to", { subscriptionId: sub.id, customerId, merchantId });
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
  await recordAudit(
    { merchantId, action: "billing.subscription_synced", entityType: "Subscription", entityId: sub.id, data: { status: sub.status, plan: data.plan } },
    tx,
  );
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
  const ref = HANDLED.has(event.type) ? subscriptionRef(event) : NO_REF;
  const owner = ref.subscriptionId ? await ownerOf(client, ref) : null;
  if (ref.subscriptionId && !owner) log.warn("stripe subscription for no known merchant", { subscriptionId: ref.subscriptionId, customerId: ref.customerId });
  // Re-reading needs a network call inside the transaction: give it time, but not forever.
  return inOwnerScope(owner, () =>
    db.$transaction(
      async (tx) => {
        if (ref.subscriptionId) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe-subscription:${ref.subscriptionId}`}, 0))`;
        const inserted = await tx.$executeRaw`INSERT INTO webhook_events (provider, "eventId") VALUES ('stripe', ${event.id}) ON CONFLICT DO NOTHING`;
        if (inserted === 0) return { status: 200, body: { received: true, duplicate: true } };
        if (!ref.subscriptionId) return { status: 200, body: { received: true, ignored: event.type } };
        if (!owner) return { status: 200, body: { received: true, unmatched: true } };
        // The event says something changed; Stripe says what is true now.
        const sub = await client.subscriptions.retrieve(ref.subscriptionId);
        const applied = await applySubscription(tx, sub, owner);
        log.info("stripe event applied", { eventId: event.id, type: event.type, subscriptionId: sub.id, status: sub.status });
        return { status: 200, body: { received: true, ...(applied ?? { unmatched: true }) } };
      },
      { timeout: 30_000, maxWait: 10_000 },
    ),
  );
}

/** Re-reads one subscription from Stripe and writes it (the CLI's `billing:sync`, and the page on return from Checkout). */
export async function syncSubscription(subscriptionId: string) {
  const client = stripe();
  if (!client) return null;
  const owner = await ownerOf(client, { ...NO_REF, subscriptionId });
  if (!owner) {
    log.warn("stripe subscription for no known merchant", { subscriptionId });
    return null;
  }
  return inOwnerScope(owner, () =>
    db.$transaction(
      async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`stripe-subscription:${subscriptionId}`}, 0))`;
        const sub = await client.subscriptions.retrieve(subscriptionId);
        return applySubscription(tx, sub, owner);
      },
      { timeout: 30_000, maxWait: 10_000 },
    ),
  );
}
