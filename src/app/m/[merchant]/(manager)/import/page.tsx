import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ImportWizard } from "@/features/imports/components/import-wizard";
import { listDealsForImport } from "@/features/imports/queries";
import { requireMerchantPage } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant } = await params;
  const ctx = await requireMerchantPage(merchant, "customers.import");
  const deals = await listDealsForImport(ctx.merchant.id);
  return (
    <>
      <PageHeader
        title="Import customers, visits or sold vouchers"
        description="Bring your existing list, POS history or a deal's sold vouchers in from a CSV file. Nothing is imported until you say so."
      />
      <ImportWizard merchantSlug={merchant} deals={deals} />
    </>
  );
}
