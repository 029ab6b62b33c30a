import "server-only";
import { db, pool, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import {
  LIMIT_KEYS,
  PLANS,
  TRIAL,
  fits,
  limitMessage,
  resolveBillingState,
  type TBillingConfig,
  type TBillingState,
  type TLimitKey,
  type TSubscriptionRow,
} from "./plans";

// A merchant's billing state, read from the database on every request that needs it (never
// cached in the process: a webhook handled by another instance holds at once everywhere), and
// the limit checks the places that create things call.

export function billingConfig(): TBillingConfig {
  const e = env();
  const billingEnabled = Boolean(e.STRIPE_SECRET_KEY);
  return { billingEnabled, defaultPlan: e.BILLING_DEFAULT_PLAN ?? (billingEnabled ? "free" : "pro") };
}

export const billingPath = (merchantSlug: string) => `/m/${merchantSlug}/settings/billing`;

type TStateRow = {
  plan: string | null;
  status: string | null;
  stripeSubscriptionId: string | null;
  trialEndsAt: Date | null;
  currentPeriodEnd: Date | null;
  cancelAtPeriodEnd: boolean | null;
  pPlan: string | null;
  pStatus: string | null;
  pSubscriptionId: string | null;
  pPeriodEnd: Date | null;
};

/** One query: the merchant's subscription and its publisher's, beside the merchant row. */
export const BILLING_STATE_COLUMNS = `s.plan, s.status, s."stripeSubscriptionId", s."trialEndsAt", s."currentPeriodEnd", s."cancelAtPeriodEnd",
  ps.plan AS "pPlan", ps.status AS "pStatus", ps."stripeSubscriptionId" AS "pSubscriptionId", ps."currentPeriodEnd" AS "pPeriodEnd"`;
export const BILLING_STATE_JOINS = `LEFT JOIN subscriptions s ON s."merchantId" = m.id LEFT JOIN publisher_subscriptions ps ON ps."publisherId" = m."publisherId"`;

export function billingStateFromRow(r: TStateRow | undefined, now: Date = new Date()): TBillingState {
  const own: TSubscriptionRow | null = r?.plan
    ? {
        plan: r.plan,
        status: r.status ?? "none",
        stripeSubscriptionId: r.stripeSubscriptionId,
        trialEndsAt: r.trialEndsAt,
        currentPeriodEnd: r.currentPeriodEnd,
        cancelAtPeriodEnd: r.cancelAtPeriodEnd ?? false,
      }
    : null;
  const publisher = r?.pPlan ? { plan: r.pPlan, status: r.pStatus ?? "none", stripeSubscriptionId: r.pSubscriptionId, currentPeriodEnd: r.pPeriodEnd } : null;
  return resolveBillingState(own, billingConfig(), now, publisher);
}

export async function getBillingState(merchantId: string, now: Date = new Date()): Promise<TBillingState> {
  const { rows } = await pool().query<TStateRow>(`SELECT ${BILLING_STATE_COLUMNS} FROM merchants m ${BILLING_STATE_JOINS} WHERE m.id = $1`, [merchantId]);
  return billingStateFromRow(rows[0], now);
}

/** The API-calls-a-day allowance as a token bucket in rate_limits (lib/throttle.ts): refills over 24 hours. */
export function apiDailyBucket(state: TBillingState): { capacity: number; refillPerSecond: number } | null {
  const limit = state.plan.limits.apiCallsPerDay;
  return limit === null ? null : { capacity: limit, refillPerSecond: limit / 86_400 };
}
export const apiDailyKey = (merchantId: string) => `api-day:${merchantId}`;

/** The first instant of this month (UTC): the promotional-email allowance counts from here. */
export function monthStart(now: Date = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}

type TCountable = Tx | typeof db;

/** How much of one limit is used now. Customers are counted up to `cap` (enough to compare with a limit). */
async function usedOf(client: TCountable, merchantId: string, key: TLimitKey, state: TBillingState, now: Date, cap?: number): Promise<number> {
  switch (key) {
    case "customers": {
      // Bounded by the limit: an index-only scan of at most limit+1 entries, whatever the list's size.
      const limit = cap ?? state.plan.limits.customers;
      const rows =
        limit === null
          ? await client.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM customers WHERE "merchantId" = ${merchantId}::uuid`
          : await client.$queryRaw<
              { n: bigint }[]
            >`SELECT count(*) AS n FROM (SELECT 1 FROM customers WHERE "merchantId" = ${merchantId}::uuid LIMIT ${limit + 1}) c`;
      return Number(rows[0]?.n ?? 0);
    }
    case "promotionalEmailsPerMonth": {
      // A campaign's recipients are counted when it starts (campaigns.audienceCount).
      const rows = await client.$queryRaw<{ n: bigint | null }[]>`
        SELECT sum("audienceCount") AS n FROM campaigns WHERE "merchantId" = ${merchantId}::uuid AND "startedAt" >= ${monthStart(now)}`;
      return Number(rows[0]?.n ?? 0);
    }
    case "staffSeats":
      return client.membership.count({ where: { merchantId } });
    case "pairedTablets":
      return client.counterDevice.count({ where: { merchantId, revokedAt: null } });
    case "automations":
      return client.automation.count({ where: { merchantId, enabled: true } });
    case "apiCallsPerDay": {
      const bucket = apiDailyBucket(state);
      const rows = await client.$queryRaw<{ tokens: number; elapsed: number }[]>`
        SELECT tokens, EXTRACT(EPOCH FROM clock_timestamp() - "updatedAt")::float8 AS elapsed FROM rate_limits WHERE "key" = ${apiDailyKey(merchantId)}`;
      const row = rows[0];
      if (!row || !bucket) return 0;
      const left = Math.min(bucket.capacity, row.tokens + Math.max(0, row.elapsed) * bucket.refillPerSecond);
      return Math.max(0, Math.round(bucket.capacity - left));
    }
  }
}

export type TUsage = Record<TLimitKey, number>;

/** One limit's usage now, read in the caller's transaction (e.g. under a lock it holds). */
export const usedIn = (client: TCountable, merchantId: string, key: TLimitKey, state: TBillingState, now: Date = new Date()) =>
  usedOf(client, merchantId, key, state, now);

/** One limit's usage now (customers counted only up to the plan's limit + 1: enough for a banner). */
export const usageOf = (merchantId: string, key: TLimitKey, state: TBillingState) => usedOf(db, merchantId, key, state, new Date());

/** Every limit's usage, for the billing page (customers counted in full). */
export async function getUsage(merchantId: string, state: TBillingState, now: Date = new Date()): Promise<TUsage> {
  const out = {} as TUsage;
  for (const key of LIMIT_KEYS) out[key] = await usedOf(db, merchantId, key, state, now);
  return out;
}

/**
 * Refuses (AppError PLAN_LIMIT, 402) when `adding` more of `key` would pass the plan's limit. Called
 * by the one function that creates each thing, inside its transaction when it has one, so a
 * request checks the plan as it is now.
 */
export async function assertWithinLimit(
  merchant: { id: string; slug?: string },
  key: TLimitKey,
  opts: { adding?: number; tx?: TCountable; state?: TBillingState; now?: Date } = {},
): Promise<void> {
  const now = opts.now ?? new Date();
  const state = opts.state ?? (await getBillingState(merchant.id, now));
  const limit = state.plan.limits[key];
  if (limit === null) return;
  const adding = opts.adding ?? 1;
  // Inside the caller's transaction, creations of one kind for one merchant take turns, so two
  // at once cannot both take the last place.
  if (opts.tx) await opts.tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`plan-limit:${merchant.id}:${key}`}, 0))`;
  const used = await usedOf(opts.tx ?? db, merchant.id, key, state, now);
  if (fits(state.plan, key, used, adding)) return;
  throw planLimitError(merchant, key, state, used);
}

export function planLimitError(merchant: { id: string; slug?: string }, key: TLimitKey, state: TBillingState, used: number): AppError {
  return new AppError("PLAN_LIMIT", limitMessage(state.plan, key, used), {
    details: {
      limit: key,
      allowed: state.plan.limits[key],
      used,
      plan: state.plan.id,
      ...(merchant.slug ? { upgradeUrl: `${env().APP_URL}${billingPath(merchant.slug)}` } : {}),
    },
  });
}

/** Why nothing more can be emailed this month on a plan that caps it (Free), or null while there is room. */
export async function emailAllowanceProblem(merchantId: string, state?: TBillingState, now: Date = new Date()): Promise<string | null> {
  const s = state ?? (await getBillingState(merchantId, now));
  const limit = s.plan.limits.promotionalEmailsPerMonth;
  if (limit === null || s.plan.emailOverage) return null;
  const used = await usedOf(db, merchantId, "promotionalEmailsPerMonth", s, now);
  return used >= limit ? limitMessage(s.plan, "promotionalEmailsPerMonth", used) : null;
}

export const SENDING_PAUSED_MESSAGE =
  "Promotions are paused because the last payment failed. Update the payment method on the Billing page; sending resumes as soon as the invoice is paid.";

/** Refuses a new send while a payment is past due (the counter, the list and exports keep working). */
export async function assertSendingAllowed(merchant: { id: string; slug?: string }, state?: TBillingState): Promise<TBillingState> {
  const s = state ?? (await getBillingState(merchant.id));
  if (s.sendingPaused) {
    throw new AppError("SENDING_PAUSED", SENDING_PAUSED_MESSAGE, {
      details: merchant.slug ? { upgradeUrl: `${env().APP_URL}${billingPath(merchant.slug)}` } : {},
    });
  }
  return s;
}

/** The trial a new merchant gets when billing is on: TRIAL.days of TRIAL.plan, no card. */
export function newMerchantSubscription(now: Date = new Date()) {
  if (!billingConfig().billingEnabled) return {};
  return { plan: TRIAL.plan, status: "trialing", trialEndsAt: new Date(now.getTime() + TRIAL.days * 86_400_000) };
}

export { PLANS };
