import "server-only";
import { db } from "@/lib/db";
import { PLANS } from "@/features/plans/plans";
import { getBillingState, getUsage } from "@/features/plans/state";

/** Everything the billing page shows, for one merchant. */
export async function getBillingPage(merchantId: string) {
  const state = await getBillingState(merchantId);
  const [usage, row] = await Promise.all([
    getUsage(merchantId, state),
    db.subscription.findUnique({ where: { merchantId }, select: { stripeCustomerId: true } }),
  ]);
  return { state, usage, plans: [PLANS.growth, PLANS.pro], hasCustomer: Boolean(row?.stripeCustomerId) };
}
