import type { Metadata } from "next";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { NewCampaignForm } from "@/features/campaigns/components/new-campaign-form";
import { getDraftCampaign } from "@/features/campaigns/queries";
import { listGroups } from "@/features/groups/queries";
import { listPromotions } from "@/features/promotions/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { localToday } from "@/lib/time";

export const metadata: Metadata = { title: "New campaign" };

export default async function NewCampaignPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchant: string }>;
  searchParams: Promise<{ draft?: string; group?: string; promotion?: string }>;
}) {
  const { merchant: slug } = await params;
  const sp = await searchParams;
  const ctx = await requireMerchantPage(slug, "campaigns.send");
  const [groups, promotions] = await Promise.all([listGroups(ctx.merchant, { sizes: false }), listPromotions(ctx.merchant.id)]);
  const draft = sp.draft ? await getDraftCampaign(ctx.merchant.id, sp.draft) : null;

  if (groups.length === 0 || promotions.length === 0) {
    return (
      <>
        <PageHeader title="New campaign" />
        <EmptyState
          icon={null}
          title={groups.length === 0 ? "Save a group first" : "Write a promotion first"}
          description={
            groups.length === 0
              ? "A campaign goes to a group. Filter your Best Customer List and save it as a group."
              : "A campaign sends a promotion. Write one, then come back here."
          }
          action={
            <Button asChild>
              <Link href={groups.length === 0 ? `/m/${slug}/customers` : `/m/${slug}/promotions`}>
                {groups.length === 0 ? "Open the Best Customer List" : "Open promotions"}
              </Link>
            </Button>
          }
        />
      </>
    );
  }
  return (
    <>
      <PageHeader
        title={draft ? "New campaign (duplicate)" : "New campaign"}
        description="Send a promotion to a group. Each customer gets a personal code; a random holdout shows what it changed."
      />
      <NewCampaignForm
        merchantSlug={slug}
        timeZone={ctx.merchant.timeZone}
        today={localToday(ctx.merchant.timeZone)}
        groups={groups.map((g) => ({ id: g.id, name: g.name }))}
        promotions={promotions.map((p) => ({ id: p.id, name: p.name, subject: p.subject }))}
        initial={{
          groupId: draft?.groupId ?? (groups.some((g) => g.id === sp.group) ? sp.group : undefined),
          promotionId: draft?.promotionId ?? (promotions.some((p) => p.id === sp.promotion) ? sp.promotion : undefined),
          holdoutPercent: draft?.holdoutPercent ?? 10,
          name: draft?.name ?? null,
          draftId: draft?.id,
        }}
      />
    </>
  );
}
