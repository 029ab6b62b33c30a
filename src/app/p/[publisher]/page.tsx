import type { Metadata } from "next";
import Link from "next/link";
import { ArrowDown, ArrowUp } from "lucide-react";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { requirePublisherPage } from "@/features/tenancy/queries";
import { getPublisherSummary, listPublisherMerchants, rate } from "@/features/publishers/report";
import { ZMerchantListQuery, type TMerchantListQuery } from "@/features/publishers/schemas";
import { formatMoney } from "@/lib/money";
import { PublisherBillingCard } from "@/features/billing/components/publisher-billing-card";
import { getPublisherBilling } from "@/features/billing/publisher";

export const metadata: Metadata = { title: "Merchants" };

const pct = (n: number | null) => (n === null ? "—" : `${(n * 100).toFixed(1)}%`);
const num = (n: number) => n.toLocaleString("en-US");

const COLUMNS: { key: TMerchantListQuery["sort"]; label: string; numeric?: boolean }[] = [
  { key: "name", label: "Merchant" },
  { key: "customers", label: "Customers", numeric: true },
  { key: "dealCustomers", label: "Deal customers", numeric: true },
  { key: "conversion", label: "Converted", numeric: true },
  { key: "visits30d", label: "Visits, 30 days", numeric: true },
  { key: "campaignsSent", label: "Campaigns", numeric: true },
];

export default async function PublisherHomePage({
  params,
  searchParams,
}: {
  params: Promise<{ publisher: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { publisher: slug } = await params;
  const sp = await searchParams;
  const { publisher, role } = await requirePublisherPage(slug);
  const query = ZMerchantListQuery.parse({ q: sp.q ?? "", sort: sp.sort, dir: sp.dir });
  const page = Math.max(1, Number(sp.page) || 1);
  const [summary, list, billing] = await Promise.all([
    getPublisherSummary(publisher.id),
    listPublisherMerchants(publisher.id, { ...query, page }),
    getPublisherBilling(publisher.id),
  ]);
  const href = (over: Record<string, string | number>) =>
    `/p/${slug}?${new URLSearchParams(Object.entries({ ...(query.q ? { q: query.q } : {}), sort: query.sort, dir: query.dir, ...over }).map(([k, v]) => [k, String(v)]))}`;
  const pages = Math.max(1, Math.ceil(list.total / list.pageSize));
  const onboard =
    role === "admin" ? (
      <Link className="inline-flex h-10 items-center rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground" href={`/p/${slug}/merchants/new`}>
        Onboard a merchant
      </Link>
    ) : null;

  return (
    <>
      <PageHeader title="Merchants" description="Every merchant you run, and whether your deals made them regulars." actions={onboard} />
      <PublisherBillingCard slug={publisher.slug} billing={billing} canManage={role === "admin"} />
      <div className="mb-6 grid gap-4 sm:grid-cols-2 lg:grid-cols-4" data-testid="publisher-summary">
        <Stat label="Vouchers sold" value={num(summary.sold)} hint={`${num(summary.deals)} deals`} />
        <Stat label="Redeemed" value={num(summary.redeemed)} hint={`Redemption rate ${pct(rate(summary.redeemed, summary.sold))}`} />
        <Stat
          label="Back at full price within 90 days"
          value={pct(rate(summary.returned90, summary.redeemed))}
          hint={`30 days ${pct(rate(summary.returned30, summary.redeemed))} · 60 days ${pct(rate(summary.returned60, summary.redeemed))} · benchmark 19.9%`}
        />
        <Stat label="Revenue from returns" value={formatMoney(summary.returnRevenueCents)} hint="Full-price visits within 90 days of a redemption" />
      </div>

      <Card>
        <CardHeader className="flex flex-row flex-wrap items-end justify-between gap-4">
          <div>
            <CardTitle>
              {num(list.total)} {query.q ? "matching " : ""}merchants
            </CardTitle>
            <CardDescription>
              Deal customers redeemed one of your vouchers; “converted” is the share of them who came back at full price (without a voucher) within 90 days.
              Campaigns: Social Select pushes sent, and what their redemptions spent.
            </CardDescription>
          </div>
          <form role="search" className="flex gap-2">
            <input type="hidden" name="sort" value={query.sort} />
            <input type="hidden" name="dir" value={query.dir} />
            <Input name="q" defaultValue={query.q} placeholder="Search by name" aria-label="Search merchants" className="w-64" />
            <button type="submit" className="h-10 rounded-md border border-input px-4 text-sm font-medium">
              Search
            </button>
          </form>
        </CardHeader>
        <CardContent>
          {list.merchants.length === 0 ? (
            query.q ? (
              <EmptyState
                title="No merchant matches"
                description={
                  <>
                    Nothing matches “{query.q}”.{" "}
                    <Link className="underline" href={`/p/${slug}`}>
                      Show all merchants
                    </Link>
                    .
                  </>
                }
              />
            ) : (
              <EmptyState
                title="No merchants yet"
                description="Onboard your first merchant and invite its owner, then create its deals and load the sold vouchers."
                action={onboard}
              />
            )
          ) : (
            <>
              <Table>
                <TableHeader>
                  <TableRow>
                    {COLUMNS.map((c) => {
                      const active = query.sort === c.key;
                      const nextDir = active && query.dir === "asc" ? "desc" : active ? "asc" : c.numeric ? "desc" : "asc";
                      return (
                        <TableHead
                          key={c.key}
                          className={c.numeric ? "text-right" : undefined}
                          aria-sort={active ? (query.dir === "asc" ? "ascending" : "descending") : "none"}
                        >
                          <Link href={href({ sort: c.key, dir: nextDir, page: 1 })} className="inline-flex items-center gap-1 hover:underline">
                            {c.label}
                            {active && (query.dir === "asc" ? <ArrowUp className="size-3" aria-hidden /> : <ArrowDown className="size-3" aria-hidden />)}
                          </Link>
                        </TableHead>
                      );
                    })}
                    <TableHead className="text-right">Campaign revenue</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {list.merchants.map((m) => (
                    <TableRow key={m.id}>
                      <TableCell>
                        <Link className="font-medium text-teal-800 underline-offset-2 hover:underline" href={`/p/${slug}/merchants/${m.slug}`}>
                          {m.name}
                        </Link>
                        <div className="text-xs text-slate-600">
                          {m.category} · {m.timeZone}
                        </div>
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.customers)}</TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.dealCustomers)}</TableCell>
                      <TableCell className="text-right tabular-nums">{pct(m.conversion)}</TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.visits30d)}</TableCell>
                      <TableCell className="text-right tabular-nums">{num(m.campaignsSent)}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(m.campaignRevenueCents, m.currency)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              {pages > 1 && (
                <nav aria-label="Pages" className="mt-4 flex items-center justify-between text-sm">
                  <span>
                    Page {list.page} of {pages}
                  </span>
                  <span className="flex gap-4">
                    {list.page > 1 && (
                      <Link className="underline" href={href({ page: list.page - 1 })}>
                        ← Previous
                      </Link>
                    )}
                    {list.page < pages && (
                      <Link className="underline" href={href({ page: list.page + 1 })}>
                        Next →
                      </Link>
                    )}
                  </span>
                </nav>
              )}
            </>
          )}
        </CardContent>
      </Card>
    </>
  );
}
