import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatLocalDate } from "@/lib/time";
import type { getPublisherBilling } from "../publisher";
import { PublisherCheckoutButton, PublisherPortalButton } from "./billing-buttons";

type TPublisherBilling = Awaited<ReturnType<typeof getPublisherBilling>>;

/** The publisher console's billing: the subscription that pays for its merchants, per merchant. */
export function PublisherBillingCard({ slug, billing, canManage }: { slug: string; billing: TPublisherBilling; canManage: boolean }) {
  const price = `$${(billing.pricePerMerchantCents / 100).toFixed(0)}`;
  const total = `$${((billing.pricePerMerchantCents * billing.merchants) / 100).toLocaleString("en-US")}`;
  return (
    <Card className="mb-6" id="publisher-billing">
      <CardHeader>
        <CardTitle className="flex flex-wrap items-center gap-2">
          Paying for your merchants
          {billing.live && (
            <Badge variant={billing.status === "past_due" || billing.status === "unpaid" ? "danger" : "success"}>
              {billing.status === "past_due" ? "Payment failed" : billing.status === "trialing" ? "Trial" : "Active"}
            </Badge>
          )}
        </CardTitle>
        <CardDescription>
          {billing.live ? (
            <>
              {billing.plan.name} plan for every merchant you run: <strong data-testid="publisher-quantity">{billing.quantity}</strong>{" "}
              {billing.quantity === 1 ? "merchant" : "merchants"} billed at {price} each a month
              {billing.quantity !== billing.merchants && ` (you run ${billing.merchants}; the count updates as you onboard)`}
              {billing.currentPeriodEnd && <>; next invoice on {formatLocalDate(billing.currentPeriodEnd, "UTC")}</>}.
            </>
          ) : billing.billingEnabled ? (
            <>
              Put all {billing.merchants} of your merchants on the {billing.plan.name} plan for {price} per merchant a month ({total} today); merchants you
              onboard later are added automatically.
            </>
          ) : (
            <>Billing is off on this server: no payment provider is connected.</>
          )}
        </CardDescription>
      </CardHeader>
      {billing.billingEnabled && canManage && (
        <CardContent>
          {billing.live ? (
            <PublisherPortalButton publisherSlug={slug} />
          ) : (
            <PublisherCheckoutButton publisherSlug={slug} label={`Pay for ${billing.merchants} ${billing.merchants === 1 ? "merchant" : "merchants"}`} />
          )}
        </CardContent>
      )}
    </Card>
  );
}
