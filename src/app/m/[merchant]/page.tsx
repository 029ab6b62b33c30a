import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { LastCampaignsCard } from "@/features/campaigns/components/last-campaigns-card";
import { VisitsChart } from "@/features/insights/components/visits-chart";
import { getMerchantHome } from "@/features/insights/queries";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { formatMoney } from "@/lib/money";
import { hasRole } from "@/lib/permissions";

export const metadata: Metadata = { title: "Home" };

export default async function MerchantHomePage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant, role } = await getMerchantContextOrNotFound(slug);
  if (!hasRole(role, "manager")) redirect(`/m/${slug}/counter`);
  const home = await getMerchantHome(merchant.id, merchant.timeZone);
  const change = home.visitsLastWeek > 0 ? (home.visitsThisWeek - home.visitsLastWeek) / home.visitsLastWeek : null;

  if (home.customers === 0) {
    return (
      <>
        <PageHeader title={merchant.name} description="Your Best Customer List starts at the counter." />
        <EmptyState
          icon={null}
          title="No customers yet"
          description="Record your first redemption or walk-in at the counter, or import your existing customers from a CSV file."
          action={
            <Button asChild>
              <Link href={`/m/${slug}/counter`}>Open the counter</Link>
            </Button>
          }
        />
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={merchant.name}
        description="How your regulars are doing this week."
        actions={
          <Button asChild>
            <Link href={`/m/${slug}/customers`}>Open the Best Customer List</Link>
          </Button>
        }
      />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat
          label="Customers"
          value={home.customers.toLocaleString("en-US")}
          hint={`${home.newCustomersThisWeek.toLocaleString("en-US")} new in the last 7 days`}
        />
        <Stat
          label="Visits this week"
          value={home.visitsThisWeek.toLocaleString("en-US")}
          hint={change === null ? "No visits the week before" : `${change >= 0 ? "+" : ""}${Math.round(change * 100)}% on the week before`}
        />
        <Stat label="Spend this week" value={formatMoney(home.revenueThisWeekCents, merchant.currency)} hint="Recorded at the counter and through the API" />
        <Stat
          label="Returning customers"
          value={home.returningShareThisWeek === null ? "—" : `${Math.round(home.returningShareThisWeek * 100)}%`}
          hint="Share of this week's visits by people who had been before"
        />
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Visits, last 30 days</CardTitle>
            <CardDescription>Days in {merchant.timeZone.replace("_", " ")} time.</CardDescription>
          </CardHeader>
          <CardContent>
            <VisitsChart data={home.visitsByDay} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Top tags</CardTitle>
            <CardDescription>Tagged visits in the last 90 days.</CardDescription>
          </CardHeader>
          <CardContent>
            {home.topTags.length === 0 ? (
              <p className="text-sm text-slate-600">No tagged visits yet. Staff tap tags when they record a visit.</p>
            ) : (
              <ul className="space-y-2" aria-label="Top tags">
                {home.topTags.map((t) => {
                  const max = home.topTags[0]!.visits;
                  return (
                    <li key={t.name}>
                      <div className="flex justify-between text-sm">
                        <span className="font-medium text-slate-800">{t.name}</span>
                        <span className="tabular-nums text-slate-600">{t.visits.toLocaleString("en-US")}</span>
                      </div>
                      <div className="mt-1 h-2 rounded bg-slate-100">
                        <div className="h-2 rounded bg-teal-600" style={{ width: `${Math.max(4, (t.visits / max) * 100)}%` }} />
                      </div>
                    </li>
                  );
                })}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      <LastCampaignsCard merchantId={merchant.id} merchantSlug={slug} currency={merchant.currency} timeZone={merchant.timeZone} />
    </>
  );
}
