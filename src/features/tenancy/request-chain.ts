import { env } from "@/lib/env";
import "server-only";
import { z } from "zod";
import { defineAction, defineRoute, chain, withPermission, withUser, type TRouteSeed } from "@/lib/chain";
import { AppError } from "@/lib/errors";
import type { TPermission } from "@/lib/permissions";
import { withTenant } from "@/lib/tenant";
import { takeToken } from "@/lib/throttle";
import { resolveApiKey } from "./api-keys";
import { resolveMerchantContext, type TMerchantContext } from "./queries";

// The tenant steps of the request chain (lib/chain.ts) and the three clients built from them:
//   merchantAction  session → merchant from the slug → permission → input → handler
//   merchantRoute   session → merchant from the URL's [merchant] → permission → handler
//   apiRoute        API key (its merchant) → rate limit → handler
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
  // In the key's tenant scope, like the handler after it: the connection keeps one scope per request.
  const allowed = await withTenant(ctx.merchant.id, () => takeToken(`api-key:${ctx.apiKeyId}`, apiKeyBucket()));
  if (!allowed.ok) {
    throw new AppError("RATE_LIMITED", `This API key is over its rate limit; retry in ${allowed.retryAfterSeconds} s.`, { headers: { "retry-after": String(allowed.retryAfterSeconds) } });
  }
  return ctx;
}

/** A server action inside one merchant, called as `(merchantSlug, input)`. */
export function merchantAction<S extends z.ZodType, R>(
  opts: { permission: TPermission; schema: S; name: string },
  handler: (input: z.infer<S>, ctx: TMerchantContext) => Promise<R>,
) {
  const steps = chain<string>()
    .use(withUser)
    .use((ctx, merchantSlug) => withMerchant(ctx, merchantSlug))
    .use(withPermission(opts.permission));
  return defineAction(steps, { ...opts, context: (merchantSlug) => ({ merchantSlug }) }, (input, ctx) => withTenant(ctx.merchant.id, () => handler(input, ctx)));
}

/** A route under /m/[merchant] that the signed-in app calls with fetch (the counter, the import wizard …). */
export function merchantRoute<P extends { merchant: string }>(
  permission: TPermission,
  handler: (request: Request, ctx: TMerchantContext, params: P) => Promise<Response>,
) {
  const steps = chain<TRouteSeed<P>>()
    .use(withUser)
    .use((ctx, { params }) => withMerchant(ctx, params.merchant))
    .use(withPermission(permission));
  return defineRoute(steps, (request, ctx, params) => withTenant(ctx.merchant.id, () => handler(request, ctx, params)));
}

/** A REST API v1 route: bearer key, rate limit, problem+json (API.md). */
export function apiRoute<P = Record<string, never>>(handler: (request: Request, ctx: TApiContext, params: P) => Promise<Response>) {
  return defineRoute(chain<TRouteSeed<P>>().use(withApiKey), (request, ctx, params) => withTenant(ctx.merchant.id, () => handler(request, ctx, params)));
}
