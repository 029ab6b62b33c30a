import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Bookmark, ChevronLeft, ChevronRight, Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CustomerRating } from "@/features/customers/components/customer-rating";
import { FilterPanel } from "@/features/filters/components/filter-panel";
import { createGroupFromFilterAction, saveSmartFilterAction } from "@/features/groups/actions";
import { BulkGroupBar } from "@/features/groups/components/bulk-group-bar";
import { SavedFiltersManager } from "@/features/groups/components/saved-filters-manager";
import { listSavedFilters } from "@/features/groups/manage";
import { decodeFilter, encodeFilter } from "@/features/filters/encode";
import { ALL_CUSTOMERS, presetsFor } from "@/features/filters/presets";
import { customerListParams, SORTS } from "@/features/filters/cursor";
import { countCustomersWithSearch, listCustomers } from "@/features/filters/queries";
import { ZFilter } from "@/features/filters/schemas";
import { describeFilter } from "@/features/filters/summary";
import { segmentLabel } from "@/features/insights/segments";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { db } from "@/lib/db";
import type { TFilter } from "@/features/filters/schemas";
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
  const saved = await listSavedFilters(merchant.id);
  const savedFilters = saved.flatMap((s) => {
    const parsed = ZFilter.safeParse(s.filter);
    return parsed.success ? [{ key: `saved-${s.id}`, id: s.id, name: s.name, filter: parsed.data }] : [];
  });

  // A group's members: a dynamic group is its filter; a hand-picked one is its member list.
  const group = sp.group
    ? await db.group.findFirst({
        where: { merchantId: merchant.id, id: sp.group, archivedAt: null },
        select: { id: true, name: true, kind: true, filter: true },
      })
    : null;
  if (sp.group && !group) notFound();
  const groupFilter = group?.kind === "dynamic" ? ZFilter.safeParse(group.filter) : null;
  const memberOf = group?.kind === "static" ? group.id : undefined;

  const custom = decodeFilter(sp.f);
  const chosen = [...presets, ...savedFilters].find((p) => p.key === sp.preset);
  const filter: TFilter = custom ?? (groupFilter?.success ? groupFilter.data : null) ?? chosen?.filter ?? ALL_CUSTOMERS;
  const title = custom ? "Custom filter" : group ? `Group: ${group.name}` : (chosen?.name ?? "All customers");
  const { sort } = sp;
  const PAGE = 50;
  const [count, page] = await Promise.all([
    countCustomersWithSearch(merchant, filter, sp.q, memberOf),
    listCustomers(merchant, filter, { sort, limit: PAGE, cursor: sp.cursor, before: sp.before, search: sp.q, memberOf }),
  ]);
  const from = (sp.page - 1) * PAGE + 1;

  const base = {
    ...(sp.preset && !custom && !group ? { preset: sp.preset } : {}),
    ...(group && !custom ? { group: group.id } : {}),
    ...(custom ? { f: encodeFilter(custom) } : {}),
    ...(sp.q ? { q: sp.q } : {}),
  };
  const href = (extra: Record<string, string | undefined>) => {
    const qs = new URLSearchParams(Object.entries({ ...base, ...extra }).filter(([, v]) => v !== undefined) as [string, string][]);
    return `/m/${slug}/customers${qs.size ? `?${qs}` : ""}`;
  };
  const canExport = can(role, "customers.export");
  const canGroup = can(role, "groups.manage");
  const staticGroups = canGroup
    ? await db.group.findMany({
        where: { merchantId: merchant.id, kind: "static", archivedAt: null },
        select: { id: true, name: true },
        orderBy: { name: "asc" },
      })
    : [];

  return (
    <>
      <PageHeader
        title="Best Customer List"
        description="Pick a Smart Filter, or build your own; save it as a group to send a promotion."
        actions={
          canExport && (
            <Button asChild variant="outline">
              <a href={`/m/${slug}/customers/export?f=${encodeFilter(filter)}${memberOf ? `&group=${memberOf}` : ""}`} download>
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
      {/* On a phone the presets and saved filters are one row each that scrolls sideways, so the first customer is above the fold. */}
      <nav aria-label="Smart Filters" className="mb-3 flex gap-2 overflow-x-auto pb-1 sm:flex-wrap sm:overflow-visible sm:pb-0">
        {[{ key: "", name: "All customers" }, ...presets].map((p) => {
          const active = !custom && !group && (p.key ? sp.preset === p.key : !sp.preset);
          return (
            <Link
              key={p.key || "all"}
              href={p.key ? `/m/${slug}/customers?preset=${p.key}` : `/m/${slug}/customers`}
              aria-current={active ? "page" : undefined}
              className={cn(
                "shrink-0 whitespace-nowrap rounded-full border px-3.5 py-1.5 text-sm font-medium",
                active ? "border-teal-700 bg-teal-700 text-white" : "border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
              )}
            >
              {p.name}
            </Link>
          );
        })}
      </nav>
      {savedFilters.length > 0 && (
        <section aria-labelledby="saved-filters-heading" className="mb-4 rounded-lg border border-dashed border-indigo-300 bg-indigo-50/50 p-3">
          <div className="flex flex-wrap items-center gap-2">
            <h2 id="saved-filters-heading" className="mr-1 flex items-center gap-1 text-xs font-semibold uppercase tracking-wide text-indigo-900">
              <Bookmark aria-hidden className="size-3.5" /> Your saved filters
            </h2>
            <nav aria-label="Your saved filters" className="flex max-w-full gap-2 overflow-x-auto pb-1 sm:flex-wrap sm:overflow-visible sm:pb-0">
              {savedFilters.map((p) => {
                const active = !custom && !group && sp.preset === p.key;
                return (
                  <Link
                    key={p.key}
                    href={`/m/${slug}/customers?preset=${p.key}`}
                    aria-current={active ? "page" : undefined}
                    className={cn(
                      "shrink-0 whitespace-nowrap rounded-md border px-3 py-1.5 text-sm font-medium",
                      active ? "border-indigo-700 bg-indigo-700 text-white" : "border-indigo-300 bg-white text-indigo-900 hover:bg-indigo-50",
                    )}
                  >
                    {p.name}
                  </Link>
                );
              })}
            </nav>
          </div>
          {canGroup && (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm text-indigo-900">Rename, reorder or delete your saved filters</summary>
              <SavedFiltersManager merchantSlug={slug} filters={savedFilters.map(({ id, name }) => ({ id, name }))} />
            </details>
          )}
        </section>
      )}

      <div className="mb-4 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold text-slate-900">
            {title}{" "}
            <span className="tabular-nums text-teal-800" data-testid="filter-count">
              · {count.toLocaleString("en-US")}
            </span>
          </h2>
          <p className="text-sm text-slate-600">
            {memberOf ? "Hand-picked members of this group" : describeFilter(filter, merchant)}
            {sp.q ? `, matching “${sp.q}”` : ""}.
            {group && (
              <>
                {" "}
                <Link href={`/m/${slug}/groups`} className="text-teal-800 underline">
                  All groups
                </Link>
              </>
            )}
          </p>
        </div>
        <form role="search" className="flex gap-2">
          {Object.entries(base)
            .filter(([k]) => k !== "q")
            .map(([k, v]) => (
              <input key={k} type="hidden" name={k} value={v} />
            ))}
          <label htmlFor="q" className="sr-only">
            Search customers
          </label>
          <input
            id="q"
            name="q"
            defaultValue={sp.q}
            placeholder="Search name, email or phone"
            className="h-10 w-64 rounded-md border border-slate-300 px-3 text-sm"
          />
          <Button type="submit" variant="secondary">
            Search
          </Button>
        </form>
      </div>

      {/* A hand-picked group is its member list, not a filter: nothing to edit here. */}
      {!memberOf && (
        <details className="mb-4" open={sp.edit === "1" || undefined}>
          <summary className="cursor-pointer text-sm font-medium text-teal-800">Edit this filter</summary>
          <div className="mt-3">
            {/* Keyed by the filter: picking another Smart Filter opens the builder on that filter, not the last one. */}
            <FilterPanel
              key={encodeFilter(filter)}
              merchantSlug={slug}
              initial={filter}
              saveAs={can(role, "groups.manage") ? { group: createGroupFromFilterAction, smartFilter: saveSmartFilterAction } : undefined}
            />
          </div>
        </details>
      )}

      {page.data.length === 0 ? (
        <EmptyState
          icon={null}
          title={count === 0 && filter === ALL_CUSTOMERS && !sp.q ? "No customers yet" : "No customers match"}
          description={
            count === 0 && filter === ALL_CUSTOMERS && !sp.q
              ? "Customers appear as soon as the counter records their first visit."
              : "Loosen a condition — for example fewer days, or more star ratings."
          }
        />
      ) : (
        <>
          {/* On a phone the bulk bar follows the cards (order-last), so the first card is above the fold. */}
          <div className="flex flex-col sm:block">
            {canGroup && (
              <div className="order-last mt-3 sm:mt-0">
                <BulkGroupBar merchantSlug={slug} groups={staticGroups} />
              </div>
            )}
            {/* A phone gets cards (the table would scroll sideways); sm and up get the table. */}
            <ul aria-label="Customers" className="space-y-2 sm:hidden">
              {page.data.map((c) => {
                const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || "Unnamed customer";
                return (
                  <li key={c.id} className="rounded-lg border border-slate-200 bg-white p-3">
                    <div className="flex items-start gap-3">
                      {canGroup && <input type="checkbox" name="ids" value={c.id} form="bulk-group" aria-label={`Select ${name}`} className="mt-1 size-5" />}
                      <div className="min-w-0 flex-1">
                        <Link href={`/m/${slug}/customers/${c.id}`} className="block truncate font-medium text-slate-900 hover:underline">
                          {name}
                        </Link>
                        <div className="truncate text-xs text-slate-600">
                          {c.email ?? c.phone ?? ""}
                          {c.emailConsent ? "" : c.email ? " · no email consent" : ""}
                        </div>
                      </div>
                      <CustomerRating usual={c.usualRating} latest={c.lastRating} />
                    </div>
                    <dl className="mt-2 grid grid-cols-3 gap-2 text-xs">
                      <div>
                        <dt className="text-slate-500">Visits</dt>
                        <dd className="tabular-nums text-slate-900">{c.visitCount}</dd>
                      </div>
                      <div>
                        <dt className="text-slate-500">Spent</dt>
                        <dd className="tabular-nums text-slate-900">{formatMoney(c.totalSpentCents, merchant.currency)}</dd>
                      </div>
                      <div>
                        <dt className="text-slate-500">Last visit</dt>
                        <dd className="text-slate-900">{c.lastVisitAt ? timeAgo(c.lastVisitAt) : "—"}</dd>
                      </div>
                    </dl>
                    {c.rfmSegment && (
                      <Badge variant="brand" className="mt-2">
                        {segmentLabel(c.rfmSegment)}
                      </Badge>
                    )}
                  </li>
                );
              })}
            </ul>
            <div className="hidden sm:block">
              <Table>
                <TableHeader>
                  <TableRow>
                    {canGroup && (
                      <TableHead>
                        <span className="sr-only">Select</span>
                      </TableHead>
                    )}
                    <TableHead>Customer</TableHead>
                    <TableHead>
                      <abbr title="Usual rating (mean of the last 5 ratings); the latest is shown beside it when it differs" className="no-underline">
                        Rating
                      </abbr>
                    </TableHead>
                    {(["visits", "totalSpent", "lastVisit"] as const).map((k) => (
                      <TableHead key={k} className={k === "lastVisit" ? undefined : "text-right"} aria-sort={sort === k ? "descending" : undefined}>
                        <Link href={href({ sort: k })} className={cn("whitespace-nowrap hover:underline", sort === k && "text-teal-800")}>
                          {SORTS[k].label}
                          {sort === k ? " ↓" : ""}
                        </Link>
                      </TableHead>
                    ))}
                    {/* Below xl (a 1024 tablet beside the sidebar) Social and Segment ride under the name rather than scroll off to the side. */}
                    <TableHead className="hidden text-right xl:table-cell">
                      <abbr title="Social score, 0–100: friends referred and what they brought, shares, feedback, reach" className="no-underline">
                        Social
                      </abbr>
                    </TableHead>
                    <TableHead className="hidden xl:table-cell">Segment</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {page.data.map((c) => (
                    <TableRow key={c.id}>
                      {canGroup && (
                        <TableCell className="w-8">
                          <input
                            type="checkbox"
                            name="ids"
                            value={c.id}
                            form="bulk-group"
                            aria-label={`Select ${[c.firstName, c.lastName].filter(Boolean).join(" ") || "customer"}`}
                            className="size-4"
                          />
                        </TableCell>
                      )}
                      <TableCell>
                        <Link href={`/m/${slug}/customers/${c.id}`} className="font-medium text-slate-900 hover:text-teal-800 hover:underline">
                          {[c.firstName, c.lastName].filter(Boolean).join(" ") || "Unnamed customer"}
                        </Link>
                        {/* A long email may break anywhere rather than push the last column out of the box on a tablet. */}
                        <div className="text-xs text-slate-600 [overflow-wrap:anywhere]">
                          {c.email ?? c.phone ?? ""}
                          {c.emailConsent ? "" : c.email ? " · no email consent" : ""}
                        </div>
                        {(c.rfmSegment || c.socialScore > 0) && (
                          <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-600 xl:hidden" data-testid="customer-extra">
                            {c.rfmSegment && <Badge variant="brand">{segmentLabel(c.rfmSegment)}</Badge>}
                            {c.socialScore > 0 && <span>Social score {c.socialScore}</span>}
                          </div>
                        )}
                      </TableCell>
                      <TableCell>
                        <CustomerRating usual={c.usualRating} latest={c.lastRating} />
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{c.visitCount}</TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(c.totalSpentCents, merchant.currency)}</TableCell>
                      <TableCell>{c.lastVisitAt ? timeAgo(c.lastVisitAt) : "—"}</TableCell>
                      <TableCell className="hidden text-right tabular-nums xl:table-cell" data-testid="social-score-cell">
                        {c.socialScore}
                      </TableCell>
                      <TableCell className="hidden xl:table-cell">
                        {c.rfmSegment ? <Badge variant="brand">{segmentLabel(c.rfmSegment)}</Badge> : null}
                      </TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
          </div>
          <nav aria-label="Pages" className="mt-4 flex flex-wrap items-center justify-between gap-2 text-sm">
            <span className="text-slate-600" data-testid="showing">
              Showing {from.toLocaleString("en-US")}–{(from + page.data.length - 1).toLocaleString("en-US")} of {count.toLocaleString("en-US")}
            </span>
            <div className="flex gap-2">
              {page.prevCursor && (
                <Button asChild variant="outline" size="sm">
                  <Link
                    href={sp.page <= 2 ? href({ sort: sp.sortParam }) : href({ sort: sp.sortParam, before: page.prevCursor, p: String(sp.page - 1) })}
                    rel="prev"
                  >
                    <ChevronLeft aria-hidden /> Previous
                  </Link>
                </Button>
              )}
              {page.nextCursor && (
                <Button asChild variant="outline" size="sm">
                  <Link href={href({ sort: sp.sortParam, cursor: page.nextCursor, p: String(sp.page + 1) })} rel="next">
                    Next <ChevronRight aria-hidden />
                  </Link>
                </Button>
              )}
            </div>
          </nav>
        </>
      )}
    </>
  );
}
