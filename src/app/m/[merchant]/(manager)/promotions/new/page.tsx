import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EMPTY_PROMOTION, PromotionForm } from "@/features/promotions/components/promotion-form";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { isDevelopmentMailbox } from "@/lib/email";

export const metadata: Metadata = { title: "New promotion" };

export default async function NewPromotionPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  await requireMerchantPage(slug, "promotions.manage");
  return (
    <>
      <PageHeader title="New promotion" description="Write the offer and the email once; send it to any group later. The preview updates as you type." />
      <PromotionForm merchantSlug={slug} initial={EMPTY_PROMOTION} mailboxAvailable={isDevelopmentMailbox()} />
    </>
  );
}
