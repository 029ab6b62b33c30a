import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

// Billing against a local fake Stripe (tests/fakes/stripe-fake.ts): the real `stripe` SDK pointed
// at it with host/port/protocol, webhooks signed with the SDK's own test-header helper and posted
// to the real route handler, and PostgreSQL for everything the app keeps.
const session = vi.hoisted(() => ({
  user: null as null | { id: string; email: string; name: string; isPlatformAdmin: boolean; counterMerchantId: string | null; counterDeviceId: string | null },
}));
vi.mock("@/lib/auth", async (importOriginal) => ({ ...(await importOriginal<object>()), getCurrentUser: async () => session.user }));
vi.mock("next/cache", () => ({ revalidatePath: () => undefined }));

import { POST as webhookRoute } from "@/app/api/stripe/webhook/route";
import { openBillingPortalAction, startCheckoutAction } from "@/features/billing/actions";
import { priceLookupKey } from "@/features/plans/plans";
import { setupStripe } from "@/features/billing/setup";
import { getBillingState as getBillingStateOf } from "@/features/plans/state";
import { recordEmailUsage, reportEmailUsage, usageIdentifier } from "@/features/billing/usage";
import { createCampaign } from "@/features/campaigns/service";
import { runCampaignJob } from "@/features/campaigns/jobs";
import { stripe } from "@/lib/stripe";
import { db as appDb } from "@/lib/db";
import { withTenant } from "@/lib/tenant";
import { signEvent, startStripeFake, stripeEvent, type TStripeFake } from "../fakes/stripe-fake";
import { addCustomers, offPeakPromotion, staticGroup } from "./campaign-fixtures";
import { evaluateMerchant } from "@/features/automations/evaluate";
import { anyDayPromotion, automation, DAY, dealCustomers } from "./automation-fixtures";
import { db, inTenantOf, makeMerchant } from "./helpers";

// Feature functions called as their entry points call them: in the merchant's tenant scope.
const getBillingState = inTenantOf(getBillingStateOf);
const newCampaign = (
  m: { merchant: { id: string; slug: string; name: string; timeZone: string; currency: string } },
  input: { promotionId: string; groupId: string; holdoutPercent: number },
) => withTenant(m.merchant.id, () => appDb.$transaction((tx) => createCampaign(tx, m.merchant, input, {})));

const WEBHOOK_SECRET = "whsec_test_billing_secret_0123456789";
let fake: TStripeFake;

beforeAll(async () => {
  fake = await startStripeFake();
  // Before the first env() read, which caches the environment.
  Object.assign(process.env, fake.env, { STRIPE_SECRET_KEY: "sk_test_fake_billing", STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET });
  await setupStripe(stripe()!, { webhookUrl: "http://localhost:3999/api/stripe/webhook" });
});
afterAll(() => fake?.close());
beforeEach(() => {
  session.user = null;
});

type TMade = Awaited<ReturnType<typeof makeMerchant>>;
const signInAs = (u: { id: string; email: string }, counterMerchantId: string | null = null) => {
  session.user = {
    id: u.id,
    email: u.email,
    name: "Someone",
    isPlatformAdmin: false,
    counterMerchantId,
    counterDeviceId: counterMerchantId ? "00000000-0000-0000-0000-000000000000" : null,
  };
};

async function deliver(event: object, opts: { secret?: string; header?: string } = {}) {
  const { payload, header } = signEvent(event, opts.secret ?? WEBHOOK_SECRET);
  const res = await webhookRoute(
    new Request("http://localhost/api/stripe/webhook", {
      method: "POST",
      headers: { "content-type": "application/json", "stripe-signature": opts.header ?? header },
      body: payload,
    }),
  );
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The owner goes through Checkout for `plan`; Stripe creates the subscription and sends checkout.session.completed. */
async function subscribe(m: TMade, plan: "growth" | "pro" = "growth") {
  signInAs(m.owner);
  const started = await startCheckoutAction(m.merchant.slug, { plan });
  if (!started.ok) throw new Error(started.error);
  const checkout = [...fake.store.checkoutSessions.values()].at(-1)!;
  const sub = fake.createSubscription({
    customer: checkout.customer as string,
    lookupKey: priceLookupKey(plan, "base"),
    metadata: (checkout.subscription_data as { metadata: Record<string, string> }).metadata,
  });
  const completed = stripeEvent("checkout.session.completed", { ...checkout, status: "complete", subscription: sub.id });
  return { started: started.data, checkout, sub, completed };
}

const subscriptionRow = (m: TMade) => db.subscription.findUniqueOrThrow({ where: { merchantId: m.merchant.id } });

describe("Checkout", () => {
  it("creates a Stripe customer and a subscription Checkout for the plan's prices, and the completed checkout puts the merchant on the plan", async () => {
    const m = await makeMerchant("Checkout Bistro");
    expect((await getBillingState(m.merchant.id)).source).toBe("trial"); // billing on: a new merchant starts on the trial
    const { started, checkout, sub, completed } = await subscribe(m, "pro");
    expect(started.url).toMatch(/^https:\/\/checkout\.stripe\.test\//);
    expect(checkout).toMatchObject({ mode: "subscription", client_reference_id: m.merchant.id, customer: expect.stringMatching(/^cus_/) });
    const priceIds = (checkout.line_items_params as { price: string }[]).map((l) => fake.store.prices.get(l.price)?.lookup_key);
    expect(priceIds).toEqual([priceLookupKey("pro", "base"), priceLookupKey("pro", "emails")]);
    // The app's trial carries over into Stripe's.
    expect(Number((checkout.subscription_data as { trial_end?: string }).trial_end)).toBeGreaterThan(Date.now() / 1000 + 10 * 86_400);

    expect((await deliver(completed)).status).toBe(200);
    expect(await subscriptionRow(m)).toMatchObject({ plan: "pro", status: "active", stripeSubscriptionId: sub.id, stripeCustomerId: checkout.customer });
    expect(await getBillingState(m.merchant.id)).toMatchObject({ plan: { id: "pro" }, source: "subscription", sendingPaused: false });
    expect((await subscriptionRow(m)).currentPeriodEnd?.getTime()).toBeGreaterThan(Date.now() + 20 * 86_400_000);
  });

  it("opens the Customer Portal for the merchant's own Stripe customer", async () => {
    const m = await makeMerchant("Portal Bistro");
    const { completed } = await subscribe(m);
    await deliver(completed);
    signInAs(m.owner);
    const portal = await openBillingPortalAction(m.merchant.slug, {});
    expect(portal).toMatchObject({ ok: true, data: { url: expect.stringMatching(/^https:\/\/billing\.stripe\.test\//) } });
    const last = [...fake.store.portalSessions.values()].at(-1)!;
    expect(last.customer).toBe((await subscriptionRow(m)).stripeCustomerId);
  });

  it("refuses a bad plan with a plain message and creates nothing", async () => {
    const m = await makeMerchant("Bad Plan");
    signInAs(m.owner);
    const before = fake.store.checkoutSessions.size;
    const r = await startCheckoutAction(m.merchant.slug, { plan: "platinum" });
    expect(r).toMatchObject({ ok: false, fieldErrors: { plan: "Choose the Growth or the Pro plan." } });
    expect(fake.store.checkoutSessions.size).toBe(before);
  });
});

describe("POST /api/stripe/webhook", () => {
  it("refuses an unsigned, wrongly signed or tampered event with 400 and records nothing", async () => {
    const m = await makeMerchant("Forged");
    const { completed } = await subscribe(m);
    expect((await deliver(completed, { header: "t=1,v1=deadbeef" })).status).toBe(400);
    expect((await deliver(completed, { secret: "whsec_someone_else" })).status).toBe(400);
    const signed = signEvent(completed, WEBHOOK_SECRET);
    const tampered = await webhookRoute(
      new Request("http://localhost/api/stripe/webhook", {
        method: "POST",
        headers: { "stripe-signature": signed.header },
        body: signed.payload.replace('"complete"', '"open"'),
      }),
    );
    expect(tampered.status).toBe(400);
    expect(await db.webhookEvent.count({ where: { provider: "stripe", eventId: completed.id } })).toBe(0);
    expect((await subscriptionRow(m)).stripeSubscriptionId).toBeNull();
  });

  it("applies an event once: a redelivery changes nothing and does not even re-read Stripe", async () => {
    const m = await makeMerchant("Twice");
    const { completed, sub } = await subscribe(m);
    expect((await deliver(completed)).body).toMatchObject({ received: true, status: "active" });
    const reads = () => fake.requests.filter((r) => r.path === `/v1/subscriptions/${sub.id}`).length;
    const readsAfterFirst = reads();
    const before = await subscriptionRow(m);
    const again = await deliver(completed);
    expect(again).toMatchObject({ status: 200, body: { duplicate: true } });
    expect(reads()).toBe(readsAfterFirst);
    expect(await subscriptionRow(m)).toEqual(before);
    expect(await db.auditLog.count({ where: { merchantId: m.merchant.id, action: "billing.subscription_synced" } })).toBe(1);
  });

  it("out of order: an old 'active' event arriving after the payment failed leaves the merchant past due (Stripe is re-read)", async () => {
    const m = await makeMerchant("Late News");
    const { completed, sub } = await subscribe(m);
    const oldUpdate = stripeEvent("customer.subscription.updated", sub, { created: Math.floor(Date.now() / 1000) - 60 });
    await deliver(completed);
    fake.updateSubscription(sub.id, { status: "past_due" });
    await deliver(
      stripeEvent("invoice.payment_failed", {
        id: "in_1",
        object: "invoice",
        parent: { type: "subscription_details", subscription_details: { subscription: sub.id } },
      }),
    );
    expect((await subscriptionRow(m)).status).toBe("past_due");
    // The stale event says "active"; Stripe says past due.
    await deliver(oldUpdate);
    expect((await subscriptionRow(m)).status).toBe("past_due");
    expect((await getBillingState(m.merchant.id)).sendingPaused).toBe(true);
  });

  it("an event for a subscription with a newer one in place does not undo the newer one", async () => {
    const m = await makeMerchant("Second Sub");
    const first = await subscribe(m, "growth");
    await deliver(first.completed);
    const second = fake.createSubscription({
      customer: first.checkout.customer as string,
      lookupKey: priceLookupKey("pro", "base"),
      metadata: { merchantId: m.merchant.id, plan: "pro" },
    });
    await deliver(stripeEvent("customer.subscription.created", second));
    fake.updateSubscription(first.sub.id, { status: "canceled" });
    await deliver(stripeEvent("customer.subscription.deleted", fake.store.subscriptions.get(first.sub.id)!));
    expect(await subscriptionRow(m)).toMatchObject({ stripeSubscriptionId: second.id, plan: "pro", status: "active" });
  });

  it("answers 500 and records nothing when Stripe cannot be re-read, so Stripe delivers it again", async () => {
    const m = await makeMerchant("Stripe Down");
    const { completed } = await subscribe(m);
    fake.failNext.push(500, 500, 500); // the SDK retries twice
    const r = await deliver(completed).catch((e: unknown) => ({ status: 500, body: { error: String(e) } }));
    expect(r.status).toBe(500);
    expect(await db.webhookEvent.count({ where: { provider: "stripe", eventId: completed.id } })).toBe(0);
    expect((await deliver(completed)).status).toBe(200);
    expect((await subscriptionRow(m)).status).toBe("active");
  });
});

describe("a merchant who stops paying", () => {
  it("invoice.payment_failed pauses sending: a new campaign is refused and a scheduled one waits; paid again, it sends", async () => {
    const m = await makeMerchant("Past Due");
    const { completed, sub } = await subscribe(m);
    await deliver(completed);
    const ids = await addCustomers(m.merchant.id, { n: 3, prefix: `pd${Date.now()}` });
    const group = await staticGroup(m.merchant.id, "All", ids);
    const promotion = await offPeakPromotion(m.merchant.id);
    const scheduled = await newCampaign(m, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 });

    fake.updateSubscription(sub.id, { status: "past_due" });
    await deliver(stripeEvent("invoice.payment_failed", { id: "in_2", object: "invoice", parent: { subscription_details: { subscription: sub.id } } }));

    await expect(newCampaign(m, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 })).rejects.toMatchObject({
      code: "SENDING_PAUSED",
      status: 402,
    });
    expect(await runCampaignJob({ merchantId: m.merchant.id, campaignId: scheduled.id })).toEqual({ status: "paused", sent: 0 });
    expect(await db.campaign.findUniqueOrThrow({ where: { merchantId_id: { merchantId: m.merchant.id, id: scheduled.id } } })).toMatchObject({
      status: "scheduled",
    });
    // The list and the customers are untouched.
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(3);

    fake.updateSubscription(sub.id, { status: "active" });
    await deliver(stripeEvent("invoice.paid", { id: "in_3", object: "invoice", parent: { subscription_details: { subscription: sub.id } } }));
    expect(await runCampaignJob({ merchantId: m.merchant.id, campaignId: scheduled.id })).toMatchObject({ status: "sending", sent: 3 });
  });

  it("past due, automations wait and claim nothing; paid again, the same occasions go out", async () => {
    const m = await makeMerchant("Past Due Automations");
    const merchant = { id: m.merchant.id, timeZone: m.merchant.timeZone };
    const { completed, sub } = await subscribe(m);
    await deliver(completed);
    const promotion = await anyDayPromotion(m.merchant.id);
    await dealCustomers(merchant, { n: 4, prefix: `pda${Date.now()}`, at: new Date(Date.now() - 14 * DAY) });
    await automation(merchant, promotion.id, { kind: "second_visit", settings: { days: 14 } });

    fake.updateSubscription(sub.id, { status: "past_due" });
    await deliver(stripeEvent("invoice.payment_failed", { id: "in_pda1", object: "invoice", parent: { subscription_details: { subscription: sub.id } } }));
    expect(await evaluateMerchant(m.merchant.id, new Date())).toEqual([expect.objectContaining({ outcome: "skipped", reason: "payment past due" })]);
    expect(await db.automationOccasion.count({ where: { merchantId: m.merchant.id } })).toBe(0);

    fake.updateSubscription(sub.id, { status: "active" });
    await deliver(stripeEvent("invoice.paid", { id: "in_pda2", object: "invoice", parent: { subscription_details: { subscription: sub.id } } }));
    expect((await evaluateMerchant(m.merchant.id, new Date()))[0]).toMatchObject({ outcome: "fired", sent: 4 });
  });

  it("canceled: back to Free with every customer and campaign kept", async () => {
    const m = await makeMerchant("Canceled");
    const { completed, sub } = await subscribe(m, "pro");
    await deliver(completed);
    await addCustomers(m.merchant.id, { n: 5, prefix: `cx${Date.now()}` });
    fake.updateSubscription(sub.id, { status: "canceled" });
    await deliver(stripeEvent("customer.subscription.deleted", fake.store.subscriptions.get(sub.id)!));
    expect(await getBillingState(m.merchant.id)).toMatchObject({ plan: { id: "free" }, status: "canceled", source: "default" });
    expect(await db.customer.count({ where: { merchantId: m.merchant.id } })).toBe(5);
  });
});

describe("usage reported to Stripe's meter", () => {
  it("reports each sent batch once, with its merchant+month+campaign+batch identifier, across a retried job", async () => {
    const m = await makeMerchant("Metered");
    const { completed } = await subscribe(m);
    await deliver(completed);
    const customer = (await subscriptionRow(m)).stripeCustomerId!;
    const campaignId = crypto.randomUUID();
    await db.$transaction((tx) => recordEmailUsage(tx, m.merchant.id, campaignId, 0, 100));
    await db.$transaction((tx) => recordEmailUsage(tx, m.merchant.id, campaignId, 1, 42));
    await db.$transaction((tx) => recordEmailUsage(tx, m.merchant.id, campaignId, 1, 42)); // the same batch again: one row

    // The first run reaches Stripe but dies before marking the rows reported (a killed worker).
    const update = vi.spyOn(appDb.usageReport, "update").mockRejectedValueOnce(new Error("worker killed"));
    await expect(reportEmailUsage()).rejects.toThrow("worker killed");
    update.mockRestore();
    // The retried job sends the same identifiers; Stripe keeps one event each.
    await reportEmailUsage();
    await reportEmailUsage();

    const mine = [...fake.meterEvents.values()].filter((e) => (e.payload as { stripe_customer_id: string }).stripe_customer_id === customer);
    expect(mine.map((e) => [e.identifier, (e.payload as { value: string }).value]).sort()).toEqual([
      [usageIdentifier(m.merchant.id, new Date(), campaignId, 0), "100"],
      [usageIdentifier(m.merchant.id, new Date(), campaignId, 1), "42"],
    ]);
    expect(mine[0]!.event_name).toBe("regulars_promotional_emails");
    expect(await db.usageReport.count({ where: { merchantId: m.merchant.id, reportedAt: null } })).toBe(0);
  });

  it("a real send writes one usage row per batch in the batch's own transaction", async () => {
    const m = await makeMerchant("Sent Usage");
    const { completed } = await subscribe(m);
    await deliver(completed);
    const ids = await addCustomers(m.merchant.id, { n: 150, prefix: `su${Date.now()}` });
    const group = await staticGroup(m.merchant.id, "All", ids);
    const promotion = await offPeakPromotion(m.merchant.id);
    const c = await newCampaign(m, { promotionId: promotion.id, groupId: group.id, holdoutPercent: 0 });
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: c.id });
    await runCampaignJob({ merchantId: m.merchant.id, campaignId: c.id }); // a retried job sends nothing more
    const rows = await db.usageReport.findMany({ where: { merchantId: m.merchant.id }, orderBy: { identifier: "asc" } });
    expect(rows.map((r) => r.quantity)).toEqual([100, 50]);
  }, 60_000);
});

describe("billing actions: tenant isolation", () => {
  it("another merchant's owner gets 'not found'; staff and a counter PIN session are refused", async () => {
    const a = await makeMerchant("Iso A");
    const b = await makeMerchant("Iso B");
    const before = fake.store.checkoutSessions.size;
    signInAs(b.owner);
    expect(await startCheckoutAction(a.merchant.slug, { plan: "growth" })).toEqual({ ok: false, error: "That merchant was not found." });
    expect(await openBillingPortalAction(a.merchant.slug, {})).toEqual({ ok: false, error: "That merchant was not found." });
    signInAs(a.staff);
    expect(await startCheckoutAction(a.merchant.slug, { plan: "growth" })).toMatchObject({ ok: false, error: "Only an owner can do that." });
    signInAs(a.owner, a.merchant.id); // the owner's own PIN on the counter tablet
    expect(await startCheckoutAction(a.merchant.slug, { plan: "growth" })).toMatchObject({ ok: false, error: expect.stringContaining("counter only") });
    expect(fake.store.checkoutSessions.size).toBe(before);
  });
});

describe("billing:setup", () => {
  it("created the meter, one product per paid plan plus the publishers', their prices by lookup key, and the webhook endpoint for the events handled", () => {
    expect([...fake.store.meters.values()].map((m) => m.event_name)).toEqual(["regulars_promotional_emails"]);
    const keys = [...fake.store.prices.values()].map((p) => p.lookup_key).sort();
    expect(keys).toEqual([
      "regulars_growth_email_overage",
      "regulars_growth_monthly",
      "regulars_pro_email_overage",
      "regulars_pro_monthly",
      "regulars_publisher_growth_per_merchant",
    ]);
    const overage = [...fake.store.prices.values()].find((p) => p.lookup_key === "regulars_growth_email_overage")!;
    expect(overage).toMatchObject({ billing_scheme: "tiered", recurring: { usage_type: "metered" } });
    expect((overage.tiers as { up_to: string }[])[0]!.up_to).toBe("20000"); // Growth's included emails
    const endpoint = [...fake.store.webhookEndpoints.values()][0]!;
    expect(endpoint.url).toBe("http://localhost:3999/api/stripe/webhook");
    expect(endpoint.enabled_events).toEqual(
      expect.arrayContaining([
        "checkout.session.completed",
        "customer.subscription.updated",
        "customer.subscription.deleted",
        "invoice.payment_failed",
        "invoice.paid",
      ]),
    );
  });

  it("the CLI command reuses what exists, prints a new endpoint's signing secret once, and changes nothing on a second run", async () => {
    const { execFile } = await import("node:child_process");
    const { promisify } = await import("node:util");
    const cli = (...args: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "--conditions=react-server", "src/cli/index.ts", ...args], {
        env: { ...process.env, LOG_LEVEL: "warn" },
      });
    const products = fake.store.products.size;
    const first = JSON.parse((await cli("billing:setup", "--webhook-url", "https://regulars.example.com/api/stripe/webhook", "--json")).stdout);
    expect(first.webhookSecret).toMatch(/^whsec_/);
    expect(first.lines.filter((l: { created: boolean }) => l.created).map((l: { what: string }) => l.what)).toEqual([
      "webhook endpoint https://regulars.example.com/api/stripe/webhook",
    ]);
    const second = JSON.parse((await cli("billing:setup", "--webhook-url", "https://regulars.example.com/api/stripe/webhook", "--json")).stdout);
    expect(second.webhookSecret).toBeNull();
    expect(second.lines.every((l: { created: boolean }) => !l.created)).toBe(true);
    expect(fake.store.products.size).toBe(products);
    expect(fake.store.webhookEndpoints.size).toBe(2);
  }, 120_000);
});

describe("a publisher that pays for its merchants", () => {
  it("subscribes per merchant, covers each merchant without its own plan, and follows onboarding with the quantity", async () => {
    const { createUser } = await import("@/features/tenancy/admin-commands");
    const { onboardMerchant: createMerchant } = await import("@/features/billing/onboarding");
    const { startPublisherCheckoutAction } = await import("@/features/billing/actions");
    const tag = Date.now().toString(36);
    const publisher = await db.publisher.create({ data: { slug: `pub-${tag}`, name: "City Deals" } });
    const m1 = await createMerchant({ name: "Pub One", slug: `pub-one-${tag}`, timeZone: "America/New_York", publisherSlug: publisher.slug });
    await createMerchant({ name: "Pub Two", slug: `pub-two-${tag}`, timeZone: "America/New_York", publisherSlug: publisher.slug });
    const admin = await createUser({ email: `admin-${tag}@example.com`, publisherSlug: publisher.slug });
    signInAs(admin);
    const r = await startPublisherCheckoutAction(publisher.slug, {});
    expect(r).toMatchObject({ ok: true, data: { url: expect.stringContaining("checkout.stripe.test") } });
    const checkout = [...fake.store.checkoutSessions.values()].at(-1)!;
    expect(checkout.line_items_params).toEqual([{ price: expect.any(String), quantity: "2" }]);
    const sub = fake.createSubscription({
      customer: checkout.customer as string,
      lookupKey: "regulars_publisher_growth_per_merchant",
      quantity: 2,
      metadata: { publisherId: publisher.id, plan: "growth" },
    });
    await deliver(stripeEvent("checkout.session.completed", { ...checkout, subscription: sub.id }));
    expect(await db.publisherSubscription.findUniqueOrThrow({ where: { publisherId: publisher.id } })).toMatchObject({
      status: "active",
      quantity: 2,
      plan: "growth",
    });
    // Billing is on, so a new merchant has its own trial; once it ends, the publisher's plan covers it.
    await db.subscription.update({ where: { merchantId: m1.id }, data: { trialEndsAt: new Date(Date.now() - 1000) } });
    expect(await getBillingState(m1.id)).toMatchObject({ plan: { id: "growth" }, source: "publisher" });

    await createMerchant({ name: "Pub Three", slug: `pub-three-${tag}`, timeZone: "America/New_York", publisherSlug: publisher.slug });
    expect((sub.items as { data: { quantity: number }[] }).data[0]!.quantity).toBe(3);
    expect((await db.publisherSubscription.findUniqueOrThrow({ where: { publisherId: publisher.id } })).quantity).toBe(3);

    // The platform admin moves a merchant away: a job per publisher whose count changed, and the job sets the quantity.
    const { assignMerchantToPublisher } = await import("@/features/tenancy/admin");
    const { runPublisherQuantityJob } = await import("@/features/billing/publisher");
    const { withPlatform } = await import("@/lib/tenant");
    await withPlatform("test: the platform admin moves a merchant", () =>
      assignMerchantToPublisher({ merchantId: m1.id, publisherId: null }, { userId: admin.id }),
    );
    const jobs = await db.$queryRaw<
      { data: { publisherId: string } }[]
    >`SELECT data FROM pgboss.job WHERE name = 'publisher-quantity' AND data->>'publisherId' = ${publisher.id}`;
    expect(jobs).toHaveLength(1);
    await runPublisherQuantityJob(jobs[0]!.data);
    expect((sub.items as { data: { quantity: number }[] }).data[0]!.quantity).toBe(2);
    expect((await db.publisherSubscription.findUniqueOrThrow({ where: { publisherId: publisher.id } })).quantity).toBe(2);
  });

  it("another publisher's admin, a member who is no admin and a PIN session get 'not found' (publisherAction's one answer)", async () => {
    const { createUser } = await import("@/features/tenancy/admin-commands");
    const { startPublisherCheckoutAction } = await import("@/features/billing/actions");
    const tag = Date.now().toString(36);
    const mine = await db.publisher.create({ data: { slug: `mine-${tag}`, name: "Mine" } });
    const theirs = await db.publisher.create({ data: { slug: `theirs-${tag}`, name: "Theirs" } });
    const outsider = await createUser({ email: `outsider-${tag}@example.com`, publisherSlug: theirs.slug });
    signInAs(outsider);
    expect(await startPublisherCheckoutAction(mine.slug, {})).toEqual({ ok: false, error: "That publisher was not found." });
    const member = await createUser({ email: `member-${tag}@example.com`, publisherSlug: mine.slug });
    await db.publisherMembership.update({ where: { publisherId_userId: { publisherId: mine.id, userId: member.id } }, data: { role: "member" } });
    signInAs(member);
    expect(await startPublisherCheckoutAction(mine.slug, {})).toEqual({ ok: false, error: "That publisher was not found." });
    await db.publisherMembership.update({ where: { publisherId_userId: { publisherId: mine.id, userId: member.id } }, data: { role: "admin" } });
    signInAs(member, crypto.randomUUID());
    expect(await startPublisherCheckoutAction(mine.slug, {})).toEqual({ ok: false, error: "That publisher was not found." });
  });
});
