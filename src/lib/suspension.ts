import "server-only";
import { db } from "./db";
import { AppError } from "./errors";

// A merchant the platform admin suspended (features/tenancy/platform-admin.ts): its members see why
// instead of the app, its API keys and its counter are refused, and nothing is sent on its behalf
// — campaigns wait and automations skip — until it is unsuspended. Nothing is deleted. One sentence
// says so everywhere: the page, the problem+json detail, the counter.

/** "This business is suspended: <reason>. Contact support." */
export function suspendedMessage(reason: string | null | undefined): string {
  const why = (reason ?? "").trim().replace(/[.\s]+$/, "");
  return why ? `This business is suspended: ${why}. Contact support.` : "This business is suspended. Contact support.";
}

/** The refusal every door gives a suspended merchant: 403, code MERCHANT_SUSPENDED. */
export function suspendedError(reason: string | null | undefined): AppError {
  return new AppError("MERCHANT_SUSPENDED", suspendedMessage(reason), { details: { suspended: true } });
}

/** The merchant's suspension now (merchants has no row-level policy: any scope may read it), or null. */
export async function merchantSuspension(merchantId: string): Promise<{ since: Date; reason: string } | null> {
  const m = await db.merchant.findUnique({ where: { id: merchantId }, select: { suspendedAt: true, suspendedReason: true } });
  return m?.suspendedAt ? { since: m.suspendedAt, reason: m.suspendedReason ?? "" } : null;
}
