import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { feedbackAgreement, feedbackSummary, listFeedback, LOW_RATING, type TRatingAgreement } from "@/features/social/feedback";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatLocalDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Feedback" };

export default async function FeedbackListPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<{ low?: string }> }) {
  const { merchant: slug } = await params;
  const low = (await searchParams).low === "1";
  const { merchant } = await requireMerchantPage(slug, "customers.view");
  const [rows, summary, agreement] = await Promise.all([listFeedback(merchant.id, { low }), feedbackSummary(merchant.id), feedbackAgreement(merchant.id)]);
  return (
    <>
      <PageHeader
        title="Feedback"
        description="What customers answered to “How was it?”. 1-star answers are marked and emailed to managers as they come in."
        actions={
          <Link href={`/m/${slug}/settings/referrals`} className="text-sm text-teal-800 underline">
            Feedback settings
          </Link>
        }
      />
      <div className="mb-6 grid gap-4 sm:grid-cols-3">
        <Stat label="Asked (90 days)" value={summary.asked.toLocaleString("en-US")} />
        <Stat label="Answered" value={summary.answered.toLocaleString("en-US")} hint={summary.avg ? `Average ${summary.avg.toFixed(1)} of 3` : undefined} />
        <Stat label="Low answers" value={summary.low.toLocaleString("en-US")} />
      </div>
      <StarsBesideTheirs agreement={agreement} />
      <p className="mb-3 text-sm">
        {low ? (
          <Link className="text-teal-800 underline" href={`/m/${slug}/feedback`}>
            Show all answers
          </Link>
        ) : (
          <Link className="text-teal-800 underline" href={`/m/${slug}/feedback?low=1`}>
            Only low answers
          </Link>
        )}
      </p>
      {rows.length === 0 ? (
        <EmptyState icon={null} title="No answers yet" description="Turn on “How was it?” in the settings; answers appear here." />
      ) : (
        <ul className="divide-y divide-border rounded-xl border border-border bg-surface" aria-label="Feedback answers">
          {rows.map((r) => (
            <li key={r.id} className="p-4" data-testid="feedback-row">
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <span>
                  <span className="text-amber-600" role="img" aria-label={`${r.rating} of 3 stars`}>
                    {"★".repeat(r.rating)}
                  </span>{" "}
                  <Link className="font-medium text-teal-800 hover:underline" href={`/m/${slug}/customers/${r.customerId}`}>
                    {r.customerName}
                  </Link>{" "}
                  {r.rating <= LOW_RATING && <Badge variant="warning">Low</Badge>}
                </span>
                <span className="text-sm text-muted-foreground">{formatLocalDateTime(r.answeredAt, merchant.timeZone)}</span>
              </div>
              {r.comment && <p className="mt-1 whitespace-pre-line text-sm">“{r.comment}”</p>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

const stars = (n: number) => (n === 1 ? "1 star" : `${n} stars`);

/** The staff's stars for the answered visits beside the customers' own, and how often they agree. */
function StarsBesideTheirs({ agreement: a }: { agreement: TRatingAgreement }) {
  return (
    <Card className="mb-6" aria-labelledby="stars-beside-theirs">
      <CardHeader>
        <CardTitle id="stars-beside-theirs">Your stars beside theirs</CardTitle>
        <CardDescription>The stars you gave a visit at the counter and the customer’s own answer about the same visit, over the last 90 days.</CardDescription>
      </CardHeader>
      <CardContent className="space-y-4">
        {a.visits === 0 || a.staffAvg === null || a.customerAvg === null ? (
          <p className="text-sm text-muted-foreground" data-testid="stars-empty">
            No answer yet about a visit you rated. Rate visits at the counter, and when those customers answer, you will see here whether they agree.
          </p>
        ) : (
          <>
            <div className="grid gap-4 sm:grid-cols-2">
              <Stat
                label="You rated these visits"
                value={<span data-testid="staff-average">{a.staffAvg.toFixed(1)} of 3</span>}
                hint={`Average over ${a.visits.toLocaleString("en-US")} answered visit${a.visits === 1 ? "" : "s"}`}
              />
              <Stat
                label="Customers rated them"
                value={<span data-testid="customer-average">{a.customerAvg.toFixed(1)} of 3</span>}
                hint="Their own answer, same visits"
              />
            </div>
            <Table aria-label="Your stars and the customers' stars">
              <TableCaption>Each row is how you rated a visit; each column, how the customer rated it. Highlighted: you agreed.</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHead>You rated</TableHead>
                  {[1, 2, 3].map((c) => (
                    <TableHead key={c} className="text-right">
                      Customer: {stars(c)}
                    </TableHead>
                  ))}
                </TableRow>
              </TableHeader>
              <TableBody>
                {[1, 2, 3].map((s) => (
                  <TableRow key={s}>
                    <TableHead scope="row" className="text-sm normal-case tracking-normal text-foreground">
                      {stars(s)}
                    </TableHead>
                    {[1, 2, 3].map((c) => (
                      <TableCell
                        key={c}
                        data-testid={`agreement-${s}-${c}`}
                        className={s === c ? "bg-brand-50 text-right font-semibold tabular-nums" : "text-right tabular-nums"}
                      >
                        {(a.counts[s - 1]?.[c - 1] ?? 0).toLocaleString("en-US")}
                      </TableCell>
                    ))}
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <ul className="space-y-1 text-sm" aria-label="How often customers agree">
              {a.agreement.map((r) => (
                <li key={r.staff}>{r.sentence}</li>
              ))}
            </ul>
          </>
        )}
        {a.unrated > 0 && (
          <p className="text-sm text-muted-foreground">
            {a.unrated.toLocaleString("en-US")} more answer{a.unrated === 1 ? " was" : "s were"} about visits you did not rate.
          </p>
        )}
      </CardContent>
    </Card>
  );
}
