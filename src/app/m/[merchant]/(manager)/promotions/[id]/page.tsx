import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/page-header";
import { merchantAddressProblem } from "@/features/promotions/branding";
import { ArchivePromotionButton } from "@/features/promotions/components/archive-promotion-button";
import { PromotionForm } from "@/features/promotions/components/promotion-form";
import { getMerchantBranding, getPromotionOrThrow } from "@/features/promotions/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";
import { isDevelopmentMailbox } from "@/lib/email";
import { AppError } from "@/lib/errors";
import { can } from "@/lib/permissions";
import Link from "next/link";

export const metadata: Metadata = { title: "Promotion" };

export default async function PromotionPage({ params }: { params: Promise<{ merchant: string; id: string }> }) {
  const { merchant: slug, id } = await params;
  const ctx = await requireMerchantPage(slug, "promotions.manage");
  const promotion = await getPromotionOrThrow(ctx.merchant.id, id).catch((e) => {
    if (e instanceof AppError && e.code === "NOT_FOUND") notFound();
    throw e;
  });
  const addressProblem = merchantAddressProblem(await getMerchantBranding(ctx.merchant.id));
  return (
    <>
      <PageHeader
        title={promotion.name}
        description={promotion.archivedAt ? "Archived: restore it to edit or send it again." : "Edit the offer and the email; the preview updates as you type."}
        actions={
          <>
            {!promotion.archivedAt && can(ctx.role, "campaigns.send") && (
              <Button asChild size="sm">
                <Link href={`/m/${slug}/campaigns/new?promotion=${promotion.id}`}>Send to a group</Link>
              </Button>
            )}
            {!promotion.archivedAt && (
              <Button asChild variant="outline" size="sm">
                <a href={`/m/${slug}/promotions/${promotion.id}/preview`} target="_blank" rel="noopener">
                  Open saved email in a new tab
                </a>
              </Button>
            )}
            <ArchivePromotionButton merchantSlug={slug} promotionId={promotion.id} name={promotion.name} archived={Boolean(promotion.archivedAt)} />
          </>
        }
      />
      {addressProblem && (
        <Alert variant="warning" className="mb-6" title="Add your address before sending">
          {addressProblem} <Link href={`/m/${slug}/settings#branding`}>Open settings</Link>
        </Alert>
      )}
      {!promotion.archivedAt && (
        <PromotionForm
          merchantSlug={slug}
          mailboxAvailable={isDevelopmentMailbox()}
          initial={{ ...promotion, validHourFrom: promotion.validHourFrom, validHourTo: promotion.validHourTo }}
        />
      )}
    </>
  );
}
