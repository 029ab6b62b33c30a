import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { OnboardMerchantForm } from "@/features/publishers/components/onboard-merchant-form";
import { requirePublisherPage } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Onboard a merchant" };

export default async function OnboardMerchantPage({ params }: { params: Promise<{ publisher: string }> }) {
  const { publisher: slug } = await params;
  const { publisher } = await requirePublisherPage(slug, { admin: true });
  return (
    <>
      <PageHeader
        title="Onboard a merchant"
        description={`Add a merchant to ${publisher.name} and invite its owner. Their address and branding make them ready to send promotions from day one.`}
      />
      <div className="max-w-4xl rounded-xl border border-border bg-surface p-6">
        <OnboardMerchantForm publisherSlug={slug} />
      </div>
    </>
  );
}
