import type { Metadata } from "next";
import Link from "next/link";
import { Megaphone, Plus } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { ArchivePromotionButton } from "@/features/promotions/components/archive-promotion-button";
import { listPromotions } from "@/features/promotions/queries";
import { promotionValidityText } from "@/features/promotions/validity";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { can } from "@/lib/permissions";
import { timeAgo } from "@/lib/time";

export const metadata: Metadata = { title: "Promotions" };

export default async function PromotionsPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchant: string }>;
  searchParams: Promise<{ archived?: string }>;
}) {
  const { merchant: slug } = await params;
  const showArchived = (await searchParams).archived === "1";
  const ctx = await requireMerchantPage(slug, "promotions.manage");
  const promotions = await listPromotions(ctx.merchant.id, { archived: showArchived });
  return (
    <>
      <PageHeader
        title={showArchived ? "Archived promotions" : "Promotions"}
        description="Saved Social Select offers you push to a group, like “Off Peak”. Each customer gets their own code."
        actions={
          <>
            <Button asChild variant="ghost">
              <Link href={showArchived ? `/m/${slug}/promotions` : `/m/${slug}/promotions?archived=1`}>{showArchived ? "Back to promotions" : "Archived"}</Link>
            </Button>
            <Button asChild>
              <Link href={`/m/${slug}/promotions/new`}>
                <Plus aria-hidden /> New promotion
              </Link>
            </Button>
          </>
        }
      />
      {promotions.length === 0 ? (
        showArchived ? (
          <EmptyState icon={<Megaphone />} title="Nothing archived" description="Promotions you archive are kept here and can be restored." />
        ) : (
          <EmptyState
            icon={<Megaphone />}
            title="No promotions yet"
            description="Write your first Social Select offer — say, 20% off on quiet afternoons — then send it to a group."
            action={
              <Button asChild>
                <Link href={`/m/${slug}/promotions/new`}>Write a promotion</Link>
              </Button>
            }
          />
        )
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Promotions">
          {promotions.map((p) => (
            <li key={p.id}>
              <Card className="h-full">
                <CardHeader>
                  <div className="flex items-start justify-between gap-3">
                    <CardTitle>
                      <Link id={`promotion-${p.id}-name`} className="hover:underline" href={`/m/${slug}/promotions/${p.id}`}>
                        {p.name}
                      </Link>
                    </CardTitle>
                    {p._count.campaigns > 0 && <Badge>{p._count.campaigns === 1 ? "Sent once" : `Sent ${p._count.campaigns} times`}</Badge>}
                  </div>
                  <CardDescription>{p.offer}</CardDescription>
                </CardHeader>
                <CardContent className="space-y-3 text-sm">
                  <p className="text-muted-foreground">
                    {promotionValidityText(p, { expiresAt: null, timeZone: ctx.merchant.timeZone }).replace(/\.$/, "")}
                    {p.expiresInDays ? `, for ${p.expiresInDays} days after sending.` : "."}
                    {p.oncePerCustomer ? " One use per customer." : ""}
                  </p>
                  <p className="truncate">
                    <span className="text-muted-foreground">Subject: </span>
                    {p.subject}
                  </p>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <span className="text-xs text-muted-foreground">Edited {timeAgo(p.updatedAt)}</span>
                    <div className="flex gap-2">
                      {!showArchived && can(ctx.role, "campaigns.send") && (
                        <Button asChild size="sm">
                          <Link href={`/m/${slug}/campaigns/new?promotion=${p.id}`} aria-describedby={`promotion-${p.id}-name`}>
                            Send to a group
                          </Link>
                        </Button>
                      )}
                      {!showArchived && (
                        <Button asChild variant="outline" size="sm">
                          <Link href={`/m/${slug}/promotions/${p.id}`}>Edit and preview</Link>
                        </Button>
                      )}
                      <ArchivePromotionButton merchantSlug={slug} promotionId={p.id} name={p.name} archived={showArchived} />
                    </div>
                  </div>
                </CardContent>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
