import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { getCustomerProfile } from "@/features/customers/profile";
import { estimateLifetimeValueCents, RFM_LABELS } from "@/features/insights/rfm";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatMoney } from "@/lib/money";
import { formatLocalDateTime, timeAgo, WEEKDAY_LABELS } from "@/lib/time";

export const metadata: Metadata = { title: "Customer" };

export default async function CustomerPage({ params }: { params: Promise<{ merchant: string; id: string }> }) {
  const { merchant: slug, id } = await params;
  const { merchant } = await requireMerchantPage(slug, "customers.view");
  if (!z.string().uuid().safeParse(id).success) notFound();
  const profile = await getCustomerProfile(merchant, id);
  if (!profile) notFound();
  const { customer: c, visits, pattern, tags, groups } = profile;
  const name = [c.firstName, c.lastName].filter(Boolean).join(" ") || c.email || c.phone || "Unnamed customer";
  const max = Math.max(1, ...pattern.map((p) => p.n));
  const cell = new Map(pattern.map((p) => [`${p.dow}-${p.hour}`, p.n]));
  const consent = c.suppressedAt ? `Suppressed (${c.suppressionReason})` : c.unsubscribedAt ? "Unsubscribed" : c.emailConsent ? "May receive email" : "No email consent";
  const segment = c.rfm ? RFM_LABELS[c.rfm.segment] : null;

  return (
    <>
      <PageHeader
        title={name}
        description={[c.email, c.phone, c.zip].filter(Boolean).join(" · ") || "No contact details"}
        actions={<Link className="text-sm font-medium text-teal-800 hover:underline" href={`/m/${slug}/customers`}>← Best Customer List</Link>}
      />
      <div className="mb-6 flex flex-wrap gap-2">
        <Badge variant={c.emailConsent && !c.unsubscribedAt && !c.suppressedAt ? "success" : "warning"}>{consent}</Badge>
        {segment && <Badge variant="brand" title={segment.hint}>{segment.label}</Badge>}
        {tags.map((t) => <Badge key={t}>{t}</Badge>)}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat label="Visits" value={c.visitCount.toLocaleString("en-US")} hint={c.firstVisitAt ? `Since ${formatLocalDateTime(c.firstVisitAt, merchant.timeZone)}` : "No visits yet"} />
        <Stat label="Total spent" value={formatMoney(c.totalSpentCents, merchant.currency)} hint={c.visitCount ? `${formatMoney(Number(c.totalSpentCents) / c.visitCount, merchant.currency)} per visit` : undefined} />
        <Stat label="Rating" value={c.lastRating ? <span role="img" className="text-amber-600" aria-label={`${c.lastRating} stars`}>{"★".repeat(c.lastRating)}</span> : "—"} hint={c.lastVisitAt ? `Last visit ${timeAgo(c.lastVisitAt)}` : undefined} />
        <Stat
          label="Lifetime value (est.)"
          value={(() => {
            const ltv = estimateLifetimeValueCents({ ...c, rfmRecency: c.rfm?.recency ?? null });
            return ltv !== null ? formatMoney(ltv, merchant.currency) : "—";
          })()}
          hint={c.rfm ? `RFM ${c.rfm.recency}-${c.rfm.frequency}-${c.rfm.monetary}` : "Scored nightly"}
        />
      </div>
      <div className="mt-6 grid gap-4 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>When they come</CardTitle>
            <CardDescription>Visits by weekday and hour, {merchant.timeZone.replace("_", " ")} time.</CardDescription>
          </CardHeader>
          <CardContent>
            <div className="overflow-x-auto">
              <table className="text-[10px]" aria-label="Visits by weekday and hour">
                <thead>
                  <tr>
                    <th />
                    {Array.from({ length: 24 }, (_, h) => <th key={h} className="w-5 font-normal text-slate-500">{h % 3 === 0 ? h : ""}</th>)}
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAY_LABELS.map((d, dow) => (
                    <tr key={d}>
                      <th className="pr-2 text-left font-medium text-slate-600">{d.slice(0, 3)}</th>
                      {Array.from({ length: 24 }, (_, h) => {
                        const n = cell.get(`${dow}-${h}`) ?? 0;
                        return <td key={h} title={`${d} ${h}:00 — ${n} visit${n === 1 ? "" : "s"}`} className="h-5 w-5 border border-white" style={{ backgroundColor: n ? `rgba(15,118,110,${0.15 + (0.85 * n) / max})` : "#f1f5f9" }} />;
                      })}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Groups</CardTitle>
            <CardDescription>Hand-picked groups, and Smart Filter groups they match now.</CardDescription>
          </CardHeader>
          <CardContent>
            {groups.length === 0 ? <p className="text-sm text-slate-600">Not in any group yet.</p> : (
              <ul className="space-y-1 text-sm">{groups.map((g) => <li key={g.id}>{g.name} <span className="text-slate-500">· {g.kind === "static" ? "hand-picked" : "Smart Filter"}</span></li>)}</ul>
            )}
            <p className="mt-4 text-sm text-slate-600">
              Birthday: {c.birthday ? c.birthday.toISOString().slice(5, 10) : "—"} · Anniversary: {c.anniversary ? c.anniversary.toISOString().slice(5, 10) : "—"} · Prefers: {c.channelPreference}
            </p>
          </CardContent>
        </Card>
      </div>
      <h2 className="mb-3 mt-8 text-lg font-semibold">Visits</h2>
      {visits.length === 0 ? <p className="text-sm text-slate-600">No visits recorded yet.</p> : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>When</TableHead>
              <TableHead className="text-right">Spend</TableHead>
              <TableHead className="text-right">Party</TableHead>
              <TableHead>Rating</TableHead>
              <TableHead>Tags</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {visits.map((v) => (
              <TableRow key={v.id}>
                <TableCell>{formatLocalDateTime(v.occurredAt, merchant.timeZone)}{v.voucherId && <Badge variant="brand" className="ml-2">voucher</Badge>}</TableCell>
                <TableCell className="text-right tabular-nums">{formatMoney(v.amountCents, merchant.currency)}</TableCell>
                <TableCell className="text-right tabular-nums">{v.partySize}</TableCell>
                <TableCell className="text-amber-600">{v.rating ? "★".repeat(v.rating) : <span className="text-slate-400">—</span>}</TableCell>
                <TableCell>{v.tags.join(", ")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
