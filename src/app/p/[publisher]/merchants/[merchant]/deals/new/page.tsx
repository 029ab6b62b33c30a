import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { DealForm } from "@/features/publishers/components/deal-form";
import { requirePublisherMerchantPage } from "@/features/publishers/pages";

export const metadata: Metadata = { title: "New deal" };

export default async function NewDealPage({ params }: { params: Promise<{ publisher: string; merchant: string }> }) {
  const { publisher, merchant: merchantSlug } = await params;
  const { merchant } = await requirePublisherMerchantPage(publisher, merchantSlug, { admin: true });
  return (
    <>
      <PageHeader
        title={`New deal for ${merchant.name}`}
        description="The deal you sold; next you load its sold vouchers so staff can redeem them at the counter."
      />
      <div className="max-w-3xl rounded-xl border border-border bg-surface p-6">
        <DealForm publisherSlug={publisher} merchantSlug={merchant.slug} currency={merchant.currency} timeZone={merchant.timeZone} />
      </div>
    </>
  );
}
