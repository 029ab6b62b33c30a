import { describe, expect, it } from "vitest";
import { BILLING_PLAN_IDS } from "@/lib/env";
import { LIMIT_KEYS, PLAN_IDS, PLANS, TRIAL, fits, limitMessage, resolveBillingState, type TSubscriptionRow } from "./plans";

const on = { billingEnabled: true, defaultPlan: "free" as const };
const off = { billingEnabled: false, defaultPlan: "pro" as const };
const now = new Date("2026-12-02T12:00:00Z");
const row = (r: Partial<TSubscriptionRow>): TSubscriptionRow => ({
  plan: "free",
  status: "none",
  stripeSubscriptionId: null,
  trialEndsAt: null,
  currentPeriodEnd: null,
  ...r,
});

describe("plans", () => {
  it("lists every limit for every plan, and the env's plan ids are the plans'", () => {
    expect([...BILLING_PLAN_IDS]).toEqual([...PLAN_IDS]);
    for (const id of PLAN_IDS) expect(Object.keys(PLANS[id].limits).sort()).toEqual([...LIMIT_KEYS].sort());
    expect(PLANS[TRIAL.plan].monthlyPriceCents).toBeGreaterThan(0);
    expect(TRIAL.days).toBe(14);
  });

  it("each paid plan allows at least what the plan below it does", () => {
    for (const key of LIMIT_KEYS) {
      const [f, g, p] = [PLANS.free, PLANS.growth, PLANS.pro].map((plan) => plan.limits[key] ?? Infinity);
      expect(g).toBeGreaterThanOrEqual(f!);
      expect(p).toBeGreaterThanOrEqual(g!);
    }
  });
});

describe("resolveBillingState", () => {
  it("puts a merchant with no subscription on the default plan: Free with billing on, the configured plan with it off", () => {
    expect(resolveBillingState(null, on, now).plan.id).toBe("free");
    expect(resolveBillingState(null, off, now)).toMatchObject({ plan: { id: "pro" }, source: "default", sendingPaused: false, billingEnabled: false });
  });

  it("honours the app's trial until it ends, then falls back to the default plan", () => {
    const trial = row({ plan: "growth", status: "trialing", trialEndsAt: new Date(now.getTime() + 86_400_000) });
    expect(resolveBillingState(trial, on, now)).toMatchObject({ plan: { id: "growth" }, source: "trial", status: "trialing" });
    const ended = { ...trial, trialEndsAt: new Date(now.getTime() - 1) };
    expect(resolveBillingState(ended, on, now)).toMatchObject({ plan: { id: "free" }, source: "default", status: "none" });
  });

  it("follows a live Stripe subscription; past due keeps the plan but pauses sending; canceled is Free", () => {
    const sub = row({ plan: "pro", status: "active", stripeSubscriptionId: "sub_1" });
    expect(resolveBillingState(sub, on, now)).toMatchObject({ plan: { id: "pro" }, source: "subscription", sendingPaused: false });
    expect(resolveBillingState({ ...sub, status: "past_due" }, on, now)).toMatchObject({ plan: { id: "pro" }, sendingPaused: true });
    expect(resolveBillingState({ ...sub, status: "unpaid" }, on, now).sendingPaused).toBe(true);
    expect(resolveBillingState({ ...sub, status: "canceled" }, on, now)).toMatchObject({ plan: { id: "free" }, status: "canceled", sendingPaused: false });
    expect(resolveBillingState({ ...sub, status: "incomplete" }, on, now).plan.id).toBe("free");
  });

  it("a publisher's live subscription covers a merchant without its own", () => {
    const publisher = { plan: "growth", status: "active", stripeSubscriptionId: "sub_p", currentPeriodEnd: null };
    expect(resolveBillingState(null, on, now, publisher)).toMatchObject({ plan: { id: "growth" }, source: "publisher" });
    expect(resolveBillingState(row({ plan: "pro", status: "active", stripeSubscriptionId: "sub_m" }), on, now, publisher).plan.id).toBe("pro");
    expect(resolveBillingState(null, on, now, { ...publisher, status: "canceled" }).plan.id).toBe("free");
  });
});

describe("fits and limitMessage", () => {
  it("stops at the limit, never for an unlimited one, and lets paid plans' emails run into metered overage", () => {
    expect(fits(PLANS.free, "pairedTablets", 0)).toBe(true);
    expect(fits(PLANS.free, "pairedTablets", 1)).toBe(false);
    expect(fits(PLANS.pro, "customers", 10_000_000)).toBe(true);
    expect(fits(PLANS.free, "promotionalEmailsPerMonth", 400, 101)).toBe(false);
    expect(fits(PLANS.growth, "promotionalEmailsPerMonth", 20_000, 5_000)).toBe(true);
  });

  it("names the plan, the limit and the way out", () => {
    const m = limitMessage(PLANS.free, "pairedTablets", 1);
    expect(m).toContain("Free plan");
    expect(m).toContain("1 counter tablet");
    expect(m).toMatch(/Upgrade your plan on the Billing page/);
  });
});
