import "server-only";
import { getCurrentUser } from "./auth";
import { AppError, toPublicError } from "./errors";
import { problem } from "./api";
import { requirePermission, type TPermission } from "./permissions";
import { resolveMerchantContext, type TMerchantContext } from "@/features/tenancy/queries";

/**
 * Route handlers that the signed-in app calls with fetch (the counter's offline sync): the same
 * chain as merchantAction — session user, membership from the URL slug, permission — answering
 * problem+json. A non-member gets 404, like pages.
 */
export function merchantRoute<P extends { merchant: string }>(
  permission: TPermission,
  handler: (request: Request, ctx: TMerchantContext, params: P) => Promise<Response>,
) {
  return async (request: Request, route: { params: Promise<P> }): Promise<Response> => {
    const params = await route.params;
    const user = await getCurrentUser();
    if (!user) return problem(401, "Unauthorized", "Your session has ended. Sign in again; nothing queued on this device is lost.");
    const ctx = await resolveMerchantContext(user, params.merchant);
    if (!ctx) return problem(404, "Not Found", "That merchant was not found.");
    try {
      requirePermission(ctx, permission); // a PIN session: counter permissions only
      return await handler(request, ctx, params);
    } catch (err) {
      const e = toPublicError(err, { path: new URL(request.url).pathname });
      const extra = err instanceof AppError ? { ...(err.details ?? {}), ...(err.fieldErrors ? { fieldErrors: err.fieldErrors } : {}) } : {};
      return problem(e.status, e.code, e.message, extra);
    }
  };
}
