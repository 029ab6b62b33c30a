import type { Metadata } from "next";
import { Card, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { PageHeader } from "@/components/ui/page-header";
import { listPromotions } from "@/features/promotions/queries";
import { getMerchantContextOrNotFound } from "@/features/tenancy/queries";
import { notFound } from "next/navigation";
import { can } from "@/lib/permissions";

export const metadata: Metadata = { title: "Promotions" };

export default async function PromotionsPage({ params }: { params: Promise<{ merchant: string }> }) {
  const { merchant: slug } = await params;
  const ctx = await getMerchantContextOrNotFound(slug);
  if (!can(ctx.role, "promotions.manage")) notFound();
  const promotions = await listPromotions(ctx.merchant.id);
  return (
    <>
      <PageHeader title="Promotions" description="Saved Social Select offers you push to a group, like “Off Peak”." />
      {promotions.length === 0 ? (
        <EmptyState icon={null} title="No promotions yet" description="Write your first Social Select offer, then send it to a group." />
      ) : (
        <div className="grid gap-4 md:grid-cols-2">
          {promotions.map((p) => (
            <Card key={p.id}>
              <CardHeader>
                <CardTitle>{p.name}</CardTitle>
                <CardDescription>{p.offer}</CardDescription>
              </CardHeader>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
