import type { Metadata } from "next";
import Link from "next/link";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePublisherPage } from "@/features/tenancy/queries";
import { ReturnCurve } from "@/features/publishers/components/return-curve";
import { BENCHMARK_RETURN_RATE, getDealRows, getReturnCurve, rate, rollUp, type TDealRow } from "@/features/publishers/report";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Deal report" };

const pct = (n: number | null) => (n === null ? "—" : `${(n * 100).toFixed(1)}%`);
const num = (n: number) => n.toLocaleString("en-US");

export default async function DealReportPage({ params }: { params: Promise<{ publisher: string }> }) {
  const { publisher: slug } = await params;
  const { publisher } = await requirePublisherPage(slug);
  const [deals, curve] = await Promise.all([getDealRows({ publisherId: publisher.id }), getReturnCurve({ publisherId: publisher.id })]);
  const total = rollUp(deals);
  const byMerchant = new Map<string, TDealRow[]>();
  for (const d of deals) byMerchant.set(d.merchantId, [...(byMerchant.get(d.merchantId) ?? []), d]);
  const merchants = [...byMerchant.values()]
    .map((rows) => ({ ...rows[0]!, deals: rows.length, ...rollUp(rows) }))
    .sort((a, b) => (rate(b.returned90, b.redeemed) ?? -1) - (rate(a.returned90, a.redeemed) ?? -1));
  const export_ = (
    <a className="inline-flex h-10 items-center rounded-md border border-input px-4 text-sm font-medium" href={`/p/${slug}/deals/export`} download>
      Export CSV
    </a>
  );

  return (
    <>
      <PageHeader
        title="Deal report"
        description="Which of your deals made regulars: redemptions, and the redeemers who came back at full price within 30, 60 and 90 days."
        actions={deals.length ? export_ : null}
      />
      {deals.length === 0 ? (
        <EmptyState
          title="No deals yet"
          description={
            <>
              Open a merchant from{" "}
              <Link className="underline" href={`/p/${slug}`}>
                Merchants
              </Link>
              , create its deal and load the sold vouchers; redemptions at the counter show up here.
            </>
          }
        />
      ) : (
        <div className="space-y-6">
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-5" data-testid="report-summary">
            <Stat label="Vouchers sold" value={num(total.sold)} hint={`${num(deals.length)} deals`} />
            <Stat label="Redeemed" value={num(total.redeemed)} hint={`Redemption rate ${pct(rate(total.redeemed, total.sold))}`} />
            <Stat label="Back in 30 days" value={pct(rate(total.returned30, total.redeemed))} hint={`${num(total.returned30)} redeemers`} />
            <Stat label="Back in 90 days" value={pct(rate(total.returned90, total.redeemed))} hint={`${num(total.returned90)} redeemers · benchmark 19.9%`} />
            <Stat
              label="Revenue from returns"
              value={formatMoney(total.returnRevenueCents, "USD", { compact: true })}
              hint="Full-price visits within 90 days"
            />
          </div>
          <Card>
            <CardHeader>
              <CardTitle>Return curve, all deals</CardTitle>
              <CardDescription>
                {total.maturing > 0
                  ? `${num(total.maturing)} of ${num(total.redeemed)} redemptions are under 90 days old and may still come back.`
                  : "Every redemption is at least 90 days old."}
              </CardDescription>
            </CardHeader>
            <CardContent>
              <ReturnCurve data={curve} benchmark={BENCHMARK_RETURN_RATE} />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>By deal</CardTitle>
            </CardHeader>
            <CardContent>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Deal</TableHead>
                    <TableHead className="text-right">Sold</TableHead>
                    <TableHead className="text-right">Redeemed</TableHead>
                    <TableHead className="text-right">Rate</TableHead>
                    <TableHead className="text-right">Back 30 / 60 / 90 days</TableHead>
                    <TableHead className="text-right">Revenue from returns</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {deals.map((d) => (
                    <TableRow key={d.dealId}>
                      <TableCell>
                        <Link className="font-medium text-teal-800 hover:underline" href={`/p/${slug}/merchants/${d.merchantSlug}/deals/${d.dealId}`}>
                          {d.title}
                        </Link>
                        <div className="text-xs text-muted-foreground">{d.merchantName}</div>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{num(d.sold)}</TableCell>
                      <TableCell className="text-right tabular-nums">{num(d.redeemed)}</TableCell>
                      <TableCell className="text-right tabular-nums">{pct(rate(d.redeemed, d.sold))}</TableCell>
                      <TableCell className="text-right tabular-nums">
                        {[d.returned30, d.returned60, d.returned90].map((n) => pct(rate(n, d.redeemed))).join(" / ")}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(d.returnRevenueCents, d.currency)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>By merchant</CardTitle>
              <CardDescription>Best conversion first.</CardDescription>
            </CardHeader>
            <CardContent>
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>Merchant</TableHead>
                    <TableHead className="text-right">Deals</TableHead>
                    <TableHead className="text-right">Sold</TableHead>
                    <TableHead className="text-right">Redeemed</TableHead>
                    <TableHead className="text-right">Back in 90 days</TableHead>
                    <TableHead className="text-right">Revenue from returns</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {merchants.map((m) => (
                    <TableRow key={m.merchantId}>
                      <TableCell>
                        <Link className="font-medium text-teal-800 hover:underline" href={`/p/${slug}/merchants/${m.merchantSlug}`}>
                          {m.merchantName}
                        </Link>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.deals)}</TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.sold)}</TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.redeemed)}</TableCell>
                      <TableCell className="text-right tabular-nums">{pct(rate(m.returned90, m.redeemed))}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(m.returnRevenueCents, m.currency)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </CardContent>
          </Card>
        </div>
      )}
    </>
  );
}
