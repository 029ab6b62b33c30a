"use client";

import { useRouter } from "next/navigation";
import { useCallback } from "react";
import { ImportWizard } from "@/features/imports/components/import-wizard";

/** The customer import's wizard, for this deal's sold vouchers; the page refreshes when it is done. */
export function DealVoucherImport({ merchantSlug, deal }: { merchantSlug: string; deal: { id: string; title: string; vouchers: number } }) {
  const router = useRouter();
  const onDone = useCallback(() => router.refresh(), [router]);
  return <ImportWizard merchantSlug={merchantSlug} deals={[deal]} kinds={["vouchers"]} dealId={deal.id} onDone={onDone} />;
}
