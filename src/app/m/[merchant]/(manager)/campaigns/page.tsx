import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Badge } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { listCampaigns } from "@/features/campaigns/queries";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await getMerchantContextOrNotFound(slug);
  if (!can(ctx.role, "campaigns.send")) notFound();
  const campaigns = await listCampaigns(ctx.merchant.id);
  return (
    <>
      <PageHeader title="Campaigns" description="Each push of a promotion to a group, and who came back." />
      {campaigns.length === 0 ? (
        <EmptyState icon={null} title="No campaigns yet" description="Pick a group and a promotion to send your first Social Select campaign." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Promotion</TableHead>
              <TableHead>Group</TableHead>
              <TableHead>Status</TableHead>
              <TableHead className="text-right">Audience</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {campaigns.map((c) => (
              <TableRow key={c.id}>
                <TableCell className="font-medium">{c.promotion.name}</TableCell>
                <TableCell>{c.group.name}</TableCell>
                <TableCell><Badge>{c.status}</Badge></TableCell>
                <TableCell className="text-right tabular-nums">{c.audienceCount.toLocaleString("en-US")}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </>
  );
}
