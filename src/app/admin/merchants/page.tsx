import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { Input } from "@/components/ui/input";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listPublishersForAdmin, searchMerchantsForAdmin } from "@/features/tenancy/admin";
import { AssignPublisherSelect, SuspendMerchantControl } from "@/features/tenancy/components/admin-controls";
import { requirePlatformAdmin } from "@/features/tenancy/queries";
import { ZAdminSearch } from "@/features/tenancy/schemas";

export const metadata: Metadata = { title: "Merchants · Platform admin" };

export default async function AdminMerchantsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  await requirePlatformAdmin();
  const sp = await searchParams;
  const query = ZAdminSearch.safeParse({ q: sp.q ?? "", page: sp.page ?? 1 });
  const input = query.success ? query.data : { q: "", page: 1 };
  const [list, publishers] = await Promise.all([searchMerchantsForAdmin(input), listPublishersForAdmin()]);
  const pageHref = (page: number) => `/admin/merchants?${new URLSearchParams({ ...(input.q ? { q: input.q } : {}), page: String(page) })}`;
  return (
    <>
      <PageHeader
        title="Merchants"
        description="Every merchant on this installation. Suspending one keeps all its data: its team sees the reason instead of the app, and nothing is sent until you unsuspend it."
      />
      <form role="search" className="mb-4 flex flex-wrap gap-2">
        <label htmlFor="merchant-search" className="sr-only">
          Search merchants
        </label>
        <Input id="merchant-search" name="q" defaultValue={input.q} placeholder="Name or address" className="w-72" />
        <Button type="submit" variant="outline">
          Search
        </Button>
        {input.q && (
          <Link className="inline-flex h-10 items-center px-2 text-sm text-teal-800 hover:underline" href="/admin/merchants">
            Clear
          </Link>
        )}
      </form>
      {list.rows.length === 0 ? (
        <EmptyState
          title={input.q ? "No merchant matches" : "No merchants yet"}
          description={
            input.q
              ? `Nothing has “${input.q}” in its name or address. Check the spelling, or clear the search.`
              : "Merchants appear here once a publisher onboards one, or the CLI's merchant:create makes one."
          }
        />
      ) : (
        <>
          <p className="mb-2 text-sm text-muted-foreground">
            {list.total.toLocaleString("en-US")} {input.q ? "matching " : ""}merchants
          </p>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Merchant</TableHead>
                <TableHead>Publisher</TableHead>
                <TableHead>Status</TableHead>
                <TableHead className="text-right">Action</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.rows.map((m) => (
                <TableRow key={m.id} data-testid={`merchant-row-${m.slug}`}>
                  <TableCell>
                    <p className="font-medium">{m.name}</p>
                    <p className="text-xs text-muted-foreground">/m/{m.slug}</p>
                  </TableCell>
                  <TableCell>
                    <AssignPublisherSelect
                      merchantId={m.id}
                      merchantName={m.name}
                      publisherId={m.publisher?.id ?? null}
                      publishers={publishers.map((p) => ({ id: p.id, name: p.name }))}
                    />
                  </TableCell>
                  <TableCell>
                    {m.suspendedAt ? (
                      <div className="space-y-1">
                        <Badge variant="danger">Suspended</Badge>
                        <p className="max-w-64 text-xs text-muted-foreground">
                          {m.suspendedReason} · since {m.suspendedAt.toISOString().slice(0, 10)}
                        </p>
                      </div>
                    ) : (
                      <Badge variant="success">Active</Badge>
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    <div className="flex justify-end">
                      <SuspendMerchantControl merchantId={m.id} merchantName={m.name} suspended={!!m.suspendedAt} />
                    </div>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {list.pages > 1 && (
            <nav aria-label="Pages" className="mt-4 flex items-center gap-3 text-sm">
              {list.page > 1 && (
                <Link className="text-teal-800 hover:underline" href={pageHref(list.page - 1)}>
                  Previous
                </Link>
              )}
              <span>
                Page {list.page} of {list.pages}
              </span>
              {list.page < list.pages && (
                <Link className="text-teal-800 hover:underline" href={pageHref(list.page + 1)}>
                  Next
                </Link>
              )}
            </nav>
          )}
        </>
      )}
    </>
  );
}
