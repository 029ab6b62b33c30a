import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { EmptyState } from "@/components/ui/empty-state";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";

export const metadata: Metadata = { title: "Counter" };

export default async function CounterPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const { merchant, user } = await getMerchantContextOrNotFound(slug, { counter: true });
  return (
    <div className="mx-auto max-w-3xl p-4">
      <PageHeader title={`${merchant.name} counter`} description={`Signed in as ${user.name || user.email}.`} />
      <EmptyState
        icon={null}
        title="Voucher capture arrives with the counter release"
        description="Redemptions and walk-ins are recorded through the partner API today (POST /api/v1/visits)."
      />
    </div>
  );
}
