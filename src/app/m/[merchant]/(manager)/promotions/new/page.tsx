import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { PageHeader } from "@/components/ui/page-header";
import { EMPTY_PROMOTION, PromotionForm } from "@/features/promotions/components/promotion-form";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { isDevelopmentMailbox } from "@/lib/email";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "New promotion" };

export default async function NewPromotionPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await getMerchantContextOrNotFound(slug);
  if (!can(ctx.role, "promotions.manage")) notFound();
  return (
    <>
      <PageHeader title="New promotion" description="Write the offer and the email once; send it to any group later. The preview updates as you type." />
      <PromotionForm merchantSlug={slug} initial={EMPTY_PROMOTION} mailboxAvailable={isDevelopmentMailbox()} />
    </>
  );
}
