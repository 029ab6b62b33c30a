import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { InvitationList } from "@/features/accounts/components/invitation-list";
import { listInvitations } from "@/features/accounts/invitations";
import { requirePublisherMerchantPage } from "@/features/publishers/pages";
import { InviteOwnerForm } from "@/features/publishers/components/invite-owner-form";
import { ViewAsButton } from "@/features/publishers/components/view-as-button";
import { MerchantMonths } from "@/features/publishers/components/merchant-months";
import { getDealRows, getMerchantMonths, rate, rollUp } from "@/features/publishers/report";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { Alert } from "@/components/ui/alert";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Merchant" };

const pct = (n: number | null) => (n === null ? "—" : `${(n * 100).toFixed(1)}%`);

export default async function PublisherMerchantPage({ params }: { params: Promise<{ publisher: string; merchant: string }> }) {
  const { publisher: slug, merchant: merchantSlug } = await params;
  const ctx = await requirePublisherMerchantPage(slug, merchantSlug);
  const { merchant } = ctx;
  const [deals, months, invitations, profile, owners] = await Promise.all([
    getDealRows({ publisherId: ctx.publisher.id, merchantId: merchant.id }),
    getMerchantMonths({ publisherId: ctx.publisher.id, merchantId: merchant.id, timeZone: merchant.timeZone }),
    listInvitations(merchant.id, { includeClosed: true }),
    db.merchant.findUniqueOrThrow({
      where: { id: merchant.id },
      select: { addressLine1: true, addressLine2: true, city: true, region: true, postalCode: true, country: true },
    }),
    db.membership.findMany({
      where: { merchantId: merchant.id, role: "owner" },
      select: { user: { select: { name: true, email: true, lastSignInAt: true } } },
    }),
  ]);
  const total = rollUp(deals);
  const admin = ctx.role === "admin";
  const addressProblem = merchantAddressProblem(profile);
  return (
    <>
      <PageHeader
        title={merchant.name}
        description={`${merchant.category} · ${merchant.timeZone} · ${merchant.currency}`}
        actions={
          <>
            {admin && (
              <Link
                className="inline-flex h-10 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground"
                href={`/p/${slug}/merchants/${merchant.slug}/deals/new`}
              >
                New deal
              </Link>
            )}
            {admin && (
              <Link className="inline-flex h-10 items-center rounded-md border border-input px-4 text-sm font-medium" href={`/m/${merchant.slug}`}>
                Open their app
              </Link>
            )}
            {admin && <ViewAsButton publisherSlug={slug} merchantSlug={merchant.slug} />}
          </>
        }
      />
      {addressProblem && (
        <Alert variant="warning" title="This merchant cannot send promotions yet" className="mb-6">
          {addressProblem}
        </Alert>
      )}
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Vouchers sold" value={total.sold.toLocaleString("en-US")} />
        <Stat label="Redeemed" value={total.redeemed.toLocaleString("en-US")} hint={`${pct(rate(total.redeemed, total.sold))} of sold`} />
        <Stat
          label="Came back at full price (90 days)"
          value={pct(rate(total.returned90, total.redeemed))}
          hint={`${total.returned90.toLocaleString("en-US")} of ${total.redeemed.toLocaleString("en-US")} redeemers · benchmark 19.9%`}
        />
        <Stat label="Revenue from returns" value={formatMoney(total.returnRevenueCents, merchant.currency)} />
      </div>

      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Over the last 12 months</CardTitle>
          <CardDescription>Visits each month: deal redemptions, deal customers back at full price, and everyone else.</CardDescription>
        </CardHeader>
        <CardContent>
          {months.some((m) => m.redemptions + m.returns + m.otherVisits > 0) ? (
            <MerchantMonths data={months} />
          ) : (
            <EmptyState title="No visits yet" description="Visits appear here month by month once the merchant's counter records them." />
          )}
        </CardContent>
      </Card>

      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Deals</CardTitle>
          <CardDescription>Each deal's vouchers, redemptions and the buyers who came back at full price.</CardDescription>
        </CardHeader>
        <CardContent>
          {deals.length === 0 ? (
            <EmptyState
              title="No deals yet"
              description={
                admin ? "Create the deal you sold for this merchant, then load its sold vouchers from a CSV." : "Deals appear here once your team loads them."
              }
            />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Deal</TableHead>
                  <TableHead className="text-right">Sold</TableHead>
                  <TableHead className="text-right">Redeemed</TableHead>
                  <TableHead className="text-right">Back in 30 / 60 / 90 days</TableHead>
                  <TableHead className="text-right">Revenue from returns</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {deals.map((d) => (
                  <TableRow key={d.dealId}>
                    <TableCell>
                      <Link className="font-medium text-teal-800 hover:underline" href={`/p/${slug}/merchants/${merchant.slug}/deals/${d.dealId}`}>
                        {d.title}
                      </Link>
                      <div className="text-xs text-muted-foreground">
                        {formatMoney(d.priceCents, merchant.currency)} for {formatMoney(d.valueCents, merchant.currency)}
                      </div>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{d.sold.toLocaleString("en-US")}</TableCell>
                    <TableCell className="text-right tabular-nums">
                      {d.redeemed.toLocaleString("en-US")} <span className="text-xs text-muted-foreground">({pct(rate(d.redeemed, d.sold))})</span>
                    </TableCell>
                    <TableCell className="text-right tabular-nums">
                      {[d.returned30, d.returned60, d.returned90].map((n) => pct(rate(n, d.redeemed))).join(" / ")}
                    </TableCell>
                    <TableCell className="text-right tabular-nums">{formatMoney(d.returnRevenueCents, merchant.currency)}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Owner</CardTitle>
          <CardDescription>
            {owners.length ? `Signed up: ${owners.map((o) => o.user.name || o.user.email).join(", ")}.` : "Nobody has accepted an owner invitation yet."} The
            owner invites the rest of the team from their Team page.
          </CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <InvitationList
            scope={{ kind: "publisher", publisherSlug: slug, merchantSlug: merchant.slug }}
            invitations={invitations.map((i) => ({
              id: i.id,
              email: i.email,
              role: i.role,
              status: i.status,
              expiresAt: i.expiresAt.toISOString(),
              sendCount: i.sendCount,
            }))}
          />
          {admin && <InviteOwnerForm publisherSlug={slug} merchantSlug={merchant.slug} />}
        </CardContent>
      </Card>
    </>
  );
}
