import type { Metadata } from "next";
import { Megaphone, Plus } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { CampaignAutoRefresh } from "@/features/campaigns/components/campaign-live";
import { CampaignStatusBadge } from "@/features/campaigns/components/status-badge";
import { listCampaigns } from "@/features/campaigns/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { formatMoney } from "@/lib/money";
import { formatLocalDateTime } from "@/lib/time";

export const metadata: Metadata = { title: "Campaigns" };

const fmt = (n: number) => n.toLocaleString("en-US");

export default async function CampaignsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await requireMerchantPage(slug, "campaigns.send");
  const campaigns = await listCampaigns(ctx.merchant.id);
  const tz = ctx.merchant.timeZone;
  const newButton = (
    <Button asChild>
      <Link href={`/m/${slug}/campaigns/new`}>
        <Plus aria-hidden /> New campaign
      </Link>
    </Button>
  );
  return (
    <>
      <CampaignAutoRefresh active={campaigns.some((c) => c.status === "sending" || c.status === "scheduled")} />
      <PageHeader title="Campaigns" description="Each push of a promotion to a group, and who came back." actions={campaigns.length ? newButton : undefined} />
      {campaigns.length === 0 ? (
        <EmptyState
          icon={<Megaphone />}
          title="No campaigns yet"
          description="Pick a group and a promotion to send your first Social Select campaign. Every customer gets a personal code."
          action={newButton}
        />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Promotion</TableHead>
              <TableHead>Group</TableHead>
              <TableHead>Status</TableHead>
              <TableHead>When</TableHead>
              <TableHead className="text-right">Sent</TableHead>
              <TableHead className="text-right">Redeemed</TableHead>
              <TableHead className="text-right">Revenue</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {campaigns.map((c) => {
              const when = c.startedAt ?? c.sendAt ?? c.createdAt;
              return (
                <TableRow key={c.id}>
                  <TableCell className="font-medium">
                    <Link className="underline-offset-2 hover:underline" href={`/m/${slug}/campaigns/${c.id}`}>
                      {c.name ?? c.promotion.name}
                    </Link>
                  </TableCell>
                  <TableCell>{c.group.name}</TableCell>
                  <TableCell>
                    <CampaignStatusBadge status={c.status} />
                  </TableCell>
                  <TableCell className="whitespace-nowrap">{formatLocalDateTime(when, tz)}</TableCell>
                  <TableCell className="text-right tabular-nums">
                    {c.status === "sending" ? `${fmt(c.sent)} of ${fmt(c.audienceCount)}` : c.startedAt ? fmt(c.sent) : "—"}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{c.startedAt ? fmt(c.redeemed) : "—"}</TableCell>
                  <TableCell className="text-right tabular-nums">{c.startedAt ? formatMoney(c.revenueCents, ctx.merchant.currency) : "—"}</TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
    </>
  );
}
