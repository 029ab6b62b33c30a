// The plans, in one typed place: what each costs, what it includes, and how a subscription's
// state turns into the plan a merchant is on. Pure: no database, no Stripe, so the page, the
// limits, the webhook and the CLI (billing:setup) all read the same table.

export const PLAN_IDS = ["free", "growth", "pro"] as const;
export type TPlanId = (typeof PLAN_IDS)[number];

/** What a plan limits. `null` in a plan means no limit. */
export const LIMIT_KEYS = ["customers", "promotionalEmailsPerMonth", "staffSeats", "pairedTablets", "automations", "apiCallsPerDay"] as const;
export type TLimitKey = (typeof LIMIT_KEYS)[number];

export type TPlan = {
  id: TPlanId;
  name: string;
  /** Monthly price in cents (USD); 0 for Free. */
  monthlyPriceCents: number;
  /** One line for the billing page. */
  summary: string;
  limits: Record<TLimitKey, number | null>;
  /**
   * Promotional emails past the monthly allowance: on a paid plan they are sent and billed as
   * metered overage (Stripe meter events); on Free the allowance is a hard stop.
   */
  emailOverage: { centsPerThousand: number } | null;
};

export const PLANS: Record<TPlanId, TPlan> = {
  free: {
    id: "free",
    name: "Free",
    monthlyPriceCents: 0,
    summary: "Capture every visit and try one promotion a month.",
    limits: { customers: 500, promotionalEmailsPerMonth: 500, staffSeats: 2, pairedTablets: 1, automations: 1, apiCallsPerDay: 1_000 },
    emailOverage: null,
  },
  growth: {
    id: "growth",
    name: "Growth",
    monthlyPriceCents: 4_900,
    summary: "For a busy single location that promotes every week.",
    limits: { customers: 10_000, promotionalEmailsPerMonth: 20_000, staffSeats: 10, pairedTablets: 3, automations: 4, apiCallsPerDay: 50_000 },
    emailOverage: { centsPerThousand: 150 },
  },
  pro: {
    id: "pro",
    name: "Pro",
    monthlyPriceCents: 14_900,
    summary: "Unlimited customers, more tablets and staff, the API at volume.",
    limits: { customers: null, promotionalEmailsPerMonth: 250_000, staffSeats: 50, pairedTablets: 20, automations: null, apiCallsPerDay: 1_000_000 },
    emailOverage: { centsPerThousand: 100 },
  },
};

/** A new merchant may try a paid plan for this long without a card. */
export const TRIAL = { plan: "growth" as TPlanId, days: 14 };

export const LIMIT_LABELS: Record<TLimitKey, { label: string; unit: string; one: string }> = {
  customers: { label: "Customers on the list", unit: "customers", one: "customer" },
  promotionalEmailsPerMonth: { label: "Promotional emails this month", unit: "emails", one: "email" },
  staffSeats: { label: "Team members", unit: "team members", one: "team member" },
  pairedTablets: { label: "Paired counter tablets", unit: "tablets", one: "tablet" },
  automations: { label: "Automations switched on", unit: "automations", one: "automation" },
  apiCallsPerDay: { label: "API calls in the last 24 hours", unit: "API calls", one: "API call" },
};

export const isPlanId = (v: unknown): v is TPlanId => typeof v === "string" && (PLAN_IDS as readonly string[]).includes(v);

/** Stripe lookup keys of each paid plan's prices (created by `npm run cli -- billing:setup`). */
export const priceLookupKey = (plan: Exclude<TPlanId, "free">, kind: "base" | "emails") => `regulars_${plan}_${kind === "base" ? "monthly" : "email_overage"}`;
/** The Stripe billing meter promotional emails are reported to. */
export const EMAIL_METER_EVENT = "regulars_promotional_emails";

// ── From a subscription row to the plan a merchant is on ────────────────────────────────────────

/** Stripe's subscription statuses we act on; "none" is a merchant that never subscribed. */
export type TSubscriptionStatus = "none" | "trialing" | "active" | "past_due" | "unpaid" | "canceled" | "incomplete" | "incomplete_expired" | "paused";

export type TSubscriptionRow = {
  plan: string;
  status: string;
  stripeSubscriptionId: string | null;
  trialEndsAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd?: boolean;
};

export type TBillingState = {
  plan: TPlan;
  /** Where the plan comes from, for the page's words. */
  source: "subscription" | "trial" | "default" | "publisher";
  status: TSubscriptionStatus;
  /** Past due or unpaid: promotions and automations wait until the payment is fixed. */
  sendingPaused: boolean;
  trialEndsAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean;
  billingEnabled: boolean;
};

export type TBillingConfig = { billingEnabled: boolean; defaultPlan: TPlanId };

/**
 * The plan a merchant is on now. A Stripe subscription that is live (trialing, active, past due)
 * decides; so does a trial the app granted that has not ended; anything else — no subscription, a
 * canceled one, a trial that ran out — is the default plan (Free when billing is on; with billing
 * off every merchant without one of those is on BILLING_DEFAULT_PLAN). Data is never touched by a
 * plan change: only what can be added next.
 */
export function resolveBillingState(
  row: TSubscriptionRow | null,
  config: TBillingConfig,
  now: Date = new Date(),
  /** The merchant's publisher's subscription, when the publisher pays for its merchants. */
  publisher: Pick<TSubscriptionRow, "plan" | "status" | "stripeSubscriptionId" | "currentPeriodEnd"> | null = null,
): TBillingState {
  const status = (row?.status ?? "none") as TSubscriptionStatus;
  const base = {
    trialEndsAt: row?.trialEndsAt ?? null,
    currentPeriodEnd: row?.currentPeriodEnd ?? null,
    cancelAtPeriodEnd: row?.cancelAtPeriodEnd ?? false,
    billingEnabled: config.billingEnabled,
  };
  if (row && isPlanId(row.plan) && row.stripeSubscriptionId && ["trialing", "active", "past_due", "unpaid"].includes(status)) {
    return { ...base, plan: PLANS[row.plan], source: "subscription", status, sendingPaused: status === "past_due" || status === "unpaid" };
  }
  if (publisher && isPlanId(publisher.plan) && publisher.stripeSubscriptionId && ["trialing", "active", "past_due", "unpaid"].includes(publisher.status)) {
    const paused = publisher.status === "past_due" || publisher.status === "unpaid";
    return {
      ...base,
      plan: PLANS[publisher.plan],
      source: "publisher",
      status: publisher.status as TSubscriptionStatus,
      sendingPaused: paused,
      trialEndsAt: null,
      currentPeriodEnd: publisher.currentPeriodEnd,
    };
  }
  if (row && isPlanId(row.plan) && !row.stripeSubscriptionId && status === "trialing" && row.trialEndsAt && row.trialEndsAt > now) {
    return { ...base, plan: PLANS[row.plan], source: "trial", status, sendingPaused: false };
  }
  return {
    ...base,
    plan: PLANS[config.defaultPlan],
    source: "default",
    status: status === "trialing" ? "none" : status,
    sendingPaused: false,
    trialEndsAt: status === "trialing" ? base.trialEndsAt : null,
  };
}

/** Whether one more of `key` fits: `used` is what exists now. */
export function fits(plan: TPlan, key: TLimitKey, used: number, adding = 1): boolean {
  const limit = plan.limits[key];
  if (limit === null) return true;
  if (key === "promotionalEmailsPerMonth" && plan.emailOverage) return true;
  return used + adding <= limit;
}

const nf = new Intl.NumberFormat("en-US");
export const formatCount = (n: number) => nf.format(n);

/** The plain-language refusal when a limit is reached, naming the plan, the limit and the fix. */
export function limitMessage(plan: TPlan, key: TLimitKey, used: number): string {
  const limit = plan.limits[key] ?? 0;
  const l = LIMIT_LABELS[key];
  const what = {
    customers: `The ${plan.name} plan keeps up to ${formatCount(limit)} customers on the list, and you have ${formatCount(used)}.`,
    promotionalEmailsPerMonth: `The ${plan.name} plan includes ${formatCount(limit)} promotional emails a month, and ${formatCount(used)} have gone out this month.`,
    staffSeats: `The ${plan.name} plan has ${formatCount(limit)} team ${limit === 1 ? "seat" : "seats"}, all taken.`,
    pairedTablets: `The ${plan.name} plan pairs up to ${formatCount(limit)} counter ${limit === 1 ? "tablet" : "tablets"}; unpair one or upgrade.`,
    automations: `The ${plan.name} plan runs up to ${formatCount(limit)} ${limit === 1 ? "automation" : "automations"} at once.`,
    apiCallsPerDay: `The ${plan.name} plan allows ${formatCount(limit)} ${l.unit} a day, and this merchant has used them.`,
  }[key];
  return `${what} Upgrade your plan on the Billing page to add more.`;
}
