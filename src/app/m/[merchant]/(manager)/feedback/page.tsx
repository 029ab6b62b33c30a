import type { Metadata } from "next";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Stat } from "@/components/ui/stat";
import { feedbackSummary, listFeedback, LOW_RATING } from "@/features/social/feedback";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatLocalDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Feedback" };

export default async function FeedbackListPage({ params, searchParams }: { params: Promise<{ merchant: string }>; searchParams: Promise<{ low?: string }> }) {
  const { merchant: slug } = await params;
  const low = (await searchParams).low === "1";
  const { merchant } = await requireMerchantPage(slug, "customers.view");
  const [rows, summary] = await Promise.all([listFeedback(merchant.id, { low }), feedbackSummary(merchant.id)]);
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
