import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getPublisherOverview } from "@/features/insights/queries";
import { getPublisherContextOrNotFound } from "@/features/tenancy/queries";
import { PublisherBillingCard } from "@/features/billing/components/publisher-billing-card";
import { getPublisherBilling } from "@/features/billing/publisher";
import { db } from "@/lib/db";

export const metadata: Metadata = { title: "Merchants" };

const pct = (n: number, d: number) => (d > 0 ? `${Math.round((n / d) * 100)}%` : "—");

export default async function PublisherHomePage({ params }: { params: Promise<{ publisher: string }> }) {
  const { publisher: slug } = await params;
  const { publisher, user } = await getPublisherContextOrNotFound(slug);
  const merchants = await getPublisherOverview(publisher.id);
  const billing = await getPublisherBilling(publisher.id);
  const membership = await db.publisherMembership.findUnique({ where: { publisherId_userId: { publisherId: publisher.id, userId: user.id } }, select: { role: true } });
  const dealCustomers = merchants.reduce((s, m) => s + m.deal_customers, 0);
  const converted = merchants.reduce((s, m) => s + m.converted, 0);
  return (
    <>
      <PageHeader title="Merchants" description="Every merchant you run, and how many of your deal buyers became regulars." />
      <PublisherBillingCard slug={publisher.slug} billing={billing} canManage={membership?.role === "admin" || user.isPlatformAdmin} />
      {merchants.length === 0 ? (
        <EmptyState icon={null} title="No merchants yet" description="Onboard your first merchant with `npm run cli -- merchant:create`, then load its deals and sold vouchers." />
      ) : (
        <>
          <div className="mb-6 grid gap-4 sm:grid-cols-3">
            <Stat label="Merchants" value={String(merchants.length)} />
            <Stat label="Deal customers" value={dealCustomers.toLocaleString("en-US")} hint="Customers who redeemed at least one voucher" />
            <Stat label="Deal-to-regular conversion" value={pct(converted, dealCustomers)} hint="Deal customers who came back without a voucher" />
          </div>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Merchant</TableHead>
                <TableHead className="text-right">Customers</TableHead>
                <TableHead className="text-right">Deal customers</TableHead>
                <TableHead className="text-right">Came back</TableHead>
                <TableHead className="text-right">Visits, 30 days</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {merchants.map((m) => (
                <TableRow key={m.id}>
                  <TableCell>
                    <Link className="font-medium text-teal-800 underline-offset-2 hover:underline" href={`/m/${m.slug}`}>{m.name}</Link>
                    <div className="text-xs text-slate-600">{m.timeZone}</div>
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{m.customers.toLocaleString("en-US")}</TableCell>
                  <TableCell className="text-right tabular-nums">{m.deal_customers.toLocaleString("en-US")}</TableCell>
                  <TableCell className="text-right tabular-nums">{pct(m.converted, m.deal_customers)}</TableCell>
                  <TableCell className="text-right tabular-nums">{m.visits_30d.toLocaleString("en-US")}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </>
      )}
    </>
  );
}
