import "server-only";
import { z } from "zod";
import { getCurrentUser } from "./auth";
import { AppError, toPublicError } from "./errors";
import { COUNTER_ONLY_MESSAGE, requirePermission, type TPermission } from "./permissions";
import { resolveMerchantContext, type TMerchantContext } from "@/features/tenancy/queries";

// The one chain of server-action clients (STYLE.md 1): parse input → signed-in user → merchant
// membership from the slug → role check → handler. Every action returns a result object instead
// of throwing, so forms can show the message where the input was entered.

export type TActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

export function fieldErrorsFrom(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_";
    out[key] ??= issue.message;
  }
  return out;
}

async function run<T>(fn: () => Promise<T>, context: Record<string, unknown>): Promise<TActionResult<T>> {
  try {
    return { ok: true, data: await fn() };
  } catch (err) {
    // redirect()/notFound() from next/navigation are control flow, not failures.
    if (err && typeof err === "object" && "digest" in err && String((err as { digest: unknown }).digest).startsWith("NEXT_")) throw err;
    const e = toPublicError(err, context);
    return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
  }
}

/** An action any signed-in user may call (outside a merchant). */
export function userAction<S extends z.ZodType, R>(
  schema: S,
  handler: (input: z.infer<S>, ctx: { user: NonNullable<Awaited<ReturnType<typeof getCurrentUser>>> }) => Promise<R>,
) {
  return async (input: unknown): Promise<TActionResult<R>> => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsFrom(parsed.error) };
    return run(async () => {
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHORIZED", "Your session has ended. Please sign in again.");
      // Nothing outside a merchant is part of the counter.
      if (user.counterMerchantId) throw new AppError("FORBIDDEN", COUNTER_ONLY_MESSAGE);
      return handler(parsed.data, { user });
    }, {});
  };
}

/** An action inside one merchant: `(merchantSlug, input)`. The merchant is resolved on the server. */
export function merchantAction<S extends z.ZodType, R>(
  opts: { permission: TPermission; schema: S; name: string },
  handler: (input: z.infer<S>, ctx: TMerchantContext) => Promise<R>,
) {
  return async (merchantSlug: string, input: unknown): Promise<TActionResult<R>> => {
    const parsed = opts.schema.safeParse(input);
    if (!parsed.success) return { ok: false, error: "Please correct the highlighted fields.", fieldErrors: fieldErrorsFrom(parsed.error) };
    return run(async () => {
      const user = await getCurrentUser();
      if (!user) throw new AppError("UNAUTHORIZED", "Your session has ended. Please sign in again.");
      const ctx = await resolveMerchantContext(user, merchantSlug);
      if (!ctx) throw new AppError("NOT_FOUND", "That merchant was not found.");
      requirePermission(ctx, opts.permission); // a PIN session: counter permissions only
      return handler(parsed.data, ctx);
    }, { action: opts.name, merchantSlug });
  };
}
