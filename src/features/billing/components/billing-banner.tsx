import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { formatCount, type TBillingState } from "@/features/plans/plans";
import { billingPath } from "@/features/plans/state";

/**
 * The merchant app's banner for a billing problem: sending paused while a payment is past due,
 * or a list past the plan's customers (capture never stops; the owner is told). `canManage`:
 * the owner gets the link, anyone else is told to ask the owner.
 */
export function BillingBanner({ slug, state, customers, canManage }: { slug: string; state: TBillingState; customers: number | null; canManage: boolean }) {
  const fix = canManage ? (
    <Link href={billingPath(slug)}>Update the payment method on the Billing page</Link>
  ) : (
    "Ask the account owner to update the payment method"
  );
  if (state.sendingPaused) {
    return (
      <Alert variant="error" title="Promotions are paused: the last payment failed" className="mb-6" id="billing-banner">
        Nothing is lost and the counter, the customer list and exports keep working, but no promotion or automation is sent until the invoice is paid. {fix}.
        Sending resumes by itself once it is paid.
      </Alert>
    );
  }
  const limit = state.plan.limits.customers;
  if (limit !== null && customers !== null && customers > limit) {
    return (
      <Alert variant="warning" title={`Your list is past the ${state.plan.name} plan's ${formatCount(limit)} customers`} className="mb-6" id="billing-banner">
        Every visit is still recorded, but imports cannot add customers until you{" "}
        {canManage ? <Link href={billingPath(slug)}>upgrade your plan</Link> : "ask the account owner to upgrade the plan"}.
      </Alert>
    );
  }
  return null;
}
