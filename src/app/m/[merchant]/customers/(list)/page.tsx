import type { Metadata } from "next";
import Link from "next/link";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { FilterPanel } from "@/features/filters/components/filter-panel";
import { BulkGroupBar } from "@/features/groups/components/bulk-group-bar";
import { decodeFilter, encodeFilter } from "@/features/filters/encode";
import { ALL_CUSTOMERS, presetsFor } from "@/features/filters/presets";
import { customerListParams, SORTS } from "@/features/filters/cursor";
import { countCustomersWithSearch, listCustomers } from "@/features/filters/queries";
import { ZFilter } from "@/features/filters/schemas";
import { describeFilter } from "@/features/filters/summary";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { db } from "@/lib/db";
import { formatMoney } from "@/lib/money";
import { can } from "@/lib/permissions";
import { localToday, timeAgo } from "@/lib/time";
import { cn } from "@/lib/utils";

export const metadata: Metadata = { title: "Best Customer List" };

type TSearch = Record<string, string | string[] | undefined>;

export default async function CustomersPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<TSearch> }) {
  const { merchant: slug } = await params;
  const sp = customerListParams(await searchParams);
  const { merchant, role } = await requireMerchantPage(slug, "customers.view");
  const presets = presetsFor(localToday(merchant.timeZone));
  const saved = await db.smartFilter.findMany({ where: { merchantId: merchant.id, pinned: true }, orderBy: { name: "asc" }, select: { id: true, name: true, filter: true } });
  const savedFilters = saved.flatMap((s) => {
    const parsed = ZFilter.safeParse(s.filter);
    return parsed.success ? [{ key: `saved-${s.id}`, name: s.name, filter: parsed.data }] : [];
  });

  const custom = decodeFilter(sp.f);
  const chosen = [...presets, ...savedFilters].find((p) => p.key === sp.preset);
  const filter = custom ?? chosen?.filter ?? ALL_CUSTOMERS;
  const title = custom ? "Custom filter" : (chosen?.name ?? "All customers");
  const { sort } = sp;
  const [count, page] = await Promise.all([
    countCustomersWithSearch(merchant, filter, sp.q),
    listCustomers(merchant, filter, { sort, limit: 50, cursor: sp.cursor, search: sp.q }),
  ]);

  const base = { ...(sp.preset && !custom ? { preset: sp.preset } : {}), ...(custom ? { f: encodeFilter(custom) } : {}), ...(sp.q ? { q: sp.q } : {}) };
  const href = (extra: Record<string, string | undefined>) => {
    const qs = new URLSearchParams(Object.entries({ ...base, ...extra }).filter(([, v]) => v !== undefined) as [string, string][]);
    return `/m/${slug}/customers${qs.size ? `?${qs}` : ""}`;
  };
  const canExport = can(role, "customers.export");
  const canGroup = can(role, "groups.manage");
  const staticGroups = canGroup ? await db.group.findMany({ where: { merchantId: merchant.id, kind: "static", archivedAt: null }, select: { id: true, name: true }, orderBy: { name: "asc" } }) : [];

  return (
    <>
      <PageHeader
        title="Best Customer List"
        description="Pick a Smart Filter, or build your own; save it as a group to send a promotion."
        actions={
          canExport && (
            <Button asChild variant="outline">
              <a href={`/m/${slug}/customers/export?f=${encodeFilter(filter)}`} download>
                <Download aria-hidden /> Export CSV
              </a>
            </Button>
          )
        }
      />
      {sp.notice && (
        <p role="status" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {sp.notice}
        </p>
      )}
      <nav aria-label="Smart Filters" className="mb-4 flex flex-wrap gap-2">
        {[{ key: "", name: "All customers" }, ...presets, ...savedFilters].map((p) => {
          const active = !custom && (p.key ? sp.preset === p.key : !sp.preset);
          return (
            <Link
              key={p.key || "all"}
              href={p.key ? `/m/${slug}/customers?preset=${p.key}` : `/m/${slug}/customers`}
              aria-current={active ? "page" : undefined}
              className={cn("rounded-full border px-3.5 py-1.5 text-sm font-medium", active ? "border-teal-700 bg-teal-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50")}
            >
              {p.name}
            </Link>
          );
        })}
      </nav>

      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">
            {title} <span className="tabular-nums text-teal-800" data-testid="filter-count">· {count.toLocaleString("en-US")}</span>
          </h2>
          <p className="text-sm text-slate-600">{describeFilter(filter, merchant)}{sp.q ? `, matching “${sp.q}”` : ""}.</p>
        </div>
        <form role="search" className="flex gap-2">
          {Object.entries(base).filter(([k]) => k !== "q").map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
          <label htmlFor="q" className="sr-only">Search customers</label>
          <input id="q" name="q" defaultValue={sp.q} placeholder="Search name, email or phone" className="h-10 w-64 rounded-md border border-slate-300 px-3 text-sm" />
          <Button type="submit" variant="secondary">Search</Button>
        </form>
      </div>

      <details className="mb-4" open={sp.edit === "1" || undefined}>
        <summary className="cursor-pointer text-sm font-medium text-teal-800">Edit this filter</summary>
        <div className="mt-3">
          {/* Keyed by the filter: picking another Smart Filter opens the builder on that filter, not the last one. */}
          <FilterPanel key={encodeFilter(filter)} merchantSlug={slug} initial={filter} canSaveGroups={can(role, "groups.manage")} />
        </div>
      </details>

      {page.data.length === 0 ? (
        <EmptyState
          icon={null}
          title={count === 0 && filter === ALL_CUSTOMERS && !sp.q ? "No customers yet" : "No customers match"}
          description={count === 0 && filter === ALL_CUSTOMERS && !sp.q ? "Customers appear as soon as the counter records their first visit." : "Loosen a condition — for example fewer days, or more star ratings."}
        />
      ) : (
        <>
          {canGroup && <BulkGroupBar merchantSlug={slug} groups={staticGroups} />}
          <Table>
            <TableHeader>
              <TableRow>
                {canGroup && <TableHead><span className="sr-only">Select</span></TableHead>}
                <TableHead>Customer</TableHead>
                <TableHead>Rating</TableHead>
                {(["visits", "totalSpent", "lastVisit"] as const).map((k) => (
                  <TableHead key={k} className={k === "lastVisit" ? undefined : "text-right"} aria-sort={sort === k ? "descending" : undefined}>
                    <Link href={href({ sort: k })} className={cn("hover:underline", sort === k && "text-teal-800")}>
                      {SORTS[k].label}{sort === k ? " ↓" : ""}
                    </Link>
                  </TableHead>
                ))}
                <TableHead>Segment</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.data.map((c) => (
                <TableRow key={c.id}>
                  {canGroup && (
                    <TableCell className="w-8">
                      <input type="checkbox" name="ids" value={c.id} form="bulk-group" aria-label={`Select ${[c.firstName, c.lastName].filter(Boolean).join(" ") || "customer"}`} className="size-4" />
                    </TableCell>
                  )}
                  <TableCell>
                    <Link href={`/m/${slug}/customers/${c.id}`} className="font-medium text-slate-900 hover:text-teal-800 hover:underline">
                      {[c.firstName, c.lastName].filter(Boolean).join(" ") || "Unnamed customer"}
                    </Link>
                    <div className="text-xs text-slate-600">{c.email ?? c.phone ?? ""}{c.emailConsent ? "" : c.email ? " · no email consent" : ""}</div>
                  </TableCell>
                  <TableCell aria-label={c.lastRating ? `${c.lastRating} stars` : "Not rated"}><span className="text-amber-600">{c.lastRating ? "★".repeat(c.lastRating) : <span className="text-slate-400">—</span>}</span></TableCell>
                  <TableCell className="text-right tabular-nums">{c.visitCount}</TableCell>
                  <TableCell className="text-right tabular-nums">{formatMoney(c.totalSpentCents, merchant.currency)}</TableCell>
                  <TableCell>{c.lastVisitAt ? timeAgo(c.lastVisitAt) : "—"}</TableCell>
                  <TableCell>{c.rfmSegment ? <Badge variant="brand">{c.rfmSegment.replace(/_/g, " ")}</Badge> : null}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <div className="mt-4 flex items-center justify-between text-sm">
            <span className="text-slate-600">Showing {page.data.length} of {count.toLocaleString("en-US")}</span>
            <div className="flex gap-2">
              {sp.cursor && <Button asChild variant="outline" size="sm"><Link href={href({ sort: sp.sortParam })}>First page</Link></Button>}
              {page.nextCursor && <Button asChild variant="outline" size="sm"><Link href={href({ sort: sp.sortParam, cursor: page.nextCursor })}>Next page</Link></Button>}
            </div>
          </div>
        </>
      )}
    </>
  );
}
