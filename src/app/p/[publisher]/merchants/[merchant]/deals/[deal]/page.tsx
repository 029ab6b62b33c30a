import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { DealForm } from "@/features/publishers/components/deal-form";
import { DealVoucherImport } from "@/features/publishers/components/deal-voucher-import";
import { ReturnCurve } from "@/features/publishers/components/return-curve";
import { VoucherActions } from "@/features/publishers/components/voucher-actions";
import { dealFormValues, listDealVouchers } from "@/features/publishers/deals";
import { getDealOrNotFound, requirePublisherMerchantPage } from "@/features/publishers/pages";
import { BENCHMARK_RETURN_RATE, getDealFollowUps, getDealRows, getReturnCurve, rate } from "@/features/publishers/report";
import { formatMoney } from "@/lib/money";
import { formatLocalDateTime, toLocalTime } from "@/lib/time";

export const metadata: Metadata = { title: "Deal" };

const pct = (n: number | null) => (n === null ? "—" : `${(n * 100).toFixed(1)}%`);
const STATUS = { active: "info", redeemed: "success", void: "outline" } as const;

export default async function DealPage({
  params,
  searchParams,
}: {
  params: Promise<{ publisher: string; merchant: string; deal: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { publisher, merchant: merchantSlug, deal: dealId } = await params;
  const sp = await searchParams;
  const ctx = await requirePublisherMerchantPage(publisher, merchantSlug);
  const { merchant } = ctx;
  const deal = await getDealOrNotFound(merchant.id, dealId);
  const scope = { publisherId: ctx.publisher.id, merchantId: merchant.id, dealId: deal.id };
  const q = (sp.q ?? "").slice(0, 60);
  const [[figures], curve, followUps, page] = await Promise.all([
    getDealRows(scope),
    getReturnCurve(scope),
    getDealFollowUps(scope),
    listDealVouchers(merchant.id, deal.id, { q, after: sp.after }),
  ]);
  const f = figures!;
  const admin = ctx.role === "admin";
  const base = `/p/${publisher}/merchants/${merchant.slug}/deals/${deal.id}`;
  return (
    <>
      <PageHeader
        title={deal.title}
        description={
          <>
            <Link className="underline" href={`/p/${publisher}/merchants/${merchant.slug}`}>
              {merchant.name}
            </Link>{" "}
            · {formatMoney(deal.priceCents, merchant.currency)} for {formatMoney(deal.valueCents, merchant.currency)}
            {deal.quantity !== null && ` · ${deal.quantity.toLocaleString("en-US")} for sale`}
            {deal.voucherExpiresAt && ` · vouchers expire ${formatLocalDateTime(deal.voucherExpiresAt, merchant.timeZone)}`}
          </>
        }
        actions={
          <a
            className="inline-flex h-10 items-center rounded-md border border-input px-4 text-sm font-medium"
            href={`/p/${publisher}/deals/export?deal=${deal.id}`}
            download
          >
            Export CSV
          </a>
        }
      />
      <section aria-label="Deal report" className="mb-6 space-y-4">
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="deal-figures">
          <Stat label="Vouchers sold" value={f.sold.toLocaleString("en-US")} />
          <Stat label="Redeemed" value={f.redeemed.toLocaleString("en-US")} hint={`Redemption rate ${pct(rate(f.redeemed, f.sold))}`} />
          <Stat
            label="Back at full price, 30 days"
            value={pct(rate(f.returned30, f.redeemed))}
            hint={`${f.returned30.toLocaleString("en-US")} of ${f.redeemed.toLocaleString("en-US")} redeemers`}
          />
          <Stat
            label="Back at full price, 90 days"
            value={pct(rate(f.returned90, f.redeemed))}
            hint={`${f.returned90.toLocaleString("en-US")} of ${f.redeemed.toLocaleString("en-US")} redeemers · 60 days: ${pct(rate(f.returned60, f.redeemed))} · benchmark 19.9%`}
          />
          <Stat
            label="Revenue from returns"
            value={formatMoney(f.returnRevenueCents, merchant.currency)}
            hint="Full-price visits within 90 days of redeeming"
          />
        </div>
        <Card>
          <CardHeader>
            <CardTitle>Did this deal make regulars?</CardTitle>
            <CardDescription>
              {f.redeemed === 0
                ? "No redemptions yet: the curve starts with the first voucher redeemed at the counter."
                : f.maturing > 0
                  ? `${f.maturing.toLocaleString("en-US")} of ${f.redeemed.toLocaleString("en-US")} redemptions are under 90 days old; their customers may still come back.`
                  : "Every redemption is at least 90 days old: these figures are final."}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ReturnCurve data={curve} benchmark={BENCHMARK_RETURN_RATE} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Campaigns that followed</CardTitle>
            <CardDescription>
              {merchant.name}'s Social Select campaigns and automations that reached this deal's customers after they redeemed it. Each is measured against its
              own holdout: the deal's customers it drew but did not email.
            </CardDescription>
          </CardHeader>
          <CardContent>
            {followUps.length === 0 ? (
              <EmptyState
                title="No campaign has followed this deal yet"
                description="When the merchant emails people who redeemed this deal — a campaign or an automation such as Second visit — it shows here with what it added."
              />
            ) : (
              <Table aria-label="Campaigns that followed this deal">
                <TableHeader>
                  <TableRow>
                    <TableHead>Campaign</TableHead>
                    <TableHead>Sent</TableHead>
                    <TableHead className="text-right">Deal customers emailed</TableHead>
                    <TableHead className="text-right">Back within 90 days</TableHead>
                    <TableHead className="text-right">Codes redeemed</TableHead>
                    <TableHead className="text-right">Revenue</TableHead>
                    <TableHead>What it added</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {followUps.map((c) => (
                    <TableRow key={c.campaignId}>
                      <TableCell className="font-medium">
                        {c.name} {c.automation && <Badge variant="outline">Automation</Badge>}
                      </TableCell>
                      <TableCell>{formatLocalDateTime(c.startedAt, merchant.timeZone)}</TableCell>
                      <TableCell className="text-right tabular-nums">
                        {c.got.toLocaleString("en-US")}
                        <span className="block text-xs text-muted-foreground">{c.held.toLocaleString("en-US")} held out</span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">
                        {pct(rate(c.gotReturned, c.got))}
                        <span className="block text-xs text-muted-foreground">held out: {pct(rate(c.heldReturned, c.held))}</span>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{c.redeemed.toLocaleString("en-US")}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(c.revenueCents, merchant.currency)}</TableCell>
                      <TableCell className="max-w-xs text-sm">
                        {c.lift.sentence}
                        {c.open && <span className="block text-xs text-muted-foreground">Under 90 days since it went out: still rising.</span>}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </CardContent>
        </Card>
      </section>

      {admin && (
        <Card className="mb-6">
          <CardHeader>
            <CardTitle>Load sold vouchers</CardTitle>
            <CardDescription>
              A CSV with one voucher per row: code, buyer name, buyer email, purchased at, and optionally its own expiry. Buyers with an email become{" "}
              {merchant.name}'s customers (consent source “deal purchase”; nobody who unsubscribed is subscribed again).
            </CardDescription>
          </CardHeader>
          <CardContent>
            <DealVoucherImport merchantSlug={merchant.slug} deal={{ id: deal.id, title: deal.title, vouchers: f.sold }} />
          </CardContent>
        </Card>
      )}

      <Card className="mb-6">
        <CardHeader>
          <CardTitle>Vouchers</CardTitle>
          <CardDescription>Find a voucher by its code, or its buyer's name or email.</CardDescription>
        </CardHeader>
        <CardContent className="space-y-4">
          <form className="flex gap-2" role="search">
            <Input name="q" defaultValue={q} placeholder="Code, name or email" aria-label="Find a voucher" className="max-w-sm" />
            <button className="h-10 rounded-md border border-input px-4 text-sm font-medium" type="submit">
              Find
            </button>
          </form>
          {page.vouchers.length === 0 ? (
            <EmptyState
              title={q ? "No voucher matches" : "No vouchers yet"}
              description={q ? "Check the code, or search by the buyer's email." : "Load the sold vouchers from a CSV above."}
            />
          ) : (
            <Table>
              <TableHeader>
                <TableRow>
                  <TableHead>Code</TableHead>
                  <TableHead>Buyer</TableHead>
                  <TableHead>Status</TableHead>
                  <TableHead>Expires</TableHead>
                  <TableHead>
                    <span className="sr-only">Actions</span>
                  </TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.vouchers.map((v) => (
                  <TableRow key={v.id}>
                    <TableCell className="font-mono text-sm">{v.code}</TableCell>
                    <TableCell>
                      <div>{v.purchaserName ?? "—"}</div>
                      <div className="text-xs text-muted-foreground">{v.purchaserEmail}</div>
                    </TableCell>
                    <TableCell>
                      <Badge variant={STATUS[v.status]}>{v.status}</Badge>
                      {v.redeemedAt && <div className="text-xs text-muted-foreground">{formatLocalDateTime(v.redeemedAt, merchant.timeZone)}</div>}
                    </TableCell>
                    <TableCell className="text-sm">{v.expiresAt ? formatLocalDateTime(v.expiresAt, merchant.timeZone) : "Never"}</TableCell>
                    <TableCell>
                      {admin && v.status === "active" && (
                        <VoucherActions
                          publisherSlug={publisher}
                          merchantSlug={merchant.slug}
                          voucherId={v.id}
                          code={v.code}
                          expiresOn={v.expiresAt ? toLocalTime(v.expiresAt, merchant.timeZone).date : ""}
                        />
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
          {page.next && (
            <Link className="text-sm underline" href={`${base}?${new URLSearchParams({ ...(q ? { q } : {}), after: page.next })}`}>
              Next vouchers →
            </Link>
          )}
        </CardContent>
      </Card>

      {admin && (
        <Card>
          <CardHeader>
            <CardTitle>Edit the deal</CardTitle>
          </CardHeader>
          <CardContent>
            <DealForm
              publisherSlug={publisher}
              merchantSlug={merchant.slug}
              currency={merchant.currency}
              timeZone={merchant.timeZone}
              dealId={deal.id}
              initial={dealFormValues(deal, merchant.timeZone)}
            />
          </CardContent>
        </Card>
      )}
    </>
  );
}
