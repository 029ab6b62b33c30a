import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { audienceBreakdown, REASON_LABELS } from "@/features/campaigns/audience";
import { CampaignButtons, FunnelChart, ReturnChart } from "@/features/campaigns/components/campaign-live";
import { CampaignSendProgress } from "@/features/campaigns/components/campaign-progress";
import { CampaignStatusBadge } from "@/features/campaigns/components/status-badge";
import { getCampaignOrThrow, getCampaignProgress } from "@/features/campaigns/queries";
import { getCampaignResults } from "@/features/campaigns/results";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { AppError } from "@/lib/errors";
import { isUuid } from "@/lib/ids";
import { formatMoney } from "@/lib/money";
import { formatLocalDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Campaign" };

// Outside the (manager) group on purpose: no loading boundary above this page, so a campaign of
// another merchant (or a staff member) gets a real 404 status, not a streamed not-found page.

const fmt = (n: number) => n.toLocaleString("en-US");
const pct = (n: number) => `${Math.round(n * 1000) / 10}%`;

export default async function CampaignPage({ params }: { params: Promise<{ merchant: string; id: string }> }) {
  const { merchant: slug, id } = await params;
  const ctx = await requireMerchantPage(slug, "campaigns.send");
  if (!isUuid(id)) notFound();
  const campaign = await getCampaignOrThrow(ctx.merchant.id, id).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const results = await getCampaignResults(ctx.merchant.id, id, campaign.startedAt);
  const progress = await getCampaignProgress(ctx.merchant.id, id);
  const tz = ctx.merchant.timeZone;
  // Who is left out: the snapshot's counts, and today's names.
  const today =
    campaign.status === "cancelled"
      ? null
      : await audienceBreakdown(ctx.merchant, campaign.group, {
          send: { promotionId: campaign.promotion.id, oncePerCustomer: campaign.promotion.oncePerCustomer, campaignId: campaign.id },
        }).catch(() => null);
  const excludedCounts = campaign.startedAt ? campaign.excluded : (today?.excluded ?? campaign.excluded);
  const main = results.returns.find((r) => r.days === 30);
  const funnel = [
    { step: "Sent", count: results.sent },
    { step: "Delivered", count: results.delivered },
    { step: "Opened", count: results.opened },
    { step: "Clicked", count: results.clicked },
    { step: "Redeemed", count: results.redeemed },
  ];
  const when =
    campaign.status === "scheduled" && campaign.sendAt
      ? `Sends ${formatLocalDateTime(campaign.sendAt, tz)}`
      : campaign.startedAt
        ? `Sent ${formatLocalDateTime(campaign.startedAt, tz)}`
        : `Created ${formatLocalDateTime(campaign.createdAt, tz)}`;

  return (
    <>
      <PageHeader
        title={campaign.name ?? campaign.promotion.name}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <CampaignStatusBadge status={campaign.status} />
            <span>
              {campaign.name ? <>“{campaign.promotion.name}” </> : null}to “{campaign.group.name}” · {when} · holdout {campaign.holdoutPercent}%
            </span>
          </span>
        }
        actions={
          <>
            <Link className="mr-2 text-sm font-medium text-teal-800 hover:underline" href={`/m/${slug}/campaigns`}>
              ← Campaigns
            </Link>
            <CampaignButtons merchantSlug={slug} campaignId={id} cancellable={campaign.status === "scheduled" || campaign.status === "draft"} />
          </>
        }
      />

      {campaign.status === "draft" && (
        <Alert
          variant="info"
          title="This is a draft"
          action={
            <Button asChild>
              <Link href={`/m/${slug}/campaigns/new?draft=${id}`}>Review and send</Link>
            </Button>
          }
        >
          Nothing has been sent. Review the audience, then send it or schedule it.
        </Alert>
      )}
      {campaign.status === "cancelled" && (
        <Alert variant="info" title="Cancelled">
          Nobody got this campaign. Duplicate it to send it again.
        </Alert>
      )}
      {campaign.status !== "draft" && campaign.status !== "cancelled" && (
        <CampaignSendProgress
          key={id}
          merchantSlug={slug}
          campaignId={id}
          initial={progress}
          scheduledWords={campaign.sendAt ? `Sends ${formatLocalDateTime(campaign.sendAt, tz)}.` : ""}
        />
      )}

      {campaign.startedAt && (
        <>
          <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" role="group" aria-label="Key results">
            <Stat label="Sent" value={fmt(results.sent)} hint={`${fmt(results.holdout)} held out as the comparison group`} />
            <Stat label="Delivered" value={fmt(results.delivered)} hint={`${fmt(results.opened)} opened · ${fmt(results.bounced)} bounced`} />
            <Stat
              label="Redeemed"
              value={<span data-testid="campaign-redeemed">{fmt(results.redeemed)}</span>}
              hint={`${pct(results.redemptionRate)} of those who got it`}
            />
            <Stat
              label="Revenue from redemptions"
              value={<span data-testid="campaign-revenue">{formatMoney(results.revenueCents, ctx.merchant.currency)}</span>}
              hint="Spend on the visits that used a code"
            />
          </div>

          <div className="mt-6 grid gap-4 lg:grid-cols-2">
            <Card>
              <CardHeader>
                <CardTitle>Did it bring them back?</CardTitle>
                <CardDescription>Return visits after the send: customers who got it against the random holdout who didn&apos;t.</CardDescription>
              </CardHeader>
              <CardContent className="space-y-4">
                <p className="text-base font-medium" data-testid="campaign-lift">
                  {main?.lift.sentence ?? "Too early to tell."}
                </p>
                {main && (
                  <ReturnChart
                    data={results.returns.map((r) => ({
                      window: `${r.days} days${r.open ? " (so far)" : ""}`,
                      got: Math.round(r.recipients.rate * 1000) / 10,
                      holdout: Math.round(r.holdout.rate * 1000) / 10,
                    }))}
                  />
                )}
                <ul className="space-y-1 text-sm text-muted-foreground">
                  {results.returns.map((r) => (
                    <li key={r.days}>
                      Within {r.days} days{r.open ? " (still open)" : ""}: {pct(r.recipients.rate)} of those who got it came back, {pct(r.holdout.rate)} of the
                      holdout.
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
            <Card>
              <CardHeader>
                <CardTitle>Funnel</CardTitle>
                <CardDescription>Delivered, opened and clicked come from the email provider as they happen.</CardDescription>
              </CardHeader>
              <CardContent>
                <FunnelChart data={funnel} />
              </CardContent>
            </Card>
          </div>
        </>
      )}

      <Card className="mt-6">
        <CardHeader>
          <CardTitle>Who did not get it, and why</CardTitle>
          <CardDescription>{campaign.startedAt ? "Counts when it was sent; names as of today (first 50)." : "As of now (first 50 names)."}</CardDescription>
        </CardHeader>
        <CardContent>
          <ul className="divide-y divide-border rounded-lg border border-border">
            {(["noConsent", "unsubscribed", "suppressed", "noEmail", "alreadyReceived", "frequencyCapped"] as const).map((key) => {
              const people = today?.lists[key] ?? [];
              return (
                <li key={key}>
                  <details>
                    <summary className="flex min-h-12 cursor-pointer items-center justify-between gap-3 px-3 py-2">
                      <span>
                        <span className="font-medium">{REASON_LABELS[key].title}</span>{" "}
                        <span className="text-sm text-muted-foreground">— {REASON_LABELS[key].why}</span>
                      </span>
                      <span className="tabular-nums">{fmt(excludedCounts[key])}</span>
                    </summary>
                    <div className="px-3 pb-3 text-sm">
                      {people.length === 0 ? (
                        <p className="text-muted-foreground">Nobody today.</p>
                      ) : (
                        <ul className="columns-1 sm:columns-2">
                          {people.map((p) => (
                            <li key={p.id}>
                              <Link className="underline-offset-2 hover:underline" href={`/m/${slug}/customers/${p.id}`}>
                                {[p.firstName, p.lastName].filter(Boolean).join(" ") || p.email || "Unnamed"}
                              </Link>
                            </li>
                          ))}
                        </ul>
                      )}
                    </div>
                  </details>
                </li>
              );
            })}
          </ul>
        </CardContent>
      </Card>
    </>
  );
}
