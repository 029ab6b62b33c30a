import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { ImportWizard } from "@/features/imports/components/import-wizard";

export const metadata: Metadata = { title: "Import" };

export default async function ImportPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant } = await params;
  return (
    <>
      <PageHeader title="Import customers or visits" description="Bring your existing list or POS history in from a CSV file. Nothing is imported until you say so." />
      <ImportWizard merchantSlug={merchant} />
    </>
  );
}
