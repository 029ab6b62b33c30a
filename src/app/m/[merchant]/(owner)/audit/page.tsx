import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/ui/empty-state";
import { Input, Select } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { AUDIT_KINDS, describeAction, listAuditActors, listAuditLog, ZAuditQuery } from "@/features/tenancy/audit-log";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatLocalDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Audit log" };

function details(data: unknown): string {
  if (!data || typeof data !== "object") return "";
  return Object.entries(data as Record<string, unknown>)
    .filter(([, v]) => v !== null && v !== "" && typeof v !== "object")
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

export default async function AuditLogPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchant: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { merchant: slug } = await params;
  const { merchant } = await requireMerchantPage(slug, "audit.view");
  const query = ZAuditQuery.parse(await searchParams);
  const [page, actors] = await Promise.all([listAuditLog(merchant, query), listAuditActors(merchant.id)]);
  const filters = Object.fromEntries(Object.entries({ kind: query.kind, actor: query.actor, from: query.from, to: query.to }).filter(([, v]) => v)) as Record<
    string,
    string
  >;
  const filtered = Object.keys(filters).length > 0;
  return (
    <>
      <PageHeader
        title="Audit log"
        description={`Who did what in ${merchant.name}, and when: captures and corrections, imports, exports, campaigns, keys, the team and settings. Times are ${merchant.timeZone.replaceAll("_", " ")}.`}
      />
      <form className="mb-4 flex flex-wrap items-end gap-3 rounded-xl border border-border bg-surface p-4" aria-label="Filter the audit log">
        <div className="space-y-1.5">
          <Label htmlFor="audit-kind">What</Label>
          <Select id="audit-kind" name="kind" defaultValue={query.kind ?? ""} className="w-60">
            <option value="">Everything</option>
            {Object.entries(AUDIT_KINDS).map(([k, v]) => (
              <option key={k} value={k}>
                {v.label}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="audit-actor">Who</Label>
          <Select id="audit-actor" name="actor" defaultValue={query.actor ?? ""} className="w-52">
            <option value="">Anyone</option>
            {actors.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </Select>
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="audit-from">From</Label>
          <Input id="audit-from" name="from" type="date" defaultValue={query.from} className="w-40" />
        </div>
        <div className="space-y-1.5">
          <Label htmlFor="audit-to">To</Label>
          <Input id="audit-to" name="to" type="date" defaultValue={query.to} className="w-40" />
        </div>
        <button type="submit" className="h-10 rounded-md bg-primary px-4 text-sm font-medium text-primary-foreground">
          Show
        </button>
        {filtered && (
          <Link className="h-10 px-2 text-sm leading-10 underline" href={`/m/${slug}/audit`}>
            Clear
          </Link>
        )}
      </form>
      {page.rows.length === 0 ? (
        <EmptyState
          title={filtered ? "Nothing matches" : "Nothing recorded yet"}
          description={
            filtered ? "Widen the dates or choose “Everything”." : "Changes to customers, campaigns, the team and settings are recorded here as they happen."
          }
        />
      ) : (
        <>
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>When</TableHead>
                <TableHead>Who</TableHead>
                <TableHead>What</TableHead>
                <TableHead>Details</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {page.rows.map((r) => (
                <TableRow key={r.id}>
                  <TableCell className="whitespace-nowrap text-sm">{formatLocalDateTime(r.createdAt, merchant.timeZone)}</TableCell>
                  <TableCell className="text-sm">{r.actor}</TableCell>
                  <TableCell className="text-sm font-medium">{describeAction(r.action)}</TableCell>
                  <TableCell className="max-w-md truncate text-xs text-muted-foreground" title={details(r.data)}>
                    {details(r.data)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <nav aria-label="Pages" className="mt-4 flex justify-between text-sm">
            {query.before ? (
              <Link className="underline" href={`/m/${slug}/audit?${new URLSearchParams(filters)}`}>
                ← Newest
              </Link>
            ) : (
              <span />
            )}
            {page.next && (
              <Link className="underline" href={`/m/${slug}/audit?${new URLSearchParams({ ...filters, before: page.next })}`}>
                Older →
              </Link>
            )}
          </nav>
        </>
      )}
    </>
  );
}
