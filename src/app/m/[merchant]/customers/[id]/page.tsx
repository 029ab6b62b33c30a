import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { ConsentPanel } from "@/features/customers/components/consent-panel";
import { CustomerRating } from "@/features/customers/components/customer-rating";
import { CustomerDetailsForm } from "@/features/customers/components/customer-details-form";
import { ErasePanel } from "@/features/customers/components/erase-panel";
import { MergePanel } from "@/features/customers/components/merge-panel";
import { NotesPanel } from "@/features/customers/components/notes-panel";
import { customerDisplayName } from "@/features/customers/display";
import { listCustomerOffers, listCustomerVisits } from "@/features/customers/history";
import { listNotes } from "@/features/customers/notes";
import { getCustomerProfile } from "@/features/customers/profile";
import { estimateLifetimeValueCents, RFM_LABELS } from "@/features/insights/rfm";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { customerSocial } from "@/features/social/referrals";
import { formatMoney } from "@/lib/money";
import { allows } from "@/lib/permissions";
import { formatLocalDateTime, timeAgo, WEEKDAY_LABELS } from "@/lib/time";

export const metadata: Metadata = { title: "Customer" };

const Stars = ({ n }: { n: number | null }) =>
  n ? (
    <span role="img" className="text-amber-600" aria-label={`${n} star${n === 1 ? "" : "s"}`}>
      {"★".repeat(n)}
    </span>
  ) : (
    <span className="text-muted-foreground">—</span>
  );

const RECIPIENT_WORDS: Record<string, string> = {
  queued: "Sending",
  sent: "Sent",
  delivered: "Delivered",
  bounced: "Bounced",
  complained: "Marked as spam",
  failed: "Could not send",
  held_out: "Held out",
};
const CODE_WORDS: Record<string, string> = { active: "Not used yet", redeemed: "Used", void: "Void" };

export default async function CustomerPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchant: string; id: string }>;
  searchParams: Promise<{ visits?: string }>;
}) {
  const { merchant: slug, id } = await params;
  const ctx = await requireMerchantPage(slug, "customers.view");
  const { merchant } = ctx;
  if (!z.string().uuid().safeParse(id).success) notFound();
  const profile = await getCustomerProfile(merchant, id);
  if (!profile) notFound();
  const canEdit = allows(ctx, "customers.edit");
  const canMerge = allows(ctx, "customers.merge");
  const canErase = allows(ctx, "customers.erase");
  const canExport = allows(ctx, "customers.export");
  const { customer: c, pattern, ratings, tags, groups } = profile;
  const requestedPage = Number((await searchParams).visits ?? "1");
  const [notes, visits, offers, social] = await Promise.all([
    listNotes(merchant.id, c.id),
    listCustomerVisits(merchant.id, c.id, { page: Number.isFinite(requestedPage) ? requestedPage : 1 }),
    listCustomerOffers(merchant.id, c.id),
    customerSocial(merchant.id, c.id),
  ]);
  const ref = social.referrals;
  const name = customerDisplayName(c);
  const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
  const when = (d: Date) => formatLocalDateTime(d, merchant.timeZone);
  const max = Math.max(1, ...pattern.map((p) => p.n));
  const cell = new Map(pattern.map((p) => [`${p.dow}-${p.hour}`, p.n]));
  const consent = c.erasedAt
    ? "Erased on request"
    : c.suppressedAt
      ? `Suppressed (${c.suppressionReason})`
      : c.unsubscribedAt
        ? "Unsubscribed"
        : c.emailConsent
          ? "May receive email"
          : "No email consent";
  const segment = c.rfm ? RFM_LABELS[c.rfm.segment] : null;
  const rated = ratings.reduce((s, r) => s + r.n, 0);
  const firstShown = (visits.page - 1) * visits.pageSize + 1;
  const lastShown = firstShown + visits.rows.length - 1;
  const pageHref = (p: number) => `/m/${slug}/customers/${c.id}${p > 1 ? `?visits=${p}` : ""}#visits`;

  return (
    <>
      <PageHeader
        title={name}
        description={
          c.erasedAt
            ? `Personal data erased on request on ${day(c.erasedAt)}. Their visits still count, anonymously.`
            : [c.email, c.phone, c.zip].filter(Boolean).join(" · ") || "No contact details"
        }
        actions={
          <>
            <Link className="inline-flex min-h-10 items-center text-sm font-medium text-teal-800 hover:underline" href={`/m/${slug}/customers`}>
              ← Best Customer List
            </Link>
            {canExport && (
              <Button asChild variant="outline" className="min-h-12 sm:min-h-10">
                <a href={`/m/${slug}/customers/${c.id}/export`} download>
                  Download their data (JSON)
                </a>
              </Button>
            )}
          </>
        }
      />
      <div className="mb-6 flex flex-wrap gap-2">
        <Badge variant={c.emailConsent && !c.unsubscribedAt && !c.suppressedAt ? "success" : "warning"}>{consent}</Badge>
        {segment && (
          <Badge variant="brand" title={segment.hint}>
            {segment.label}
          </Badge>
        )}
        {tags.map((t) => (
          <Badge key={t}>{t}</Badge>
        ))}
      </div>
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <Stat label="Visits" value={c.visitCount.toLocaleString("en-US")} hint={c.firstVisitAt ? `Since ${when(c.firstVisitAt)}` : "No visits yet"} />
        <Stat
          label="Total spent"
          value={formatMoney(c.totalSpentCents, merchant.currency)}
          hint={c.visitCount ? `${formatMoney(Number(c.totalSpentCents) / c.visitCount, merchant.currency)} per visit` : undefined}
        />
        <Stat
          label="Rating"
          value={<CustomerRating usual={c.usualRating} latest={c.lastRating} variant="full" />}
          hint={
            rated ? (
              <span data-testid="visit-ratings">
                Visit ratings: {ratings.map((r) => `${"★".repeat(r.rating)} × ${r.n}`).join(", ")}
                {c.lastVisitAt ? ` · last visit ${timeAgo(c.lastVisitAt)}` : ""}
              </span>
            ) : c.lastVisitAt ? (
              `Last visit ${timeAgo(c.lastVisitAt)}`
            ) : undefined
          }
        />
        <Stat
          label="Lifetime value (est.)"
          value={(() => {
            const ltv = estimateLifetimeValueCents({ ...c, rfmRecency: c.rfm?.recency ?? null });
            return ltv !== null ? formatMoney(ltv, merchant.currency) : "—";
          })()}
          hint={c.rfm ? `RFM ${c.rfm.recency}-${c.rfm.frequency}-${c.rfm.monetary}` : "Scored nightly"}
        />
      </div>

      <div className="mt-6 grid gap-4 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Details</CardTitle>
            <CardDescription>{canEdit ? "Contact details, dates and the id other systems know them by." : "Only a manager can change these."}</CardDescription>
          </CardHeader>
          <CardContent>
            <CustomerDetailsForm
              key={c.updatedAt.toISOString()}
              merchantSlug={slug}
              canEdit={canEdit && !c.erasedAt}
              initial={{
                id: c.id,
                firstName: c.firstName,
                lastName: c.lastName,
                email: c.email,
                phone: c.phone,
                zip: c.zip,
                birthday: day(c.birthday),
                anniversary: day(c.anniversary),
                externalId: c.externalId,
              }}
            />
            <p className="mt-4 text-sm text-muted-foreground">
              Prefers: {c.channelPreference} · Added {when(c.createdAt)} from {c.source}
            </p>
          </CardContent>
        </Card>
        <div className="grid content-start gap-4">
          <Card>
            <CardHeader>
              <CardTitle>Email consent</CardTitle>
              <CardDescription>Whether they get promotions is the customer&apos;s choice; every change is in the activity log.</CardDescription>
            </CardHeader>
            <CardContent>
              <ConsentPanel
                merchantSlug={slug}
                canEdit={canEdit}
                state={{
                  customerId: c.id,
                  hasEmail: !!c.email,
                  emailConsent: c.emailConsent,
                  emailConsentSource: c.emailConsentSource,
                  emailConsentAt: day(c.emailConsentAt),
                  unsubscribedAt: day(c.unsubscribedAt),
                  suppressedAt: day(c.suppressedAt),
                  suppressionReason: c.suppressionReason,
                  erased: !!c.erasedAt,
                }}
              />
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Notes</CardTitle>
              <CardDescription>What your team should know about them.</CardDescription>
            </CardHeader>
            <CardContent>
              {c.note && (
                <p className="mb-3 whitespace-pre-wrap break-words rounded-md bg-muted p-3 text-sm">
                  <span className="font-medium">From {c.source === "import" ? "the import" : "their record"}:</span> {c.note}
                </p>
              )}
              <NotesPanel
                merchantSlug={slug}
                customerId={c.id}
                canEdit={canEdit && !c.erasedAt}
                notes={notes.map((n) => ({ id: n.id, body: n.body, authorName: n.authorName, when: when(n.createdAt) }))}
              />
            </CardContent>
          </Card>
        </div>
      </div>

      <section id="visits" aria-labelledby="visits-heading" className="mt-8 scroll-mt-4">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="visits-heading" className="text-lg font-semibold">
            Visits
          </h2>
          {visits.total > 0 && (
            <p className="text-sm text-muted-foreground" data-testid="visits-range">
              {visits.rows.length
                ? `${firstShown.toLocaleString("en-US")}–${lastShown.toLocaleString("en-US")} of ${visits.total.toLocaleString("en-US")}`
                : `No visits on this page; there are ${visits.total.toLocaleString("en-US")}`}
            </p>
          )}
        </div>
        {visits.total === 0 ? (
          <p className="text-sm text-muted-foreground">No visits recorded yet.</p>
        ) : (
          <>
            <ul className="divide-y divide-border rounded-lg border border-border bg-surface sm:hidden" aria-label="Visits">
              {visits.rows.map((v) => (
                <li key={v.id} className="p-3 text-sm">
                  <div className="flex items-baseline justify-between gap-2">
                    <span className="font-medium">{when(v.occurredAt)}</span>
                    <span className="tabular-nums">{formatMoney(v.amountCents, merchant.currency)}</span>
                  </div>
                  <div className="mt-1 flex flex-wrap items-center gap-x-3 gap-y-1 text-muted-foreground">
                    <Stars n={v.rating} />
                    <span>party of {v.partySize}</span>
                    {v.voucherCode && <Badge variant="brand">code {v.voucherCode}</Badge>}
                    {v.tags.length > 0 && <span>{v.tags.join(", ")}</span>}
                  </div>
                  {v.note && <p className="mt-1 break-words">{v.note}</p>}
                </li>
              ))}
            </ul>
            <div className="hidden sm:block">
              <Table>
                <TableHeader>
                  <TableRow>
                    <TableHead>When</TableHead>
                    <TableHead className="text-right">Spend</TableHead>
                    <TableHead className="text-right">Party</TableHead>
                    <TableHead>Rating</TableHead>
                    <TableHead>Tags</TableHead>
                    <TableHead>Served by</TableHead>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {visits.rows.map((v) => (
                    <TableRow key={v.id}>
                      <TableCell>
                        {when(v.occurredAt)}
                        {v.voucherCode && (
                          <Badge variant="brand" className="ml-2">
                            code {v.voucherCode}
                          </Badge>
                        )}
                        {v.note && <p className="mt-1 max-w-md break-words text-xs text-muted-foreground">{v.note}</p>}
                      </TableCell>
                      <TableCell className="text-right tabular-nums">{formatMoney(v.amountCents, merchant.currency)}</TableCell>
                      <TableCell className="text-right tabular-nums">{v.partySize}</TableCell>
                      <TableCell>
                        <Stars n={v.rating} />
                      </TableCell>
                      <TableCell>{v.tags.join(", ")}</TableCell>
                      <TableCell>{v.staffName ?? <span className="text-muted-foreground">—</span>}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </div>
            {visits.pages > 1 && (
              <nav aria-label="Visit pages" className="mt-3 flex flex-wrap items-center gap-2 text-sm">
                {visits.page > 1 ? (
                  <Link
                    className="inline-flex min-h-12 items-center rounded-md border border-border px-4 font-medium hover:bg-muted sm:min-h-10"
                    href={pageHref(visits.page - 1)}
                  >
                    ← Newer visits
                  </Link>
                ) : null}
                <span className="px-2 text-muted-foreground">
                  Page {visits.page} of {visits.pages}
                </span>
                {visits.page < visits.pages ? (
                  <Link
                    className="inline-flex min-h-12 items-center rounded-md border border-border px-4 font-medium hover:bg-muted sm:min-h-10"
                    href={pageHref(visits.page + 1)}
                  >
                    Older visits →
                  </Link>
                ) : null}
              </nav>
            )}
          </>
        )}
      </section>

      <section aria-labelledby="social-heading" className="mt-8">
        <h2 id="social-heading" className="mb-3 text-lg font-semibold">
          Referrals, feedback and social score
        </h2>
        <div className="grid gap-4 lg:grid-cols-3">
          <Card>
            <CardHeader>
              <CardTitle>Social score</CardTitle>
              <CardDescription>0–100, from friends referred and what they brought, shares, feedback and imported reach.</CardDescription>
            </CardHeader>
            <CardContent className="space-y-1 text-sm">
              <p className="text-3xl font-semibold tabular-nums" data-testid="social-score">
                {social.customer?.socialScore ?? 0}
              </p>
              <p className="text-muted-foreground">
                {social.customer?.reach != null
                  ? `Reach ${social.customer.reach.toLocaleString("en-US")}${social.customer.reachSource ? ` (${social.customer.reachSource})` : ""}`
                  : "No reach imported"}
                {ref.link ? ` · ${ref.link.shares} share${ref.link.shares === 1 ? "" : "s"}` : ""}
              </p>
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Their own rating</CardTitle>
              <CardDescription>What they answered to “How was it?”.</CardDescription>
            </CardHeader>
            <CardContent className="text-sm">
              <p data-testid="own-rating">
                <Stars n={social.customer?.feedbackRating ?? null} />
                {social.customer?.feedbackAt ? <span className="text-muted-foreground"> · {when(social.customer.feedbackAt)}</span> : null}
              </p>
              {social.feedback
                .filter((f) => f.comment)
                .slice(0, 3)
                .map((f) => (
                  <p key={f.id} className="mt-2 whitespace-pre-line text-muted-foreground">
                    “{f.comment}”
                  </p>
                ))}
            </CardContent>
          </Card>
          <Card>
            <CardHeader>
              <CardTitle>Referrals</CardTitle>
              <CardDescription>
                {ref.link ? (
                  <>
                    Their link:{" "}
                    <a className="break-all font-mono text-teal-800 underline" href={ref.link.url}>
                      {ref.link.url}
                    </a>
                  </>
                ) : (
                  "No link: they need an email address and consent."
                )}
              </CardDescription>
            </CardHeader>
            <CardContent className="space-y-2 text-sm" data-testid="referrals">
              {ref.referredBy && (
                <p>
                  Referred by{" "}
                  <Link className="font-medium text-teal-800 hover:underline" href={`/m/${slug}/customers/${ref.referredBy.id}`}>
                    {ref.referredBy.name}
                  </Link>
                  {ref.referredBy.creditedAt ? " (came in)" : ""}
                </p>
              )}
              <p>
                {ref.friends.length === 0
                  ? "Has not referred anyone yet."
                  : `Referred ${ref.friends.length} friend${ref.friends.length === 1 ? "" : "s"}; ${ref.friendsCame} came, spending ${formatMoney(ref.friendsSpentCents, merchant.currency)}.`}
              </p>
              {ref.friends.length > 0 && (
                <ul className="divide-y divide-border" aria-label="Friends referred">
                  {ref.friends.map((f) => (
                    <li key={f.id} className="py-1">
                      <Link className="font-medium text-teal-800 hover:underline" href={`/m/${slug}/customers/${f.id}`}>
                        {f.name}
                      </Link>{" "}
                      <span className="text-muted-foreground">
                        {f.creditedAt
                          ? `came ${when(f.creditedAt)}, ${formatMoney(f.spentCents, merchant.currency)}${f.rewarded ? " · reward sent" : ""}`
                          : "signed up, not in yet"}
                      </span>
                    </li>
                  ))}
                </ul>
              )}
            </CardContent>
          </Card>
        </div>
      </section>

      <section aria-labelledby="offers-heading" className="mt-8">
        <h2 id="offers-heading" className="mb-3 text-lg font-semibold">
          Promotions and codes
        </h2>
        {offers.campaigns.length === 0 && offers.vouchers.length === 0 ? (
          <p className="text-sm text-muted-foreground">No promotions sent and no deal vouchers yet.</p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Promotions sent</CardTitle>
                <CardDescription>Each came with a personal code.</CardDescription>
              </CardHeader>
              <CardContent>
                {offers.campaigns.length === 0 ? (
                  <p className="text-sm text-muted-foreground">None yet.</p>
                ) : (
                  <ul className="divide-y divide-border text-sm" aria-label="Promotions sent">
                    {offers.campaigns.map((o) => (
                      <li key={o.campaignId} className="py-2">
                        <div className="flex flex-wrap items-baseline justify-between gap-2">
                          <Link className="font-medium text-teal-800 hover:underline" href={`/m/${slug}/campaigns/${o.campaignId}`}>
                            {o.promotionName}
                          </Link>
                          <span className="text-muted-foreground">{when(o.at)}</span>
                        </div>
                        <p className="text-muted-foreground">
                          {o.isHoldout
                            ? "Held out for comparison (not sent)"
                            : [RECIPIENT_WORDS[o.status] ?? o.status, o.openedAt ? "opened" : null, o.clickedAt ? "clicked" : null].filter(Boolean).join(" · ")}
                          {o.code && (
                            <>
                              {" "}
                              · code <span className="font-mono">{o.code}</span>:{" "}
                              {o.codeStatus === "redeemed" && o.redeemedAt ? `used ${when(o.redeemedAt)}` : (CODE_WORDS[o.codeStatus ?? ""] ?? o.codeStatus)}
                            </>
                          )}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Deal vouchers</CardTitle>
                <CardDescription>Daily deals they bought or redeemed here.</CardDescription>
              </CardHeader>
              <CardContent>
                {offers.vouchers.length === 0 ? (
                  <p className="text-sm text-muted-foreground">None yet.</p>
                ) : (
                  <ul className="divide-y divide-border text-sm" aria-label="Deal vouchers">
                    {offers.vouchers.map((v) => (
                      <li key={v.id} className="py-2">
                        <div className="flex flex-wrap items-baseline justify-between gap-2">
                          <span className="font-medium">{v.dealTitle}</span>
                          <span className="font-mono text-muted-foreground">{v.code}</span>
                        </div>
                        <p className="text-muted-foreground">
                          {v.status === "redeemed" && v.redeemedAt ? `Used ${when(v.redeemedAt)}` : (CODE_WORDS[v.status] ?? v.status)}
                          {v.status === "active" && v.expiresAt ? ` · expires ${when(v.expiresAt)}` : ""}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </CardContent>
            </Card>
          </div>
        )}
      </section>

      <div className="mt-8 grid gap-4 lg:grid-cols-3">
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
                    {Array.from({ length: 24 }, (_, h) => (
                      <th key={h} className="w-5 font-normal text-slate-500">
                        {h % 3 === 0 ? h : ""}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {WEEKDAY_LABELS.map((d, dow) => (
                    <tr key={d}>
                      <th className="pr-2 text-left font-medium text-slate-600">{d.slice(0, 3)}</th>
                      {Array.from({ length: 24 }, (_, h) => {
                        const n = cell.get(`${dow}-${h}`) ?? 0;
                        return (
                          <td
                            key={h}
                            title={`${d} ${h}:00 — ${n} visit${n === 1 ? "" : "s"}`}
                            className="h-5 w-5 border border-white"
                            style={{ backgroundColor: n ? `rgba(15,118,110,${0.15 + (0.85 * n) / max})` : "#f1f5f9" }}
                          />
                        );
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
            {groups.length === 0 ? (
              <p className="text-sm text-slate-600">Not in any group yet.</p>
            ) : (
              <ul className="space-y-1 text-sm">
                {groups.map((g) => (
                  <li key={g.id}>
                    {g.name} <span className="text-slate-500">· {g.kind === "static" ? "hand-picked" : "Smart Filter"}</span>
                  </li>
                ))}
              </ul>
            )}
          </CardContent>
        </Card>
      </div>
      {(canMerge || canErase) && !c.erasedAt && (
        <div className="mt-8 grid gap-4 lg:grid-cols-2" id="manage">
          {canMerge && (
            <Card>
              <CardHeader>
                <CardTitle>Merge a duplicate</CardTitle>
                <CardDescription>Same person twice? Bring the other record&apos;s visits, codes, promotions, tags, notes and groups here.</CardDescription>
              </CardHeader>
              <CardContent>
                <MergePanel merchantSlug={slug} customerId={c.id} customerName={name} formatMoney={{ currency: merchant.currency }} />
              </CardContent>
            </Card>
          )}
          {canErase && (
            <Card>
              <CardHeader>
                <CardTitle>Erase on request</CardTitle>
                <CardDescription>The customer&apos;s right to be forgotten.</CardDescription>
              </CardHeader>
              <CardContent>
                <ErasePanel merchantSlug={slug} customerId={c.id} customerName={name} />
              </CardContent>
            </Card>
          )}
        </div>
      )}
    </>
  );
}
