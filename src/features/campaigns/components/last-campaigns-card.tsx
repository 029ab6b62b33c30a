import Link from "next/link";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { formatMoney } from "@/lib/money";
import { formatLocalDateTime } from "@/lib/time";
import { listCampaigns } from "../queries";
import { getCampaignResults } from "../results";
import { CampaignStatusBadge } from "./status-badge";

const fmt = (n: number) => n.toLocaleString("en-US");

/** The merchant dashboard's "Last campaigns": the three latest sends with their results and lift. */
export async function LastCampaignsCard({
  merchantId,
  merchantSlug,
  currency,
  timeZone,
}: {
  merchantId: string;
  merchantSlug: string;
  currency: string;
  timeZone: string;
}) {
  const campaigns = (await listCampaigns(merchantId, { take: 10 })).filter((c) => c.startedAt).slice(0, 3);
  const withLift = await Promise.all(
    campaigns.map(async (c) => ({
      ...c,
      lift: (await getCampaignResults(merchantId, c.id, c.startedAt)).returns.find((r) => r.days === 30)?.lift.sentence ?? null,
    })),
  );
  return (
    <Card className="mt-6">
      <CardHeader>
        <CardTitle>Last campaigns</CardTitle>
        <CardDescription>What your latest Social Select promotions brought back.</CardDescription>
      </CardHeader>
      <CardContent>
        {withLift.length === 0 ? (
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p className="text-sm text-muted-foreground">No campaigns sent yet. Send a promotion to a group and its results show here.</p>
            <Button asChild variant="outline">
              <Link href={`/m/${merchantSlug}/campaigns/new`}>New campaign</Link>
            </Button>
          </div>
        ) : (
          <ul className="divide-y divide-border" aria-label="Last campaigns">
            {withLift.map((c) => (
              <li key={c.id} className="flex flex-wrap items-start justify-between gap-3 py-3">
                <div className="min-w-0">
                  <Link href={`/m/${merchantSlug}/campaigns/${c.id}`} className="font-medium underline-offset-2 hover:underline">
                    {c.name ?? c.promotion.name}
                  </Link>{" "}
                  <CampaignStatusBadge status={c.status} />
                  <p className="text-xs text-muted-foreground">
                    to “{c.group.name}” · {formatLocalDateTime(c.startedAt!, timeZone)}
                  </p>
                  {c.lift && <p className="mt-1 text-sm">{c.lift}</p>}
                </div>
                <dl className="flex gap-5 text-right text-sm">
                  <div>
                    <dt className="text-muted-foreground">Sent</dt>
                    <dd className="font-semibold tabular-nums">{fmt(c.sent)}</dd>
                  </div>
                  <div>
                    <dt className="text-muted-foreground">Redeemed</dt>
                    <dd className="font-semibold tabular-nums">{fmt(c.redeemed)}</dd>
                  </div>
                  <div>
                    <dt className="text-muted-foreground">Revenue</dt>
                    <dd className="font-semibold tabular-nums">{formatMoney(c.revenueCents, currency)}</dd>
                  </div>
                </dl>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
