import "server-only";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { problemResponse } from "./api";
import { getCurrentUser, type TSessionUser } from "./auth";
import { clientIp } from "./client-ip";
import { AppError, toPublicError, type TPublicError } from "./errors";
import { requirePermission, type TPermission, type TRole, type TSessionKind } from "./permissions";

// The one request chain (STYLE.md 1) behind server actions, internal routes and the REST API:
// steps add who is calling, then the tenant, then check the permission; the handler parses its
// input and does the work; whatever is thrown on the way is mapped once (toPublicError) and
// answered in one of two shapes — a result object for an action, problem+json for a route.
// The merchant and API-key steps live in features/tenancy/request-chain.ts, which composes them.

/** A step reads the context so far (and the request's seed) and adds to it, or throws an AppError. */
export type TStep<S, C, N> = (ctx: C, seed: S) => N | Promise<N>;

export type TChain<S, C> = {
  use<N extends object>(step: TStep<S, C, N>): TChain<S, Omit<C, keyof N> & N>;
  /** Runs the steps in order and returns the context they built. */
  run(seed: S): Promise<C>;
};

function makeChain<S, C>(run: (seed: S) => Promise<C>): TChain<S, C> {
  return {
    use: <N extends object>(step: TStep<S, C, N>) =>
      makeChain<S, Omit<C, keyof N> & N>(async (seed) => {
        const ctx = await run(seed);
        return { ...ctx, ...(await step(ctx, seed)) };
      }),
    run,
  };
}

/** A chain with no steps yet; `S` is what each call brings (an action's first argument, a route's request). */
export const chain = <S>(): TChain<S, object> => makeChain<S, object>(async () => ({}));

export const SESSION_ENDED_MESSAGE = "Your session has ended. Please sign in again.";

/** Step: the signed-in user (a password or a counter PIN session), or 401. */
export const withUser = async (): Promise<{ user: TSessionUser }> => {
  const user = await getCurrentUser();
  if (!user) throw new AppError("UNAUTHORIZED", SESSION_ENDED_MESSAGE);
  return { user };
};

/**
 * Step: a caller nobody has signed in, known only by its address (for throttling): the first step
 * of the public actions, such as asking for a sign-in link.
 */
export const withAnonymousCaller = async (): Promise<{ ip: string }> => ({ ip: clientIp(await headers()) });

/** Step: the role's permission, narrowed to the counter's on a PIN session (lib/permissions.ts). */
export const withPermission =
  (permission: TPermission) =>
  (ctx: { role: TRole; sessionKind: TSessionKind }): object => {
    requirePermission(ctx, permission);
    return {};
  };

// ── Outcomes ────────────────────────────────────────────────────────────────────────────────────

export type TActionResult<T> = { ok: true; data: T } | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * Runs `fn`; a failure becomes the one public error. Next's own control flow (redirect(),
 * notFound(), dynamic-rendering bailouts) is not a failure and is rethrown as it came.
 */
export async function settle<T>(fn: () => Promise<T>, context: Record<string, unknown>): Promise<{ ok: true; data: T } | { ok: false; error: TPublicError }> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    unstable_rethrow(err);
    return { ok: false, error: toPublicError(err, context) };
  }
}

export const actionFailure = (e: TPublicError): { ok: false; error: string; fieldErrors?: Record<string, string> } =>
  e.fieldErrors ? { ok: false, error: e.message, fieldErrors: e.fieldErrors } : { ok: false, error: e.message };

/** A form's field errors from a schema it parsed itself (the chain's own parse goes through toPublicError). */
export function fieldErrorsFrom(error: z.ZodError): Record<string, string> {
  return toPublicError(error).fieldErrors ?? {};
}

// ── Adapters ────────────────────────────────────────────────────────────────────────────────────

/**
 * A server action `(seed, input) => result`: the chain's steps, then the input parsed against
 * `schema`, then the handler. Returns `{ ok, data } | { ok: false, error, fieldErrors }`, never throws
 * (except Next's control flow).
 */
export function defineAction<S, C, Z extends z.ZodType, R>(
  c: TChain<S, C>,
  opts: { name: string; schema: Z; context?: (seed: S) => Record<string, unknown> },
  handler: (input: z.infer<Z>, ctx: C) => Promise<R>,
) {
  return async (seed: S, input: unknown): Promise<TActionResult<R>> => {
    const result = await settle(
      async () => {
        const ctx = await c.run(seed);
        return handler(opts.schema.parse(input), ctx);
      },
      { action: opts.name, ...opts.context?.(seed) },
    );
    return result.ok ? result : actionFailure(result.error);
  };
}

/** A server action anyone may call, as `(input)`: the anonymous caller's address → input → handler. */
export function publicAction<Z extends z.ZodType, R>(opts: { name: string; schema: Z }, handler: (input: z.infer<Z>, ctx: { ip: string }) => Promise<R>) {
  const action = defineAction(chain<void>().use(withAnonymousCaller), opts, handler);
  return (input: unknown) => action(undefined, input);
}

export type TRouteSeed<P> = { request: Request; params: P };

/** A route handler: the chain's steps, then the handler; any failure answers problem+json (lib/api.ts). */
export function defineRoute<P, C>(c: TChain<TRouteSeed<P>, C>, handler: (request: Request, ctx: C, params: P) => Promise<Response>) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    const context: Record<string, unknown> = { path: new URL(request.url).pathname };
    const result = await settle(async () => {
      const params = await route.params;
      const ctx = await c.run({ request, params });
      context.merchantId = (ctx as { merchant?: { id?: string } }).merchant?.id; // for the log line of a failure
      return handler(request, ctx, params);
    }, context);
    return result.ok ? result.data : problemResponse(result.error);
  };
}
