import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { CheckoutButton, PortalButton } from "@/features/billing/components/billing-buttons";
import { UsageBars } from "@/features/billing/components/usage-bars";
import { getBillingPage } from "@/features/billing/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatLocalDate } from "@/lib/time";

export const metadata: Metadata = { title: "Billing" };

// GET /m/[merchant]/settings/billing — the owner's plan, usage bars, dates, and the way to Stripe.
export default async function BillingPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<{ checkout?: string }> }) {
  const { merchant: slug } = await params;
  const { merchant } = await requireMerchantPage(slug, "billing.manage");
  const { checkout } = await searchParams;
  const page = await getBillingPage(merchant.id);
  const { state, usage, plans, hasCustomer } = page;
  const date = (d: Date | null) => (d ? formatLocalDate(d, merchant.timeZone) : null);
  const statusBadge = {
    trialing: <Badge variant="info">Trial</Badge>,
    active: <Badge variant="success">Active</Badge>,
    past_due: <Badge variant="danger">Payment failed</Badge>,
    unpaid: <Badge variant="danger">Unpaid</Badge>,
    canceled: <Badge>Canceled</Badge>,
  }[state.status as string];
  return (
    <>
      <PageHeader
        title="Billing"
        description={`${merchant.name}'s plan, what it allows and how much of it is used.`}
        actions={state.billingEnabled && hasCustomer ? <PortalButton merchantSlug={slug} /> : undefined}
      />
      <div className="space-y-6">
        {!state.billingEnabled && (
          <Alert variant="info" title="Billing is off on this server">
            No payment provider is connected, so plans cannot be bought or changed here.{" "}
            {state.source === "default" ? `Every merchant is on the ${state.plan.name} plan.` : `This merchant is on the ${state.plan.name} plan.`} The operator
            connects Stripe as described in docs/operations.md.
          </Alert>
        )}
        {checkout === "done" && state.source !== "subscription" && (
          <Alert variant="info" title="Thanks: Stripe is confirming your subscription">
            This page shows the new plan as soon as Stripe tells us; reload in a moment.
          </Alert>
        )}
        {state.sendingPaused && (
          <Alert variant="error" title="The last payment failed, so promotions are paused">
            Update the payment method in the billing portal. Sending resumes by itself once the invoice is paid; nothing has been deleted.
          </Alert>
        )}
        <Card>
          <CardHeader>
            <CardTitle className="flex flex-wrap items-center gap-2">
              {state.plan.name} plan {statusBadge}
            </CardTitle>
            <CardDescription>
              {state.source === "trial" && state.trialEndsAt && (
                <>
                  Free trial of {state.plan.name} until <strong data-testid="trial-end">{date(state.trialEndsAt)}</strong>; then Free unless you choose a plan.{" "}
                </>
              )}
              {state.source === "subscription" && state.trialEndsAt && state.status === "trialing" && (
                <>
                  Trial until <strong data-testid="trial-end">{date(state.trialEndsAt)}</strong>.{" "}
                </>
              )}
              {state.source === "subscription" && state.currentPeriodEnd && (
                <>
                  {state.cancelAtPeriodEnd ? "Ends, and moves to Free, on " : "Next invoice on "}
                  <strong data-testid="next-invoice">{date(state.currentPeriodEnd)}</strong>.{" "}
                </>
              )}
              {state.source === "publisher" && <>Paid for by your deal publisher. </>}
              {state.source === "default" && state.status === "canceled" && <>Your subscription ended; your data is all here, on the Free plan. </>}
              {state.plan.summary}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <UsageBars plan={state.plan} usage={usage} />
          </CardContent>
        </Card>
        {state.billingEnabled && state.source !== "subscription" && state.source !== "publisher" && (
          <section aria-labelledby="plans-heading" className="space-y-3">
            <h2 id="plans-heading" className="text-lg font-semibold">
              Choose a plan
            </h2>
            <div className="grid gap-4 md:grid-cols-2">
              {plans.map((p) => (
                <Card key={p.id}>
                  <CardHeader>
                    <CardTitle>
                      {p.name} · ${(p.monthlyPriceCents / 100).toFixed(0)} a month
                    </CardTitle>
                    <CardDescription>{p.summary}</CardDescription>
                  </CardHeader>
                  <CardContent>
                    <CheckoutButton
                      merchantSlug={slug}
                      plan={p.id as "growth" | "pro"}
                      label={`Choose ${p.name}`}
                      variant={p.id === state.plan.id ? "default" : "outline"}
                    />
                  </CardContent>
                </Card>
              ))}
            </div>
            <p className="text-sm text-muted-foreground">
              Checkout and invoices are handled by Stripe. Change or cancel any time in the billing portal; your customers and history stay.
            </p>
          </section>
        )}
      </div>
    </>
  );
}
