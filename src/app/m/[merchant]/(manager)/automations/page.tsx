import type { Metadata } from "next";
import Link from "next/link";
import { Repeat } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { AutomationToggle } from "@/features/automations/components/automation-toggle";
import { listAutomationsForPage, promotionOptions } from "@/features/automations/queries";
import { KIND_LABELS } from "@/features/automations/schemas";
import { emailAllowanceProblem } from "@/features/plans/state";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatMoney } from "@/lib/money";

export const metadata: Metadata = { title: "Automations" };

const fmt = (n: number) => n.toLocaleString("en-US");
const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

// GET /m/[merchant]/automations — the standing triggers, each in a sentence, with its switch, who it would reach and what it brought.
export default async function AutomationsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await requireMerchantPage(slug, "campaigns.send");
  const [{ automations, available, addressProblem }, promotions, allowanceProblem] = await Promise.all([
    listAutomationsForPage(ctx.merchant),
    promotionOptions(ctx.merchant.id),
    emailAllowanceProblem(ctx.merchant.id),
  ]);
  return (
    <>
      <PageHeader
        title="Automations"
        description="Messages that go out by themselves at the right moment — like a nudge to come back after a first deal — and are measured like campaigns."
      />
      {addressProblem && automations.length > 0 && (
        <Alert variant="warning" title="Automations are waiting">
          {addressProblem}{" "}
          <Link className="underline" href={`/m/${slug}/settings`}>
            Add it in Settings
          </Link>
          .
        </Alert>
      )}
      {allowanceProblem && automations.some((a) => a.enabled) && (
        <Alert variant="warning" title="Automations are waiting for next month's emails">
          {allowanceProblem} Until then, automations send nothing.
        </Alert>
      )}
      {promotions.length === 0 ? (
        <EmptyState
          icon={<Repeat />}
          title="Write a promotion first"
          description="An automation sends one of your saved promotions, each customer with their own code. Write one — say, 10% off a second visit — then come back to switch it on."
          action={
            <Button asChild>
              <Link href={`/m/${slug}/promotions/new`}>Write a promotion</Link>
            </Button>
          }
        />
      ) : (
        <>
          {automations.length === 0 && (
            <EmptyState
              icon={<Repeat />}
              title="No automations yet"
              description="Start with “Second visit”: it turns the customers a daily deal brought in into regulars. Set it up below, check who it would reach, then turn it on."
            />
          )}
          {automations.length > 0 && (
            <ul className="space-y-4" aria-label="Your automations">
              {automations.map((a) => (
                <li key={a.id}>
                  <Card>
                    <CardHeader>
                      <div className="flex flex-wrap items-start justify-between gap-3">
                        <div className="space-y-1">
                          <CardTitle className="flex items-center gap-2">
                            <span id={`automation-${a.id}-name`}>{KIND_LABELS[a.kind].name}</span>
                            {a.enabled ? <Badge variant="success">On</Badge> : <Badge>Paused</Badge>}
                          </CardTitle>
                          <CardDescription className="text-base text-foreground" data-testid="automation-sentence">
                            {a.sentence}
                          </CardDescription>
                          <p className="text-xs text-muted-foreground">{a.timing}</p>
                        </div>
                        <div className="flex gap-2">
                          <Button asChild size="sm" variant="outline">
                            <Link href={`/m/${slug}/automations/${a.id}`} aria-describedby={`automation-${a.id}-name`}>
                              Tune
                            </Link>
                          </Button>
                          <AutomationToggle merchantSlug={slug} automationId={a.id} enabled={a.enabled} name={KIND_LABELS[a.kind].name} />
                        </div>
                      </div>
                    </CardHeader>
                    <CardContent className="space-y-3">
                      {a.problem && (
                        <Alert variant="warning" title="Not sending">
                          {a.problem}
                        </Alert>
                      )}
                      {a.preview && (
                        <p className="text-sm">
                          <span className="text-muted-foreground">{a.enabled ? "Due" : "Would get it"}: </span>
                          today <strong>{fmt(a.preview.today.gets)}</strong> · this week <strong>{fmt(a.preview.week.gets)}</strong>
                          {a.kind === "welcome_best" && !a.lastRunAt ? " (it starts with who joins after its first day)" : ""}
                        </p>
                      )}
                      <dl className="grid grid-cols-2 gap-3 text-sm sm:grid-cols-5" aria-label={`${KIND_LABELS[a.kind].name} results`}>
                        <div>
                          <dt className="text-muted-foreground">Sent</dt>
                          <dd className="text-lg font-semibold tabular-nums" data-testid="automation-sent">
                            {fmt(a.results.sent)}
                          </dd>
                        </div>
                        <div>
                          <dt className="text-muted-foreground">Redeemed</dt>
                          <dd className="text-lg font-semibold tabular-nums" data-testid="automation-redeemed">
                            {fmt(a.results.redeemed)}
                          </dd>
                        </div>
                        <div>
                          <dt className="text-muted-foreground">Revenue</dt>
                          <dd className="text-lg font-semibold tabular-nums" data-testid="automation-revenue">
                            {formatMoney(a.results.revenueCents, ctx.merchant.currency)}
                          </dd>
                        </div>
                        <div>
                          <dt className="text-muted-foreground">Came back (30 days)</dt>
                          <dd className="text-lg font-semibold tabular-nums">{a.results.recipients.n ? pct(a.results.recipients.rate) : "–"}</dd>
                        </div>
                        <div>
                          <dt className="text-muted-foreground">Holdout came back</dt>
                          <dd className="text-lg font-semibold tabular-nums">{a.results.held.n ? pct(a.results.held.rate) : "–"}</dd>
                        </div>
                      </dl>
                      {a.results.occasions > 0 && (
                        <p className="text-sm text-muted-foreground" data-testid="automation-lift">
                          {a.results.lift.sentence}
                        </p>
                      )}
                    </CardContent>
                  </Card>
                </li>
              ))}
            </ul>
          )}
          {available.length > 0 && (
            <section className="mt-8" aria-labelledby="more-automations">
              <h2 id="more-automations" className="mb-3 text-lg font-semibold">
                {automations.length ? "More automations" : "Pick one to start"}
              </h2>
              <ul className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
                {available.map((kind) => (
                  <li key={kind}>
                    <Card className="h-full">
                      <CardHeader>
                        <CardTitle id={`kind-${kind}`}>{KIND_LABELS[kind].name}</CardTitle>
                        <CardDescription>{KIND_LABELS[kind].what}</CardDescription>
                      </CardHeader>
                      <CardContent>
                        <Button asChild size="sm" variant={kind === "second_visit" ? "default" : "outline"}>
                          <Link href={`/m/${slug}/automations/new?kind=${kind}`} aria-describedby={`kind-${kind}`}>
                            Set up
                          </Link>
                        </Button>
                      </CardContent>
                    </Card>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </>
      )}
    </>
  );
}
