import { env } from "@/lib/env";
import "server-only";
import type { z } from "zod";
import { defineAction, defineRoute, chain, withPermission, withUser, type TRouteSeed } from "@/lib/chain";
import { AppError } from "@/lib/errors";
import { suspendedError } from "@/lib/suspension";
import { VIEW_ONLY_MESSAGE, type TPermission } from "@/lib/permissions";
import { withPlatform, withPublisher, withTenant } from "@/lib/tenant";
import type { TSessionUser } from "@/lib/auth";
import { takeTokenPair } from "@/lib/throttle";
import { apiDailyBucket, apiDailyKey, planLimitError } from "@/features/plans/state";
import { resolveApiKey } from "./api-keys";
import { resolveMerchantContext, resolvePublisherContext, type TMerchantContext, type TPublisherContext } from "./queries";

// The tenant steps of the request chain (lib/chain.ts) and the clients built from them:
//   merchantAction   session → merchant from the slug → permission → input → handler
//   merchantRoute    session → merchant from the URL's [merchant] → permission → handler
//   apiRoute         API key (its merchant) → rate limit → handler
//   publisherAction  session → publisher from the slug (an admin) → input → handler
//   publisherRoute   session → publisher from the URL's [publisher] (any member) → handler
//   platformAction   session → a platform admin → input → handler, in the platform scope
// Each answers in the chain's one shape: a result object (actions) or problem+json (routes).
// Once a step has found the merchant, the handler runs in that merchant's tenant scope
// (lib/tenant.ts): every query it makes is bound by row-level security to that merchant's rows,
// whatever its own filter says (docs/operations.md).

/**
 * Step: the merchant membership from the slug, never from the client (STYLE.md 2). The one call of
 * resolveMerchantContext in the chain; a non-member gets the same 404 as an unknown merchant.
 */
export async function withMerchant(ctx: { user: TMerchantContext["user"] }, merchantSlug: string): Promise<TMerchantContext> {
  const resolved = await resolveMerchantContext(ctx.user, merchantSlug);
  if (!resolved) throw new AppError("NOT_FOUND", "That merchant was not found.");
  // Told only to someone who may see the merchant: a stranger still gets the 404 above.
  if (resolved.merchant.suspendedAt) throw suspendedError(resolved.merchant.suspendedReason);
  return resolved;
}

// Per API key, held in PostgreSQL so every app instance draws on one bucket; generous for a POS
// syncing a busy day, tight enough to stop a runaway script.
const apiKeyBucket = () => ({ capacity: env().API_RATE_LIMIT_BURST, refillPerSecond: env().API_RATE_LIMIT_PER_SECOND });

export type TApiContext = NonNullable<Awaited<ReturnType<typeof resolveApiKey>>>;

/** Step: the merchant of the bearer API key (401 without a valid one), within the key's rate limit (429). */
export async function withApiKey(_ctx: object, seed: { request: Request }): Promise<TApiContext> {
  const key = (seed.request.headers.get("authorization") ?? "").match(/^Bearer\s+(\S+)$/i)?.[1];
  const ctx = key ? await resolveApiKey(key) : null;
  if (!ctx) throw new AppError("UNAUTHORIZED", "Send a valid API key as `Authorization: Bearer <key>`.", { headers: { "www-authenticate": "Bearer" } });
  // A suspended merchant's keys are refused before they draw on any bucket (lib/suspension.ts).
  if (ctx.suspension) throw suspendedError(ctx.suspension.reason);
  // In the key's tenant scope, like the handler after it (the connection keeps one scope per
  // request): the key's burst bucket, then the merchant's plan allowance of API calls a day (a
  // bucket that refills over 24 hours, shared by all its keys), in one round trip.
  const daily = apiDailyBucket(ctx.billing);
  const taken = await withTenant(ctx.merchant.id, () =>
    takeTokenPair({ key: `api-key:${ctx.apiKeyId}`, ...apiKeyBucket() }, daily && { key: apiDailyKey(ctx.merchant.id), ...daily }),
  );
  if (!taken.first.ok) {
    const wait = taken.first.retryAfterSeconds;
    throw new AppError("RATE_LIMITED", `This API key is over its rate limit; retry in ${wait} s.`, { headers: { "retry-after": String(wait) } });
  }
  if (!taken.second.ok) {
    const e = planLimitError(ctx.merchant, "apiCallsPerDay", ctx.billing, ctx.billing.plan.limits.apiCallsPerDay ?? 0);
    throw new AppError("PLAN_LIMIT", e.message, { details: e.details, headers: { "retry-after": String(taken.second.retryAfterSeconds) } });
  }
  return ctx;
}

/** Step: refuses a read-only view (view-as.ts) whatever the permission: an action changes something. */
export const withWriteAccess = (ctx: { sessionKind: TMerchantContext["sessionKind"] }): object => {
  if (ctx.sessionKind === "view") throw new AppError("FORBIDDEN", VIEW_ONLY_MESSAGE, { details: { readOnly: true } });
  return {};
};

/** A server action inside one merchant, called as `(merchantSlug, input)`. */
export function merchantAction<S extends z.ZodType, R>(
  opts: { permission: TPermission; schema: S; name: string },
  handler: (input: z.infer<S>, ctx: TMerchantContext) => Promise<R>,
) {
  const steps = chain<string>()
    .use(withUser)
    .use((ctx, merchantSlug) => withMerchant(ctx, merchantSlug))
    .use(withWriteAccess)
    .use(withPermission(opts.permission));
  return defineAction(steps, { ...opts, context: (merchantSlug) => ({ merchantSlug }) }, (input, ctx) =>
    withTenant(ctx.merchant.id, () => handler(input, ctx)),
  );
}

/** A route under /m/[merchant] that the signed-in app calls with fetch (the counter, the import wizard …). */
export function merchantRoute<P extends { merchant: string }>(
  permission: TPermission,
  handler: (request: Request, ctx: TMerchantContext, params: P) => Promise<Response>,
) {
  const steps = chain<TRouteSeed<P>>()
    .use(withUser)
    .use((ctx, { params }) => withMerchant(ctx, params.merchant))
    // A read-only view may GET (the counter's lookups, a campaign's progress) and nothing else.
    .use((ctx, { request }) => (request.method === "GET" || request.method === "HEAD" ? {} : withWriteAccess(ctx)))
    .use(withPermission(permission));
  return defineRoute(steps, (request, ctx, params) => withTenant(ctx.merchant.id, () => handler(request, ctx, params)));
}

/** A REST API v1 route: bearer key, rate limit, problem+json (API.md). */
export function apiRoute<P = Record<string, never>>(handler: (request: Request, ctx: TApiContext, params: P) => Promise<Response>) {
  return defineRoute(chain<TRouteSeed<P>>().use(withApiKey), (request, ctx, params) => withTenant(ctx.merchant.id, () => handler(request, ctx, params)));
}

/** Step: the publisher from its slug; an admin, unless `read` (404 for anyone else, like a missing publisher). */
export const withPublisherMembership =
  (opts: { read?: boolean } = {}) =>
  async (ctx: { user: TPublisherContext["user"] }, publisherSlug: string): Promise<Omit<TPublisherContext, "user">> => {
    const resolved = await resolvePublisherContext(ctx.user, publisherSlug);
    if (!resolved || (!opts.read && resolved.role !== "admin")) throw new AppError("NOT_FOUND", "That publisher was not found.");
    return { publisher: resolved.publisher, role: resolved.role };
  };

/** A server action of the publisher console, called as `(publisherSlug, input)`; admins only; runs in the publisher's scope. */
export function publisherAction<S extends z.ZodType, R>(opts: { schema: S; name: string }, handler: (input: z.infer<S>, ctx: TPublisherContext) => Promise<R>) {
  const steps = chain<string>()
    .use(withUser)
    .use((ctx, publisherSlug) => withPublisherMembership()(ctx, publisherSlug));
  return defineAction(steps, { ...opts, context: (publisherSlug) => ({ publisherSlug }) }, (input, ctx) =>
    withPublisher(ctx.publisher.id, () => handler(input, ctx)),
  );
}

/** A route under /p/[publisher] (CSV exports); any member of the publisher may read; runs in the publisher's scope. */
export function publisherRoute<P extends { publisher: string }>(handler: (request: Request, ctx: TPublisherContext, params: P) => Promise<Response>) {
  const steps = chain<TRouteSeed<P>>()
    .use(withUser)
    .use((ctx, { params }) => withPublisherMembership({ read: true })(ctx, params.publisher));
  return defineRoute(steps, (request, ctx, params) => withPublisher(ctx.publisher.id, () => handler(request, ctx, params)));
}

/**
 * Step: a platform admin on a password session. Anyone else — a merchant's owner, a publisher's
 * admin, a PIN session of a platform admin — gets the 404 of a page that does not exist.
 */
export const withPlatformAdmin = (ctx: { user: TSessionUser }): object => {
  if (!ctx.user.isPlatformAdmin || ctx.user.counterMerchantId) throw new AppError("NOT_FOUND", "That page was not found.");
  return {};
};

/**
 * A server action of the platform admin (/admin), called as `(input)`. Runs in the platform scope
 * (lib/tenant.ts), named after the action so the logs say which admin path read across merchants.
 */
export function platformAction<S extends z.ZodType, R>(
  opts: { schema: S; name: string },
  handler: (input: z.infer<S>, ctx: { user: TSessionUser }) => Promise<R>,
) {
  const steps = chain<void>().use(withUser).use(withPlatformAdmin);
  const action = defineAction(steps, opts, (input, ctx) => withPlatform(`platform admin: ${opts.name}`, () => handler(input, ctx)));
  return (input: unknown) => action(undefined, input);
}
