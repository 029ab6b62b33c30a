import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listRecentCustomers } from "@/features/customers/queries";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { formatMoney } from "@/lib/money";
import { timeAgo } from "@/lib/time";

export const metadata: Metadata = { title: "Customers" };

export default async function CustomersPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<{ q?: string }> }) {
  const { merchant: slug } = await params;
  const { q } = await searchParams;
  const { merchant } = await getMerchantContextOrNotFound(slug);
  const customers = await listRecentCustomers(merchant.id, { search: q, limit: 50 });
  return (
    <>
      <PageHeader title="Best Customer List" description="Your customers, most recent visit first." />
      <form className="mb-4 max-w-md" role="search">
        <label htmlFor="q" className="sr-only">Search customers</label>
        <input
          id="q"
          name="q"
          defaultValue={q}
          placeholder="Search by name, email or phone"
          className="w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      </form>
      {customers.length === 0 ? (
        <EmptyState
          icon={null}
          title={q ? "No customers match that search" : "No customers yet"}
          description={q ? "Try part of a name, an email address or a phone number." : "Customers appear here as soon as the counter records their first visit."}
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Customer</TableHead>
              <TableHead>Rating</TableHead>
              <TableHead className="text-right">Visits</TableHead>
              <TableHead className="text-right">Spent</TableHead>
              <TableHead>Last visit</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {customers.map((c) => (
              <TableRow key={c.id}>
                <TableCell>
                  <div className="font-medium text-slate-900">{[c.firstName, c.lastName].filter(Boolean).join(" ") || "Unnamed customer"}</div>
                  <div className="text-xs text-slate-600">{c.email ?? c.phone ?? ""}</div>
                </TableCell>
                <TableCell aria-label={c.lastRating ? `${c.lastRating} stars` : "Not rated"}>{c.lastRating ? "★".repeat(c.lastRating) : "—"}</TableCell>
                <TableCell className="text-right tabular-nums">{c.visitCount}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(c.totalSpentCents, merchant.currency)}</TableCell>
                <TableCell>{c.lastVisitAt ? timeAgo(c.lastVisitAt) : "—"}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <p className="mt-4 text-sm text-slate-600">
        Showing up to 50. <Link className="underline" href={`/m/${slug}/customers`}>Clear search</Link>
      </p>
    </>
  );
}
